//go:build unix

package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// This is adapters/sqlite's kill test, on PostgreSQL: a process killed in
// the middle of a file's transaction leaves the store as it was, and its
// import lock goes with it (the next import does not wait for ever).

// The environment of the helper process: the store, the file to import, and
// when to die.
const (
	envHelper    = "ELEADER_KILL_HELPER" // "1" in the helper process
	envDB        = "ELEADER_KILL_DB"     // the URL, with its schema
	envFile      = "ELEADER_KILL_FILE"
	envKillOn    = "ELEADER_KILL_ON"     // the ImportTx method whose calls are counted
	envKillAfter = "ELEADER_KILL_AFTER"  // the call that kills; 0 never kills
	envCounts    = "ELEADER_KILL_COUNTS" // unkilled, the helper writes its calls there
)

// The methods the helper counts.
const (
	onCreate   = "CreateViews" // a batch of new dossiers
	onSave     = "SaveViews"   // a batch of changed ones
	onDisagree = "AddDisagreements"
	onCommit   = "Commit" // killed instead of committing
)

// bigLines is the number of lines of the file the helper imports, one per
// dossier; the first earlier of them exist in the store before (another
// partner created them, with another Conseiller), the others are created.
const bigLines, earlier = 3000, 1000

// killStore counts the calls of the methods of its transactions and sends
// SIGKILL to its own process at call after of method on, once the call has
// done its work.
type killStore struct {
	eleader.Store
	on    string
	after int
	calls map[string]int
}

func (s *killStore) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	return &killTx{ImportTx: tx, store: s}, nil
}

type killTx struct {
	eleader.ImportTx
	store *killStore
}

// called counts a call of method and dies at the one chosen.
func (t *killTx) called(method string) {
	t.store.calls[method]++
	if method == t.store.on && t.store.calls[method] == t.store.after {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}

func (t *killTx) CreateViews(ctx context.Context, views []eleader.EncodedView) error {
	err := t.ImportTx.CreateViews(ctx, views)
	t.called(onCreate)
	return err
}

func (t *killTx) SaveViews(ctx context.Context, views []eleader.EncodedView) error {
	err := t.ImportTx.SaveViews(ctx, views)
	t.called(onSave)
	return err
}

func (t *killTx) AddDisagreements(ctx context.Context, d []dossier.Disagreement) error {
	err := t.ImportTx.AddDisagreements(ctx, d)
	t.called(onDisagree)
	return err
}

func (t *killTx) Commit() error {
	t.called(onCommit)
	return t.ImportTx.Commit()
}

// TestHelperImportProcess is the process TestKillDuringImport starts and
// kills; it does nothing in a normal test run.
func TestHelperImportProcess(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		return
	}
	after, err := strconv.Atoi(os.Getenv(envKillAfter))
	require.NoError(t, err)
	s, err := postgres.Open(t.Context(), os.Getenv(envDB))
	require.NoError(t, err)
	defer s.Close()
	ks := &killStore{Store: s, on: os.Getenv(envKillOn), after: after, calls: map[string]int{}}
	res := importFile(t, ks, "adie", os.Getenv(envFile))
	require.Zero(t, after, "the helper imported its file: it was never killed (calls: %v)", ks.calls)
	require.True(t, res.Record.Consolidated, "consolidated")
	b, err := json.Marshal(ks.calls)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(os.Getenv(envCounts), b, 0o600))
}

// importFile imports a partner's file, whose dossier numbers use the
// operator code ADIE, into store.
func importFile(tb testing.TB, store eleader.Store, partner, path string) *eleader.ImportResult {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	svc := &eleader.Service{Store: store, GroupBytes: 128 << 10} // consolidation and creation interleave
	res, err := svc.Import(tb.Context(), eleader.Import{
		Partner: partner, Operators: []string{"ADIE"}, Name: filepath.Base(path), Body: f,
	})
	require.NoError(tb, err, "import %s", path)
	require.Empty(tb, res.Report.FileErrors, "file errors of %s", path)
	require.Zero(tb, res.Report.Rejected, "rejected lines of %s", path)
	return res
}

