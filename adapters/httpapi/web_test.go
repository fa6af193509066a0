package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// webClient is a browser without a browser: cookies, forms, redirects.
type webClient struct {
	e      *env
	client *http.Client
	csrf   string
}

func (e *env) browser() *webClient {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	c := *e.srv.Client()
	c.Jar = jar
	return &webClient{e: e, client: &c}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// page fetches a page, remembering its CSRF value.
func (w *webClient) page(method, target string, body io.Reader, contentType string) (*http.Response, string) {
	w.e.t.Helper()
	req, err := http.NewRequest(method, w.e.srv.URL+target, body)
	require.NoError(w.e.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Origin", w.e.srv.URL)
	resp, err := w.client.Do(req)
	require.NoError(w.e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(w.e.t, err)
	if m := csrfField.FindSubmatch(b); m != nil {
		w.csrf = string(m[1])
	}
	return resp, string(b)
}

func (w *webClient) get(target string) (*http.Response, string) {
	return w.page(http.MethodGet, target, nil, "")
}

// post submits a form with the page's CSRF value.
func (w *webClient) post(target string, fields map[string]string) (*http.Response, string) {
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	if _, ok := fields["csrf"]; !ok {
		form.Set("csrf", w.csrf)
	}
	return w.page(http.MethodPost, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func (w *webClient) signIn(token string) (*http.Response, string) {
	w.e.t.Helper()
	return w.post("/connexion", map[string]string{"jeton": token})
}

// deposit submits the deposit form with a file.
func (w *webClient) deposit(name string, data []byte, csrf string) (*http.Response, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	fw, err := mw.CreateFormFile("fichier", name)
	require.NoError(w.e.t, err)
	fw.Write(data)
	mw.Close()
	return w.page(http.MethodPost, "/espace/depot", &buf, mw.FormDataContentType())
}

func TestWebSignIn(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	w := e.browser()

	resp, body := w.get("/")
	assert.Equal(t, "/connexion", resp.Request.URL.Path, "signed out: the sign-in page")
	assert.Contains(t, body, `<label for="jeton">`)
	assert.Contains(t, body, `lang="fr"`)

	resp, body = w.signIn("elt_faux")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, body, "mal formé")
	assert.Contains(t, body, `role="alert"`)

	resp, body = w.signIn(token)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "/espace", resp.Request.URL.Path)
	assert.Contains(t, body, "Partenaire <strong>demo</strong>")
	assert.Contains(t, body, "qualification")

	// The session cookie is HttpOnly and SameSite.
	for _, c := range resp.Request.Response.Cookies() {
		if c.Name == "eleader_session" {
			assert.True(t, c.HttpOnly)
			assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		}
	}

	// Revoking the token ends the session at once.
	require.NoError(t, e.svc.RevokeToken(context.Background(), "demo", "test"))
	resp, _ = w.get("/espace")
	assert.Equal(t, "/connexion", resp.Request.URL.Path, "a revoked token's session is over")
}

func TestWebDepositAndReport(t *testing.T) {
	e := newEnv(t, importNow)
	token := e.partner("demo", "ADIE", "FRAC")
	w := e.browser()
	w.signIn(token)
	_, body := w.get("/espace")
	for _, label := range []string{`<label for="fichier">`, `<label for="nom">`, `<label for="prenom">`, `<label for="naissance">`, `<label for="siret">`} {
		assert.Contains(t, body, label, "every field has a label")
	}

	resp, body := w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Le fichier 20261117-demo.csv a été déposé")
	waitFor(t, "the import", func() bool {
		_, body = w.get("/espace")
		return strings.Contains(body, "/espace/rapports/")
	})
	assert.Contains(t, body, "Importé")
	link := regexp.MustCompile(`href="(/espace/rapports/\d+)"`).FindStringSubmatch(body)
	require.NotNil(t, link)
	resp, body = w.get(link[1])
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Le fichier 20261117-demo.csv a été traité")
	assert.Contains(t, body, "Type de valeur")
	resp, csv := w.get(link[1] + "/rejets.csv")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	files, err := e.svc.Files(context.Background(), "demo", 0)
	require.NoError(t, err)
	rep, err := e.svc.Store.Report(context.Background(), files[0].Report.ID)
	require.NoError(t, err)
	assert.Equal(t, string(storedRejects(t, e.svc, &rep)), csv, "the rejects, byte for byte")
	resp, x := w.get(link[1] + "/rejets.xlsx")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, strings.HasPrefix(x, "PK"))

	// The same name again: refused, with the reason, on the page.
	resp, body = w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, body, "déjà été déposé")
	// A bad name.
	resp, body = w.deposit("export.csv", []byte("x"), w.csrf)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "AAAAMMJJ")
	// Without the CSRF value: refused, nothing deposited.
	resp, _ = w.deposit("20261118-demo.csv", example(t, "20261116-demo.csv"), "faux")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.NotContains(t, e.deposited("demo"), "20261118-demo.csv")
	_, found, err := e.svc.Store.RunFile(context.Background(), "demo", "20261118-demo.csv")
	require.NoError(t, err)
	assert.False(t, found)

	// Another partner's report: not found.
	e.partner("autre", "AUTR")
	w2 := e.browser()
	w2.signIn(e.tokens["autre"])
	resp, body = w2.get(link[1])
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.NotContains(t, body, "Dupont")
	resp, _ = w2.get(link[1] + "/rejets.csv")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// A workbook filled in the template is deposited as it is (the original
// workbook is kept), judged like the CSV it converts to, and imported with
// the CSV's verdicts.
func TestWebDepositWorkbook(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	w := e.browser()
	w.signIn(token)

	resp, tmpl := w.get("/modele.xlsx")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	f, err := excelize.OpenReader(strings.NewReader(tmpl))
	require.NoError(t, err)
	sheet := f.GetSheetList()[0]
	header, err := f.GetRows(sheet)
	require.NoError(t, err)
	require.NotEmpty(t, header)
	// Fill the template with the example's records.
	records := exampleRecords(t, "20261116-demo.csv")
	require.Equal(t, header[0], records[0], "the template's columns are the matrice's")
	for i, rec := range records[1:] {
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			require.NoError(t, f.SetCellStr(sheet, cell, v))
		}
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))

	resp, body := w.deposit("20261116-demo.xlsx", buf.Bytes(), w.csrf)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Le fichier 20261116-demo.xlsx a été déposé")
	assert.Equal(t, buf.Bytes(), e.deposited("demo")["20261116-demo.xlsx"], "the original workbook is deposited")

	// Imported, it gives the same verdicts as the CSV.
	rec, _, err := e.svc.Run(context.Background(), eleader.RunOptions{})
	require.NoError(t, err)
	assert.Equal(t, 5, rec.Lines)
	assert.Equal(t, 5, rec.Accepted)

	// The same export as CSV: already sent.
	resp, body = w.deposit("20261116-demo.csv", []byte(strings.Join(records[0], ";")+"\n"), w.csrf)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, body, "sous le nom 20261116-demo.xlsx")

	// Not a workbook: refused at once, in French, nothing deposited.
	resp, body = w.deposit("20261117-demo.xlsx", []byte("NumeroDossier;Nom\n"), w.csrf)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "Le fichier 20261117-demo.xlsx est refusé, rien n&#39;est déposé")
	assert.Contains(t, body, "Le fichier est du texte, sans doute un CSV, nommé .xlsx")
	assert.NotContains(t, e.deposited("demo"), "20261117-demo.xlsx")

	// A formula and an added sheet: both named.
	f = excelize.NewFile()
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &records[0]))
	require.NoError(t, f.SetCellFormula("Sheet1", "AO5", "1+1"))
	_, err = f.NewSheet("Feuil2")
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, f.Write(&buf))
	resp, body = w.deposit("20261117-demo.xlsx", buf.Bytes(), w.csrf)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "La cellule AO5 contient une formule : saisissez la valeur.")
	assert.Contains(t, body, "La feuille « Feuil2 » a été ajoutée au modèle")
	assert.Empty(t, e.deposited("demo"))
}

