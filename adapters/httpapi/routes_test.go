package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// routeCase is one route of the portal or the console, with the request
// that tries it and what each wrong person gets.
type routeCase struct {
	pattern string // as registered
	path    string // the path tried
	form    map[string]string
	multi   bool // a multipart form (the sheet's)
	public  bool // the sign-in's own routes: no session needed
	// The status each persona gets: the person with the right consultation
	// on atelier, the person of another partner (modification on autre),
	// a person who is not an operator (modification on atelier).
	consultation, otherPartner, notOperator int
}

// TestRoutesAsTheWrongPerson tries every route of the portal and the
// console as the wrong person: signed out, with a used sign-in link, after
// signing out (the old cookie replayed), as another partner's person, with
// the right consultation, as a person who is not an operator. Each is
// refused — or, for the lists, shows none of atelier — and nothing changes.
func TestRoutesAsTheWrongPerson(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t)
	e.operator("claire@eleader.example")
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	e.person("paul@atelier.example", "atelier", eleader.RightConsultation)
	e.person("marc@autre.example", "autre", eleader.RightModification)
	// atelier: a complete draft; autre: active.
	jeanne := e.signedIn("jeanne@atelier.example")
	jeanne.get("/raccordements/nouvelle")
	resp, _ := jeanne.form("/raccordements/nouvelle", completeSheet("atelier", "ATEL"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	e.activate(sheet("autre", "AUTR"))

	const (
		ok        = http.StatusOK
		forbidden = http.StatusForbidden
		notFound  = http.StatusNotFound
		invalid   = http.StatusUnprocessableEntity
	)
	edit := with(completeSheet("atelier", "ATEL"), "nom", "Détournée")
	cases := []routeCase{
		{pattern: "POST /connexion/courriel", path: "/connexion/courriel", form: map[string]string{"courriel": "x@y.example"}, public: true},
		{pattern: "GET /connexion/lien", path: "/connexion/lien?jeton=", public: true},
		{pattern: "POST /connexion/lien", path: "/connexion/lien", form: map[string]string{"jeton": ""}, public: true},
		{"GET /raccordements", "/raccordements", nil, false, false, ok, ok, ok},
		{"GET /raccordements/export.csv", "/raccordements/export.csv", nil, false, false, ok, ok, ok},
		{"GET /raccordements/nouvelle", "/raccordements/nouvelle", nil, false, false, forbidden, forbidden, forbidden},
		{"POST /raccordements/nouvelle", "/raccordements/nouvelle", with(edit, "partenaire", "atelier"), true, false, invalid, invalid, invalid},
		{"GET /raccordements/fiches/{id}", "/raccordements/fiches/atelier", nil, false, false, ok, notFound, ok},
		{"GET /raccordements/fiches/{id}/modifier", "/raccordements/fiches/atelier/modifier", nil, false, false, forbidden, notFound, ok},
		{"POST /raccordements/fiches/{id}/modifier", "/raccordements/fiches/atelier/modifier", edit, true, false, forbidden, notFound, ok},
		{"GET /raccordements/fiches/{id}/soumettre", "/raccordements/fiches/atelier/soumettre", nil, false, false, forbidden, notFound, ok},
		{"POST /raccordements/fiches/{id}/soumettre", "/raccordements/fiches/atelier/soumettre", map[string]string{"action": "confirmer"}, false, false, forbidden, notFound, ok},
		{"GET /raccordements/fiches/{id}/supprimer", "/raccordements/fiches/atelier/supprimer", nil, false, false, forbidden, notFound, ok},
		{"POST /raccordements/fiches/{id}/supprimer", "/raccordements/fiches/atelier/supprimer", map[string]string{"action": "supprimer"}, false, false, forbidden, notFound, ok},
		{"GET /raccordements/fiches/{id}/jeton", "/raccordements/fiches/atelier/jeton", nil, false, false, forbidden, notFound, ok},
		{"POST /raccordements/fiches/{id}/jeton", "/raccordements/fiches/atelier/jeton", map[string]string{}, false, false, forbidden, notFound, ok},
		{"GET /raccordements/fiches/{id}/jeton/renouveler", "/raccordements/fiches/atelier/jeton/renouveler", nil, false, false, forbidden, notFound, ok},
		{"POST /raccordements/fiches/{id}/jeton/renouveler", "/raccordements/fiches/atelier/jeton/renouveler", map[string]string{}, false, false, forbidden, notFound, ok},
		{"GET /console", "/console", nil, false, false, forbidden, forbidden, forbidden},
		{"GET /console/export.csv", "/console/export.csv", nil, false, false, forbidden, forbidden, forbidden},
		{"GET /console/partenaires/{id}", "/console/partenaires/atelier", nil, false, false, forbidden, forbidden, forbidden},
		{"POST /console/partenaires/{id}/traiter", "/console/partenaires/autre/traiter", map[string]string{}, false, false, forbidden, forbidden, forbidden},
		{"POST /console/partenaires/{id}/desactiver", "/console/partenaires/autre/desactiver", map[string]string{}, false, false, forbidden, forbidden, forbidden},
		{"POST /console/partenaires/{id}/reactiver", "/console/partenaires/autre/reactiver", map[string]string{}, false, false, forbidden, forbidden, forbidden},
		{"GET /console/personnes", "/console/personnes", nil, false, false, forbidden, forbidden, forbidden},
		{"POST /console/droits", "/console/droits", map[string]string{"courriel": "marc@autre.example", "partenaire": "atelier", "droit": "modification"}, false, false, forbidden, forbidden, forbidden},
		{"POST /console/droits/retirer", "/console/droits/retirer", map[string]string{"courriel": "jeanne@atelier.example", "partenaire": "atelier"}, false, false, forbidden, forbidden, forbidden},
		{"POST /console/personnes/retirer", "/console/personnes/retirer", map[string]string{"courriel": "jeanne@atelier.example"}, false, false, forbidden, forbidden, forbidden},
		{"GET /console/journal", "/console/journal", nil, false, false, forbidden, forbidden, forbidden},
		{"GET /console/recherches", "/console/recherches", nil, false, false, forbidden, forbidden, forbidden},
		{"GET /console/rapports/{id}", "/console/rapports/1", nil, false, false, forbidden, forbidden, forbidden},
		{"POST /console/rapports/{id}/renvoyer", "/console/rapports/1/renvoyer", map[string]string{}, false, false, forbidden, forbidden, forbidden},
		{"GET /console/rapports/{id}/rejets.csv", "/console/rapports/1/rejets.csv", nil, false, false, forbidden, forbidden, forbidden},
	}
	var tried []string
	for _, c := range cases {
		tried = append(tried, c.pattern)
	}
	assert.ElementsMatch(t, httpapi.PortalPatterns(e.h), tried, "every route of the portal and the console is tried")

	// The personas.
	paul := e.signedIn("paul@atelier.example")
	marc := e.signedIn("marc@autre.example")
	signedOut := e.browser()
	usedLink := e.browser()
	resp, _ = usedLink.requestLink("jeanne@atelier.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	link := e.lastLink("jeanne@atelier.example")
	used := e.browser()
	resp, _ = used.post("/connexion/lien", map[string]string{"jeton": link})
	require.Equal(t, http.StatusOK, resp.StatusCode, "the link's first use")
	resp, body := usedLink.post("/connexion/lien", map[string]string{"jeton": link})
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Contains(t, body, "a déjà servi")
	afterSignOut := e.replayAfterSignOut("paul@atelier.example")

	before := e.snapshot()
	page := func(w *webClient, c routeCase) (*http.Response, string) {
		t.Helper()
		noRedirect := *w.client
		noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		nw := &webClient{e: e, client: &noRedirect, csrf: w.csrf}
		switch {
		case c.form == nil:
			return nw.get(c.path)
		case c.multi:
			return nw.form(c.path, c.form, nil)
		}
		return nw.post(c.path, c.form)
	}
	for _, c := range cases {
		if c.public {
			continue
		}
		t.Run(c.pattern, func(t *testing.T) {
			for name, w := range map[string]*webClient{"signed out": signedOut, "with a used link": usedLink, "after signing out": afterSignOut} {
				resp, _ := page(w, c)
				if c.form == nil {
					assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "%s: GET", name)
					assert.True(t, strings.HasPrefix(resp.Header.Get("Location"), "/connexion"), "%s: to the sign-in page, not %q", name, resp.Header.Get("Location"))
				} else {
					assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s: POST", name)
				}
			}
			for name, tc := range map[string]struct {
				w    *webClient
				want int
			}{"consultation": {paul, c.consultation}, "another partner's person": {marc, c.otherPartner}} {
				w := tc.w
				if tc.want == ok && c.form != nil {
					continue // an allowed change: not a wrong person's
				}
				w.get("/raccordements") // a fresh CSRF value of their own
				resp, body := page(w, c)
				assert.Equal(t, tc.want, resp.StatusCode, "%s", name)
				if name == "another partner's person" && tc.want == ok {
					assert.NotContains(t, body, "atelier", "another partner's sheet shows nowhere")
				}
			}
			if strings.Contains(c.pattern, "/console") {
				jeanne.get("/raccordements")
				resp, body := page(jeanne, c)
				assert.Equal(t, c.notOperator, resp.StatusCode, "a person who is not an operator")
				if c.form == nil {
					assert.Contains(t, body, "réservée aux opérateurs d&#39;E#L")
				}
			}
		})
	}
	assert.Equal(t, before, e.snapshot(), "no refused request changed anything")

	// And the sign-in's own routes, with a used or a bad link.
	resp, body = signedOut.get("/connexion/lien?jeton=" + link)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, body, "a déjà servi")
	resp, _ = signedOut.post("/connexion/lien", map[string]string{"jeton": "ell_aaaaaaaaaaaa_" + strings.Repeat("b", 32)})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	_, err := e.svc.Partner(ctx, "atelier")
	require.NoError(t, err)
}

