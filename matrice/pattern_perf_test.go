package matrice

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkPattern compares the fast path with the regexp on the default
// matrice's CodeQPV.
func BenchmarkPattern(b *testing.B) {
	const motif = `^Q[NP][0-9]{5}[0-9A-Z]$`
	v := []byte("QN09301M")
	p, err := compilePattern(motif)
	require.NoError(b, err)
	b.Run("classSeq", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p.match(v)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p.re.Match(v)
		}
	})
}
