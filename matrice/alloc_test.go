package matrice_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// rawValues prepares line's values as bytes, indexed like m's fields.
func rawValues(tb testing.TB, m *matrice.Matrice, line map[string]string) [][]byte {
	tb.Helper()
	vals := make([][]byte, m.Len())
	for name, v := range line {
		i, ok := m.Lookup(name)
		require.True(tb, ok, "field %s", name)
		vals[i] = []byte(v)
	}
	return vals
}

// allocsPerLine measures Reset + Set of every field + Check on one line, after
// making sure the line is valid.
func allocsPerLine(tb testing.TB, m *matrice.Matrice, o matrice.RowOptions, line map[string]string) float64 {
	tb.Helper()
	vals := rawValues(tb, m, line)
	r := m.NewRow(o)
	run := func() []matrice.Failure {
		r.Reset()
		for i, v := range vals {
			r.Set(i, v)
		}
		return r.Check()
	}
	fails := run()
	var msgs []string
	for _, f := range fails {
		msgs = append(msgs, r.Message(f))
	}
	require.Empty(tb, msgs, "the line must be valid")
	return testing.AllocsPerRun(100, func() { run() })
}

// closedPhase3 is validLine closing phase 3 with a sub-version-free number.
func closedPhase3() map[string]string {
	return with(validLine(), "Phase", "3", "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI")
}

// TestCheckDoesNotAllocate: checking a valid line allocates nothing (doc.go:
// "The check path allocates nothing while values are valid").
func TestCheckDoesNotAllocate(t *testing.T) {
	m := matrice.Default()
	tests := []struct {
		name string
		opts matrice.RowOptions
		line map[string]string
	}{
		{"every field, open phase", matrice.RowOptions{FileDate: fileDate}, validLine()},
		{"every field, closing phase 3", matrice.RowOptions{FileDate: fileDate}, closedPhase3()},
		{"sub-version on phase 2, closing", matrice.RowOptions{FileDate: fileDate},
			with(validLine(), "NumeroDossier", "001-ADIE100876-AHG-4U", "Phase", "2", "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI")},
		{"no file date", matrice.RowOptions{}, validLine()},
		{"values to trim", matrice.RowOptions{FileDate: fileDate},
			with(validLine(), "Nom", "  Dupont  ", "CodePostal", "\u00a075002\u00a0", "ChiffreAffaires", " 0.5 ", "Telephone", "+33 6 12.34.56.78")},
		{"reversed column order", matrice.RowOptions{FileDate: fileDate, Order: reversed(m.Len())}, closedPhase3()},
		{"import obligations only", matrice.RowOptions{FileDate: fileDate}, minimalLine()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := allocsPerLine(t, m, tt.opts, tt.line)
			assert.Zero(t, got, "got %v allocations per line, want 0", got)
		})
	}
}

// TestCheckDoesNotAllocateWithCorrespondences: the same with a partner's
// correspondence table in force, partner values on the line.
func TestCheckDoesNotAllocateWithCorrespondences(t *testing.T) {
	m := matrice.Default()
	opts := matrice.RowOptions{FileDate: fileDate, Correspondences: loadAdie(t)}
	tests := []struct {
		name string
		line map[string]string
	}{
		{"partner values", with(validLine(), "Civilite", "Madame", "QPV", "Oui", "CreationEntreprise", "1", "SituationEntree", " Demandeur d'emploi; inscrit ")},
		{"matrice values", validLine()},
		{"mapped phase closing", with(closedPhase3(), "Phase", "P2", "CreationEntreprise", "1", "NumeroDossier", "001-ADIE100876-AHG-4U")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := allocsPerLine(t, m, opts, tt.line)
			assert.Zero(t, got, "got %v allocations per line, want 0", got)
		})
	}
}

func reversed(n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = n - 1 - i
	}
	return order
}
