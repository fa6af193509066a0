package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// oldStore makes, in a new file, a store as earlier code left it: the
// migrations applied says, each with its row in schema_migrations, then
// fill's rows (the data of that time), when fill is not nil. It returns
// the file's path and the version of every migration.
func oldStore(t *testing.T, applied func(storetest.Migration) bool, fill func(ctx context.Context, db *sql.DB)) (string, []string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied TEXT NOT NULL)`)
	require.NoError(t, err)
	var all []string
	for _, m := range storetest.Migrations(t, "migrations") {
		all = append(all, m.Version)
		if !applied(m) {
			continue
		}
		_, err = db.ExecContext(ctx, m.SQL)
		require.NoError(t, err, m.Version)
		_, err = db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, '2026-11-01T00:00:00Z')`, m.Version)
		require.NoError(t, err)
	}
	if fill != nil {
		fill(ctx, db)
	}
	require.NoError(t, db.Close())
	return path, all
}
