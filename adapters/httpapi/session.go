package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// Web sessions are the store's (eleader.Service.SessionOf): the cookie holds
// a random secret, the store its SHA-256; signing out deletes the session,
// so the same cookie opens nothing after, and every request reads the
// person (or the token) anew, so that a right taken away or a token
// revoked takes effect at once.

// errPersonSession: a person's session asked for the deposit page, which
// is a partner's (signed in with its token).
var errPersonSession = errors.New("a person's session, not a partner's")

// errTokenSession: a partner's token session asked for a page of the
// portal or the console, which are people's (signed in by link).
var errTokenSession = errors.New("a partner's token session, not a person's")

// webSession returns the session of a request's cookie, as it stands now,
// and the cookie's value.
func (h *Handler) webSession(r *http.Request) (*eleader.Session, string, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, "", &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: "no session", Err: errSession}
	}
	sess, err := h.Service.SessionOf(r.Context(), c.Value)
	if err != nil {
		if eleader.ErrorCode(err) == eleader.EUNAUTHORIZED {
			return nil, "", &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: err.Error(), Err: errors.Join(errSession, err)}
		}
		return nil, "", err
	}
	return sess, c.Value, nil
}

// homeOf is where a session starts: the console for an operator, the
// portal for another person, the deposit page for a partner.
func homeOf(sess *eleader.Session) string {
	switch {
	case sess.Person == nil:
		return "/espace"
	case sess.Person.Operator:
		return "/console"
	}
	return "/raccordements"
}

// setSessionCookie gives the browser the session's secret.
func (h *Handler) setSessionCookie(w http.ResponseWriter, r *http.Request, secret string, sess *eleader.Session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: secret, Path: "/", MaxAge: int(sess.Expires.Sub(h.now()) / time.Second),
		HttpOnly: true, Secure: r.TLS != nil || h.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// clearSessionCookie makes the browser forget its session.
func (h *Handler) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil || h.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// endSession ends the session of the request's cookie, if any, in the store.
func (h *Handler) endSession(r *http.Request) error {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	return h.Service.SignOut(r.Context(), c.Value)
}

// signedInPerson returns the session of a person signed in by link, and
// the request with a context where that person acts (the service judges
// their rights). Otherwise it answers — a GET goes to the sign-in page,
// which comes back here once signed in; anything else gets the sign-in
// page with a 401 — and returns nil.
func (h *Handler) signedInPerson(w http.ResponseWriter, r *http.Request) (*eleader.Session, *http.Request, string) {
	sess, value, err := h.webSession(r)
	if err == nil && sess.Person == nil {
		err = &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: "a partner's session", Err: errTokenSession}
	}
	if err != nil {
		if eleader.ErrorCode(err) != eleader.EUNAUTHORIZED {
			h.webFault(w, r, err)
			return nil, nil, ""
		}
		next := eleader.SafeNext(r.URL.RequestURI())
		if r.Method == http.MethodGet {
			target := "/connexion"
			if next != "" {
				target += "?suite=" + url.QueryEscape(next)
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return nil, nil, ""
		}
		h.render(w, r, http.StatusUnauthorized, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.session_over"), Data: signInForm{Next: next}})
		return nil, nil, ""
	}
	return sess, r.WithContext(eleader.NewContextWithPerson(r.Context(), sess.Person)), value
}

// withoutCancel is a context for work that outlives the request.
func withoutCancel(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}
