package xlsx_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// xlsxBytes builds a workbook whose first sheet holds rows (nil rows stay
// empty), as Excel would save it.
func xlsxBytes(tb testing.TB, rows [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(tb, err)
		require.NoError(tb, f.SetSheetRow(sheet, cell, &row))
	}
	// A second sheet must not be read.
	_, err := f.NewSheet("Notes")
	require.NoError(tb, err)
	require.NoError(tb, f.SetCellValue("Notes", "A1", "not a matrice"))
	buf, err := f.WriteToBuffer()
	require.NoError(tb, err)
	return buf.Bytes()
}

// csvRows splits a matrice file into rows of text cells, a description
// holding unquoted ';' kept whole, as a person would paste it into Excel.
func csvRows(src string) [][]any {
	r := csv.NewReader(strings.NewReader(src))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		panic(err)
	}
	width := len(recs[0])
	var out [][]any
	for _, rec := range recs {
		if len(rec) > width {
			rec = append(rec[:width-1:width-1], strings.Join(rec[width-1:], ";"))
		}
		row := make([]any, len(rec))
		for i, c := range rec {
			row[i] = c
		}
		out = append(out, row)
	}
	return out
}

// typed types the cells of rows as Excel would: lengths and bounds as
// numbers, DATE bounds as dates. Rows must use the spec's column order.
func typed(tb testing.TB, rows [][]any) [][]any {
	tb.Helper()
	out := make([][]any, len(rows))
	for i, row := range rows {
		out[i] = append([]any(nil), row...)
		if i == 0 {
			continue
		}
		isDate := row[2] == "DATE"
		for _, c := range []int{3, 4, 5, 6} { // LongueurMin, LongueurMax, Min, Max
			s, _ := row[c].(string)
			if s == "" {
				continue
			}
			if isDate {
				d, ok := matrice.ParseDate(s)
				require.True(tb, ok, "row %d: %q", i+1, s)
				out[i][c] = time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC)
				continue
			}
			if n, err := strconv.Atoi(s); err == nil {
				out[i][c] = n
			} else if x, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
				out[i][c] = x
			}
		}
	}
	return out
}

// TestLoadXLSXDefault: the default matrice saved as a workbook, with numbers
// and dates typed, loads like the CSV.
func TestLoadXLSXDefault(t *testing.T) {
	rows := typed(t, csvRows(string(matrice.DefaultCSV())))
	require.Len(t, rows, 53)
	require.IsType(t, time.Time{}, rows[3][5], "DateDebutPhase's Min is typed as a date")
	require.IsType(t, 0, rows[36][6], "EmploisCrees's Max is typed as a number")

	m, err := loadMatrice("matrice.xlsx", xlsxBytes(t, rows))
	require.NoError(t, err)
	assert.Equal(t, matrice.Default().Fields(), m.Fields())
	assert.Equal(t, matrice.Default().Rules(), m.Rules())
	assert.Equal(t, "matrice.xlsx", m.Name())
}

// TestLoadXLSXTypedCells: numbers and dates typed by Excel load as the
// matrice's text.
func TestLoadXLSXTypedCells(t *testing.T) {
	header := csvRows(matriceHeader)[0]
	rows := [][]any{
		header,
		{"D", "DOSSIER", "DATE", nil, nil, time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC), nil, nil, "NON", "NON", "NON", "NON", "NON", "date"},
		{"N", "FINANCEMENT", "DEC", 1, 12, 0.5, 10000000, nil, nil, "NON", "NON", "NON", "NON", "NON", "nombre"},
		{"E", "DOSSIER", "ENUM", nil, nil, nil, nil, nil, "1|2|3", "OUI", "OUI", "OUI", "OUI", "OUI", "énum"},
	}
	m, err := loadMatrice("m.xlsx", xlsxBytes(t, rows))
	require.NoError(t, err)
	assert.Equal(t, "01/01/2015", m.Field(0).Min)
	assert.Equal(t, "31/12/2030", m.Field(0).Max)
	assert.Equal(t, 1, m.Field(1).MinLength)
	assert.Equal(t, 12, m.Field(1).MaxLength)
	assert.Equal(t, "0.5", m.Field(1).Min)
	assert.Equal(t, "10000000", m.Field(1).Max)
	assert.Equal(t, []string{"1", "2", "3"}, m.Field(2).Values)

	got := checkLine(t, m, matrice.RowOptions{}, map[string]string{"D": "01/01/2031", "N": "0,4", "E": "1"})
	assert.Equal(t, []string{
		msg("D", "01/01/2031", "value is between 01/01/2015 and 31/12/2030"),
		msg("N", "0,4", "value is between 0.5 and 10000000"),
	}, got)
}

