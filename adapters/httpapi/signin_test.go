package httpapi_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eml is an email of the outbox folder: its headers and plain text.
type eml struct {
	Name, Subject, To, Text string
	Modified                time.Time
}

// mails reads the .eml files of the outbox, oldest first.
func (e *env) mails() []eml {
	e.t.Helper()
	entries, err := os.ReadDir(e.outbox)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(e.t, err)
	var out []eml
	for _, en := range entries {
		if !strings.HasSuffix(en.Name(), ".eml") {
			continue
		}
		f, err := os.Open(filepath.Join(e.outbox, en.Name()))
		require.NoError(e.t, err)
		m, err := mail.ReadMessage(f)
		require.NoError(e.t, err)
		dec := new(mime.WordDecoder)
		subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
		require.NoError(e.t, err)
		info, err := en.Info()
		require.NoError(e.t, err)
		out = append(out, eml{Name: en.Name(), Subject: subject, To: m.Header.Get("To"), Text: plainText(e.t, m.Header, m.Body), Modified: info.ModTime()})
		f.Close()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Modified.Before(out[j].Modified) })
	return out
}

// plainText returns the text/plain part of a message, decoded.
func plainText(t testing.TB, h interface{ Get(string) string }, body io.Reader) string {
	t.Helper()
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	require.NoError(t, err)
	if strings.HasPrefix(ct, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return ""
			}
			require.NoError(t, err)
			if s := plainText(t, p.Header, p); s != "" {
				return s
			}
		}
	}
	if ct != "text/plain" {
		return ""
	}
	if strings.EqualFold(h.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	require.NoError(t, err)
	return string(b)
}

var linkRE = regexp.MustCompile(`/connexion/lien\?jeton=(ell_[a-z2-7]{12}_[a-z2-7]{32})`)

// lastLink waits for the sign-in link sent to email and returns its
// secret.
func (e *env) lastLink(email string) string {
	e.t.Helper()
	e.h.Wait()
	var link string
	for _, m := range e.mails() {
		if strings.Contains(m.To, email) {
			if l := linkRE.FindStringSubmatch(m.Text); l != nil {
				link = l[1]
			}
		}
	}
	require.NotEmpty(e.t, link, "no sign-in link sent to %s", email)
	return link
}

// person gives email the right r on partner (E#L's command line).
func (e *env) person(email, partner string, r eleader.Right) {
	e.t.Helper()
	_, err := e.svc.GrantRight(context.Background(), email, partner, r, "test")
	require.NoError(e.t, err)
}

// operator makes email an E#L operator.
func (e *env) operator(email string) {
	e.t.Helper()
	_, err := e.svc.SetOperator(context.Background(), email, true, "test")
	require.NoError(e.t, err)
}

// requestLink asks the sign-in page for a link for email.
func (w *webClient) requestLink(email string) (*http.Response, string) {
	return w.post("/connexion/courriel", map[string]string{"courriel": email})
}

// signInAs signs in by link as email and returns the page it lands on.
func (w *webClient) signInAs(email string) (*http.Response, string) {
	w.e.t.Helper()
	resp, body := w.requestLink(email)
	require.Equal(w.e.t, http.StatusOK, resp.StatusCode, body)
	link := w.e.lastLink(email)
	resp, body = w.get("/connexion/lien?jeton=" + link)
	require.Equal(w.e.t, http.StatusOK, resp.StatusCode, body)
	return w.post("/connexion/lien", map[string]string{"jeton": link})
}

