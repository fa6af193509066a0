package matrice_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Lines of a small valid matrice, reused by the error cases (line 2 and 3 of
// the file once the header is added).
const (
	lineNumero = "NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;Numéro de dossier"
	linePhase  = "Phase;DOSSIER;ENUM;;;;;;1|2|3;OUI;OUI;OUI;OUI;OUI;Phase"
	lineQPV    = "QPV;DOSSIER;BOOL;;;;;;;OUI;NON;NON;NON;NON;QPV"
)

// TestLoadCSVErrors: each problem of a matrice file is reported with its line
// and the column at fault (README, "Matrices").
func TestLoadCSVErrors(t *testing.T) {
	tests := []struct {
		name    string
		line    string // the fifth line of the file, after lineNumero, linePhase, lineQPV
		columns []string
		want    string // a part of the message: the value at fault
	}{
		{"unknown type", "X;DOSSIER;TEXTE;;;;;;;NON;NON;NON;NON;NON;d", []string{"Type"}, "TEXTE"},
		{"type in lower case", "X;DOSSIER;txt;;;;;;;NON;NON;NON;NON;NON;d", []string{"Type"}, "txt"},
		{"missing type", "X;DOSSIER;;;;;;;;NON;NON;NON;NON;NON;d", []string{"Type"}, ""},
		{"unknown group", "X;PERSONNE;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Groupe"}, "PERSONNE"},
		{"bad regular expression", "X;DOSSIER;TXT;;;;;[0-9;;NON;NON;NON;NON;NON;d", []string{"Motif"}, "[0-9"},
		{"bad repetition", "X;DOSSIER;TXT;;;;;a{2,1};;NON;NON;NON;NON;NON;d", []string{"Motif"}, "a{2,1}"},
		{"ENUM without values", "X;DOSSIER;ENUM;;;;;;;NON;NON;NON;NON;NON;d", []string{"Valeurs"}, ""},
		{"ENUM with an empty value", "X;DOSSIER;ENUM;;;;;;A||B;NON;NON;NON;NON;NON;d", []string{"Valeurs"}, ""},
		{"ENUM with a value twice", "X;DOSSIER;ENUM;;;;;;A|B|A;NON;NON;NON;NON;NON;d", []string{"Valeurs"}, "A"},
		{"Valeurs on TXT", "X;DOSSIER;TXT;;;;;;A|B;NON;NON;NON;NON;NON;d", []string{"Valeurs"}, ""},
		{"Valeurs on BOOL", "X;DOSSIER;BOOL;;;;;;OUI|NON;NON;NON;NON;NON;NON;d", []string{"Valeurs"}, ""},
		{"NUM Min > Max", "X;DOSSIER;NUM;;;10;5;;;NON;NON;NON;NON;NON;d", []string{"Min", "Max"}, "10"},
		{"DEC Min > Max, negative", "X;DOSSIER;DEC;;;-1,5;-2;;;NON;NON;NON;NON;NON;d", []string{"Min", "Max"}, "-1,5"},
		{"DEC Min > Max, many digits", "X;DOSSIER;DEC;;;0.30000000000000001;0.3;;;NON;NON;NON;NON;NON;d", []string{"Min", "Max"}, "0.30000000000000001"},
		{"DATE Min > Max", "X;DOSSIER;DATE;;;01/01/2030;31/12/2029;;;NON;NON;NON;NON;NON;d", []string{"Min", "Max"}, "01/01/2030"},
		{"NUM Min not a number", "X;DOSSIER;NUM;;;abc;;;;NON;NON;NON;NON;NON;d", []string{"Min"}, "abc"},
		{"DEC Max with thousands", "X;DOSSIER;DEC;;;;1 000;;;NON;NON;NON;NON;NON;d", []string{"Max"}, "1 000"},
		{"DATE Min ISO", "X;DOSSIER;DATE;;;2015-01-01;;;;NON;NON;NON;NON;NON;d", []string{"Min"}, "2015-01-01"},
		{"DATE Max not a calendar date", "X;DOSSIER;DATE;;;;31/02/2026;;;NON;NON;NON;NON;NON;d", []string{"Max"}, "31/02/2026"},
		{"Min on TXT", "X;DOSSIER;TXT;;;1;;;;NON;NON;NON;NON;NON;d", []string{"Min"}, ""},
		{"LongueurMin > LongueurMax", "X;DOSSIER;TXT;10;5;;;;;NON;NON;NON;NON;NON;d", []string{"LongueurMin", "LongueurMax"}, "10"},
		{"LongueurMin not a number", "X;DOSSIER;TXT;abc;;;;;;NON;NON;NON;NON;NON;d", []string{"LongueurMin"}, "abc"},
		{"LongueurMax decimal", "X;DOSSIER;TXT;;5.5;;;;;NON;NON;NON;NON;NON;d", []string{"LongueurMax"}, "5.5"},
		{"LongueurMax negative", "X;DOSSIER;TXT;;-1;;;;;NON;NON;NON;NON;NON;d", []string{"LongueurMax"}, "-1"},
		{"bad obligation", "X;DOSSIER;TXT;;;;;;;PEUT-ETRE;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, "PEUT-ETRE"},
		{"obligation in lower case", "X;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;oui;d", []string{"CloturePhase3"}, "oui"},
		{"SI: without field", "X;DOSSIER;TXT;;;;;;;SI:;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, ""},
		{"SI: unknown field", "X;DOSSIER;TXT;;;;;;;SI:Inconnu;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, "Inconnu"},
		{"SI:X=V unknown field on a closing", "X;DOSSIER;TXT;;;;;;;NON;NON;SI:Inconnu=OUI;NON;NON;d", []string{"CloturePhase2"}, "Inconnu"},
		{"SI:X=V not among Valeurs", "X;DOSSIER;TXT;;;;;;;SI:Phase=4;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, "4"},
		{"SI:X=V wrong case", "X;DOSSIER;TXT;;;;;;;NON;NON;NON;SI:QPV=oui;NON;d", []string{"CloturePhase2SansCreation"}, "oui"},
		{"SI:X=V BOOL value", "X;DOSSIER;TXT;;;;;;;SI:QPV=PEUT-ETRE;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, "QPV"},
		{"SI:X= empty value", "X;DOSSIER;TXT;;;;;;;SI:Phase=;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, "Phase"},
		{"depends on itself", "X;DOSSIER;TXT;;;;;;;SI:X;NON;NON;NON;NON;d", []string{"ObligatoireImport"}, "X"},
		{"depends on itself at closing", "X;DOSSIER;TXT;;;;;;;NON;SI:X=a;NON;NON;NON;d", []string{"CloturePhase1"}, "X"},
		{"duplicate Champ", "Phase;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "Phase"},
		{"Champ with a space", "Code Postal;DOSSIER;NUM;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "Code Postal"},
		{"Champ with an accent", "Prénom;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "Prénom"},
		{"Champ with a dash", "Nom-Usage;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "Nom-Usage"},
		{"Champ with a point", "Nom.Usage;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "Nom.Usage"},
		{"Champ starting with a digit", "1Nom;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "1Nom"},
		{"Champ empty", ";DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, ""},
		{"Champ Erreurs", "Erreurs;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;d", []string{"Champ"}, "Erreurs"},
		{"second DOSSIER-type field", "AutreNumero;DOSSIER;DOSSIER;;;;;;;NON;NON;NON;NON;NON;d", []string{"Type"}, "NumeroDossier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := csvMatrice(lineNumero, linePhase, lineQPV, tt.line)
			m, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
			assert.Nil(t, m)
			errs := loadErrors(t, err)
			require.Len(t, errs, 1, "got %v", err)
			e := errs[0]
			assert.Equal(t, 5, e.Line, "got line %d, want 5", e.Line)
			assert.Contains(t, tt.columns, e.Column, "got column %q, want one of %v", e.Column, tt.columns)
			assert.Equal(t, "m.csv", e.Source)
			assert.Contains(t, e.Msg, tt.want)
			assert.True(t, strings.HasPrefix(e.Error(), "m.csv:5: column "+e.Column+": "), "got %q", e.Error())
		})
	}
}

// TestLoadCSVSeveralErrors: all problems are reported at once, each with its
// line, and errors.As finds a *LoadError.
func TestLoadCSVSeveralErrors(t *testing.T) {
	src := csvMatrice(
		lineNumero,
		"A;DOSSIER;TEXTE;;;;;;;NON;NON;NON;NON;NON;d",
		"B;PERSONNE;TXT;;;;;;;NON;NON;NON;NON;NON;d",
		"C;DOSSIER;TXT;;;;;(;;NON;NON;NON;NON;NON;d",
		"D;DOSSIER;ENUM;;;;;;;NON;NON;NON;NON;NON;d",
		"E;DOSSIER;NUM;;;9;1;;;NON;NON;NON;NON;NON;d",
	)
	_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
	errs := loadErrors(t, err)
	var got [][2]any
	for _, e := range errs {
		got = append(got, [2]any{e.Line, e.Column})
	}
	assert.ElementsMatch(t, [][2]any{{3, "Type"}, {4, "Groupe"}, {5, "Motif"}, {6, "Valeurs"}, {7, "Min"}}, got)

	var one *matrice.LoadError
	require.True(t, errors.As(err, &one))
	assert.Contains(t, []int{3, 4, 5, 6, 7}, one.Line)
	assert.Len(t, strings.Split(err.Error(), "\n"), 5)
}

// TestLoadCSVEveryProblemAtOnce: problems of different kinds, on different
// lines, are all reported by one load (README, "Matrices": "Loading reports
// every problem at once").
func TestLoadCSVEveryProblemAtOnce(t *testing.T) {
	src := regles(
		lineNumero+";",
		"A;DOSSIER;TXT;abc;;;;;;NON;NON;NON;NON;NON;non-numeric length;",
		"B;DOSSIER;TEXTE;;;;;;;NON;NON;NON;NON;NON;unknown type;",
		"C;DOSSIER;TXT;;;;;;;SI:Inconnu;NON;NON;NON;NON;unknown field;",
		"D;DOSSIER;NUM;;;;;;;NON;NON;NON;NON;NON;unknown rule;siren",
	)
	_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
	errs := loadErrors(t, err)
	var got [][2]any
	for _, e := range errs {
		got = append(got, [2]any{e.Line, e.Column})
	}
	assert.ElementsMatch(t, [][2]any{{3, "LongueurMin"}, {4, "Type"}, {5, "ObligatoireImport"}, {6, "Regles"}}, got,
		"got %v", err)
}

// TestLoadCSVHeaderErrors checks the matrice file's own header.
func TestLoadCSVHeaderErrors(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   []string // parts of the messages, one per error
	}{
		{"unknown column", matriceHeader + ";Commentaire", []string{"Commentaire"}},
		{"missing column", strings.Replace(matriceHeader, ";Motif", "", 1), []string{"Motif"}},
		{"two missing columns", strings.Replace(strings.Replace(matriceHeader, ";Motif", "", 1), ";CloturePhase3", "", 1), []string{"Motif", "CloturePhase3"}},
		{"duplicate column", matriceHeader + ";Type", []string{"Type"}},
		{"unknown and missing", strings.Replace(matriceHeader, "Valeurs", "Valeur", 1), []string{"Valeur", "Valeurs"}},
		{"case differs", strings.Replace(matriceHeader, "Groupe", "groupe", 1), []string{"groupe", "Groupe"}},
		{"unnamed column", strings.Replace(matriceHeader, ";Motif;", ";Motif;;", 1), []string{"column 9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.header + "\n" + lineNumero + "\n"
			_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
			errs := loadErrors(t, err)
			require.Len(t, errs, len(tt.want), "got %v", err)
			for i, e := range errs {
				assert.Equal(t, 1, e.Line)
				assert.Contains(t, e.Msg, tt.want[i])
			}
		})
	}
}

// TestLoadCSVWholeFileErrors: problems that concern the whole file.
func TestLoadCSVWholeFileErrors(t *testing.T) {
	comma := strings.ReplaceAll(csvMatrice(lineNumero), ";", ",")
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{"empty file", "", 0, "empty"},
		{"BOM only", "\xEF\xBB\xBF", 0, "empty"},
		{"comma-separated", comma, 1, ";"},
		{"tab-separated", strings.ReplaceAll(csvMatrice(lineNumero), ";", "\t"), 1, ";"},
		{"header only", matriceHeader + "\n", 0, "no field"},
		{"header and blank lines", matriceHeader + "\n;;;;\n\n", 0, "no field"},
		{"quote never closed", csvMatrice(lineNumero, `X;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;"d`), 3, ""},
		{"not UTF-8", csvMatrice(lineNumero, "X;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;Pr\xe9nom"), 3, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := matrice.LoadCSV("m.csv", strings.NewReader(tt.src))
			errs := loadErrors(t, err)
			require.Len(t, errs, 1, "got %v", err)
			assert.Equal(t, tt.line, errs[0].Line)
			assert.Contains(t, errs[0].Msg, tt.want)
			assert.Contains(t, errs[0].Error(), "m.csv")
		})
	}
}

// TestLoadCSVShapes: BOM, CRLF, any column order, blank lines, quoted cells,
// the Excel padding of trailing cells, and unquoted ';' in descriptions.
func TestLoadCSVShapes(t *testing.T) {
	want := []matrice.Field{
		{Name: "NumeroDossier", Group: matrice.GroupDossier, Type: matrice.DOSSIER, MinLength: 6, MaxLength: 64,
			Import: "OUI", Close: [4]matrice.Obligation{"OUI", "OUI", "OUI", "OUI"}, Description: "Numéro de dossier",
			// No Regles column: the standard rule whose fields are present.
			Rules: []matrice.Rule{{Name: "subversion_phase", Args: []string{"Phase", "2"}}}},
		{Name: "Phase", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"1", "2", "3"},
			Import: "OUI", Close: [4]matrice.Obligation{"OUI", "OUI", "OUI", "OUI"}, Description: "Phase"},
		{Name: "QPV", Group: matrice.GroupDossier, Type: matrice.BOOL,
			Import: "OUI", Close: [4]matrice.Obligation{"NON", "NON", "NON", "NON"}, Description: "QPV"},
	}
	plain := csvMatrice(lineNumero, linePhase, lineQPV)
	reordered := "Description;Type;Champ;Groupe;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3\n" +
		"Numéro de dossier;DOSSIER;NumeroDossier;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI\n" +
		"Phase;ENUM;Phase;DOSSIER;;;;;;1|2|3;OUI;OUI;OUI;OUI;OUI\n" +
		"QPV;BOOL;QPV;DOSSIER;;;;;;;OUI;NON;NON;NON;NON\n"
	tests := []struct {
		name string
		src  string
	}{
		{"plain", plain},
		{"BOM", "\xEF\xBB\xBF" + plain},
		{"CRLF", strings.ReplaceAll(plain, "\n", "\r\n")},
		{"columns in another order", reordered},
		{"blank lines", csvMatrice(lineNumero, "", ";;;;;;;;;;;;;;", linePhase, " ; ;", lineQPV)},
		{"Excel padding", strings.ReplaceAll(plain, "\n", ";;;\n")},
		{"quoted cells", csvMatrice(`"NumeroDossier";DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;"Numéro de dossier"`, linePhase, lineQPV)},
		{"spaces around cells", csvMatrice(" NumeroDossier ; DOSSIER ;DOSSIER; 6 ; 64 ;;;;; OUI ;OUI;OUI;OUI;OUI; Numéro de dossier ", linePhase, lineQPV)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := matrice.LoadCSV("m.csv", strings.NewReader(tt.src))
			require.NoError(t, err)
			assert.Equal(t, want, m.Fields())
			assert.Equal(t, "m.csv", m.Name())
		})
	}
}

// TestLoadCSVDescriptionWithSemicolons: the spec's own file writes
// descriptions holding " ; " unquoted; they load whole.
func TestLoadCSVDescriptionWithSemicolons(t *testing.T) {
	m, err := matrice.LoadCSV("m.csv", strings.NewReader(csvMatrice(
		lineNumero,
		"X;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;Première partie ; deuxième ; troisième",
		"Y;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;Fin ; suite;;;",
	)))
	require.NoError(t, err)
	assert.Equal(t, "Première partie ; deuxième ; troisième", m.Field(1).Description)
	assert.Equal(t, "Fin ; suite", m.Field(2).Description)

	i, ok := matrice.Default().Lookup("DateFinPhase")
	require.True(t, ok)
	assert.Equal(t, "Date de fin de phase ; renseignée, elle clôture la phase et déclenche les obligations de clôture",
		matrice.Default().Field(i).Description)
	i, _ = matrice.Default().Lookup("Telephone")
	assert.Equal(t, "Téléphone : 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres ; espaces et points tolérés",
		matrice.Default().Field(i).Description)
}

// TestLoadCSVLineNumbers: lines are physical lines, blank lines and quoted
// newlines included.
func TestLoadCSVLineNumbers(t *testing.T) {
	src := matriceHeader + "\n" +
		lineNumero + "\n" +
		"\n" +
		`A;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;"sur` + "\n" + `deux lignes"` + "\n" +
		"B;DOSSIER;TEXTE;;;;;;;NON;NON;NON;NON;NON;d\n"
	_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
	errs := loadErrors(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, 6, errs[0].Line)
	assert.Equal(t, "Type", errs[0].Column)
}

// TestLoadCSVCellsBeyondHeader: when Description is not the last column, a
// non-empty cell beyond the header is an error of its line.
func TestLoadCSVCellsBeyondHeader(t *testing.T) {
	header := "Description;Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3"
	src := header + "\n" +
		"d;NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI\n" +
		"d;X;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;;;\n" +
		"d;Y;DOSSIER;TXT;;;;;;;NON;NON;NON;NON;NON;extra\n"
	_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
	errs := loadErrors(t, err)
	require.Len(t, errs, 1, "got %v", err)
	assert.Equal(t, 4, errs[0].Line)
}

// regles adds a Regles column to a matrice file.
func regles(lines ...string) string {
	return strings.Replace(csvMatrice(lines...), "Description\n", "Description;Regles\n", 1)
}

// ruleFields are lines for the standard rules, without the Regles cell.
var ruleFields = []string{
	"NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;Numéro;",
	"Phase;DOSSIER;ENUM;;;;;;1|2|3;OUI;OUI;OUI;OUI;OUI;Phase;",
	"DateDebutPhase;DOSSIER;DATE;;;01/01/2015;;;;OUI;OUI;OUI;OUI;OUI;Début;",
	"DateFinPhase;DOSSIER;DATE;;;01/01/2015;;;;NON;OUI;OUI;OUI;OUI;Fin;",
	"DateNaissance;DOSSIER;DATE;;;01/01/1920;;;;OUI;OUI;OUI;OUI;OUI;Naissance;",
	"SIRET;DOSSIER;NUM;14;14;;;;;NON;NON;NON;NON;NON;SIRET;",
}

// withRules returns ruleFields with the Regles cell of field i set.
func withRules(cells map[int]string) []string {
	out := slices.Clone(ruleFields)
	for i, c := range cells {
		out[i] += c
	}
	return out
}

// TestLoadRegles checks the optional Regles column.
func TestLoadRegles(t *testing.T) {
	t.Run("the four standard rules", func(t *testing.T) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(regles(withRules(map[int]string{
			0: "subversion_phase(Phase, 2)",
			3: "date_order(DateDebutPhase)",
			4: " min_age( 16 , DateDebutPhase ) ",
			5: "luhn",
		})...)))
		require.NoError(t, err)
		assert.ElementsMatch(t, []matrice.FieldRule{
			{Field: "NumeroDossier", Rule: matrice.Rule{Name: "subversion_phase", Args: []string{"Phase", "2"}}},
			{Field: "DateFinPhase", Rule: matrice.Rule{Name: "date_order", Args: []string{"DateDebutPhase"}}},
			{Field: "DateNaissance", Rule: matrice.Rule{Name: "min_age", Args: []string{"16", "DateDebutPhase"}}},
			{Field: "SIRET", Rule: matrice.Rule{Name: "luhn"}},
		}, m.Rules())
	})
	t.Run("several rules on one field", func(t *testing.T) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(regles(withRules(map[int]string{
			3: "date_order(DateDebutPhase)|date_order(DateNaissance)",
		})...)))
		require.NoError(t, err)
		i, _ := m.Lookup("DateFinPhase")
		assert.Equal(t, []matrice.Rule{
			{Name: "date_order", Args: []string{"DateDebutPhase"}},
			{Name: "date_order", Args: []string{"DateNaissance"}},
		}, m.Field(i).Rules)
		line := map[string]string{"NumeroDossier": "ADIE1000", "Phase": "1", "DateDebutPhase": "01/01/2026", "DateNaissance": "01/01/2000"}
		assert.Empty(t, check(t, m, matrice.RowOptions{}, with(line, "DateFinPhase", "01/02/2026")))
		assert.Equal(t, []string{msg("DateFinPhase", "31/12/2025", "rule 'date_order'")},
			check(t, m, matrice.RowOptions{}, with(line, "DateFinPhase", "31/12/2025")), "first declaration")
		assert.Equal(t, []string{msg("DateFinPhase", "31/12/2025", "rule 'date_order'")},
			check(t, m, matrice.RowOptions{}, with(line, "DateFinPhase", "31/12/2025", "DateDebutPhase", "01/01/2020", "DateNaissance", "01/01/2026")),
			"second declaration")
	})
	t.Run("Rules lists each declaration with its own arguments", func(t *testing.T) {
		// Matrice.Rules: "the rule declarations in force, in the order they run".
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(regles(withRules(map[int]string{
			3: "date_order(DateDebutPhase)|date_order(DateNaissance)",
		})...)))
		require.NoError(t, err)
		assert.Equal(t, []matrice.FieldRule{
			{Field: "DateFinPhase", Rule: matrice.Rule{Name: "date_order", Args: []string{"DateDebutPhase"}}},
			{Field: "DateFinPhase", Rule: matrice.Rule{Name: "date_order", Args: []string{"DateNaissance"}}},
		}, m.Rules())
	})
	t.Run("an empty Regles column declares no rule", func(t *testing.T) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(regles(ruleFields...)))
		require.NoError(t, err)
		assert.Empty(t, m.Rules())
		got := check(t, m, matrice.RowOptions{}, map[string]string{
			"NumeroDossier": "ADIE1000", "Phase": "1", "DateDebutPhase": "01/01/2026", "DateNaissance": "01/01/2020", "SIRET": "12345678901234",
		})
		assert.Empty(t, got)
	})

	errCases := []struct {
		name  string
		field int
		cell  string
	}{
		{"unknown rule", 5, "siren"},
		{"unknown rule among known ones", 5, "luhn|siren"},
		{"luhn with an argument", 5, "luhn(1)"},
		{"luhn on a DATE field", 3, "luhn"},
		{"date_order without argument", 3, "date_order"},
		{"date_order with two arguments", 3, "date_order(DateDebutPhase, DateNaissance)"},
		{"date_order naming an unknown field", 3, "date_order(DateInconnue)"},
		{"date_order naming a non-DATE field", 3, "date_order(SIRET)"},
		{"date_order on a NUM field", 5, "date_order(DateDebutPhase)"},
		{"min_age with years not a number", 4, "min_age(seize, DateDebutPhase)"},
		{"min_age with negative years", 4, "min_age(-1, DateDebutPhase)"},
		{"min_age with one argument", 4, "min_age(16)"},
		{"subversion_phase on a NUM field", 5, "subversion_phase(Phase, 2)"},
		{"subversion_phase naming an unknown field", 0, "subversion_phase(Etape, 2)"},
		{"unclosed parenthesis", 3, "date_order(DateDebutPhase"},
		{"empty argument", 4, "min_age(16, )"},
		{"empty rule between two |", 5, "luhn||luhn"},
		{"bad rule name", 5, "lu hn"},
	}
	for _, tt := range errCases {
		t.Run(tt.name, func(t *testing.T) {
			src := regles(withRules(map[int]string{tt.field: tt.cell})...)
			_, err := matrice.LoadCSV("m.csv", strings.NewReader(src))
			errs := loadErrors(t, err)
			require.Len(t, errs, 1, "got %v", err)
			assert.Equal(t, tt.field+2, errs[0].Line)
			assert.Equal(t, "Regles", errs[0].Column)
		})
	}
}

