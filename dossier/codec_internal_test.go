package dossier

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNameRanks: every storage name has its rank among the sorted names
// in the table sortedEntries and appendName use (one probe each), and other names have none.
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

// TestSortedEntries: sortedEntries gives the entries sorted by name,
// whether they are all storage names (placed by rank) or not (sorted), few
// or many.
func TestSortedEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	names := sortedStorageNames()
	for range 500 {
		m := map[string]Value{}
		for range r.IntN(len(names) + 1) {
			n := names[r.IntN(len(names))]
			m[n] = Value{Value: "v" + n}
		}
		if r.IntN(4) == 0 {
			n := "Autre" + string(rune('A'+r.IntN(26)))
			m[n] = Value{Value: "v" + n}
		}
		before := NamedValue{Name: "before"}
		want := []NamedValue{before}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			want = append(want, NamedValue{Name: k, Value: m[k]})
		}
		got := sortedEntries([]NamedValue{before}, m)
		require.Equal(t, want, got)
	}
}
