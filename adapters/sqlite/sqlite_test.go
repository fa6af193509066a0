package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openStore opens a store at path, closed at the end of the test.
func openStore(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), path)
	require.NoError(tb, err, "Open %s", path)
	tb.Cleanup(func() { s.Close() })
	return s
}

// rawDB opens the file with a database/sql connection of its own, as
// another program would.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) eleader.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "eleader.db"))
		require.NoError(t, err)
		return s
	})
}

func TestOpenCreatesDirectories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eleader-data", "2026", "eleader.db")
	s := openStore(t, path)
	assert.Equal(t, path, s.Path())
	_, err := os.Stat(path)
	assert.NoError(t, err, "the store's file")
}

func TestWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eleader.db")
	openStore(t, path)
	var mode string
	require.NoError(t, rawDB(t, path).QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode, "journal_mode of the file")
}

// TestBusyTimeout holds the write lock from another connection: an import
// waits for it instead of failing with SQLITE_BUSY.
func TestBusyTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eleader.db")
	s := openStore(t, path)
	conn, err := rawDB(t, path).Conn(t.Context())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(t.Context(), `BEGIN IMMEDIATE`)
	require.NoError(t, err)

	var released atomic.Bool
	committed := make(chan error, 1)
	time.AfterFunc(500*time.Millisecond, func() {
		released.Store(true)
		_, err := conn.ExecContext(context.Background(), `COMMIT`)
		committed <- err
	})
	tx, err := s.BeginImport(t.Context())
	require.NoError(t, err, "BeginImport while another connection writes")
	defer tx.Rollback()
	assert.True(t, released.Load(), "BeginImport returned while another connection held the write lock")
	require.NoError(t, <-committed)
	require.NoError(t, tx.Create(t.Context(), dossier.NewView(dossier.Number{Oper: "ADIE", Index: "1"}, "adie", dossier.Provenance{})))
	require.NoError(t, tx.Commit())
}

// migrationNames lists the embedded migrations, from the source tree.
func migrationNames(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(tb, err)
	require.NotEmpty(tb, files)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".sql"))
	}
	slices.Sort(names)
	return names
}

type migrationRow struct{ version, applied string }

func appliedMigrations(tb testing.TB, path string) []migrationRow {
	tb.Helper()
	rows, err := rawDB(tb, path).Query(`SELECT version, applied FROM schema_migrations ORDER BY version`)
	require.NoError(tb, err)
	defer rows.Close()
	var out []migrationRow
	for rows.Next() {
		var r migrationRow
		require.NoError(tb, rows.Scan(&r.version, &r.applied))
		out = append(out, r)
	}
	require.NoError(tb, rows.Err())
	return out
}

func versions(rows []migrationRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.version)
	}
	return out
}

func TestMigrationsAppliedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eleader.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	tx, err := s.BeginImport(t.Context())
	require.NoError(t, err)
	v := dossier.NewView(dossier.Number{Oper: "ADIE", Index: "100876-AHG-4U"}, "adie", dossier.Provenance{})
	require.NoError(t, tx.Create(t.Context(), v))
	require.NoError(t, tx.Commit())
	require.NoError(t, s.Close())

	first := appliedMigrations(t, path)
	assert.Equal(t, migrationNames(t), versions(first), "schema_migrations after the first Open")

	time.Sleep(1100 * time.Millisecond) // a new applied time would differ
	s = openStore(t, path)
	assert.Equal(t, first, appliedMigrations(t, path), "schema_migrations after reopening")
	got, err := s.View(t.Context(), "ADIE100876-AHG-4U")
	require.NoError(t, err, "a dossier after reopening")
	assert.Equal(t, v, got)
}

func TestOpenRace(t *testing.T) {
	const rounds, opens = 5, 4
	for range rounds {
		path := filepath.Join(t.TempDir(), "eleader.db")
		var wg sync.WaitGroup
		errs := make([]error, opens)
		for i := range opens {
			wg.Go(func() {
				s, err := sqlite.Open(t.Context(), path)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			assert.NoError(t, err, "Open %d of %d racing on a new file", i+1, opens)
		}
		assert.Equal(t, migrationNames(t), versions(appliedMigrations(t, path)), "schema_migrations")
		openStore(t, path) // and the file opens again
	}
}

func TestOpenRefusesURICharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"eleader.db?mode=memory", "eleader#1.db", "a?b/eleader.db", ""} {
		t.Run(name, func(t *testing.T) {
			path := ""
			if name != "" {
				path = filepath.Join(dir, name)
			}
			s, err := sqlite.Open(t.Context(), path)
			if err == nil {
				s.Close()
			}
			assert.Error(t, err, "Open(%q)", path)
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "files created by refused Opens")
}

// TestOpenPercentInPath opens a path holding "%": the store must be that
// very file (or Open must refuse it, as it refuses ? and #), not the file
// whose name is the path URI-decoded.
func TestOpenPercentInPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a%41b.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		return // refused: fine
	}
	defer s.Close()
	var names []string
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Contains(t, names, "a%41b.db", "files in the store's directory")
	assert.NotContains(t, names, "aAb.db", "files in the store's directory")
}