// TestLoadImplicitRules: a matrice without a Regles column gets the four
// standard rules on the fields it has (README, "Matrices").
func TestLoadImplicitRules(t *testing.T) {
	t.Run("all fields", func(t *testing.T) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(csvMatrice(trimRegles(ruleFields)...)))
		require.NoError(t, err)
		assert.ElementsMatch(t, []matrice.FieldRule{
			{Field: "NumeroDossier", Rule: matrice.Rule{Name: "subversion_phase", Args: []string{"Phase", "2"}}},
			{Field: "DateFinPhase", Rule: matrice.Rule{Name: "date_order", Args: []string{"DateDebutPhase"}}},
			{Field: "DateNaissance", Rule: matrice.Rule{Name: "min_age", Args: []string{"16", "DateDebutPhase"}}},
			{Field: "SIRET", Rule: matrice.Rule{Name: "luhn"}},
		}, m.Rules())
		got := check(t, m, matrice.RowOptions{}, map[string]string{
			"NumeroDossier": "001-ADIE1000", "Phase": "1", "DateDebutPhase": "01/01/2026", "DateFinPhase": "31/12/2025",
			"DateNaissance": "02/01/2010", "SIRET": "12345678901234",
		})
		assert.Equal(t, []string{
			msg("NumeroDossier", "001-ADIE1000", "rule 'subversion_phase'"),
			msg("DateFinPhase", "31/12/2025", "rule 'date_order'"),
			msg("DateNaissance", "02/01/2010", "rule 'min_age'"),
			msg("SIRET", "12345678901234", "rule 'luhn'"),
		}, got)
	})
	t.Run("only the fields it has", func(t *testing.T) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(csvMatrice(trimRegles([]string{ruleFields[2], ruleFields[3], ruleFields[5]})...)))
		require.NoError(t, err)
		assert.ElementsMatch(t, []matrice.FieldRule{
			{Field: "DateFinPhase", Rule: matrice.Rule{Name: "date_order", Args: []string{"DateDebutPhase"}}},
			{Field: "SIRET", Rule: matrice.Rule{Name: "luhn"}},
		}, m.Rules())
	})
	t.Run("none without their fields", func(t *testing.T) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(csvMatrice(lineNumero, lineQPV)))
		require.NoError(t, err)
		assert.Empty(t, m.Rules())
	})
	t.Run("the default matrice", func(t *testing.T) {
		assert.ElementsMatch(t, []matrice.FieldRule{
			{Field: "NumeroDossier", Rule: matrice.Rule{Name: "subversion_phase", Args: []string{"Phase", "2"}}},
			{Field: "DateFinPhase", Rule: matrice.Rule{Name: "date_order", Args: []string{"DateDebutPhase"}}},
			{Field: "DateNaissance", Rule: matrice.Rule{Name: "min_age", Args: []string{"16", "DateDebutPhase"}}},
			{Field: "SIRET", Rule: matrice.Rule{Name: "luhn"}},
		}, matrice.Default().Rules())
	})
}

