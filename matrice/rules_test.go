package matrice_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestLuhn: SIRET passes the Luhn checksum; SIRETs starting 356000000 (La
// Poste) instead need a digit sum divisible by 5 (spec §1).
func TestLuhn(t *testing.T) {
	tests := []struct {
		name  string
		siret string
		ok    bool
	}{
		{"valid", "73282932000074", true},          // Luhn sum 50
		{"valid, another", "44306184100047", true}, // Luhn sum 40
		{"last digit changed", "73282932000075", false},
		{"two digits swapped", "73282932000047", false},
		{"spec example", "12345678901234", false},
		{"all zeros", "00000000000000", true},
		{"La Poste, sum 45, Luhn fails", "35600000049837", true},
		{"La Poste, sum 20, Luhn fails", "35600000000060", true},
		{"La Poste, sum 19, Luhn holds", "35600000000014", false},
		{"La Poste, sum 26, Luhn holds", "35600000000048", false},
		{"La Poste, sum 19, Luhn fails", "35600000000005", false},
		{"almost La Poste, sum 45, Luhn fails", "35600000149827", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkDefault(t, with(validLine(), "SIRET", tt.siret))
			if tt.ok {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("SIRET", tt.siret, "rule 'luhn'")}, got)
		})
	}
	t.Run("luhn on a TXT field of any length", func(t *testing.T) {
		m := newMatrice(t, matrice.Field{Name: "Carte", Group: matrice.GroupFinancement, Type: matrice.TXT, Rules: []matrice.Rule{{Name: "luhn"}}})
		assert.Empty(t, check(t, m, matrice.RowOptions{}, map[string]string{"Carte": "4539578763621486"}))
		assert.Equal(t, []string{msg("Carte", "4539578763621487", "rule 'luhn'")},
			check(t, m, matrice.RowOptions{}, map[string]string{"Carte": "4539578763621487"}))
		assert.Equal(t, []string{msg("Carte", "4539 5787", "rule 'luhn'")},
			check(t, m, matrice.RowOptions{}, map[string]string{"Carte": "4539 5787"}), "not digits")
	})
}

// TestDateOrder: DateFinPhase ≥ DateDebutPhase.
func TestDateOrder(t *testing.T) {
	closed := with(validLine(), "MotifFinPhase", "ABOUTI", "DateDebutPhase", "15/01/2026")
	tests := []struct {
		name string
		fin  string
		ok   bool
	}{
		{"same day", "15/01/2026", true},
		{"the day after", "16/01/2026", true},
		{"the day before", "14/01/2026", false},
		{"a year before, later day of month", "20/02/2025", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkDefault(t, with(closed, "DateFinPhase", tt.fin))
			if tt.ok {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("DateFinPhase", tt.fin, "rule 'date_order'")}, got)
		})
	}
	t.Run("compares dates, not text", func(t *testing.T) {
		got := check(t, matrice.Default(), matrice.RowOptions{}, with(closed, "DateDebutPhase", "31/12/2025", "DateFinPhase", "01/01/2026"))
		assert.Empty(t, got)
	})
	t.Run("skipped when DateDebutPhase is empty", func(t *testing.T) {
		m := newMatrice(t,
			matrice.Field{Name: "Debut", Group: matrice.GroupDossier, Type: matrice.DATE},
			matrice.Field{Name: "Fin", Group: matrice.GroupDossier, Type: matrice.DATE, Rules: []matrice.Rule{{Name: "date_order", Args: []string{"Debut"}}}},
		)
		assert.Empty(t, check(t, m, matrice.RowOptions{}, map[string]string{"Fin": "01/01/2020"}))
		assert.Equal(t, []string{msg("Fin", "01/01/2020", "rule 'date_order'")},
			check(t, m, matrice.RowOptions{}, map[string]string{"Debut": "02/01/2020", "Fin": "01/01/2020"}))
	})
}

