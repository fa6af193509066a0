package dropdir_test

import (
	"bytes"
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
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var _ eleader.Deposits = (*dropdir.Dir)(nil)

// t0 is the clock of the tests: whole seconds, so that every file system
// keeps it exactly.
var t0 = time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)

// clock is a settable Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// newDir returns a Dir under a fresh ROOT/root, and its clock set to t0.
func newDir(tb testing.TB) (*dropdir.Dir, *clock) {
	tb.Helper()
	d, err := dropdir.New(filepath.Join(tb.TempDir(), "root"))
	require.NoError(tb, err, "New")
	c := &clock{t: t0}
	d.Now = c.Now
	return d, c
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// deposit deposits body, without limit, and requires it to succeed.
func deposit(tb testing.TB, d *dropdir.Dir, partner, name, body string) eleader.Deposit {
	tb.Helper()
	dep, err := d.Deposit(tb.Context(), partner, name, strings.NewReader(body), 0)
	require.NoError(tb, err, "Deposit %s/%s", partner, name)
	return dep
}

func requireCode(tb testing.TB, err error, code string, msgAndArgs ...any) {
	tb.Helper()
	require.Error(tb, err, msgAndArgs...)
	require.Equal(tb, code, eleader.ErrorCode(err), "error %v", err)
}

// files returns every entry under dir, as slash paths relative to it,
// directories with a trailing slash.
func files(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || rel == "." {
			return err
		}
		if e.IsDir() {
			rel += "/"
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	require.NoError(tb, err, "walk %s", dir)
	return out
}

// depositFiles returns the entries of a partner's deposits directory.
func depositFiles(tb testing.TB, d *dropdir.Dir, partner string) []string {
	tb.Helper()
	return files(tb, filepath.Join(d.Root, partner, dropdir.DepositDir))
}

func readFile(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	return string(b)
}

// openKept reads a file kept in history through Open.
func openKept(tb testing.TB, d *dropdir.Dir, partner, name string) string {
	tb.Helper()
	r, err := d.Open(tb.Context(), partner, name)
	require.NoError(tb, err, "Open %s/%s", partner, name)
	defer r.Close()
	b, err := io.ReadAll(r)
	require.NoError(tb, err)
	return string(b)
}

func TestNewCreatesRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", "b")
	d, err := dropdir.New(root)
	require.NoError(t, err)
	assert.Equal(t, root, d.Root)
	info, err := os.Stat(root)
	require.NoError(t, err)
	assert.True(t, info.IsDir(), "root is a directory")
}

func TestDepositThenList(t *testing.T) {
	d, c := newDir(t)
	ctx := t.Context()
	body := "Numéro;Nom\nADIE100876-AHG-4U;Dupont\n"
	dep := deposit(t, d, "adie", "20261116-adie.csv", body)
	assert.Equal(t, "adie", dep.Partner)
	assert.Equal(t, "20261116-adie.csv", dep.Name)
	assert.Equal(t, int64(len(body)), dep.Size, "Size")
	assert.Equal(t, sum([]byte(body)), dep.SHA256, "SHA256")
	assert.True(t, dep.At.Equal(t0), "At: got %v, want %v", dep.At, t0)

	path := filepath.Join(d.Root, "adie", dropdir.DepositDir, "20261116-adie.csv")
	assert.Equal(t, body, readFile(t, path), "the deposited file")
	assert.Equal(t, []string{"20261116-adie.csv"}, depositFiles(t, d, "adie"), "no temporary file left")

	c.set(t0.Add(time.Hour))
	list, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	require.Len(t, list, 1)
	got := list[0]
	assert.Equal(t, "adie", got.Partner)
	assert.Equal(t, "20261116-adie.csv", got.Name)
	assert.Equal(t, int64(len(body)), got.Size, "listed Size")
	assert.True(t, got.At.Equal(t0), "listed At: got %v, want the deposit time %v", got.At, t0)

	// Another partner sees nothing.
	list, err = d.Deposits(ctx, "frac")
	require.NoError(t, err)
	assert.Empty(t, list, "frac's deposits")
}

func TestDepositEmptyBody(t *testing.T) {
	d, _ := newDir(t)
	dep := deposit(t, d, "adie", "20261116-adie.csv", "")
	assert.Equal(t, int64(0), dep.Size)
	assert.Equal(t, sum(nil), dep.SHA256)
}

func TestDepositsOrder(t *testing.T) {
	d, c := newDir(t)
	ctx := t.Context()
	// Deposited out of order: the listing follows deposit time, then name.
	for _, f := range []struct {
		name string
		at   time.Time
	}{
		{"c.csv", t0.Add(2 * time.Hour)},
		{"b.csv", t0},
		{"z.csv", t0.Add(time.Hour)},
		{"a.csv", t0.Add(time.Hour)},
		{"y.csv", t0.Add(-time.Hour)},
	} {
		c.set(f.at)
		deposit(t, d, "adie", f.name, f.name)
	}
	deposits := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	// A deposit in progress, a sub-directory and a symbolic link are not
	// deposits.
	require.NoError(t, os.WriteFile(filepath.Join(deposits, ".tmp-123"), []byte("half"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(deposits, "sub.csv"), 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(deposits, "sub.csv", "in.csv"), []byte("x"), 0o600))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(deposits, "link.csv")))

	list, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	var names []string
	for _, dep := range list {
		names = append(names, dep.Name)
	}
	assert.Equal(t, []string{"y.csv", "b.csv", "a.csv", "z.csv", "c.csv"}, names)
}