// trimRegles drops the trailing empty Regles cell of ruleFields lines.
func trimRegles(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSuffix(l, ";")
	}
	return out
}

// TestDefault checks the embedded default against matrice-cadre.csv as read
// by hand.
func TestDefault(t *testing.T) {
	file, err := os.ReadFile("matrice-cadre.csv")
	require.NoError(t, err)
	assert.Equal(t, file, matrice.DefaultCSV(), "DefaultCSV is the embedded file")

	m := matrice.Default()
	require.Equal(t, 52, m.Len())
	assert.Same(t, m, matrice.Default(), "compiled once")
	assert.Equal(t, 0, m.Key())
	assert.Equal(t, "NumeroDossier", m.FieldName(m.Key()))
	assert.Equal(t, "DureeEvenement", m.FieldName(51))

	oui := matrice.Obligation("OUI")
	non := matrice.Obligation("NON")
	want := []matrice.Field{
		{Name: "CodePostal", Group: matrice.GroupDossier, Type: matrice.NUM, MinLength: 5, MaxLength: 5,
			Import: oui, Close: [4]matrice.Obligation{oui, oui, oui, oui}, Description: "Code postal de résidence"},
		{Name: "EmploisCrees", Group: matrice.GroupDossier, Type: matrice.NUM, MinLength: 1, MaxLength: 3, Min: "0", Max: "999",
			Import: non, Close: [4]matrice.Obligation{non, oui, non, oui}, Description: "Nombre d'emplois créés, dirigeant compris"},
		{Name: "CodeQPV", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 8, MaxLength: 8, Pattern: `^Q[NP][0-9]{5}[0-9A-Z]$`,
			Import: "SI:QPV=OUI", Close: [4]matrice.Obligation{"SI:QPV=OUI", "SI:QPV=OUI", "SI:QPV=OUI", "SI:QPV=OUI"},
			Description: "Code du quartier prioritaire, ex. QN07501M"},
		{Name: "Civilite", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"M", "MME"},
			Import: oui, Close: [4]matrice.Obligation{oui, oui, oui, oui}, Description: "Civilité du bénéficiaire"},
		{Name: "DateFinPhase", Group: matrice.GroupDossier, Type: matrice.DATE, Min: "01/01/2015",
			Import: non, Close: [4]matrice.Obligation{oui, oui, oui, oui},
			Description: "Date de fin de phase ; renseignée, elle clôture la phase et déclenche les obligations de clôture",
			Rules:       []matrice.Rule{{Name: "date_order", Args: []string{"DateDebutPhase"}}}},
		{Name: "SIRET", Group: matrice.GroupDossier, Type: matrice.NUM, MinLength: 14, MaxLength: 14,
			Import: "SI:CreationEntreprise=OUI", Close: [4]matrice.Obligation{non, oui, non, oui},
			Description: "SIRET de l'entreprise créée (14 chiffres, clé de Luhn)", Rules: []matrice.Rule{{Name: "luhn"}}},
		{Name: "ChiffreAffaires", Group: matrice.GroupDossier, Type: matrice.DEC, Min: "0", Max: "100000000",
			Import: non, Close: [4]matrice.Obligation{non, non, non, oui},
			Description: "Chiffre d'affaires annuel du dernier exercice, en euros (virgule ou point décimal)"},
		{Name: "ReferenceFinancement", Group: matrice.GroupFinancement, Type: matrice.TXT, MinLength: 1, MaxLength: 50, Pattern: `^[A-Za-z0-9_+-]+$`,
			Import: "SI:TypeFinancement", Close: [4]matrice.Obligation{non, non, non, non},
			Description: "Référence unique du financement chez l'opérateur ; clé de dédoublonnage"},
		{Name: "TypeRDV", Group: matrice.GroupRDV, Type: matrice.ENUM,
			Values: []string{"DIAGNOSTIC", "SUIVI", "EXPERTISE", "FINANCEMENT", "POST_CREATION", "AUTRE"},
			Import: "SI:DateRDV", Close: [4]matrice.Obligation{non, non, non, non}, Description: "Nature du rendez-vous"},
		{Name: "DureeEvenement", Group: matrice.GroupEvenement, Type: matrice.NUM, MinLength: 1, MaxLength: 4, Min: "1", Max: "6000",
			Import: non, Close: [4]matrice.Obligation{non, non, non, non}, Description: "Durée de l'événement en minutes"},
	}
	for _, w := range want {
		t.Run(w.Name, func(t *testing.T) {
			i, ok := m.Lookup(w.Name)
			require.True(t, ok)
			assert.Equal(t, w, m.Field(i))
			assert.Equal(t, w.Group, m.FieldGroup(i))
		})
	}

	t.Run("same as loading the file", func(t *testing.T) {
		loaded, err := matrice.LoadCSV("matrice-cadre.csv", bytes.NewReader(file))
		require.NoError(t, err)
		assert.Equal(t, m.Fields(), loaded.Fields())
		assert.Equal(t, m.Rules(), loaded.Rules())
	})
	t.Run("Fields returns copies", func(t *testing.T) {
		fields := m.Fields()
		i, _ := m.Lookup("Civilite")
		fields[i].Values[0] = "X"
		assert.Equal(t, []string{"M", "MME"}, m.Field(i).Values)
	})
}

