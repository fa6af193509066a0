package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestContentsAsRecorded: imports of generated and remixed files leave
// the store holding, byte for byte, what was recorded (the same as SQLite).
func TestContentsAsRecorded(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 17,000 generated lines")
	}
	dbURL := newSchema(t)
	s := openStore(t, dbURL)
	storetest.Contents(t, s, func(tb testing.TB) []string { return contents(tb, dbURL) })
}

// contents lists the rows of the dossiers, disagreements and imports
// tables as storetest.Dump wants them.
func contents(tb testing.TB, dbURL string) []string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(tb, err)
	defer conn.Close(ctx)
	var out []string
	for _, table := range []struct {
		query string
		line  func(scan func(dest ...any) error) (string, error)
	}{
		{`SELECT number, main, version, oper, owner, phase, name_key, birth_name_key, siret, view FROM dossiers`, storetest.DossierLine},
		{`SELECT number, item_group, item_key, field, kept_value, kept_partner, kept_file, kept_file_date, kept_line, kept_date,
		other_value, other_partner, other_file, other_file_date, other_line, other_date FROM disagreements`, storetest.DisagreementLine},
		{`SELECT partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated,
		file_errors, qualification FROM imports`, storetest.ImportLine},
	} {
		rows, err := conn.Query(ctx, table.query)
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
