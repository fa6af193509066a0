// Package dropdir keeps partners' files on disk, under one root:
//
//	ROOT/<partner>/depot/        files deposited, waiting for the next run
//	ROOT/<partner>/historique/   every file kept: imported, or superseded
//	ROOT/<partner>/refuses/      what a run set aside: never a candidate
//
// A deposit is atomic (a temporary file, fsync, a link that never replaces
// an existing file, fsync of the directory): a file is either wholly there
// or not at all, and of two deposits racing for one export exactly one
// wins. A deposit is staged first (Stage), so that the service judges the
// file before it enters the deposits (Commit). An export already present in
// deposits or history, under its name or the other extension's
// (20261125-bge.csv and 20261125-bge.xlsx), is a conflict. A partner
// identifier can never address another partner's directory. Directories are
// created 0700 and files 0600, whatever the umask: they hold personal data.
//
// Temporary files (.tmp-*) are locked (flock) by the process writing them
// for as long as it writes: a temporary file nobody locks is the leftover
// of a process that died, which Leftovers removes — also while other
// processes (instances sharing the directories) are writing theirs. Links
// are never followed: a symbolic link found in a deposit is an entry like
// any other, set aside by the run, never read.
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
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
)

// The sub-directories of a partner.
const (
	DepositDir = "depot"
	HistoryDir = "historique"
	RefusedDir = "refuses"
)

// tmpPrefix starts the names of the temporary files of this package.
const tmpPrefix = ".tmp-"

// DefaultLeftoverAge is how long a temporary file must have been left
// unchanged, besides unlocked, to be a leftover: none — an unlocked
// temporary file is a leftover at once (at start-up, the first run), as
// the writer locks its file from its creation (createTemp).
const DefaultLeftoverAge = 0

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
	// LeftoverAge is how long an unlocked temporary file must have been
	// left unchanged before Leftovers removes it. Zero means
	// DefaultLeftoverAge: at once.
	LeftoverAge time.Duration
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

// exists reports whether a file of that export (its name, or the other
// extension's) is in deposits (when deposits is not "") or in history,
// returning the folder and the name found.
func exists(deposits, history, name string) (where, found string, ok bool) {
	for _, n := range filename.ExportNames(name) {
		paths := []string{filepath.Join(history, n), filepath.Join(history, n+supersededSuffix)}
		if deposits != "" {
			paths = append(paths, filepath.Join(deposits, n))
		}
		for _, p := range paths {
			if _, err := os.Lstat(p); err == nil {
				return filepath.Base(filepath.Dir(p)), n, true
			}
		}
	}
	return "", "", false
}

// conflict is the ECONFLICT of a name whose export is already in where.
func conflict(name, found, where string) error {
	if found == name {
		return eleader.Errorf(eleader.ECONFLICT, "%s is already in %s: a file name is used once (send a new file with the new date)", name, where)
	}
	return eleader.Errorf(eleader.ECONFLICT, "the export of %s is already in %s as %s: an export is sent once, as CSV or as a workbook (send a new file with the new date)", name, where, found)
}

// Deposit writes a partner's file into its deposits, atomically: Stage,
// then Commit. It reads at most limit bytes (0: no limit): a longer body
// is an *eleader.Error ETOOLARGE and leaves nothing behind. A file of the
// same export (this name, or the other extension's) already deposited or
// kept in history is ECONFLICT.
func (d *Dir) Deposit(ctx context.Context, partner, name string, body io.Reader, limit int64) (eleader.Deposit, error) {
	st, err := d.Stage(ctx, partner, name, body, limit)
	if err != nil {
		return eleader.Deposit{}, err
	}
	defer st.Abort()
	return st.Commit(ctx)
}

