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
		assert.Equal(t, string(appendDecomposed(nil, s)), NormalizeName(s), "NormalizeName(%q)", s)
	}
}

// TestLatinFoldsTable: folding a name rune by rune from latinFolds gives
// what decomposing it gives, on every rune the table holds, alone and
// around others, on random names of them, and on names it cannot fold
// (other scripts, combining marks, invalid UTF-8), which fall back.
func TestLatinFoldsTable(t *testing.T) {
	var names []string
	for r := range rune(latinRunes) {
		names = append(names, string(r), "a"+string(r)+"B", " "+string(r)+" ", string(r)+"\u0301", "-"+string(r)+"œ")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		rs := make([]rune, rng.IntN(12))
		for i := range rs {
			rs[i] = rune(rng.IntN(latinRunes))
			if rng.IntN(40) == 0 {
				rs[i] = []rune{'\u0301', '\u0327', 'Ω', 'ǅ', '\u00a0', '’', '‐', 'ﬁ', '\u212b'}[rng.IntN(9)]
			}
		}
		names = append(names, string(rs))
	}
	names = append(names, "Jos\xe9", "\xff\xfe", "Zoë\x80")
	for _, s := range names {
		assert.Equal(t, string(appendDecomposed(nil, s)), string(appendFolded(nil, s)), "appendFolded(%q)", s)
		assert.Equal(t, string(appendDecomposed([]byte("x|"), s)), string(appendFolded([]byte("x|"), s)), "appendFolded(%q) after text", s)
	}
}
