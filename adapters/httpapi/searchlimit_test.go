package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestSearchRateLimited: past the partner's limit, the API answers 429
// with Retry-After and a French message, and the web page says so too;
// the answers before name no partner; the audit shows the searches, never
// the identity.
func TestSearchRateLimited(t *testing.T) {
	e := newEnv(t, func(e *env) { e.svc.SearchRate = 3 })
	token := e.partner("adie", "ADIE")
	_, err := e.svc.Import(context.Background(), eleader.Import{
		Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: "20261116-demo.csv", Body: bytes.NewReader(example(t, "20261116-demo.csv")),
	})
	require.NoError(t, err)
	identity := `{"nom":"DUPONT","prenom":"amelie","dateNaissance":"12/05/1990"}`
	for i := range 3 {
		resp, b := e.search(token, identity)
		require.Equal(t, http.StatusOK, resp.StatusCode, "search %d: %s", i+1, b)
		assert.NotContains(t, string(b), `"partner"`)
		assert.NotContains(t, string(b), `"oper"`)
		assert.NotContains(t, string(b), "demo", "the partner holding the dossier")
	}
	resp, b := e.search(token, `{"siret":"73282932000074"}`)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "%s", b)
	code, msg := problemOf(t, b)
	assert.Equal(t, "rate_limited", code)
	assert.Contains(t, msg, "Trop de recherches : un partenaire peut en faire 3 par heure au plus")
	assert.Contains(t, msg, "Réessayez dans 60 minutes.")
	retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After: %q", resp.Header.Get("Retry-After"))
	assert.InDelta(t, 3600, retry, 60)

	w := e.browser()
	w.signIn(token)
	resp, body := w.post("/espace/recherche", map[string]string{"nom": "dupont", "prenom": "AMELIE", "naissance": "12/05/1990"})
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	assert.Contains(t, body, "Trop de recherches")

	recs, err := e.svc.Searches(context.Background(), "adie", 0)
	require.NoError(t, err)
	assert.Len(t, recs, 3, "the searches answered")
	for _, r := range recs {
		assert.Equal(t, "api", r.Channel)
		assert.NotContains(t, strings.ToLower(r.Hash), "dupont")
	}
	assert.NotContains(t, e.logs.String(), "upont", "no identity in the logs")
	assert.Contains(t, e.logs.String(), "search refused: rate limit")
}
