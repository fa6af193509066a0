package storetest

import (
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testFiles checks a partner's ledger with its reports: most recent first,
// one partner's only, the report of an imported file joined by its import,
// none for a superseded file, and the limit.
func testFiles(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	files, err := s.Files(ctx, "adie", "", 0)
	require.NoError(t, err)
	assert.Empty(t, files, "Files of an empty store")

	old := superseded("adie", "20261114-adie.csv", 3)
	require.NoError(t, s.MarkSuperseded(ctx, old))
	first := imported("adie", "20261115-adie.csv", 3, 7)
	second := imported("adie", "20261116-adie.csv", 4, 8)
	second.At = first.At.Add(24 * time.Hour)
	other := imported("frac", "20261116-frac.csv", 4, 9)

	r1 := report("adie", first.Name, runStart, true)
	r1.ImportID = 7
	r2 := report("adie", second.Name, runStart.Add(24*time.Hour), false)
	r2.ImportID, r2.Rejected, r2.Status = 8, 0, "accepted"
	r3 := report("frac", other.Name, runStart, false)
	r3.ImportID = 9
	tx := begin(t, s)
	// The import of first names the superseded file in its report.
	claimed, err := tx.ClaimSuperseded(ctx, "adie", 7)
	require.NoError(t, err)
	require.Equal(t, []string{old.Name}, claimed)
	for _, f := range []eleader.RunFile{first, second, other} {
		require.NoError(t, tx.RecordRunFile(ctx, f))
	}
	for _, r := range []*eleader.Report{r1, r2, r3} {
		addReport(t, tx, r)
	}
	require.NoError(t, tx.Commit())

	files, err = s.Files(ctx, "adie", "", 0)
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	require.Equal(t, []string{second.Name, first.Name, old.Name}, names, "Files: most recent first, adie's only")

	assert.Equal(t, utcFile(second), utcFile(files[0].RunFile))
	require.NotNil(t, files[0].Report, "report of an imported file")
	assert.Equal(t, r2.ID, files[0].Report.ID)
	assert.Equal(t, "accepted", string(files[0].Report.Status))
	assert.Equal(t, eleader.ReportPending, files[0].Report.State, "outbox state")
	require.NotNil(t, files[1].Report)
	assert.Equal(t, r1.ID, files[1].Report.ID)
	assert.Equal(t, 3, files[1].Report.Rejected)
	assert.Equal(t, int64(len(rejectsText(r1))), files[1].Report.RejectsBytes, "Files gives the rejects' size")
	assert.Nil(t, files[2].Report, "a superseded file has no report, even once an import's report names it")
	assert.Equal(t, eleader.FileSuperseded, files[2].State)

	files, err = s.Files(ctx, "adie", "", 2)
	require.NoError(t, err)
	assert.Len(t, files, 2, "Files with limit 2")
	files, err = s.Files(ctx, "frac", "", 0)
	require.NoError(t, err)
	require.Len(t, files, 1)
	require.NotNil(t, files[0].Report)
	assert.Equal(t, r3.ID, files[0].Report.ID, "frac's own report")

	files, err = s.Files(ctx, "adie", first.Name, 0)
	require.NoError(t, err)
	require.Len(t, files, 1, "Files of one name")
	assert.Equal(t, first.Name, files[0].Name)
	require.NotNil(t, files[0].Report)
	assert.Equal(t, r1.ID, files[0].Report.ID)
	files, err = s.Files(ctx, "frac", first.Name, 0)
	require.NoError(t, err)
	assert.Empty(t, files, "another partner's name")
}
