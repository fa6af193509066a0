package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importedReport uploads a file for partner, runs the import, and returns
// the report's ID.
func (e *env) importedReport(partner, name string, body []byte) int64 {
	e.t.Helper()
	resp, b := e.upload(e.tokens[partner], name, body)
	require.Equal(e.t, http.StatusCreated, resp.StatusCode, "%s", b)
	_, _, err := e.svc.Run(context.Background(), eleader.RunOptions{Partner: partner})
	require.NoError(e.t, err)
	files, err := e.svc.Files(context.Background(), partner, 0)
	require.NoError(e.t, err)
	for _, f := range files {
		if f.Name == name && f.Report != nil {
			return f.Report.ID
		}
	}
	e.t.Fatalf("no report for %s", name)
	return 0
}

// A token only ever sees its own partner's data.
func TestReadsOwnDataOnly(t *testing.T) {
	e := newEnv(t)
	e.partner("demo", "ADIE", "FRAC")
	e.partner("autre", "AUTR")
	clean := e.importedReport("demo", "20261116-demo.csv", example(t, "20261116-demo.csv"))
	id := e.importedReport("demo", "20261117-demo.csv", example(t, "20261117-demo.csv"))
	other := e.tokens["autre"]
	mine := e.tokens["demo"]

	for _, target := range []string{
		"/api/v1/reports/" + itoa(id),
		"/api/v1/reports/" + itoa(id) + "/rejects.csv",
		"/api/v1/reports/" + itoa(id) + "/rejects.xlsx",
		"/api/v1/files/20261117-demo.csv",
	} {
		resp, b := e.get(other, target)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s with another partner's token: %s", target, b)
		assert.NotContains(t, string(b), "Dupont", "%s", target)
		resp, b = e.get(mine, target)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "%s with the owner's token: %.200s", target, b)
		resp, b = e.get("", target)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s without a token", target)
		code, _ := problemOf(t, b)
		assert.Equal(t, "unauthorized", code)
	}
	resp, b := e.get("", "/api/v1/files")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s", b)
	resp, b = e.get(other, "/api/v1/files")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var list struct {
		Partner string               `json:"partner"`
		Files   []eleader.FileStatus `json:"files"`
	}
	require.NoError(t, json.Unmarshal(b, &list))
	assert.Equal(t, "autre", list.Partner)
	assert.Empty(t, list.Files, "another partner's files are not listed")

	// Reports that do not exist, malformed IDs, a clean report's rejects.
	for target, want := range map[string]string{
		"/api/v1/reports/999":                              "aucun rapport",
		"/api/v1/reports/abc":                              "entier positif",
		"/api/v1/reports/-1":                               "entier positif",
		"/api/v1/reports/" + itoa(clean) + "/rejects.csv":  "aucune ligne rejetée",
		"/api/v1/reports/" + itoa(clean) + "/rejects.xlsx": "aucune ligne rejetée",
		"/api/v1/files/20261199-demo.csv":                  "aucun fichier",
	} {
		resp, b := e.get(mine, target)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s: %s", target, b)
		_, msg := problemOf(t, b)
		assert.Contains(t, strings.ToLower(msg), want, target)
	}
	resp, b = e.get(mine, "/api/v1/files?limit=0")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s", b)
	resp, b = e.get(mine, "/api/v1/files?limit=1")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	require.NoError(t, json.Unmarshal(b, &list))
	assert.Len(t, list.Files, 1)
}

func TestRejectsXLSXUnsupported(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.Workbooks, e.svc.Workbooks = nil, nil })
	e.partner("demo", "ADIE", "FRAC")
	id := e.importedReport("demo", "20261117-demo.csv", example(t, "20261117-demo.csv"))
	resp, b := e.get(e.tokens["demo"], "/api/v1/reports/"+itoa(id)+"/rejects.xlsx")
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode, "%s", b)
	resp, b = e.get(e.tokens["demo"], "/api/v1/reports/"+itoa(id))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotContains(t, string(b), "rejectsXlsx", "no XLSX link without workbooks")
	assert.Contains(t, string(b), "rejectsCsv")
}

// search posts a search.
func (e *env) search(token string, body string) (*http.Response, []byte) {
	e.t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "fmetoken token="+token)
	}
	h.Set("Content-Type", "application/json")
	return e.do(http.MethodPost, "/api/v1/dossiers/search", h, strings.NewReader(body))
}

func TestSearch(t *testing.T) {
	e := newEnv(t)
	token := e.partner("adie", "ADIE")
	// Consolidate the example (production-like import, straight through
	// the service).
	_, err := e.svc.Import(context.Background(), eleader.Import{
		Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: "20261116-demo.csv", Body: bytes.NewReader(example(t, "20261116-demo.csv")),
	})
	require.NoError(t, err)

	resp, b := e.search(token, `{"nom":"DUPONT","prenom":"amelie","dateNaissance":"12/05/1990"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var res struct{ Results []dossier.Found }
	require.NoError(t, json.Unmarshal(b, &res))
	require.Len(t, res.Results, 1, "%s", b)
	assert.Equal(t, "ADIE100876-AHG-4U", res.Results[0].Main)
	assert.Equal(t, "001-ADIE100876-AHG-4U", res.Results[0].NextSubversion)
	for _, personal := range []string{"Dupont", "Amélie", "1990", "Saint-Denis", "amelie.dupont"} {
		assert.NotContains(t, string(b), personal, "numbers only, no personal data")
	}

	resp, b = e.search(token, `{"nom":"Inconnu","prenom":"Personne","dateNaissance":"01/01/2000"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	assert.JSONEq(t, `{"results":[]}`, string(b))

	for body, want := range map[string]string{
		`{"nom":"Dupont"}`: "ensemble",
		`{"nom":"Dupont","prenom":"Amélie","dateNaissance":"1990-05-12"}`: "JJ/MM/AAAA",
		`{"siret":"123"}`: "14 chiffres",
		`{"siret":"73282932000074","nom":"Dupont"}`: "pas les deux",
		`{"name":"Dupont"}`:                         "objet JSON",
		`not json`:                                  "objet JSON",
	} {
		resp, b := e.search(token, body)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %s", body, b)
		_, msg := problemOf(t, b)
		assert.Contains(t, msg, want, body)
	}
	resp, b = e.search(token, `{"nom":"`+strings.Repeat("a", 5000)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "%s", b)
	h := http.Header{"Authorization": {"fmetoken token=" + token}, "Content-Type": {"application/x-www-form-urlencoded"}}
	resp, b = e.do(http.MethodPost, "/api/v1/dossiers/search", h, strings.NewReader("nom=Dupont"))
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode, "%s", b)
	resp, b = e.search("", `{"siret":"73282932000074"}`)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s", b)
	// Search by GET (identities in the URL) is not offered.
	resp, b = e.get(token, "/api/v1/dossiers/search?nom=Dupont")
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, "%s", b)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))
}

func TestHealthAndUnknownRoutes(t *testing.T) {
	e := newEnv(t)
	resp, b := e.get("", "/healthz")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	assert.JSONEq(t, `{"status":"ok"}`, string(b))

	resp, b = e.do(http.MethodDelete, "/api/v1/files", nil, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, "%s", b)
	assert.Equal(t, "GET, HEAD, POST", resp.Header.Get("Allow"))
	code, _ := problemOf(t, b)
	assert.Equal(t, "method_not_allowed", code)

	resp, b = e.get("", "/api/v2/files")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s", b)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))

	// A store that no longer answers: 503.
	require.NoError(t, e.svc.Store.Close())
	resp, b = e.get("", "/healthz")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", b)
}