// TestMinAge: the 16th birthday is on or before DateDebutPhase; 29 February
// counts as 1 March (spec §1).
func TestMinAge(t *testing.T) {
	tests := []struct {
		name      string
		naissance string
		debut     string
		ok        bool
	}{
		{"16th birthday on DateDebutPhase", "15/01/2010", "15/01/2026", true},
		{"16th birthday the day after", "16/01/2010", "15/01/2026", false},
		{"16th birthday the day before", "14/01/2010", "15/01/2026", true},
		{"15 years old", "15/01/2011", "15/01/2026", false},
		{"adult", "12/03/1990", "15/01/2026", true},
		{"born 29/02/2008, on 01/03/2024", "29/02/2008", "01/03/2024", true},
		{"born 29/02/2008, on 29/02/2024", "29/02/2008", "29/02/2024", false},
		{"born 29/02/2008, on 28/02/2024", "29/02/2008", "28/02/2024", false},
		{"born 29/02/2004, on 01/03/2020", "29/02/2004", "01/03/2020", true},
		{"born 29/02/2004, on 29/02/2020", "29/02/2004", "29/02/2020", false},
		{"born 29/02/2000, on 01/03/2016", "29/02/2000", "01/03/2016", true},
		{"born 28/02/2008, on 28/02/2024", "28/02/2008", "28/02/2024", true},
		{"born 01/03/2008, on 29/02/2024", "01/03/2008", "29/02/2024", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := with(validLine(), "DateNaissance", tt.naissance, "DateDebutPhase", tt.debut, "DateAccueil", tt.debut)
			got := checkDefault(t, line)
			if tt.ok {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("DateNaissance", tt.naissance, "rule 'min_age'")}, got)
		})
	}
	t.Run("other ages", func(t *testing.T) {
		m := newMatrice(t,
			matrice.Field{Name: "Debut", Group: matrice.GroupDossier, Type: matrice.DATE},
			matrice.Field{Name: "Naissance", Group: matrice.GroupDossier, Type: matrice.DATE, Rules: []matrice.Rule{{Name: "min_age", Args: []string{"18", "Debut"}}}},
		)
		tests := []struct {
			naissance, debut string
			ok               bool
		}{
			{"29/02/2008", "01/03/2026", true}, // 2026 is not a leap year: 1 March either way
			{"29/02/2008", "28/02/2026", false},
			{"01/03/2008", "01/03/2026", true},
			{"02/03/2008", "01/03/2026", false},
		}
		for _, tt := range tests {
			got := check(t, m, matrice.RowOptions{}, map[string]string{"Naissance": tt.naissance, "Debut": tt.debut})
			if tt.ok {
				assert.Empty(t, got, "%s on %s", tt.naissance, tt.debut)
			} else {
				assert.Equal(t, []string{msg("Naissance", tt.naissance, "rule 'min_age'")}, got, "%s on %s", tt.naissance, tt.debut)
			}
		}
	})
}

// TestAddYears: the anniversary of 29 February in a non-leap year is 1 March.
func TestAddYears(t *testing.T) {
	tests := []struct {
		name string
		d    matrice.Date
		n    int
		want matrice.Date
	}{
		{"plain", matrice.NewDate(2010, 1, 15), 16, matrice.NewDate(2026, 1, 15)},
		{"29/02 to a non-leap year", matrice.NewDate(2008, 2, 29), 17, matrice.NewDate(2025, 3, 1)},
		{"29/02 to 1900", matrice.NewDate(1896, 2, 29), 4, matrice.NewDate(1900, 3, 1)},
		{"28/02 stays", matrice.NewDate(2007, 2, 28), 1, matrice.NewDate(2008, 2, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.d.AddYears(tt.n)
			assert.Equal(t, tt.want, got, "got %s, want %s", got, tt.want)
		})
	}
}

// TestSubversionPhase: a number with a VERSION only on Phase = 2.
func TestSubversionPhase(t *testing.T) {
	tests := []struct {
		name   string
		number string
		phase  string
		ok     bool
	}{
		{"version on phase 2", "001-ADIE100876-AHG-4U", "2", true},
		{"version on phase 1", "001-ADIE100876-AHG-4U", "1", false},
		{"version on phase 3", "002-ADIE100876-AHG-4U", "3", false},
		{"no version on phase 1", "ADIE100876-AHG-4U", "1", true},
		{"no version on phase 3", "ADIE100876-AHG-4U", "3", true},
		{"dash after four digits is no version", "0001-ADIE1", "1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkDefault(t, with(validLine(), "NumeroDossier", tt.number, "Phase", tt.phase))
			if tt.ok {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("NumeroDossier", tt.number, "rule 'subversion_phase'")}, got)
		})
	}
}

