package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

var rateT0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// A key's uses count in the window (since, …): at the limit the next is
// refused, nothing recorded, with the time of the use whose leaving the
// window frees a place; another key is not held back; uses leave the
// window; a lowered limit counts what is there; 0 is no limit.
func testTakeRate(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	take := func(key string, at, since time.Time, limit int) (bool, time.Time) {
		t.Helper()
		ok, blocking, err := s.TakeRate(ctx, key, at, since, limit)
		require.NoError(t, err)
		return ok, blocking
	}
	ok, _ := take("check:adie", rateT0.Add(-2*time.Hour), rateT0.Add(-3*time.Hour), 3)
	require.True(t, ok, "a use long ago")
	since := rateT0.Add(-time.Hour)
	for i := range 3 {
		ok, _ := take("check:adie", rateT0.Add(time.Duration(i)*time.Minute), since, 3)
		require.True(t, ok, "use %d of 3", i+1)
	}
	ok, blocking := take("check:adie", rateT0.Add(5*time.Minute), since, 3)
	assert.False(t, ok, "the fourth use in the window")
	assert.True(t, blocking.Equal(rateT0), "blocking: got %v, want the first use of the window, %v", blocking, rateT0)
	ok, _ = take("check:frac", rateT0.Add(5*time.Minute), since, 3)
	assert.True(t, ok, "another key")

	ok, blocking = take("check:adie", rateT0.Add(6*time.Minute), since, 2)
	assert.False(t, ok, "a lowered limit")
	assert.True(t, blocking.Equal(rateT0.Add(time.Minute)), "blocking under a lowered limit: got %v, want the second use", blocking)
	ok, _ = take("check:adie", rateT0.Add(61*time.Minute), rateT0.Add(time.Minute), 3)
	assert.True(t, ok, "two uses left the window, one of them just")
	ok, blocking = take("check:adie", rateT0.Add(62*time.Minute), rateT0.Add(90*time.Second), 2)
	assert.False(t, ok, "the refusals recorded nothing: the window holds 2 uses")
	assert.True(t, blocking.Equal(rateT0.Add(2*time.Minute)), "got %v", blocking)
	ok, _ = take("check:adie", rateT0.Add(63*time.Minute), rateT0.Add(2*time.Minute), 0)
	assert.True(t, ok, "no limit")
}

// Processes racing on one key never take more than the limit.
func testTakeRateRace(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	const tries, limit = 24, 5
	n := racing(t, tries, func(i int) (bool, error) {
		ok, _, err := s.TakeRate(ctx, "check:adie", rateT0.Add(time.Duration(i)*time.Millisecond), rateT0.Add(-time.Hour), limit)
		return ok, err
	})
	assert.Equal(t, limit, n, "uses taken out of %d racing", tries)
	ok, _, err := s.TakeRate(ctx, "check:adie", rateT0.Add(time.Second), rateT0.Add(-time.Hour), limit)
	require.NoError(t, err)
	assert.False(t, ok, "the limit holds after the race")
}

// racing calls take tries times at once, with i from 0, and returns how
// many calls it took (true); an error fails the test.
func racing(t *testing.T, tries int, take func(i int) (bool, error)) int {
	t.Helper()
	var wg sync.WaitGroup
	taken := make([]bool, tries)
	for i := range tries {
		wg.Go(func() {
			ok, err := take(i)
			assert.NoError(t, err, "racer %d", i)
			taken[i] = ok
		})
	}
	wg.Wait()
	n := 0
	for _, ok := range taken {
		if ok {
			n++
		}
	}
	return n
}

// NameEvents lists the ledger's events of one name of one partner, most
// recent first, limited.
func testNameEvents(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	list, err := s.NameEvents(ctx, "adie", "20261116-adie.csv", 0)
	require.NoError(t, err)
	assert.Empty(t, list, "an empty ledger")

	a := event("adie", "20261116-adie.csv", eleader.EventWithdrawn, "", 1)
	b := event("adie", "20261117-adie.csv", eleader.EventWithdrawn, "", 2)
	c := event("frac", "20261116-adie.csv", eleader.EventRefused, eleader.RefusedPartner, 3)
	d := event("adie", "20261116-adie.csv", eleader.EventRefused, eleader.RefusedUsed, 4)
	recordEvents(t, s, a, b, c, d)

	list, err = s.NameEvents(ctx, "adie", "20261116-adie.csv", 0)
	require.NoError(t, err)
	assert.Equal(t, utcEvents(*d, *a), utcEvents(list...), "adie's events of 20261116-adie.csv, most recent first")
	list, err = s.NameEvents(ctx, "adie", "20261116-adie.csv", 1)
	require.NoError(t, err)
	assert.Equal(t, utcEvents(*d), utcEvents(list...), "limited to 1")
	list, err = s.NameEvents(ctx, "adie", "20261118-adie.csv", 0)
	require.NoError(t, err)
	assert.Empty(t, list, "a name without events")
}
