package eleader_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// drop writes a file straight into a partner's deposit folder, as a
// process on E#L's disk would, last changed at the test clock's time minus
// ago.
func (e *runEnv) drop(tb testing.TB, partner, name, body string, ago time.Duration) string {
	tb.Helper()
	dir := filepath.Join(e.root, partner, dropdir.DepositDir)
	require.NoError(tb, os.MkdirAll(dir, 0o750))
	path := filepath.Join(dir, name)
	require.NoError(tb, os.WriteFile(path, []byte(body), 0o600))
	e.age(tb, path, ago)
	return path
}

// age sets a path's modification time to the test clock minus ago,
// without following a link.
func (e *runEnv) age(tb testing.TB, path string, ago time.Duration) {
	tb.Helper()
	e.mu.Lock()
	at := e.clock.Add(-ago)
	e.mu.Unlock()
	require.NoError(tb, os.Chtimes(path, at, at))
}

// events returns the partner's ledger events, oldest first, by name.
func (e *runEnv) events(tb testing.TB, partner string) map[string][]eleader.FileEvent {
	tb.Helper()
	list, err := e.svc.FileEvents(context.Background(), partner, 0)
	require.NoError(tb, err)
	out := map[string][]eleader.FileEvent{}
	for i := len(list) - 1; i >= 0; i-- {
		out[list[i].Name] = append(out[list[i].Name], list[i])
	}
	return out
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

const old = time.Hour // older than the grace period

// TestFolderRules is issue 12's scenario: a partner folder holding a
// valid export plus stray, misnamed, another partner's, older and
// reused-name files, a directory, a link and a leftover. Only the valid
// export is imported; every other file goes where the rules say, and the
// report and the ledger say so. Nothing valid is lost, nothing is deleted
// silently.
func TestFolderRules(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	first := csvFile(dossierLine("BGEE000001", nil))
	e.deposit(t, "bge", "20261120-bge.csv", first)
	rec := e.run(t, "bge")
	require.Equal(t, 1, rec.Imported)

	valid := csvFile(dossierLine("BGEE000002", nil))
	e.deposit(t, "bge", "20261125-bge.csv", valid)
	e.deposit(t, "bge", "20261118-bge.csv", csvFile(dossierLine("BGEE000003", nil))) // older than the last imported, deposited after
	e.drop(t, "bge", "LISEZMOI.txt", "Bonjour, voici notre export.", old)
	e.drop(t, "bge", "20261121-other.csv", csvFile(dossierLine("BGEE000004", nil)), old)
	e.drop(t, "bge", "rapport.csv", "x", old)
	e.drop(t, "bge", "20261126-BGE.csv", csvFile(dossierLine("BGEE000005", nil)), old)
	e.drop(t, "bge", "20261120-bge.csv", csvFile(dossierLine("BGEE000006", nil)), old) // a name used, other bytes
	e.drop(t, "bge", ".~lock.20261125-bge.csv#", "lock", old)
	e.drop(t, "bge", "20261127-bge.csv.filepart", "half", time.Minute) // still being written: in the grace period
	dir := filepath.Join(e.root, "bge", dropdir.DepositDir)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "archives"), 0o750))
	e.age(t, filepath.Join(dir, "archives"), old)
	secret := filepath.Join(t.TempDir(), "secret.csv")
	require.NoError(t, os.WriteFile(secret, []byte(csvFile(dossierLine("BGEE000007", nil))), 0o600))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "20261124-bge.csv")))
	e.lage(t, filepath.Join(dir, "20261124-bge.csv"), old)
	tmp := e.drop(t, "bge", ".tmp-123456", "half a deposit of a killed process", old)
	_ = os.Chtimes(tmp, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour))

	rec = e.run(t, "bge")
	assert.Equal(t, "ok", rec.Outcome)
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, 1, rec.Superseded)
	assert.Equal(t, 8, rec.Refused)

	// What was imported: the valid export only.
	_, err := e.store.View(ctx, "BGEE000002")
	assert.NoError(t, err, "the valid export is imported")
	for _, n := range []string{"BGEE000003", "BGEE000004", "BGEE000005", "BGEE000006", "BGEE000007"} {
		_, err := e.store.View(ctx, n)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "%s is not imported", n)
	}
	assert.ElementsMatch(t, []string{"20261120-bge.csv", "20261125-bge.csv", "20261118-bge.csv.superseded"}, e.files(t, "bge", dropdir.HistoryDir))
	assert.Equal(t, []string{"20261127-bge.csv.filepart"}, e.files(t, "bge", dropdir.DepositDir), "a file being written is left alone")
	refused := []string{"LISEZMOI.txt", "20261121-other.csv", "rapport.csv", "20261126-BGE.csv", "20261120-bge.csv", ".~lock.20261125-bge.csv#", "archives", "20261124-bge.csv"}
	assert.ElementsMatch(t, refused, e.files(t, "bge", dropdir.RefusedDir))
	got, err := os.ReadFile(filepath.Join(e.root, "bge", dropdir.RefusedDir, "20261120-bge.csv"))
	require.NoError(t, err)
	assert.Equal(t, csvFile(dossierLine("BGEE000006", nil)), string(got), "a refused file is kept byte for byte")
	kept, err := os.ReadFile(filepath.Join(e.root, "bge", dropdir.HistoryDir, "20261120-bge.csv"))
	require.NoError(t, err)
	assert.Equal(t, first, string(kept), "the history of the name used is untouched")
	assert.Equal(t, csvFile(dossierLine("BGEE000007", nil)), readString(t, secret), "a link's target is never touched")

	// The ledger: every file not imported, with its reason.
	ev := e.events(t, "bge")
	want := map[string]string{
		"LISEZMOI.txt": eleader.RefusedName, "20261121-other.csv": eleader.RefusedPartner, "rapport.csv": eleader.RefusedName,
		"20261126-BGE.csv": eleader.RefusedName, "20261120-bge.csv": eleader.RefusedUsed, ".~lock.20261125-bge.csv#": eleader.RefusedName,
		"archives": eleader.RefusedKind, "20261124-bge.csv": eleader.RefusedKind,
	}
	for name, reason := range want {
		if assert.Len(t, ev[name], 1, name) {
			x := ev[name][0]
			assert.Equal(t, eleader.EventRefused, x.Action, name)
			assert.Equal(t, reason, x.Reason, name)
			assert.Equal(t, name, x.Kept, name)
			assert.Equal(t, rec.ID, x.RunID, name)
			assert.NotZero(t, x.ImportID, "%s is named by the import's report", name)
		}
	}
	assert.Equal(t, "other", ev["20261121-other.csv"][0].Detail)
	assert.Equal(t, "2026-11-16", ev["20261120-bge.csv"][0].Detail, "when the name was used")
	assert.Equal(t, sha(csvFile(dossierLine("BGEE000006", nil))), ev["20261120-bge.csv"][0].SHA256)
	assert.Equal(t, "symlink", ev["20261124-bge.csv"][0].Detail)
	if assert.Len(t, ev[".tmp-123456"], 1, "the leftover") {
		assert.Equal(t, eleader.EventLeftover, ev[".tmp-123456"][0].Action)
	}

	// The report of the import names the superseded and refused files.
	reps := e.reports(t, "bge")
	require.Len(t, reps, 2)
	r := reps[0]
	assert.Equal(t, "20261125-bge.csv", r.File)
	assert.Equal(t, []string{"20261118-bge.csv"}, r.Superseded)
	var names []string
	for _, x := range r.Refused {
		names = append(names, x.Name)
	}
	assert.ElementsMatch(t, refused, names)

	// Later: the partial upload was abandoned. Past the grace period it is
	// set aside, and, with nothing to import, a notice tells the partner.
	e.age(t, filepath.Join(dir, "20261127-bge.csv.filepart"), old)
	rec = e.run(t, "bge")
	assert.Equal(t, 0, rec.Imported)
	assert.Equal(t, 1, rec.Refused)
	reps = e.reports(t, "bge")
	require.Len(t, reps, 3)
	n := reps[0]
	assert.True(t, n.Notice)
	assert.Empty(t, n.File)
	require.Len(t, n.Refused, 1)
	assert.Equal(t, "20261127-bge.csv.filepart", n.Refused[0].Name)
	assert.Equal(t, eleader.RefusedName, n.Refused[0].Reason)
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir))

	// A run with nothing new writes nothing.
	rec = e.run(t, "bge")
	assert.Zero(t, rec.Imported+rec.Refused+rec.Superseded+rec.Dropped)
	assert.Len(t, e.reports(t, "bge"), 3)
}

