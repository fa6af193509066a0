package matrice_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// generatedRows returns the lines of a generated file of n lines, as raw
// cells indexed like the default matrice's fields (a line with a missing
// cell lacks its last value; a cell beyond the header is dropped).
func generatedRows(tb testing.TB, n int, faults float64) [][][]byte {
	tb.Helper()
	g := gen.New()
	g.Lines, g.Faults = n, faults
	var b bytes.Buffer
	_, err := g.Write(&b)
	require.NoError(tb, err)
	r := csv.NewReader(&b)
	r.Comma, r.FieldsPerRecord = ';', -1
	header, err := r.Read()
	require.NoError(tb, err)
	m := matrice.Default()
	index := make([]int, len(header))
	for j, name := range header {
		i, ok := m.Lookup(name)
		require.True(tb, ok, name)
		index[j] = i
	}
	var rows [][][]byte
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(tb, err)
		row := make([][]byte, m.Len())
		for j, cell := range rec[:min(len(rec), len(header))] {
			row[index[j]] = []byte(cell)
		}
		rows = append(rows, row)
	}
	return rows
}

// benchRows checks rows one per iteration, round and round, and reports
// lines and cells per second.
func benchRows(b *testing.B, m *matrice.Matrice, o matrice.RowOptions, rows [][][]byte, messages bool) {
	r := m.NewRow(o)
	b.ReportAllocs()
	k, fails := 0, 0
	for b.Loop() {
		vals := rows[k]
		if k++; k == len(rows) {
			k = 0
		}
		r.Reset()
		for i, v := range vals {
			r.Set(i, v)
		}
		for _, f := range r.Check() {
			fails++
			if messages {
				_ = r.Message(f)
			}
		}
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/s, "lines/s")
	b.ReportMetric(float64(b.N*m.Len())/s, "cells/s")
	b.ReportMetric(float64(fails)/float64(b.N), "errors/line")
}

// BenchmarkCheckLine measures the compiled checks of the default matrice
// on one line (52 cells): the field checks, then the rules — no reading,
// no conflict check.
func BenchmarkCheckLine(b *testing.B) {
	m := matrice.Default()
	opts := matrice.RowOptions{FileDate: fileDate}
	fixed := func(line map[string]string) [][][]byte { return [][][]byte{rawValues(b, m, line)} }
	b.Run("generated/valid", func(b *testing.B) { benchRows(b, m, opts, generatedRows(b, 2000, 0), false) })
	b.Run("generated/3%-faults", func(b *testing.B) { benchRows(b, m, opts, generatedRows(b, 2000, 0.03), false) })
	b.Run("every-field-valid", func(b *testing.B) { benchRows(b, m, opts, fixed(validLine()), false) })
	b.Run("closing-phase-3", func(b *testing.B) { benchRows(b, m, opts, fixed(closedPhase3()), false) })
	b.Run("import-obligations-only", func(b *testing.B) { benchRows(b, m, opts, fixed(minimalLine()), false) })
	b.Run("correspondences", func(b *testing.B) {
		o := opts
		o.Correspondences = loadAdie(b)
		benchRows(b, m, o, fixed(with(validLine(), "Civilite", "Madame", "QPV", "Oui", "CreationEntreprise", "1")), false)
	})
	b.Run("12-errors", func(b *testing.B) { benchRows(b, m, opts, fixed(faultyLine()), false) })
	b.Run("12-errors+messages", func(b *testing.B) { benchRows(b, m, opts, fixed(faultyLine()), true) })
}

// BenchmarkCheckCell measures one cell of each type: a matrice of 16 fields
// of that type, all valid, checked per row; ns/cell is the time of one.
func BenchmarkCheckCell(b *testing.B) {
	samples := typeSamples(b)
	names := make([]string, 0, len(samples)+1)
	for _, t := range matrice.Types {
		names = append(names, string(t))
	}
	samples["TXT+Motif"] = patternSample()
	samples["TXT-long-accented"] = longAccentedSample()
	names = append(names, "TXT+Motif", "TXT-long-accented")
	for _, name := range names {
		s := samples[matrice.Type(name)]
		b.Run(name, func(b *testing.B) {
			m := sameType(b, s, matrice.Required)
			r, check := cellRow(m, s.valid)
			if fails := check(); len(fails) > 0 {
				b.Fatalf("%q: %s", s.valid, r.Message(fails[0]))
			}
			b.ReportAllocs()
			for b.Loop() {
				check()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cellsPerRow), "ns/cell")
		})
	}
}
