package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// Backup writes a consistent copy of the store to path, while other
// connections and processes go on reading and writing: SQLite's VACUUM
// INTO reads the store in one transaction, so the copy holds it as it was
// before or after each import, never halfway. The copy is compacted, and
// created readable by its owner only (0600: it holds personal data). It
// is written to a temporary file beside path, then linked into place:
// path never holds half a copy.
//
// Backup never overwrites: when path exists, it fails with an *eleader.Error
// ECONFLICT. Other errors are faults (the directory, the store).
func (s *Store) Backup(ctx context.Context, path string) error {
	exists := func() error {
		return eleader.Errorf(eleader.ECONFLICT, "%s exists: a backup never overwrites a file (remove it, or choose another name)", path)
	}
	if _, err := os.Lstat(path); err == nil {
		return exists()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	// A private directory beside path: the copy is never readable by others,
	// even before its mode is set.
	tmpDir, err := os.MkdirTemp(filepath.Dir(path), ".eleader-backup-*")
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "backup.db")
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("sqlite: backup of %s: %w", s.path, err)
	}
	if err := syncFile(tmp, 0o600); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return exists()
	} else if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// syncFile sets a file's mode and flushes it to disk.
func syncFile(path string, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