// Stage receives a partner's file into a temporary file of its deposits
// (.tmp-*, 0600, never listed), fsynced, for the service to judge through
// ReadAt before it commits it. It reads at most limit bytes (0: no limit):
// beyond, ETOOLARGE, and nothing is left. A file of the same export already
// deposited or kept is ECONFLICT at once (and again at Commit).
func (d *Dir) Stage(ctx context.Context, partner, name string, body io.Reader, limit int64) (eleader.Staged, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	deposits, history, err := d.dirs(partner)
	if err != nil {
		return nil, err
	}
	if where, found, ok := exists(deposits, history, name); ok {
		return nil, conflict(name, found, where)
	}
	tmp, err := createTemp(deposits)
	if err != nil {
		return nil, err
	}
	st := &staged{d: d, f: tmp, partner: partner, name: name, deposits: deposits, history: history}
	h := sha256.New()
	src := body
	if limit > 0 {
		src = io.LimitReader(body, limit+1)
	}
	n, err := io.Copy(io.MultiWriter(tmp, h), contextReader{ctx, src})
	if err != nil {
		st.Abort()
		return nil, fmt.Errorf("dropdir: receive %s: %w", name, err)
	}
	if limit > 0 && n > limit {
		st.Abort()
		return nil, eleader.Errorf(eleader.ETOOLARGE, "%s is larger than %d bytes", name, limit)
	}
	if err := tmp.Sync(); err != nil {
		st.Abort()
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	st.size, st.sum = n, hex.EncodeToString(h.Sum(nil))
	return st, nil
}

// staged is a file received, not deposited yet.
type staged struct {
	d                                *Dir
	f                                *os.File
	partner, name, deposits, history string
	size                             int64
	sum                              string
	done                             bool
}

var _ eleader.Staged = (*staged)(nil)

func (s *staged) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }
func (s *staged) Size() int64                             { return s.size }
func (s *staged) SHA256() string                          { return s.sum }

// Commit links the file into the deposits, under the partner's lock (so
// that two files of one export racing exactly one wins), with a link that
// never replaces, then syncs the directory.
func (s *staged) Commit(ctx context.Context) (eleader.Deposit, error) {
	var dep eleader.Deposit
	if s.done {
		return dep, errors.New("dropdir: the file was already committed or aborted")
	}
	defer s.Abort()
	unlock, err := lockPartner(filepath.Dir(s.deposits))
	if err != nil {
		return dep, err
	}
	defer unlock()
	if where, found, ok := exists(s.deposits, s.history, s.name); ok {
		return dep, conflict(s.name, found, where)
	}
	at := s.d.now()
	if err := os.Chtimes(s.f.Name(), at, at); err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	// A link never replaces: of two deposits racing for one name, one wins.
	dst := filepath.Join(s.deposits, s.name)
	if err := os.Link(s.f.Name(), dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return dep, conflict(s.name, s.name, DepositDir)
		}
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	if where, found, ok := exists("", s.history, s.name); ok { // a run kept it meanwhile
		os.Remove(dst)
		return dep, conflict(s.name, found, where)
	}
	if err := syncDir(s.deposits); err != nil {
		return dep, err
	}
	return eleader.Deposit{Partner: s.partner, Name: s.name, Size: s.size, SHA256: s.sum, At: at}, nil
}

// Abort removes the temporary file; after Commit or Abort it does nothing.
func (s *staged) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	// Removed while locked: a cleanup never takes it (or, committed, its
	// deposit's other name) for a leftover.
	err := os.Remove(s.f.Name())
	s.f.Close()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dropdir: %w", err)
	}
	return nil
}

// lockFile is the partner's lock of deposits, in its directory (not among
// its deposits).
const lockFile = ".depot.lock"

