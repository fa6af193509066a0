package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestValuesWithNUL stores what a valid UTF-8 line may carry and PostgreSQL's
// text refuses: a NUL, in the fields the store indexes and in a
// disagreement. Everything comes back byte for byte, and search finds it.
func TestValuesWithNUL(t *testing.T) {
	s := openStore(t, newSchema(t))
	ctx := t.Context()
	src := dossier.Source{Partner: "adie", File: "20261116-adie.csv", FileDate: matrice.NewDate(2026, 11, 16)}
	p := dossier.Provenance{Source: src, Line: 2, Date: matrice.NewDate(2026, 11, 10)}
	v := dossier.NewView(dossier.Number{Oper: "ADIE", Index: "100876-AHG-4U"}, "adie", p)
	for name, value := range map[string]string{
		"Nom": "Ben\x00ali", "NomNaissance": "Du\x00pont", "Prenom": "Karim", "DateNaissance": "29/02/2004",
		"SIRET": "7328293200\x000074", "Phase": "2\x00", "Commune": "Saint-\x00Denis",
	} {
		v.Fields.Set(name, dossier.Value{Value: value, Provenance: p})
	}
	d := dossier.Disagreement{Number: v.Number.String(), Field: "Nom",
		Kept:  dossier.Value{Value: "Ben\x00ali", Provenance: p},
		Other: dossier.Value{Value: "Benali\x00", Provenance: dossier.Provenance{Source: src, Line: 3}}}

	tx, err := s.BeginImport(ctx)
	require.NoError(t, err)
	defer tx.Rollback()
	require.NoError(t, tx.Create(ctx, v))
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{d}))
	require.NoError(t, tx.Commit())

	got, err := s.View(ctx, v.Number.String())
	require.NoError(t, err)
	assert.Equal(t, v, got)
	dis, err := s.Disagreements(ctx, v.Number.String())
	require.NoError(t, err)
	assert.Equal(t, []dossier.Disagreement{d}, dis)
	want := []dossier.Match{{Number: "ADIE100876-AHG-4U", Main: "ADIE100876-AHG-4U", Oper: "ADIE", Partner: "adie", Phase: "2\x00"}}
	birth, _ := matrice.ParseDate("29/02/2004")
	for _, q := range [][2]string{
		{dossier.NameKey("Ben\x00ali", "Karim", birth), ""},
		{dossier.NameKey("Du\x00pont", "Karim", birth), ""},
		{"", "7328293200\x000074"},
	} {
		m, err := s.Search(ctx, q[0], q[1])
		require.NoError(t, err)
		assert.Equal(t, want, m, "Search(%q, %q)", q[0], q[1])
	}
}

// TestFreeText stores a delivery error and a comment that are not valid
// UTF-8, or hold a NUL: they are kept, the bad bytes as U+FFFD.
func TestFreeText(t *testing.T) {
	s := openStore(t, newSchema(t))
	ctx := t.Context()
	now := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	tx, err := s.BeginImport(ctx)
	require.NoError(t, err)
	defer tx.Rollback()
	r := &eleader.Report{Partner: "adie", File: "20261116-adie.csv", Created: now}
	require.NoError(t, tx.AddReport(ctx, r))
	require.NoError(t, tx.Commit())

	require.NoError(t, s.MarkAttempt(ctx, r.ID, 1, now.Add(time.Minute), eleader.ReportPending, "550 bo\xeete pleine\x00"))
	got, err := s.Report(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, "550 bo\uFFFDte pleine\uFFFD", got.LastError)

	p := &eleader.Partner{Sheet: eleader.ConnectionSheet{Partner: "adie"}, Status: eleader.StatusDraft, Created: now, Updated: now}
	require.NoError(t, s.SavePartner(ctx, eleader.PartnerUpdate{Partner: p,
		Transition: &eleader.Transition{At: now, By: "al\xffice", To: eleader.StatusDraft, Comment: "cr\x00éé"}}))
	h, err := s.History(ctx, "adie")
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, "al\uFFFDice", h[0].By)
	assert.Equal(t, "cr\uFFFDéé", h[0].Comment)
}

// TestTimesOutOfRange: a time a bigint of nanoseconds cannot hold is
// refused when stored, and clamped as a bound of a query.
func TestTimesOutOfRange(t *testing.T) {
	s := openStore(t, newSchema(t))
	ctx := t.Context()
	err := s.StartRun(ctx, &eleader.RunRecord{Trigger: "manual", Started: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.Error(t, err, "a run started in 1600")
	assert.Contains(t, err.Error(), "1678")

	now := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	run := &eleader.RunRecord{Trigger: "manual", Started: now}
	require.NoError(t, s.StartRun(ctx, run))
	n, err := s.CloseStaleRuns(ctx, time.Time{}, now)
	require.NoError(t, err)
	assert.Zero(t, n, "runs started before the year 1")
	n, err = s.CloseStaleRuns(ctx, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), now.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "runs started before the year 9999")
	n, err = s.PurgeReports(ctx, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), now)
	require.NoError(t, err)
	assert.Zero(t, n)
	due, err := s.DueReports(ctx, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	require.NoError(t, err)
	assert.Empty(t, due)

	// A lock until the end of time is held; one until the year 1 is free.
	h1, h2 := eleader.LockHolder{ID: "one"}, eleader.LockHolder{ID: "two"}
	never := func(eleader.LockHolder) bool { return false }
	ok, err := s.TryLock(ctx, "run:adie", h1, now, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), never)
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = s.TryLock(ctx, "run:adie", h2, now.AddDate(100, 0, 0), now.AddDate(100, 0, 1), never)
	require.NoError(t, err)
	assert.False(t, ok, "a lock held until the year 3000, in 2126")
	ok, err = s.TryLock(ctx, "run:frac", h1, now, time.Time{}, never)
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = s.TryLock(ctx, "run:frac", h2, now, now.Add(time.Hour), never)
	require.NoError(t, err)
	assert.True(t, ok, "a lock held until the year 1")
}