// lage sets a link's own modification time to the test clock minus ago.
func (e *runEnv) lage(tb testing.TB, path string, ago time.Duration) {
	tb.Helper()
	e.mu.Lock()
	at := e.clock.Add(-ago)
	e.mu.Unlock()
	ts := []unix.Timespec{unix.NsecToTimespec(at.UnixNano()), unix.NsecToTimespec(at.UnixNano())}
	require.NoError(tb, unix.UtimesNanoAt(unix.AT_FDCWD, path, ts, unix.AT_SYMLINK_NOFOLLOW))
}

func readString(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	return string(b)
}

// TestFolderStrayNeverSupersedes is the first finding: a stray
// file or another partner's name, dropped after the valid export, used to
// become "the most recent file" and archive the valid one unimported.
func TestFolderStrayNeverSupersedes(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "bge", "20261125-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	e.drop(t, "bge", "LISEZMOI.txt", "hello", old)
	e.drop(t, "bge", "20261121-other.csv", "x", old)
	// Both were written after the valid file: by the time of deposit, they
	// are the most recent.
	for _, n := range []string{"LISEZMOI.txt", "20261121-other.csv"} {
		future := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		require.NoError(t, os.Chtimes(filepath.Join(e.root, "bge", dropdir.DepositDir, n), future, future))
	}
	e.svc.DepositGrace = time.Nanosecond
	e.age(t, filepath.Join(e.root, "bge", dropdir.DepositDir, "LISEZMOI.txt"), old)
	e.age(t, filepath.Join(e.root, "bge", dropdir.DepositDir, "20261121-other.csv"), old)
	rec := e.run(t, "bge")
	assert.Equal(t, 1, rec.Imported)
	assert.Zero(t, rec.Superseded)
	_, err := e.store.View(ctx, "BGEE000001")
	assert.NoError(t, err, "the valid export is imported")
	f, found, err := e.store.RunFile(ctx, "bge", "20261125-bge.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, eleader.FileImported, f.State)
}

// TestFolderOlderExportLater: the most recent file is the latest export
// date in the name, not the latest deposit; an export older than the last
// imported one is superseded, even alone.
func TestFolderOlderExportLater(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "bge", "20261125-bge.csv", csvFile(dossierLine("BGEE000025", nil)))
	e.deposit(t, "bge", "20261124-bge.csv", csvFile(dossierLine("BGEE000024", nil))) // a late re-send of an older export
	rec := e.run(t, "bge")
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, 1, rec.Superseded)
	_, err := e.store.View(ctx, "BGEE000025")
	assert.NoError(t, err, "the latest export date is imported")
	_, err = e.store.View(ctx, "BGEE000024")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err))

	// The day after, an export of the 23rd arrives alone: older than the
	// last imported, it is superseded, and a notice says so.
	_, err = e.svc.Upload(ctx, mustPartner(t, e, "bge"), "20261123-bge.csv", -1, strings.NewReader(csvFile(dossierLine("BGEE000023", nil))), 0)
	require.NoError(t, err, "the front door takes an unused name")
	rec = e.run(t, "bge")
	assert.Equal(t, 0, rec.Imported)
	assert.Equal(t, 1, rec.Superseded)
	_, err = e.store.View(ctx, "BGEE000023")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "an export older than the last imported is never imported")
	reps := e.reports(t, "bge")
	require.Len(t, reps, 2)
	assert.True(t, reps[0].Notice)
	assert.Equal(t, []string{"20261123-bge.csv"}, reps[0].Superseded)
	assert.ElementsMatch(t, []string{"20261125-bge.csv", "20261124-bge.csv.superseded", "20261123-bge.csv.superseded"}, e.files(t, "bge", dropdir.HistoryDir))
}