// lockPartner takes the exclusive lock of a partner's deposits (flock on
// lockFile: released if the process dies; shared by the instances of a
// file system that supports it), and returns its release.
func lockPartner(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("dropdir: lock %s: %w", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
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
	in, err := openRegular(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := createTemp(dir)
	if err != nil {
		return err
	}
	defer tmp.Close()
	defer os.Remove(tmp.Name()) // on failure; removed while locked, never a leftover
	if _, err := io.Copy(tmp, in); err != nil {
		return fmt.Errorf("dropdir: copy %s: %w", filepath.Base(src), err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	if info, err := in.Stat(); err == nil {
		os.Chtimes(tmp.Name(), info.ModTime(), info.ModTime())
	}
	// Renamed while open, so locked: never taken for a leftover.
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("dropdir: %w", err)
	}
	return syncDir(dir)
}

// fileSum returns a file's SHA-256 and size.
func fileSum(path string) (string, int64, error) {
	f, err := openRegular(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("dropdir: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Sum describes a deposit, with the SHA-256 of its content. A name that
// is not a regular file of the deposits (missing, a directory, a link) is
// ENOTFOUND.
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
	info, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !info.Mode().IsRegular()) {
		return dep, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's deposits", name, partner)
	}
	if err != nil {
		return dep, fmt.Errorf("dropdir: %w", err)
	}
	sum, size, err := fileSum(p)
	if eleader.ErrorCode(err) == eleader.ENOTFOUND { // imported meanwhile
		return dep, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's deposits", name, partner)
	}
	if err != nil {
		return dep, err
	}
	return eleader.Deposit{Partner: partner, Name: name, Size: size, SHA256: sum, At: info.ModTime()}, nil
}

// OpenDeposit opens a deposit for reading, never following a link. A name
// that is not a regular file of the deposits (missing, a directory, a link)
// is ENOTFOUND.
func (d *Dir) OpenDeposit(ctx context.Context, partner, name string) (eleader.DepositFile, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	deposits, _, err := d.dirs(partner)
	if err != nil {
		return nil, err
	}
	f, err := openRegular(filepath.Join(deposits, name))
	if c := eleader.ErrorCode(err); c == eleader.ENOTFOUND || c == eleader.EINVALID {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's deposits", name, partner)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	return depositFile{f, info.Size()}, nil
}

// depositFile is a deposit opened for reading.
type depositFile struct {
	*os.File
	size int64
}

func (f depositFile) Size() int64 { return f.size }

// Open opens a file kept in history.
func (d *Dir) Open(ctx context.Context, partner, name string) (io.ReadCloser, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	_, history, err := d.dirs(partner)
	if err != nil {
		return nil, err
	}
	f, err := openRegular(filepath.Join(history, name))
	if eleader.ErrorCode(err) == eleader.ENOTFOUND {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no file %s in %s's history", name, partner)
	}
	return f, err
}

// Remove deletes a deposit (once kept or superseded, or a duplicate). A
// deposit already gone is fine.
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
// is removed: the file was never imported. A file already superseded under
// that name is never replaced: the same bytes again are simply removed from
// the deposits; other bytes are ECONFLICT, and stay where they are.
func (d *Dir) Supersede(ctx context.Context, partner, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	deposits, history, err := d.dirs(partner)
	if err != nil {
		return err
	}
	src, dst := filepath.Join(deposits, name), filepath.Join(history, name+supersededSuffix)
	err = os.Link(src, dst) // never replaces
	switch {
	case errors.Is(err, fs.ErrExist):
		was, _, err1 := fileSum(dst)
		now, _, err2 := fileSum(src)
		if err1 != nil || err2 != nil {
			return errors.Join(err1, err2)
		}
		if was != now {
			return eleader.Errorf(eleader.ECONFLICT, "%s is already superseded in history with another content", name)
		}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("dropdir: %w", err)
	}
	if err := os.Remove(src); err != nil && !errors.Is(err, fs.ErrNotExist) {
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

// createTemp creates a temporary file in dir, locked for as long as it is
// open: Leftovers never takes it for the leftover of a dead process. A
// cleanup may reach the file in the instant between its creation and its
// lock. If it only looks at it (it holds the lock a moment, finds the file
// too recent, lets go), createTemp waits for the lock and keeps the file;
// if it removed it, the file is made again, under another name.
func createTemp(dir string) (*os.File, error) {
	var err error
	for range maxTempAttempts {
		var f *os.File
		if f, err = os.CreateTemp(dir, tmpPrefix+"*"); err != nil {
			return nil, fmt.Errorf("dropdir: %w", err)
		}
		// Blocking, as lockPartner: a cleanup never waits for a lock
		// (LOCK_NB) and holds one only while it looks at and maybe
		// removes the file.
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err == nil {
			info, serr := f.Stat()
			cur, lerr := os.Lstat(f.Name())
			if serr == nil && lerr == nil && os.SameFile(info, cur) {
				return f, nil // locked, and still in place
			}
			err = errors.New("removed by a cleanup before its lock")
		}
		f.Close()
		os.Remove(f.Name()) // ours: a cleanup holding it finds it gone
	}
	return nil, fmt.Errorf("dropdir: lock a temporary file in %s: %w", dir, err)
}

// maxTempAttempts bounds createTemp's attempts: each one lost means a
// cleanup listed the directory, then removed the new file before its
// creator, descheduled meanwhile, could lock it.
const maxTempAttempts = 32

// openRegular opens a regular file for reading, never following a link; a
// missing file is ENOTFOUND, anything else than a regular file EINVALID.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no file %s", filepath.Base(path))
	}
	if errors.Is(err, syscall.ELOOP) {
		return nil, eleader.Errorf(eleader.EINVALID, "%s is a symbolic link, which is never followed", filepath.Base(path))
	}
	if err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, eleader.Errorf(eleader.EINVALID, "%s is not a regular file", filepath.Base(path))
	}
	return f, nil
}

// checkEntryName refuses what cannot be the name of an entry of a
// directory; unlike checkName, it accepts a leading dot.
func checkEntryName(name string) error {
	switch {
	case name == "", name == ".", name == "..":
		return eleader.Errorf(eleader.EINVALID, "the file name is missing")
	case len(name) > 255:
		return eleader.Errorf(eleader.EINVALID, "the file name is longer than 255 bytes")
	case strings.ContainsAny(name, "/\x00"):
		return eleader.Errorf(eleader.EINVALID, "%q is not a plain file name (no directory, no NUL)", name)
	}
	return nil
}

// kind describes a directory entry's type.
func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return eleader.EntryFile
	case m.IsDir():
		return eleader.EntryDirectory
	case m&fs.ModeSymlink != 0:
		return eleader.EntrySymlink
	}
	return eleader.EntryOther
}

// Entries lists everything in a partner's deposits, by name, but the
// temporary files of this package (.tmp-*, regular files): deposits, and
// whatever else was put there (another name, a directory, a link, which is
// described, never followed).
func (d *Dir) Entries(ctx context.Context, partner string) ([]eleader.Entry, error) {
	deposits, _, err := d.dirs(partner)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(deposits)
	if err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	out := []eleader.Entry{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) && e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		en := eleader.Entry{Name: e.Name(), ModTime: info.ModTime(), Kind: kind(info.Mode())}
		if en.Kind == eleader.EntryFile {
			en.Size = info.Size()
		}
		out = append(out, en)
	}
	return out, nil
}

// maxRefusedCopies bounds the names tried in refuses/ for one entry.
const maxRefusedCopies = 1000

// SetAside moves an entry of a partner's deposits (a file, a directory, a
// link: never followed) into its refuses/ directory, under a name that can
// be shown and typed: control characters, invalid UTF-8 and a backslash
// become '_'; when taken, the name gets .2, .3 … It returns that name. An
// entry already gone is ENOTFOUND.
func (d *Dir) SetAside(ctx context.Context, partner, name string) (string, error) {
	if err := checkEntryName(name); err != nil {
		return "", err
	}
	deposits, _, err := d.dirs(partner)
	if err != nil {
		return "", err
	}
	refused := filepath.Join(d.Root, partner, RefusedDir)
	if err := eleader.MkdirPrivate(refused); err != nil {
		return "", fmt.Errorf("dropdir: %w", err)
	}
	src := filepath.Join(deposits, name)
	if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
		return "", eleader.Errorf(eleader.ENOTFOUND, "no entry %s in %s's deposits", safeName(name), partner)
	}
	base := safeName(name)
	for i := 1; i <= maxRefusedCopies; i++ {
		dst := base
		if i > 1 {
			suffix := "." + strconv.Itoa(i)
			dst = filename.CutBytes(base, 255-len(suffix)) + suffix
		}
		if _, err := os.Lstat(filepath.Join(refused, dst)); err == nil {
			continue
		}
		// One run at a time handles a partner: nobody else writes into
		// refuses/ between the look and the rename.
		if err := os.Rename(src, filepath.Join(refused, dst)); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", eleader.Errorf(eleader.ENOTFOUND, "no entry %s in %s's deposits", base, partner)
			}
			return "", fmt.Errorf("dropdir: set aside %s: %w", base, err)
		}
		if err := syncDir(refused); err != nil {
			return dst, err
		}
		return dst, syncDir(deposits)
	}
	return "", fmt.Errorf("dropdir: %s is already %d times in %s's %s", base, maxRefusedCopies, partner, RefusedDir)
}

