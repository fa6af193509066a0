package dossier

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNormalNameASCIIFastPath: the byte-by-byte folding of ASCII names
// gives what the general folding gives, on every ASCII character and on
// random ASCII names.
func TestNormalNameASCIIFastPath(t *testing.T) {
	var names []string
	for c := range 128 {
		names = append(names, string(rune(c)), "a"+string(rune(c))+"B", " "+string(rune(c))+" ")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = byte(rng.IntN(128))
		}
		names = append(names, string(b))
	}
	for _, s := range names {
		assert.Equal(t, string(appendFolded(nil, s)), NormalizeName(s), "NormalizeName(%q)", s)
	}
}
