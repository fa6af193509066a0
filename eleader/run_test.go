package eleader_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runEnv is a service with a store, deposit directories and a clock that
// the test moves.
type runEnv struct {
	svc   *eleader.Service
	store *sqlite.Store
	dirs  *dropdir.Dir
	root  string
	mu    sync.Mutex
	clock time.Time
	logs  bytes.Buffer
}

func newRunEnv(tb testing.TB) *runEnv {
	tb.Helper()
	dir := tb.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "e.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { store.Close() })
	e := &runEnv{store: store, root: filepath.Join(dir, "depots"), clock: time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC)}
	e.dirs, err = dropdir.New(e.root)
	require.NoError(tb, err)
	e.dirs.Now = e.now
	e.svc = &eleader.Service{Store: store, Deposits: e.dirs, Now: e.now,
		Logger: slog.New(slog.NewJSONHandler(&lockedWriter{w: &e.logs, mu: &e.mu}, nil))}
	return e
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (e *runEnv) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock = e.clock.Add(time.Second)
	return e.clock
}

// partner creates an active partner; production partners get their
// qualification first.
func (e *runEnv) partner(tb testing.TB, id string, ops []string, mode importer.Mode, env eleader.Environment) {
	tb.Helper()
	ctx := context.Background()
	sheet := eleader.ConnectionSheet{Partner: id, Name: id, Operators: ops, Channels: []eleader.Channel{eleader.ChannelDepot},
		Mode: mode, Environment: eleader.Qualification, ReportRecipients: []string{"rapports@" + id + ".example"},
		Contact: eleader.Contact{Name: "Tech " + id, Phone: "01 23 45 67 89", Email: "tech@" + id + ".example"}}
	_, todo, err := e.svc.CreatePartner(ctx, sheet, "test")
	require.NoError(tb, err)
	require.Empty(tb, todo)
	_, err = e.svc.SubmitPartner(ctx, id, "test")
	require.NoError(tb, err)
	acts, err := e.svc.ProcessPartners(ctx, id, "test")
	require.NoError(tb, err)
	require.Equal(tb, "", acts[0].Refused)
	if env == eleader.Production {
		// a clean qualification file first
		name := "20261112-" + id + ".csv"
		res, err := e.svc.ImportFile(ctx, eleader.Import{Partner: id, Name: name,
			Body: strings.NewReader(csvFile(dossierLine(ops[0]+"900001", nil)))})
		require.NoError(tb, err)
		require.True(tb, res.Qualified, "qualification of %s", id)
		_, _, err = e.svc.EditPartner(ctx, id, func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Production; return nil }, "test", "")
		require.NoError(tb, err)
		acts, err = e.svc.ProcessPartners(ctx, id, "test")
		require.NoError(tb, err)
		require.Equal(tb, "", acts[0].Refused)
	}
}

func (e *runEnv) deposit(tb testing.TB, partner, name, body string) {
	tb.Helper()
	_, err := e.dirs.Deposit(context.Background(), partner, name, strings.NewReader(body), 0)
	require.NoError(tb, err)
}

func (e *runEnv) run(tb testing.TB, partner string) *eleader.RunRecord {
	tb.Helper()
	rec, _, err := e.svc.Run(context.Background(), eleader.RunOptions{Partner: partner})
	require.NoError(tb, err)
	return rec
}

func (e *runEnv) files(tb testing.TB, partner, sub string) []string {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Join(e.root, partner, sub))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(tb, err)
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	return names
}

func (e *runEnv) reports(tb testing.TB, partner string) []eleader.Report {
	tb.Helper()
	r, err := e.store.Reports(context.Background(), partner, 0)
	require.NoError(tb, err)
	return r
}

func (e *runEnv) imports(tb testing.TB, partner string) []eleader.ImportRecord {
	tb.Helper()
	r, err := e.store.Imports(context.Background(), partner)
	require.NoError(tb, err)
	return r
}

