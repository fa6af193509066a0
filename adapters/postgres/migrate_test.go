package postgres_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// oldSchema makes, in a new schema, a database as earlier code left it:
// the migrations applied says, each with its row in schema_migrations,
// then the statements of data (the rows of that time). It returns the
// database's URL and the version of every migration.
func oldSchema(t *testing.T, applied func(storetest.Migration) bool, data ...string) (string, []string) {
	t.Helper()
	dbURL := newSchema(t)
	stmts := []string{`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`}
	var all []string
	for _, m := range storetest.Migrations(t, "migrations") {
		all = append(all, m.Version)
		if applied(m) {
			stmts = append(stmts, m.SQL, `INSERT INTO schema_migrations (version) VALUES ('`+m.Version+`')`)
		}
	}
	execSQL(t, dbURL, append(stmts, data...)...)
	return dbURL, all
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

type migrationRow struct {
	version string
	applied time.Time
}

// appliedMigrations reads schema_migrations through a connection of its own.
func appliedMigrations(tb testing.TB, dbURL string) []migrationRow {
	tb.Helper()
	ctx := tb.Context()
	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(tb, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT version, applied FROM schema_migrations ORDER BY version`)
	require.NoError(tb, err)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (migrationRow, error) {
		var r migrationRow
		return r, row.Scan(&r.version, &r.applied)
	})
	require.NoError(tb, err)
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
	dbURL := newSchema(t)
	s, err := postgres.Open(t.Context(), dbURL)
	require.NoError(t, err)
	tx, err := s.BeginImport(t.Context())
	require.NoError(t, err)
	v := dossier.NewView(dossier.Number{Oper: "ADIE", Index: "100876-AHG-4U"}, "adie", dossier.Provenance{})
	require.NoError(t, tx.Create(t.Context(), v))
	require.NoError(t, tx.Commit())
	require.NoError(t, s.Close())

	first := appliedMigrations(t, dbURL)
	assert.Equal(t, migrationNames(t), versions(first), "schema_migrations after the first Open")
	s = openStore(t, dbURL)
	assert.Equal(t, first, appliedMigrations(t, dbURL), "schema_migrations after reopening")
	got, err := s.View(t.Context(), "ADIE100876-AHG-4U")
	require.NoError(t, err, "a dossier after reopening")
	assert.Equal(t, v, got)
}

// TestOpenRace opens several stores at once on an empty schema, as
// instances starting together would: every Open succeeds (a migration
// applied twice would fail: its CREATE TABLEs have no IF NOT EXISTS), and
// each migration is recorded once.
func TestOpenRace(t *testing.T) {
	const rounds, opens = 3, 4
	for range rounds {
		dbURL := newSchema(t)
		var wg sync.WaitGroup
		errs := make([]error, opens)
		for i := range opens {
			wg.Go(func() {
				s, err := postgres.Open(t.Context(), dbURL)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			assert.NoError(t, err, "Open %d of %d racing on an empty schema", i+1, opens)
		}
		assert.Equal(t, migrationNames(t), versions(appliedMigrations(t, dbURL)), "schema_migrations")
		s := openStore(t, dbURL) // and the schema opens again
		_, err := s.Runs(t.Context(), "", 1)
		assert.NoError(t, err, "a query on the migrated schema")
	}
}

// TestSchemasAreApart opens stores in two schemas of one database: each
// sees its own dossiers, and an import in one does not wait for an import
// in the other.
func TestSchemasAreApart(t *testing.T) {
	a, b := openStore(t, newSchema(t)), openStore(t, newSchema(t))
	assert.NotEqual(t, a.Schema(), b.Schema())
	createDossier(t, a, "ADIE000001")
	_, err := b.View(t.Context(), "ADIE000001")
	require.Error(t, err, "a dossier of another schema")

	held, err := a.BeginImport(t.Context())
	require.NoError(t, err)
	defer held.Rollback()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	tx, err := b.BeginImport(ctx)
	require.NoError(t, err, "an import in another schema waited")
	require.NoError(t, tx.Rollback())
}

func TestOpenMissingSchema(t *testing.T) {
	dbURL := withSchema(t, testURL(t), "eleader_no_such_schema")
	s, err := postgres.Open(t.Context(), dbURL)
	if err == nil {
		s.Close()
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), "schema")
}

// TestMigration0007KeepsData: a schema written before migration 0007 (its
// migrations 0001 to 0004 applied as they were) keeps its disagreements —
// on DOSSIER fields, no item — and its imports, without file errors, once
// opened by the current code.
func TestMigration0007KeepsData(t *testing.T) {
	dbURL, _ := oldSchema(t, storetest.Before("0005"),
		`INSERT INTO disagreements VALUES ('ADIE000001', 'Nom', 'Dupont'::bytea, 'adie', '20261110-adie.csv', '2026-11-10', 2, '2026-11-05',
			'Dupond'::bytea, 'frac', '20261111-frac.csv', '2026-11-11', 3, '2026-11-06')`,
		`INSERT INTO imports (partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated, started, ended)
			VALUES ('adie', '20261110-adie.csv', 'abc', 'rejected', false, 0, 0, 0, 0, 0, 0, 1, 2)`)

	s := openStore(t, dbURL)
	assert.Equal(t, migrationNames(t), versions(appliedMigrations(t, dbURL)))
	dis, err := s.Disagreements(t.Context(), "")
	require.NoError(t, err)
	require.Len(t, dis, 1)
	assert.Equal(t, "Nom", dis[0].Field)
	assert.Empty(t, dis[0].Group)
	assert.Empty(t, dis[0].Key)
	assert.Equal(t, "Dupond", dis[0].Other.Value)
	recs, err := s.Imports(t.Context(), "adie")
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "20261110-adie.csv", recs[0].File)
}
