package xlsx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// paddedBook is a valid workbook whose sheet holds pad bytes of spaces
// before its rows: the zip bomb of the issue, at a size a test can make.
func paddedBook(t *testing.T, pad int64) []byte {
	t.Helper()
	parts := rawBook{data: []string{header() + row(2, inl("A2", "X"))}}
	var sheet string
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	src := parts.bytes(t)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(t, err)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet = string(b)
			i := strings.Index(sheet, "<sheetData>")
			_, err = io.WriteString(w, sheet[:i])
			require.NoError(t, err)
			spaces := bytes.Repeat([]byte{' '}, 1<<20)
			for n := int64(0); n < pad; n += int64(len(spaces)) {
				_, err = w.Write(spaces[:min(int64(len(spaces)), pad-n)])
				require.NoError(t, err)
			}
			_, err = io.WriteString(w, sheet[i:])
		} else {
			_, err = w.Write(b)
		}
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// Workbooks beyond the bounds are refused, with a workbook error saying
// which bound.
func TestBounds(t *testing.T) {
	m := testMatrice(t)
	tests := []struct {
		name string
		lim  xlsx.Limits
		data func(t *testing.T) []byte
		want string
	}{
		{"padded with spaces (zip bomb)", xlsx.Limits{}, func(t *testing.T) []byte { return paddedBook(t, 96<<20) },
			`the workbook's part "xl/worksheets/sheet1.xml" unpacks to more than 200 times its packed size, which no real workbook does: the file is refused`},
		{"a sheet beyond its size", xlsx.Limits{MaxSheetBytes: 4 << 20, RatioSlack: 64 << 20}, func(t *testing.T) []byte { return paddedBook(t, 8<<20) },
			`the workbook's part "xl/worksheets/sheet1.xml" is larger than 4 MiB once unpacked, more than a workbook E#L accepts: split the file`},
		{"a row far away", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + `<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>`}}.bytes(t)
		}, "the sheet has a row 2000000000, beyond a worksheet's last row (1048576): the workbook is damaged or was not made by a spreadsheet"},
		{"the row after the last", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + `<row r="1048577"/>`}}.bytes(t)
		}, "the sheet has a row 1048577, beyond a worksheet's last row (1048576): the workbook is damaged or was not made by a spreadsheet"},
		{"a row number overflowing", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + `<row r="99999999999999999999"/>`}}.bytes(t)
		}, "the workbook is damaged (a row has no valid number): open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)"},
		{"rows going backwards", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(9, inl("A9", "x")) + row(7, inl("A7", "y"))}}.bytes(t)
		}, "the sheet's row 7 comes after row 9: the workbook is damaged or was not made by a spreadsheet"},
		{"a row twice", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(1, inl("A1", "x"))}}.bytes(t)
		}, "the sheet's row 1 comes after row 1: the workbook is damaged or was not made by a spreadsheet"},
		{"cells going backwards", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("C2", "x"), inl("B2", "y"))}}.bytes(t)
		}, "cell B2 is out of place in its row: the workbook is damaged or was not made by a spreadsheet"},
		{"a cell of another row", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("C3", "x"))}}.bytes(t)
		}, "cell C3 is out of place in its row: the workbook is damaged or was not made by a spreadsheet"},
		{"a column beyond XFD", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("XFE2", "x"))}}.bytes(t)
		}, "cell XFE2 is out of place in its row: the workbook is damaged or was not made by a spreadsheet"},
		{"a value far right", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("A2", "x"), inl("Z2", "far"))}}.bytes(t)
		}, "cell Z2 holds a value beyond the template's columns (the matrice has 8): delete what lies right of the table"},
		{"a cell too long", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("H2", strings.Repeat("é", 32768)))}}.bytes(t)
		}, "cell H2 holds more than 32767 characters, more than a cell can hold: the workbook is damaged"},
		{"a shared string too long", xlsx.Limits{}, func(t *testing.T) []byte {
			return rawBook{strings: []string{strings.Repeat("x", 200000)}, data: []string{header() + row(2, str("H2", 0))}}.bytes(t)
		}, "a text of the workbook holds more than 32767 characters, more than a cell can hold: the workbook is damaged"},
		{"a CSV beyond its size", xlsx.Limits{MaxCSVBytes: 100}, func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("H2", strings.Repeat("x", 60)))}}.bytes(t)
		}, "the workbook's data is larger than 100 bytes as CSV, the largest file E#L accepts: split it into several exports"},
		{"too many shared strings", xlsx.Limits{MaxStrings: 2}, func(t *testing.T) []byte {
			return rawBook{strings: []string{"a", "b", "c"}, data: []string{header()}}.bytes(t)
		}, "the workbook holds more than 2 distinct texts, more than a workbook E#L accepts: split the file"},
		{"too many parts", xlsx.Limits{}, func(t *testing.T) []byte {
			parts := map[string]string{}
			for i := range 10001 {
				parts[fmt.Sprintf("x/%d", i)] = ""
			}
			return zipParts(t, parts)
		}, "the workbook holds 10001 parts, more than a workbook built on the template ever does: fill in the template again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fes := convert(t, xlsx.Workbooks{Limits: tt.lim}, tt.data(t), m)
			require.NotEmpty(t, fes)
			assert.Equal(t, tt.want, fes[len(fes)-1].Message)
			assert.Less(t, len(out), 64<<10, "little or nothing written")
		})
	}
}

