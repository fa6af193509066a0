package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// checkAnswer is a dry run's answer: eleader validate's JSON and "check".
type checkAnswer struct {
	File       string `json:"file"`
	Partner    string `json:"partner"`
	Date       string `json:"date"`
	Status     string `json:"status"`
	Lines      int    `json:"lines"`
	Accepted   int    `json:"accepted"`
	Rejected   int    `json:"rejected"`
	FileErrors []struct {
		Code, Message string
	} `json:"fileErrors"`
	Errors []struct {
		Line                                  int
		Dossier, Field, Value, Check, Message string
	} `json:"errors"`
	Check struct {
		Deposit       string `json:"deposit"`
		Mode          string `json:"mode"`
		Qualification bool   `json:"qualification"`
		Qualified     bool   `json:"qualified"`
		Created       int    `json:"created"`
		Updated       int    `json:"updated"`
		Unchanged     bool   `json:"unchanged"`
		Message       string `json:"message"`
	} `json:"check"`
}

// dryRun posts a file to /api/v1/checks with the seed's headers.
func (e *env) dryRun(token, name string, body []byte) (*http.Response, []byte) {
	e.t.Helper()
	return e.do(http.MethodPost, "/api/v1/checks", seedHeaders(token, name), bytes.NewReader(body))
}