// A CSV with a file error is refused at once too, in French.
func TestWebDepositRefused(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	w := e.browser()
	w.signIn(token)
	resp, body := w.deposit("20261117-demo.csv", []byte("NumeroDossier,Nom\nADIE1,Dupont\n"), w.csrf)
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "Ligne 1 : l&#39;en-tête est séparé par des virgules")
	assert.Empty(t, e.deposited("demo"))
	var logs strings.Builder
	logs.WriteString(e.logs.String())
	assert.Contains(t, logs.String(), "file refused at deposit")
	assert.NotContains(t, logs.String(), "Dupont")
}

func TestWebSearch(t *testing.T) {
	e := newEnv(t)
	token := e.partner("adie", "ADIE")
	_, err := e.svc.Import(context.Background(), eleader.Import{
		Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: "20261116-demo.csv", Body: bytes.NewReader(example(t, "20261116-demo.csv")),
	})
	require.NoError(t, err)
	w := e.browser()
	w.signIn(token)
	w.get("/espace")
	resp, body := w.post("/espace/recherche", map[string]string{"nom": "dupont", "prenom": "AMELIE", "naissance": "12/05/1990"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "ADIE100876-AHG-4U")
	assert.Contains(t, body, "001-ADIE100876-AHG-4U")
	resp, body = w.post("/espace/recherche", map[string]string{"nom": "dupont"})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, body, "ensemble")
	resp, _ = w.post("/espace/recherche", map[string]string{"siret": "73282932000074", "csrf": "faux"})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

// exampleRecords reads an example file's records.
func exampleRecords(t testing.TB, name string) [][]string {
	t.Helper()
	r := csvReader(bytes.TrimPrefix(example(t, name), []byte("\ufeff")))
	recs, err := r.ReadAll()
	require.NoError(t, err)
	return recs
}

func csvReader(b []byte) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	return r
}

