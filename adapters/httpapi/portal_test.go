package httpapi_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upload is a file of a multipart form.
type upload struct {
	name string
	data []byte
}

// form posts a multipart form (the sheet's form) with the page's CSRF
// value.
func (w *webClient) form(target string, fields map[string]string, files map[string]upload) (*http.Response, string) {
	w.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if _, ok := fields["csrf"]; !ok {
		mw.WriteField("csrf", w.csrf)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for k, f := range files {
		fw, err := mw.CreateFormFile(k, f.name)
		require.NoError(w.e.t, err)
		fw.Write(f.data)
	}
	require.NoError(w.e.t, mw.Close())
	return w.page(http.MethodPost, target, &buf, mw.FormDataContentType())
}

// completeSheet is the form of a complete sheet of partner id.
func completeSheet(id, operators string) map[string]string {
	return map[string]string{
		"partenaire": id, "nom": "Atelier de l'entrepreneuriat", "operateurs": operators, "canal_api": "1", "canal_web": "1",
		"mode": "partial", "environnement": "qualification", "contact_nom": "Jeanne Tech", "contact_tel": "01 23 45 67 89",
		"contact_courriel": "jeanne@" + id + ".example", "destinataires": "rapports@" + id + ".example", "commentaires": "Première fiche.\r\nDeux interfaces.",
		"action": "enregistrer",
	}
}

// with returns fields with some values changed.
func with(fields map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// newPortalEnv is an env whose service sends sign-in links to its server.
func newPortalEnv(t *testing.T, configure ...func(*env)) *env {
	e := newEnv(t, configure...)
	e.svc.PortalURL = e.srv.URL
	t.Cleanup(e.h.Wait)
	return e
}

// signedIn returns a browser signed in by link as email.
func (e *env) signedIn(email string) *webClient {
	e.t.Helper()
	w := e.browser()
	resp, body := w.signInAs(email)
	require.Equal(e.t, http.StatusOK, resp.StatusCode, body)
	return w
}

func TestPortalCreateSubmit(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t)
	certs := newTestCerts(t)
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	w := e.signedIn("jeanne@atelier.example")

	resp, body := w.get("/raccordements")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Espace raccordements")
	assert.Contains(t, body, `href="/raccordements/nouvelle?partenaire=atelier"`)
	assert.Contains(t, body, "Raccordements EDI et API")

	resp, body = w.get("/raccordements/nouvelle")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, label := range []string{`<label for="nom">`, `<label for="operateurs">`, `<label for="certificat">`, `<label for="contact-nom">`,
		`<label for="contact-tel">`, `<label for="contact-courriel">`, `<label for="destinataires">`, `<label for="correspondances">`, `<label for="commentaires">`,
		`<label for="canal-api">`, `<label for="mode-complete">`, `<label for="env-production">`} {
		assert.Contains(t, body, label)
	}
	assert.Contains(t, body, "Analyser le(s) certificat(s)")

	// Analyse a certificate: shown before anything is saved.
	leaf := certs.leaf("atelier-client", 90*24*time.Hour)
	resp, body = w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "action", "analyser"),
		map[string]upload{"certificat": {"certificat_API.p7b", certs.p7b(leaf)}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Analyse de certificat_API.p7b")
	assert.Contains(t, body, "CN=atelier-client,O=Partenaire de test,C=FR")
	assert.Contains(t, body, "Certificat validé.")
	assert.Contains(t, body, "CN=Autorité émettrice de test,O=E#L Test")
	_, err := e.svc.Partner(ctx, "atelier")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "analysing saves nothing")
	pemField := regexp.MustCompile(`name="certificat_pem" value="([^"]*)"`).FindStringSubmatch(body)
	require.NotNil(t, pemField)
	assert.Contains(t, pemField[1], "BEGIN CERTIFICATE", "the analysed certificate rides in the form")

	// A refused certificate: the reason, in French; the rest is kept.
	expired := certs.leaf("atelier-ancien", time.Hour)
	resp, body = w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "nom", "Nom gardé"),
		map[string]upload{"certificat": {"ancien.pem", certs.pem(expired)}})
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "Certificat : le fichier ancien.pem est refusé : « CN=atelier-ancien,O=Partenaire de test,C=FR » a expiré le")
	assert.Contains(t, body, `value="Nom gardé"`, "nothing typed is lost")
	assert.Contains(t, body, `href="#certificat"`, "the summary links to the field")
	assert.Contains(t, body, `aria-invalid="true" aria-errormessage="erreur-certificat"`)

	// A draft, incomplete: saved, with what is missing.
	resp, body = w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "contact_tel", "", "canal_api", "", "canal_web", ""), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "/raccordements/fiches/atelier", resp.Request.URL.Path)
	assert.Contains(t, body, "Le brouillon est enregistré")
	assert.Contains(t, body, "Contact technique : téléphone : à renseigner")
	assert.Contains(t, body, "Canaux : à renseigner")
	p, err := e.svc.Partner(ctx, "atelier")
	require.NoError(t, err)
	assert.Equal(t, eleader.StatusDraft, p.Status)
	assert.Equal(t, "Première fiche.\nDeux interfaces.", p.Sheet.Comments)
	hist, err := e.svc.PartnerHistory(ctx, "atelier")
	require.NoError(t, err)
	assert.Equal(t, "jeanne@atelier.example", hist[0].By)

	// Submitting an incomplete draft: the form, with what to fix.
	resp, body = w.get("/raccordements/fiches/atelier/soumettre")
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "La fiche ne peut pas encore être soumise")

	// A correspondence table with a bad line: the line errors, nothing saved.
	resp, _ = w.get("/raccordements/fiches/atelier/modifier")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	table := "Champ;ValeurPartenaire;ValeurMatrice\nCivilite;Monsieur;M\nGenre;Madame;MME\nQPV;Oui;oui\n"
	resp, body = w.form("/raccordements/fiches/atelier/modifier", completeSheet("atelier", "ATEL"),
		map[string]upload{"correspondances": {"correspondances.csv", []byte(table)}})
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "Tables de correspondance : fichier correspondances.csv, ligne 3, colonne Champ : unknown field &#34;Genre&#34;")
	assert.Contains(t, body, "ligne 4, colonne ValeurMatrice")
	p, _ = e.svc.Partner(ctx, "atelier")
	assert.Empty(t, p.Sheet.Correspondences)

	// Complete, with the certificate and a good table, then "Soumettre":
	// saved, then the confirmation.
	good := "Champ;ValeurPartenaire;ValeurMatrice\nCivilite;Monsieur;M\nCivilite;Madame;MME\n"
	resp, body = w.form("/raccordements/fiches/atelier/modifier", with(completeSheet("atelier", "ATEL"), "action", "soumettre"),
		map[string]upload{"correspondances": {"c.csv", []byte(good)}, "certificat": {"certificat_API.p7b", certs.p7b(leaf)}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "/raccordements/fiches/atelier/soumettre", resp.Request.URL.Path)
	assert.Contains(t, body, "Confirmez-vous l&#39;envoi ?")
	assert.Contains(t, body, "Confirmer et envoyer")
	assert.Contains(t, body, "← Annuler")
	p, _ = e.svc.Partner(ctx, "atelier")
	assert.Equal(t, eleader.StatusDraft, p.Status, "not sent before the confirmation")
	assert.Len(t, p.Sheet.Correspondences, 2)
	assert.NotEmpty(t, p.Sheet.Certificate)

	resp, body = w.post("/raccordements/fiches/atelier/soumettre", map[string]string{"action": "confirmer"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "La fiche est envoyée à E#L")
	assert.NotContains(t, body, "/raccordements/fiches/atelier/modifier", "a sent sheet offers no edit")
	p, _ = e.svc.Partner(ctx, "atelier")
	assert.Equal(t, eleader.StatusSent, p.Status)
	resp, body = w.get("/raccordements/fiches/atelier/modifier")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, body, "Cette fiche est « Envoyée » : elle se consulte seulement")
	resp, _ = w.form("/raccordements/fiches/atelier/modifier", completeSheet("atelier", "ATEL"), nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	// The list, its search and its export.
	_, body = w.get("/raccordements?statut=ENVOYEE")
	assert.Contains(t, body, `<th scope="row" data-label="Partenaire">atelier</th>`)
	_, body = w.get("/raccordements?statut=ACTIVEE")
	assert.NotContains(t, body, `data-label="Partenaire">atelier<`)
	assert.Contains(t, body, "Aucune fiche ne répond à ces critères")
	resp, csv := w.get("/raccordements/export.csv?statut=ENVOYEE")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/csv; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(csv, "\ufeffPartenaire;Nom;"), csv[:40])
	assert.Contains(t, csv, "\natelier;")
	n, err := e.svc.ImportPartners(ctx, strings.NewReader(csv), "test")
	require.NoError(t, err, "the export reads back, BOM and all")
	assert.Equal(t, 0, n)
}