func TestDepositConflict(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, d *dropdir.Dir) // leaves the name taken
	}{
		{"in deposits", func(t *testing.T, d *dropdir.Dir) {}},
		{"kept in history", func(t *testing.T, d *dropdir.Dir) {
			_, err := d.Keep(t.Context(), "adie", "20261116-adie.csv")
			require.NoError(t, err)
			require.NoError(t, d.Remove(t.Context(), "adie", "20261116-adie.csv"))
		}},
		{"superseded", func(t *testing.T, d *dropdir.Dir) {
			require.NoError(t, d.Supersede(t.Context(), "adie", "20261116-adie.csv"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := newDir(t)
			ctx := t.Context()
			deposit(t, d, "adie", "20261116-adie.csv", "first")
			tc.setup(t, d)
			before := files(t, d.Root)

			_, err := d.Deposit(ctx, "adie", "20261116-adie.csv", strings.NewReader("second"), 0)
			requireCode(t, err, eleader.ECONFLICT, "a second deposit of the name")
			assert.Equal(t, before, files(t, d.Root), "the conflict changed the directories")

			// Another partner may use the name.
			deposit(t, d, "frac", "20261116-adie.csv", "frac's")
		})
	}
}

// A file in the process's working directory does not make a name taken.
func TestDepositIgnoresWorkingDirectory(t *testing.T) {
	d, _ := newDir(t)
	wd := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(wd, "20261116-adie.csv"), []byte("unrelated"), 0o600))
	t.Chdir(wd)

	dep, err := d.Deposit(t.Context(), "adie", "20261116-adie.csv", strings.NewReader("body"), 0)
	require.NoError(t, err, "a file of that name in the working directory is not a deposit")
	assert.Equal(t, int64(4), dep.Size)
	list, err := d.Deposits(t.Context(), "adie")
	require.NoError(t, err)
	assert.Len(t, list, 1, "the deposit is listed")
	assert.Equal(t, "unrelated", readFile(t, filepath.Join(wd, "20261116-adie.csv")), "the working directory's file")
}

func TestDepositRaceOneName(t *testing.T) {
	d, _ := newDir(t)
	const n = 30
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		winners = make(chan string, n)
		errs    = make(chan error, n)
	)
	for i := range n {
		wg.Go(func() {
			body := fmt.Sprintf("body of deposit %d\n", i) + strings.Repeat("x", i*1000)
			<-start
			_, err := d.Deposit(t.Context(), "adie", "20261116-adie.csv", strings.NewReader(body), 0)
			if err == nil {
				winners <- body
			} else {
				errs <- err
			}
		})
	}
	close(start)
	wg.Wait()
	close(winners)
	close(errs)

	var won []string
	for b := range winners {
		won = append(won, b)
	}
	require.Len(t, won, 1, "deposits that succeeded")
	for err := range errs {
		assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err), "a losing deposit: %v", err)
	}
	path := filepath.Join(d.Root, "adie", dropdir.DepositDir, "20261116-adie.csv")
	assert.Equal(t, won[0], readFile(t, path), "the file holds the winner's body")
	assert.Equal(t, []string{"20261116-adie.csv"}, depositFiles(t, d, "adie"), "no temporary file left")
}

