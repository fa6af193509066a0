package httpapi

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// The language of the web pages is French, the partners', unless the
// person asks for English: the link of every page's header adds ?lang=en
// (or ?lang=fr), a choice the browser remembers for a year in the cookie
// eleader_lang; without a choice, a browser whose Accept-Language prefers
// English to French gets English. The API's messages are French: its
// codes are its contract, and the developers who read it are French.

// langCookie remembers a person's choice of language.
const langCookie = "eleader_lang"

// langCookieAge is how long the choice lasts, in seconds: a year.
const langCookieAge = 365 * 24 * 3600

// pageLang returns the language of a web page: ?lang=, the cookie,
// Accept-Language, French. chosen reports a ?lang= to remember.
func pageLang(r *http.Request) (l i18n.Lang, chosen bool) {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l, ok := i18n.ParseLang(q); ok {
			return l, true
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.ParseLang(c.Value); ok {
			return l, false
		}
	}
	if l, ok := i18n.Accept(r.Header.Get("Accept-Language")); ok {
		return l, false
	}
	return i18n.French, false
}

// langOf returns the language of the request's page.
func langOf(r *http.Request) i18n.Lang {
	l, _ := pageLang(r)
	return l
}

// rememberLang keeps a language chosen by ?lang= in the cookie.
func rememberLang(w http.ResponseWriter, r *http.Request, l i18n.Lang) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l.String(), Path: "/", MaxAge: langCookieAge,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// otherLang is the header's link to the page in the other language: the
// same address for a GET, the home page after a form (a POST's address
// answers no GET).
func otherLang(r *http.Request, l i18n.Lang) (target string, other i18n.Lang) {
	other = i18n.English
	if l == i18n.English {
		other = i18n.French
	}
	u := url.URL{Path: "/"}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		u = url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	}
	q := u.Query()
	q.Set("lang", other.String())
	u.RawQuery = q.Encode()
	return u.String(), other
}

// textFuncs are the functions every template calls to say a text in l:
// t renders an entry of the catalog, markup one whose text holds markup
// (the catalog's own, its arguments escaped), text an i18n.Text.
func textFuncs(l i18n.Lang) template.FuncMap {
	return template.FuncMap{
		"t":    l.Sprintf,
		"text": l.Text,
		"markup": func(key string, a ...any) template.HTML {
			for i, x := range a {
				switch x := x.(type) {
				case template.HTML:
					a[i] = string(x)
				case string:
					a[i] = template.HTMLEscapeString(x)
				case i18n.Text:
					a[i] = template.HTMLEscapeString(l.Text(x))
				}
			}
			return template.HTML(l.Sprintf(key, a...)) // the catalog's text is ours; its arguments are escaped
		},
	}
}
