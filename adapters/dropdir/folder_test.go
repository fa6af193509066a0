package dropdir_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockTemp creates a temporary file at path, modified at at, and keeps it
// locked until the test ends, as a process writing it does.
func lockTemp(tb testing.TB, path string, at time.Time) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	require.NoError(tb, err)
	tb.Cleanup(func() { f.Close() })
	require.NoError(tb, syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
	_, err = f.WriteString("being written")
	require.NoError(tb, err)
	age(tb, path, at)
}

// entries returns the partner's Entries as "name kind size".
func entries(tb testing.TB, d *dropdir.Dir, partner string) map[string]eleader.Entry {
	tb.Helper()
	list, err := d.Entries(tb.Context(), partner)
	require.NoError(tb, err)
	out := map[string]eleader.Entry{}
	for _, e := range list {
		out[e.Name] = e
	}
	return out
}

func TestEntries(t *testing.T) {
	d, _ := newDir(t)
	deposit(t, d, "adie", "20261116-adie.csv", "a;b\n")
	dir := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	outside := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(outside, []byte("not for partners"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "LISEZMOI.txt"), []byte("hello"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".20261117-adie.csv.part"), []byte("half"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad\xffname\n.csv"), []byte("x"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("ours"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "archives"), 0o750))
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".tmp-dir"), 0o750))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "20261118-adie.csv")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o600))

	got := entries(t, d, "adie")
	want := map[string]struct {
		kind string
		size int64
	}{
		"20261116-adie.csv":       {eleader.EntryFile, 4},
		"LISEZMOI.txt":            {eleader.EntryFile, 5},
		".20261117-adie.csv.part": {eleader.EntryFile, 4},
		"bad\xffname\n.csv":       {eleader.EntryFile, 1},
		"archives":                {eleader.EntryDirectory, 0},
		".tmp-dir":                {eleader.EntryDirectory, 0},
		"20261118-adie.csv":       {eleader.EntrySymlink, 0},
		"pipe":                    {eleader.EntryOther, 0},
	}
	require.Len(t, got, len(want), "entries %v (the temporary file .tmp-123 is not one)", got)
	for name, w := range want {
		e, ok := got[name]
		if assert.True(t, ok, "entry %q", name) {
			assert.Equal(t, w.kind, e.Kind, name)
			assert.Equal(t, w.size, e.Size, name)
			assert.False(t, e.ModTime.IsZero(), name)
		}
	}
	assert.Equal(t, "not for partners", readFile(t, outside), "a link is never followed")

	_, err := d.Entries(t.Context(), "../adie")
	requireCode(t, err, eleader.EINVALID)
	none, err := d.Entries(t.Context(), "frac")
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestSetAside(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	dir := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	refused := filepath.Join(d.Root, "adie", dropdir.RefusedDir)
	outside := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(outside, []byte("target"), 0o600))
	deposit(t, d, "adie", "20261116-adie.csv", "valid")

	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
	}
	tests := []struct {
		name, setup, want string
		prepare           func(name string)
	}{
		{name: "LISEZMOI.txt", want: "LISEZMOI.txt", prepare: func(n string) { write(n, "1") }},
		{name: "LISEZMOI.txt", want: "LISEZMOI.txt.2", prepare: func(n string) { write(n, "2") }},
		{name: "LISEZMOI.txt", want: "LISEZMOI.txt.3", prepare: func(n string) { write(n, "3") }},
		{name: "bad\xffname\n.csv", want: "bad_name_.csv", prepare: func(n string) { write(n, "x") }},
		{name: `C:\x.csv`, want: "C:_x.csv", prepare: func(n string) { write(n, "x") }},
		{name: ".hidden", want: ".hidden", prepare: func(n string) { write(n, "x") }},
		{name: "archives", want: "archives", prepare: func(n string) {
			require.NoError(t, os.MkdirAll(filepath.Join(dir, n, "sub"), 0o750))
			require.NoError(t, os.WriteFile(filepath.Join(dir, n, "sub", "f.csv"), []byte("deep"), 0o600))
		}},
		{name: "20261118-adie.csv", want: "20261118-adie.csv", prepare: func(n string) {
			require.NoError(t, os.Symlink(outside, filepath.Join(dir, n)))
		}},
		{name: strings.Repeat("é", 127), want: strings.Repeat("é", 127), prepare: func(n string) { write(n, "x") }},
		{name: strings.Repeat("é", 127), want: strings.Repeat("é", 126) + ".2", prepare: func(n string) { write(n, "y") }},
	}
	for _, tt := range tests {
		tt.prepare(tt.name)
		got, err := d.SetAside(ctx, "adie", tt.name)
		require.NoError(t, err, "SetAside %q", tt.name)
		assert.Equal(t, tt.want, got, "SetAside %q", tt.name)
		_, err = os.Lstat(filepath.Join(dir, tt.name))
		assert.True(t, errors.Is(err, os.ErrNotExist), "%q left the deposits", tt.name)
	}
	assert.Equal(t, "1", readFile(t, filepath.Join(refused, "LISEZMOI.txt")))
	assert.Equal(t, "3", readFile(t, filepath.Join(refused, "LISEZMOI.txt.3")))
	assert.Equal(t, "deep", readFile(t, filepath.Join(refused, "archives", "sub", "f.csv")), "a directory moves whole")
	info, err := os.Lstat(filepath.Join(refused, "20261118-adie.csv"))
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "a link moves as a link")
	assert.Equal(t, "target", readFile(t, outside), "its target is untouched")
	assert.Equal(t, []string{"20261116-adie.csv"}, depositFiles(t, d, "adie"), "the valid deposit stays")

	_, err = d.SetAside(ctx, "adie", "LISEZMOI.txt")
	requireCode(t, err, eleader.ENOTFOUND, "an entry already gone")
	for _, name := range []string{"", ".", "..", "../depot/20261116-adie.csv", "a/b", "nul\x00"} {
		_, err = d.SetAside(ctx, "adie", name)
		requireCode(t, err, eleader.EINVALID, "SetAside %q", name)
	}
	_, err = d.SetAside(ctx, "../adie", "x")
	requireCode(t, err, eleader.EINVALID)
}