func TestDepositConcurrentNames(t *testing.T) {
	d, _ := newDir(t)
	const n = 50
	bodies := make(map[string]string, n)
	for i := range n {
		bodies[fmt.Sprintf("2026111%d-adie-%02d.csv", i%10, i)] = strings.Repeat(fmt.Sprintf("line %d;", i), 100*i+1)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for name, body := range bodies {
		wg.Go(func() {
			dep, err := d.Deposit(t.Context(), "adie", name, strings.NewReader(body), 0)
			if err == nil && dep.SHA256 != sum([]byte(body)) {
				err = fmt.Errorf("%s: SHA256 %s, want %s", name, dep.SHA256, sum([]byte(body)))
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	list, err := d.Deposits(t.Context(), "adie")
	require.NoError(t, err)
	assert.Len(t, list, n, "deposits listed")
	for name, body := range bodies {
		assert.Equal(t, body, readFile(t, filepath.Join(d.Root, "adie", dropdir.DepositDir, name)), "%s", name)
	}
	assert.Len(t, depositFiles(t, d, "adie"), n, "no temporary file left")
}

func TestDepositLimit(t *testing.T) {
	const limit = 1000
	tests := []struct {
		name string
		size int
		code string // "" for success
	}{
		{"under", limit - 1, ""},
		{"exactly", limit, ""},
		{"one more", limit + 1, eleader.ETOOLARGE},
		{"far more", 10 * limit, eleader.ETOOLARGE},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := newDir(t)
			body := bytes.Repeat([]byte("a"), tc.size)
			dep, err := d.Deposit(t.Context(), "adie", "20261116-adie.csv", bytes.NewReader(body), limit)
			if tc.code == "" {
				require.NoError(t, err)
				assert.Equal(t, int64(tc.size), dep.Size)
				assert.Equal(t, []string{"20261116-adie.csv"}, depositFiles(t, d, "adie"))
				return
			}
			requireCode(t, err, tc.code)
			assert.Empty(t, depositFiles(t, d, "adie"), "a refused deposit leaves nothing, not even a temporary file")
			// The name is still free.
			deposit(t, d, "adie", "20261116-adie.csv", "small")
		})
	}
}

// failingReader gives n bytes, then fails.
type failingReader struct{ n int }

var errBroken = errors.New("connection reset")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errBroken
	}
	k := min(len(p), r.n, 100)
	for i := range p[:k] {
		p[i] = 'x'
	}
	r.n -= k
	return k, nil
}

func TestDepositReaderFails(t *testing.T) {
	d, _ := newDir(t)
	_, err := d.Deposit(t.Context(), "adie", "20261116-adie.csv", &failingReader{n: 5000}, 0)
	require.ErrorIs(t, err, errBroken)
	assert.Empty(t, depositFiles(t, d, "adie"), "a failed deposit leaves nothing")
	list, err := d.Deposits(t.Context(), "adie")
	require.NoError(t, err)
	assert.Empty(t, list)
	deposit(t, d, "adie", "20261116-adie.csv", "again") // the name is free
}

// endless gives bytes forever, calls onRead before each read, and fails
// once far too many were asked for (so that a deposit that ignores its
// context does not hang the test).
type endless struct {
	reads  int
	onRead func(int)
}

func (r *endless) Read(p []byte) (int, error) {
	r.reads++
	if r.onRead != nil {
		r.onRead(r.reads)
	}
	if r.reads > 10000 {
		return 0, errors.New("the deposit did not stop")
	}
	for i := range p {
		p[i] = 'y'
	}
	return len(p), nil
}

func TestDepositCancelled(t *testing.T) {
	t.Run("before", func(t *testing.T) {
		d, _ := newDir(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := d.Deposit(ctx, "adie", "20261116-adie.csv", strings.NewReader("body"), 0)
		require.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, depositFiles(t, d, "adie"))
	})
	t.Run("midway", func(t *testing.T) {
		d, _ := newDir(t)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		r := &endless{onRead: func(n int) {
			if n == 3 {
				cancel()
			}
		}}
		_, err := d.Deposit(ctx, "adie", "20261116-adie.csv", r, 0)
		require.ErrorIs(t, err, context.Canceled)
		assert.LessOrEqual(t, r.reads, 4, "reads after the cancellation")
		assert.Empty(t, depositFiles(t, d, "adie"))
	})
}

func TestHostilePartner(t *testing.T) {
	parent := t.TempDir()
	d, err := dropdir.New(filepath.Join(parent, "root"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(parent, "other.csv"), []byte("secret"), 0o600))
	before := files(t, parent)
	ctx := t.Context()

	for _, partner := range []string{"..", "../other", "/etc", "a/b", "a\x00b", "", "UPPER", "x", ".", "adie/..", "-adie", "adie\\x", " adie"} {
		t.Run(fmt.Sprintf("%q", partner), func(t *testing.T) {
			_, err := d.Deposit(ctx, partner, "20261116-adie.csv", strings.NewReader("body"), 0)
			requireCode(t, err, eleader.EINVALID, "Deposit")
			_, err = d.Deposits(ctx, partner)
			requireCode(t, err, eleader.EINVALID, "Deposits")
			_, err = d.Keep(ctx, partner, "other.csv")
			requireCode(t, err, eleader.EINVALID, "Keep")
			_, err = d.Open(ctx, partner, "other.csv")
			requireCode(t, err, eleader.EINVALID, "Open")
			requireCode(t, d.Remove(ctx, partner, "other.csv"), eleader.EINVALID, "Remove")
			requireCode(t, d.Supersede(ctx, partner, "other.csv"), eleader.EINVALID, "Supersede")
		})
	}
	assert.Equal(t, before, files(t, parent), "the directories changed")
	assert.Equal(t, "secret", readFile(t, filepath.Join(parent, "other.csv")))
}

func TestHostileName(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	deposit(t, d, "adie", "20261116-adie.csv", "body") // creates the partner's directories
	parent := filepath.Dir(d.Root)
	before := files(t, parent)

	for _, name := range []string{"../x.csv", "a/b.csv", ".hidden", "", "..", ".", strings.Repeat("a", 300), "x\x00.csv", "x\\y.csv", "/etc/passwd", ".tmp-123"} {
		t.Run(fmt.Sprintf("%.40q", name), func(t *testing.T) {
			_, err := d.Deposit(ctx, "adie", name, strings.NewReader("body"), 0)
			requireCode(t, err, eleader.EINVALID, "Deposit")
			_, err = d.Keep(ctx, "adie", name)
			requireCode(t, err, eleader.EINVALID, "Keep")
			_, err = d.Open(ctx, "adie", name)
			requireCode(t, err, eleader.EINVALID, "Open")
			requireCode(t, d.Remove(ctx, "adie", name), eleader.EINVALID, "Remove")
			requireCode(t, d.Supersede(ctx, "adie", name), eleader.EINVALID, "Supersede")
		})
	}
	assert.Equal(t, before, files(t, parent), "the directories changed")

	// The longest name allowed passes.
	deposit(t, d, "adie", strings.Repeat("a", dropdir.MaxNameBytes-len(".superseded")), "body")
}

func TestKeep(t *testing.T) {
	d, c := newDir(t)
	ctx := t.Context()
	body := "Numéro;Nom\nADIE100876-AHG-4U;Dupont\n"
	deposit(t, d, "adie", "20261116-adie.csv", body)
	c.set(t0.Add(time.Hour))

	kept, err := d.Keep(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, "adie", kept.Partner)
	assert.Equal(t, "20261116-adie.csv", kept.Name)
	assert.Equal(t, int64(len(body)), kept.Size)
	assert.Equal(t, sum([]byte(body)), kept.SHA256, "SHA256 of the kept file")
	assert.True(t, kept.At.Equal(t0), "At: got %v, want the deposit time %v", kept.At, t0)
	assert.Equal(t, body, openKept(t, d, "adie", "20261116-adie.csv"), "Open")

	// Keep copies: the deposit stays until removed.
	list, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	assert.Len(t, list, 1, "deposits after Keep")
	history := filepath.Join(d.Root, "adie", dropdir.HistoryDir)
	assert.Equal(t, []string{"20261116-adie.csv"}, files(t, history), "history: no temporary file left")

	// Idempotent.
	again, err := d.Keep(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err, "Keep again")
	assert.Equal(t, kept, again, "Keep again")
	assert.Equal(t, body, openKept(t, d, "adie", "20261116-adie.csv"), "Open after a second Keep")

	// A history copy that differs from the deposit is a conflict, and is
	// not overwritten.
	require.NoError(t, os.WriteFile(filepath.Join(history, "20261116-adie.csv"), []byte("corrupted"), 0o600))
	_, err = d.Keep(ctx, "adie", "20261116-adie.csv")
	requireCode(t, err, eleader.ECONFLICT, "Keep over a different history copy")
	assert.Equal(t, "corrupted", openKept(t, d, "adie", "20261116-adie.csv"))

	// Remove is idempotent; the kept file stays.
	require.NoError(t, d.Remove(ctx, "adie", "20261116-adie.csv"))
	require.NoError(t, d.Remove(ctx, "adie", "20261116-adie.csv"), "Remove again")
	assert.Empty(t, depositFiles(t, d, "adie"))
	assert.Equal(t, "corrupted", openKept(t, d, "adie", "20261116-adie.csv"))
}

func TestKeepMissing(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	_, err := d.Keep(ctx, "adie", "20261116-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "Keep of no deposit")
	_, err = d.Open(ctx, "adie", "20261116-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "Open of no kept file")
	assert.Empty(t, files(t, filepath.Join(d.Root, "adie", dropdir.HistoryDir)))

	// A deposit removed after Keep cannot be kept again, but stays readable.
	deposit(t, d, "adie", "20261117-adie.csv", "body")
	_, err = d.Keep(ctx, "adie", "20261117-adie.csv")
	require.NoError(t, err)
	require.NoError(t, d.Remove(ctx, "adie", "20261117-adie.csv"))
	_, err = d.Keep(ctx, "adie", "20261117-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "Keep of a removed deposit")
	assert.Equal(t, "body", openKept(t, d, "adie", "20261117-adie.csv"))
}

func TestRemoveMissing(t *testing.T) {
	d, _ := newDir(t)
	require.NoError(t, d.Remove(t.Context(), "adie", "20261116-adie.csv"), "Remove of no deposit")
}

func TestSupersede(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	deposit(t, d, "adie", "20261115-adie.csv", "older")
	deposit(t, d, "adie", "20261116-adie.csv", "newer")

	require.NoError(t, d.Supersede(ctx, "adie", "20261115-adie.csv"))
	require.NoError(t, d.Supersede(ctx, "adie", "20261115-adie.csv"), "Supersede again")
	require.NoError(t, d.Supersede(ctx, "adie", "20261101-adie.csv"), "Supersede of no deposit")

	list, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "20261116-adie.csv", list[0].Name, "the deposit left")
	history := filepath.Join(d.Root, "adie", dropdir.HistoryDir)
	assert.Equal(t, []string{"20261115-adie.csv.superseded"}, files(t, history))
	assert.Equal(t, "older", readFile(t, filepath.Join(history, "20261115-adie.csv.superseded")))
	_, err = d.Open(ctx, "adie", "20261115-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "Open of a superseded file: it was never kept")

	// The name stays taken.
	_, err = d.Deposit(ctx, "adie", "20261115-adie.csv", strings.NewReader("again"), 0)
	requireCode(t, err, eleader.ECONFLICT, "a deposit of a superseded name")
}

// age sets a file's modification time.
func age(tb testing.TB, path string, at time.Time) {
	tb.Helper()
	require.NoError(tb, os.Chtimes(path, at, at))
}

func TestPurge(t *testing.T) {
	d, c := newDir(t)
	ctx := t.Context()
	old, cutoff, recent := t0.AddDate(0, -4, 0), t0.AddDate(0, -3, 0), t0.AddDate(0, 0, -1)

	// adie: one old kept file, one old superseded file, one recent kept
	// file, one kept exactly at the cutoff, one old deposit never run.
	for _, f := range []struct {
		name string
		at   time.Time
		then string // keep, supersede, or "" to leave deposited
	}{
		{"20260701-adie.csv", old, "keep"},
		{"20260702-adie.csv", old, "supersede"},
		{"20260816-adie.csv", cutoff, "keep"},
		{"20261115-adie.csv", recent, "keep"},
		{"20260703-adie.csv", old, ""},
	} {
		c.set(f.at)
		deposit(t, d, "adie", f.name, f.name)
		switch f.then {
		case "keep":
			_, err := d.Keep(ctx, "adie", f.name)
			require.NoError(t, err)
			require.NoError(t, d.Remove(ctx, "adie", f.name))
		case "supersede":
			require.NoError(t, d.Supersede(ctx, "adie", f.name))
		}
	}
	c.set(old)
	deposit(t, d, "frac", "20260701-frac.csv", "frac")
	_, err := d.Keep(ctx, "frac", "20260701-frac.csv")
	require.NoError(t, err)
	// Keep copies the deposit time: age the history copies explicitly so
	// that the test does not depend on it.
	for _, p := range []string{
		"adie/" + dropdir.HistoryDir + "/20260701-adie.csv",
		"adie/" + dropdir.HistoryDir + "/20260702-adie.csv.superseded",
		"frac/" + dropdir.HistoryDir + "/20260701-frac.csv",
	} {
		age(t, filepath.Join(d.Root, p), old)
	}
	age(t, filepath.Join(d.Root, "adie", dropdir.HistoryDir, "20260816-adie.csv"), cutoff)
	age(t, filepath.Join(d.Root, "adie", dropdir.HistoryDir, "20261115-adie.csv"), recent)

	// Temporary files of deposits: two left by dead processes, one being
	// written (locked).
	deposits := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	require.NoError(t, os.WriteFile(filepath.Join(deposits, ".tmp-stale"), []byte("half"), 0o600))
	age(t, filepath.Join(deposits, ".tmp-stale"), old)
	require.NoError(t, os.WriteFile(filepath.Join(deposits, ".tmp-fresh"), []byte("half"), 0o600))
	age(t, filepath.Join(deposits, ".tmp-fresh"), recent)
	lockTemp(t, filepath.Join(deposits, ".tmp-writing"), old)
	// A file set aside long ago, and a recent one.
	refused := filepath.Join(d.Root, "adie", dropdir.RefusedDir)
	require.NoError(t, os.MkdirAll(refused, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(refused, "LISEZMOI.txt"), []byte("lisez"), 0o600))
	age(t, filepath.Join(refused, "LISEZMOI.txt"), old)
	require.NoError(t, os.WriteFile(filepath.Join(refused, "recent.txt"), nil, 0o600))
	age(t, filepath.Join(refused, "recent.txt"), recent)
	// A directory that is not a partner's is not touched.
	stranger := filepath.Join(d.Root, "NotAPartner", dropdir.HistoryDir)
	require.NoError(t, os.MkdirAll(stranger, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(stranger, "old.csv"), nil, 0o600))
	age(t, filepath.Join(stranger, "old.csv"), old)

	purged := purge(t, d, cutoff)
	assert.ElementsMatch(t, []string{"adie/historique/20260701-adie.csv", "adie/historique/20260702-adie.csv.superseded", "frac/historique/20260701-frac.csv",
		"adie/refuses/LISEZMOI.txt", "adie/depot/.tmp-stale (leftover)", "adie/depot/.tmp-fresh (leftover)"}, purged, "Purge")

	assert.ElementsMatch(t, []string{"20260816-adie.csv", "20261115-adie.csv"}, files(t, filepath.Join(d.Root, "adie", dropdir.HistoryDir)), "adie's history")
	assert.ElementsMatch(t, []string{"20260703-adie.csv", ".tmp-writing"}, depositFiles(t, d, "adie"), "adie's deposits: deposits wait whatever their age; a file being written stays")
	assert.Equal(t, []string{"recent.txt"}, files(t, refused), "adie's refuses/")
	assert.Equal(t, []string{"20260701-frac.csv"}, depositFiles(t, d, "frac"), "frac's deposit")
	assert.Empty(t, files(t, filepath.Join(d.Root, "frac", dropdir.HistoryDir)), "frac's history")
	assert.Equal(t, []string{"old.csv"}, files(t, stranger), "a directory that is not a partner's")

	assert.Empty(t, purge(t, d, cutoff), "a second Purge")
}

// purge runs Purge and returns what it reported, as partner/dir/name, a
// leftover marked so.
func purge(tb testing.TB, d *dropdir.Dir, cutoff time.Time) []string {
	tb.Helper()
	var out []string
	err := d.Purge(tb.Context(), cutoff, func(r eleader.FileRemoval) error {
		s := r.Partner + "/" + r.Dir + "/" + r.Name
		if r.Leftover {
			s += " (leftover)"
		}
		out = append(out, s)
		return nil
	})
	require.NoError(tb, err)
	return out
}

func TestPurgeEmptyRoot(t *testing.T) {
	d, _ := newDir(t)
	assert.Empty(t, purge(t, d, t0))
}

// The deposit's name order is the listing's tie-break, whatever the order
// of the directory.
func TestDepositsSameTime(t *testing.T) {
	d, _ := newDir(t)
	names := []string{"m.csv", "b.csv", "x.csv", "a.csv", "k.csv"}
	for _, n := range names {
		deposit(t, d, "adie", n, n)
	}
	list, err := d.Deposits(t.Context(), "adie")
	require.NoError(t, err)
	var got []string
	for _, dep := range list {
		got = append(got, dep.Name)
		assert.True(t, dep.At.Equal(t0), "%s: At %v", dep.Name, dep.At)
	}
	want := slices.Clone(names)
	slices.Sort(want)
	assert.Equal(t, want, got)
}

// A name Deposit accepts can be superseded: otherwise a run could never
// move it out of the deposits.
func TestSupersedeLongestName(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	name := strings.Repeat("a", dropdir.MaxNameBytes-len(".csv")) + ".csv"
	_, err := d.Deposit(ctx, "adie", name, strings.NewReader("older"), 0)
	if err != nil {
		requireCode(t, err, eleader.EINVALID, "a name too long to be superseded")
		return
	}
	deposit(t, d, "adie", "20261116-adie.csv", "newer")
	require.NoError(t, d.Supersede(ctx, "adie", name), "Supersede of a %d-byte name Deposit accepted", len(name))
	_, err = d.Deposit(ctx, "adie", name, strings.NewReader("again"), 0)
	requireCode(t, err, eleader.ECONFLICT, "a deposit of a superseded name")
}

func TestNowDefaultsToClock(t *testing.T) {
	d, err := dropdir.New(filepath.Join(t.TempDir(), "root"))
	require.NoError(t, err)
	before := time.Now().Add(-time.Second)
	dep := deposit(t, d, "adie", "20261116-adie.csv", "body")
	after := time.Now().Add(time.Second)
	assert.True(t, dep.At.After(before) && dep.At.Before(after), "At %v, want about now", dep.At)
}

func TestNewOnAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err := dropdir.New(filepath.Join(file, "root"))
	assert.Error(t, err, "New under a file")
}

func TestSum(t *testing.T) {
	d, _ := newDir(t)
	ctx := context.Background()
	dep := deposit(t, d, "adie", "20261116-adie.csv", "a;b\r\n")
	got, err := d.Sum(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, dep.SHA256, got.SHA256)
	assert.Equal(t, sum([]byte("a;b\r\n")), got.SHA256)
	assert.Equal(t, int64(5), got.Size)
	assert.True(t, got.At.Equal(dep.At), "deposit time %v, want %v", got.At, dep.At)

	_, err = d.Sum(ctx, "adie", "20261117-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND)
	_, err = d.Sum(ctx, "frac", "20261116-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "another partner's deposits")
	_, err = d.Sum(ctx, "adie", "../frac/depot/x.csv")
	requireCode(t, err, eleader.EINVALID)
	// Once kept and removed from the deposits, it is no longer a deposit.
	_, err = d.Keep(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	require.NoError(t, d.Remove(ctx, "adie", "20261116-adie.csv"))
	_, err = d.Sum(ctx, "adie", "20261116-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND)
}

// OpenDeposit reads a deposit's bytes; a missing name, another partner's,
// a directory or a link (never followed) is ENOTFOUND.
func TestOpenDeposit(t *testing.T) {
	d, _ := newDir(t)
	ctx := context.Background()
	deposit(t, d, "adie", "20261116-adie.csv", "a;b\r\n")
	f, err := d.OpenDeposit(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, int64(5), f.Size())
	got, err := io.ReadAll(io.NewSectionReader(f, 0, f.Size()))
	require.NoError(t, err)
	assert.Equal(t, "a;b\r\n", string(got))
	require.NoError(t, f.Close())

	dir := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	require.NoError(t, os.Symlink(filepath.Join(dir, "20261116-adie.csv"), filepath.Join(dir, "20261117-adie.csv")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "20261118-adie.csv"), 0o700))
	for _, name := range []string{"20261119-adie.csv", "20261117-adie.csv", "20261118-adie.csv"} {
		_, err = d.OpenDeposit(ctx, "adie", name)
		requireCode(t, err, eleader.ENOTFOUND, name)
	}
	_, err = d.OpenDeposit(ctx, "frac", "20261116-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "another partner's deposits")
	_, err = d.OpenDeposit(ctx, "adie", "../frac/depot/x.csv")
	requireCode(t, err, eleader.EINVALID)
}
