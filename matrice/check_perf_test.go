package matrice_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// cellCase is one cell of one field type, valid or not: a one-field matrice
// checks it, so that a benchmark or an allocation count sees one cell.
type cellCase struct {
	name  string
	field matrice.Field
	value string
	check matrice.Check // "" for a valid cell
}

// cellCases covers every type, each valid and failing each of its checks.
func cellCases() []cellCase {
	txt := matrice.Field{Name: "Nom", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 1, MaxLength: 100}
	pattern := matrice.Field{Name: "CodeNAF", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 5, MaxLength: 6, Pattern: `[0-9]{2}\.?[0-9]{2}[A-Z]`}
	num := matrice.Field{Name: "EmploisCrees", Group: matrice.GroupDossier, Type: matrice.NUM, MinLength: 1, MaxLength: 3, Min: "0", Max: "999"}
	dec := matrice.Field{Name: "ChiffreAffaires", Group: matrice.GroupDossier, Type: matrice.DEC, Min: "0", Max: "100000000"}
	date := matrice.Field{Name: "DateMaj", Group: matrice.GroupDossier, Type: matrice.DATE, Min: "01/01/2015"}
	boolean := matrice.Field{Name: "QPV", Group: matrice.GroupDossier, Type: matrice.BOOL}
	enum := matrice.Field{Name: "Civilite", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"M", "MME"}}
	bigEnum := matrice.Field{Name: "SecteurActivite", Group: matrice.GroupDossier, Type: matrice.ENUM,
		Values: []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U"}}
	email := matrice.Field{Name: "Email", Group: matrice.GroupDossier, Type: matrice.EMAIL, MinLength: 3, MaxLength: 254}
	tel := matrice.Field{Name: "Telephone", Group: matrice.GroupDossier, Type: matrice.TEL}
	number := matrice.Field{Name: "NumeroDossier", Group: matrice.GroupDossier, Type: matrice.DOSSIER, MinLength: 6, MaxLength: 64}
	required := matrice.Field{Name: "Nom", Group: matrice.GroupDossier, Type: matrice.TXT, Import: matrice.Required}
	return []cellCase{
		{"TXT", txt, "Lefèvre", ""},
		{"TXT/accents", txt, "Épicerie « fine » à Saint-Denis", ""},
		{"TXT/length", txt, string(make([]byte, 101)), matrice.CheckLength},
		{"TXT/pattern", pattern, "47.91B", ""},
		{"TXT/pattern failing", pattern, "47.9AB", matrice.CheckPattern},
		{"NUM", num, "12", ""},
		{"NUM/type", num, "12a", matrice.CheckType},
		{"NUM/length", num, "1200", matrice.CheckLength},
		{"DEC", dec, "12500,50", ""},
		{"DEC/range", dec, "-1", matrice.CheckRange},
		{"DATE", date, "10/11/2026", ""},
		{"DATE/type", date, "31/02/2026", matrice.CheckType},
		{"DATE/range", date, "20/11/2026", matrice.CheckRange},
		{"BOOL", boolean, "OUI", ""},
		{"BOOL/type", boolean, "Oui", matrice.CheckType},
		{"ENUM", enum, "MME", ""},
		{"ENUM/enum", enum, "Mr", matrice.CheckEnum},
		{"ENUM/21 values", bigEnum, "S", ""},
		{"EMAIL", email, "amelie.dupont@example.fr", ""},
		{"EMAIL/type", email, "amelie dupont@example.fr", matrice.CheckType},
		{"TEL", tel, "06 12 34 56 78", ""},
		{"TEL/type", tel, "06 12 34 56", matrice.CheckType},
		{"DOSSIER", number, "001-ADIE100876-AHG-4U", ""},
		{"DOSSIER/type", number, "ADIE", matrice.CheckType},
		{"empty", txt, "", ""},
		{"empty/required", required, "  ", matrice.CheckRequired},
	}
}

// cellRow returns a row of tc's one-field matrice and the raw cell.
func cellRow(tb testing.TB, tc cellCase) (*matrice.Row, []byte) {
	tb.Helper()
	m := newMatrice(tb, tc.field)
	return m.NewRow(matrice.RowOptions{FileDate: fileDate}), []byte(tc.value)
}

// checkCell runs the check path on one cell: Reset, Set, Check.
func checkCell(r *matrice.Row, raw []byte) []matrice.Failure {
	r.Reset()
	r.Set(0, raw)
	return r.Check()
}

// TestCheckCellDoesNotAllocate: the compiled check path allocates nothing
// per cell, valid or not; only rendering a failure's message allocates.
func TestCheckCellDoesNotAllocate(t *testing.T) {
	for _, tc := range cellCases() {
		t.Run(tc.name, func(t *testing.T) {
			r, raw := cellRow(t, tc)
			fails := checkCell(r, raw)
			if tc.check == "" {
				require.Empty(t, fails, "the cell must be valid")
			} else {
				require.Len(t, fails, 1)
				require.Equal(t, tc.check, fails[0].Check)
			}
			got := testing.AllocsPerRun(100, func() { checkCell(r, raw) })
			assert.Zero(t, got, "got %v allocations per cell, want 0", got)
		})
	}
}

// BenchmarkCheckCell measures the check path on one cell of each type.
func BenchmarkCheckCell(b *testing.B) {
	for _, tc := range cellCases() {
		b.Run(tc.name, func(b *testing.B) {
			r, raw := cellRow(b, tc)
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				checkCell(r, raw)
			}
		})
	}
}

// BenchmarkCheckLine measures Reset, Set and Check of a whole line of the
// default matrice (52 cells), valid or with one error, reporting ns per cell.
func BenchmarkCheckLine(b *testing.B) {
	m := matrice.Default()
	lines := []struct {
		name string
		line map[string]string
	}{
		{"valid", validLine()},
		{"closing phase 3", closedPhase3()},
		{"import obligations only", minimalLine()},
		{"one error", with(validLine(), "Civilite", "Mr")},
	}
	for _, tt := range lines {
		b.Run(tt.name, func(b *testing.B) {
			vals := rawValues(b, m, tt.line)
			r := m.NewRow(matrice.RowOptions{FileDate: fileDate})
			b.ReportAllocs()
			for b.Loop() {
				r.Reset()
				for i, v := range vals {
					r.Set(i, v)
				}
				r.Check()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(vals)), "ns/cell")
		})
	}
}
