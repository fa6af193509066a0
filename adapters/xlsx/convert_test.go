package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// workbook builds a template with rows written as text cells.
func workbook(t *testing.T, columns []string, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsx.Workbooks{}.Template(columns, &buf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	sheet := f.GetSheetList()[0]
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			require.NoError(t, f.SetCellStr(sheet, cell, v))
		}
	}
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	return out.Bytes()
}

func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, xlsx.Workbooks{}.Template([]string{"NumeroDossier", "Nom", "DateNaissance"}, &buf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"NumeroDossier", "Nom", "DateNaissance"}}, rows)
	// Columns are text, so that 12/05/1990 or 0612345678 stay as typed.
	style, err := f.GetColStyle(f.GetSheetList()[0], "C")
	require.NoError(t, err)
	s, err := f.GetStyle(style)
	require.NoError(t, err)
	assert.Equal(t, 49, s.NumFmt, "text format")
}

func TestCSV(t *testing.T) {
	data := workbook(t, []string{"NumeroDossier", "Nom", "Projet", "DateNaissance"}, [][]string{
		{"ADIE000001", "N'Diaye", "Épicerie; « bio »", "12/05/1990"},
		{},
		{"ADIE000002", "", `Dit "le chef"` + "\nsur deux lignes", ""},
		{"ADIE000003", "=1+1", "+33 6", "@x"},
	})
	var out bytes.Buffer
	require.NoError(t, xlsx.Workbooks{}.CSV(bytes.NewReader(data), &out))
	want := "NumeroDossier;Nom;Projet;DateNaissance\r\n" +
		"ADIE000001;N'Diaye;\"Épicerie; « bio »\";12/05/1990\r\n" +
		";;;\r\n" + // a blank row keeps its place: line numbers match the workbook's rows
		"ADIE000002;;\"Dit \"\"le chef\"\"\nsur deux lignes\";\r\n" +
		"ADIE000003;=1+1;+33 6;@x\r\n"
	assert.Equal(t, want, out.String())
}

func TestCSVNotAWorkbook(t *testing.T) {
	var out bytes.Buffer
	err := xlsx.Workbooks{}.CSV(bytes.NewReader([]byte("NumeroDossier;Nom\r\n")), &out)
	assert.ErrorContains(t, err, "not an XLSX workbook")
	assert.Empty(t, out.String())
}
