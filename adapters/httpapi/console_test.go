package httpapi_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConsole(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t, importNow)
	e.operator("claire@eleader.example")
	e.partner("demo", "ADIE", "FRAC") // active, qualification, its token on the command line
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	jw := e.signedIn("jeanne@atelier.example")
	jw.get("/raccordements/nouvelle")
	resp, _ := jw.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "action", "soumettre"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = jw.post("/raccordements/fiches/atelier/soumettre", map[string]string{"action": "confirmer"})
	require.Equal(t, http.StatusOK, resp.StatusCode)

	w := e.signedIn("claire@eleader.example")
	resp, body := w.get("/console")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/console", resp.Request.URL.Path)
	assert.Contains(t, body, `<a href="/console/partenaires/atelier">atelier</a>`)
	assert.Contains(t, body, `<a href="/console/partenaires/demo">demo</a>`)
	// The header says whose pages these are: an operator's console, a
	// partner's person's space.
	assert.Contains(t, body, `<p class="marque">Entrepreneur #Leader – console des opérateurs</p>`)
	_, jbody := jw.get("/raccordements")
	assert.Contains(t, jbody, `<p class="marque">Entrepreneur #Leader – espace partenaire</p>`)

	// Filters: status, environment, channel, qualification.
	for q, want := range map[string][]string{
		"statut=ENVOYEE":           {"atelier"},
		"statut=ACTIVEE":           {"demo"},
		"environnement=production": nil,
		"canal=depot":              nil,
		"canal=sftp":               nil,
		"canal=api":                {"atelier", "demo"},
		"qualification=oui":        nil,
		"qualification=non":        {"atelier", "demo"},
		"partenaire=ate":           {"atelier"},
	} {
		_, body := w.get("/console?" + q)
		var got []string
		for _, m := range regexp.MustCompile(`<th scope="row" data-label="Partenaire"><a href="/console/partenaires/([a-z0-9_-]+)">`).FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		assert.Equal(t, want, got, q)
	}
	resp, csv := w.get("/console/export.csv?statut=ENVOYEE")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, csv, "\natelier;")
	assert.NotContains(t, csv, "\ndemo;")

	// Process with a comment: its people get the token in the portal.
	resp, body = w.get("/console/partenaires/atelier")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Traiter la fiche (activer)")
	assert.Contains(t, body, "jeanne@atelier.example")
	resp, body = w.post("/console/partenaires/atelier/traiter", map[string]string{"commentaire": "Contrôlée par Claire"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "son jeton attend d&#39;être révélé")
	hist, err := e.svc.PartnerHistory(ctx, "atelier")
	require.NoError(t, err)
	var moved *eleader.Transition
	for i := range hist {
		if hist[i].To == eleader.StatusActive && hist[i].From == eleader.StatusSent {
			moved = &hist[i]
		}
	}
	require.NotNil(t, moved)
	assert.Equal(t, "claire@eleader.example", moved.By, "the action is recorded with the operator")
	assert.Equal(t, "Contrôlée par Claire", moved.Comment)

	// Deactivate and reactivate, each with its comment; an action not
	// possible says so.
	resp, _ = w.post("/console/partenaires/demo/desactiver", map[string]string{"commentaire": "Contrat suspendu"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	p, _ := e.svc.Partner(ctx, "demo")
	assert.Equal(t, eleader.StatusDeactivated, p.Status)
	resp, body = w.post("/console/partenaires/demo/desactiver", map[string]string{})
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, body, "pas possible dans l&#39;état actuel")
	resp, body = w.post("/console/partenaires/demo/reactiver", map[string]string{"commentaire": "Contrat repris"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	p, _ = e.svc.Partner(ctx, "demo")
	assert.Equal(t, eleader.StatusActive, p.Status)

	// Rights, from the partner's page and the people's page.
	resp, _ = w.post("/console/droits", map[string]string{"courriel": "paul@atelier.example", "partenaire": "atelier", "droit": "consultation", "retour": "/console/partenaires/atelier"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/console/partenaires/atelier", resp.Request.URL.Path)
	paul, err := e.svc.Person(ctx, "paul@atelier.example")
	require.NoError(t, err)
	assert.Equal(t, eleader.RightConsultation, paul.Right("atelier"))
	e.h.Wait()
	invited := false
	for _, m := range e.mails() {
		invited = invited || (strings.Contains(m.To, "paul@atelier.example") && strings.Contains(m.Text, "claire@eleader.example vous a donné le droit « Consultation »"))
	}
	assert.True(t, invited, "paul is invited by email")
	resp, body = w.post("/console/droits", map[string]string{"courriel": "pas-une-adresse", "partenaire": "atelier", "droit": "consultation"})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, body, "Cette adresse électronique n&#39;est pas valide")
	resp, _ = w.post("/console/droits/retirer", map[string]string{"courriel": "paul@atelier.example", "partenaire": "atelier", "retour": "https://evil.example/"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/console/personnes", resp.Request.URL.Path, "a return outside the console goes to the people's page")
	resp, body = w.get("/console/personnes")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "paul@atelier.example")
	resp, _ = w.post("/console/personnes/retirer", map[string]string{"courriel": "paul@atelier.example"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_, err = e.svc.Person(ctx, "paul@atelier.example")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err))
	resp, body = w.post("/console/personnes/retirer", map[string]string{"courriel": "claire@eleader.example"})
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "an operator cannot remove themselves")

	// The journal.
	_, body = w.get("/console/journal")
	for _, want := range []string{"Droit donné", "Droit retiré", "Personne retirée", "Connexion"} {
		assert.Contains(t, body, want)
	}
	_, body = w.get("/console/journal?partenaire=zzz")
	assert.Contains(t, body, "Aucune action enregistrée")

	// The last imports and reports, a report resent.
	resp, _ = e.upload(e.tokens["demo"], "20261117-demo.csv", example(t, "20261117-demo.csv"))
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var reportID string
	waitFor(t, "the import's report", func() bool {
		_, body = w.get("/console/partenaires/demo")
		m := regexp.MustCompile(`href="/console/rapports/(\d+)"`).FindStringSubmatch(body)
		if m != nil {
			reportID = m[1]
		}
		return m != nil
	})
	assert.Contains(t, body, "20261117-demo.csv")
	resp, body = w.get("/console/rapports/" + reportID)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Le fichier 20261117-demo.csv a été traité")
	resp, body = w.post("/console/rapports/"+reportID+"/renvoyer", map[string]string{})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Le rapport est de nouveau à envoyer")
	acts, err := e.svc.Actions(eleader.NewContextWithPerson(ctx, &eleader.Person{Email: "x@eleader.example", Operator: true}), eleader.ActionFilter{Partner: "demo"})
	require.NoError(t, err)
	require.NotEmpty(t, acts)
	assert.Equal(t, eleader.ActionResend, acts[0].Action)
	assert.Equal(t, "claire@eleader.example", acts[0].By)
	resp, csvRejects := w.get("/console/rapports/" + reportID + "/rejets.csv")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, csvRejects, "Erreurs")
	resp, _ = w.get("/console/rapports/999999")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