func TestPortalTokenAndActiveEdit(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t)
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	e.person("paul@atelier.example", "atelier", eleader.RightConsultation)
	w := e.signedIn("jeanne@atelier.example")
	_, _ = w.get("/raccordements/nouvelle")
	resp, body := w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "action", "soumettre"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, _ = w.post("/raccordements/fiches/atelier/soumettre", map[string]string{"action": "confirmer"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	acts, err := e.svc.ProcessPartners(ctx, "atelier", "run")
	require.NoError(t, err)
	require.True(t, acts[0].Reveal)

	e.h.Wait()
	var ready *eml
	for _, m := range e.mails() {
		if strings.Contains(m.Subject, "le jeton de atelier est prêt") {
			ready = &m
		}
	}
	require.NotNil(t, ready, "the token-ready email")
	assert.Contains(t, ready.Text, e.srv.URL+"/raccordements/fiches/atelier/jeton")
	assert.NotContains(t, ready.Text, "elt_")

	_, body = w.get("/raccordements/fiches/atelier")
	assert.Contains(t, body, "révélez-le")
	resp, body = w.get("/raccordements/fiches/atelier/jeton")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Révéler le jeton")
	resp, body = w.post("/raccordements/fiches/atelier/jeton", map[string]string{"action": "reveler"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	tok := regexp.MustCompile(`value="(elt_[a-z2-7]{12}_[a-z2-7]{32})"`).FindStringSubmatch(body)
	require.NotNil(t, tok)
	assert.Contains(t, body, "Il ne s&#39;affiche qu&#39;une fois")
	p, err := e.svc.Authenticate(ctx, tok[1])
	require.NoError(t, err)
	assert.Equal(t, "atelier", p.ID())
	resp, body = w.post("/raccordements/fiches/atelier/jeton", map[string]string{"action": "reveler"})
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.NotContains(t, body, tok[1], "never shown again")
	assert.Contains(t, body, "il a déjà été révélé")

	// Upload a file with it.
	resp, _ = e.upload(tok[1], "20261116-atelier.csv", csvWith())
	assert.Equal(t, http.StatusCreated, resp.StatusCode)

	// Edit the active sheet: a warning, then a confirmation; the token stops.
	_, body = w.get("/raccordements/fiches/atelier/modifier")
	assert.Contains(t, body, "L'enregistrer la fait passer à l'état « Envoyée MAJ »")
	fields := with(completeSheet("atelier", "ATEL"), "nom", "Atelier renouvelé")
	resp, body = w.form("/raccordements/fiches/atelier/modifier", fields, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Confirmez-vous l&#39;envoi de la modification ?")
	assert.Contains(t, body, "son jeton d&#39;authentification cesse de fonctionner")
	p, _ = e.svc.Partner(ctx, "atelier")
	assert.Equal(t, eleader.StatusActive, p.Status, "nothing changed before the confirmation")
	// "Revenir": the form again, with the values.
	resp, body = w.form("/raccordements/fiches/atelier/modifier", with(fields, "action", "revenir"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `value="Atelier renouvelé"`)
	resp, body = w.form("/raccordements/fiches/atelier/modifier", with(fields, "action", "confirmer"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Le jeton ne fonctionne plus jusqu&#39;à ce qu&#39;E#L traite la fiche")
	p, _ = e.svc.Partner(ctx, "atelier")
	assert.Equal(t, eleader.StatusSentUpdate, p.Status)
	assert.Equal(t, "Atelier renouvelé", p.Sheet.Name)
	_, err = e.svc.Authenticate(ctx, tok[1])
	assert.ErrorIs(t, err, eleader.ErrSheetInactive)
	_, err = e.svc.ProcessPartners(ctx, "atelier", "run")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, tok[1])
	require.NoError(t, err, "processed: the same token works again")

	// Renew the token: the new one once; the old stops; the consultation
	// person cannot.
	resp, body = w.get("/raccordements/fiches/atelier/jeton/renouveler")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "L&#39;ancien cesse de fonctionner immédiatement")
	resp, body = w.post("/raccordements/fiches/atelier/jeton/renouveler", map[string]string{"action": "renouveler"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	tok2 := regexp.MustCompile(`value="(elt_[a-z2-7]{12}_[a-z2-7]{32})"`).FindStringSubmatch(body)
	require.NotNil(t, tok2)
	_, err = e.svc.Authenticate(ctx, tok[1])
	assert.ErrorIs(t, err, eleader.ErrTokenRevoked)
	_, err = e.svc.Authenticate(ctx, tok2[1])
	assert.NoError(t, err)

	c := e.signedIn("paul@atelier.example")
	resp, body = c.get("/raccordements/fiches/atelier")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Atelier renouvelé", "consultation reads the sheet")
	assert.Contains(t, body, "Jeton renouvelé", "and its history")
	assert.NotContains(t, body, "/modifier")
	assert.NotContains(t, body, "/jeton/renouveler")
	resp, body = c.post("/raccordements/fiches/atelier/jeton/renouveler", map[string]string{})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, body, "Votre droit sur ce partenaire est « Consultation »")
	_, err = e.svc.Authenticate(ctx, tok2[1])
	assert.NoError(t, err, "the refused renewal changed nothing")
}

func TestPortalDeleteDraft(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t)
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	w := e.signedIn("jeanne@atelier.example")
	w.get("/raccordements/nouvelle")
	resp, _ := w.form("/raccordements/nouvelle", completeSheet("atelier", "ATEL"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body := w.get("/raccordements/fiches/atelier/supprimer")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Supprimer le brouillon de atelier ?")
	resp, body = w.post("/raccordements/fiches/atelier/supprimer", map[string]string{"action": "supprimer"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Le brouillon de atelier a été supprimé.")
	assert.Contains(t, body, "Créer la fiche de atelier", "it can be created again")
	_, err := e.svc.Partner(ctx, "atelier")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err))
}

// TestPortalOpenSSLCertificate: a chain made by the openssl command line,
// as a partner would make it, is analysed and kept.
func TestPortalOpenSSLCertificate(t *testing.T) {
	dir := t.TempDir()
	p7b, leafPEM := opensslCertificate(t, dir, "atelier-openssl")
	data, err := os.ReadFile(p7b)
	require.NoError(t, err)
	e := newPortalEnv(t)
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	w := e.signedIn("jeanne@atelier.example")
	w.get("/raccordements/nouvelle")
	resp, body := w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "action", "analyser"),
		map[string]upload{"certificat": {filepath.Base(p7b), data}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "CN=atelier-openssl,O=Atelier,C=FR")
	assert.Contains(t, body, "CN=CA OpenSSL,O=Autorite OpenSSL de test,C=FR")
	assert.Contains(t, body, "digitalSignature ; usage étendu : clientAuth")
	resp, _ = w.form("/raccordements/nouvelle", completeSheet("atelier", "ATEL"), map[string]upload{"certificat": {filepath.Base(p7b), data}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	p, err := e.svc.Partner(context.Background(), "atelier")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(p.Sheet.Certificate, string(leafPEM)), "the chain kept as PEM, the partner's certificate first")
}
