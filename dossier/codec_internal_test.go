package dossier

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNameRanks: every storage name has its rank among the sorted names
// in the table sortedKeys uses (one probe each), and other names have none.
func TestNameRanks(t *testing.T) {
	ranks := nameRanks()
	for r, n := range sortedStorageNames() {
		got, ok := ranks.rank(n)
		require.True(t, ok, "%s has no rank: the table was not built", n)
		assert.Equal(t, r, got, n)
	}
	for _, n := range []string{"", "Nomx", "nom", "NumeroDossier ", "X", "DOSSIERS", "TypeRDV\x00"} {
		_, ok := ranks.rank(n)
		assert.False(t, ok, "%q", n)
	}
}

// TestSortedKeys: sortedKeys gives the keys sorted, whether they are all
// storage names (placed by rank) or not (sorted).
func TestSortedKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	names := sortedStorageNames()
	for range 500 {
		m := map[string]int{}
		for range r.IntN(len(names) + 1) {
			m[names[r.IntN(len(names))]] = 1
		}
		if r.IntN(4) == 0 {
			m["Autre"+string(rune('A'+r.IntN(26)))] = 1
		}
		want := make([]string, 0, len(m))
		for k := range m {
			want = append(want, k)
		}
		slices.Sort(want)
		got := sortedKeys([]string{"before"}, m)
		require.Equal(t, append([]string{"before"}, want...), got)
	}
}
