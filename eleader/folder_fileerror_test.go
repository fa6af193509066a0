package eleader_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badHeader is a file with a valid name's content but a header every
// channel's front door refuses: Nom renamed NomUsage.
func badHeader(lines ...map[string]string) string {
	return strings.Replace(csvFile(lines...), ";Nom;", ";NomUsage;", 1)
}

// TestFolderFileErrorNeverSupersedes is the tester's finding on issue 12:
// a file named for the partner but with a file-level error (here a bad
// header), more recent than a valid export, used to be "the most recent",
// imported as rejected, and supersede the valid export unimported. The
// front door's check (CheckFile) now judges the candidates: a file it
// refuses is never a candidate; the valid export is imported, and the
// refused file, past the grace period, is set aside in refuses/ with its
// file errors, named in the report and the ledger.
func TestFolderFileErrorNeverSupersedes(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "asso", []string{"ASSO"}, importer.ModePartial, eleader.Production)
	valid := csvFile(dossierLine("ASSO000027", nil))
	bad := badHeader(dossierLine("ASSO000028", nil))
	e.drop(t, "asso", "20261127-asso.csv", valid, old)
	e.drop(t, "asso", "20261128-asso.csv", bad, old)

	rec := e.run(t, "asso")
	assert.Equal(t, 1, rec.Imported)
	assert.Zero(t, rec.Superseded)
	assert.Equal(t, 1, rec.Refused)
	_, err := e.store.View(ctx, "ASSO000027")
	assert.NoError(t, err, "the valid export is imported")
	f, found, err := e.store.RunFile(ctx, "asso", "20261127-asso.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, eleader.FileImported, f.State)
	_, found, err = e.store.RunFile(ctx, "asso", "20261128-asso.csv")
	require.NoError(t, err)
	assert.False(t, found, "the refused file is neither imported nor superseded")
	assert.Equal(t, []string{"20261128-asso.csv"}, e.files(t, "asso", dropdir.RefusedDir))
	assert.Equal(t, bad, readString(t, filepath.Join(e.root, "asso", dropdir.RefusedDir, "20261128-asso.csv")), "kept byte for byte")
	assert.Equal(t, []string{"20261127-asso.csv"}, e.files(t, "asso", dropdir.HistoryDir))
	assert.Empty(t, e.files(t, "asso", dropdir.DepositDir))

	// The ledger and the report name it, with its header error.
	ev := e.events(t, "asso")["20261128-asso.csv"]
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventRefused, ev[0].Action)
	assert.Equal(t, eleader.RefusedFile, ev[0].Reason)
	fes := ev[0].FileErrors()
	require.Len(t, fes, 1)
	assert.Equal(t, importer.CodeHeader, fes[0].Code)
	assert.Contains(t, fes[0].Message, "missing column 'Nom'")
	assert.Contains(t, fes[0].Message, "unknown column 'NomUsage'")
	assert.Contains(t, ev[0].Message(), "unknown column 'NomUsage'")
	reps := e.reports(t, "asso")
	require.Len(t, reps, 1)
	assert.Equal(t, "20261127-asso.csv", reps[0].File)
	require.Len(t, reps[0].Refused, 1)
	assert.Equal(t, "20261128-asso.csv", reps[0].Refused[0].Name)
	view := eleader.NewReportView(&reps[0], i18n.French)
	require.Len(t, view.Refused, 1)
	assert.Contains(t, view.Refused[0].Reason, "NomUsage", "the French report names the header error")
	assert.Contains(t, view.Refused[0].Reason, fes[0].In(i18n.French)[:20])
	assert.Contains(t, i18n.English.Text(ev[0].Text()), fes[0].Message)
	assert.Contains(t, i18n.French.Text(ev[0].Text()), fes[0].In(i18n.French)[:20], "the ledger in French")
	assert.NotEqual(t, fes[0].Message, fes[0].In(i18n.French))
	e.mu.Lock()
	logs := e.logs.String()
	e.mu.Unlock()
	assert.Contains(t, logs, `"reason":"file"`)
	assert.Contains(t, logs, `"detail":"header"`, "the log names the file error's code")
	assert.NotContains(t, logs, "NomUsage", "a file error's text, which may quote the file's cells, stays out of the logs")
}

