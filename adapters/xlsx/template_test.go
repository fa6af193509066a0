package xlsx_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// template writes the template of m and opens it.
func template(t *testing.T, m *matrice.Matrice) ([]byte, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, xlsx.Workbooks{}.Template(m, &buf))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return buf.Bytes(), f
}

// validations returns the template's data validations by column letter.
func validations(t *testing.T, f *excelize.File) map[string]*excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(xlsx.TemplateSheet)
	require.NoError(t, err)
	out := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		col := strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")
		require.Equal(t, fmt.Sprintf("%s2:%s1048576", col, col), dv.Sqref, "the whole column below the header")
		out[col] = dv
	}
	return out
}

// The template of the default matrice: one sheet, its columns in the
// header (bold, frozen), every column text, a drop-down of the matrice's
// values for every ENUM and BOOL column, an input message for every
// column.
func TestTemplateDefault(t *testing.T) {
	m := matrice.Default()
	data, f := template(t, m)
	assert.Equal(t, []string{xlsx.TemplateSheet}, f.GetSheetList())
	rows, err := f.GetRows(xlsx.TemplateSheet)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	for i := range m.Len() {
		assert.Equal(t, m.FieldName(i), rows[0][i])
	}
	panes, err := f.GetPanes(xlsx.TemplateSheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 1, panes.YSplit)
	dvs := validations(t, f)
	require.Len(t, dvs, m.Len(), "every column has its input message")
	lists := 0
	for i := range m.Len() {
		field := m.Field(i)
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := dvs[col]
		require.NotNil(t, dv, field.Name)
		require.True(t, dv.ShowInputMessage)
		require.NotNil(t, dv.Prompt)
		assert.LessOrEqual(t, len([]rune(*dv.Prompt)), 255, field.Name)
		assert.Equal(t, field.Name, *dv.PromptTitle)
		if field.Description != "" {
			assert.Contains(t, *dv.Prompt, strings.TrimSuffix(clipRunes(field.Description, 40), "…"), field.Name)
		}
		style, err := f.GetColStyle(xlsx.TemplateSheet, col)
		require.NoError(t, err)
		s, err := f.GetStyle(style)
		require.NoError(t, err)
		assert.Equal(t, 49, s.NumFmt, "%s: text", field.Name)
		header, err := f.GetCellStyle(xlsx.TemplateSheet, col+"1")
		require.NoError(t, err)
		hs, err := f.GetStyle(header)
		require.NoError(t, err)
		assert.True(t, hs.Font != nil && hs.Font.Bold, "%s: bold header", field.Name)
		width, err := f.GetColWidth(xlsx.TemplateSheet, col)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, width, float64(len(field.Name)), "%s: wide enough for its name", field.Name)
		switch field.Type {
		case matrice.ENUM, matrice.BOOL:
			lists++
			want := field.Values
			if field.Type == matrice.BOOL {
				want = []string{"OUI", "NON"}
			}
			assert.Equal(t, "list", dv.Type, field.Name)
			assert.Equal(t, `"`+strings.Join(want, ",")+`"`, dv.Formula1, field.Name)
			assert.True(t, dv.ShowErrorMessage, field.Name)
		default:
			assert.Empty(t, dv.Type, "%s: no list", field.Name)
		}
		switch field.Type {
		case matrice.DATE:
			assert.Contains(t, *dv.Prompt, "date JJ/MM/AAAA")
		case matrice.TEL:
			assert.Contains(t, *dv.Prompt, "téléphone")
		}
	}
	assert.Equal(t, 20, lists, "the default matrice's 14 ENUM and 6 BOOL columns")
	// The template converts to its header alone: no rule broken.
	out, fes := convert(t, xlsx.Workbooks{}, data, m)
	require.Empty(t, fes)
	assert.Equal(t, strings.Join(rows[0], ";")+"\r\n", out)
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// A custom matrice gets its own template; a list too long for Excel's 255
// characters, or holding a comma, comes from the hidden list sheet, which
// the conversion takes for the template's own.
func TestTemplateCustom(t *testing.T) {
	var long []string
	for i := range 40 {
		long = append(long, fmt.Sprintf("ORGANISME_%02d_LONG", i))
	}
	m, err := matrice.New([]matrice.Field{
		{Name: "Numero", Group: matrice.GroupDossier, Type: matrice.DOSSIER, Import: matrice.Required, Description: "Le numéro du dossier"},
		{Name: "Organisme", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: long},
		{Name: "Statut", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"EN_COURS", "CLOS,ARCHIVE"}},
		{Name: "Actif", Group: matrice.GroupDossier, Type: matrice.BOOL, Description: strings.Repeat("Très long. ", 40)},
		{Name: "Debut", Group: matrice.GroupDossier, Type: matrice.DATE},
	})
	require.NoError(t, err)
	data, f := template(t, m)
	assert.Equal(t, []string{xlsx.TemplateSheet, xlsx.ListSheet}, f.GetSheetList())
	visible, err := f.GetSheetVisible(xlsx.ListSheet)
	require.NoError(t, err)
	assert.False(t, visible)
	assert.Contains(t, string(parts(data, "xl/workbook.xml")), `state="veryHidden"`)
	dvs := validations(t, f)
	assert.Equal(t, xlsx.ListSheet+"!$A$1:$A$40", dvs["B"].Formula1)
	assert.Equal(t, xlsx.ListSheet+"!$B$1:$B$2", dvs["C"].Formula1)
	assert.Equal(t, `"OUI,NON"`, dvs["D"].Formula1)
	assert.LessOrEqual(t, len([]rune(*dvs["D"].Prompt)), 255)
	assert.True(t, strings.HasSuffix(*dvs["D"].Prompt, "…"))
	cols, err := f.GetCols(xlsx.ListSheet)
	require.NoError(t, err)
	assert.Equal(t, long, cols[0])
	assert.Equal(t, []string{"EN_COURS", "CLOS,ARCHIVE"}, cols[1][:2])
	assert.Empty(t, strings.Join(cols[1][2:], ""))

	// Filled in, it converts back to exactly the values typed.
	values := [][]string{
		{"ADIE000001", "ORGANISME_39_LONG", "CLOS,ARCHIVE", "OUI", "12/05/1990"},
		{"ADIE000002", "ORGANISME_00_LONG", "EN_COURS", "NON", "01/01/2015"},
		{"0012", "=1+1", " espaces ", "0612345678", "2024-05-12"},
	}
	for r, row := range values {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			require.NoError(t, f.SetCellStr(xlsx.TemplateSheet, cell, v))
		}
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	out, fes := convert(t, xlsx.Workbooks{}, buf.Bytes(), m)
	require.Empty(t, fes)
	assert.Equal(t, "Numero;Organisme;Statut;Actif;Debut\r\n"+
		"ADIE000001;ORGANISME_39_LONG;CLOS,ARCHIVE;OUI;12/05/1990\r\n"+
		"ADIE000002;ORGANISME_00_LONG;EN_COURS;NON;01/01/2015\r\n"+
		"0012;=1+1;\" espaces \";0612345678;2024-05-12\r\n", out)
}
