package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const okName = "20261116-adie.csv"

func TestValidLinesAreAccepted(t *testing.T) {
	res := validate(t, nil, okName, csvFile(defaultHeader(), phase1(), phase2()))
	assert.Empty(t, res.messages())
	assert.Equal(t, StatusAccepted, res.rep.Status)
	assert.Equal(t, 2, res.rep.Lines)
	assert.Equal(t, 2, res.rep.Accepted)
	assert.Equal(t, 0, res.rep.Rejected)
	assert.Equal(t, 2, res.rep.Dossiers)
	assert.Equal(t, "adie", res.rep.Partner)
	assert.Equal(t, matrice.NewDate(2026, 11, 16), res.rep.Date)
	assert.Equal(t, []int{2, 3}, res.lines)
}

func TestLineNumbersArePhysical(t *testing.T) {
	h := defaultHeader()
	multi := phase1().with("Adresse", "12 rue de la Paix\nBâtiment B\nEscalier 3")
	text := "\n\n" + csvFile(h, multi, multi) + "\n\n" + csvFile(h, multi.with("Civilite", "Mr"))[len(strings.Join(h, ";"))+1:]
	res := validate(t, nil, okName, text)
	// header on line 3; the records span lines 4–6 and 7–9; two blank lines
	// (10, 11); then the faulty record on line 12.
	assert.Equal(t, []int{4, 7, 12}, res.lines)
	require.Len(t, res.errors, 1)
	assert.Equal(t, 12, res.errors[0].Line)
	assert.Equal(t, 3, res.rep.Lines)
}

func TestBlankAndPaddingRowsAreSkipped(t *testing.T) {
	h := defaultHeader()
	pad := strings.Repeat(";", len(h)-1)
	text := strings.Join(h, ";") + ";;;\r\n" + strings.TrimSuffix(csvFile(h, phase1()), "\n")[len(strings.Join(h, ";"))+1:] + ";;;\r\n" +
		pad + "\r\n" + "   \r\n" + ";;\r\n" + "\r\n"
	res := validate(t, nil, okName, text)
	assert.Empty(t, res.messages())
	assert.Equal(t, 1, res.rep.Lines)
	assert.Equal(t, StatusAccepted, res.rep.Status)
}

func TestErrorsComeInFileColumnOrder(t *testing.T) {
	h := defaultHeader()
	slices.Reverse(h)
	line := phase1().with("Civilite", "Mr", "SIRET", "abc", "Nom", "", "DateNaissance", "01/01/2020")
	res := validate(t, nil, okName, csvFile(h, line))
	var got []string
	for _, e := range res.errors {
		got = append(got, e.Field+" "+string(e.Check))
	}
	// reversed columns: SIRET before Nom before Civilite; min_age is a rule, last.
	assert.Equal(t, []string{"SIRET type", "Nom required", "Civilite enum", "DateNaissance rule"}, got)
	for _, e := range res.errors {
		assert.Equal(t, 2, e.Line)
		assert.Equal(t, "ADIE100876-AHG-4U", e.Dossier)
	}
}

