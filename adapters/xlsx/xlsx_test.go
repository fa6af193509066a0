package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// hostile are cells a spreadsheet would take for formulas or numbers.
var hostile = []string{
	`=HYPERLINK("http://evil.example","clic")`, "+33 1 23 45 67 89", "-x", "@me", "=1+1", "0012345", "01/03/2026", "1234,56",
}

// rejectsCSV is a rejects file as the importer writes it: BOM, ';', CRLF.
func rejectsCSV(records ...[]string) []byte {
	var b bytes.Buffer
	b.WriteString("\xEF\xBB\xBF")
	for _, rec := range records {
		for i, c := range rec {
			if i > 0 {
				b.WriteByte(';')
			}
			if strings.ContainsAny(c, ";\"\r\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// build writes the twin of rejects and opens it; raw is the workbook's bytes.
func build(tb testing.TB, rejects []byte, lines []int) (f *excelize.File, raw []byte) {
	tb.Helper()
	var out bytes.Buffer
	require.NoError(tb, xlsx.Workbooks{}.RejectsXLSX(bytes.NewReader(rejects), linesOf(lines), &out))
	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	require.NoError(tb, err, "excelize opens it")
	tb.Cleanup(func() { f.Close() })
	return f, out.Bytes()
}

// linesOf is the lines' stream of a rejects file: decimal, one per line.
func linesOf(lines []int) io.Reader {
	var b strings.Builder
	for _, n := range lines {
		b.WriteString(strconv.Itoa(n) + "\n")
	}
	return strings.NewReader(b.String())
}

// sheetXML returns the first worksheet's XML, as written.
func sheetXML(tb testing.TB, raw []byte) string {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(tb, err)
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, err := zf.Open()
			require.NoError(tb, err)
			defer rc.Close()
			x, err := io.ReadAll(rc)
			require.NoError(tb, err)
			return string(x)
		}
	}
	tb.Fatal("no xl/worksheets/sheet1.xml")
	return ""
}

func cell(tb testing.TB, col, row int) string {
	tb.Helper()
	n, err := excelize.CoordinatesToCellName(col, row)
	require.NoError(tb, err)
	return n
}

func TestRejectsXLSX(t *testing.T) {
	long := strings.Repeat("Attribute 'SIRET' with value 'abc' fails check for type is 'NUM' | ", 6)
	records := [][]string{
		{"NumeroDossier", "Nom", "Commune", "Adresse", "Conseiller", "Erreurs"},
		{"ADIE000001", hostile[0], hostile[1], hostile[2], hostile[3], "Attribute 'Civilite' with value 'Mr' fails check"},
		{"ADIE000002", hostile[4], hostile[5], "12 rue des Lilas\nBâtiment B", hostile[6], long},
		{"ADIE000003", "Œdipe; fils", hostile[7], "", "", `il dit "non"`},
	}
	lines := []int{2, 5, 9}
	f, raw := build(t, rejectsCSV(records...), lines)

	require.Equal(t, []string{xlsx.Sheet}, f.GetSheetList())
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	want := [][]string{append([]string{"Ligne"}, records[0]...)}
	for i, rec := range records[1:] {
		row := append([]string{[]string{"2", "5", "9"}[i]}, rec...)
		for len(row) > 0 && row[len(row)-1] == "" { // GetRows drops trailing empty cells
			row = row[:len(row)-1]
		}
		want = append(want, row)
	}
	assert.Equal(t, want, rows, "Ligne, then the rejects' cells as written")
	assert.Equal(t, "Erreurs", rows[0][len(rows[0])-1])

	t.Run("every cell is text", func(t *testing.T) {
		for r := 1; r <= len(records); r++ {
			for c := 1; c <= len(records[0])+1; c++ {
				name := cell(t, c, r)
				v, err := f.GetCellValue(sheet, name)
				require.NoError(t, err)
				formula, err := f.GetCellFormula(sheet, name)
				require.NoError(t, err)
				assert.Empty(t, formula, "%s %q is no formula", name, v)
				if v == "" {
					continue
				}
				typ, err := f.GetCellType(sheet, name)
				require.NoError(t, err)
				assert.Contains(t, []excelize.CellType{excelize.CellTypeInlineString, excelize.CellTypeSharedString}, typ,
					"%s %q is a string, got type %v", name, v, typ)
				if r > 1 {
					id, err := f.GetCellStyle(sheet, name)
					require.NoError(t, err)
					st, err := f.GetStyle(id)
					require.NoError(t, err)
					assert.Equal(t, 49, st.NumFmt, "%s has the text format @", name)
				}
			}
		}
		for _, h := range hostile {
			found := false
			for _, row := range rows {
				for _, v := range row {
					found = found || v == h
				}
			}
			assert.True(t, found, "%q shows as written", h)
		}
		x := sheetXML(t, raw)
		assert.NotContains(t, x, "<f>")
		assert.NotContains(t, x, "<f ")
	})

	t.Run("frozen header", func(t *testing.T) {
		p, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, p.Freeze)
		assert.Equal(t, 1, p.YSplit)
		assert.Equal(t, 0, p.XSplit)
		assert.Equal(t, "A2", p.TopLeftCell)
	})

	t.Run("autofilter", func(t *testing.T) {
		lastCol, err := excelize.ColumnNumberToName(len(records[0]) + 1)
		require.NoError(t, err)
		ref := "A1:" + lastCol + "4"
		// Excel shows the filter buttons from the sheet's autoFilter
		// element; the defined name alone shows none.
		// excelize writes the reference absolute ($A$1:$G$4), which Excel reads.
		x := sheetXML(t, raw)
		abs := "$A$1:$" + lastCol + "$4"
		assert.True(t, strings.Contains(x, `<autoFilter ref="`+ref+`"`) || strings.Contains(x, `<autoFilter ref="`+abs+`"`),
			"the worksheet has no <autoFilter ref=%q>: Excel shows no filter (it has %d autoFilter elements)", ref, strings.Count(x, "<autoFilter"))
		found := false
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm._FilterDatabase" {
				found = true
				assert.Equal(t, "'Rejets'!$A$1:$"+lastCol+"$4", d.RefersTo)
			}
		}
		assert.True(t, found, "the filter's defined name")
	})

	t.Run("column widths", func(t *testing.T) {
		widths := map[string]float64{}
		for c := 1; c <= len(records[0])+1; c++ {
			col, err := excelize.ColumnNumberToName(c)
			require.NoError(t, err)
			w, err := f.GetColWidth(sheet, col)
			require.NoError(t, err)
			widths[rows[0][c-1]] = w
			assert.GreaterOrEqual(t, w, 6.0, "column %s (%s) readable", col, rows[0][c-1])
			assert.LessOrEqual(t, w, 80.0, "column %s (%s) not too wide", col, rows[0][c-1])
		}
		assert.Greater(t, widths["Nom"], widths["Ligne"], "as wide as the content")
		assert.Greater(t, widths["Erreurs"], widths["Nom"])
		assert.GreaterOrEqual(t, widths["NumeroDossier"], float64(len("NumeroDossier")))
	})
}