// TestWebSignOutEndsSession is the bug of issue 14: the signed cookie of
// a token session survived "Se déconnecter". Sessions are the store's now:
// the same cookie, sent again after signing out, opens nothing.
func TestWebSignOutEndsSession(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	w := e.browser()
	resp, _ := w.signIn(token)
	require.Equal(t, "/espace", resp.Request.URL.Path)
	u, _ := url.Parse(e.srv.URL)
	var old *http.Cookie
	for _, c := range w.client.Jar.Cookies(u) {
		if c.Name == "eleader_session" {
			old = c
		}
	}
	require.NotNil(t, old)
	assert.Regexp(t, `^els_[a-z2-7]{12}_[a-z2-7]{32}$`, old.Value, "the cookie holds the session's secret only")

	resp, body := w.post("/deconnexion", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Vous êtes déconnecté.")

	// The old cookie, replayed by hand.
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/espace", nil)
	require.NoError(t, err)
	req.AddCookie(&http.Cookie{Name: "eleader_session", Value: old.Value})
	client := *e.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/connexion", resp.Header.Get("Location"), "a signed-out cookie opens nothing")
}

func TestWebSignInByLink(t *testing.T) {
	e := newEnv(t)
	e.svc.PortalURL = e.srv.URL
	e.person("jeanne@adie.example", "adie", eleader.RightModification)
	e.operator("claire@eleader.example")
	w := e.browser()

	resp, body := w.get("/connexion")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `<label for="courriel">Adresse électronique</label>`)
	assert.Contains(t, body, `<label for="jeton">`)

	// The same answer, known address or not; only the known one gets a link.
	before := len(e.mails())
	resp, known := w.requestLink("Jeanne@ADIE.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, unknown := w.requestLink("inconnu@adie.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, known, "Si cette adresse est celle d&#39;une personne habilitée, un lien de connexion vient de lui être envoyé")
	assert.Equal(t, strings.ReplaceAll(known, "Jeanne@ADIE.example", "X"), strings.ReplaceAll(unknown, "inconnu@adie.example", "X"), "the same page, known address or not")
	link := e.lastLink("jeanne@adie.example")
	mails := e.mails()
	assert.Len(t, mails, before+1, "one email: none for the unknown address")
	last := mails[len(mails)-1]
	assert.Equal(t, "E#L – votre lien de connexion", last.Subject)
	assert.Contains(t, last.Text, e.srv.URL+"/connexion/lien?jeton="+link)
	assert.Contains(t, e.logs.String(), "sign-in link sent")
	assert.NotContains(t, e.logs.String(), "jeanne@adie.example", "an email address in the logs")
	assert.NotContains(t, e.logs.String(), link[17:], "a link's secret in the logs")

	resp, body = w.get("/connexion/lien?jeton=" + link)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `<button type="submit" id="se-connecter" autofocus>Se connecter</button>`)
	assert.Equal(t, "no-referrer", resp.Header.Get("Referrer-Policy"))

	noRedirect := *w.client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	nw := &webClient{e: e, client: &noRedirect}
	resp, _ = nw.post("/connexion/lien", map[string]string{"jeton": link})
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/raccordements", resp.Header.Get("Location"), "a partner's person goes to the portal")
	for _, c := range resp.Cookies() {
		if c.Name == "eleader_session" {
			assert.True(t, c.HttpOnly)
			assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		}
	}
	resp, _ = nw.get("/")
	assert.Equal(t, "/raccordements", resp.Header.Get("Location"), "signed in")
	resp, _ = nw.get("/espace")
	assert.Equal(t, "/raccordements", resp.Header.Get("Location"), "the deposit page is for a partner's token")

	// The link served once.
	w2 := e.browser()
	resp, body = w2.get("/connexion/lien?jeton=" + link)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, body, "Ce lien de connexion a déjà servi")
	resp, body = w2.post("/connexion/lien", map[string]string{"jeton": link})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, body, "a déjà servi")
	resp, body = w2.get("/connexion/lien?jeton=" + link[:20])
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, body, "incomplet")

	// An operator lands on the console; a next page is kept.
	resp, _ = nw.requestLink("claire@eleader.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = nw.post("/connexion/lien", map[string]string{"jeton": e.lastLink("claire@eleader.example")})
	assert.Equal(t, "/console", resp.Header.Get("Location"))
	resp, _ = nw.post("/connexion/courriel", map[string]string{"courriel": "jeanne@adie.example", "suite": "/raccordements/fiches/adie"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = nw.post("/connexion/lien", map[string]string{"jeton": e.lastLink("jeanne@adie.example")})
	assert.Equal(t, "/raccordements/fiches/adie", resp.Header.Get("Location"))

	// Expired: the link works 15 minutes.
	resp, _ = w2.requestLink("jeanne@adie.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	late := e.lastLink("jeanne@adie.example")
	e.svc.Now = func() time.Time { return time.Now().Add(16 * time.Minute) }
	resp, body = w2.get("/connexion/lien?jeton=" + late)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, body, "a expiré : il n&#39;est valable que 15 minutes")
	e.svc.Now = nil

	resp, body = w2.requestLink("pas-une-adresse")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, body, "adresse électronique complète")

	// Another site's form is refused.
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/connexion/courriel", strings.NewReader("courriel=jeanne%40adie.example"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, err = e.srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

// TestWebSignInRateLimit: a client address asking for too many links is
// told to wait; the answer does not depend on the address asked.
func TestWebSignInRateLimit(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.SignInRequests = 2 })
	e.svc.PortalURL = e.srv.URL
	w := e.browser()
	for i := range 2 {
		resp, _ := w.requestLink("x" + string(rune('a'+i)) + "@adie.example")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	resp, body := w.requestLink("jeanne@adie.example")
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "900", resp.Header.Get("Retry-After"))
	assert.Contains(t, body, "Trop de demandes de lien de connexion")
	e.h.Wait()
}
