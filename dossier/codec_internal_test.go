package dossier

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNameRanks: every storage name has its rank among the sorted names
// in the table appendName uses (one probe each), and other names have none.
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
