package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// legacyRejects is a rejects blob of a report written before migration
// 0011: three chunks of 8 MiB once cut, the last short, every byte value in
// it.
func legacyRejects() []byte {
	b := make([]byte, 17<<20+777)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// TestMigration0011Rejects: a store made before migration 0011 opens with
// each report's rejects blob cut into the part "csv", byte for byte, its
// body's rejectLines moved into the part "lines", its size kept; a report
// without rejects gets no part; a purged one neither.
func TestMigration0011Rejects(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied TEXT NOT NULL)`)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	for _, f := range files {
		version := strings.TrimSuffix(filepath.Base(f), ".sql")
		if version >= "0011" {
			continue
		}
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = db.ExecContext(ctx, string(body))
		require.NoError(t, err, version)
		_, err = db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, '2026-11-01T00:00:00Z')`, version)
		require.NoError(t, err)
	}
	blob := legacyRejects()
	const body = `{"partner":"adie","file":"20261116-adie.csv","import":7,"run":3,"status":"partial","lines":9,"accepted":6,"rejected":3,` +
		`"rejectLines":[2,4,9],"created":"2026-11-16T06:00:00Z"}`
	_, err = db.ExecContext(ctx, `INSERT INTO reports (id, partner, file, import_id, run_id, body, rejects, created) VALUES
		(1, 'adie', '20261116-adie.csv', 7, 3, ?, ?, '2026-11-16T06:00:00Z'),
		(2, 'adie', '20261117-adie.csv', 8, 4, '{"partner":"adie","file":"20261117-adie.csv","rejectLines":null}', NULL, '2026-11-17T06:00:00Z'),
		(3, 'adie', '20261118-adie.csv', 9, 5, '{"partner":"adie","file":"20261118-adie.csv","rejectLines":[]}', x'', '2026-11-18T06:00:00Z')`,
		body, blob)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	r, err := s.Report(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(len(blob)), r.RejectsBytes)
	assert.Equal(t, 3, r.Rejected, "the rest of the body stays")
	rc, err := s.Rejects(ctx, 1, eleader.RejectsPartCSVRaw)
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	rc.Close()
	assert.True(t, bytes.Equal(blob, got), "the blob, byte for byte, from its chunks (%d bytes, want %d)", len(got), len(blob))
	rc, err = s.Rejects(ctx, 1, eleader.RejectsPartLinesRaw)
	require.NoError(t, err)
	got, err = io.ReadAll(rc)
	require.NoError(t, err)
	rc.Close()
	assert.Equal(t, "2\n4\n9\n", string(got))
	for _, id := range []int64{2, 3} {
		_, err := s.Rejects(ctx, id, eleader.RejectsPartCSVRaw)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "report %d: no rejects, no part", id)
		r, err := s.Report(ctx, id)
		require.NoError(t, err)
		assert.Zero(t, r.RejectsBytes)
	}
	list, err := s.ReportsWithRejects(ctx, "adie", 0)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, int64(1), list[0].ID)
	assert.Equal(t, int64(len(blob)), list[0].Bytes)

	raw, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer raw.Close()
	var n int
	require.NoError(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE body LIKE '%rejectLines%'`).Scan(&n))
	assert.Zero(t, n, "no body keeps rejectLines")
	require.NoError(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM report_rejects WHERE report_id = 1 AND part = 'csv'`).Scan(&n))
	assert.Equal(t, 3, n, "chunks of 8 MiB")
}
