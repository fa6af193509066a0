package storetest

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// searchAt is a search of partner at t, with a hash telling it apart.
func searchAt(partner string, t time.Time, n int) *eleader.SearchRecord {
	return &eleader.SearchRecord{At: t, Partner: partner, Channel: "api", Kind: eleader.SearchIdentity, Results: n % 3,
		Hash: fmt.Sprintf("%064x", n)}
}

var searchT0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// A partner's searches count in the window (since, …): at the limit the
// next is refused, nothing recorded, with the time of the search whose
// leaving the window frees a place; other partners, and E#L's own searches
// (partner ""), are not held back; a limit lowered counts what is there.
func testRecordSearchLimit(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	record := func(rec *eleader.SearchRecord, since time.Time, limit int) (bool, time.Time) {
		t.Helper()
		ok, blocking, err := s.RecordSearch(ctx, rec, since, limit)
		require.NoError(t, err)
		if ok {
			assert.Positive(t, rec.ID, "the ID of a search recorded")
		}
		return ok, blocking
	}
	old := searchAt("adie", searchT0.Add(-2*time.Hour), 0) // out of the window
	ok, _ := record(old, searchT0.Add(-3*time.Hour), 3)
	require.True(t, ok)
	since := searchT0.Add(-time.Hour)
	for i := range 3 {
		ok, _ := record(searchAt("adie", searchT0.Add(time.Duration(i)*time.Minute), i+1), since, 3)
		require.True(t, ok, "search %d of 3", i+1)
	}
	ok, blocking := record(searchAt("adie", searchT0.Add(5*time.Minute), 9), since, 3)
	assert.False(t, ok, "the fourth search in the window")
	assert.True(t, blocking.Equal(searchT0), "blocking: got %v, want the first search of the window, %v", blocking, searchT0)

	ok, _ = record(searchAt("frac", searchT0.Add(5*time.Minute), 10), since, 3)
	assert.True(t, ok, "another partner")
	for i := range 5 {
		ok, _ = record(&eleader.SearchRecord{At: searchT0.Add(6 * time.Minute), By: "alice", Channel: "cli", Kind: eleader.SearchSIRET, Hash: fmt.Sprint(i)}, since, 3)
		assert.True(t, ok, "E#L's own search %d", i+1)
	}
	ok, blocking = record(searchAt("adie", searchT0.Add(7*time.Minute), 11), since, 2)
	assert.False(t, ok, "a lowered limit")
	assert.True(t, blocking.Equal(searchT0.Add(time.Minute)), "blocking under a lowered limit: got %v, want the second search", blocking)
	ok, _ = record(searchAt("adie", searchT0.Add(7*time.Minute), 12), searchT0.Add(time.Minute), 3)
	assert.True(t, ok, "two searches left the window, one of them just")
	ok, _ = record(searchAt("adie", searchT0.Add(8*time.Minute), 13), since, 0)
	assert.True(t, ok, "no limit")

	got, err := s.Searches(ctx, eleader.SearchFilter{Partner: "adie"})
	require.NoError(t, err)
	assert.Len(t, got, 6, "adie's searches recorded: refusals are not")
}

// Processes racing on one partner's searches never record more than the
// limit.
func testRecordSearchRace(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	const tries, limit = 24, 5
	n := racing(t, tries, func(i int) (bool, error) {
		ok, _, err := s.RecordSearch(ctx, searchAt("adie", searchT0.Add(time.Duration(i)*time.Millisecond), i), searchT0.Add(-time.Hour), limit)
		return ok, err
	})
	assert.Equal(t, limit, n, "searches recorded out of %d racing", tries)
	got, err := s.Searches(ctx, eleader.SearchFilter{Partner: "adie", Limit: 100})
	require.NoError(t, err)
	assert.Len(t, got, limit)
}

// Searches lists the audit most recent first, every field kept, filtered
// by partner, limited.
func testSearchesList(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	var all []eleader.SearchRecord
	for i, partner := range []string{"adie", "frac", "", "adie"} {
		rec := searchAt(partner, searchT0.Add(time.Duration(i)*time.Second+time.Duration(i)), i)
		if partner == "" {
			rec.By, rec.Channel, rec.Kind = "alice", "cli", eleader.SearchSIRET
		}
		ok, _, err := s.RecordSearch(ctx, rec, searchT0.Add(-time.Hour), 60)
		require.NoError(t, err)
		require.True(t, ok)
		all = append([]eleader.SearchRecord{*rec}, all...)
	}
	utc := func(recs []eleader.SearchRecord) []eleader.SearchRecord {
		for i := range recs {
			recs[i].At = recs[i].At.UTC()
		}
		return recs
	}
	got, err := s.Searches(ctx, eleader.SearchFilter{})
	require.NoError(t, err)
	assert.Equal(t, utc(all), utc(got), "every search, most recent first")
	got, err = s.Searches(ctx, eleader.SearchFilter{Partner: "adie"})
	require.NoError(t, err)
	assert.Equal(t, utc([]eleader.SearchRecord{all[0], all[3]}), utc(got), "adie's")
	got, err = s.Searches(ctx, eleader.SearchFilter{Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, utc(all[:2]), utc(got), "the 2 most recent")
	got, err = s.Searches(ctx, eleader.SearchFilter{Partner: "nobody"})
	require.NoError(t, err)
	assert.Empty(t, got)
}

// PurgeSearches removes the searches made before the cutoff only.
func testPurgeSearches(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	for i := range 4 {
		_, _, err := s.RecordSearch(ctx, searchAt("adie", searchT0.AddDate(0, 0, -i*10), i), time.Time{}, 0)
		require.NoError(t, err)
	}
	n, err := s.PurgeSearches(ctx, searchT0.AddDate(0, 0, -15))
	require.NoError(t, err)
	assert.Equal(t, 2, n, "searches 20 and 30 days old")
	got, err := s.Searches(ctx, eleader.SearchFilter{})
	require.NoError(t, err)
	assert.Len(t, got, 2)
	n, err = s.PurgeSearches(ctx, searchT0.AddDate(0, 0, -15))
	require.NoError(t, err)
	assert.Zero(t, n, "again")
}

// A secret is drawn once and kept: asked again, or by processes at once,
// it is the same; two names are two secrets.
func testSecret(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Go(func() {
			b, err := s.Secret(ctx, "search-hmac", 32)
			assert.NoError(t, err)
			got[i] = b
		})
	}
	wg.Wait()
	require.Len(t, got[0], 32)
	assert.False(t, bytes.Equal(got[0], make([]byte, 32)), "drawn, not zero")
	for _, b := range got {
		assert.Equal(t, got[0], b, "one secret")
	}
	again, err := s.Secret(ctx, "search-hmac", 32)
	require.NoError(t, err)
	assert.Equal(t, got[0], again)
	other, err := s.Secret(ctx, "other", 32)
	require.NoError(t, err)
	assert.NotEqual(t, got[0], other)
}
