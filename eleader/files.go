package eleader

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// The modes of what holds personal data on disk — the store, deposits and
// history, reports in the outbox, temporary files, the web sessions' key —:
// readable by their owner only, whatever the umask. Temporary files
// (os.CreateTemp) are 0600 already.
const (
	PrivateFileMode fs.FileMode = 0o600
	PrivateDirMode  fs.FileMode = 0o700
)

// MkdirPrivate creates dir and its missing parents, each PrivateDirMode
// whatever the umask (a process's umask may only take permissions away; an
// explicit chmod gives the exact mode). Directories that exist keep their
// mode. A directory created by another process meanwhile is fine.
func MkdirPrivate(dir string) error {
	var missing []string
	for p := filepath.Clean(dir); ; {
		if _, err := os.Lstat(p); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		missing = append(missing, p)
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		p = parent
	}
	for i := len(missing) - 1; i >= 0; i-- {
		p := missing[i]
		if err := os.Mkdir(p, PrivateDirMode); err != nil {
			if errors.Is(err, fs.ErrExist) {
				continue // another process made it: its mode is its own
			}
			return err
		}
		if err := os.Chmod(p, PrivateDirMode); err != nil {
			return err
		}
	}
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: errors.New("not a directory")}
	}
	return nil
}

// CreatePrivate creates an empty file at path, PrivateFileMode whatever the
// umask, unless it exists (its mode is then left as it is). It reports
// whether it created it.
func CreatePrivate(path string) (bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, PrivateFileMode)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := f.Chmod(PrivateFileMode); err != nil {
		f.Close()
		return true, err
	}
	return true, f.Close()
}

// WritePrivateOnce writes data to a new file path, PrivateFileMode, all or
// nothing: a temporary file beside it, written, synced, then linked into
// place, so that a reader never sees it half written. It never replaces a
// file: when path exists (another process wrote it first), it returns false
// and leaves it. serve's session key and SFTP host key are written so.
func WritePrivateOnce(path string, data []byte) (bool, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".private-*") // 0600
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, nil
}