// TestLoadFile loads a CSV file; a workbook is adapters/xlsx's, and any
// other extension is refused, saying so.
func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	src := csvMatrice(lineNumero, linePhase, lineQPV)
	csvPath := filepath.Join(dir, "matrice.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte(src), 0o600))
	m, err := matrice.LoadFile(csvPath)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Len())
	assert.Equal(t, "matrice.csv", m.Name())

	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(csvMatrice("X;DOSSIER;TEXTE;;;;;;;NON;NON;NON;NON;NON;d")), 0o600))
	_, err = matrice.LoadFile(bad)
	errs := loadErrors(t, err)
	assert.Equal(t, "bad.csv", errs[0].Source)

	for name, want := range map[string]string{"matrice.txt": "want a .csv file", "matrice.xlsx": "adapters/xlsx"} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
		_, err = matrice.LoadFile(path)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), want, name)
	}

	_, err = matrice.LoadFile(filepath.Join(dir, "absent.csv"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestLoadSheet: the rows of a spreadsheet load as the CSV file's, DATE
// bounds typed as dates (serial numbers) read as dates, errors naming the
// cell.
func TestLoadSheet(t *testing.T) {
	header := strings.Split(matriceHeader, ";")
	rows := [][]string{
		header,
		{"D", "DOSSIER", "DATE", "", "", "42005", "47848.5", "", "", "NON", "NON", "NON", "NON", "NON", "date"},
		{},
		{"N", "FINANCEMENT", "DEC", "1", "12", "0.5", "10000000", "", "", "NON", "NON", "NON", "NON", "NON", "nombre"},
	}
	m, err := matrice.Loader{}.LoadSheet("m.xlsx", rows)
	require.NoError(t, err)
	assert.Equal(t, "01/01/2015", m.Field(0).Min)
	assert.Equal(t, "31/12/2030", m.Field(0).Max)
	assert.Equal(t, "0.5", m.Field(1).Min)

	rows = append(rows, []string{"X", "DOSSIER", "TEXTE"})
	_, err = matrice.Loader{}.LoadSheet("m.xlsx", rows)
	errs := loadErrors(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, 5, errs[0].Line)
	assert.Equal(t, "C5", errs[0].Cell)
}

// TestNewErrors: a matrice built in Go names the bad field by its index.
func TestNewErrors(t *testing.T) {
	good := matrice.Field{Name: "A", Group: matrice.GroupDossier, Type: matrice.TXT}
	tests := []struct {
		name   string
		fields []matrice.Field
		index  int
		column string
	}{
		{"bad name", []matrice.Field{good, {Name: "Bad Name", Group: matrice.GroupDossier, Type: matrice.TXT}}, 1, "Champ"},
		{"unknown type", []matrice.Field{good, {Name: "B", Group: matrice.GroupDossier, Type: "TEXTE"}}, 1, "Type"},
		{"missing group", []matrice.Field{{Name: "B", Type: matrice.TXT}, good}, 0, "Groupe"},
		{"negative length", []matrice.Field{good, {Name: "B", Group: matrice.GroupDossier, Type: matrice.TXT, MaxLength: -1}}, 1, "LongueurMax"},
		{"ENUM without values", []matrice.Field{good, {Name: "B", Group: matrice.GroupDossier, Type: matrice.ENUM}}, 1, "Valeurs"},
		{"Min > Max", []matrice.Field{good, {Name: "B", Group: matrice.GroupDossier, Type: matrice.NUM, Min: "2", Max: "1"}}, 1, "Min"},
		{"SI: unknown", []matrice.Field{{Name: "B", Group: matrice.GroupDossier, Type: matrice.TXT, Import: matrice.RequiredIf("Z")}, good}, 0, "ObligatoireImport"},
		{"bad closing obligation", []matrice.Field{good, {Name: "B", Group: matrice.GroupDossier, Type: matrice.TXT,
			Close: [4]matrice.Obligation{"", "", "", "PARFOIS"}}}, 1, "CloturePhase3"},
		{"duplicate", []matrice.Field{good, good}, 1, "Champ"},
		{"unknown rule", []matrice.Field{good, {Name: "B", Group: matrice.GroupDossier, Type: matrice.NUM, Rules: []matrice.Rule{{Name: "siren"}}}}, 1, "Regles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := matrice.New(tt.fields)
			assert.Nil(t, m)
			errs := loadErrors(t, err)
			require.Len(t, errs, 1, "got %v", err)
			e := errs[0]
			assert.Equal(t, tt.index, e.Field)
			assert.Equal(t, 0, e.Line)
			assert.Equal(t, tt.column, e.Column)
			assert.Equal(t, "", e.Source)
			prefix := "field " + string(rune('1'+tt.index)) + ": column " + tt.column + ": "
			assert.True(t, strings.HasPrefix(e.Error(), prefix), "got %q, want prefix %q", e.Error(), prefix)
		})
	}
	t.Run("no field", func(t *testing.T) {
		_, err := matrice.New(nil)
		assert.NotEmpty(t, loadErrors(t, err))
	})
}

// TestNewDoesNotKeepTheCallersSlices: the compiled matrice is immutable.
func TestNewDoesNotKeepTheCallersSlices(t *testing.T) {
	fields := []matrice.Field{{Name: "E", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"A", "B"}}}
	m := newMatrice(t, fields...)
	fields[0].Values[0] = "Z"
	fields[0].Name = "F"
	assert.Empty(t, check(t, m, matrice.RowOptions{}, map[string]string{"E": "A"}))
	assert.Equal(t, []string{msg("E", "Z", "is one of 'A', 'B'")}, check(t, m, matrice.RowOptions{}, map[string]string{"E": "Z"}))
}
