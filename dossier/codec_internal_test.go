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

// TestAppendNumber: appendNumber writes what appendStr writes of the
// number's text, for main numbers, every sub-version and the numbers
// String formats otherwise.
func TestAppendNumber(t *testing.T) {
	numbers := []Number{{Oper: "ADIE", Index: "1"}, {Oper: "HIST", Index: "100876-AHG-4U"}, {Version: 1000, Oper: "ADIE", Index: "7"}, {Version: -1, Oper: "ADIE", Index: "7"}}
	for v := 1; v <= MaxVersion; v++ {
		numbers = append(numbers, Number{Version: v, Oper: "ADIE", Index: "100876"})
	}
	for _, n := range numbers {
		assert.Equal(t, appendStr([]byte("x"), n.String()), appendNumber([]byte("x"), n), "%+v", n)
	}
}
