package postgres_test

import (
	"context"
	"fmt"
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
	rows, err := conn.Query(ctx, `SELECT number, main, version, oper, owner, phase, name_key, birth_name_key, siret, view FROM dossiers`)
	require.NoError(tb, err)
	for rows.Next() {
		var number, main, oper, owner string
		var version int64
		var phase, name, birth, siret, view []byte
		require.NoError(tb, rows.Scan(&number, &main, &version, &oper, &owner, &phase, &name, &birth, &siret, &view))
		out = append(out, fmt.Sprintf("dossier %s %s %d %s %s %x %x %x %x %x", number, main, version, oper, owner, phase, name, birth, siret, view))
	}
	require.NoError(tb, rows.Err())

	rows, err = conn.Query(ctx, `SELECT number, item_group, item_key, field, kept_value, kept_partner, kept_file, kept_file_date, kept_line, kept_date,
		other_value, other_partner, other_file, other_file_date, other_line, other_date FROM disagreements`)
	require.NoError(tb, err)
	for rows.Next() {
		var number, group, field, kp, kf, kfd, kd, op, of, ofd, od string
		var key, kv, ov []byte
		var kl, ol int64
		require.NoError(tb, rows.Scan(&number, &group, &key, &field, &kv, &kp, &kf, &kfd, &kl, &kd, &ov, &op, &of, &ofd, &ol, &od))
		out = append(out, fmt.Sprintf("disagreement %s %s %x %s %x %s %s %s %d %s %x %s %s %s %d %s", number, group, key, field, kv, kp, kf, kfd, kl, kd, ov, op, of, ofd, ol, od))
	}
	require.NoError(tb, rows.Err())

	rows, err = conn.Query(ctx, `SELECT partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated,
		file_errors, qualification FROM imports`)
	require.NoError(tb, err)
	for rows.Next() {
		var partner, file, sha, status, fileErrors string
		var consolidated, qualification bool
		var lines, accepted, rejected, dossiers, created, updated int64
		require.NoError(tb, rows.Scan(&partner, &file, &sha, &status, &consolidated, &lines, &accepted, &rejected, &dossiers, &created, &updated,
			&fileErrors, &qualification))
		out = append(out, fmt.Sprintf("import %s %s %s %s %v %d %d %d %d %d %d %x %v", partner, file, sha, status, consolidated, lines, accepted, rejected, dossiers, created, updated,
			fileErrors, qualification))
	}
	require.NoError(tb, rows.Err())
	return out
}
