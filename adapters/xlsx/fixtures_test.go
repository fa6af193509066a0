package xlsx_test

import (
	"path/filepath"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The committed workbooks, written by LibreOffice (testdata/libreoffice,
// from the example files opened with French type detection) and by
// openpyxl (testdata/openpyxl, make.py: dates typed in several formats,
// numbers as numbers), give the example files' verdicts.
func TestFixturesVerdicts(t *testing.T) {
	m := matrice.Default()
	for _, dir := range []string{"libreoffice", "openpyxl"} {
		for _, name := range []string{"20261116-demo", "20261117-demo"} {
			t.Run(dir+"/"+name, func(t *testing.T) {
				csv := judge(t, filepath.Join("..", "..", "examples", "files", name+".csv"), m)
				wb := judge(t, filepath.Join("testdata", dir, name+".xlsx"), m)
				sameVerdicts(t, csv, wb)
			})
		}
	}
	// The faulty example has a line shorter than the header: in a
	// worksheet, a row whose other cells are empty.
	wb := judge(t, filepath.Join("testdata", "openpyxl", "20261117-demo.xlsx"), m)
	last := wb.errors[len(wb.errors)-1]
	require.NotEmpty(t, last)
	assert.Contains(t, last[0], "required")
	assert.Equal(t, 16, wb.lines[len(wb.lines)-1])
}

// Booleans typed TRUE/FALSE convert to OUI/NON, as written by openpyxl
// (<c t="b"><v>1</v></c>) and as LibreOffice saves them again
// (<c t="b"><f aca="false">TRUE()</f><v>1</v></c>): the CSV's verdicts, the
// constant formulas TRUE() and FALSE() being typed values.
func TestFixturesBooleans(t *testing.T) {
	m := matrice.Default()
	csv := judge(t, filepath.Join("..", "..", "examples", "files", "20261116-demo.csv"), m)
	require.Positive(t, csv.rep.Accepted)
	for _, dir := range []string{"openpyxl", "libreoffice"} {
		t.Run(dir, func(t *testing.T) {
			path := filepath.Join("testdata", dir, "booleans", "20261116-demo.xlsx")
			sheet := sheetXML(t, readTestdata(t, filepath.Join(dir, "booleans", "20261116-demo.xlsx")))
			require.Contains(t, sheet, `t="b"`, "the fixture types booleans")
			if dir == "libreoffice" {
				require.Contains(t, sheet, `<f aca="false">TRUE()</f><v>1</v>`, "LibreOffice writes booleans as formulas")
				require.Contains(t, sheet, `<f aca="false">FALSE()</f><v>0</v>`)
			}
			sameVerdicts(t, csv, judge(t, path, m))
		})
	}
}

// openpyxl's workbooks breaking the template's rules.
func TestFixturesRules(t *testing.T) {
	m := matrice.Default()
	tests := map[string][]string{
		"formula.xlsx": {"cell AO3 holds a formula: type its value instead"},
		"error.xlsx":   {"cell AO3 (#N/A) holds an error value: type the right value"},
		"sheet.xlsx":   {"the sheet 'Notes' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it"},
		"table.xlsx":   {"the sheet holds the table 'Tableau1': the template must not be turned into a table; convert it back to a range (Table Design > Convert to Range)"},
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			_, fes := convert(t, xlsx.Workbooks{}, readTestdata(t, "openpyxl/"+name), m)
			assert.Equal(t, want, messages(fes))
		})
	}
	// A wrong header is the CSV's header error.
	wb := judge(t, filepath.Join("testdata", "openpyxl", "header.xlsx"), m)
	require.Len(t, wb.rep.FileErrors, 2)
	assert.Equal(t, importer.CodeName, wb.rep.FileErrors[0].Code, "header.xlsx: not a partner's name")
	assert.Equal(t, importer.CodeHeader, wb.rep.FileErrors[1].Code)
	assert.Equal(t, "line 1: missing column 'Nom'; unknown column 'NomDeFamille'; the header must hold exactly the matrice's columns, in any order (Erreurs is ignored)", wb.rep.FileErrors[1].Message)
}