func TestLineErrorsCarryTheSpecMessages(t *testing.T) {
	tests := []struct {
		name   string
		line   fields
		field  string
		value  string
		check  matrice.Check
		msg    string
		header []string
	}{
		{"type", phase1().with("SIRET", "abc"), "SIRET", "abc", matrice.CheckType, "Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'", nil},
		{"required", phase1().with("Nom", "  "), "Nom", "", matrice.CheckRequired, "Attribute 'Nom' with value '' fails check for has a value", nil},
		{"required_if set", phase1().with("TypeRDV", ""), "TypeRDV", "", matrice.CheckRequiredIf, "Attribute 'TypeRDV' with value '' fails check for has a value when 'DateRDV' has a value", nil},
		{"required_if equals", phase1().with("CodeQPV", ""), "CodeQPV", "", matrice.CheckRequiredIf, "Attribute 'CodeQPV' with value '' fails check for has a value when 'QPV' is 'OUI'", nil},
		{"required_close", phase2().with("CodeNAF", ""), "CodeNAF", "", matrice.CheckRequiredClose, "Attribute 'CodeNAF' with value '' fails check for has a value to close phase 2", nil},
		{"length", phase1().with("CodePostal", "7501"), "CodePostal", "7501", matrice.CheckLength, "Attribute 'CodePostal' with value '7501' fails check for length is between 5 and 5", nil},
		{"range", phase2().with("EmploisCrees", "0"), "", "", "", "", nil},
		{"range date", phase1().with("DateMaj", "20/11/2026"), "DateMaj", "20/11/2026", matrice.CheckRange, "Attribute 'DateMaj' with value '20/11/2026' fails check for value is between 01/01/2015 and 16/11/2026", nil},
		{"pattern", phase2().with("CodeNAF", "47912"), "CodeNAF", "47912", matrice.CheckPattern, "Attribute 'CodeNAF' with value '47912' fails check for matches '^[0-9]{2}\\.?[0-9]{2}[A-Z]$'", nil},
		{"enum", phase1().with("Civilite", "Mr"), "Civilite", "Mr", matrice.CheckEnum, "Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'", nil},
		{"rule", phase2().with("SIRET", "12345678901234"), "SIRET", "12345678901234", matrice.CheckRule, "Attribute 'SIRET' with value '12345678901234' fails check for rule 'luhn'", nil},
		{"trimmed value in message", phase1().with("Civilite", "  Mr "), "Civilite", "Mr", matrice.CheckEnum, "Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'", nil},
		{"NUL in a quoted cell", phase1().with("Nom", "Du\x00pont;"), "Nom", "Du\x00pont;", matrice.CheckType, `Attribute 'Nom' with value 'Du\x00pont;' fails check for type is 'TXT' (control character U+0000)`, nil},
		{"escape sequence", phase1().with("Conseiller", "\x1b]0;pwned\x07Claire"), "Conseiller", "\x1b]0;pwned\x07Claire", matrice.CheckType, `Attribute 'Conseiller' with value '\x1b]0;pwned\x07Claire' fails check for type is 'TXT' (control character U+001B)`, nil},
		{"line break in a quoted cell is a value", phase1().with("Adresse", "12 rue de la Paix\r\nBâtiment B"), "", "", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := validate(t, nil, okName, csvFile(defaultHeader(), tt.line))
			if tt.check == "" {
				assert.Empty(t, res.messages())
				return
			}
			require.Len(t, res.errors, 1, "errors: %q", res.messages())
			e := res.errors[0]
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, tt.value, e.Value)
			assert.Equal(t, tt.check, e.Check)
			assert.Equal(t, tt.msg, e.Message)
			assert.Equal(t, okName+":2: "+tt.msg, e.Error())
			assert.True(t, errors.Is(e, CheckErr(tt.check)))
		})
	}
}

func TestCells(t *testing.T) {
	h := defaultHeader()
	full := strings.TrimSuffix(csvFile(h, phase1()), "\n")[len(strings.Join(h, ";"))+1:]
	cells := strings.Split(full, ";")
	tests := []struct {
		name string
		line string
		msg  string
	}{
		{"fewer cells", strings.Join(cells[:51], ";"), "Line has 51 cells, header has 52"},
		{"a non-empty cell beyond the header", full + ";;x", "Line has 54 cells, header has 52"},
		{"empty cells beyond the header are padding", full + ";; ;", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := validate(t, nil, okName, strings.Join(h, ";")+"\n"+tt.line+"\n")
			if tt.msg == "" {
				assert.Empty(t, res.messages())
				return
			}
			require.Len(t, res.errors, 1)
			e := res.errors[0]
			assert.Equal(t, LineError{File: okName, Line: 2, Dossier: "ADIE100876-AHG-4U", Check: matrice.CheckCells, Message: tt.msg}, *e)
		})
	}
}

