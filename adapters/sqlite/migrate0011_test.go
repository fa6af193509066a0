package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestMigration0011Rejects: a store made before migration 0011 opens with
// each report's rejects blob cut into the part "csv", byte for byte, its
// body's rejectLines moved into the part "lines", its size kept; a report
// without rejects gets no part (storetest.After0011); the blob is stored
// in chunks of 8 MiB, and no body keeps rejectLines.
func TestMigration0011Rejects(t *testing.T) {
	blob := storetest.RejectsBefore0011()
	path, _ := oldStore(t, storetest.Before("0011"), func(ctx context.Context, db *sql.DB) {
		const body = `{"partner":"adie","file":"20261116-adie.csv","import":7,"run":3,"status":"partial","lines":9,"accepted":6,"rejected":3,` +
			`"rejectLines":[2,4,9],"created":"2026-11-16T06:00:00Z"}`
		_, err := db.ExecContext(ctx, `INSERT INTO reports (id, partner, file, import_id, run_id, body, rejects, created) VALUES
		(1, 'adie', '20261116-adie.csv', 7, 3, ?, ?, '2026-11-16T06:00:00Z'),
		(2, 'adie', '20261117-adie.csv', 8, 4, '{"partner":"adie","file":"20261117-adie.csv","rejectLines":null}', NULL, '2026-11-17T06:00:00Z'),
		(3, 'adie', '20261118-adie.csv', 9, 5, '{"partner":"adie","file":"20261118-adie.csv","rejectLines":[]}', x'', '2026-11-18T06:00:00Z')`,
			body, blob)
		require.NoError(t, err)
	})
	id := storetest.After0011(t, openStore(t, path), blob)
	assert.Equal(t, int64(1), id, "the report with rejects")

	ctx := t.Context()
	raw := rawDB(t, "file:"+path)
	var n int
	require.NoError(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE body LIKE '%rejectLines%'`).Scan(&n))
	assert.Zero(t, n, "no body keeps rejectLines")
	require.NoError(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM report_rejects WHERE report_id = 1 AND part = 'csv'`).Scan(&n))
	assert.Equal(t, 3, n, "chunks of 8 MiB")
}