// dossierLine is a valid line of the default matrice for a number, with
// changes.
func dossierLine(number string, change map[string]string) map[string]string {
	l := map[string]string{
		"NumeroDossier": number, "Phase": "1", "DateDebutPhase": "01/03/2026", "DateMaj": "10/11/2026",
		"Civilite": "MME", "Nom": "Dupont", "Prenom": "Amélie", "DateNaissance": "12/05/1990", "CodePostal": "93200",
		"Commune": "Saint-Denis", "QPV": "OUI", "CodeQPV": "QN09301M", "DateAccueil": "01/03/2026", "ConsentementRGPD": "OUI",
	}
	for k, v := range change {
		l[k] = v
	}
	return l
}

// csvFile writes lines on the default matrice's header.
func csvFile(lines ...map[string]string) string {
	var b strings.Builder
	header := defaultColumns()
	b.WriteString(strings.Join(header, ";") + "\n")
	for _, l := range lines {
		cells := make([]string, len(header))
		for i, h := range header {
			cells[i] = l[h]
		}
		b.WriteString(strings.Join(cells, ";") + "\n")
	}
	return b.String()
}

func defaultColumns() []string {
	m := matrice.Default()
	cols := make([]string, m.Len())
	for i := range cols {
		cols[i] = m.FieldName(i)
	}
	return cols
}

func TestRunNoFile(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	before := len(e.imports(t, "adie"))
	rec := e.run(t, "")
	assert.Equal(t, "ok", rec.Outcome)
	assert.Equal(t, 1, rec.Partners)
	assert.Zero(t, rec.Imported+rec.Superseded+rec.Failed+rec.Busy)
	assert.Len(t, e.imports(t, "adie"), before, "no file, no import")
	assert.Empty(t, e.reports(t, "adie"))
	assert.Empty(t, e.files(t, "adie", dropdir.HistoryDir))
	runs, err := e.store.Runs(context.Background(), "", 0)
	require.NoError(t, err)
	require.Len(t, runs, 1, "the run is recorded all the same")
	assert.False(t, runs[0].Ended.Before(runs[0].Started))
}

func TestRunOneFile(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	body := csvFile(dossierLine("ADIE000001", nil), dossierLine("ADIE000002", map[string]string{"Civilite": "Mr"}))
	e.deposit(t, "adie", "20261116-adie.csv", body)

	rec := e.run(t, "")
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, 2, rec.Lines)
	assert.Equal(t, 1, rec.Accepted)
	assert.Equal(t, 1, rec.Rejected)
	assert.Empty(t, e.files(t, "adie", dropdir.DepositDir), "the deposit is gone")
	assert.Equal(t, []string{"20261116-adie.csv"}, e.files(t, "adie", dropdir.HistoryDir))
	kept, err := os.ReadFile(filepath.Join(e.root, "adie", dropdir.HistoryDir, "20261116-adie.csv"))
	require.NoError(t, err)
	assert.Equal(t, body, string(kept), "history keeps the file byte for byte")

	f, found, err := e.store.RunFile(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, eleader.FileImported, f.State)
	assert.Equal(t, rec.ID, f.RunID)

	v, err := e.store.View(ctx, "ADIE000001")
	require.NoError(t, err, "consolidated")
	assert.Equal(t, "Dupont", v.Value("Nom"))
	_, err = e.store.View(ctx, "ADIE000002")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "the rejected line is not")

	reps := e.reports(t, "adie")
	require.Len(t, reps, 1)
	r := reps[0]
	assert.Equal(t, "20261116-adie.csv", r.File)
	assert.Equal(t, f.ImportID, r.ImportID)
	assert.Equal(t, []string{"rapports@adie.example"}, r.Recipients)
	assert.Equal(t, importer.StatusPartial, r.Status)
	assert.True(t, r.Consolidated)
	assert.Equal(t, 1, r.Rejected)
	assert.Contains(t, storedRejects(t, e.svc, &r), "Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'")
	assert.Empty(t, r.Superseded)

	// A second run finds nothing more.
	rec = e.run(t, "")
	assert.Zero(t, rec.Imported)
	assert.Len(t, e.reports(t, "adie"), 1)
}

