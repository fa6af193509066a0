package postgres_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMigrationsAfterMain: a database made by earlier code — main's (0001
// to 0007), or one that already had issue 15's 0011 but not issue 13's 0008
// — opens with every missing migration applied (the runner goes by name,
// not by a contiguous number: 0009 and 0010 are unused), and the tables of
// both work.
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
			dbURL := newSchema(t)
			stmts := []string{`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`}
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
				stmts = append(stmts, string(body), `INSERT INTO schema_migrations (version) VALUES ('`+version+`')`)
			}
			require.Contains(t, all, "0008_partnerdev")
			require.Contains(t, all, "0011_rejects")
			execSQL(t, dbURL, stmts...)

			s := openStore(t, dbURL)
			ctx := t.Context()

			conn, err := pgx.Connect(ctx, dbURL)
			require.NoError(t, err)
			defer conn.Close(ctx)
			rows, err := conn.Query(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
			require.NoError(t, err)
			got, err := pgx.CollectRows(rows, pgx.RowTo[string])
			require.NoError(t, err)
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
