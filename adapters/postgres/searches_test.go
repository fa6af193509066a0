package postgres_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestSearchLimitAcrossInstances: two instances sharing the database,
// searched at once by one partner 100 times (50 each): exactly the limit
// is answered, the rest refused with a wait, and the audit — the same seen
// from either instance — holds the searches answered and only them, with
// one hash for one identity and no identity.
func TestSearchLimitAcrossInstances(t *testing.T) {
	dbURL := newSchema(t)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var tick atomic.Int64
	clock := func() time.Time { return now.Add(time.Duration(tick.Add(1)) * time.Millisecond) }
	a := &eleader.Service{Store: openStore(t, dbURL), Now: clock, SearchRate: 60}
	b := &eleader.Service{Store: openStore(t, dbURL), Now: clock, SearchRate: 60}
	q := dossier.Query{Nom: "Dupont", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 12)}
	var answered, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range 100 {
		svc := a
		if i%2 == 1 {
			svc = b
		}
		wg.Go(func() {
			_, err := svc.Search(t.Context(), eleader.Searcher{Partner: "adie", Channel: "api"}, q)
			switch {
			case err == nil:
				answered.Add(1)
			case eleader.ErrorCode(err) == eleader.ERATELIMIT:
				wait, ok := eleader.RetryAfter(err)
				assert.True(t, ok)
				assert.Greater(t, wait, 59*time.Minute, "the first search leaves the window in about an hour")
				refused.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 60, answered.Load(), "answered")
	assert.EqualValues(t, 40, refused.Load(), "refused")
	for _, svc := range []*eleader.Service{a, b} {
		recs, err := svc.Searches(t.Context(), "adie", 1000)
		require.NoError(t, err)
		assert.Len(t, recs, 60)
		for _, r := range recs {
			assert.Equal(t, recs[0].Hash, r.Hash, "one identity, one hash")
			assert.Equal(t, eleader.SearchIdentity, r.Kind)
		}
	}
}