func TestRunSupersedesOlderDeposits(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	for i, day := range []string{"20261114", "20261115", "20261116"} {
		e.deposit(t, "adie", day+"-adie.csv", csvFile(dossierLine(fmt.Sprintf("ADIE%06d", i+1), nil)))
	}
	rec := e.run(t, "")
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, 2, rec.Superseded)
	assert.ElementsMatch(t, []string{"20261114-adie.csv.superseded", "20261115-adie.csv.superseded", "20261116-adie.csv"}, e.files(t, "adie", dropdir.HistoryDir))
	assert.Empty(t, e.files(t, "adie", dropdir.DepositDir))
	_, err := e.store.View(ctx, "ADIE000003")
	assert.NoError(t, err, "the most recent file is imported")
	for _, n := range []string{"ADIE000001", "ADIE000002"} {
		_, err := e.store.View(ctx, n)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "superseded files are not imported: %s", n)
	}
	reps := e.reports(t, "adie")
	require.Len(t, reps, 1)
	assert.Equal(t, []string{"20261114-adie.csv", "20261115-adie.csv"}, reps[0].Superseded, "a line in the report")
	for _, n := range []string{"20261114-adie.csv", "20261115-adie.csv"} {
		f, found, err := e.store.RunFile(ctx, "adie", n)
		require.NoError(t, err)
		assert.True(t, found && f.State == eleader.FileSuperseded, n)
	}
	// A superseded name stays taken.
	_, err = e.dirs.Deposit(ctx, "adie", "20261114-adie.csv", strings.NewReader("x"), 0)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))
}

func TestRunCompleteModeRejectsTheFile(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModeComplete, eleader.Production)
	e.deposit(t, "bge", "20261116-bge.csv", csvFile(dossierLine("BGEE000001", nil), dossierLine("BGEE000002", map[string]string{"Nom": ""})))
	rec := e.run(t, "")
	assert.Equal(t, 1, rec.Imported, "the file is handled")
	_, err := e.store.View(ctx, "BGEE000001")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "nothing is consolidated")
	reps := e.reports(t, "bge")
	require.Len(t, reps, 1)
	r := reps[0]
	assert.Equal(t, importer.StatusRejected, r.Status)
	assert.False(t, r.Consolidated)
	require.Len(t, r.FileErrors, 1)
	assert.Equal(t, importer.CodeMode, r.FileErrors[0].Code)
	assert.Contains(t, r.FileErrors[0].Message, "1 of 2 lines rejected", "the report says why")
	assert.Contains(t, storedRejects(t, e.svc, &r), "fails check for has a value")
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir))
}

func TestRunQualificationPartner(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Qualification)
	e.deposit(t, "frac", "20261115-frac.csv", csvFile(dossierLine("FRAC000001", map[string]string{"SIRET": "x"})))
	e.run(t, "")
	p, err := e.svc.Partner(ctx, "frac")
	require.NoError(t, err)
	assert.False(t, p.Qualified(), "a file with a rejected line does not qualify")
	reps := e.reports(t, "frac")
	require.Len(t, reps, 1)
	assert.True(t, reps[0].Qualification)
	assert.False(t, reps[0].Qualified)
	assert.NotEmpty(t, storedRejects(t, e.svc, &reps[0]), "the full report")

	e.deposit(t, "frac", "20261116-frac.csv", csvFile(dossierLine("FRAC000001", nil)))
	e.run(t, "")
	p, err = e.svc.Partner(ctx, "frac")
	require.NoError(t, err)
	assert.True(t, p.Qualified(), "a clean file marks the qualification as passed")
	_, err = e.store.View(ctx, "FRAC000001")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "nothing consolidated in qualification")
	reps = e.reports(t, "frac")
	require.Len(t, reps, 2)
	assert.True(t, reps[0].Qualified)
	assert.Zero(t, reps[0].RejectsBytes)
}