// upperRule is a custom rule: the field's value is in upper case.
func upperRule(calls *int) matrice.RuleFunc {
	return func(d matrice.RuleDecl) (matrice.RuleCheck, error) {
		if err := d.NeedArgs(0, "upper"); err != nil {
			return matrice.RuleCheck{}, err
		}
		if err := d.NeedType(matrice.TXT); err != nil {
			return matrice.RuleCheck{}, err
		}
		i := d.Field
		return matrice.RuleCheck{Holds: func(r *matrice.Row) bool {
			*calls++
			for _, c := range r.Value(i) {
				if 'a' <= c && c <= 'z' {
					return false
				}
			}
			return true
		}}, nil
	}
}

// sameLengthRule is a custom rule reading another field: both values have
// the same number of bytes.
func sameLengthRule(calls *int) matrice.RuleFunc {
	return func(d matrice.RuleDecl) (matrice.RuleCheck, error) {
		if err := d.NeedArgs(1, "same_length(Other)"); err != nil {
			return matrice.RuleCheck{}, err
		}
		other, err := d.Lookup(d.Args[0])
		if err != nil {
			return matrice.RuleCheck{}, err
		}
		i := d.Field
		return matrice.RuleCheck{Reads: []int{other}, Holds: func(r *matrice.Row) bool {
			*calls++
			return len(r.Value(i)) == len(r.Value(other))
		}}, nil
	}
}

