package matrice_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// cellsPerRow is how many fields of one type the per-type matrices hold, so
// that a row's own cost (reset, closing, sorting failures) is shared.
const cellsPerRow = 16

// typeSample is a field of one type as the default matrice declares such
// fields, a valid value, and invalid values each failing one check.
type typeSample struct {
	field   matrice.Field
	valid   string
	invalid map[matrice.Check]string
}

// typeSamples returns a sample of every type of matrice.Types; a type added
// to the matrice without a sample here fails the tests and benchmarks.
func typeSamples(tb testing.TB) map[matrice.Type]typeSample {
	tb.Helper()
	s := map[matrice.Type]typeSample{
		matrice.TXT: {matrice.Field{Type: matrice.TXT, MinLength: 1, MaxLength: 100}, "Épicerie fine « bio »",
			map[matrice.Check]string{matrice.CheckLength: strings.Repeat("x", 101), matrice.CheckType: "Épicerie\x00fine"}},
		matrice.NUM: {matrice.Field{Type: matrice.NUM, MinLength: 1, MaxLength: 3, Min: "0", Max: "600"}, "120",
			map[matrice.Check]string{matrice.CheckType: "1h", matrice.CheckLength: "1200", matrice.CheckRange: "900"}},
		matrice.DEC: {matrice.Field{Type: matrice.DEC, Min: "0", Max: "100000000"}, "12500,50",
			map[matrice.Check]string{matrice.CheckType: "12 500", matrice.CheckRange: "-3,5"}},
		matrice.DATE: {matrice.Field{Type: matrice.DATE, Min: "01/01/2015"}, "15/03/2026",
			map[matrice.Check]string{matrice.CheckType: "31/04/2026", matrice.CheckRange: "20/11/2026"}},
		matrice.BOOL: {matrice.Field{Type: matrice.BOOL}, "OUI",
			map[matrice.Check]string{matrice.CheckType: "Oui"}},
		matrice.ENUM: {matrice.Field{Type: matrice.ENUM, Values: []string{"FRANCE_TRAVAIL", "MISSION_LOCALE", "CITESLAB", "PARTENAIRE", "BOUCHE_A_OREILLE", "RESEAUX_SOCIAUX", "AUTRE"}}, "BOUCHE_A_OREILLE",
			map[matrice.Check]string{matrice.CheckEnum: "POLE_EMPLOI"}},
		matrice.EMAIL: {matrice.Field{Type: matrice.EMAIL, MinLength: 3, MaxLength: 254}, "amelie.dupont@orange.fr",
			map[matrice.Check]string{matrice.CheckType: "amelie.dupont.orange.fr"}},
		matrice.TEL: {matrice.Field{Type: matrice.TEL}, "06 12 34 56 78",
			map[matrice.Check]string{matrice.CheckType: "06 12 34 56"}},
		matrice.DOSSIER: {matrice.Field{Type: matrice.DOSSIER, MinLength: 6, MaxLength: 64}, "001-DEMO100042-ABC-4",
			map[matrice.Check]string{matrice.CheckType: "demo100042-abc-4"}},
	}
	for _, typ := range matrice.Types {
		require.Contains(tb, s, typ, "no sample of type %s: add one", typ)
	}
	return s
}

// longAccentedSample is a TXT field holding a long accented value, such
// as a project's title: its length in characters is counted.
func longAccentedSample() typeSample {
	return typeSample{matrice.Field{Type: matrice.TXT, MinLength: 1, MaxLength: 250}, "Boulangerie-pâtisserie « Au Fournil de Léa »",
		map[matrice.Check]string{matrice.CheckLength: "Épicerie fine « bio » — " + strings.Repeat("é", 230)}}
}

// patternSample is a TXT field with a Motif (the regular expression is the
// costliest own check): CodeNAF's.
func patternSample() typeSample {
	return typeSample{matrice.Field{Type: matrice.TXT, MinLength: 5, MaxLength: 6, Pattern: `^[0-9]{2}\.?[0-9]{2}[A-Z]$`}, "47.91B",
		map[matrice.Check]string{matrice.CheckPattern: "47.91b"}}
}

// sameType compiles a matrice of cellsPerRow fields like s.field, the first
// of type DOSSIER when s is (a matrice has one dossier number), the others
// then TXT.
func sameType(tb testing.TB, s typeSample, obligation matrice.Obligation) *matrice.Matrice {
	tb.Helper()
	fields := make([]matrice.Field, cellsPerRow)
	for i := range fields {
		f := s.field
		f.Values = append([]string(nil), s.field.Values...)
		f.Name = fmt.Sprintf("F%02d", i+1)
		f.Group = matrice.GroupDossier
		f.Import = obligation
		if s.field.Type == matrice.DOSSIER && i > 0 {
			f.Type = matrice.TXT
		}
		fields[i] = f
	}
	return newMatrice(tb, fields...)
}

