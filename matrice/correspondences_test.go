package matrice_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// loadAdie loads testdata/correspondences/adie.csv against the default matrice.
func loadAdie(tb testing.TB) *matrice.Correspondences {
	tb.Helper()
	c, err := matrice.LoadCorrespondencesFile(matrice.Default(), filepath.Join("testdata", "correspondences", "adie.csv"))
	require.NoError(tb, err)
	return c
}

func TestLoadCorrespondences(t *testing.T) {
	c := loadAdie(t)
	assert.Equal(t, 8, c.Len())
	assert.Equal(t, matrice.Correspondence{Field: "Civilite", Partner: "Monsieur", Matrice: "M"}, c.Entries()[0])
	assert.Equal(t, matrice.Correspondence{Field: "SituationEntree", Partner: "Demandeur d'emploi; inscrit", Matrice: "DEMANDEUR_EMPLOI"}, c.Entries()[7])

	t.Run("BOM, spaces, blank lines, columns in any order", func(t *testing.T) {
		src := "\xEF\xBB\xBFValeurMatrice; Champ ;ValeurPartenaire\n\n M ;Civilite; Monsieur \n;;\n"
		c, err := matrice.LoadCorrespondences(matrice.Default(), "c.csv", strings.NewReader(src))
		require.NoError(t, err)
		assert.Equal(t, []matrice.Correspondence{{Field: "Civilite", Partner: "Monsieur", Matrice: "M"}}, c.Entries())
	})
	t.Run("header only", func(t *testing.T) {
		c, err := matrice.LoadCorrespondences(matrice.Default(), "c.csv", strings.NewReader("Champ;ValeurPartenaire;ValeurMatrice\n"))
		require.NoError(t, err)
		assert.Equal(t, 0, c.Len())
	})
}

// TestLoadCorrespondencesErrors: each bad line is refused with its line.
func TestLoadCorrespondencesErrors(t *testing.T) {
	const header = "Champ;ValeurPartenaire;ValeurMatrice\n"
	const good = "Civilite;Monsieur;M\n"
	tests := []struct {
		name   string
		src    string
		line   int
		column string
		want   string
	}{
		{"unknown field", header + good + "Genre;Madame;MME\n", 3, "Champ", "Genre"},
		{"field name with another case", header + good + "civilite;Madame;MME\n", 3, "Champ", "civilite"},
		{"TXT field", header + good + "Nom;Dupond;Dupont\n", 3, "Champ", "Nom"},
		{"DATE field", header + good + "DateMaj;hier;01/01/2026\n", 3, "Champ", "DateMaj"},
		{"target outside Valeurs", header + good + "Civilite;Mister;MR\n", 3, "ValeurMatrice", "MR"},
		{"target with another case", header + good + "Civilite;Madame;Mme\n", 3, "ValeurMatrice", "Mme"},
		{"BOOL target not OUI/NON", header + good + "QPV;Yes;oui\n", 3, "ValeurMatrice", "oui"},
		{"BOOL target empty", header + good + "QPV;Yes;\n", 3, "ValeurMatrice", ""},
		{"duplicate partner value", header + good + "Civilite;Monsieur;MME\n", 3, "ValeurPartenaire", "Monsieur"},
		{"duplicate after trimming", header + good + "Civilite; Monsieur ;M\n", 3, "ValeurPartenaire", "Monsieur"},
		{"empty partner value", header + good + "Civilite;;M\n", 3, "ValeurPartenaire", ""},
		{"cell beyond the header", header + good + "Civilite;Madame;MME;extra\n", 3, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := matrice.LoadCorrespondences(matrice.Default(), "c.csv", strings.NewReader(tt.src))
			assert.Nil(t, c)
			errs := loadErrors(t, err)
			require.Len(t, errs, 1, "got %v", err)
			assert.Equal(t, tt.line, errs[0].Line)
			assert.Equal(t, tt.column, errs[0].Column)
			assert.Contains(t, errs[0].Msg, tt.want)
			assert.True(t, strings.HasPrefix(errs[0].Error(), "c.csv:3: "), "got %q", errs[0].Error())
		})
	}
}

// TestLoadCorrespondencesHeaderErrors: the table's own header.
func TestLoadCorrespondencesHeaderErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		want []string
	}{
		{"missing column", "Champ;ValeurPartenaire\nCivilite;Monsieur\n", 1, []string{"ValeurMatrice"}},
		{"two missing columns", "Champ\nCivilite\n", 1, []string{"ValeurPartenaire", "ValeurMatrice"}},
		{"unknown column", "Champ;ValeurPartenaire;ValeurMatrice;Commentaire\n", 1, []string{"Commentaire"}},
		{"duplicate column", "Champ;ValeurPartenaire;ValeurMatrice;Champ\n", 1, []string{"Champ"}},
		{"comma-separated", "Champ,ValeurPartenaire,ValeurMatrice\nCivilite,Monsieur,M\n", 1, []string{";"}},
		{"empty", "", 0, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := matrice.LoadCorrespondences(matrice.Default(), "c.csv", strings.NewReader(tt.src))
			errs := loadErrors(t, err)
			require.Len(t, errs, len(tt.want), "got %v", err)
			for i, e := range errs {
				assert.Equal(t, tt.line, e.Line)
				assert.Contains(t, e.Msg, tt.want[i])
			}
		})
	}
}