func TestErreursColumnIsIgnoredButCounted(t *testing.T) {
	h := append(defaultHeader(), "Erreurs")
	res := validate(t, nil, okName, csvFile(h, phase1().with("Erreurs", "Attribute 'Nom' …"), phase1()))
	assert.Empty(t, res.messages())
	assert.Equal(t, 2, res.rep.Accepted)
	// Without its Erreurs cell, a line is one cell short.
	short := strings.TrimSuffix(csvFile(defaultHeader(), phase1()), "\n")[len(strings.Join(defaultHeader(), ";"))+1:]
	res = validate(t, nil, okName, strings.Join(h, ";")+"\n"+short+"\n")
	require.Len(t, res.errors, 1)
	assert.Equal(t, "Line has 52 cells, header has 53", res.errors[0].Message)
}

func TestConflict(t *testing.T) {
	tests := []struct {
		name  string
		lines []fields
		want  []string // "line: message"
	}{
		{
			name:  "a later line disagreeing is rejected",
			lines: []fields{phase1(), phase1().with("Nom", "DUPONT")},
			want:  []string{"3: Attribute 'Nom' with value 'DUPONT' fails check for agrees with line 2 ('Dupont')"},
		},
		{
			name:  "lines need not be adjacent",
			lines: []fields{phase1(), phase2(), phase1().with("Nom", "DUPONT")},
			want:  []string{"4: Attribute 'Nom' with value 'DUPONT' fails check for agrees with line 2 ('Dupont')"},
		},
		{
			name:  "an empty value is no information",
			lines: []fields{phase1().with("Conseiller", ""), phase1(), phase1().with("Conseiller", "Marc")},
			want:  []string{"4: Attribute 'Conseiller' with value 'Marc' fails check for agrees with line 3 ('Claire Martin')"},
		},
		{
			name:  "a rejected line is not an earlier value",
			lines: []fields{phase1().with("Nom", "DUPONT", "Civilite", "Mr"), phase1()},
			want:  []string{"2: Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'"},
		},
		{
			name:  "a sub-version is its own dossier",
			lines: []fields{phase2(), phase2().with("NumeroDossier", "001-FRAC2024-0042", "Nom", "BENALI")},
		},
		{
			name:  "item fields may differ",
			lines: []fields{phase1(), phase1().with("DateRDV", "06/03/2026", "TypeRDV", "SUIVI")},
		},
		{
			name:  "several fields, in column order, with the line's other errors",
			lines: []fields{phase1(), phase1().with("Prenom", "Amelie", "Nom", "DUPONT", "SIRET", "x")},
			want: []string{
				"3: Attribute 'Nom' with value 'DUPONT' fails check for agrees with line 2 ('Dupont')",
				"3: Attribute 'Prenom' with value 'Amelie' fails check for agrees with line 2 ('Amélie')",
				"3: Attribute 'SIRET' with value 'x' fails check for type is 'NUM'",
			},
		},
		{
			name:  "values are compared trimmed",
			lines: []fields{phase1(), phase1().with("Nom", "  Dupont ")},
		},
		{
			name:  "a field with its own error is not compared",
			lines: []fields{phase1(), phase1().with("CodePostal", "9320")},
			want:  []string{"3: Attribute 'CodePostal' with value '9320' fails check for length is between 5 and 5"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, spill := range []int{0, 1} { // in memory, and spilled to a file from the first dossier on
				v := NewValidator(nil)
				v.SpillBytes = spill
				v.TempDir = t.TempDir()
				res := validate(t, v, okName, csvFile(defaultHeader(), tt.lines...))
				var got []string
				for _, e := range res.errors {
					got = append(got, fmt.Sprintf("%d: %s", e.Line, e.Message))
				}
				assert.Equal(t, tt.want, got, "spill %d", spill)
			}
		})
	}
}

