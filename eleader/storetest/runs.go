package storetest

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runStart is when the runs of the tests start, in a zone other than UTC
// and with nanoseconds: a store keeps the instant.
var runStart = time.Date(2026, 11, 16, 6, 0, 0, 123456789, time.FixedZone("Europe/Paris", 3600))

// utcRuns returns recs with their times in UTC, for comparison.
func utcRuns(recs ...eleader.RunRecord) []eleader.RunRecord {
	out := make([]eleader.RunRecord, len(recs))
	for i, r := range recs {
		r.Started, r.Ended = r.Started.UTC(), r.Ended.UTC()
		out[i] = r
	}
	return out
}

// utcFile returns f with its time in UTC.
func utcFile(f eleader.RunFile) eleader.RunFile {
	f.At = f.At.UTC()
	return f
}

// utcReports returns reports with their times in UTC.
func utcReports(reports ...eleader.Report) []eleader.Report {
	out := make([]eleader.Report, len(reports))
	for i, r := range reports {
		r.Created, r.Purged = r.Created.UTC(), r.Purged.UTC()
		out[i] = r
	}
	return out
}

// rejectsText is the rejects file the tests store with a report that has
// some: its own, from its partner and file.
func rejectsText(r *eleader.Report) string {
	return "\xEF\xBB\xBFNom;Erreurs\r\n« " + r.Partner + " »;" + r.File + "\r\n"
}

// rejectsOf reads, for each report, its part RejectsPartCSV ("" for none).
func rejectsOf(tb testing.TB, s eleader.Store, reports ...eleader.Report) []string {
	tb.Helper()
	out := make([]string, len(reports))
	for i, r := range reports {
		out[i] = readPart(tb, s, r.ID, eleader.RejectsPartCSV)
	}
	return out
}

// readPart reads a part of a report's rejects; "" when the store has none.
func readPart(tb testing.TB, s eleader.Store, report int64, part string) string {
	tb.Helper()
	rc, err := s.Rejects(tb.Context(), report, part)
	if eleader.ErrorCode(err) == eleader.ENOTFOUND {
		return ""
	}
	require.NoError(tb, err, "Rejects(%d, %s)", report, part)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(tb, err, "reading the rejects of %d (%s)", report, part)
	return string(b)
}

// superseded returns the ledger entry of a file of partner superseded by
// run runID.
func superseded(partner, name string, runID int64) eleader.RunFile {
	return eleader.RunFile{Partner: partner, Name: name, State: eleader.FileSuperseded, RunID: runID, At: runStart.Add(time.Minute)}
}

// imported returns the ledger entry of a file of partner imported by run
// runID as import importID.
func imported(partner, name string, runID, importID int64) eleader.RunFile {
	return eleader.RunFile{
		Partner: partner, Name: name, SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		State: eleader.FileImported, RunID: runID, ImportID: importID, At: runStart.Add(2 * time.Minute),
	}
}

// report returns the report of partner's file, created at created, with
// rejects (rejectsText) or not.
func report(partner, file string, created time.Time, rejects bool) *eleader.Report {
	ex := func(line int) importer.LineError {
		return importer.LineError{
			Line: line, Dossier: "ADIE100876-AHG-4U", Field: "SIRET", Value: "abc", Check: matrice.CheckType,
			Message: "Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'",
		}
	}
	r := &eleader.Report{
		Partner: partner, File: file, ImportID: 7, RunID: 3, Recipients: []string{"contact@" + partner + ".example"},
		Status: importer.StatusPartial, Mode: importer.ModePartial, Qualification: true, Qualified: false, Consolidated: true,
		Lines: 120, Accepted: 117, Rejected: 3, Dossiers: 40,
		FileErrors: []importer.FileError{{Code: importer.CodeMode, Message: "one line rejected"}},
		Checks:     []eleader.ReportCheck{{Check: string(matrice.CheckType), Count: 3, Examples: []importer.LineError{ex(4), ex(9), ex(12)}}},
		Superseded: []string{"20261114-" + partner + ".csv", "20261115-" + partner + ".csv"},
		Created:    created,
		State:      eleader.ReportPending, // a stored report waits for the outbox
	}
	if rejects {
		r.RejectsBytes = int64(len(rejectsText(r)))
	}
	return r
}

// addReports stores reports in one committed import transaction, with
// their rejects (rejectsText, in the part RejectsPartCSV) when they have
// some.
func addReports(tb testing.TB, s eleader.Store, reports ...*eleader.Report) {
	tb.Helper()
	tx := begin(tb, s)
	for _, r := range reports {
		addReport(tb, tx, r)
	}
	require.NoError(tb, tx.Commit())
}