func mustPartner(tb testing.TB, e *runEnv, id string) *eleader.Partner {
	tb.Helper()
	p, err := e.svc.Partner(context.Background(), id)
	require.NoError(tb, err)
	return p
}

// TestFolderReusedName: a name already imported comes back. The same
// bytes are a duplicate, deleted with a ledger entry and a log line, never
// reported; other bytes are set aside and reported.
func TestFolderReusedName(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	body := csvFile(dossierLine("BGEE000001", nil))
	e.deposit(t, "bge", "20261120-bge.csv", body)
	e.run(t, "bge")
	reports := len(e.reports(t, "bge"))

	e.drop(t, "bge", "20261120-bge.csv", body, 0) // same bytes: no grace needed, it is whole
	rec := e.run(t, "bge")
	assert.Equal(t, 1, rec.Dropped)
	assert.Zero(t, rec.Imported+rec.Refused)
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir))
	ev := e.events(t, "bge")["20261120-bge.csv"]
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventDuplicate, ev[0].Action)
	assert.Equal(t, sha(body), ev[0].SHA256)
	assert.Contains(t, ev[0].Detail, "imported")
	assert.Contains(t, e.logs.String(), "duplicate deleted")
	assert.Len(t, e.reports(t, "bge"), reports, "a duplicate is not reported")

	e.drop(t, "bge", "20261120-bge.csv", body+"\n", old)
	rec = e.run(t, "bge")
	assert.Equal(t, 1, rec.Refused)
	assert.Equal(t, []string{"20261120-bge.csv"}, e.files(t, "bge", dropdir.RefusedDir))
	reps := e.reports(t, "bge")
	require.Len(t, reps, reports+1)
	require.Len(t, reps[0].Refused, 1)
	assert.Equal(t, eleader.RefusedUsed, reps[0].Refused[0].Reason)
}

