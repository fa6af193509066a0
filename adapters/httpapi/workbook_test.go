package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func workbook(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "workbooks", name))
	require.NoError(t, err)
	return b
}

// The API takes workbooks as XLSX's media type or as octet-stream, judges
// them at once (422 with their file errors), and imports them by rows.
func TestUploadWorkbook(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	good := workbook(t, "20261117-demo.xlsx")
	with := func(name, ctype string) http.Header {
		h := seedHeaders(token, name)
		h.Set("Content-Type", ctype)
		return h
	}

	resp, b := e.do(http.MethodPost, "/api/v1/files", with("20261117-demo.xlsx", xlsxMediaType), bytes.NewReader(good))
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	assert.Equal(t, good, e.deposited("demo")["20261117-demo.xlsx"], "the workbook as sent")
	resp, b = e.do(http.MethodPost, "/api/v1/files", with("20261116-demo.xlsx", "application/octet-stream"), bytes.NewReader(good))
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)

	// The media type of a workbook with a CSV's name.
	resp, b = e.do(http.MethodPost, "/api/v1/files", with("20261119-demo.csv", xlsxMediaType), bytes.NewReader(good))
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	code, msg := problemOf(t, b)
	assert.Equal(t, "unsupported", code)
	assert.Contains(t, msg, "n'est pas nommé .xlsx")

	// The same export as CSV.
	resp, b = e.upload(token, "20261117-demo.csv", headerOnly())
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	_, msg = problemOf(t, b)
	assert.Contains(t, msg, "L'export du 17/11/2026 a déjà été déposé, sous le nom 20261117-demo.xlsx")

	// A formula: 422, the file errors in the JSON.
	resp, b = e.do(http.MethodPost, "/api/v1/files", with("20261118-demo.xlsx", xlsxMediaType), bytes.NewReader(workbook(t, "formula.xlsx")))
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	var p struct {
		Code, Message string
		FileErrors    []map[string]any `json:"fileErrors"`
	}
	require.NoError(t, json.Unmarshal(b, &p), "%s", b)
	assert.Equal(t, "rejected", p.Code)
	assert.Equal(t, "Le fichier 20261118-demo.xlsx est refusé, rien n'est déposé : la cellule AO3 contient une formule : saisissez la valeur. Corrigez-le et renvoyez-le sous le même nom.", p.Message)
	assert.Equal(t, []map[string]any{{"code": "workbook", "message": "cell AO3 holds a formula: type its value instead"}}, p.FileErrors)
	assert.NotContains(t, e.deposited("demo"), "20261118-demo.xlsx")

	// A CSV's file errors too.
	resp, b = e.upload(token, "20261118-demo.csv", []byte("NumeroDossier,Nom\r\n"))
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	require.NoError(t, json.Unmarshal(b, &p))
	assert.Equal(t, []map[string]any{{"code": "separator", "message": "line 1: the header is separated by commas (','), not ';': save the file as CSV UTF-8 with ';' separators"}}, p.FileErrors)

	// Imported: its rejects are numbered by rows, as CSV and as XLSX.
	rec, _, err := e.svc.Run(context.Background(), eleader.RunOptions{Each: true})
	require.NoError(t, err)
	require.Equal(t, 2, rec.Imported)
	resp, b = e.get(token, "/api/v1/files/20261117-demo.xlsx")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var f eleader.FileStatus
	require.NoError(t, json.Unmarshal(b, &f))
	require.NotNil(t, f.Report)
	resp, b = e.get(token, "/api/v1/reports/"+itoa(f.Report.ID))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var rep struct {
		Rejected     int    `json:"rejected"`
		RejectsBytes int64  `json:"rejectsBytes"`
		RejectsXLSX  string `json:"rejectsXlsx"`
		Checks       []eleader.ReportCheck
	}
	require.NoError(t, json.Unmarshal(b, &rep))
	assert.Equal(t, 14, rep.Rejected)
	assert.Positive(t, rep.RejectsBytes, "the size of the rejects CSV")
	resp, x := e.get(token, rep.RejectsXLSX)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `attachment; filename=20261117-demo-rejets.xlsx`, resp.Header.Get("Content-Disposition"))
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	require.NoError(t, err)
	rows, err := wb.GetRows(wb.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, rows, 15)
	var lines []int
	for _, row := range rows[1:] {
		n, err := strconv.Atoi(row[0])
		require.NoError(t, err, "Ligne %q", row[0])
		lines = append(lines, n)
	}
	assert.IsIncreasing(t, lines)
	assert.Equal(t, 16, lines[len(lines)-1], "the last row")
	for _, c := range rep.Checks {
		for _, ex := range c.Examples {
			assert.Contains(t, lines, ex.Line, "an example's row is a Ligne of the twin")
		}
	}
}

// The template at /modele.xlsx is the service's matrice's, with its
// drop-downs.
func TestTemplateDownload(t *testing.T) {
	e := newEnv(t)
	resp, b := e.get("", "/modele.xlsx")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, xlsxMediaType, resp.Header.Get("Content-Type"))
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	dvs, err := f.GetDataValidations("Dossiers")
	require.NoError(t, err)
	assert.Len(t, dvs, 52)
}
