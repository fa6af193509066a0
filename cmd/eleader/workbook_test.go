package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// validationJSON is validate's JSON object (spec §9).
type validationJSON struct {
	File, Partner, Date, Status         string
	Lines, Accepted, Rejected, Dossiers int
	FileErrors                          []struct{ Code, Message string }
	Errors                              []struct {
		Line                                  int
		Dossier, Field, Value, Check, Message string
	}
}

func validateJSON(t *testing.T, path string) (int, validationJSON) {
	t.Helper()
	code, out, errOut := runCLI(t, "validate", "--format", "json", path)
	var v validationJSON
	require.NoError(t, json.Unmarshal([]byte(out), &v), "%s%s", out, errOut)
	return code, v
}

// validate FILE.xlsx gives the verdict of the CSV it stands for: status,
// counts, line (row) numbers, codes, messages. Workbooks: the example files
// as openpyxl wrote them with typed dates and numbers.
func TestValidateWorkbook(t *testing.T) {
	for _, name := range []string{"20261116-demo", "20261117-demo"} {
		t.Run(name, func(t *testing.T) {
			csvCode, csv := validateJSON(t, "../../examples/files/"+name+".csv")
			wbCode, wb := validateJSON(t, "../../adapters/xlsx/testdata/openpyxl/"+name+".xlsx")
			assert.Equal(t, csvCode, wbCode)
			assert.Equal(t, name+".xlsx", wb.File)
			assert.Equal(t, csv.Partner, wb.Partner)
			assert.Equal(t, csv.Date, wb.Date)
			assert.Equal(t, csv.Status, wb.Status)
			assert.Equal(t, csv.Lines, wb.Lines)
			assert.Empty(t, wb.FileErrors)
			// The faulty example's last line is shorter than the header
			// (a cells error); in a workbook its missing cells are empty.
			csvErrs, wbErrs := csv.Errors, wb.Errors
			if name == "20261117-demo" {
				require.Equal(t, "cells", csvErrs[len(csvErrs)-1].Check)
				csvErrs = csvErrs[:len(csvErrs)-1]
				for len(wbErrs) > 0 && wbErrs[len(wbErrs)-1].Line == 16 {
					assert.Equal(t, "required", wbErrs[len(wbErrs)-1].Check)
					wbErrs = wbErrs[:len(wbErrs)-1]
				}
			} else {
				assert.Equal(t, csv.Accepted, wb.Accepted)
				assert.Equal(t, csv.Dossiers, wb.Dossiers)
			}
			assert.Equal(t, csvErrs, wbErrs)
		})
	}
}

// A workbook breaking the template's rules is rejected (exit 3) with
// workbook file errors; the text output names them and gives a hint.
func TestValidateWorkbookRules(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../adapters/xlsx/testdata/openpyxl/formula.xlsx")
	require.NoError(t, err)
	path := filepath.Join(dir, "20261116-demo.xlsx")
	require.NoError(t, os.WriteFile(path, src, 0o600))
	code, v := validateJSON(t, path)
	assert.Equal(t, exitFile, code)
	assert.Equal(t, "rejected", v.Status)
	require.Len(t, v.FileErrors, 1)
	assert.Equal(t, "workbook", v.FileErrors[0].Code)
	assert.Equal(t, "cell AO3 holds a formula: type its value instead", v.FileErrors[0].Message)

	code, out, _ := runCLI(t, "validate", path)
	assert.Equal(t, exitFile, code)
	assert.Contains(t, out, "cell AO3 holds a formula")
	assert.Contains(t, out, "hint: a workbook holds the template's sheet and the dossiers' values only")

	// A CSV named .xlsx.
	csvAsXLSX := filepath.Join(dir, "20261117-demo.xlsx")
	b, err := os.ReadFile(demoClean)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(csvAsXLSX, b, 0o600))
	code, v = validateJSON(t, csvAsXLSX)
	assert.Equal(t, exitFile, code)
	require.Len(t, v.FileErrors, 1)
	assert.Contains(t, v.FileErrors[0].Message, "send it named .csv")
}

// The rejects of a workbook name its rows.
func TestValidateWorkbookRejects(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rejets.csv")
	code, _, _ := runCLI(t, "validate", "--rejects", out, "../../adapters/xlsx/testdata/libreoffice/20261117-demo.xlsx")
	assert.Equal(t, exitRejected, code)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, 15, strings.Count(string(b), "\r\n"), "header + 14 rows")
}