func TestRunOnlyActivePartnersAndOnePartner(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", csvFile(dossierLine("ADIE000001", nil)))
	e.deposit(t, "frac", "20261116-frac.csv", csvFile(dossierLine("FRAC000001", nil)))
	_, err := e.svc.DeactivatePartner(ctx, "frac", "test", "")
	require.NoError(t, err)

	rec := e.run(t, "adie")
	assert.Equal(t, 1, rec.Partners)
	assert.Equal(t, 1, rec.Imported)
	rec = e.run(t, "")
	assert.Equal(t, 1, rec.Partners, "a deactivated partner is not run")
	assert.Zero(t, rec.Imported)
	assert.Equal(t, []string{"20261116-frac.csv"}, e.files(t, "frac", dropdir.DepositDir), "its deposit waits")
}

func TestRunTwoAtOnce(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	var lines []map[string]string
	for i := range 2000 {
		lines = append(lines, dossierLine(fmt.Sprintf("ADIE%06d", i), nil))
	}
	e.deposit(t, "adie", "20261116-adie.csv", csvFile(lines...))
	before := len(e.imports(t, "adie"))

	var wg sync.WaitGroup
	recs := make([]*eleader.RunRecord, 2)
	for i := range recs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec, _, err := e.svc.Run(context.Background(), eleader.RunOptions{})
			assert.NoError(t, err)
			recs[i] = rec
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, recs[0].Imported+recs[1].Imported, "the file is imported once")
	assert.Len(t, e.imports(t, "adie"), before+1)
	assert.Len(t, e.reports(t, "adie"), 1)
}

func TestRunLogsCarryNoPersonalData(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", csvFile(
		dossierLine("ADIE000001", map[string]string{"Nom": "Zébulon", "Prenom": "Théodora", "Email": "theodora@perso.example"}),
		dossierLine("ADIE000002", map[string]string{"Nom": "Xanthippe", "Civilite": "Mr"}),
	))
	e.run(t, "")
	e.mu.Lock()
	logs := e.logs.String()
	e.mu.Unlock()
	require.Contains(t, logs, `"msg":"run ended"`)
	for _, personal := range []string{"Zébulon", "Théodora", "theodora@perso.example", "Xanthippe", "12/05/1990", "Saint-Denis", "93200", "Mr"} {
		assert.NotContains(t, logs, personal)
	}
}

func TestRunProgress(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	body := csvFile(dossierLine("ADIE000001", nil))
	e.deposit(t, "adie", "20261116-adie.csv", body)
	var last, total int64
	calls := 0
	_, _, err := e.svc.Run(context.Background(), eleader.RunOptions{Progress: func(r, t int64) { last, total = r, t; calls++ }})
	require.NoError(t, err)
	assert.Positive(t, calls)
	assert.Equal(t, int64(len(body)), total)
	assert.Equal(t, total, last, "every byte read")
}

func TestPurge(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", csvFile(dossierLine("ADIE000002", map[string]string{"Civilite": "Mr"})))
	e.run(t, "")
	before := e.reports(t, "adie")[0]
	require.NotEmpty(t, storedRejects(t, e.svc, &before))

	files, n, err := e.svc.Purge(ctx, e.now().Add(-time.Hour))
	require.NoError(t, err)
	assert.Empty(t, files, "nothing is old enough yet")
	assert.Zero(t, n)

	files, n, err = e.svc.Purge(ctx, e.now().Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, []string{"adie/historique/20261116-adie.csv"}, files)
	assert.Equal(t, 1, n)
	r := e.reports(t, "adie")[0]
	assert.Zero(t, r.RejectsBytes, "rejected lines are purged")
	_, err = e.svc.OpenRejects(ctx, &before)
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "no part left in the store: %v", err)
	for _, c := range r.Checks {
		assert.Empty(t, c.Examples, "so are the examples")
	}
	assert.Equal(t, 1, r.Rejected, "the counts stay")
	assert.False(t, r.Purged.IsZero())
}
