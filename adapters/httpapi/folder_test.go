package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestReportsOfFolderRules: the API's report of an import names the files
// set aside, and a notice (no import) is served like any report, both as
// the OpenAPI document says (every response of these tests is checked
// against it); the web page lists the files set aside.
func TestReportsOfFolderRules(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	ctx := context.Background()
	folder := filepath.Join(e.depots, "demo", dropdir.DepositDir)
	hour := time.Now().Add(-time.Hour)
	require.NoError(t, os.MkdirAll(folder, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(folder, "LISEZMOI.txt"), []byte("x"), 0o600))
	require.NoError(t, os.Chtimes(filepath.Join(folder, "LISEZMOI.txt"), hour, hour))
	id := e.importedReport("demo", "20261117-demo.csv", example(t, "20261117-demo.csv"))
	resp, b := e.get(token, "/api/v1/reports/"+itoa(id))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var rep eleader.Report
	require.NoError(t, json.Unmarshal(b, &rep))
	require.Len(t, rep.Refused, 1)
	assert.Equal(t, "LISEZMOI.txt", rep.Refused[0].Name)
	assert.Equal(t, eleader.RefusedName, rep.Refused[0].Reason)

	require.NoError(t, os.WriteFile(filepath.Join(folder, "notes.txt"), []byte("x"), 0o600))
	require.NoError(t, os.Chtimes(filepath.Join(folder, "notes.txt"), hour, hour))
	_, _, err := e.svc.Run(ctx, eleader.RunOptions{Partner: "demo"})
	require.NoError(t, err)
	reps, err := e.svc.Store.Reports(ctx, "demo", 1)
	require.NoError(t, err)
	require.True(t, reps[0].Notice)
	resp, b = e.get(token, "/api/v1/reports/"+itoa(reps[0].ID))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	assert.Contains(t, string(b), `"notice":true`)
	assert.Contains(t, string(b), `"name":"notes.txt"`)

	w := e.browser()
	w.signIn(token)
	_, page := w.page(http.MethodGet, "/espace/rapports/"+itoa(id), nil, "")
	assert.Contains(t, page, "<code>LISEZMOI.txt</code> : son nom ne suit pas la nomenclature AAAAMMJJ-demo.csv")
}
