package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// addReport stores a report of partner with rejected lines and a small
// rejects CSV, as an import does.
func (e *env) addReport(partner string, rejected int) *eleader.Report {
	e.t.Helper()
	rejects := "\xEF\xBB\xBFNom;Erreurs\r\nDupont;x\r\n"
	r := &eleader.Report{Partner: partner, File: "20261116-" + partner + ".csv", Status: "partial", Mode: "partial",
		Recipients: []string{"contact@" + partner + ".example"}, FileErrors: []importer.FileError{}, Checks: []eleader.ReportCheck{},
		Lines: rejected + 1, Accepted: 1, Rejected: rejected, Dossiers: 1,
		RejectsBytes: int64(len(rejects)), Created: time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC)}
	ctx := e.t.Context()
	tx, err := e.svc.Store.BeginImport(ctx)
	require.NoError(e.t, err)
	defer tx.Rollback()
	require.NoError(e.t, tx.AddReport(ctx, r))
	require.NoError(e.t, tx.AddRejects(ctx, r.ID, eleader.RejectsPartCSVRaw, strings.NewReader(rejects)))
	require.NoError(e.t, tx.AddRejects(ctx, r.ID, eleader.RejectsPartLinesRaw, strings.NewReader("2\n")))
	require.NoError(e.t, tx.Commit())
	return r
}

// The XLSX rejects are offered — API link, web page link — only when they
// can exist: a worksheet holds the rejected lines (eleader.HasRejectsXLSX,
// the email's rule); beyond, the CSV only, never a link that answers 415.
func TestRejectsXLSXLinkOnlyWhenASheetHoldsThem(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE")
	for _, tt := range []struct {
		name     string
		rejected int
		xlsx     bool
	}{
		{"a worksheet holds them", eleader.MaxRejectsXLSX, true},
		{"more than a worksheet holds", eleader.MaxRejectsXLSX + 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := e.addReport("demo", tt.rejected)
			resp, b := e.get(token, fmt.Sprintf("/api/v1/reports/%d", r.ID))
			require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
			var links struct{ RejectsCsv, RejectsXlsx string }
			require.NoError(t, json.Unmarshal(b, &links))
			assert.Equal(t, fmt.Sprintf("/api/v1/reports/%d/rejects.csv", r.ID), links.RejectsCsv)
			if tt.xlsx {
				assert.Equal(t, fmt.Sprintf("/api/v1/reports/%d/rejects.xlsx", r.ID), links.RejectsXlsx)
			} else {
				assert.NotContains(t, string(b), "rejectsXlsx")
				resp, _ := e.get(token, fmt.Sprintf("/api/v1/reports/%d/rejects.xlsx", r.ID))
				assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode, "the link left out is one that cannot answer")
			}

			w := e.browser()
			w.signIn(token)
			resp, body := w.get(fmt.Sprintf("/espace/rapports/%d", r.ID))
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Contains(t, body, fmt.Sprintf("/espace/rapports/%d/rejets.csv", r.ID))
			assert.Equal(t, tt.xlsx, strings.Contains(body, fmt.Sprintf("/espace/rapports/%d/rejets.xlsx", r.ID)), "the page's XLSX link")
		})
	}
}
