// Package dropdir keeps partners' files on disk, under one root:
//
//	ROOT/<partner>/depot/        files deposited, waiting for the next run
//	ROOT/<partner>/historique/   every file kept: imported, or superseded
//
// A deposit is atomic (a temporary file, fsync, a link that never replaces
// an existing file, fsync of the directory): a file is either wholly there
// or not at all, and of two deposits racing for one name exactly one wins.
// A name already present in deposits or history is a conflict. A partner
// identifier can never address another partner's directory. Directories are
// created 0700 and files 0600, whatever the umask: they hold personal data.
package dropdir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The sub-directories of a partner.
const (
	DepositDir = "depot"
	HistoryDir = "historique"
)

// supersededSuffix marks, in history, a file that was never imported
// because a more recent one was deposited before the run.
const supersededSuffix = ".superseded"

// MaxNameBytes bounds a file name: a name must still fit the file systems'
// 255 bytes once marked superseded.
const MaxNameBytes = 255 - len(supersededSuffix)

// Dir is the deposit and history directories of every partner under Root.
type Dir struct {
	// Root holds one directory per partner.
	Root string
	// Now gives the deposit time. Nil means time.Now.
	Now func() time.Time
}

var _ eleader.Deposits = (*Dir)(nil)

// New returns the directories under root, creating root.
func New(root string) (*Dir, error) {
	if err := eleader.MkdirPrivate(root); err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	return &Dir{Root: root}, nil
}

func (d *Dir) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// partnerDir returns a partner's directory. The identifier must be a valid
// partner identifier: lower-case letters, digits, _ and -, so never "..", a
// separator, an absolute path or a NUL.
func (d *Dir) partnerDir(partner string) (string, error) {
	if !importer.ValidPartner(partner) {
		return "", eleader.Errorf(eleader.EINVALID, "%q is not a partner identifier", partner)
	}
	return filepath.Join(d.Root, partner), nil
}

// checkName refuses names that are not a plain file name.
func checkName(name string) error {
	switch {
	case name == "", name == ".", name == "..":
		return eleader.Errorf(eleader.EINVALID, "the file name is missing")
	case len(name) > MaxNameBytes:
		return eleader.Errorf(eleader.EINVALID, "the file name is longer than %d bytes", MaxNameBytes)
	case strings.ContainsAny(name, "/\\\x00"), strings.HasPrefix(name, "."):
		return eleader.Errorf(eleader.EINVALID, "%q is not a plain file name (no directory, no leading dot, no NUL)", name)
	}
	return nil
}

func (d *Dir) dirs(partner string) (deposits, history string, err error) {
	pd, err := d.partnerDir(partner)
	if err != nil {
		return "", "", err
	}
	deposits, history = filepath.Join(pd, DepositDir), filepath.Join(pd, HistoryDir)
	for _, dir := range []string{deposits, history} {
		if err := eleader.MkdirPrivate(dir); err != nil {
			return "", "", fmt.Errorf("dropdir: %w", err)
		}
	}
	return deposits, history, nil
}

// exists reports whether a file of that name is in deposits (when deposits
// is not "") or in history.
func exists(deposits, history, name string) (string, bool) {
	paths := []string{filepath.Join(history, name), filepath.Join(history, name+supersededSuffix)}
	if deposits != "" {
		paths = append(paths, filepath.Join(deposits, name))
	}
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			return filepath.Base(filepath.Dir(p)), true
		}
	}
	return "", false
}

// Deposit writes a partner's file into its deposits, atomically. It reads at
// most limit bytes (0: no limit): a longer body is an *eleader.Error
// ETOOLARGE and leaves nothing behind. A name already deposited or kept in
// history is ECONFLICT.
func (d *Dir) Deposit(ctx context.Context, partner, name string, body io.Reader, limit int64) (eleader.Deposit, error) {
	var dep eleader.Deposit
	if err := checkName(name); err != nil {
		return dep, err
	}
	deposits, history, err := d.dirs(partner)
	if err != nil {
		return dep, err
	}
	if where, ok := exists(deposits, history, name); ok {
		return dep, eleader.Errorf(eleader.ECONFLICT, "%s is already in %s: a file name is used once (send a new file with the new date)", name, where)
	}
	tmp, err := os.CreateTemp(deposits, ".tmp-*")
	if err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	src := body
	if limit > 0 {
		src = io.LimitReader(body, limit+1)
	}
	n, err := io.Copy(io.MultiWriter(tmp, h), contextReader{ctx, src})
	if err != nil {
		return dep, fmt.Errorf("dropdir: receive %s: %w", name, err)
	}
	if limit > 0 && n > limit {
		return dep, eleader.Errorf(eleader.ETOOLARGE, "%s is larger than %d bytes", name, limit)
	}
	if err := tmp.Sync(); err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	at := d.now()
	if err := os.Chtimes(tmp.Name(), at, at); err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	// A link never replaces: of two deposits racing for one name, one wins.
	if err := os.Link(tmp.Name(), filepath.Join(deposits, name)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return dep, eleader.Errorf(eleader.ECONFLICT, "%s is already in %s: a file name is used once (send a new file with the new date)", name, DepositDir)
		}
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	if where, ok := exists("", history, name); ok { // a run kept it meanwhile
		os.Remove(filepath.Join(deposits, name))
		return dep, eleader.Errorf(eleader.ECONFLICT, "%s is already in %s", name, where)
	}
	if err := syncDir(deposits); err != nil {
		return dep, err
	}
	return eleader.Deposit{Partner: partner, Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), At: at}, nil
}

// contextReader stops a copy when its context ends.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("dropdir: sync %s: %w", dir, err)
	}
	return nil
}

