package gen_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// BenchmarkWrite measures the generator: lines written per second.
func BenchmarkWrite(b *testing.B) {
	g := generator(100_000, 0.03, 1)
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		st, err := g.Write(io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		bytes = st.Bytes
	}
	b.SetBytes(bytes)
	b.ReportMetric(float64(g.Lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// TestMemoryDoesNotGrowWithLines: the generator streams; writing ten times
// more lines allocates about the same.
func TestMemoryDoesNotGrowWithLines(t *testing.T) {
	allocs := func(lines int) float64 {
		g := generator(lines, 0.03, 1)
		return testing.AllocsPerRun(3, func() {
			_, err := g.Write(io.Discard)
			require.NoError(t, err)
		})
	}
	small, big := allocs(2_000), allocs(20_000)
	t.Logf("allocations: %v for 2,000 lines, %v for 20,000", small, big)
	assert.Less(t, big, small+50, "allocations grow with the number of lines")
}
