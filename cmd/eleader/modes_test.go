package main

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// privateModes walks root and returns what is not private: a directory
// whose mode is not 0700, a file whose mode is not 0600; and how many files
// of each kind it saw (by their extension, or their name without one).
func privateModes(t *testing.T, root string) (wrong []string, seen map[string]int) {
	t.Helper()
	seen = map[string]int{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			wrong = append(wrong, rel+": "+info.Mode().Perm().String())
		}
		if !d.IsDir() {
			kind := filepath.Ext(p)
			if kind == "" {
				kind = filepath.Base(p)
			}
			for _, suffix := range []string{"-wal", "-shm"} {
				if strings.HasSuffix(p, suffix) {
					kind = suffix
				}
			}
			seen[kind]++
		}
		return nil
	})
	require.NoError(t, err)
	return wrong, seen
}

// TestDataDirectoryModes: under umask 022, a fresh data directory — the
// store with its -wal and -shm, the session key, deposits and history,
// reports in the outbox, the demo's example — is 0700 for directories and
// 0600 for files, while serve runs and after; and so are a new store of
// eleader import and the export of the connection sheets.
func TestDataDirectoryModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	data := filepath.Join(t.TempDir(), "fresh", "eleader-data")
	s := startServe(t, "--data", data, "--demo")
	token := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(s.out.String())
	require.NotNil(t, token)
	code, body := runCurl(t, curlLine(t, s.out.String()))
	require.Equal(t, http.StatusCreated, code, "%s", body)
	waitUntil(t, "the report", func() bool {
		found, _ := filepath.Glob(filepath.Join(data, "outbox", "*.eml"))
		return len(found) == 1
	})
	wrong, seen := privateModes(t, data)
	assert.Empty(t, wrong, "while serve runs")
	for _, kind := range []string{".db", "-wal", "-shm", ".key", ".csv", ".eml"} {
		assert.Positive(t, seen[kind], "no %s file seen: %v", kind, seen)
	}
	dir := filepath.Join(data, "fresh")
	require.NoError(t, os.MkdirAll(dir, 0o755)) // not ours: left as it is
	require.Equal(t, exitOK, s.shutdown(t))
	wrong, _ = privateModes(t, filepath.Join(data, "depots"))
	assert.Empty(t, wrong, "after serve")
	info, err := os.Stat(filepath.Dir(data))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "the data directory's parent, created by serve")

	// A new store of eleader import, and the sheets' export.
	db := filepath.Join(t.TempDir(), "new", "store", "e.db")
	code, _, stderr := runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitOK, code, stderr)
	wrong, seen = privateModes(t, filepath.Dir(filepath.Dir(db)))
	assert.Empty(t, wrong, "a new store")
	assert.Equal(t, 1, seen[".db"])
	export := filepath.Join(t.TempDir(), "fiches.csv")
	code, _, stderr = runCLI(t, "partners", "export", "--db", filepath.Join(data, "eleader.db"), "--output", export)
	require.Equal(t, exitOK, code, stderr)
	info, err = os.Stat(export)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the export of the sheets")
}