func TestConflictAcrossManyDossiersSpilled(t *testing.T) {
	// Enough dossiers to push records through the file and its pending buffer.
	var lines []fields
	for i := range 3000 {
		lines = append(lines, phase1().with("NumeroDossier", fmt.Sprintf("ADIE%06d", i), "Conseiller", ""))
	}
	for i := range 3000 {
		lines = append(lines, phase1().with("NumeroDossier", fmt.Sprintf("ADIE%06d", i), "Conseiller", fmt.Sprintf("C%d", i%7)))
	}
	lines = append(lines, phase1().with("NumeroDossier", "ADIE000010", "Conseiller", "Zoé"))
	v := NewValidator(nil)
	v.SpillBytes = 4096
	v.TempDir = t.TempDir()
	res := validate(t, v, okName, csvFile(defaultHeader(), lines...))
	require.Len(t, res.errors, 1)
	assert.Equal(t, "Attribute 'Conseiller' with value 'Zoé' fails check for agrees with line 3012 ('C3')", res.errors[0].Message)
	assert.Equal(t, 3000, res.rep.Dossiers)
	assert.Equal(t, 6000, res.rep.Accepted)
}

func TestDossiersCountAcceptedNumbers(t *testing.T) {
	lines := []fields{
		phase2(), phase2(),
		phase2().with("NumeroDossier", "001-FRAC2024-0042"),
		phase1().with("Civilite", "Mr"), // rejected: its dossier does not count
	}
	res := validate(t, nil, okName, csvFile(defaultHeader(), lines...))
	assert.Equal(t, 2, res.rep.Dossiers)
	assert.Equal(t, StatusPartial, res.rep.Status)
}

func TestStatus(t *testing.T) {
	h := defaultHeader()
	tests := []struct {
		name  string
		lines []fields
		want  Status
	}{
		{"all accepted", []fields{phase1()}, StatusAccepted},
		{"header only", nil, StatusAccepted},
		{"some rejected", []fields{phase1(), phase1().with("Nom", "")}, StatusPartial},
		{"all rejected", []fields{phase1().with("Nom", "")}, StatusRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, validate(t, nil, okName, csvFile(h, tt.lines...)).rep.Status)
		})
	}
}

func TestCompleteMode(t *testing.T) {
	v := NewValidator(nil)
	v.Mode = ModeComplete
	res := validate(t, v, okName, csvFile(defaultHeader(), phase1(), phase1().with("Nom", "")))
	assert.Equal(t, StatusRejected, res.rep.Status)
	require.Len(t, res.rep.FileErrors, 1)
	assert.Equal(t, CodeMode, res.rep.FileErrors[0].Code)
	assert.Contains(t, res.rep.FileErrors[0].Message, "1 of 2 lines rejected")
	assert.False(t, res.rep.Stopped())
	assert.Equal(t, 1, res.rep.Rejected, "the counts still describe the lines")

	res = validate(t, v, okName, csvFile(defaultHeader(), phase1()))
	assert.Equal(t, StatusAccepted, res.rep.Status)
	assert.Empty(t, res.rep.FileErrors)
}

func TestCorrespondencesApplyBeforeChecks(t *testing.T) {
	m := matrice.Default()
	c, err := matrice.LoadCorrespondences(m, "corr.csv", strings.NewReader("Champ;ValeurPartenaire;ValeurMatrice\nCivilite;Mr;M\nQPV;Oui;OUI\n"))
	require.NoError(t, err)
	v := NewValidator(m)
	v.Correspondences = c
	lines := []fields{
		phase1().with("Civilite", "Mr", "QPV", "Oui"),
		phase1().with("NumeroDossier", "ADIE000002", "Civilite", "Mme"),
		phase1().with("NumeroDossier", "ADIE000003", "QPV", "Oui", "CodeQPV", ""), // the condition sees the mapped value
	}
	res := validate(t, v, okName, csvFile(defaultHeader(), lines...))
	assert.Equal(t, []string{
		"Attribute 'Civilite' with value 'Mme' fails check for is one of 'M', 'MME'",
		"Attribute 'CodeQPV' with value '' fails check for has a value when 'QPV' is 'OUI'",
	}, res.messages())
}

