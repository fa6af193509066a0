package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
)

// TestMigrationsAfterMain: a store made by earlier code — main's (0001 to
// 0007), or one that already had issue 15's 0011 but not issue 13's 0008 —
// opens with every missing migration applied (the runner goes by name, not
// by a contiguous number: 0009 and 0010 are unused), and the tables of both
// work.
func TestMigrationsAfterMain(t *testing.T) {
	tests := []struct {
		name    string
		applied func(version string) bool
	}{
		{"main's store (0001-0007)", func(v string) bool { return v < "0008" }},
		{"0011 before 0008", func(v string) bool { return v < "0008" || strings.HasPrefix(v, "0011_") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "old.db")
			db, err := sql.Open("sqlite", "file:"+path)
			require.NoError(t, err)
			_, err = db.ExecContext(ctx, `CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied TEXT NOT NULL)`)
			require.NoError(t, err)
			files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
			require.NoError(t, err)
			var all []string
			for _, f := range files {
				version := strings.TrimSuffix(filepath.Base(f), ".sql")
				all = append(all, version)
				if !tt.applied(version) {
					continue
				}
				body, err := os.ReadFile(f)
				require.NoError(t, err)
				_, err = db.ExecContext(ctx, string(body))
				require.NoError(t, err, version)
				_, err = db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, '2026-11-01T00:00:00Z')`, version)
				require.NoError(t, err)
			}
			require.NoError(t, db.Close())
			require.Contains(t, all, "0008_partnerdev")
			require.Contains(t, all, "0011_rejects")

			s, err := sqlite.Open(ctx, path)
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })

			check, err := sql.Open("sqlite", "file:"+path)
			require.NoError(t, err)
			defer check.Close()
			rows, err := check.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
			require.NoError(t, err)
			var got []string
			for rows.Next() {
				var v string
				require.NoError(t, rows.Scan(&v))
				got = append(got, v)
			}
			require.NoError(t, rows.Err())
			assert.Equal(t, all, got, "every migration applied")

			now := time.Now()
			ok, _, err := s.TakeRate(ctx, "check:adie", now, now.Add(-time.Hour), 1)
			require.NoError(t, err)
			assert.True(t, ok, "0008's rate_uses")
			ok, _, err = s.TakeRate(ctx, "check:adie", now, now.Add(-time.Hour), 1)
			require.NoError(t, err)
			assert.False(t, ok, "0008's rate_uses count the first use")
			list, err := s.ReportsWithRejects(ctx, "adie", 0)
			require.NoError(t, err, "0011's report_rejects")
			assert.Empty(t, list)
		})
	}
}
