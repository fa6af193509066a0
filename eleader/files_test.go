package eleader_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// withUmask runs f with the process's umask set to mask (the tests of this
// package do not run in parallel).
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Mode().Perm()
}

// TestPrivateModes: directories and files made for personal data are
// 0700 and 0600 whatever the umask; those that exist keep their modes.
func TestPrivateModes(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o002, 0o077} {
		withUmask(t, mask, func() {
			root := t.TempDir()
			existing := filepath.Join(root, "existing")
			require.NoError(t, os.Mkdir(existing, 0o755))
			require.NoError(t, os.Chmod(existing, 0o755))
			dir := filepath.Join(existing, "a", "b", "c")
			require.NoError(t, eleader.MkdirPrivate(dir))
			for _, p := range []string{filepath.Join(existing, "a"), filepath.Join(existing, "a", "b"), dir} {
				assert.Equal(t, eleader.PrivateDirMode, mode(t, p), "umask %03o: %s", mask, p)
			}
			assert.Equal(t, os.FileMode(0o755), mode(t, existing), "umask %03o: an existing directory keeps its mode", mask)
			require.NoError(t, eleader.MkdirPrivate(dir), "again")

			file := filepath.Join(dir, "eleader.db")
			created, err := eleader.CreatePrivate(file)
			require.NoError(t, err)
			assert.True(t, created)
			assert.Equal(t, eleader.PrivateFileMode, mode(t, file), "umask %03o", mask)
			require.NoError(t, os.Chmod(file, 0o640))
			created, err = eleader.CreatePrivate(file)
			require.NoError(t, err)
			assert.False(t, created)
			assert.Equal(t, os.FileMode(0o640), mode(t, file), "an existing file keeps its mode")

			assert.Error(t, eleader.MkdirPrivate(filepath.Join(file, "x")), "under a file")
			assert.Error(t, eleader.MkdirPrivate(file), "a file")
		})
	}
}

// TestWritePrivateOnce: a new file, whole and 0600 whatever the umask;
// never replaced; nothing left beside it.
func TestWritePrivateOnce(t *testing.T) {
	withUmask(t, 0, func() {
		dir := t.TempDir()
		path := filepath.Join(dir, "session.key")
		created, err := eleader.WritePrivateOnce(path, []byte("first\n"))
		require.NoError(t, err)
		assert.True(t, created)
		assert.Equal(t, eleader.PrivateFileMode, mode(t, path))
		created, err = eleader.WritePrivateOnce(path, []byte("second\n"))
		require.NoError(t, err)
		assert.False(t, created, "another process's file wins")
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, "first\n", string(b))
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Len(t, entries, 1, "no temporary file left")
		_, err = eleader.WritePrivateOnce(filepath.Join(dir, "missing", "x"), nil)
		assert.Error(t, err, "a missing directory")
	})
}
