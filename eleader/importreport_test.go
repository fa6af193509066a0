package eleader_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// TestImportReported: the import writes its report in its transaction,
// rejects included, with the file's name (not the path it was read from),
// and the caller still sees each line; a file already consolidated gets
// no report.
func TestImportReported(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.mustActivate(t, onbSheet("demo", "ADIE", "FRAC"))
	importFile := func(name string) *eleader.ImportResult {
		t.Helper()
		f, err := os.Open("../examples/files/" + name)
		require.NoError(t, err)
		defer f.Close()
		lines := 0
		r, err := e.svc.ImportReported(ctx, eleader.Import{Partner: "demo", Name: "../examples/files/" + name, Body: f,
			Each: func(*importer.Line) error { lines++; return nil }})
		require.NoError(t, err)
		assert.Equal(t, r.Report.Lines, lines, "Each sees every line")
		return r
	}
	r := importFile("20261117-demo.csv")
	require.NotZero(t, r.ReportID)
	rep, err := e.svc.PartnerReport(ctx, "demo", r.ReportID)
	require.NoError(t, err)
	assert.Equal(t, "20261117-demo.csv", rep.File)
	assert.Equal(t, r.Record.ID, rep.ImportID)
	assert.Zero(t, rep.RunID, "no run made it")
	assert.True(t, rep.Qualification)
	assert.Len(t, storedLines(t, e.store, rep), r.Report.Rejected)
	assert.True(t, strings.HasPrefix(storedRejects(t, e.svc, rep), "\uFEFF"), "the rejects file, as a run's")
	assert.Equal(t, []string{"tech@demo.example"}, rep.Recipients)

	// In qualification every import is judged and recorded: reported again.
	again := importFile("20261117-demo.csv")
	assert.NotZero(t, again.ReportID)
	assert.NotEqual(t, r.ReportID, again.ReportID)
}
