package smtp_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
)

// TestFolderPrivateModes: under a permissive umask, the outbox folder is
// 0700 and its messages 0600: a report quotes rejected lines.
func TestFolderPrivateModes(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data", "outbox")
	require.NoError(t, (&smtp.Folder{Dir: dir}).Send(context.Background(), testMessage(t)))
	for _, p := range []string{filepath.Dir(dir), dir} {
		info, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), p)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	info, err := entries[0].Info()
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}