// TestCheckAPI: the dry run answers the import's verdict, the store's
// checks included, as eleader validate's JSON, and keeps nothing; a file
// rejected whole is a verdict too.
func TestCheckAPI(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE") // not FRAC: the example's FRAC numbers are another partner's
	e.partner("frac", "FRAC")
	body := example(t, "20261116-demo.csv")

	resp, b := e.dryRun(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	var a checkAnswer
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Equal(t, "20261116-demo.csv", a.File)
	assert.Equal(t, "2026-11-16", a.Date)
	assert.Equal(t, "partial", a.Status)
	assert.Equal(t, 5, a.Lines)
	require.NotEmpty(t, a.Errors)
	assert.Equal(t, "operator", a.Errors[0].Check)
	assert.Equal(t, "NumeroDossier", a.Errors[0].Field)
	assert.Equal(t, "Attribute 'NumeroDossier' with value 'FRAC2024-0042' fails check for operator code is one of 'ADIE'", a.Errors[0].Message)
	assert.Equal(t, a.Rejected, countLines(a.Errors), "every rejected line's errors")
	assert.Equal(t, "accepted", a.Check.Deposit)
	assert.Equal(t, "partial", a.Check.Mode)
	assert.True(t, a.Check.Qualification)
	assert.Contains(t, a.Check.Message, "Vérification à blanc")
	assert.Contains(t, a.Check.Message, "qualification")

	assert.Empty(t, e.deposited("demo"), "nothing deposited")
	resp, b = e.get(token, "/api/v1/files")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"partner":"demo","files":[]}`, string(b), "nothing listed")
	imports, err := e.svc.Store.Imports(context.Background(), "demo")
	require.NoError(t, err)
	assert.Empty(t, imports, "no import recorded")
	assert.Contains(t, e.logs.String(), "dry run")
	assert.NotContains(t, e.logs.String(), "Dupont", "no personal data in the logs")

	// A file the deposit would refuse: 200, its verdict, deposit refused.
	latin1 := bytes.Replace(body, []byte("Amélie"), []byte("Am\xe9lie"), 1)
	resp, b = e.dryRun(token, "20261117-demo.csv", latin1)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	a = checkAnswer{}
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Equal(t, "rejected", a.Status)
	require.Len(t, a.FileErrors, 1)
	assert.Equal(t, "encoding", a.FileErrors[0].Code)
	assert.Empty(t, a.Errors, "a file error that stops the reading leaves no line error, as in validate")
	assert.Equal(t, "refused", a.Check.Deposit)
	assert.Contains(t, a.Check.Message, "serait refusé au dépôt")

	// Once deposited, the same name can still be checked (a correction).
	resp, b = e.upload(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	resp, b = e.dryRun(token, "20261116-demo.csv", body)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
}

// countLines counts the distinct lines of errors.
func countLines(errs []struct {
	Line                                  int
	Dossier, Field, Value, Check, Message string
}) int {
	seen := map[int]bool{}
	for _, e := range errs {
		seen[e.Line] = true
	}
	return len(seen)
}

// TestCheckAPIRefusals: the refusals of an upload, in its order, and the
// dry runs' own limit.
func TestCheckAPIRefusals(t *testing.T) {
	e := newEnv(t, func(e *env) {
		e.h.MaxUpload = 4 << 10
		e.svc.CheckRate = 2
	})
	token := e.partner("demo", "ADIE", "FRAC")
	e.partner("frac", "FRA2")
	body := example(t, "20261116-demo.csv")
	for _, tt := range []struct {
		name   string
		header http.Header
		body   []byte
		status int
		code   string
	}{
		{"no token", func() http.Header { h := seedHeaders("", "20261116-demo.csv"); h.Del("Authorization"); return h }(), body, 401, "unauthorized"},
		{"content type", func() http.Header {
			h := seedHeaders(token, "20261116-demo.csv")
			h.Set("Content-Type", "text/csv")
			return h
		}(), body, 415, "unsupported"},
		{"bad name", seedHeaders(token, "export.csv"), body, 422, "bad_name"},
		{"another partner's", seedHeaders(token, "20261116-frac.csv"), body, 403, "forbidden"},
		{"unknown partner", seedHeaders(token, "20261116-nobody.csv"), body, 404, "not_found"},
		{"too large", seedHeaders(token, "20261116-demo.csv"), bytes.Repeat([]byte("x"), 5<<10), 413, "too_large"},
	} {
		resp, b := e.do(http.MethodPost, "/api/v1/checks", tt.header, bytes.NewReader(tt.body))
		assert.Equal(t, tt.status, resp.StatusCode, "%s: %s", tt.name, b)
		code, msg := problemOf(t, b)
		assert.Equal(t, tt.code, code, tt.name)
		assert.NotEmpty(t, msg)
	}
	for i := range 2 {
		resp, b := e.dryRun(token, "20261116-demo.csv", body)
		require.Equal(t, http.StatusOK, resp.StatusCode, "dry run %d: %s", i+1, b)
	}
	resp, b := e.dryRun(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "%s", b)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	code, msg := problemOf(t, b)
	assert.Equal(t, "rate_limited", code)
	assert.Contains(t, msg, "2 par heure")
	resp, _ = e.upload(token, "20261116-demo.csv", body)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "uploads are not held back by the dry runs' limit")
}

// fileAnswer is GET /api/v1/files/{name}.
type fileAnswer struct {
	eleader.FileStatus
	Import *struct {
		Mode    string `json:"mode"`
		Message string `json:"message"`
	} `json:"import"`
	Verdict *struct {
		File, Partner, Date, Status string
		Lines, Accepted, Rejected   int
		Checks                      []eleader.ReportCheck
		Qualification               bool
	} `json:"verdict"`
	Links *struct {
		Report, Page, RejectsCSV, RejectsXLSX string
	} `json:"links"`
}

func (e *env) fileState(token, name string) fileAnswer {
	e.t.Helper()
	resp, b := e.get(token, "/api/v1/files/"+url.PathEscape(name))
	require.Equal(e.t, http.StatusOK, resp.StatusCode, "%s", b)
	var f fileAnswer
	require.NoError(e.t, json.Unmarshal(b, &f))
	return f
}

// TestFileStateAndWithdraw: a file's state after sending, the verdict once
// imported; a waiting file withdrawn (204), its name free again, traced in
// the ledger; an imported one not (409).
func TestFileStateAndWithdraw(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE")
	ctx := context.Background()
	body := example(t, "20261116-demo.csv")
	del := func(name string) (*http.Response, []byte) {
		h := http.Header{"Authorization": {"fmetoken token=" + token}}
		return e.do(http.MethodDelete, "/api/v1/files/"+url.PathEscape(name), h, nil)
	}

	resp, b := e.upload(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	f := e.fileState(token, "20261116-demo.csv")
	assert.Equal(t, eleader.FileWaiting, f.State)
	require.NotNil(t, f.Import, "when it will be imported")
	assert.Equal(t, "manual", f.Import.Mode)
	assert.Nil(t, f.Verdict)

	resp, b = del("20261116-demo.csv")
	require.Equal(t, http.StatusNoContent, resp.StatusCode, "%s", b)
	assert.Empty(t, b)
	assert.Empty(t, e.deposited("demo"))
	f = e.fileState(token, "20261116-demo.csv")
	assert.Equal(t, eleader.FileWithdrawn, f.State)
	require.Len(t, f.Events, 1)
	assert.Equal(t, eleader.EventWithdrawn, f.Events[0].Action)
	resp, b = del("20261116-demo.csv")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s", b)
	code, msg := problemOf(t, b)
	assert.Equal(t, "not_found", code)
	assert.Contains(t, msg, "n'attend son import")

	// The correction, under the same name.
	resp, b = e.upload(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "the name is free again: %s", b)

	// While an import of the partner's files runs: not now.
	holder := eleader.LockHolder{ID: "other", Host: "elsewhere", PID: 1}
	ok, err := e.svc.Store.TryLock(ctx, "run:demo", holder, time.Now(), time.Now().Add(time.Hour), nil)
	require.NoError(t, err)
	require.True(t, ok)
	resp, b = del("20261116-demo.csv")
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "%s", b)
	_, msg = problemOf(t, b)
	assert.Contains(t, msg, "import de vos fichiers est en cours")
	require.NoError(t, e.svc.Store.Unlock(ctx, "run:demo", holder))

	rec, _, err := e.svc.Run(ctx, eleader.RunOptions{Partner: "demo"})
	require.NoError(t, err)
	require.Equal(t, 1, rec.Imported)
	f = e.fileState(token, "20261116-demo.csv")
	assert.Equal(t, eleader.FileImported, f.State)
	require.NotNil(t, f.Verdict)
	assert.Equal(t, "partial", f.Verdict.Status, "FRAC's numbers are another partner's")
	assert.Equal(t, "2026-11-16", f.Verdict.Date)
	assert.True(t, f.Verdict.Qualification)
	require.NotEmpty(t, f.Verdict.Checks)
	assert.Equal(t, "operator", f.Verdict.Checks[0].Check)
	require.NotNil(t, f.Links)
	assert.Equal(t, f.Links.Report+"/rejects.csv", f.Links.RejectsCSV)
	resp, _ = e.get(token, f.Links.Report)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the report link")
	resp, b = e.get(token, f.Links.RejectsCSV)
	require.Equal(t, http.StatusOK, resp.StatusCode, "the rejects link")
	assert.Contains(t, string(b), "operator code is one of 'ADIE'")

	resp, b = del("20261116-demo.csv")
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "%s", b)
	_, msg = problemOf(t, b)
	assert.Contains(t, msg, "déjà été importé")
	assert.Contains(t, msg, "AAAAMMJJ-demo.csv")

	resp, b = e.get(token, "/api/v1/files/20261118-demo.csv")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s", b)
	resp, _ = e.do(http.MethodDelete, "/api/v1/files/20261116-demo.csv", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.True(t, strings.Contains(e.logs.String(), "DELETE"), "the withdrawal is logged")
}

// TestWebWithdraw: the page's "Retirer" button on a waiting file withdraws
// it (the same function as the API's DELETE), says so, and frees the name;
// an imported file has no button, and a forged request for it is refused
// with the reason.
func TestWebWithdraw(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	body := example(t, "20261116-demo.csv")
	resp, b := e.upload(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	w := e.browser()
	w.signIn(token)
	_, page := w.get("/espace")
	assert.Contains(t, page, `<input type="hidden" name="nom" value="20261116-demo.csv">`)
	assert.Contains(t, page, `Retirer<span class="visuellement-cache"> le fichier 20261116-demo.csv</span>`)

	resp, page = w.post("/espace/retrait", map[string]string{"nom": "20261116-demo.csv"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/espace", resp.Request.URL.Path, "back to the page")
	assert.Contains(t, page, "Le fichier 20261116-demo.csv a été retiré : déposez sa correction sous le même nom.")
	assert.Empty(t, e.deposited("demo"))
	f := e.fileState(token, "20261116-demo.csv")
	assert.Equal(t, eleader.FileWithdrawn, f.State)

	resp, _ = w.deposit("20261116-demo.csv", body, w.csrf)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, e.deposited("demo"), "20261116-demo.csv", "deposited again under its name")
	_, _, err := e.svc.Run(context.Background(), eleader.RunOptions{Partner: "demo"})
	require.NoError(t, err)
	_, page = w.get("/espace")
	assert.NotContains(t, page, `name="nom" value="20261116-demo.csv"`, "no button once imported")
	resp, page = w.post("/espace/retrait", map[string]string{"nom": "20261116-demo.csv"})
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, page, "a déjà été importé")
	resp, _ = w.post("/espace/retrait", map[string]string{"nom": "20261116-demo.csv", "csrf": "forged"})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "the form's anti-forgery value")
}

// TestCheckAPIWorkbook: a workbook's dry run is judged through its
// conversion, its lines numbered by rows; a workbook breaking the
// template's rules is a verdict, its deposit refused.
func TestCheckAPIWorkbook(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "workbooks", name))
		require.NoError(t, err)
		return b
	}
	h := seedHeaders(token, "20261117-demo.xlsx")
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	resp, b := e.do(http.MethodPost, "/api/v1/checks", h, bytes.NewReader(read("20261117-demo.xlsx")))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var a checkAnswer
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Equal(t, "partial", a.Status)
	require.NotEmpty(t, a.Errors)
	assert.Equal(t, "accepted", a.Check.Deposit)

	resp, b = e.dryRun(token, "20261118-demo.xlsx", read("formula.xlsx"))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	a = checkAnswer{}
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Equal(t, "rejected", a.Status)
	require.NotEmpty(t, a.FileErrors)
	assert.Equal(t, "workbook", a.FileErrors[0].Code)
	assert.Equal(t, "refused", a.Check.Deposit)
	assert.Contains(t, a.Check.Message, "formule", "said in French")
	assert.Empty(t, e.deposited("demo"))
}