func TestFileDate(t *testing.T) {
	line := phase1().with("DateMaj", "17/11/2026")
	text := csvFile(defaultHeader(), line)

	res := validate(t, nil, okName, text)
	assert.Equal(t, []string{"Attribute 'DateMaj' with value '17/11/2026' fails check for value is between 01/01/2015 and 16/11/2026"}, res.messages())

	v := NewValidator(nil)
	v.Date = matrice.NewDate(2026, 11, 20)
	res = validate(t, v, okName, text)
	assert.Empty(t, res.messages(), "Date overrides the name's date")
	assert.Equal(t, matrice.NewDate(2026, 11, 20), res.rep.Date)

	v = NewValidator(nil)
	v.Now = func() time.Time { return time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC) }
	res = validate(t, v, "export.csv", text)
	assert.Equal(t, matrice.NewDate(2026, 11, 18), res.rep.Date, "today when the name has no date")
	assert.Equal(t, "", res.rep.Partner)
}

func TestFileErrors(t *testing.T) {
	h := defaultHeader()
	good := csvFile(h, phase1())
	dropColumn := func(name string) []string {
		return slices.DeleteFunc(slices.Clone(h), func(s string) bool { return s == name })
	}
	tests := []struct {
		name, file, text string
		code             FileCheck
		line             int
		contains         []string
	}{
		{"bad name", "export.csv", good, CodeName, 0, []string{`"export.csv"`, "AAAAMMDD-IDENTIFIANT.csv"}},
		{"bad date in name", "20261340-adie.csv", good, CodeName, 0, []string{"20261340 is not a valid date"}},
		{"upper-case identifier", "20261116-ADIE.csv", good, CodeName, 0, []string{`"ADIE"`}},
		{"upper-case extension", "20261116-adie.CSV", good, CodeName, 0, []string{".csv or .xlsx, in lower case"}},
		{"old workbook", "20261116-adie.xls", good, CodeName, 0, []string{"a .xls file is not accepted", "(.xlsx)"}},
		{"empty", okName, "", CodeEmpty, 0, []string{"empty"}},
		{"only blank lines", okName, "\n\r\n  \n;;\n", CodeEmpty, 0, []string{"empty"}},
		{"comma separator", okName, strings.ReplaceAll(good, ";", ","), CodeSeparator, 1, []string{"commas", "';'"}},
		{"tab separator", okName, strings.ReplaceAll(good, ";", "\t"), CodeSeparator, 1, []string{"tabs"}},
		{"missing column", okName, csvFile(dropColumn("SIRET"), phase1()), CodeHeader, 1, []string{"missing column 'SIRET'"}},
		{"missing columns", okName, csvFile(dropColumn("Nom")[1:], phase1()), CodeHeader, 1, []string{"missing columns 'NumeroDossier', 'Nom'"}},
		{"unknown column", okName, csvFile(append(slices.Clone(h), "Remarque"), phase1()), CodeHeader, 1, []string{"unknown column 'Remarque'"}},
		{"misspelt column", okName, strings.Replace(good, "SIRET", "Siret", 1), CodeHeader, 1, []string{"unknown column 'Siret' (did you mean 'SIRET'?)", "missing column 'SIRET'"}},
		{"duplicate column", okName, csvFile(append(slices.Clone(h), "Nom"), phase1()), CodeHeader, 1, []string{"duplicate column 'Nom' (columns 9 and 53)"}},
		{"blank named column", okName, strings.Replace(good, ";Nom;", ";;Nom;", 1), CodeHeader, 1, []string{"no name for column 9"}},
		{"unclosed quote", okName, good + "ADIE1;\"oops\n", CodeSyntax, 3, []string{"never closed"}},
		{"windows-1252", okName, good + "ADIE2;1;\xE9t\xE9\n", CodeEncoding, 3, []string{"byte 0xE9", "'é'", "looks like Windows-1252"}},
		{"not windows-1252", okName, good + "ADIE2;1;\x81\x01\n", CodeEncoding, 3, []string{"byte 0x81", "re-save the file as CSV UTF-8"}},
		{"utf-16", okName, "\xFF\xFEN\x00u\x00", CodeEncoding, 1, []string{"UTF-16"}},
		{"utf-16 without BOM", okName, "N\x00u\x00m\x00;\x00", CodeEncoding, 1, []string{"UTF-16"}},
		{"xlsx given as csv", okName, "PK\x03\x04\x14\x00\x06\x00", CodeEncoding, 1, []string{"Excel workbook (.xlsx)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := validate(t, nil, tt.file, tt.text)
			require.NotEmpty(t, res.rep.FileErrors)
			e := res.rep.FileErrors[0]
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.line, e.Line)
			for _, c := range tt.contains {
				assert.Contains(t, e.Message, c)
			}
			if tt.line > 0 {
				assert.True(t, strings.HasPrefix(e.Message, fmt.Sprintf("line %d: ", tt.line)), e.Message)
			}
			assert.True(t, errors.Is(e, CheckErr(tt.code)))
			assert.Equal(t, StatusRejected, res.rep.Status)
			assert.True(t, res.rep.Stopped())
			assert.Zero(t, res.rep.Lines+res.rep.Accepted+res.rep.Rejected+res.rep.Dossiers, "counts are 0 when a file error stops the reading")
			assert.Empty(t, res.rep.Checks)
		})
	}
}

