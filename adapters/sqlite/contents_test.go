package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestContentsAsRecorded: imports of generated and remixed files leave
// the store holding, byte for byte, what was recorded (the same as
// PostgreSQL).
func TestContentsAsRecorded(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 17,000 generated lines")
	}
	path := filepath.Join(t.TempDir(), "eleader.db")
	s := openStore(t, path)
	storetest.Contents(t, s, func(tb testing.TB) []string { return contents(tb, rawDB(tb, path)) })
}

// contents lists the rows of the dossiers, disagreements and imports tables as
// storetest.Dump wants them (the text of bytes columns cast to BLOB, to read
// its bytes as written).
func contents(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	var out []string
	for _, table := range []struct {
		query string
		line  func(scan func(dest ...any) error) (string, error)
	}{
		{`SELECT number, main, version, oper, owner, CAST(phase AS BLOB), CAST(name_key AS BLOB),
		CAST(birth_name_key AS BLOB), CAST(siret AS BLOB), view FROM dossiers`, storetest.DossierLine},
		{`SELECT number, item_group, CAST(item_key AS BLOB), field, CAST(kept_value AS BLOB), kept_partner, kept_file, kept_file_date, kept_line, kept_date,
		CAST(other_value AS BLOB), other_partner, other_file, other_file_date, other_line, other_date FROM disagreements`, storetest.DisagreementLine},
		{`SELECT partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated,
		CAST(file_errors AS BLOB), qualification FROM imports`, storetest.ImportLine},
	} {
		rows, err := db.Query(table.query)
		require.NoError(tb, err)
		for rows.Next() {
			line, err := table.line(rows.Scan)
			require.NoError(tb, err)
			out = append(out, line)
		}
		require.NoError(tb, rows.Err())
		rows.Close()
	}
	return out
}

// TestImportIntoEmptyStoreKeepsTheSchema: an import into an empty store
// drops the search indexes and builds them again before it commits — the
// schema afterwards is the one of a new store, and search finds the
// dossiers; a failed import leaves them as they were.
func TestImportIntoEmptyStoreKeepsTheSchema(t *testing.T) {
	schema := func(db *sql.DB) []string {
		rows, err := db.Query(`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name`)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			require.NoError(t, rows.Scan(&s))
			out = append(out, s)
		}
		return out
	}
	path := filepath.Join(t.TempDir(), "eleader.db")
	s := openStore(t, path)
	want := schema(rawDB(t, path))
	require.Contains(t, strings.Join(want, "\n"), "dossiers_siret", "the new store's indexes")

	ctx := t.Context()
	tx, err := s.BeginImport(ctx)
	require.NoError(t, err)
	views := make([]eleader.EncodedView, 0, 100)
	for i := range 100 {
		n, err := dossier.ParseNumber(fmt.Sprintf("ADIE%06d", i))
		require.NoError(t, err)
		v := dossier.NewView(n, "adie", dossier.Provenance{Line: i + 2})
		v.Fields.Set("SIRET", dossier.Value{Value: fmt.Sprintf("%014d", i)})
		ev, err := eleader.EncodeView(v)
		require.NoError(t, err)
		views = append(views, ev)
	}
	require.NoError(t, tx.CreateViews(ctx, views[:50]))
	require.NoError(t, tx.Rollback())
	assert.Equal(t, want, schema(rawDB(t, path)), "the schema after a rolled back import")

	tx, err = s.BeginImport(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.CreateViews(ctx, views))
	require.NoError(t, tx.Commit())
	assert.Equal(t, want, schema(rawDB(t, path)), "the schema after an import into the empty store")
	m, err := s.Search(ctx, "", fmt.Sprintf("%014d", 42))
	require.NoError(t, err)
	require.Len(t, m, 1, "search by SIRET after the import")
	assert.Equal(t, "ADIE000042", m[0].Number)
}
