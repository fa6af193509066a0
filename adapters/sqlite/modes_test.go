package sqlite_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
)

// TestNewStorePrivate: under a permissive umask, a new store's directory
// is 0700 and its file, -wal and -shm 0600; a store that exists keeps its
// modes.
func TestNewStorePrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data", "store")
	path := filepath.Join(dir, "eleader.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	_, err = s.Runs(t.Context(), "", 1) // the WAL and its index are there
	require.NoError(t, err)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		require.NoError(t, err, p)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), p)
	}
	for _, p := range []string{dir, filepath.Dir(dir)} {
		info, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), p)
	}
	require.NoError(t, s.Close())

	require.NoError(t, os.Chmod(path, 0o640))
	s, err = sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm(), "an existing store keeps its mode")
}
