package dropdir_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrivateModes: under a permissive umask, deposits, history and the
// partners' directories (and the partner's lock file) are 0600 and 0700:
// they hold personal data.
func TestPrivateModes(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	d, c := newDir(t)
	deposit(t, d, "adie", "20261115-adie.csv", "old")
	c.set(t0.Add(1))
	deposit(t, d, "adie", "20261116-adie.csv", "new")
	_, err := d.Keep(t.Context(), "adie", "20261116-adie.csv")
	require.NoError(t, err)
	require.NoError(t, d.Supersede(t.Context(), "adie", "20261115-adie.csv"))
	files := 0
	err = filepath.WalkDir(d.Root, func(p string, e fs.DirEntry, err error) error {
		require.NoError(t, err)
		info, err := e.Info()
		require.NoError(t, err)
		want := os.FileMode(0o600)
		if e.IsDir() {
			want = 0o700
		} else {
			files++
		}
		assert.Equal(t, want, info.Mode().Perm(), "%s", p)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 4, files, "a deposit, a kept copy, a superseded file, the partner's lock file")
	assert.FileExists(t, filepath.Join(d.Root, "adie", ".depot.lock"))
}
