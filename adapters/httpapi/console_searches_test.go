package httpapi_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestConsoleSearches: the console lists the search audit — who, when, how,
// which kind, how many found, the keyed hash —, never what was searched;
// operators only (the service refuses anyone else, also outside the pages).
func TestConsoleSearches(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t)
	e.operator("claire@eleader.example")
	token := e.partner("adie", "ADIE")
	e.person("jeanne@adie.example", "adie", eleader.RightModification)
	_, err := e.svc.Import(ctx, eleader.Import{
		Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: "20261116-demo.csv", Body: bytes.NewReader(example(t, "20261116-demo.csv")),
	})
	require.NoError(t, err)
	resp, b := e.search(token, `{"nom":"DUPONT","prenom":"amelie","dateNaissance":"12/05/1990"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	_, err = e.svc.Search(ctx, eleader.Searcher{By: "claire", Channel: "cli"}, dossier.Query{SIRET: "73282932000074"})
	require.NoError(t, err)
	recs, err := e.svc.Searches(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, recs, 2)

	w := e.signedIn("claire@eleader.example")
	resp, body := w.get("/console/recherches")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	page := html.UnescapeString(body)
	assert.Contains(t, page, `<a href="/console/recherches" aria-current="page">Recherches</a>`)
	assert.Contains(t, page, `<td data-label="Qui"><a href="/console/partenaires/adie">adie</a></td><td data-label="Canal">API (système d'information)</td><td data-label="Type">identité (nom, prénom, date de naissance)</td><td data-label="Dossiers trouvés">1</td>`)
	assert.Contains(t, page, `<td data-label="Qui">E#L (claire)</td><td data-label="Canal">ligne de commande E#L</td><td data-label="Type">SIRET</td>`)
	for _, r := range recs {
		assert.Contains(t, page, "<code class=\"cle\">"+r.Hash+"</code>", "the keyed hash")
	}
	for _, secret := range []string{"upont", "UPONT", "amelie", "12/05/1990", "73282932000074"} {
		assert.NotContains(t, page, secret, "never what was searched")
	}

	_, body = w.get("/console/recherches?partenaire=adie")
	assert.Equal(t, 1, strings.Count(body, `<td data-label="Date">`), "adie's searches only")
	_, body = w.get("/console/recherches?partenaire=frac")
	assert.Contains(t, body, "Aucune recherche enregistrée pour frac.")

	// A person who is not an operator: refused by the page and by the
	// service itself.
	resp, _ = e.signedIn("jeanne@adie.example").get("/console/recherches")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	jeanne, err := e.svc.Person(ctx, "jeanne@adie.example")
	require.NoError(t, err)
	_, err = e.svc.Searches(eleader.NewContextWithPerson(ctx, jeanne), "adie", 0)
	assert.Equal(t, eleader.EFORBIDDEN, eleader.ErrorCode(err))
}