// addReport stores a report with its rejects, if any, in tx.
func addReport(tb testing.TB, tx eleader.ImportTx, r *eleader.Report) {
	tb.Helper()
	require.NoError(tb, tx.AddReport(tb.Context(), r), "AddReport %s", r.File)
	if r.RejectsBytes > 0 {
		require.NoError(tb, tx.AddRejects(tb.Context(), r.ID, eleader.RejectsPartCSV, strings.NewReader(rejectsText(r))), "AddRejects %s", r.File)
	}
}

func testRunsEmpty(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	for _, trigger := range []string{"", "schedule"} {
		runs, err := s.Runs(ctx, trigger, 10)
		require.NoError(t, err)
		assert.Empty(t, runs, "Runs(%q)", trigger)
	}
	reports, err := s.Reports(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, reports, "Reports")
	_, found, err := s.RunFile(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	assert.False(t, found, "RunFile on an empty ledger: found")
	n, err := s.PurgeReports(ctx, runStart, runStart)
	require.NoError(t, err)
	assert.Zero(t, n, "PurgeReports on no report")
}

func testRunsRecord(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	var recs []eleader.RunRecord
	var last int64
	for i, trigger := range []string{"schedule", "manual", "schedule", "startup"} {
		r := eleader.RunRecord{Trigger: trigger, Started: runStart.Add(time.Duration(i) * time.Hour)}
		require.NoError(t, s.StartRun(ctx, &r), "StartRun %d", i)
		assert.Greater(t, r.ID, last, "run %d: ID", i)
		last = r.ID
		recs = append(recs, r)
	}

	// Started, not ended yet.
	got, err := s.Runs(ctx, "", 10)
	require.NoError(t, err)
	assert.Equal(t, utcRuns(recs[3], recs[2], recs[1], recs[0]), utcRuns(got...), "Runs before FinishRun")

	for i := range recs {
		r := &recs[i]
		r.Ended = r.Started.Add(time.Duration(i+1) * time.Minute)
		r.Outcome = "ok"
		r.Partners, r.Imported, r.Superseded, r.Lines, r.Accepted = 4+i, 2+i, i, 100*i, 90*i
		r.Rejected = 100*i - 90*i
		r.Refused, r.Dropped = i, 2*i
	}
	recs[1].Outcome = "some partners failed"
	recs[1].Busy, recs[1].Failed = 1, 2
	for i := range recs {
		require.NoError(t, s.FinishRun(ctx, &recs[i]), "FinishRun %d", i)
	}

	got, err = s.Runs(ctx, "", 10)
	require.NoError(t, err)
	assert.Equal(t, utcRuns(recs[3], recs[2], recs[1], recs[0]), utcRuns(got...), "Runs: most recent first")
	got, err = s.Runs(ctx, "", 2)
	require.NoError(t, err)
	assert.Equal(t, utcRuns(recs[3], recs[2]), utcRuns(got...), "Runs limited to 2")
	got, err = s.Runs(ctx, "schedule", 10)
	require.NoError(t, err)
	assert.Equal(t, utcRuns(recs[2], recs[0]), utcRuns(got...), "Runs of trigger schedule")
	got, err = s.Runs(ctx, "schedule", 1)
	require.NoError(t, err)
	assert.Equal(t, utcRuns(recs[2]), utcRuns(got...), "Runs of trigger schedule limited to 1")
	got, err = s.Runs(ctx, "manual", 10)
	require.NoError(t, err)
	assert.Equal(t, utcRuns(recs[1]), utcRuns(got...), "Runs of trigger manual")
	got, err = s.Runs(ctx, "nightly", 10)
	require.NoError(t, err)
	assert.Empty(t, got, "Runs of a trigger never used")
}

func testRunFileRecorded(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	f := imported("adie", "20261116-adie.csv", 3, 7)

	tx := begin(t, s)
	require.NoError(t, tx.RecordRunFile(ctx, f))
	_, found, err := s.RunFile(ctx, f.Partner, f.Name)
	require.NoError(t, err)
	assert.False(t, found, "RunFile before Commit: found")
	require.NoError(t, tx.Commit())

	got, found, err := s.RunFile(ctx, f.Partner, f.Name)
	require.NoError(t, err)
	require.True(t, found, "RunFile after Commit: found")
	assert.Equal(t, utcFile(f), utcFile(got), "RunFile")

	for _, other := range [][2]string{{"frac", f.Name}, {"adie", "20261117-adie.csv"}} {
		_, found, err := s.RunFile(ctx, other[0], other[1])
		require.NoError(t, err)
		assert.False(t, found, "RunFile(%q, %q): found", other[0], other[1])
	}
}

func testRunFileRolledBack(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	require.NoError(t, s.MarkSuperseded(ctx, superseded("adie", "20261115-adie.csv", 3)))

	tx := begin(t, s)
	rec := importRecord("adie", "20261116-adie.csv", "aa", true)
	require.NoError(t, tx.RecordImport(ctx, &rec))
	names, err := tx.ClaimSuperseded(ctx, "adie", rec.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"20261115-adie.csv"}, names, "ClaimSuperseded in the transaction")
	r := report("adie", "20261116-adie.csv", runStart, true)
	addReport(t, tx, r)
	require.NoError(t, tx.RecordRunFile(ctx, imported("adie", "20261116-adie.csv", 3, rec.ID)))
	require.NoError(t, tx.Rollback())

	_, found, err := s.RunFile(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	assert.False(t, found, "RunFile after Rollback: found")
	reports, err := s.Reports(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, reports, "Reports after Rollback")
	assert.Empty(t, readPart(t, s, r.ID, eleader.RejectsPartCSV), "no rejects after Rollback")
	h, err := s.Imports(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, h, "Imports after Rollback")
	got, found, err := s.RunFile(ctx, "adie", "20261115-adie.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, utcFile(superseded("adie", "20261115-adie.csv", 3)), utcFile(got), "a superseded file claimed by a rolled back import")

	// The file can be recorded again, and the superseded one claimed again.
	tx = begin(t, s)
	names, err = tx.ClaimSuperseded(ctx, "adie", 8)
	require.NoError(t, err)
	assert.Equal(t, []string{"20261115-adie.csv"}, names, "ClaimSuperseded after Rollback")
	require.NoError(t, tx.RecordRunFile(ctx, imported("adie", "20261116-adie.csv", 4, 8)))
	require.NoError(t, tx.Commit())
	got, found, err = s.RunFile(ctx, "adie", "20261116-adie.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, utcFile(imported("adie", "20261116-adie.csv", 4, 8)), utcFile(got))
}

func testMarkSupersededOnce(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	first := superseded("adie", "20261115-adie.csv", 3)
	require.NoError(t, s.MarkSuperseded(ctx, first))
	second := superseded("adie", "20261115-adie.csv", 4)
	second.At = second.At.Add(24 * time.Hour)
	second.SHA256 = "bb"
	require.NoError(t, s.MarkSuperseded(ctx, second), "MarkSuperseded again")

	got, found, err := s.RunFile(ctx, "adie", "20261115-adie.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, utcFile(first), utcFile(got), "the first entry stays")

	// Another partner's file of the same name is its own entry.
	frac := superseded("frac", "20261115-adie.csv", 4)
	require.NoError(t, s.MarkSuperseded(ctx, frac))
	got, found, err = s.RunFile(ctx, "frac", "20261115-adie.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, utcFile(frac), utcFile(got))
}

// claim claims partner's superseded files for importID in a transaction,
// committed or rolled back.
func claim(tb testing.TB, s eleader.Store, partner string, importID int64, commit bool) []string {
	tb.Helper()
	tx := begin(tb, s)
	names, err := tx.ClaimSuperseded(tb.Context(), partner, importID)
	require.NoError(tb, err, "ClaimSuperseded(%q, %d)", partner, importID)
	if commit {
		require.NoError(tb, tx.Commit())
	} else {
		require.NoError(tb, tx.Rollback())
	}
	return names
}

func testClaimSuperseded(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	for _, name := range []string{"20261114-adie.csv", "20261112-adie.csv", "20261113-adie.csv"} {
		require.NoError(t, s.MarkSuperseded(ctx, superseded("adie", name, 3)))
	}
	require.NoError(t, s.MarkSuperseded(ctx, superseded("frac", "20261113-frac.csv", 3)))
	tx := begin(t, s)
	require.NoError(t, tx.RecordRunFile(ctx, imported("adie", "20261115-adie.csv", 3, 6)))
	require.NoError(t, tx.Commit())

	all := []string{"20261112-adie.csv", "20261113-adie.csv", "20261114-adie.csv"}
	assert.Equal(t, all, claim(t, s, "adie", 7, false), "a claim rolled back")
	assert.Equal(t, all, claim(t, s, "adie", 8, true), "the claim after a rolled back one, sorted")
	assert.Empty(t, claim(t, s, "adie", 9, true), "a second claim")
	for _, name := range all {
		got, found, err := s.RunFile(ctx, "adie", name)
		require.NoError(t, err)
		require.True(t, found)
		want := superseded("adie", name, 3)
		want.ImportID = 8
		assert.Equal(t, utcFile(want), utcFile(got), "%s after the claim", name)
	}
	got, found, err := s.RunFile(ctx, "adie", "20261115-adie.csv")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, utcFile(imported("adie", "20261115-adie.csv", 3, 6)), utcFile(got), "an imported file is not claimed")

	// A file superseded later goes to the next claim.
	require.NoError(t, s.MarkSuperseded(ctx, superseded("adie", "20261116-adie.csv", 4)))
	assert.Equal(t, []string{"20261116-adie.csv"}, claim(t, s, "adie", 10, true), "a claim after a new supersession")

	assert.Equal(t, []string{"20261113-frac.csv"}, claim(t, s, "frac", 11, true), "frac's claim: adie's claims left it")
	assert.Empty(t, claim(t, s, "frac", 12, true), "frac's second claim")
	assert.Empty(t, claim(t, s, "nobody", 13, true), "a partner without superseded files")
}

func testReports(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	r1 := report("adie", "20261116-adie.csv", runStart, true)
	r2 := report("frac", "20261116-frac.csv", runStart.Add(time.Hour), true)
	r3 := report("adie", "20261117-adie.csv", runStart.Add(24*time.Hour), false)
	r3.Status, r3.Rejected, r3.Accepted = importer.StatusAccepted, 0, 120
	r3.Checks, r3.FileErrors, r3.Superseded = []eleader.ReportCheck{}, []importer.FileError{}, []string{}

	addReports(t, s, r1, r2)
	addReports(t, s, r3)
	assert.Positive(t, r1.ID, "AddReport: ID")
	assert.Greater(t, r2.ID, r1.ID, "second report: ID")
	assert.Greater(t, r3.ID, r2.ID, "third report: ID")

	got, err := s.Reports(ctx, "", 10)
	require.NoError(t, err)
	assert.Equal(t, utcReports(*r3, *r2, *r1), utcReports(got...), "Reports: most recent first")
	assert.Equal(t, []string{"", rejectsText(r2), rejectsText(r1)}, rejectsOf(t, s, got...), "Reports: rejects")

	got, err = s.Reports(ctx, "adie", 10)
	require.NoError(t, err)
	assert.Equal(t, utcReports(*r3, *r1), utcReports(got...), "adie's reports")
	assert.Equal(t, []string{"", rejectsText(r1)}, rejectsOf(t, s, got...), "adie's reports: rejects")
	got, err = s.Reports(ctx, "adie", 1)
	require.NoError(t, err)
	assert.Equal(t, utcReports(*r3), utcReports(got...), "adie's reports limited to 1")
	got, err = s.Reports(ctx, "", 2)
	require.NoError(t, err)
	assert.Equal(t, utcReports(*r3, *r2), utcReports(got...), "Reports limited to 2")
	got, err = s.Reports(ctx, "nobody", 10)
	require.NoError(t, err)
	assert.Empty(t, got, "the reports of a partner without any")
}

func testPurgeReports(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	cutoff := runStart.AddDate(0, 3, 0)
	now := cutoff.AddDate(0, 3, 0)
	old := report("adie", "20261116-adie.csv", runStart, true)
	justBefore := report("frac", "20270215-frac.csv", cutoff.Add(-time.Millisecond), true)
	atCutoff := report("adie", "20270216-adie.csv", cutoff, true)
	recent := report("adie", "20270516-adie.csv", now.Add(-time.Hour), true)
	addReports(t, s, old, justBefore, atCutoff, recent)

	n, err := s.PurgeReports(ctx, cutoff, now)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "reports purged")

	purged := func(r *eleader.Report) eleader.Report {
		p := *r
		p.RejectsBytes, p.Purged = 0, now
		p.Checks = make([]eleader.ReportCheck, len(r.Checks))
		for i, c := range r.Checks {
			c.Examples = nil
			p.Checks[i] = c
		}
		return p
	}
	check := func(msg string) {
		t.Helper()
		got, err := s.Reports(ctx, "", 10)
		require.NoError(t, err)
		require.Len(t, got, 4, msg)
		for i := range got {
			for j := range got[i].Checks {
				if len(got[i].Checks[j].Examples) == 0 {
					got[i].Checks[j].Examples = nil
				}
			}
		}
		assert.Equal(t, utcReports(*recent, *atCutoff, purged(justBefore), purged(old)), utcReports(got...), msg)
		assert.Equal(t, []string{rejectsText(recent), rejectsText(atCutoff), "", ""}, rejectsOf(t, s, got...), msg+": rejects")
	}
	check("Reports after PurgeReports")

	n, err = s.PurgeReports(ctx, cutoff, now.Add(time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n, "a second PurgeReports")
	check("Reports after a second PurgeReports")
}

// lockHolder returns a holder of a lock.
func lockHolder(id string, pid int) eleader.LockHolder {
	return eleader.LockHolder{ID: id, Host: "host-" + id, PID: pid}
}

// stealer records the holders steal is asked about, and answers answer.
type stealer struct {
	mu     sync.Mutex
	asked  []eleader.LockHolder
	answer bool
}

func (s *stealer) steal(h eleader.LockHolder) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked = append(s.asked, h)
	return s.answer
}

func never(eleader.LockHolder) bool { return false }

func testTryLock(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	const name = "run:adie"
	h1, h2 := lockHolder("one", 101), lockHolder("two", 202)
	now := runStart
	tryLock := func(h eleader.LockHolder, at, until time.Time, steal func(eleader.LockHolder) bool) bool {
		t.Helper()
		ok, err := s.TryLock(ctx, name, h, at, until, steal)
		require.NoError(t, err, "TryLock %s", h.ID)
		return ok
	}

	assert.True(t, tryLock(h1, now, now.Add(30*time.Minute), never), "a free lock")
	refuse := &stealer{}
	assert.False(t, tryLock(h2, now.Add(time.Minute), now.Add(31*time.Minute), refuse.steal), "a lock held unexpired")
	assert.Equal(t, []eleader.LockHolder{h1}, refuse.asked, "steal is asked about the holder")

	// The holder renews it: until is pushed back.
	assert.True(t, tryLock(h1, now.Add(10*time.Minute), now.Add(60*time.Minute), never), "the holder takes it again")
	assert.False(t, tryLock(h2, now.Add(45*time.Minute), now.Add(75*time.Minute), never), "a lock renewed until later")

	// Expired: taken without asking.
	assert.True(t, tryLock(h2, now.Add(61*time.Minute), now.Add(90*time.Minute), never), "an expired lock")
	assert.False(t, tryLock(h1, now.Add(62*time.Minute), now.Add(92*time.Minute), never), "the former holder once taken over")

	// Stolen: a holder steal says is gone.
	take := &stealer{answer: true}
	assert.True(t, tryLock(h1, now.Add(63*time.Minute), now.Add(93*time.Minute), take.steal), "a lock steal allows")
	assert.Equal(t, []eleader.LockHolder{h2}, take.asked, "steal is asked about the holder, with its host and pid")
	assert.False(t, tryLock(h2, now.Add(64*time.Minute), now.Add(94*time.Minute), never), "the robbed holder")

	// Unlock by another does nothing.
	require.NoError(t, s.Unlock(ctx, name, h2), "Unlock by a non-holder")
	assert.False(t, tryLock(h2, now.Add(65*time.Minute), now.Add(95*time.Minute), never), "after an Unlock by a non-holder")
	// Locks are independent.
	assert.True(t, tryLock2(t, s, "run:frac", h2, now.Add(65*time.Minute)), "another lock")

	// Unlock by the holder frees it, before its time.
	require.NoError(t, s.Unlock(ctx, name, h1), "Unlock by the holder")
	require.NoError(t, s.Unlock(ctx, name, h1), "Unlock again")
	assert.True(t, tryLock(h2, now.Add(66*time.Minute), now.Add(96*time.Minute), never), "after Unlock by the holder")
	assert.False(t, tryLock2(t, s, "run:frac", h1, now.Add(66*time.Minute)), "another lock still held")

	require.NoError(t, s.Unlock(ctx, "never-taken", h1), "Unlock of a lock never taken")
}

// tryLock2 tries lock name for h at now, for 30 minutes, stealing nothing.
func tryLock2(tb testing.TB, s eleader.Store, name string, h eleader.LockHolder, now time.Time) bool {
	tb.Helper()
	ok, err := s.TryLock(tb.Context(), name, h, now, now.Add(30*time.Minute), never)
	require.NoError(tb, err, "TryLock %s %s", name, h.ID)
	return ok
}

func testTryLockRace(t *testing.T, s eleader.Store) {
	const n = 10
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		mu    sync.Mutex
		won   []string
		errs  []error
	)
	for i := range n {
		h := lockHolder(fmt.Sprintf("h%d", i), 1000+i)
		wg.Go(func() {
			<-start
			ok, err := s.TryLock(t.Context(), "run:adie", h, runStart, runStart.Add(time.Hour), never)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			} else if ok {
				won = append(won, h.ID)
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Empty(t, errs, "TryLock errors")
	assert.Len(t, won, 1, "holders that got the lock: %v", won)
}