func TestLeftovers(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{"adie", "frac"} {
		deposit(t, d, p, "20261116-"+p+".csv", "x")
	}
	adieDep := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	adieHist := filepath.Join(d.Root, "adie", dropdir.HistoryDir)
	fracDep := filepath.Join(d.Root, "frac", dropdir.DepositDir)
	for _, p := range []string{filepath.Join(adieDep, ".tmp-dead"), filepath.Join(adieHist, ".tmp-dead"), filepath.Join(fracDep, ".tmp-dead")} {
		require.NoError(t, os.WriteFile(p, []byte("half"), 0o600))
		age(t, p, old)
	}
	require.NoError(t, os.WriteFile(filepath.Join(adieDep, ".tmp-young"), []byte("just created"), 0o600))
	lockTemp(t, filepath.Join(adieDep, ".tmp-locked"), old)
	require.NoError(t, os.WriteFile(filepath.Join(adieDep, ".not-tmp"), nil, 0o600))
	age(t, filepath.Join(adieDep, ".not-tmp"), old)

	var seen []eleader.FileRemoval
	record := func(r eleader.FileRemoval) error { seen = append(seen, r); return nil }
	d.LeftoverAge = time.Minute // an age asked for: the young file waits
	require.NoError(t, d.Leftovers(ctx, "adie", record))
	require.Len(t, seen, 2)
	for _, r := range seen {
		assert.Equal(t, "adie", r.Partner)
		assert.Equal(t, ".tmp-dead", r.Name)
		assert.True(t, r.Leftover)
		assert.Equal(t, int64(4), r.Size)
	}
	assert.ElementsMatch(t, []string{dropdir.DepositDir, dropdir.HistoryDir}, []string{seen[0].Dir, seen[1].Dir})
	assert.ElementsMatch(t, []string{"20261116-adie.csv", ".tmp-young", ".tmp-locked", ".not-tmp"}, depositFiles(t, d, "adie"))
	assert.Contains(t, depositFiles(t, d, "frac"), ".tmp-dead", "another partner's directories are not touched")

	// A recording that fails stops the cleanup before the removal.
	boom := errors.New("ledger down")
	err := d.Leftovers(ctx, "", func(eleader.FileRemoval) error { return boom })
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, depositFiles(t, d, "frac"), ".tmp-dead", "not removed without its record")

	seen = nil
	require.NoError(t, d.Leftovers(ctx, "", record))
	require.Len(t, seen, 1)
	assert.Equal(t, "frac", seen[0].Partner)

	d.LeftoverAge = 0
	seen = nil
	require.NoError(t, d.Leftovers(ctx, "", record))
	require.Len(t, seen, 1, "by default, an unlocked temporary file is a leftover at once, however young")
	assert.Equal(t, ".tmp-young", seen[0].Name)
	assert.Contains(t, depositFiles(t, d, "adie"), ".tmp-locked", "a locked file never is")
}