// requiredIf compiles a matrice of a TXT field F00 and cellsPerRow-1 TXT
// fields required when F00 has a value.
func requiredIf(tb testing.TB) *matrice.Matrice {
	tb.Helper()
	fields := []matrice.Field{{Name: "F00", Group: matrice.GroupDossier, Type: matrice.TXT}}
	for i := 1; i < cellsPerRow; i++ {
		fields = append(fields, matrice.Field{Name: fmt.Sprintf("F%02d", i), Group: matrice.GroupDossier, Type: matrice.TXT, Import: matrice.RequiredIf("F00")})
	}
	return newMatrice(tb, fields...)
}

// cellRow sets value in every field of a row of m.
func cellRow(m *matrice.Matrice, value string) (*matrice.Row, func() []matrice.Failure) {
	r := m.NewRow(matrice.RowOptions{FileDate: fileDate})
	raw := []byte(value)
	return r, func() []matrice.Failure {
		r.Reset()
		for i := range m.Len() {
			r.Set(i, raw)
		}
		return r.Check()
	}
}

// TestCheckCellDoesNotAllocate: checking valid cells of each type
// allocates nothing, per cell.
func TestCheckCellDoesNotAllocate(t *testing.T) {
	samples := typeSamples(t)
	samples["TXT+Motif"] = patternSample()
	samples["TXT long accented"] = longAccentedSample()
	for typ, s := range samples {
		t.Run(string(typ), func(t *testing.T) {
			_, check := cellRow(sameType(t, s, matrice.Required), s.valid)
			require.Empty(t, check(), "the value %q must be valid", s.valid)
			perCell := testing.AllocsPerRun(200, func() { check() }) / cellsPerRow
			assert.Zero(t, perCell, "got %v allocations per %s cell, want 0", perCell, typ)
		})
	}
}

// TestCheckFailuresDoNotAllocate: finding errors allocates nothing either
// (messages are built only when asked for, by Row.Message): each kind of
// own check failing on every cell, then the rules.
func TestCheckFailuresDoNotAllocate(t *testing.T) {
	type failing struct {
		name  string
		m     *matrice.Matrice
		value string
		want  matrice.Check
	}
	var tests []failing
	samples := typeSamples(t)
	samples["TXT+Motif"] = patternSample()
	samples["TXT long accented"] = longAccentedSample()
	for typ, s := range samples {
		for check, v := range s.invalid {
			tests = append(tests, failing{fmt.Sprintf("%s %s", typ, check), sameType(t, s, matrice.Optional), v, check})
		}
	}
	tests = append(tests,
		failing{"required", sameType(t, samples[matrice.TXT], matrice.Required), "", matrice.CheckRequired},
		failing{"required_if", requiredIf(t), "", matrice.CheckRequiredIf},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, check := cellRow(tt.m, tt.value)
			if tt.want == matrice.CheckRequiredIf {
				x := []byte("x")
				check = func() []matrice.Failure {
					r.Reset()
					r.Set(0, x) // the condition of the others, left empty
					return r.Check()
				}
			}
			fails := check()
			require.NotEmpty(t, fails, "%q must fail", tt.value)
			assert.Equal(t, tt.want, fails[len(fails)-1].Check)
			perCell := testing.AllocsPerRun(200, func() { check() }) / cellsPerRow
			assert.Zero(t, perCell, "got %v allocations per failing cell, want 0", perCell)
		})
	}

	t.Run("default matrice, one error of each check and rule", func(t *testing.T) {
		r := matrice.Default().NewRow(matrice.RowOptions{FileDate: fileDate})
		vals := rawValues(t, matrice.Default(), faultyLine())
		check := func() []matrice.Failure {
			r.Reset()
			for i, v := range vals {
				r.Set(i, v)
			}
			return r.Check()
		}
		seen := map[string]bool{}
		for _, f := range check() {
			seen[string(f.Check)+f.Rule] = true
		}
		for _, want := range []string{"type", "required", "required_if", "required_close", "length", "range", "pattern", "enum", "ruleluhn", "ruledate_order", "rulemin_age", "rulesubversion_phase"} {
			require.True(t, seen[want], "the line fails %s", want)
		}
		got := testing.AllocsPerRun(200, func() { check() })
		assert.Zero(t, got, "got %v allocations per line, want 0", got)
	})
}

// faultyLine is a line of the default matrice failing each own check once
// and each standard rule once.
func faultyLine() map[string]string {
	return with(validLine(),
		"NumeroDossier", "001-ADIE100876-AHG-4U", // subversion_phase: a sub-version on phase 3
		"Phase", "3",
		"DateFinPhase", "01/01/2026", // date_order: before DateDebutPhase
		"MotifFinPhase", "", // required_if
		"EntrepriseActive", "", // required_close (phase 3)
		"DateNaissance", "01/06/2010", // min_age
		"SIRET", "73282932000075", // luhn
		"CodePostal", "7502", // length
		"DateMaj", "20/11/2026", // range (after the file's date)
		"CodeNAF", "47.91b", // pattern
		"Civilite", "Mme", // enum
		"Telephone", "06 12", // type
		"Nom", "", // required
	)
}