// Damaged workbooks are refused as damaged, never read wrong.
func TestDamaged(t *testing.T) {
	good := rawBook{strings: []string{"x"}, data: []string{header() + row(2, str("A2", 0))}}.bytes(t)
	m := testMatrice(t)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "the file is not an Excel workbook (.xlsx) (not a ZIP file)"},
		{"a byte changed", flipInPart(t, good, "xl/worksheets/sheet1.xml"), "does not match its checksum"},
		{"a shared string that does not exist", rawBook{strings: []string{"x"}, data: []string{header() + row(2, str("A2", 5))}}.bytes(t), "cell A2 refers to a shared string that does not exist"},
		{"no shared strings at all", rawBook{data: []string{header() + row(2, str("A2", 0))}}.bytes(t), "cell A2 refers to a shared string that does not exist"},
		{"an unclosed tag", rawBook{data: []string{header() + `<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c`}}.bytes(t), "is not well-formed XML"},
		{"an unclosed sheetData", rawBook{data: []string{header()}, tail: "<sheetData>"}.bytes(t), "is not well-formed XML"},
		{"a DOCTYPE", rawBook{data: []string{header()}, tail: `<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>`}.bytes(t), "is not well-formed XML"},
		{"an unknown entity", rawBook{data: []string{header() + `<row r="2"><c r="A2" t="inlineStr"><is><t>&lol;</t></is></c></row>`}}.bytes(t), "is not well-formed XML"},
		{"a NUL character reference", rawBook{data: []string{header() + `<row r="2"><c r="A2" t="inlineStr"><is><t>a&#0;</t></is></c></row>`}}.bytes(t), "is not well-formed XML"},
		{"text that is not UTF-8", rawBook{data: []string{header() + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>D\xe9j\xe0</t></is></c></row>"}}.bytes(t), "cell A2 holds text that is not UTF-8"},
		{"a sheet without its part", rawBook{data: []string{header()}, parts: map[string]string{"xl/_rels/workbook.xml.rels": `<Relationships xmlns="` + pkgRelsNS + `"><Relationship Id="rS1" Type="` + relNS + `/worksheet" Target="worksheets/missing.xml"/></Relationships>`}}.bytes(t), `the sheet "Dossiers" has no part`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fes := convert(t, xlsx.Workbooks{}, tt.data, m)
			require.NotEmpty(t, fes)
			assert.Contains(t, fes[len(fes)-1].Message, tt.want)
			assert.NotContains(t, out, "Numero;", "nothing converted, or not the whole")
		})
	}
}

// flipInPart changes one byte of a part stored without compression.
func flipInPart(t *testing.T, data []byte, part string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	out := buf.Bytes()
	i := bytes.Index(out, []byte("<dimension"))
	require.Positive(t, i)
	out[i+1] = 'D'
	return out
}