// TestLoadCorrespondencesAllErrors: every bad line is reported at once.
func TestLoadCorrespondencesAllErrors(t *testing.T) {
	src := "Champ;ValeurPartenaire;ValeurMatrice\n" +
		"Genre;Madame;MME\n" +
		"Civilite;Monsieur;M\n" +
		"Nom;Dupond;Dupont\n" +
		"Civilite;Monsieur;MME\n" +
		"QPV;Yes;YES\n"
	_, err := matrice.LoadCorrespondences(matrice.Default(), "c.csv", strings.NewReader(src))
	errs := loadErrors(t, err)
	var lines []int
	for _, e := range errs {
		lines = append(lines, e.Line)
	}
	assert.Equal(t, []int{2, 4, 5, 6}, lines)
}

// TestNewCorrespondences: a table built in Go names the bad entry by index.
func TestNewCorrespondences(t *testing.T) {
	c, err := matrice.NewCorrespondences(matrice.Default(), []matrice.Correspondence{{Field: "Civilite", Partner: "Madame", Matrice: "MME"}})
	require.NoError(t, err)
	assert.Equal(t, 1, c.Len())

	_, err = matrice.NewCorrespondences(matrice.Default(), []matrice.Correspondence{
		{Field: "Civilite", Partner: "Madame", Matrice: "MME"},
		{Field: "Civilite", Partner: "Mademoiselle", Matrice: "MLLE"},
	})
	errs := loadErrors(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, 1, errs[0].Field)
	assert.Equal(t, "ValeurMatrice", errs[0].Column)
}

// TestCorrespondencesApplyBeforeChecks: values are mapped after trimming and
// before every check; conditions test the mapped value; an unmapped value is
// checked, and quoted, as it is (spec §1).
func TestCorrespondencesApplyBeforeChecks(t *testing.T) {
	c := loadAdie(t)
	opts := matrice.RowOptions{FileDate: fileDate, Correspondences: c}
	closing := func(kv ...string) map[string]string {
		return with(with(minimalLine(), "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI"), kv...)
	}
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"partner value mapped", with(validLine(), "Civilite", "Monsieur", "QPV", "Non", "CodeQPV", ""), nil},
		{"partner value trimmed then mapped", with(validLine(), "Civilite", "  Madame\t"), nil},
		{"partner value holding ';'", with(validLine(), "SituationEntree", "Demandeur d'emploi; inscrit"), nil},
		{"matrice value still accepted", with(validLine(), "Civilite", "MME"), nil},
		{"unmapped value fails enum with its own value", with(validLine(), "Civilite", "Mr"),
			[]string{msg("Civilite", "Mr", "is one of 'M', 'MME'")}},
		{"exact case", with(validLine(), "Civilite", "monsieur"),
			[]string{msg("Civilite", "monsieur", "is one of 'M', 'MME'")}},
		{"unmapped BOOL fails type with its own value", with(validLine(), "QPV", "Yes"),
			[]string{msg("QPV", "Yes", "type is 'BOOL'")}},
		{"SI:QPV=OUI tests the mapped value", with(validLine(), "QPV", "Oui", "CodeQPV", ""),
			[]string{msg("CodeQPV", "", "has a value when 'QPV' is 'OUI'")}},
		{"SI:CreationEntreprise=OUI tests the mapped value", with(validLine(), "CreationEntreprise", "1", "SIRET", ""),
			[]string{msg("SIRET", "", "has a value when 'CreationEntreprise' is 'OUI'")}},
		{"mapped Phase and CreationEntreprise choose the closing", closing("Phase", "P2", "CreationEntreprise", "0"),
			[]string{
				msg("NiveauFormation", "", "has a value to close phase 2"),
				msg("SituationEntree", "", "has a value to close phase 2"),
				msg("BeneficiaireRSA", "", "has a value to close phase 2"),
				msg("IntituleProjet", "", "has a value to close phase 2"),
			}},
		{"mapped Phase feeds subversion_phase", with(validLine(), "Phase", "P2", "NumeroDossier", "001-ADIE100876-AHG-4U"), nil},
		{"a value mapped for another field is not mapped", with(validLine(), "RQTH", "Oui"),
			[]string{msg("RQTH", "Oui", "type is 'BOOL'")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, check(t, matrice.Default(), opts, tt.line))
		})
	}
	t.Run("Value returns the mapped value", func(t *testing.T) {
		m := matrice.Default()
		r := m.NewRow(opts)
		i, _ := m.Lookup("Civilite")
		r.Set(i, []byte(" Monsieur "))
		assert.Equal(t, "M", string(r.Value(i)))
	})
	t.Run("without the table the partner value fails", func(t *testing.T) {
		got := checkDefault(t, with(validLine(), "Civilite", "Monsieur"))
		assert.Equal(t, []string{msg("Civilite", "Monsieur", "is one of 'M', 'MME'")}, got)
	})
}
