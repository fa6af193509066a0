package sqlite

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
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
		{"temp_store", 2},     // MEMORY: statement journals never touch the disk
		{"cache_size", -4096}, // a new store: NewPageSize, cacheKiB
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

// TestPageSize checks that a new store gets NewPageSize and the cache that
// goes with it, and that a store made with other pages keeps them.
func TestPageSize(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	// A store as SQLite makes it by default (pages of 4 KiB), with a
	// dossier in it: what the code before NewPageSize created.
	db, err := sql.Open("sqlite", "file:"+old+"?_pragma=page_size(4096)")
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE before (x INTEGER)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	tests := []struct {
		name      string
		path      string
		wantPage  int64
		wantCache int64
	}{
		{"new store", filepath.Join(dir, "new", "eleader.db"), NewPageSize, -4096},
		{"store of 4 KiB pages", old, 4096, -8192},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 2 { // created, then opened again
				s, err := Open(t.Context(), tc.path)
				require.NoError(t, err)
				var page, cache int64
				require.NoError(t, s.db.QueryRowContext(t.Context(), `PRAGMA page_size`).Scan(&page))
				require.NoError(t, s.db.QueryRowContext(t.Context(), `PRAGMA cache_size`).Scan(&cache))
				assert.Equal(t, tc.wantPage, page, "page_size")
				assert.Equal(t, tc.wantCache, cache, "cache_size")
				got, err := filePageSize(tc.path)
				require.NoError(t, err)
				assert.Equal(t, int(tc.wantPage), got, "the header's page size")
				require.NoError(t, s.Close())
			}
		})
	}
}

func TestFilePageSize(t *testing.T) {
	header := func(b16, b17 byte) []byte {
		h := make([]byte, 100)
		copy(h, "SQLite format 3\x00")
		h[16], h[17] = b16, b17
		return h
	}
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"empty file", nil, 0},
		{"shorter than a header", []byte("SQLite format 3\x00\x10\x00"), 0},
		{"not a database", bytes.Repeat([]byte("x"), 200), 0},
		{"4096", header(0x10, 0x00), 4096},
		{"16384", header(0x40, 0x00), 16384},
		{"65536, written 1", header(0x00, 0x01), 65536},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.db")
			require.NoError(t, os.WriteFile(path, tc.data, 0o600))
			got, err := filePageSize(path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := filePageSize(filepath.Join(t.TempDir(), "missing.db"))
	assert.Error(t, err)
}

// TestSearchUsesTheIndexes: Search finds its keys through the search
// indexes, never by a scan of the dossiers (the plan SQLite chooses, the
// keys bound as Search binds them).
func TestSearchUsesTheIndexes(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "eleader.db"))
	require.NoError(t, err)
	defer s.Close()
	for _, keys := range [][2]string{{"dupont|jean|1980-01-02", ""}, {"", "12345678901234"}, {"dupont|jean|1980-01-02", "12345678901234"}} {
		rows, err := s.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+searchQuery, keys[0], keys[1])
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		require.NoError(t, rows.Err())
		rows.Close()
		all := strings.Join(plan, "\n")
		for _, index := range []string{"dossiers_main", "dossiers_name", "dossiers_birth_name", "dossiers_siret"} {
			assert.Contains(t, all, "USING INDEX "+index+" ", "keys %q", keys)
		}
		assert.NotContains(t, all, "SCAN dossiers", "keys %q", keys)
	}
}

// TestDisagreementsOfOneDossierSeek: the disagreements of one dossier are
// found by the primary key, not by a scan of every disagreement.
func TestDisagreementsOfOneDossierSeek(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "eleader.db"))
	require.NoError(t, err)
	defer s.Close()
	plan := func(number string) string {
		rows, err := s.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+disagreementsQuery(number), number)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			out = append(out, detail)
		}
		require.NoError(t, rows.Err())
		return strings.Join(out, "\n")
	}
	assert.Contains(t, plan("ADIE000001"), "SEARCH disagreements USING PRIMARY KEY (number=?)")
	assert.NotContains(t, plan("ADIE000001"), "SCAN")
	assert.Contains(t, plan(""), "SCAN disagreements", "every disagreement")
}
