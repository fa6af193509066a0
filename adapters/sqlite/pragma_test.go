package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPragmas reads the settings of the store's own connections: the busy
// timeout is per connection, another connection cannot see it.
func TestPragmas(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "eleader.db"))
	require.NoError(t, err)
	defer s.Close()
	tests := []struct {
		pragma string
		want   int64
	}{
		{"busy_timeout", DefaultBusyTimeout.Milliseconds()},
		{"synchronous", 2}, // FULL
		{"foreign_keys", 1},
		{"temp_store", 2}, // MEMORY: statement journals never touch the disk
	}
	// Several connections at once, so that the pool opens more than one.
	for i := range 3 {
		conn, err := s.db.Conn(t.Context())
		require.NoError(t, err)
		defer conn.Close()
		for _, tc := range tests {
			var got int64
			require.NoError(t, conn.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got))
			assert.Equal(t, tc.want, got, "connection %d: PRAGMA %s", i, tc.pragma)
		}
	}
}

// TestImportCache: an import's connection caches importCacheKiB while the
// import runs, and goes back to the pool with the usual cacheKiB, whether
// the import commits or rolls back.
func TestImportCache(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "eleader.db"))
	require.NoError(t, err)
	defer s.Close()
	s.db.SetMaxOpenConns(1) // the import's connection is the one the pool gives back
	cache := func(q interface {
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}) int64 {
		t.Helper()
		var got int64
		require.NoError(t, q.QueryRowContext(t.Context(), "PRAGMA cache_size").Scan(&got))
		return got
	}
	assert.Equal(t, int64(-cacheKiB), cache(s.db))
	for _, commit := range []bool{true, false} {
		tx, err := s.BeginImport(t.Context())
		require.NoError(t, err)
		assert.Equal(t, int64(-importCacheKiB), cache(tx.(*importTx).tx), "during the import")
		if commit {
			require.NoError(t, tx.Commit())
		} else {
			require.NoError(t, tx.Rollback())
		}
		assert.Equal(t, int64(-cacheKiB), cache(s.db), "after the import (commit %v)", commit)
	}
}