func TestBadNameAlsoChecksTheHeader(t *testing.T) {
	res := validate(t, nil, "export.csv", "a;b\n1;2\n")
	var codes []FileCheck
	for _, e := range res.rep.FileErrors {
		codes = append(codes, e.Code)
	}
	assert.Equal(t, []FileCheck{CodeName, CodeHeader}, codes)
	assert.Empty(t, res.lines, "no line is read")
}

func TestBOMIsDropped(t *testing.T) {
	res := validate(t, nil, okName, "\xEF\xBB\xBF"+csvFile(defaultHeader(), phase1()))
	assert.Empty(t, res.rep.FileErrors)
	assert.Equal(t, StatusAccepted, res.rep.Status)
}

func TestChecksSummary(t *testing.T) {
	var lines []fields
	for i := range 8 {
		lines = append(lines, phase1().with("NumeroDossier", fmt.Sprintf("ADIE%d", 10000+i), "Civilite", "Mr"))
	}
	lines = append(lines, phase1().with("NumeroDossier", "ADIE99999", "SIRET", "x"))
	res := validate(t, nil, okName, csvFile(defaultHeader(), lines...))
	require.Len(t, res.rep.Checks, 2)
	assert.Equal(t, matrice.CheckEnum, res.rep.Checks[0].Check)
	assert.Equal(t, 8, res.rep.Checks[0].Count)
	assert.Len(t, res.rep.Checks[0].Examples, DefaultExamples)
	assert.Equal(t, 2, res.rep.Checks[0].Examples[0].Line)
	assert.Equal(t, matrice.CheckType, res.rep.Checks[1].Check)
	assert.Equal(t, 1, res.rep.Checks[1].Count)
}

func TestEachErrorStopsValidate(t *testing.T) {
	stop := errors.New("enough")
	_, err := NewValidator(nil).Validate(okName, strings.NewReader(csvFile(defaultHeader(), phase1(), phase1())), func(*Line) error { return stop })
	assert.ErrorIs(t, err, stop)
}

func TestLineAccessors(t *testing.T) {
	f := NewValidator(nil).Open(okName, strings.NewReader(csvFile(defaultHeader(), phase1().with("Nom", " Dupont "))+"x;y\n"))
	defer f.Close()
	require.True(t, f.Next())
	l := f.Line()
	nom, _ := matrice.Default().Lookup("Nom")
	assert.True(t, l.Accepted())
	assert.Equal(t, "Dupont", string(l.Value(nom)))
	assert.Equal(t, " Dupont ", string(l.Cells[nom]))
	assert.Equal(t, "ADIE100876-AHG-4U", l.Dossier())
	require.True(t, f.Next())
	assert.Nil(t, f.Line().Value(nom), "no values for a line with a cells error")
	assert.Equal(t, "x", f.Line().Dossier())
	assert.False(t, f.Next())
	assert.Equal(t, defaultHeader(), f.Header())
	assert.Greater(t, f.BytesRead(), int64(0))
	assert.Equal(t, f.BytesRead(), f.Report().Bytes)
}
