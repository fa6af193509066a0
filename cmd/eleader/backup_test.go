package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storeCounts opens a backup as a plain SQLite file, checks its integrity,
// and counts its imports and dossiers.
func storeCounts(tb testing.TB, path string) (imports, dossiers int) {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(tb, err)
	defer db.Close()
	var check string
	require.NoError(tb, db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(tb, "ok", check, "integrity of %s", path)
	require.NoError(tb, db.QueryRow(`SELECT count(*) FROM imports`).Scan(&imports))
	require.NoError(tb, db.QueryRow(`SELECT count(*) FROM dossiers`).Scan(&dossiers))
	return imports, dossiers
}

// TestBackupDuringAnImport copies the store while an import holds its
// write transaction (stopped on its 100th line): the copy opens, passes
// PRAGMA integrity_check and holds the state before the import; a copy
// made after holds the state after it. A backup never overwrites a file.
func TestBackupDuringAnImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, _, stderr := runCLI(t, "import", "--data", data, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitOK, code, stderr)

	g := gen.New()
	g.Lines, g.Faults, g.Date = 500, 0, 20261118
	var file bytes.Buffer
	_, err := g.Write(&file)
	require.NoError(t, err)

	ctx := context.Background()
	svc, done, err := openService(ctx, filepath.Join(data, "eleader.db"), nil)
	require.NoError(t, err)
	defer done()
	reached, release := make(chan struct{}), make(chan struct{})
	imported := make(chan error, 1)
	go func() {
		n := 0
		_, err := svc.Import(ctx, eleader.Import{Partner: "demo", Operators: []string{"DEMO"}, Name: "20261118-demo.csv", Body: &file,
			Each: func(*importer.Line) error {
				if n++; n == 100 {
					close(reached)
					<-release
				}
				return nil
			}})
		imported <- err
	}()
	<-reached

	during := filepath.Join(dir, "during.db")
	code, out, stderr := runCLI(t, "backup", "--data", data, "--to", during)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, during+": a copy of "+filepath.Join(data, "eleader.db"))
	close(release)
	require.NoError(t, <-imported)

	after := filepath.Join(dir, "after.db")
	code, _, stderr = runCLI(t, "backup", "--data", data, "--to", after)
	require.Equal(t, exitOK, code, stderr)

	imports, dossiers := storeCounts(t, during)
	assert.Equal(t, 1, imports, "the copy made during the import holds the state before it")
	assert.Equal(t, 3, dossiers)
	imports, after2 := storeCounts(t, after)
	assert.Equal(t, 2, imports, "the copy made after holds the import")
	assert.Greater(t, after2, dossiers)

	for _, p := range []string{during, after} {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "a backup holds personal data")
	}
	before, err := os.ReadFile(during)
	require.NoError(t, err)
	code, _, stderr = runCLI(t, "backup", "--data", data, "--to", during)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "exists: a backup never overwrites a file")
	again, err := os.ReadFile(during)
	require.NoError(t, err)
	assert.Equal(t, before, again)
	left, _ := filepath.Glob(filepath.Join(dir, ".eleader-backup-*"))
	assert.Empty(t, left, "no temporary directory left")
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --to", []string{"backup", "--data", dir}, exitUsage, "backup needs --to FILE"},
		{"no store", []string{"backup", "--data", filepath.Join(dir, "none"), "--to", filepath.Join(dir, "b.db")}, exitUsage, "no store at"},
		{"PostgreSQL", []string{"backup", "--db", "postgres://eleader:secret@db.example/eleader", "--to", "x.dump"}, exitRejected, "pg_dump --format=custom --file=x.dump 'postgres://eleader:xxxxx@db.example/eleader'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr, tc.want)
			assert.NotContains(t, stderr, "secret")
		})
	}
}