// Deposits lists a partner's deposits, oldest first (by deposit time, then
// name). Temporary files of deposits in progress are not listed.
func (d *Dir) Deposits(ctx context.Context, partner string) ([]eleader.Deposit, error) {
	deposits, _, err := d.dirs(partner)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(deposits)
	if err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	var out []eleader.Deposit
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, eleader.Deposit{Partner: partner, Name: e.Name(), Size: info.Size(), At: info.ModTime()})
	}
	slices.SortFunc(out, func(a, b eleader.Deposit) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// Keep copies a deposit into history (temporary file, fsync, rename, fsync
// of the directory) and checks the copy's SHA-256 against the deposit's. It
// returns the kept file's description, with its SHA-256. Keeping a file
// already kept with the same content does nothing; with another content it
// is ECONFLICT.
func (d *Dir) Keep(ctx context.Context, partner, name string) (eleader.Deposit, error) {
	var dep eleader.Deposit
	if err := checkName(name); err != nil {
		return dep, err
	}
	deposits, history, err := d.dirs(partner)
	if err != nil {
		return dep, err
	}
	src := filepath.Join(deposits, name)
	sum, size, err := fileSum(src)
	if err != nil {
		return dep, err
	}
	info, _ := os.Stat(src)
	dep = eleader.Deposit{Partner: partner, Name: name, Size: size, SHA256: sum}
	if info != nil {
		dep.At = info.ModTime()
	}
	dst := filepath.Join(history, name)
	if kept, _, err := fileSum(dst); err == nil {
		if kept == sum {
			return dep, nil
		}
		return dep, eleader.Errorf(eleader.ECONFLICT, "%s is already kept in history with another content", name)
	}
	if err := copyFile(src, dst, history); err != nil {
		return dep, err
	}
	kept, _, err := fileSum(dst)
	if err != nil {
		return dep, err
	}
	if kept != sum {
		os.Remove(dst)
		return dep, fmt.Errorf("dropdir: the copy of %s in history does not match the deposit (sha256 %s, want %s)", name, kept, sum)
	}
	return dep, nil
}

// copyFile copies src to dst through a temporary file in dir.
func copyFile(src, dst, dir string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, in); err != nil {
		return fmt.Errorf("dropdir: copy %s: %w", filepath.Base(src), err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	if info, err := in.Stat(); err == nil {
		os.Chtimes(tmp.Name(), info.ModTime(), info.ModTime())
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	return syncDir(dir)
}

// fileSum returns a file's SHA-256 and size.
func fileSum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", 0, eleader.Errorf(eleader.ENOTFOUND, "no file %s", filepath.Base(path))
		}
		return "", 0, fmt.Errorf("dropdir: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("dropdir: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Sum describes a deposit, with the SHA-256 of its content.
func (d *Dir) Sum(ctx context.Context, partner, name string) (eleader.Deposit, error) {
	var dep eleader.Deposit
	if err := checkName(name); err != nil {
		return dep, err
	}
	deposits, _, err := d.dirs(partner)
	if err != nil {
		return dep, err
	}
	p := filepath.Join(deposits, name)
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return dep, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's deposits", name, partner)
	}
	if err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	sum, size, err := fileSum(p)
	if errors.Is(err, fs.ErrNotExist) { // imported meanwhile
		return dep, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's deposits", name, partner)
	}
	if err != nil {
		return dep, err
	}
	return eleader.Deposit{Partner: partner, Name: name, Size: size, SHA256: sum, At: info.ModTime()}, nil
}

// Open opens a file kept in history.
func (d *Dir) Open(ctx context.Context, partner, name string) (io.ReadCloser, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	_, history, err := d.dirs(partner)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(history, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's history", name, partner)
	}
	return f, err
}

// Remove deletes a deposit (once kept or superseded). A deposit already gone
// is fine.
func (d *Dir) Remove(ctx context.Context, partner, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	deposits, _, err := d.dirs(partner)
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(deposits, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dropdir: %w", err)
	}
	return syncDir(deposits)
}

// Supersede moves a deposit into history, marked superseded (its name gets
// the suffix .superseded there). A deposit already moved is fine. A kept
// copy of it in history — left by a run that crashed before importing it —
// is removed: the file was never imported.
func (d *Dir) Supersede(ctx context.Context, partner, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	deposits, history, err := d.dirs(partner)
	if err != nil {
		return err
	}
	err = os.Rename(filepath.Join(deposits, name), filepath.Join(history, name+supersededSuffix))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dropdir: %w", err)
	}
	if err := os.Remove(filepath.Join(history, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dropdir: %w", err)
	}
	if err := syncDir(history); err != nil {
		return err
	}
	return syncDir(deposits)
}

// Purge deletes the history files of every partner last modified before
// cutoff, and stale temporary files. It returns the files deleted, as
// partner/name.
func (d *Dir) Purge(ctx context.Context, cutoff time.Time) ([]string, error) {
	partners, err := os.ReadDir(d.Root)
	if err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	var out []string
	for _, p := range partners {
		if !p.IsDir() || !importer.ValidPartner(p.Name()) {
			continue
		}
		for _, sub := range []string{HistoryDir, DepositDir} {
			dir := filepath.Join(d.Root, p.Name(), sub)
			entries, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				info, err := e.Info()
				if err != nil || !info.Mode().IsRegular() || !info.ModTime().Before(cutoff) {
					continue
				}
				if sub == DepositDir && !strings.HasPrefix(e.Name(), ".tmp-") {
					continue // deposits wait for a run, whatever their age
				}
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					return out, fmt.Errorf("dropdir: %w", err)
				}
				if sub == HistoryDir {
					out = append(out, p.Name()+"/"+e.Name())
				}
			}
		}
	}
	return out, nil
}