// safeName returns a name fit to show and type: invalid UTF-8, control
// characters and backslashes replaced by '_', at most 255 bytes.
func safeName(name string) string {
	var b strings.Builder
	for len(name) > 0 {
		r, size := utf8.DecodeRuneInString(name)
		switch {
		case r == utf8.RuneError && size <= 1, unicode.IsControl(r), r == '\\':
			b.WriteByte('_')
		default:
			b.WriteString(name[:size])
		}
		name = name[size:]
	}
	s := filename.CutBytes(b.String(), 255)
	if s == "." || s == ".." {
		s = "_" + s
	}
	return s
}

func (d *Dir) leftoverAge() time.Duration {
	if d.LeftoverAge <= 0 {
		return DefaultLeftoverAge
	}
	return d.LeftoverAge
}

// partnerDirs lists the partners' directories: partner's only, or every
// partner's when partner is "".
func (d *Dir) partnerDirs(partner string) ([]string, error) {
	if partner != "" {
		if _, err := d.partnerDir(partner); err != nil {
			return nil, err
		}
		return []string{partner}, nil
	}
	entries, err := os.ReadDir(d.Root)
	if err != nil {
		return nil, fmt.Errorf("dropdir: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && importer.ValidPartner(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// Leftovers removes the temporary files (.tmp-*) that processes which died
// mid-write left in the deposits and the history of partner (of every
// partner when partner is ""): those no process locks, unchanged for
// LeftoverAge. before is called with each one before it is removed (to
// record it); its error stops the cleanup. A temporary file being written
// is never touched.
func (d *Dir) Leftovers(ctx context.Context, partner string, before func(eleader.FileRemoval) error) error {
	partners, err := d.partnerDirs(partner)
	if err != nil {
		return err
	}
	cutoff := time.Now().Add(-d.leftoverAge())
	for _, p := range partners {
		for _, sub := range []string{DepositDir, HistoryDir} {
			dir := filepath.Join(d.Root, p, sub)
			entries, err := os.ReadDir(dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fmt.Errorf("dropdir: %w", err)
			}
			for _, e := range entries {
				if !strings.HasPrefix(e.Name(), tmpPrefix) || !e.Type().IsRegular() {
					continue
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := removeLeftover(dir, e.Name(), cutoff, eleader.FileRemoval{Partner: p, Dir: sub, Name: e.Name(), Leftover: true}, before); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// removeLeftover removes one temporary file if nobody locks it and it was
// left unchanged since before cutoff.
func removeLeftover(dir, name string, cutoff time.Time, r eleader.FileRemoval, before func(eleader.FileRemoval) error) error {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil // gone meanwhile, or not ours
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return nil // being written
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || !info.ModTime().Before(cutoff) {
		return nil
	}
	if cur, err := os.Lstat(path); err != nil || !os.SameFile(cur, info) {
		return nil // renamed into place, or replaced, meanwhile
	}
	r.Size, r.ModTime = info.Size(), info.ModTime()
	if before != nil {
		if err := before(r); err != nil {
			return err
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dropdir: %w", err)
	}
	return nil
}

// Purge deletes, for every partner, the history files and the files set
// aside in refuses/ last modified before cutoff, and the leftovers of dead
// processes (see Leftovers). before is called with each file before it is
// deleted (to record it); its error stops the purge. Deposits wait for a
// run whatever their age.
func (d *Dir) Purge(ctx context.Context, cutoff time.Time, before func(eleader.FileRemoval) error) error {
	partners, err := d.partnerDirs("")
	if err != nil {
		return err
	}
	for _, p := range partners {
		for _, sub := range []string{HistoryDir, RefusedDir} {
			dir := filepath.Join(d.Root, p, sub)
			entries, err := os.ReadDir(dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fmt.Errorf("dropdir: %w", err)
			}
			for _, e := range entries {
				if err := ctx.Err(); err != nil {
					return err
				}
				if strings.HasPrefix(e.Name(), tmpPrefix) && e.Type().IsRegular() {
					continue // Leftovers' business
				}
				info, err := e.Info()
				if err != nil || !info.ModTime().Before(cutoff) {
					continue
				}
				r := eleader.FileRemoval{Partner: p, Dir: sub, Name: e.Name(), Size: info.Size(), ModTime: info.ModTime()}
				if info.IsDir() {
					r.Size = 0
				}
				if before != nil {
					if err := before(r); err != nil {
						return err
					}
				}
				if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
					return fmt.Errorf("dropdir: %w", err)
				}
			}
		}
	}
	return d.Leftovers(ctx, "", before)
}
