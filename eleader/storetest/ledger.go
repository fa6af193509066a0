package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// event returns a file event of partner, at runStart plus minutes.
func event(partner, name, action, reason string, minutes int) *eleader.FileEvent {
	return &eleader.FileEvent{
		Partner: partner, Name: name, Dir: "depot", Action: action, Reason: reason, Size: int64(10 * minutes),
		RunID: 3, At: runStart.Add(time.Duration(minutes) * time.Minute),
	}
}

// utcEvents returns events with their times in UTC.
func utcEvents(list ...eleader.FileEvent) []eleader.FileEvent {
	out := make([]eleader.FileEvent, len(list))
	for i, e := range list {
		e.At = e.At.UTC()
		out[i] = e
	}
	return out
}

// recordEvents records events, in order.
func recordEvents(tb testing.TB, s eleader.Store, list ...*eleader.FileEvent) {
	tb.Helper()
	var last int64
	for _, e := range list {
		require.NoError(tb, s.RecordFileEvent(tb.Context(), e), "RecordFileEvent %s", e.Name)
		require.Greater(tb, e.ID, last, "RecordFileEvent %s: ID", e.Name)
		last = e.ID
	}
}

func testLatestImports(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	tx := begin(t, s)
	for i, name := range []string{"20261116-adie.csv", "LISEZMOI.txt", "20261201-adie.xlsx", "20261125-adie.csv", "2026-adie.csv"} {
		require.NoError(t, tx.RecordRunFile(ctx, imported("adie", name, 3, int64(10+i))))
	}
	require.NoError(t, tx.RecordRunFile(ctx, imported("frac", "20270101-frac.csv", 3, 20)))
	require.NoError(t, tx.Commit())
	require.NoError(t, s.MarkSuperseded(ctx, superseded("adie", "20261231-adie.csv", 3)))

	got, err := s.LatestImports(ctx, "adie", 10)
	require.NoError(t, err)
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
		assert.Equal(t, eleader.FileImported, f.State)
	}
	assert.Equal(t, []string{"20261201-adie.xlsx", "20261125-adie.csv", "20261116-adie.csv"}, names,
		"imported files whose names start with a date, latest first (superseded ones, other names and partners left out)")
	got, err = s.LatestImports(ctx, "adie", 1)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, utcFile(imported("adie", "20261201-adie.xlsx", 3, 12)), utcFile(got[0]))
	got, err = s.LatestImports(ctx, "nobody", 10)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func testFileEvents(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	list, err := s.FileEvents(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, list, "FileEvents of an empty ledger")

	a := event("adie", "LISEZMOI.txt", eleader.EventRefused, eleader.RefusedName, 1)
	a.Kept, a.Detail, a.SHA256 = "LISEZMOI.txt", "the name must end in .csv", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	b := event("frac", ".tmp-123", eleader.EventLeftover, "", 2)
	c := event("adie", "20261116-adie.csv", eleader.EventDuplicate, "", 3)
	c.Detail = "imported 2026-11-16"
	d := event("adie", "Réunion « bilan » 'été'.csv", eleader.EventRefused, eleader.RefusedName, 4)
	d.Kept = "Réunion « bilan » 'été'.csv.2"
	recordEvents(t, s, a, b, c, d)

	list, err = s.FileEvents(ctx, "", 10)
	require.NoError(t, err)
	assert.Equal(t, utcEvents(*d, *c, *b, *a), utcEvents(list...), "FileEvents: most recent first")
	list, err = s.FileEvents(ctx, "adie", 2)
	require.NoError(t, err)
	assert.Equal(t, utcEvents(*d, *c), utcEvents(list...), "adie's, limited to 2")
	list, err = s.FileEvents(ctx, "frac", 0)
	require.NoError(t, err)
	assert.Equal(t, utcEvents(*b), utcEvents(list...), "frac's")
}

// claimRefused claims partner's refused files for importID in a
// transaction, committed or rolled back, and returns their names.
func claimRefused(tb testing.TB, s eleader.Store, partner string, importID int64, commit bool) []string {
	tb.Helper()
	tx := begin(tb, s)
	list, err := tx.ClaimRefused(tb.Context(), partner, importID)
	require.NoError(tb, err, "ClaimRefused(%q, %d)", partner, importID)
	if commit {
		require.NoError(tb, tx.Commit())
	} else {
		require.NoError(tb, tx.Rollback())
	}
	names := []string{}
	for _, e := range list {
		assert.Equal(tb, importID, e.ImportID, "%s: ImportID", e.Name)
		names = append(names, e.Name)
	}
	return names
}

func testClaimRefused(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	recordEvents(t, s,
		event("adie", "b.txt", eleader.EventRefused, eleader.RefusedName, 1),
		event("adie", "20261116-adie.csv", eleader.EventDuplicate, "", 2),
		event("frac", "x.txt", eleader.EventRefused, eleader.RefusedName, 3),
		event("adie", "a.txt", eleader.EventRefused, eleader.RefusedPartner, 4),
		event("adie", ".tmp-1", eleader.EventLeftover, "", 5),
	)
	both := []string{"b.txt", "a.txt"}
	assert.Equal(t, both, claimRefused(t, s, "adie", 7, false), "a claim rolled back: refused files only, oldest first")
	assert.Equal(t, both, claimRefused(t, s, "adie", 8, true), "the claim after a rolled back one")
	assert.Empty(t, claimRefused(t, s, "adie", 9, true), "a second claim")
	list, err := s.FileEvents(ctx, "adie", 10)
	require.NoError(t, err)
	for _, e := range list {
		want := int64(0)
		if e.Action == eleader.EventRefused {
			want = 8
		}
		assert.Equal(t, want, e.ImportID, "%s after the claim", e.Name)
	}
	recordEvents(t, s, event("adie", "c.txt", eleader.EventRefused, eleader.RefusedKind, 6))
	assert.Equal(t, []string{"c.txt"}, claimRefused(t, s, "adie", 10, true), "a file refused later goes to the next claim")
	assert.Equal(t, []string{"x.txt"}, claimRefused(t, s, "frac", 11, true), "frac's claim: adie's left it")
}