// TestCustomRule: E#L adds a rule with RuleSet.Add and declares it in a
// Regles column or in Field.Rules.
func TestCustomRule(t *testing.T) {
	var calls int
	rules := matrice.StandardRules()
	rules.Add("upper", upperRule(&calls))
	rules.Add("same_length", sameLengthRule(&calls))
	assert.Equal(t, []string{"date_order", "luhn", "min_age", "same_length", "subversion_phase", "upper"}, rules.Names())
	loader := matrice.Loader{Rules: rules}

	src := regles(
		"Nom;DOSSIER;TXT;1;100;;;;;OUI;NON;NON;NON;NON;Nom;upper",
		"Code;DOSSIER;NUM;;;;;;;NON;NON;NON;NON;NON;Code;",
		"Cle;DOSSIER;NUM;;;;;;;NON;NON;NON;NON;NON;Clé;same_length(Code)|luhn",
	)
	fromCSV, err := loader.LoadCSV("m.csv", strings.NewReader(src))
	require.NoError(t, err)

	fromGo, err := loader.New([]matrice.Field{
		{Name: "Nom", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 1, MaxLength: 100, Import: matrice.Required, Rules: []matrice.Rule{{Name: "upper"}}},
		{Name: "Code", Group: matrice.GroupDossier, Type: matrice.NUM},
		{Name: "Cle", Group: matrice.GroupDossier, Type: matrice.NUM, Rules: []matrice.Rule{{Name: "same_length", Args: []string{"Code"}}, {Name: "luhn"}}},
	})
	require.NoError(t, err)

	for name, m := range map[string]*matrice.Matrice{"Regles column": fromCSV, "Field.Rules": fromGo} {
		t.Run(name, func(t *testing.T) {
			tests := []struct {
				name  string
				line  map[string]string
				want  []string
				calls int
			}{
				{"all hold", map[string]string{"Nom": "DUPONT", "Code": "12", "Cle": "18"}, nil, 2},
				{"upper fails", map[string]string{"Nom": "Dupont"}, []string{msg("Nom", "Dupont", "rule 'upper'")}, 1},
				{"same_length fails, luhn not reported", map[string]string{"Nom": "DUPONT", "Code": "1", "Cle": "18"},
					[]string{msg("Cle", "18", "rule 'same_length'")}, 2},
				{"luhn fails", map[string]string{"Nom": "DUPONT", "Code": "12", "Cle": "19"}, []string{msg("Cle", "19", "rule 'luhn'")}, 2},
				{"skipped: read field empty", map[string]string{"Nom": "DUPONT", "Cle": "18"}, nil, 1},
				{"skipped: read field failed", map[string]string{"Nom": "DUPONT", "Code": "1a", "Cle": "1"},
					[]string{msg("Code", "1a", "type is 'NUM'"), msg("Cle", "1", "rule 'luhn'")}, 1},
				{"skipped: own field failed", map[string]string{"Nom": "", "Code": "1", "Cle": "x"},
					[]string{msg("Nom", "", "has a value"), msg("Cle", "x", "type is 'NUM'")}, 0},
				{"own field too long: length, not upper", map[string]string{"Nom": strings.Repeat("a", 101)},
					[]string{msg("Nom", strings.Repeat("a", 101), "length is between 1 and 100")}, 0},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					calls = 0
					assert.Equal(t, tt.want, check(t, m, matrice.RowOptions{}, tt.line))
					assert.Equal(t, tt.calls, calls, "got %d rule calls, want %d", calls, tt.calls)
				})
			}
		})
	}

	t.Run("unknown without the RuleSet", func(t *testing.T) {
		_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
		errs := loadErrors(t, err)
		var lines []int
		for _, e := range errs {
			lines = append(lines, e.Line)
			assert.Equal(t, "Regles", e.Column)
		}
		assert.Equal(t, []int{2, 4}, lines)
	})
	t.Run("the RuleFunc's error is reported", func(t *testing.T) {
		_, err := loader.LoadCSV("m.csv", strings.NewReader(regles("Code;DOSSIER;NUM;;;;;;;NON;NON;NON;NON;NON;Code;upper")))
		errs := loadErrors(t, err)
		require.Len(t, errs, 1)
		assert.Equal(t, 2, errs[0].Line)
		assert.Contains(t, errs[0].Msg, "TXT")
	})
	t.Run("a RuleSet can replace a standard rule", func(t *testing.T) {
		rs := matrice.StandardRules()
		rs.Add("luhn", func(matrice.RuleDecl) (matrice.RuleCheck, error) {
			return matrice.RuleCheck{}, errors.New("luhn is disabled")
		})
		_, err := matrice.Loader{Rules: rs}.New([]matrice.Field{{Name: "S", Group: matrice.GroupDossier, Type: matrice.NUM, Rules: []matrice.Rule{{Name: "luhn"}}}})
		errs := loadErrors(t, err)
		require.Len(t, errs, 1)
		assert.Contains(t, errs[0].Msg, "luhn is disabled")
		assert.Equal(t, 0, errs[0].Field)
	})
	t.Run("an empty RuleSet knows no rule", func(t *testing.T) {
		_, err := matrice.Loader{Rules: matrice.NewRuleSet()}.New([]matrice.Field{{Name: "S", Group: matrice.GroupDossier, Type: matrice.NUM, Rules: []matrice.Rule{{Name: "luhn"}}}})
		assert.NotEmpty(t, loadErrors(t, err))
	})
}

// TestParseRules checks the Regles cell syntax.
func TestParseRules(t *testing.T) {
	tests := []struct {
		name string
		cell string
		want []matrice.Rule
		err  bool
	}{
		{"empty", "", nil, false},
		{"spaces", "  ", nil, false},
		{"one", "luhn", []matrice.Rule{{Name: "luhn"}}, false},
		{"arguments", "min_age(16, DateDebutPhase)", []matrice.Rule{{Name: "min_age", Args: []string{"16", "DateDebutPhase"}}}, false},
		{"several", "luhn | date_order( A )", []matrice.Rule{{Name: "luhn"}, {Name: "date_order", Args: []string{"A"}}}, false},
		{"empty parentheses", "luhn()", nil, true},
		{"unclosed", "luhn(", nil, true},
		{"nested", "a(b(c))", nil, true},
		{"trailing |", "luhn|", nil, true},
		{"bad name", "lu-hn", nil, true},
		{"text after )", "luhn(a)b", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := matrice.ParseRules(tt.cell)
			if tt.err {
				assert.Error(t, err, "got %v", got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			var parts []string
			for _, r := range got {
				parts = append(parts, r.String())
			}
			again, err := matrice.ParseRules(strings.Join(parts, "|"))
			require.NoError(t, err)
			assert.Equal(t, got, again, "String round trip")
		})
	}
}