// replayAfterSignOut signs email in, signs out, and returns a browser that
// sends the old cookie (and the old CSRF value) again.
func (e *env) replayAfterSignOut(email string) *webClient {
	e.t.Helper()
	w := e.signedIn(email)
	u, _ := url.Parse(e.srv.URL)
	old := w.client.Jar.Cookies(u)
	csrf := w.csrf
	resp, _ := w.post("/deconnexion", nil)
	require.Equal(e.t, http.StatusOK, resp.StatusCode)
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	jar.SetCookies(u, old)
	c := *e.srv.Client()
	c.Jar = jar
	return &webClient{e: e, client: &c, csrf: csrf}
}

// snapshot is what the wrong persons must not change: every sheet (the
// export, with their statuses and update times), every person, every
// action, every token.
func (e *env) snapshot() string {
	e.t.Helper()
	ctx := eleader.NewContextWithPerson(context.Background(), &eleader.Person{Email: "snapshot@eleader.example", Operator: true})
	var b bytes.Buffer
	require.NoError(e.t, e.svc.ExportPartners(ctx, &b, eleader.PartnerFilter{}))
	ps, err := e.svc.Partners(ctx, eleader.PartnerFilter{})
	require.NoError(e.t, err)
	for _, p := range ps {
		fmt.Fprintf(&b, "%s %s v%d", p.ID(), p.Status, p.Version)
		if p.Token != nil {
			b.WriteString(" token " + p.Token.ID)
		}
		b.WriteString("\n")
	}
	people, err := e.svc.People(ctx, "")
	require.NoError(e.t, err)
	for _, p := range people {
		b.WriteString(p.Email + " " + strings.Join(p.Partners(), ",") + "\n")
		for _, id := range p.Partners() {
			b.WriteString("  " + id + ":" + string(p.Rights[id]) + "\n")
		}
	}
	acts, err := e.svc.Actions(ctx, eleader.ActionFilter{Limit: 1000})
	require.NoError(e.t, err)
	for _, a := range acts {
		if a.Action == eleader.ActionSignIn {
			continue // the test's own sign-ins
		}
		b.WriteString(a.Action + " " + a.By + " " + a.Partner + " " + a.Person + "\n")
	}
	reports, err := e.svc.Reports(ctx, "", 100)
	require.NoError(e.t, err)
	for _, r := range reports {
		b.WriteString(r.File + " " + r.State + "\n")
	}
	return b.String()
}
