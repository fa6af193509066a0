package importer

import (
	"strings"
	"testing"
)

// BenchmarkValidateLines measures the front door on a generated file of
// 20,000 lines (see manyLines): reading, checking, the conflict check, the
// report. It reports lines per second and allocations per line; an accepted
// line allocates nothing, a rejected one its errors.
func BenchmarkValidateLines(b *testing.B) {
	const lines = 20_000
	text := manyLines(lines, 7)
	for _, bench := range []struct {
		name    string
		workers int
	}{
		{"one goroutine", 1},
		{"workers", 0},
	} {
		b.Run(bench.name, func(b *testing.B) {
			v := NewValidator(nil)
			v.Workers = bench.workers
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := v.Validate(okName, strings.NewReader(text), nil)
				if err != nil || rep.Lines < lines {
					b.Fatalf("%v, %d lines", err, rep.Lines)
				}
			}
			b.ReportMetric(float64(b.N*lines)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