// blockingReader gives its first bytes, then blocks until released.
type blockingReader struct {
	first   []byte
	started chan struct{}
	release chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if len(r.first) > 0 {
		n := copy(p, r.first)
		r.first = r.first[n:]
		if len(r.first) == 0 {
			close(r.started)
		}
		return n, nil
	}
	<-r.release
	return 0, io.EOF
}

// TestLeftoversSparesDepositInProgress: a deposit being received holds its
// temporary file's lock: a cleanup (another instance starting, a purge)
// never removes it, and the deposit completes.
func TestLeftoversSparesDepositInProgress(t *testing.T) {
	d, _ := newDir(t)
	d.LeftoverAge = time.Nanosecond
	ctx := t.Context()
	body := &blockingReader{first: []byte("a;b\n"), started: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := d.Deposit(ctx, "adie", "20261116-adie.csv", body, 0)
		done <- err
	}()
	<-body.started
	time.Sleep(10 * time.Millisecond)
	var seen []eleader.FileRemoval
	require.NoError(t, d.Leftovers(ctx, "", func(r eleader.FileRemoval) error { seen = append(seen, r); return nil }))
	assert.Empty(t, seen, "the temporary file of a deposit in progress is locked")
	close(body.release)
	require.NoError(t, <-done)
	assert.Equal(t, []string{"20261116-adie.csv"}, depositFiles(t, d, "adie"))
	assert.Equal(t, "a;b\n", readFile(t, filepath.Join(d.Root, "adie", dropdir.DepositDir, "20261116-adie.csv")))
}

// TestLinksNeverFollowed: a link in a deposit folder or in history is
// never read, whatever its name.
func TestLinksNeverFollowed(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	outside := filepath.Join(t.TempDir(), "passwd")
	require.NoError(t, os.WriteFile(outside, []byte("root:x:0:0"), 0o600))
	dir := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	require.NoError(t, os.MkdirAll(dir, 0o750))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "20261116-adie.csv")))

	_, err := d.Sum(ctx, "adie", "20261116-adie.csv")
	requireCode(t, err, eleader.ENOTFOUND, "Sum of a link")
	_, err = d.Keep(ctx, "adie", "20261116-adie.csv")
	require.Error(t, err, "Keep of a link")
	assert.Empty(t, files(t, filepath.Join(d.Root, "adie", dropdir.HistoryDir)), "nothing copied to history")
	list, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	assert.Empty(t, list, "a link is not a deposit")

	hist := filepath.Join(d.Root, "adie", dropdir.HistoryDir)
	require.NoError(t, os.Symlink(outside, filepath.Join(hist, "20261115-adie.csv")))
	_, err = d.Open(ctx, "adie", "20261115-adie.csv")
	require.Error(t, err, "Open of a link in history")
}

