package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
)

// withSheet returns the workbook raw with its first sheet's XML replaced.
func withSheet(tb testing.TB, raw []byte, sheet string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(tb, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		require.NoError(tb, err)
		if f.Name == "xl/worksheets/sheet1.xml" {
			_, err = w.Write([]byte(sheet))
			require.NoError(tb, err)
			continue
		}
		rc, err := f.Open()
		require.NoError(tb, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		rc.Close()
		require.NoError(tb, err)
		_, err = w.Write(b.Bytes())
		require.NoError(tb, err)
	}
	require.NoError(tb, zw.Close())
	return out.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

// TestLoadXLSXBounds: a workbook beyond the bounds of a matrice — too large
// a file, a row far down, a column far right, too many cells, a part that
// unpacks to 100 MiB — is one LoadError naming the bound, at once.
func TestLoadXLSXBounds(t *testing.T) {
	base := xlsxBytes(t, csvRows(csvMatrice(lineNumero)))
	var cells strings.Builder
	cells.WriteString(sheetHead)
	for r := 1; r <= 1600; r++ { // 100,800 cells
		fmt.Fprintf(&cells, `<row r="%d">`, r)
		for c := range 63 {
			fmt.Fprintf(&cells, `<c t="inlineStr"><is><t>%d</t></is></c>`, c%10)
		}
		cells.WriteString(`</row>`)
	}
	cells.WriteString(`</sheetData></worksheet>`)
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	require.NoError(t, err)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		require.NoError(t, err)
		if f.Name == "xl/worksheets/sheet1.xml" {
			w.Write([]byte(sheetHead))
			space := bytes.Repeat([]byte(" "), 1<<20)
			for range 100 { // 100 MiB of spaces, a few hundred KB zipped
				w.Write(space)
			}
			w.Write([]byte(`</sheetData></worksheet>`))
			continue
		}
		rc, err := f.Open()
		require.NoError(t, err)
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		w.Write(b.Bytes())
	}
	require.NoError(t, zw.Close())

	tests := []struct {
		name, want string
		data       []byte
	}{
		{"larger than 16 MiB", "larger than 16 MiB", append(bytes.Clone(base), make([]byte, xlsx.MaxMatriceBytes)...)},
		{"a row far down", "the sheet has a row 1000000, beyond 10000", withSheet(t, base, sheetHead+`<row r="1000000"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`)},
		{"a column far right", "cell BM1 holds a value beyond column 64", withSheet(t, base, sheetHead+`<row r="1"><c r="BM1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`)},
		{"too many cells", "more than 100000 cells", withSheet(t, base, cells.String())},
		{"a part unpacking to 100 MiB", `part "xl/worksheets/sheet1.xml" is larger than 64 MiB once unpacked`, bomb.Bytes()},
		{"not a workbook", "neither a ZIP nor text", []byte("\x00\x01\x02 not a workbook")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := loadMatrice("m.xlsx", tt.data)
			assert.Nil(t, m)
			errs := loadErrors(t, err)
			require.Len(t, errs, 1)
			assert.Equal(t, "m.xlsx", errs[0].Source)
			assert.Contains(t, errs[0].Msg, tt.want)
		})
	}
}