// line is a valid phase 1 line of the default matrice, with one appointment.
func line(number, conseiller, dateMaj string) map[string]string {
	return map[string]string{
		"NumeroDossier": number, "Phase": "1", "DateDebutPhase": "01/03/2026", "DateMaj": dateMaj,
		"Conseiller": conseiller, "Civilite": "MME", "Nom": "Dupont", "Prenom": "Amélie", "DateNaissance": "12/05/1990",
		"Email": "amelie.dupont@example.fr", "Telephone": "06 12 34 56 78", "Adresse": "12 rue de la Paix",
		"CodePostal": "93200", "Commune": "Saint-Denis", "QPV": "OUI", "CodeQPV": "QN09301M", "NiveauFormation": "5",
		"SituationEntree": "DEMANDEUR_EMPLOI", "BeneficiaireRSA": "NON", "RQTH": "NON", "Prescripteur": "FRANCE_TRAVAIL",
		"DateAccueil": "01/03/2026", "ConsentementRGPD": "OUI", "IntituleProjet": "Épicerie fine", "SecteurActivite": "G",
		"FormeJuridiqueEnvisagee": "MICRO", "DateRDV": "05/03/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "PRESENTIEL",
		"DureeRDV": "60",
	}
}

// writeFile writes, in dir, a partner file of the default matrice with a line
// for each of the dossiers ADIE{from} to ADIE{to-1}, and returns its path.
func writeFile(tb testing.TB, dir, name string, from, to int, conseiller, dateMaj string) string {
	tb.Helper()
	m := matrice.Default()
	header := make([]string, m.Len())
	for i := range header {
		header[i] = m.FieldName(i)
	}
	var b strings.Builder
	b.WriteString(strings.Join(header, ";") + "\n")
	cells := make([]string, len(header))
	for n := from; n < to; n++ {
		l := line(fmt.Sprintf("ADIE%06d", n), conseiller, dateMaj)
		for i, h := range header {
			cells[i] = l[h]
		}
		b.WriteString(strings.Join(cells, ";") + "\n")
	}
	path := filepath.Join(dir, name)
	require.NoError(tb, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

// dump returns the columns and the rows of every table of the store's
// schema, each row as text, rows sorted, read through a connection of its
// own. Sequences are left out: an ID a rolled back import drew is not
// given again, as the contract allows.
func dump(tb testing.TB, dbURL, schema string) map[string][]string {
	tb.Helper()
	ctx := tb.Context()
	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(tb, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns
		WHERE table_schema = $1 ORDER BY table_name, ordinal_position`, schema)
	require.NoError(tb, err)
	columns, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(tb, err)
	out := map[string][]string{"columns": columns}
	rows, err = conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, schema)
	require.NoError(tb, err)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(tb, err)
	for _, table := range tables {
		rows, err := conn.Query(ctx, `SELECT t::text FROM `+pgx.Identifier{schema, table}.Sanitize()+` t`)
		require.NoError(tb, err)
		values, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(tb, err)
		slices.Sort(values)
		out[table] = values
	}
	return out
}

// requireSameDump requires two dumps to be equal, table by table.
func requireSameDump(tb testing.TB, want, got map[string][]string, msg string) {
	tb.Helper()
	for _, table := range slices.Sorted(maps.Keys(want)) {
		require.Equal(tb, len(want[table]), len(got[table]), "%s: rows of %s", msg, table)
		for i := range want[table] {
			require.Equal(tb, want[table][i], got[table][i], "%s: table %s, row %d", msg, table, i)
		}
	}
	require.Len(tb, got, len(want), "%s: tables", msg)
}

// runHelper runs the helper process on the store at dbURL, importing file,
// killed at call after of method on (never when after is 0; it then writes
// its calls to counts). A helper that waits for ever for the import lock
// fails by its timeout.
func runHelper(tb testing.TB, dbURL, file, on string, after int, counts string) (*os.ProcessState, string) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperImportProcess$", "-test.count=1", "-test.timeout=3m")
	cmd.Env = append(os.Environ(), envHelper+"=1", envDB+"="+dbURL, envFile+"="+file,
		envKillOn+"="+on, envKillAfter+"="+strconv.Itoa(after), envCounts+"="+counts)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		require.NoError(tb, err, "start the helper")
	}
	return cmd.ProcessState, string(out)
}

// TestKillDuringImport kills a process in the middle of a file's
// transaction, at several points: the store is left exactly as it was
// before that file, and imports afterwards.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and imports thousands of lines")
	}
	dbURL := newSchema(t)
	dir := t.TempDir()
	first := writeFile(t, dir, "20261115-frac.csv", 0, earlier, "Paul Durand", "01/11/2026")
	big := writeFile(t, dir, "20261116-adie.csv", 0, bigLines, "Claire Martin", "10/11/2026")
	next := writeFile(t, dir, "20261117-adie.csv", bigLines, bigLines+100, "Claire Martin", "10/11/2026")

	s, err := postgres.Open(t.Context(), dbURL)
	require.NoError(t, err)
	schema := s.Schema()
	res := importFile(t, s, "frac", first)
	require.Equal(t, earlier, res.Record.Created, "dossiers created by the first file")
	require.NoError(t, s.Close())
	before := dump(t, dbURL, schema)
	require.Len(t, before["dossiers"], earlier)

	// Unkilled, in a schema of its own holding the same, the helper commits
	// the whole file and counts its calls: the kills below happen within them.
	copied := newSchema(t)
	c := openStore(t, copied)
	importFile(t, c, "frac", first)
	countsFile := filepath.Join(dir, "counts.json")
	state, out := runHelper(t, copied, big, "", 0, countsFile)
	require.True(t, state.Success(), "the helper without a kill: %v; its output:\n%s", state, out)
	b, err := os.ReadFile(countsFile)
	require.NoError(t, err)
	var calls map[string]int
	require.NoError(t, json.Unmarshal(b, &calls))
	t.Logf("calls of the import's transaction: %v", calls)
	imports, err := c.Imports(t.Context(), "adie")
	require.NoError(t, err)
	require.Len(t, imports, 1, "adie's imports")
	assert.Equal(t, importer.StatusAccepted, imports[0].Status, "status of the big file")
	assert.Equal(t, bigLines-earlier, imports[0].Created, "dossiers created by the big file")
	assert.Equal(t, earlier, imports[0].Updated, "dossiers updated by the big file")
	dis, err := c.Disagreements(t.Context(), "")
	require.NoError(t, err)
	assert.Len(t, dis, earlier, "disagreements on Conseiller")
	for _, n := range []int{0, earlier - 1, earlier, bigLines - 1} {
		v, err := c.View(t.Context(), fmt.Sprintf("ADIE%06d", n))
		require.NoError(t, err)
		assert.Equal(t, "Claire Martin", v.Value("Conseiller"), "Conseiller of ADIE%06d", n)
	}

	type kill struct {
		on    string
		after int
	}
	var kills []kill
	for _, on := range []string{onCreate, onSave, onDisagree, onCommit} {
		require.NotZero(t, calls[on], "calls of %s", on)
		for _, n := range []int{1, 50, 500, calls[on]} { // calls[on]: the last one
			if n <= calls[on] && !slices.Contains(kills, kill{on, n}) {
				kills = append(kills, kill{on, n})
			}
		}
	}
	for _, k := range kills {
		ok := t.Run(fmt.Sprintf("%s_%d", k.on, k.after), func(t *testing.T) {
			state, out := runHelper(t, dbURL, big, k.on, k.after, "")
			ws, ok := state.Sys().(syscall.WaitStatus)
			require.True(t, ok)
			require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL,
				"the helper ended with %v, not by SIGKILL; its output:\n%s", state, out)
			requireSameDump(t, before, dump(t, dbURL, schema), "the store after the kill")
		})
		if !ok {
			break // the store changed: the next kills would tell nothing
		}
	}

	// The store opens, and imports: the killed processes' lock is gone.
	s = openStore(t, dbURL)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	tx, err := s.BeginImport(ctx)
	require.NoError(t, err, "BeginImport after the kills")
	require.NoError(t, tx.Rollback())
	res = importFile(t, s, "adie", next)
	assert.True(t, res.Record.Consolidated, "the import after the kills: consolidated")
	assert.Equal(t, 100, res.Record.Created, "dossiers created after the kills")
	all, err := s.Imports(t.Context(), "")
	require.NoError(t, err)
	assert.Len(t, all, 2, "imports after the kills")
}