// TestFolderFileErrorGrace: a refused file within the grace period is no
// candidate either — the older valid export is imported at once — and is
// left alone until the grace period ends; then it is set aside, in a
// notice.
func TestFolderFileErrorGrace(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "asso", []string{"ASSO"}, importer.ModePartial, eleader.Production)
	e.drop(t, "asso", "20261127-asso.csv", csvFile(dossierLine("ASSO000027", nil)), old)
	path := e.drop(t, "asso", "20261128-asso.csv", "", time.Minute) // empty: still being written, or empty
	rec := e.run(t, "asso")
	assert.Equal(t, 1, rec.Imported)
	assert.Zero(t, rec.Superseded+rec.Refused)
	assert.Equal(t, []string{"20261128-asso.csv"}, e.files(t, "asso", dropdir.DepositDir), "left alone within the grace period")

	e.age(t, path, old)
	rec = e.run(t, "asso")
	assert.Zero(t, rec.Imported+rec.Superseded)
	assert.Equal(t, 1, rec.Refused)
	reps := e.reports(t, "asso")
	require.Len(t, reps, 2)
	assert.True(t, reps[0].Notice)
	require.Len(t, reps[0].Refused, 1)
	assert.Equal(t, eleader.RefusedFile, reps[0].Refused[0].Reason)
	fes := reps[0].Refused[0].FileErrors()
	require.Len(t, fes, 1)
	assert.Equal(t, importer.CodeEmpty, fes[0].Code)
}

// TestFolderFileErrorJudgedLazily: the candidates are judged from the
// most recent date down until one passes; the older ones are superseded
// unread (a bad file among them too: it is never read); a refused first
// file of a date leaves the date to the next file of that date.
func TestFolderFileErrorJudgedLazily(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.svc.Workbooks = xlsx.Workbooks{}
	e.partner(t, "asso", []string{"ASSO"}, importer.ModePartial, eleader.Production)
	e.drop(t, "asso", "20261120-asso.csv", badHeader(dossierLine("ASSO000020", nil)), 3*old) // older than the import: unread
	e.drop(t, "asso", "20261125-asso.csv", badHeader(dossierLine("ASSO000025", nil)), 3*old) // first of its date: refused
	e.drop(t, "asso", "20261125-asso.xlsx", string(workbookOf(t, []map[string]string{dossierLine("ASSO000125", nil)}, nil)), 2*old)
	e.drop(t, "asso", "20261129-asso.csv", "NumeroDossier,Nom\n", old) // the latest date: a separator error
	e.drop(t, "asso", "20261130-asso.xlsx", "not a workbook", old)     // and a file that is no workbook
	rec := e.run(t, "asso")
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, 1, rec.Superseded)
	assert.Equal(t, 3, rec.Refused)
	_, err := e.store.View(ctx, "ASSO000125")
	assert.NoError(t, err, "the date's next file, a workbook, is imported")
	ev := e.events(t, "asso")
	want := map[string]importer.FileCheck{"20261130-asso.xlsx": importer.CodeWorkbook, "20261129-asso.csv": importer.CodeSeparator, "20261125-asso.csv": importer.CodeHeader}
	for n, code := range want {
		require.Len(t, ev[n], 1, n)
		assert.Equal(t, eleader.RefusedFile, ev[n][0].Reason, n)
		if fes := ev[n][0].FileErrors(); assert.NotEmpty(t, fes, n) {
			assert.Equal(t, code, fes[0].Code, n)
		}
	}
	f, found, err := e.store.RunFile(ctx, "asso", "20261120-asso.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, eleader.FileSuperseded, f.State, "older than the file imported: superseded, as before")
	assert.Equal(t, 3, strings.Count(e.logs.String(), "refused by the front door"), "the older date is not read")
	assert.Empty(t, e.files(t, "asso", dropdir.DepositDir))

	// Nothing passes: nothing is imported, nothing superseded.
	e.drop(t, "asso", "20261201-asso.csv", badHeader(dossierLine("ASSO000201", nil)), old)
	e.drop(t, "asso", "20261202-asso.csv", "", old)
	rec = e.run(t, "asso")
	assert.Zero(t, rec.Imported+rec.Superseded)
	assert.Equal(t, 2, rec.Refused)
}