// TestFolderEach: with each (imports as uploads arrive), every candidate
// is imported in the order of its export date, and an export older than
// the last imported is superseded.
func TestFolderEach(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "bge", "20261126-bge.csv", csvFile(dossierLine("BGEE000026", nil)))
	e.deposit(t, "bge", "20261125-bge.csv", csvFile(dossierLine("BGEE000025", nil)))
	rec, _, err := e.svc.Run(ctx, eleader.RunOptions{Partner: "bge", Each: true})
	require.NoError(t, err)
	assert.Equal(t, 2, rec.Imported)
	imps := e.imports(t, "bge")
	require.GreaterOrEqual(t, len(imps), 2)
	assert.Equal(t, "20261126-bge.csv", imps[0].File, "imported last")
	assert.Equal(t, "20261125-bge.csv", imps[1].File, "imported first: the older export date")

	e.deposit(t, "bge", "20261124-bge.csv", csvFile(dossierLine("BGEE000024", nil)))
	rec, _, err = e.svc.Run(ctx, eleader.RunOptions{Partner: "bge", Each: true})
	require.NoError(t, err)
	assert.Equal(t, 0, rec.Imported)
	assert.Equal(t, 1, rec.Superseded)
}

// TestFolderGrace: a file the run will not import is left alone for the
// grace period after its last change; DepositGrace sets it.
func TestFolderGrace(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.drop(t, "bge", "export.csv.part", "half", 4*time.Minute)
	rec := e.run(t, "bge")
	assert.Zero(t, rec.Refused, "within the default grace of 5 minutes")
	assert.Equal(t, []string{"export.csv.part"}, e.files(t, "bge", dropdir.DepositDir))
	assert.Empty(t, e.reports(t, "bge"))
	e.svc.DepositGrace = 2 * time.Minute
	rec = e.run(t, "bge")
	assert.Equal(t, 1, rec.Refused, "past a grace of 2 minutes")
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir))
}

// TestFolderLeftoversAndPurge: leftovers of killed processes are removed
// with a ledger entry; purge deletes old history and refused files, each
// with one.
func TestFolderLeftoversAndPurge(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	hist := filepath.Join(e.root, "bge", dropdir.HistoryDir)
	require.NoError(t, os.MkdirAll(hist, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(hist, ".tmp-42"), []byte("half a copy"), 0o600))
	require.NoError(t, os.Chtimes(filepath.Join(hist, ".tmp-42"), time.Now().Add(-time.Minute), time.Now().Add(-time.Minute)))
	n, err := e.svc.CleanLeftovers(ctx, "", 0)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Empty(t, e.files(t, "bge", dropdir.HistoryDir))
	ev := e.events(t, "bge")[".tmp-42"]
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventLeftover, ev[0].Action)
	assert.Equal(t, dropdir.HistoryDir, ev[0].Dir)
	assert.Equal(t, int64(len("half a copy")), ev[0].Size)

	e.drop(t, "bge", "LISEZMOI.txt", "x", old)
	e.run(t, "bge")
	require.Equal(t, []string{"LISEZMOI.txt"}, e.files(t, "bge", dropdir.RefusedDir))
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, os.Chtimes(filepath.Join(e.root, "bge", dropdir.RefusedDir, "LISEZMOI.txt"), past, past))
	files, _, err := e.svc.Purge(ctx, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, []string{"bge/refuses/LISEZMOI.txt"}, files)
	assert.Empty(t, e.files(t, "bge", dropdir.RefusedDir))
	ev = e.events(t, "bge")["LISEZMOI.txt"]
	require.Len(t, ev, 2)
	assert.Equal(t, eleader.EventRefused, ev[0].Action)
	assert.Equal(t, eleader.EventPurged, ev[1].Action)
	assert.Equal(t, dropdir.RefusedDir, ev[1].Dir)
}

