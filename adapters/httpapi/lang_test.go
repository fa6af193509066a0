package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// french reports whether a page holds letters only French writes: an
// English page of ours holds none (its data, the spec's messages aside),
// but the name of the link to the French page.
func french(body string) bool {
	body = strings.Replace(body, `id="autre-langue">Français</a>`, "", 1)
	return strings.ContainsAny(body, "éèêàçôùÉ«")
}

// getIn fetches target with an Accept-Language header.
func (w *webClient) getIn(target, acceptLanguage string) (*http.Response, string) {
	w.e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.e.srv.URL+target, nil)
	require.NoError(w.e.t, err)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	resp, err := w.client.Do(req)
	require.NoError(w.e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(w.e.t, err)
	return resp, string(b)
}

// The pages are French by default; English when the browser prefers it,
// or when the person chooses it (?lang=en, remembered by a cookie, which
// ?lang=fr changes back).
func TestPagesChooseTheirLanguage(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		name, accept, want string
	}{
		{"no preference: French", "", "fr"},
		{"a French browser", "fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"an English browser", "en-US,en;q=0.9", "en"},
		{"English before French", "en-GB,fr;q=0.5", "en"},
		{"neither: French", "de-DE,de;q=0.9", "fr"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := e.browser().getIn("/connexion", tt.accept)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.want, resp.Header.Get("Content-Language"))
			assert.Contains(t, body, `<html lang="`+tt.want+`">`)
			assert.Equal(t, tt.want == "fr", french(body), "the page is all in one language")
		})
	}

	w := e.browser()
	resp, body := w.getIn("/connexion?lang=en", "fr-FR")
	assert.Equal(t, "en", resp.Header.Get("Content-Language"), "?lang= wins over the browser")
	assert.Contains(t, body, "Receive a sign-in link")
	assert.Contains(t, body, `href="/connexion?lang=fr"`, "the link back to French")
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "eleader_lang" {
			cookie = c
		}
	}
	require.NotNil(t, cookie, "the choice is remembered")
	assert.Equal(t, "en", cookie.Value)
	assert.True(t, cookie.HttpOnly)
	assert.Greater(t, cookie.MaxAge, 30*24*3600)

	resp, _ = w.getIn("/connexion", "fr-FR")
	assert.Equal(t, "en", resp.Header.Get("Content-Language"), "the cookie wins over the browser")
	resp, body = w.getIn("/connexion?lang=fr", "")
	assert.Equal(t, "fr", resp.Header.Get("Content-Language"))
	assert.Contains(t, body, "Recevoir un lien de connexion")
	resp, _ = w.getIn("/connexion", "en-US")
	assert.Equal(t, "fr", resp.Header.Get("Content-Language"), "the new choice is remembered")
}

// A partner's deposit page, a refused file and a report, in each
// language: the file errors and the report's sentences follow the page,
// the spec's line messages are the same in both.
func TestDepositPagesInEachLanguage(t *testing.T) {
	e := newEnv(t, importNow)
	token := e.partner("demo", "ADIE", "FRAC")
	for _, tt := range []struct {
		lang                                string
		space, refused, fileError, sentence string
	}{
		{"fr", "Déposer un fichier", "est refusé, rien n&#39;est déposé", "Ligne 1 : l&#39;en-tête est séparé par des virgules",
			"Le fichier 20261117-demo.csv a été traité"},
		{"en", "Deposit a file", "is refused, nothing is deposited", "Line 1: the header is separated by commas",
			"The file 20261117-demo.csv was processed"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			w := e.browser()
			w.get("/connexion?lang=" + tt.lang)
			resp, body := w.signIn(token)
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Contains(t, body, tt.space)
			assert.Equal(t, tt.lang == "fr", french(body), "the deposit page is all in one language")

			resp, body = w.deposit("20261116-demo.csv", []byte("NumeroDossier,Nom\nADIE1,Dupont\n"), w.csrf)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			assert.Contains(t, body, tt.refused)
			assert.Contains(t, body, tt.fileError)

			if tt.lang == "fr" {
				resp, body = w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
				require.Equal(t, http.StatusOK, resp.StatusCode, body)
			}
			var id int64
			waitFor(t, "the import's report", func() bool {
				files, err := e.svc.Files(t.Context(), "demo", 5)
				require.NoError(t, err)
				for _, f := range files {
					if f.Report != nil {
						id = f.Report.ID
					}
				}
				return id > 0
			})
			resp, body = w.get("/espace/rapports/" + itoa(id))
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Contains(t, body, tt.sentence)
			assert.Contains(t, body, "Attribute &#39;SIRET&#39; with value &#39;abc&#39; fails check for type is &#39;NUM&#39;", "the spec's message, in every language")
		})
	}
}

// The portal and the console, in English, hold no French but their data.
func TestPortalAndConsoleInEnglish(t *testing.T) {
	e := newEnv(t)
	e.svc.PortalURL = e.srv.URL
	e.partner("demo", "ADIE", "FRAC")
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	e.person("jeanne@atelier.example", "demo", eleader.RightModification)
	e.operator("claire@eleader.example")

	w := e.browser()
	w.get("/connexion?lang=en")
	resp, body := w.signInAs("jeanne@atelier.example")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	for _, target := range []string{"/raccordements", "/raccordements/fiches/demo", "/raccordements/nouvelle?partenaire=atelier", "/raccordements/fiches/demo/modifier"} {
		resp, body := w.get(target)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", target, body)
		assert.Equal(t, "en", resp.Header.Get("Content-Language"), target)
		assert.False(t, french(body), "%s holds French:\n%s", target, body)
	}

	o := e.browser()
	o.get("/connexion?lang=en")
	resp, body = o.signInAs("claire@eleader.example")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	for _, target := range []string{"/console", "/console/partenaires/demo", "/console/personnes", "/console/journal", "/console/recherches"} {
		resp, body := o.get(target)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", target, body)
		assert.False(t, french(body), "%s holds French:\n%s", target, body)
	}
	_, body = o.get("/console/partenaires/demo?lang=fr")
	assert.True(t, french(body), "and back in French")
}
