package sqlite

import (
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