func testAddNotice(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	build := func(called *bool) func([]string, []eleader.FileEvent) (*eleader.Report, error) {
		return func(superseded []string, refused []eleader.FileEvent) (*eleader.Report, error) {
			*called = true
			return &eleader.Report{Partner: "adie", RunID: 3, Notice: true, Recipients: []string{"a@adie.example"},
				Superseded: superseded, Refused: refused, Created: runStart}, nil
		}
	}
	var called bool
	r, err := s.AddNotice(ctx, "adie", build(&called))
	require.NoError(t, err)
	assert.Nil(t, r, "a notice of nothing")
	assert.False(t, called, "build is not called when there is nothing to tell")

	require.NoError(t, s.MarkSuperseded(ctx, superseded("adie", "20261114-adie.csv", 3)))
	require.NoError(t, s.MarkSuperseded(ctx, superseded("frac", "20261114-frac.csv", 3)))
	recordEvents(t, s,
		event("adie", "LISEZMOI.txt", eleader.EventRefused, eleader.RefusedName, 1),
		event("adie", "20261116-adie.csv", eleader.EventDuplicate, "", 2),
		event("frac", "x.txt", eleader.EventRefused, eleader.RefusedName, 3),
	)

	// A build that fails stores nothing and claims nothing.
	boom := errors.New("boom")
	_, err = s.AddNotice(ctx, "adie", func([]string, []eleader.FileEvent) (*eleader.Report, error) { return nil, boom })
	assert.ErrorIs(t, err, boom)

	r, err = s.AddNotice(ctx, "adie", build(&called))
	require.NoError(t, err)
	require.NotNil(t, r)
	assert.Positive(t, r.ID)
	assert.Equal(t, []string{"20261114-adie.csv"}, r.Superseded)
	require.Len(t, r.Refused, 1)
	assert.Equal(t, "LISEZMOI.txt", r.Refused[0].Name)
	assert.Equal(t, r.ID, r.Refused[0].ReportID)

	got, err := s.Report(ctx, r.ID)
	require.NoError(t, err)
	assert.True(t, got.Notice)
	assert.Zero(t, got.ImportID)
	assert.Equal(t, eleader.ReportPending, got.State, "a notice is delivered by the outbox")
	assert.Equal(t, []string{"20261114-adie.csv"}, got.Superseded)
	require.Len(t, got.Refused, 1)
	assert.Equal(t, "LISEZMOI.txt", got.Refused[0].Name)
	due, err := s.DueReports(ctx, runStart.Add(time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, due, 1)
	assert.Equal(t, r.ID, due[0].ID)

	called = false
	r2, err := s.AddNotice(ctx, "adie", build(&called))
	require.NoError(t, err)
	assert.Nil(t, r2, "a second notice: everything was named")
	assert.False(t, called)
	assert.Empty(t, claim(t, s, "adie", 20, true), "an import's claim after the notice: superseded")
	assert.Empty(t, claimRefused(t, s, "adie", 20, true), "an import's claim after the notice: refused")
	assert.Equal(t, []string{"20261114-frac.csv"}, claim(t, s, "frac", 21, true), "frac's are still to tell")
	assert.Equal(t, []string{"x.txt"}, claimRefused(t, s, "frac", 21, true))
}

func testReportsWithRejects(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	withRejects := report("adie", "20261116-adie.csv", runStart, true)
	clean := report("adie", "20261117-adie.csv", runStart.Add(time.Hour), false)
	other := report("frac", "20261116-frac.csv", runStart, true)
	purged := report("adie", "20250101-adie.csv", runStart.AddDate(-1, 0, 0), true)
	latest := report("adie", "20261118-adie.csv", runStart.Add(2*time.Hour), true)
	addReports(t, s, purged, withRejects, clean, other, latest)
	_, err := s.PurgeReports(ctx, runStart.AddDate(0, -6, 0), runStart)
	require.NoError(t, err)

	list, err := s.ReportsWithRejects(ctx, "adie", 10)
	require.NoError(t, err)
	require.Len(t, list, 2, "reports that keep rejects, of adie only")
	assert.Equal(t, latest.ID, list[0].ID, "most recent first")
	assert.Equal(t, "20261118-adie.csv", list[0].File)
	assert.Equal(t, int64(len(rejectsText(latest))), list[0].Bytes)
	assert.Equal(t, withRejects.ID, list[1].ID)
	assert.Equal(t, int64(len(rejectsText(withRejects))), list[1].Bytes, "the size in bytes")
	assert.Equal(t, withRejects.Rejected, list[1].Rejected, "the rejected lines")
	assert.Equal(t, 3, list[1].Rejected)
	assert.True(t, runStart.Equal(list[1].Created), "created %v", list[1].Created)
	assert.Equal(t, "adie", list[1].Partner)
	list, err = s.ReportsWithRejects(ctx, "adie", 1)
	require.NoError(t, err)
	require.Len(t, list, 1)
	list, err = s.ReportsWithRejects(ctx, "nobody", 0)
	require.NoError(t, err)
	assert.Empty(t, list)
}