// TestWebReportLinkAfterSignIn: the address a report's email gives
// (/espace/rapports/N) goes, signed out, to the sign-in page, which comes
// back to the report once signed in with the token; a suite that is not a
// report's page of the space is ignored.
func TestWebReportLinkAfterSignIn(t *testing.T) {
	e := newEnv(t, importNow)
	token := e.partner("demo", "ADIE", "FRAC")
	resp, b := e.upload(token, "20261117-demo.csv", example(t, "20261117-demo.csv"))
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	var id int64
	waitFor(t, "the import's report", func() bool {
		files, err := e.svc.Files(context.Background(), "demo", 0)
		require.NoError(t, err)
		if len(files) == 1 && files[0].Report != nil {
			id = files[0].Report.ID
		}
		return id != 0
	})
	link := "/espace/rapports/" + itoa(id)

	w := e.browser()
	resp, body := w.get(link)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/connexion", resp.Request.URL.Path)
	assert.Equal(t, link, resp.Request.URL.Query().Get("suite"))
	assert.Contains(t, body, `<input type="hidden" name="suite" value="`+link+`">`)

	resp, body = w.post("/connexion", map[string]string{"jeton": token, "suite": link})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, link, resp.Request.URL.Path, "back to the report")
	assert.Contains(t, body, "Rapport n° "+itoa(id))

	for _, suite := range []string{"//evil.example/espace/rapports/1", "/console", "/espace/rapports/1/../../console", "https://evil.example"} {
		w := e.browser()
		resp, _ := w.post("/connexion", map[string]string{"jeton": token, "suite": suite})
		assert.Equal(t, "/espace", resp.Request.URL.Path, "suite %q is ignored", suite)
	}
}

// A name used by a file still waiting for its import: the page says to
// withdraw it and send it again under the same name (not to take a new
// name, the advice once it is imported), in the page's language.
func TestWebDepositNameWaiting(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	w := e.browser()
	w.signIn(token)
	resp, body := w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)

	resp, body = w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, body, "attend encore son import. Pour le corriger, retirez-le (bouton « Retirer » de votre espace, DELETE /api/v1/files/20261117-demo.csv ou eleader withdraw 20261117-demo.csv), puis renvoyez-le sous le même nom.")
	assert.NotContains(t, body, "nouveau nom")

	w.get("/espace?lang=en")
	resp, body = w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, body, "still waits for its import. To correct it, withdraw it (the “Withdraw” button of your space, DELETE /api/v1/files/20261117-demo.csv or eleader withdraw 20261117-demo.csv), then send it again under the same name.")
}
