//go:build unix

package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The environment of the helper process: the store, the file to import, and
// when to die.
const (
	envHelper    = "ELEADER_KILL_HELPER" // "1" in the helper process
	envDB        = "ELEADER_KILL_DB"
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
	s, err := sqlite.Open(t.Context(), os.Getenv(envDB))
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
	svc := &eleader.Service{Store: store, GroupBytes: 256 << 10} // consolidation and creation interleave
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

// dump returns every table of the store's file, each row as text, rows
// sorted, read through a database/sql connection of its own.
func dump(tb testing.TB, path string) map[string][]string {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(tb, err)
	defer db.Close()
	out := map[string][]string{}
	var tables []string
	rows, err := db.Query(`SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	require.NoError(tb, err)
	for rows.Next() {
		var typ, name, ddl string
		require.NoError(tb, rows.Scan(&typ, &name, &ddl))
		out["sqlite_master"] = append(out["sqlite_master"], typ+" "+name+" "+ddl)
		if typ == "table" {
			tables = append(tables, name)
		}
	}
	require.NoError(tb, rows.Err())
	rows.Close()
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		require.NoError(tb, err)
		cols, err := rows.Columns()
		require.NoError(tb, err)
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			require.NoError(tb, rows.Scan(ptrs...))
			for i, v := range values {
				if b, ok := v.([]byte); ok {
					values[i] = string(b)
				}
			}
			out[table] = append(out[table], fmt.Sprintf("%q", values))
		}
		require.NoError(tb, rows.Err())
		rows.Close()
		slices.Sort(out[table])
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

// runHelper runs the helper process on the store at db, importing file,
// killed at call after of method on (never when after is 0; it then writes
// its calls to counts).
func runHelper(tb testing.TB, db, file, on string, after int, counts string) (*os.ProcessState, string) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperImportProcess$", "-test.count=1", "-test.timeout=10m")
	cmd.Env = append(os.Environ(), envHelper+"=1", envDB+"="+db, envFile+"="+file,
		envKillOn+"="+on, envKillAfter+"="+strconv.Itoa(after), envCounts+"="+counts)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		require.NoError(tb, err, "start the helper")
	}
	return cmd.ProcessState, string(out)
}

// copyStore copies a closed store's files to dir.
func copyStore(tb testing.TB, db, dir string) string {
	tb.Helper()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db + suffix)
		if suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		require.NoError(tb, err)
		require.NoError(tb, os.WriteFile(filepath.Join(dir, filepath.Base(db)+suffix), b, 0o600))
	}
	return filepath.Join(dir, filepath.Base(db))
}

// TestKillDuringImport kills a process in the middle of a file's
// transaction, at several points: the store is left exactly as it was
// before that file, and opens and imports afterwards.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and imports thousands of lines")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "eleader.db")
	first := writeFile(t, dir, "20261115-frac.csv", 0, earlier, "Paul Durand", "01/11/2026")
	big := writeFile(t, dir, "20261116-adie.csv", 0, bigLines, "Claire Martin", "10/11/2026")
	next := writeFile(t, dir, "20261117-adie.csv", bigLines, bigLines+100, "Claire Martin", "10/11/2026")

	s, err := sqlite.Open(t.Context(), db)
	require.NoError(t, err)
	res := importFile(t, s, "frac", first)
	require.Equal(t, earlier, res.Record.Created, "dossiers created by the first file")
	require.NoError(t, s.Close())
	before := dump(t, db)
	require.Len(t, before["dossiers"], earlier)

	// Unkilled, on a copy, the helper commits the whole file and counts its
	// calls: the kills below happen within them.
	copied := copyStore(t, db, t.TempDir())
	countsFile := filepath.Join(dir, "counts.json")
	state, out := runHelper(t, copied, big, "", 0, countsFile)
	require.True(t, state.Success(), "the helper without a kill: %v; its output:\n%s", state, out)
	b, err := os.ReadFile(countsFile)
	require.NoError(t, err)
	var calls map[string]int
	require.NoError(t, json.Unmarshal(b, &calls))
	t.Logf("calls of the import's transaction: %v", calls)
	s = openStore(t, copied)
	imports, err := s.Imports(t.Context(), "adie")
	require.NoError(t, err)
	require.Len(t, imports, 1, "adie's imports")
	assert.Equal(t, importer.StatusAccepted, imports[0].Status, "status of the big file")
	assert.Equal(t, bigLines-earlier, imports[0].Created, "dossiers created by the big file")
	assert.Equal(t, earlier, imports[0].Updated, "dossiers updated by the big file")
	dis, err := s.Disagreements(t.Context(), "")
	require.NoError(t, err)
	assert.Len(t, dis, earlier, "disagreements on Conseiller")
	for _, n := range []int{0, earlier - 1, earlier, bigLines - 1} {
		v, err := s.View(t.Context(), fmt.Sprintf("ADIE%06d", n))
		require.NoError(t, err)
		assert.Equal(t, "Claire Martin", v.Value("Conseiller"), "Conseiller of ADIE%06d", n)
	}
	assert.Len(t, dump(t, copied)["dossiers"], bigLines)

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
			state, out := runHelper(t, db, big, k.on, k.after, "")
			if fi, err := os.Stat(db + "-wal"); err == nil {
				t.Logf("left in the WAL by the killed helper: %d bytes", fi.Size())
			}
			ws, ok := state.Sys().(syscall.WaitStatus)
			require.True(t, ok)
			require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL,
				"the helper ended with %v, not by SIGKILL; its output:\n%s", state, out)
			requireSameDump(t, before, dump(t, db), "the store after the kill")
		})
		if !ok {
			break // the store changed: the next kills would tell nothing
		}
	}

	// The store opens, and imports.
	s = openStore(t, db)
	res = importFile(t, s, "adie", next)
	assert.True(t, res.Record.Consolidated, "the import after the kills: consolidated")
	assert.Equal(t, 100, res.Record.Created, "dossiers created after the kills")
	all, err := s.Imports(t.Context(), "")
	require.NoError(t, err)
	assert.Len(t, all, 2, "imports after the kills")
}