// TestRejectsXLSXFromImporter: the twin of a rejects file the importer
// wrote, with the physical lines of its records.
func TestRejectsXLSXFromImporter(t *testing.T) {
	m := matrice.Default()
	header := make([]string, m.Len())
	for i := range header {
		header[i] = m.FieldName(i)
	}
	line := func(number string, change map[string]string) []string {
		l := map[string]string{
			"NumeroDossier": number, "Phase": "1", "DateDebutPhase": "01/03/2026", "DateMaj": "10/11/2026",
			"Civilite": "MME", "Nom": "Dupont", "Prenom": "Amélie", "DateNaissance": "12/05/1990", "CodePostal": "93200",
			"Commune": "Saint-Denis", "QPV": "OUI", "CodeQPV": "QN09301M", "DateAccueil": "01/03/2026", "ConsentementRGPD": "OUI",
		}
		for k, v := range change {
			l[k] = v
		}
		cells := make([]string, len(header))
		for i, h := range header {
			cells[i] = l[h]
		}
		return cells
	}
	var body bytes.Buffer
	body.WriteString(strings.Join(header, ";") + "\n")
	for _, l := range [][]string{
		line("ADIE000001", nil),
		line("ADIE000002", map[string]string{"Civilite": "Mr", "Nom": "=1+1", "Conseiller": "@me"}),
		line("ADIE000003", nil),
		line("ADIE000004", map[string]string{"Civilite": "Mr", "Commune": "+33", "Adresse": "-x"}),
	} {
		body.WriteString(strings.Join(l, ";") + "\n")
	}
	var rejects bytes.Buffer
	var lines []int
	var rw *importer.RejectsWriter
	_, err := importer.NewValidator(nil).Validate("20261116-adie.csv", bytes.NewReader(body.Bytes()), func(l *importer.Line) error {
		if l.Accepted() {
			return nil
		}
		if rw == nil {
			rw = importer.NewRejectsWriter(&rejects, l.Header())
		}
		lines = append(lines, l.Number)
		return rw.Write(l)
	})
	require.NoError(t, err)
	require.NotNil(t, rw)
	require.NoError(t, rw.Flush())
	require.Equal(t, []int{3, 5}, lines)

	f, _ := build(t, rejects.Bytes(), lines)
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, append(append([]string{"Ligne"}, header...), "Erreurs"), rows[0])
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	assert.Equal(t, "3", rows[1][0])
	assert.Equal(t, "5", rows[2][0])
	assert.Equal(t, "=1+1", rows[1][col("Nom")])
	assert.Equal(t, "@me", rows[1][col("Conseiller")])
	assert.Equal(t, "+33", rows[2][col("Commune")])
	assert.Equal(t, "-x", rows[2][col("Adresse")])
	assert.Contains(t, rows[1][col("Erreurs")], "Civilite")
	for _, ax := range []string{cell(t, col("Nom")+1, 2), cell(t, col("Commune")+1, 3)} {
		formula, err := f.GetCellFormula(sheet, ax)
		require.NoError(t, err)
		assert.Empty(t, formula, ax)
	}
}