// matrice template --xlsx -o writes the template of the matrice.
func TestMatriceTemplateXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "modele.xlsx")
	code, out, _ := runCLI(t, "matrice", "template", "--xlsx", "-o", path)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "the template of 52 columns")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Dossiers")
	require.NoError(t, err)
	assert.Equal(t, "NumeroDossier", rows[0][0])
	dvs, err := f.GetDataValidations("Dossiers")
	require.NoError(t, err)
	found := false
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, "H2:") { // Civilite
			found = true
			assert.Equal(t, `"M,MME"`, dv.Formula1)
		}
	}
	assert.True(t, found, "the Civilite drop-down")

	// A custom matrice: its own columns.
	custom := filepath.Join(t.TempDir(), "matrice.csv")
	require.NoError(t, os.WriteFile(custom, []byte("Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description\n"+
		"Numero;DOSSIER;DOSSIER;;;;;;;OUI;NON;NON;NON;NON;Le numéro\nCouleur;DOSSIER;ENUM;;;;;;ROUGE|VERT;NON;NON;NON;NON;NON;Une couleur\n"), 0o600))
	code, _, errOut := runCLI(t, "matrice", "template", "--matrice", custom, "--xlsx", "-o", path)
	require.Equal(t, exitOK, code, errOut)
	f2, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f2.Close()
	rows, err = f2.GetRows("Dossiers")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"Numero", "Couleur"}}, rows)

	code, _, _ = runCLI(t, "matrice", "template", "--xlsx")
	assert.Equal(t, exitUsage, code)
}

// import FILE.xlsx converts the workbook as validate does.
func TestImportWorkbook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	code, out, errOut := runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", "--format", "json",
		"../../adapters/xlsx/testdata/libreoffice/20261116-demo.xlsx")
	require.Equal(t, exitOK, code, errOut)
	var v struct {
		Status string
		Lines  int
		Import struct{ Consolidated bool }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Equal(t, "accepted", v.Status)
	assert.Equal(t, 5, v.Lines)
	assert.True(t, v.Import.Consolidated)
}

// --rejects F.xlsx writes the XLSX twin that reports attach — a Ligne
// column, then the rejects file's columns — for a CSV as for a workbook;
// any other name gets the CSV.
func TestValidateRejectsXLSX(t *testing.T) {
	for _, in := range []string{demoFaulty, "../../adapters/xlsx/testdata/libreoffice/20261117-demo.xlsx"} {
		t.Run(filepath.Ext(in), func(t *testing.T) {
			dir := t.TempDir()
			csvOut, xlsxOut := filepath.Join(dir, "rej.csv"), filepath.Join(dir, "rej.XLSX")
			code, _, _ := runCLI(t, "validate", "--rejects", csvOut, in)
			require.Equal(t, exitRejected, code)
			code, text, _ := runCLI(t, "validate", "--rejects", xlsxOut, in)
			require.Equal(t, exitRejected, code)
			assert.Contains(t, text, "rejects: 14 lines written to "+xlsxOut)

			b, err := os.ReadFile(csvOut)
			require.NoError(t, err)
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))))
			r.Comma, r.FieldsPerRecord = ';', -1
			want, err := r.ReadAll()
			require.NoError(t, err)
			require.Len(t, want, 15, "header + 14 lines")

			f, err := excelize.OpenFile(xlsxOut)
			require.NoError(t, err, "a real workbook")
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			require.NoError(t, err)
			require.Len(t, rows, 15)
			assert.Equal(t, "Ligne", rows[0][0])
			assert.Equal(t, want[0], rows[0][1:], "the rejects file's columns")
			last := 0
			for i, row := range rows[1:] {
				line, err := strconv.Atoi(row[0])
				require.NoError(t, err, "row %d: Ligne %q", i+2, row[0])
				assert.Greater(t, line, last, "lines in order")
				last = line
				got := row[1:]
				for len(got) < len(want[i+1]) {
					got = append(got, "") // GetRows leaves out trailing empty cells
				}
				assert.Equal(t, want[i+1], got, "row %d", i+2)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".rejets-*"))
			assert.Empty(t, left, "no temporary file left")
		})
	}
}