// TestSupersedeNeverReplaces: a file superseded under a name stays as it
// is; the same bytes again leave the deposits, other bytes are a conflict
// and stay.
func TestSupersedeNeverReplaces(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	deposit(t, d, "adie", "20261115-adie.csv", "first")
	require.NoError(t, d.Supersede(ctx, "adie", "20261115-adie.csv"))
	dir := filepath.Join(d.Root, "adie", dropdir.DepositDir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "20261115-adie.csv"), []byte("first"), 0o600))
	require.NoError(t, d.Supersede(ctx, "adie", "20261115-adie.csv"), "the same bytes")
	assert.Empty(t, depositFiles(t, d, "adie"))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "20261115-adie.csv"), []byte("other"), 0o600))
	err := d.Supersede(ctx, "adie", "20261115-adie.csv")
	requireCode(t, err, eleader.ECONFLICT, "other bytes")
	assert.Equal(t, []string{"20261115-adie.csv"}, depositFiles(t, d, "adie"), "they stay in the deposits")
	assert.Equal(t, "first", readFile(t, filepath.Join(d.Root, "adie", dropdir.HistoryDir, "20261115-adie.csv.superseded")))
}

// TestStagedLockedAndLockFileHidden: a staged file, waiting for the
// service's verdict, holds its temporary file's lock, so no cleanup removes
// it; the partner's lock file (.depot.lock) that Commit takes is never an
// entry, a deposit, a leftover or a file to purge.
func TestStagedLockedAndLockFileHidden(t *testing.T) {
	d, _ := newDir(t)
	d.LeftoverAge = time.Nanosecond
	ctx := t.Context()
	var seen []eleader.FileRemoval
	record := func(r eleader.FileRemoval) error { seen = append(seen, r); return nil }

	st, err := d.Stage(ctx, "adie", "20261116-adie.csv", strings.NewReader("a;b\n"), 0)
	require.NoError(t, err)
	time.Sleep(10 * time.Millisecond)
	require.NoError(t, d.Leftovers(ctx, "", record))
	assert.Empty(t, seen, "a staged file is locked while the service judges it")
	_, err = st.Commit(ctx)
	require.NoError(t, err)

	lock := filepath.Join(d.Root, "adie", ".depot.lock")
	require.FileExists(t, lock, "Commit took the partner's lock")
	assert.NotContains(t, entries(t, d, "adie"), ".depot.lock")
	listed, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	require.Len(t, listed, 1)
	assert.Equal(t, "20261116-adie.csv", listed[0].Name)
	require.NoError(t, d.Leftovers(ctx, "", record))
	require.NoError(t, d.Purge(ctx, time.Now().Add(time.Hour), record))
	assert.Empty(t, seen, "nothing to clean: the lock file is none of the partner's files")
	assert.FileExists(t, lock)
	assert.Equal(t, []string{"20261116-adie.csv"}, depositFiles(t, d, "adie"))
}

// TestLeftoversRaceDeposits: cleanups that take any unlocked temporary
// file at once, running while deposits create theirs, never break a
// deposit: a temporary file taken between its creation and its lock is
// made again.
func TestLeftoversRaceDeposits(t *testing.T) {
	d, _ := newDir(t)
	ctx := t.Context()
	stop := make(chan struct{})
	cleaned := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				cleaned <- n
				return
			default:
			}
			_ = d.Leftovers(ctx, "adie", func(eleader.FileRemoval) error { n++; return nil })
		}
	}()
	const deposits = 300
	for i := range deposits {
		name := fmt.Sprintf("%s-adie.csv", t0.AddDate(0, 0, i).Format("20060102"))
		_, err := d.Deposit(ctx, "adie", name, strings.NewReader(name), 0)
		require.NoError(t, err, name)
		assert.Equal(t, name, readFile(t, filepath.Join(d.Root, "adie", dropdir.DepositDir, name)))
	}
	close(stop)
	t.Logf("%d temporary files taken by a cleanup before their lock", <-cleaned)
	assert.Len(t, depositFiles(t, d, "adie"), deposits, "no temporary file left")
}