// TestFolderHostileNames: names a person could not type or a database
// could not hold are set aside under a safe name, and recorded readable.
func TestFolderHostileNames(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	for _, n := range []string{"bad\xff\xfe.csv", "line\nbreak.csv", "tab\tand\x1bescape.csv", strings.Repeat("x", 250) + ".csv", "20261125-bge.csv\r"} {
		e.drop(t, "bge", n, "x", old)
	}
	rec := e.run(t, "bge")
	assert.Equal(t, 5, rec.Refused)
	got := e.files(t, "bge", dropdir.RefusedDir)
	assert.ElementsMatch(t, []string{"bad__.csv", "line_break.csv", "tab_and_escape.csv", strings.Repeat("x", 250) + ".csv", "20261125-bge.csv_"}, got)
	list, err := e.svc.FileEvents(context.Background(), "bge", 0)
	require.NoError(t, err)
	require.Len(t, list, 5)
	for _, x := range list {
		assert.NotContains(t, x.Name, "\n")
		assert.NotContains(t, x.Name, "\x1b")
		assert.True(t, strings.ToValidUTF8(x.Name, "") == x.Name, "%q is valid UTF-8", x.Name)
	}
	reps := e.reports(t, "bge")
	require.Len(t, reps, 1)
	assert.True(t, reps[0].Notice)
	assert.Len(t, reps[0].Refused, 5)
}

// TestFolderSupersededNameReused: a superseded name comes back. With the
// bytes the ledger knows, it joins its copy in history; with other bytes —
// also against a ledger entry of before sums were kept — it is set aside,
// and history keeps the first file.
func TestFolderSupersededNameReused(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	older := csvFile(dossierLine("BGEE000001", nil))
	e.deposit(t, "bge", "20261124-bge.csv", older)
	e.deposit(t, "bge", "20261125-bge.csv", csvFile(dossierLine("BGEE000002", nil)))
	e.run(t, "bge")
	f, found, err := e.store.RunFile(ctx, "bge", "20261124-bge.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, sha(older), f.SHA256, "a superseded file's sum is kept")

	e.drop(t, "bge", "20261124-bge.csv", older, 0)
	rec := e.run(t, "bge")
	assert.Zero(t, rec.Refused+rec.Imported)
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir), "the same bytes join their copy")

	// A ledger entry without a sum (written before sums were kept).
	require.NoError(t, e.store.MarkSuperseded(ctx, eleader.RunFile{Partner: "bge", Name: "20261123-bge.csv", State: eleader.FileSuperseded, At: time.Now()}))
	hist := filepath.Join(e.root, "bge", dropdir.HistoryDir, "20261123-bge.csv.superseded")
	require.NoError(t, os.WriteFile(hist, []byte("the first one"), 0o600))
	e.drop(t, "bge", "20261123-bge.csv", "another one", old)
	rec = e.run(t, "bge")
	assert.Equal(t, 1, rec.Refused)
	assert.Equal(t, "the first one", readString(t, hist), "history keeps the first file")
	assert.Equal(t, []string{"20261123-bge.csv"}, e.files(t, "bge", dropdir.RefusedDir))
}

// TestFolderManyStrays: a folder flooded with stray files: a run sets aside
// at most MaxSetAsidePerRun of them (the rest waits, never a candidate),
// the valid export is imported all the same, and the email names the
// first 30 and counts the others.
func TestFolderManyStrays(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	ms := startMailServer(t, mailServerOptions{User: rptUser, Password: rptPassword})
	e.outbox(ms.client(t, smtp.StartTLS, rptUser, rptPassword))
	n := eleader.MaxSetAsidePerRun + 5
	for i := range n {
		e.drop(t, "bge", fmt.Sprintf("stray-%04d.txt", i), "x", old)
	}
	e.deposit(t, "bge", "20261125-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	rec := e.run(t, "bge")
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, eleader.MaxSetAsidePerRun, rec.Refused)
	assert.Len(t, e.files(t, "bge", dropdir.DepositDir), 5, "the rest waits")
	assert.Contains(t, e.logs.String(), "the rest waits for the next run")
	msgs := ms.Messages()
	require.Len(t, msgs, 1)
	p := parseMail(t, msgs[0].Data)
	assert.Equal(t, 30, strings.Count(p.Text, "- stray-"), "30 names")
	assert.Contains(t, p.Text, fmt.Sprintf("- … et %d autres : E#L peut vous en donner la liste.", eleader.MaxSetAsidePerRun-30))
	rec = e.run(t, "bge")
	assert.Equal(t, 5, rec.Refused)
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir))
}