// TestFolderFileErrorEach: importing every deposit (uploads as they come),
// a file the front door refuses is set aside, the others imported.
func TestFolderFileErrorEach(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "asso", []string{"ASSO"}, importer.ModePartial, eleader.Production)
	e.drop(t, "asso", "20261127-asso.csv", csvFile(dossierLine("ASSO000027", nil)), old)
	e.drop(t, "asso", "20261128-asso.csv", badHeader(dossierLine("ASSO000028", nil)), old)
	e.drop(t, "asso", "20261129-asso.csv", csvFile(dossierLine("ASSO000029", nil)), old)
	rec, _, err := e.svc.Run(ctx, eleader.RunOptions{Partner: "asso", Each: true})
	require.NoError(t, err)
	assert.Equal(t, 2, rec.Imported)
	assert.Equal(t, 1, rec.Refused)
	assert.Equal(t, []string{"20261128-asso.csv"}, e.files(t, "asso", dropdir.RefusedDir))
	_, statErr := os.Stat(filepath.Join(e.root, "asso", dropdir.HistoryDir, "20261128-asso.csv"))
	assert.True(t, os.IsNotExist(statErr))
}

// TestFolderReusedExportDate: a workbook of an export date whose CSV was
// imported is refused for its export date, naming the CSV — not for its
// name, which never served.
func TestFolderReusedExportDate(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "asso", []string{"ASSO"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "asso", "20261120-asso.csv", csvFile(dossierLine("ASSO000020", nil)))
	e.run(t, "asso")
	e.drop(t, "asso", "20261120-asso.xlsx", "a workbook", old)
	rec := e.run(t, "asso")
	assert.Equal(t, 1, rec.Refused)
	reps := e.reports(t, "asso")
	require.Len(t, reps, 2)
	require.Len(t, reps[0].Refused, 1)
	ev := reps[0].Refused[0]
	assert.Equal(t, eleader.RefusedUsed, ev.Reason)
	when, twin := ev.UsedDetail()
	assert.Equal(t, "20261120-asso.csv", twin)
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, when)
	assert.Contains(t, ev.Message(), "its export date was already used on "+when+", by 20261120-asso.csv")
	view := eleader.NewReportView(&reps[0], i18n.French)
	require.Len(t, view.Refused, 1)
	assert.Contains(t, view.Refused[0].Reason, "sa date d'export a déjà servi le ")
	assert.Contains(t, view.Refused[0].Reason, "pour le fichier 20261120-asso.csv")
	assert.NotContains(t, view.Refused[0].Reason, "ce nom a déjà servi")
}

// TestFolderFreshLeftover: the temporary file a killed process left, even
// a moment ago, is removed by the first run (as at start-up), whatever the
// grace period: no process locks it.
func TestFolderFreshLeftover(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "asso", []string{"ASSO"}, importer.ModePartial, eleader.Production)
	path := e.drop(t, "asso", ".tmp-4242", "half a deposit", 0)
	require.NoError(t, os.Chtimes(path, time.Now(), time.Now()))
	e.svc.DepositGrace = time.Hour
	e.run(t, "asso")
	assert.Empty(t, e.files(t, "asso", dropdir.DepositDir))
	ev := e.events(t, "asso")[".tmp-4242"]
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventLeftover, ev[0].Action)
}
