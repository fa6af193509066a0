package postgres_test

import (
	"bytes"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestMigration0011Rejects: a database made before migration 0011 opens
// with each report's rejects cut into the part "csv", byte for byte, its
// body's rejectLines moved into the part "lines", its size kept; a report
// without rejects gets no part.
func TestMigration0011Rejects(t *testing.T) {
	dbURL := newSchema(t)
	stmts := []string{`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`}
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	for _, f := range files {
		version := strings.TrimSuffix(filepath.Base(f), ".sql")
		if version >= "0011" {
			continue
		}
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		stmts = append(stmts, string(body), `INSERT INTO schema_migrations (version) VALUES ('`+version+`')`)
	}
	blob := make([]byte, 17<<20+777)
	for i := range blob {
		blob[i] = byte(i*7 + i/251)
	}
	stmts = append(stmts, `INSERT INTO reports (partner, file, import_id, run_id, body, rejects, created) VALUES
		('adie', '20261116-adie.csv', 7, 3, '{"partner":"adie","file":"20261116-adie.csv","rejected":3,"rejectLines":[2,4,9]}', '\x`+hex.EncodeToString(blob)+`', 1),
		('adie', '20261117-adie.csv', 8, 4, '{"partner":"adie","file":"20261117-adie.csv","rejectLines":null}', NULL, 2),
		('adie', '20261118-adie.csv', 9, 5, '{"partner":"adie","file":"20261118-adie.csv","rejectLines":[]}', '\x', 3)`)
	execSQL(t, dbURL, stmts...)

	s := openStore(t, dbURL)
	ctx := t.Context()
	list, err := s.ReportsWithRejects(ctx, "adie", 0)
	require.NoError(t, err)
	require.Len(t, list, 1)
	id := list[0].ID
	assert.Equal(t, int64(len(blob)), list[0].Bytes)
	r, err := s.Report(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, int64(len(blob)), r.RejectsBytes)
	assert.Equal(t, 3, r.Rejected, "the rest of the body stays")
	read := func(id int64, part string) []byte {
		t.Helper()
		rc, err := s.Rejects(ctx, id, part)
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		return b
	}
	assert.True(t, bytes.Equal(blob, read(id, eleader.RejectsPartCSVRaw)), "the rejects, byte for byte, from their chunks")
	assert.Equal(t, "2\n4\n9\n", string(read(id, eleader.RejectsPartLinesRaw)))
	all, err := s.Reports(ctx, "adie", 0)
	require.NoError(t, err)
	require.Len(t, all, 3)
	for _, other := range all {
		if other.ID == id {
			continue
		}
		_, err := s.Rejects(ctx, other.ID, eleader.RejectsPartCSVRaw)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "report %d: no rejects, no part", other.ID)
		assert.Zero(t, other.RejectsBytes)
	}
}