// TestLoadXLSXErrorsCarryCell: errors name the row and the cell at fault.
func TestLoadXLSXErrorsCarryCell(t *testing.T) {
	header := csvRows(matriceHeader)[0]
	valid := func(name string) []any {
		return []any{name, "DOSSIER", "TXT", 1, 10, nil, nil, nil, nil, "NON", "NON", "NON", "NON", "NON", "d"}
	}
	tests := []struct {
		name   string
		bad    []any
		cell   string
		column string
	}{
		{"LongueurMax not a number", []any{"X", "DOSSIER", "TXT", 1, "abc", nil, nil, nil, nil, "NON", "NON", "NON", "NON", "NON", "d"}, "E12", "LongueurMax"},
		{"unknown type", []any{"X", "DOSSIER", "TEXTE", nil, nil, nil, nil, nil, nil, "NON", "NON", "NON", "NON", "NON", "d"}, "C12", "Type"},
		{"unknown group", []any{"X", "GROUPE", "TXT", nil, nil, nil, nil, nil, nil, "NON", "NON", "NON", "NON", "NON", "d"}, "B12", "Groupe"},
		{"NUM Min > Max typed", []any{"X", "DOSSIER", "NUM", nil, nil, 10, 5, nil, nil, "NON", "NON", "NON", "NON", "NON", "d"}, "F12", "Min"},
		{"DATE Min > Max typed", []any{"X", "DOSSIER", "DATE", nil, nil, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC), nil, nil, "NON", "NON", "NON", "NON", "NON", "d"}, "F12", "Min"},
		{"bad regular expression", []any{"X", "DOSSIER", "TXT", nil, nil, nil, nil, "(", nil, "NON", "NON", "NON", "NON", "NON", "d"}, "H12", "Motif"},
		{"SI: unknown field", []any{"X", "DOSSIER", "TXT", nil, nil, nil, nil, nil, nil, "NON", "NON", "NON", "NON", "SI:Inconnu", "d"}, "N12", "CloturePhase3"},
		{"duplicate Champ", valid("A3"), "A12", "Champ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := [][]any{header}
			for i := 2; i <= 10; i++ {
				rows = append(rows, valid("A"+strconv.Itoa(i)))
			}
			rows = append(rows, nil, tt.bad) // row 11 empty, row 12 at fault
			_, err := loadMatrice("m.xlsx", xlsxBytes(t, rows))
			errs := loadErrors(t, err)
			require.Len(t, errs, 1, "got %v", err)
			e := errs[0]
			assert.Equal(t, 12, e.Line)
			assert.Equal(t, tt.cell, e.Cell)
			assert.Equal(t, tt.column, e.Column)
			assert.Contains(t, e.Error(), tt.cell)
			assert.True(t, strings.HasPrefix(e.Error(), "m.xlsx:12 (cell "+tt.cell+"): column "+tt.column+": "), "got %q", e.Error())
		})
	}
	t.Run("columns in another order", func(t *testing.T) {
		rows := [][]any{
			{"Type", "Champ", "Groupe", "LongueurMin", "LongueurMax", "Min", "Max", "Motif", "Valeurs", "ObligatoireImport", "CloturePhase1", "CloturePhase2", "CloturePhase2SansCreation", "CloturePhase3", "Description"},
			{"TXT", "A", "DOSSIER"},
			{"TEXTE", "B", "DOSSIER"},
		}
		_, err := loadMatrice("m.xlsx", xlsxBytes(t, rows))
		errs := loadErrors(t, err)
		require.Len(t, errs, 1, "got %v", err)
		assert.Equal(t, "A3", errs[0].Cell)
	})
}

// TestLoadXLSXNotAWorkbook: a file that is not a workbook is one error.
func TestLoadXLSXNotAWorkbook(t *testing.T) {
	for _, src := range []string{"", csvMatrice(lineNumero), "PK\x03\x04garbage"} {
		m, err := loadMatrice("m.xlsx", []byte(src))
		assert.Nil(t, m)
		errs := loadErrors(t, err)
		assert.Len(t, errs, 1)
		assert.Equal(t, "m.xlsx", errs[0].Source)
	}
}

// TestLoadXLSXEmptySheet: a workbook without rows has no header.
func TestLoadXLSXEmptySheet(t *testing.T) {
	_, err := loadMatrice("m.xlsx", xlsxBytes(t, nil))
	errs := loadErrors(t, err)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Msg, "empty")
}

// TestLoadMatriceFile picks the format from the extension: a workbook and
// the CSV it was made from give the same matrice.
func TestLoadMatriceFile(t *testing.T) {
	dir := t.TempDir()
	src := csvMatrice(lineNumero, linePhase, lineQPV)
	csvPath := filepath.Join(dir, "matrice.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte(src), 0o600))
	m, err := xlsx.LoadMatriceFile(csvPath)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Len())
	assert.Equal(t, "matrice.csv", m.Name())
	xlsxPath := filepath.Join(dir, "matrice.xlsx")
	require.NoError(t, os.WriteFile(xlsxPath, xlsxBytes(t, csvRows(src)), 0o600))
	mx, err := xlsx.LoadMatriceFile(xlsxPath)
	require.NoError(t, err)
	assert.Equal(t, m.Fields(), mx.Fields())
	assert.Equal(t, "matrice.xlsx", mx.Name())
	_, err = xlsx.LoadMatriceFile(filepath.Join(dir, "matrice.txt"))
	assert.Error(t, err)
	_, err = xlsx.LoadMatriceFile(filepath.Join(dir, "absent.xlsx"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// BenchmarkLoadMatrice loads a small matrice workbook through the bounded
// reader.
func BenchmarkLoadMatrice(b *testing.B) {
	data := xlsxBytes(b, csvRows(csvMatrice(lineNumero, linePhase, lineQPV)))
	for b.Loop() {
		if _, err := loadMatrice("m.xlsx", data); err != nil {
			b.Fatal(err)
		}
	}
}