func TestRejectsXLSXHeaderOnly(t *testing.T) {
	f, _ := build(t, rejectsCSV([]string{"Nom", "Erreurs"}), nil)
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"Ligne", "Nom", "Erreurs"}}, rows)
}

func TestRejectsXLSXRefused(t *testing.T) {
	tests := []struct {
		name    string
		rejects []byte
	}{
		{"empty", nil},
		{"only a BOM", []byte("\xEF\xBB\xBF")},
		{"an unclosed quote", []byte("Nom;Erreurs\r\n\"Dupont;x\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := xlsx.Workbooks{}.RejectsXLSX(bytes.NewReader(tt.rejects), linesOf(nil), &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "xlsx")
		})
	}
}

// TestRejectsXLSXStreamed: a rejects file of many records, read as a
// stream, gives every record its line, in order; the widths come from the
// first rows (a long cell far down widens nothing); a stream of lines that
// ends early leaves Ligne empty, without failing.
func TestRejectsXLSXStreamed(t *testing.T) {
	const n = 5000
	records := [][]string{{"NumeroDossier", "Nom", "Erreurs"}}
	lines := make([]int, 0, n)
	for i := range n {
		nom := "Dupont"
		if i == n-1 {
			nom = strings.Repeat("très long ", 40)
		}
		records = append(records, []string{fmt.Sprintf("ADIE%06d", i), nom, "Attribute 'Nom' fails"})
		lines = append(lines, 3*i+2)
	}
	f, _ := build(t, rejectsCSV(records...), lines)
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	require.Len(t, rows, n+1)
	for i := 1; i <= n; i++ {
		if !assert.Equal(t, strconv.Itoa(3*(i-1)+2), rows[i][0], "row %d's line", i+1) {
			break
		}
		if !assert.Equal(t, records[i], rows[i][1:], "row %d's cells", i+1) {
			break
		}
	}
	w, err := f.GetColWidth(sheet, "C")
	require.NoError(t, err)
	assert.Less(t, w, 20.0, "Nom's width is the first rows' (Dupont), not the last row's 400 characters")

	var out bytes.Buffer
	require.NoError(t, xlsx.Workbooks{}.RejectsXLSX(bytes.NewReader(rejectsCSV(records[:4]...)), linesOf([]int{7}), &out))
	g, err := excelize.OpenReader(&out)
	require.NoError(t, err)
	defer g.Close()
	rows, err = g.GetRows(xlsx.Sheet)
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, "7", rows[1][0])
	assert.Equal(t, "", rows[2][0], "no line given: an empty Ligne")
}
