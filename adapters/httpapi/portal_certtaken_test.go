package httpapi_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPortalCertificateTakenAtAnalysis: a certificate already on another
// partner's sheet is refused when it is analysed — never "Certificat
// validé." — with the message the save gives.
func TestPortalCertificateTakenAtAnalysis(t *testing.T) {
	e := newPortalEnv(t)
	certs := newTestCerts(t)
	leaf := certs.leaf("client-partage", 90*24*time.Hour)
	e.person("paul@bge.example", "bge", eleader.RightModification)
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)

	bge := e.signedIn("paul@bge.example")
	bge.get("/raccordements/nouvelle")
	resp, body := bge.form("/raccordements/nouvelle", completeSheet("bge", "BGEE"), map[string]upload{"certificat": {"bge.p7b", certs.p7b(leaf)}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	p, err := e.svc.Partner(context.Background(), "bge")
	require.NoError(t, err)
	require.NotEmpty(t, p.Sheet.Certificate, "bge's sheet holds the certificate")

	// bge analyses its own certificate again: still validated.
	resp, body = bge.form("/raccordements/fiches/bge/modifier", with(completeSheet("bge", "BGEE"), "action", "analyser"),
		map[string]upload{"certificat": {"bge.p7b", certs.p7b(leaf)}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Certificat validé.", "a sheet's own certificate")

	w := e.signedIn("jeanne@atelier.example")
	w.get("/raccordements/nouvelle")
	resp, body = w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "action", "analyser"),
		map[string]upload{"certificat": {"atelier.p7b", certs.p7b(leaf)}})
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.NotContains(t, body, "Certificat validé.")
	want := "Certificat : ce certificat client (« CN=client-partage,O=Partenaire de test,C=FR ») figure déjà sur la fiche de raccordement de bge : un certificat n&#39;authentifie qu&#39;un partenaire."
	assert.Contains(t, body, want, "refused at analysis")
	assert.Contains(t, body, "Certificat refusé : ce certificat client")
	_, err = e.svc.Partner(context.Background(), "atelier")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "analysing saves nothing")

	// The save refuses it with the same message.
	pemField := regexp.MustCompile(`name="certificat_pem" value="([^"]*)"`).FindStringSubmatch(body)
	require.NotNil(t, pemField, "the analysed certificate rides in the form")
	resp, body = w.form("/raccordements/nouvelle", with(completeSheet("atelier", "ATEL"), "certificat_pem", html.UnescapeString(pemField[1])), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, want, "refused at save")
}
