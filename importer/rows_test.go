package importer

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With RowNumbers, a record is one line whatever line breaks its cells
// hold, and a blank line is one too: the rows of a converted workbook.
func TestRowNumbers(t *testing.T) {
	h := defaultHeader()
	multi := phase1().with("IntituleProjet", "Épicerie\r\nfine\nbio", "Adresse", "1 rue\nbis")
	bad := phase1().with("NumeroDossier", "ADIE100877-AHG-4U", "SIRET", "abc")
	text := "\n" + // row 1: blank, the header is row 2
		csvFile(h) +
		strings.TrimPrefix(csvFile(h, multi), csvFile(h)) + // row 3, over 4 physical lines
		"\n\n" + // rows 4 and 5 blank
		strings.TrimPrefix(csvFile(h, bad), csvFile(h)) // row 6
	for _, workers := range []int{1, 4} {
		v := NewValidator(nil)
		v.Workers, v.RowNumbers = workers, true
		res := validate(t, v, "20261116-adie.csv", text)
		require.Empty(t, res.rep.FileErrors)
		assert.Equal(t, []int{3, 6}, res.lines, "workers %d", workers)
		require.Len(t, res.errors, 1)
		assert.Equal(t, 6, res.errors[0].Line)
		assert.Equal(t, "SIRET", res.errors[0].Field)
	}
	// Without it, the same file is numbered by physical lines.
	res := validate(t, nil, "20261116-adie.csv", text)
	assert.Equal(t, []int{3, 9}, res.lines)
}

// A file error's line is the row too.
func TestRowNumbersFileErrors(t *testing.T) {
	h := defaultHeader()
	v := NewValidator(nil)
	v.RowNumbers = true
	text := csvFile(h, phase1().with("Adresse", "a\nb\nc")) + "\n" + "\"never closed\n"
	res := validate(t, v, "20261116-adie.csv", text)
	require.Len(t, res.rep.FileErrors, 1)
	assert.Equal(t, CodeSyntax, res.rep.FileErrors[0].Code)
	assert.Equal(t, 4, res.rep.FileErrors[0].Line)
	res = validate(t, v, "20261116-adie.csv", csvFile(h, phase1().with("Adresse", "a\nb\nc"), phase1().with("Nom", "\xE9t\xE9")))
	require.Len(t, res.rep.FileErrors, 1)
	assert.Equal(t, CodeEncoding, res.rep.FileErrors[0].Code)
	assert.Equal(t, 3, res.rep.FileErrors[0].Line)
}

// rejectingReader gives text, then rejects the file with errs.
func rejectingReader(text string, errs FileErrors) io.Reader {
	return io.MultiReader(strings.NewReader(text), iotest.ErrReader(errs))
}

// A reader that returns FileErrors rejects the file: they are its file
// errors, the counts are 0, and no read error stops Validate.
func TestReaderRejectsTheFile(t *testing.T) {
	wb := FileErrors{
		NewFileError(CodeWorkbook, 0, i18n.T("workbook.formula", "B5")),
		NewFileError(CodeWorkbook, 7, i18n.T("workbook.error_value", "C7")),
	}
	h := defaultHeader()
	var many []fields
	for range 600 { // beyond one batch: the pipeline meets the error
		many = append(many, phase1())
	}
	for _, tc := range []struct {
		name, text string
	}{
		{"before anything", ""},
		{"after the header", csvFile(h)},
		{"after lines", csvFile(h, many...)},
	} {
		for _, workers := range []int{1, 3} {
			v := NewValidator(nil)
			v.Workers = workers
			rep, err := v.Validate("20261116-adie.xlsx", rejectingReader(tc.text, wb), nil)
			require.NoError(t, err, tc.name)
			require.Len(t, rep.FileErrors, 2, tc.name)
			assert.Equal(t, StatusRejected, rep.Status)
			assert.Zero(t, rep.Lines+rep.Accepted+rep.Rejected+rep.Dossiers, tc.name)
			assert.True(t, rep.Stopped())
			e := rep.FileErrors[1]
			assert.Equal(t, CodeWorkbook, e.Code)
			assert.Equal(t, "20261116-adie.xlsx", e.File, "the file's name is set")
			assert.Equal(t, "line 7: cell C7 holds an error value: type the right value", e.Message)
			assert.Equal(t, "ligne 7 : la cellule C7 contient une valeur d'erreur : saisissez la bonne valeur", e.In(i18n.French))
			assert.True(t, errors.Is(e, CheckErr(CodeWorkbook)))
			assert.Empty(t, wb[0].File, "the reader's errors are not changed")
		}
	}
	// Any other error is a read error.
	_, err := NewValidator(nil).Validate("20261116-adie.csv", iotest.ErrReader(io.ErrUnexpectedEOF), nil)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

// Every file error has its French text beside its English one.
func TestFileErrorsInFrench(t *testing.T) {
	h := defaultHeader()
	good := csvFile(h, phase1())
	v := NewValidator(nil)
	v.Partner = "adie"
	tests := []struct {
		name, file, text string
		v                *Validator
		fr               string
	}{
		{"name", "export.csv", good, nil, "nomenclature AAAAMMJJ-IDENTIFIANT.csv"},
		{"name date", "20261316-adie.csv", good, nil, "20261316 n'est pas une date AAAAMMJJ qui existe"},
		{"other partner", "20261116-frac.csv", good, v, "au nom du partenaire « frac », mais il est envoyé par « adie »"},
		{"empty", "20261116-adie.csv", "", nil, "le fichier est vide"},
		{"commas", "20261116-adie.csv", strings.ReplaceAll(good, ";", ","), nil, "séparé par des virgules"},
		{"tabs", "20261116-adie.csv", strings.ReplaceAll(good, ";", "\t"), nil, "séparé par des tabulations"},
		{"header", "20261116-adie.csv", strings.Replace(strings.Replace(good, "SIRET", "Siret", 1), ";Nom;", ";Nom;Nom;", 1), nil,
			"colonne manquante : 'SIRET' ; colonne inconnue : 'Siret' (vouliez-vous dire 'SIRET' ?) ; colonne en double : 'Nom' (colonnes 9 et 10)"},
		{"syntax", "20261116-adie.csv", good + "\"x\n", nil, "ligne 3 : un guillemet ouvert"},
		{"windows-1252", "20261116-adie.csv", good + "A;\xE9\n", nil, "« é » en Windows-1252"},
		{"utf-16", "20261116-adie.csv", "\xFF\xFEN\x00", nil, "UTF-16"},
		{"zip", "20261116-adie.csv", "PK\x03\x04", nil, "classeur Excel (.xlsx)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := validate(t, tt.v, tt.file, tt.text)
			require.NotEmpty(t, res.rep.FileErrors)
			e := res.rep.FileErrors[0]
			assert.Contains(t, e.In(i18n.French), tt.fr)
			assert.NotEqual(t, e.Message, e.In(i18n.French))
		})
	}
	vm := NewValidator(nil)
	vm.Mode = ModeComplete
	res := validate(t, vm, "20261116-adie.csv", csvFile(h, phase1(), phase1().with("SIRET", "x")))
	require.Len(t, res.rep.FileErrors, 1)
	assert.Equal(t, "mode complet : 1 ligne rejetée sur 2, donc le fichier entier est rejeté et rien n'est gardé ; corrigez la ligne rejetée et renvoyez le fichier", res.rep.FileErrors[0].In(i18n.French))
}
