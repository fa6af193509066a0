package xlsx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// fuzzLimits keep a fuzz run's inputs small and fast.
var fuzzLimits = xlsx.Limits{MaxCSVBytes: 1 << 20, MaxSheetBytes: 8 << 20, MaxStringsBytes: 4 << 20, MaxPartBytes: 1 << 20,
	RatioSlack: 1 << 20, MaxStrings: 1 << 16, StringsMemory: 1 << 12}

// checkConversion converts data and checks what any input must give: the
// CSV (valid UTF-8), or workbook file errors with both texts, never another
// error, never a panic.
func checkConversion(t *testing.T, data []byte, m *matrice.Matrice) {
	var out bytes.Buffer
	err := xlsx.Workbooks{Limits: fuzzLimits}.Convert(context.Background(), bytes.NewReader(data), int64(len(data)), m, &out)
	if err != nil {
		var fes importer.FileErrors
		if !errors.As(err, &fes) || len(fes) == 0 {
			t.Fatalf("an error that is not a workbook error: %v", err)
		}
		for _, e := range fes {
			if e.Code != importer.CodeWorkbook || e.Message == "" || e.In(i18n.French) == "" {
				t.Fatalf("a bad file error: %+v", e)
			}
		}
		return
	}
	if !utf8.Valid(out.Bytes()) {
		t.Fatalf("the CSV is not UTF-8")
	}
	if out.Len() > int(fuzzLimits.MaxCSVBytes) {
		t.Fatalf("the CSV is %d bytes, beyond the limit", out.Len())
	}
}

// seedWorkbooks are the real workbooks of testdata.
func seedWorkbooks(f *testing.F) [][]byte {
	var out [][]byte
	paths, _ := filepath.Glob("testdata/*/*.xlsx")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err == nil {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		f.Fatal("no seed workbook in testdata")
	}
	return out
}

// FuzzWorkbook converts arbitrary bytes as a workbook.
func FuzzWorkbook(f *testing.F) {
	for _, b := range seedWorkbooks(f) {
		f.Add(b)
	}
	f.Add(rawBook{data: []string{header() + row(2, `<c r="A2"><f>1</f><v>1</v></c>`)}}.bytes(f))
	f.Add([]byte("Numero;Date\r\n"))
	f.Add([]byte{})
	m := matrice.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		checkConversion(t, data, m)
	})
}

// FuzzSheetXML converts workbooks whose sheet and shared strings are
// arbitrary XML, stored uncompressed, so that the fuzzer's changes reach
// the XML scanner and the conversion rather than the inflater.
func FuzzSheetXML(f *testing.F) {
	for _, b := range seedWorkbooks(f) {
		sheet, sst := parts(b, "xl/worksheets/sheet1.xml"), parts(b, "xl/sharedStrings.xml")
		if sheet != nil {
			f.Add(sheet, sst)
		}
	}
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45424.5</v></c></row></sheetData></worksheet>`),
		[]byte(`<sst><si><r><t>Nu</t></r><r><t>mero</t></r><rPh><t>x</t></rPh></si></sst>`))
	m := testMatrice(f)
	base := map[string]string{
		"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"_rels/.rels":                `<Relationships xmlns="` + pkgRelsNS + `"><Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets><sheet name="D" sheetId="1" r:id="rS1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="` + pkgRelsNS + `"><Relationship Id="rS1" Type="` + relNS + `/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rS2" Type="` + relNS + `/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rS3" Type="` + relNS + `/styles" Target="styles.xml"/></Relationships>`,
		"xl/styles.xml":              `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		add := func(name string, b []byte) {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(b)
		}
		for name, b := range base {
			add(name, []byte(b))
		}
		add("xl/worksheets/sheet1.xml", sheet)
		add("xl/sharedStrings.xml", sst)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		checkConversion(t, buf.Bytes(), m)
	})
}

// parts returns a part of a workbook, or nil.
func parts(b []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			out, _ := io.ReadAll(rc)
			return out
		}
	}
	return nil
}

// FuzzMatrice loads arbitrary bytes as a matrice workbook: a matrice, or
// LoadErrors naming the source, within the bounds; never a panic. Seeds:
// workbooks excelize writes (the default matrice with typed cells, a small
// one, an empty sheet), a zip that is no workbook, and no zip.
func FuzzMatrice(f *testing.F) {
	f.Add(xlsxBytes(f, typed(f, csvRows(string(matrice.DefaultCSV())))))
	f.Add(xlsxBytes(f, csvRows(csvMatrice(lineNumero, linePhase, lineQPV))))
	f.Add(xlsxBytes(f, nil))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte(csvMatrice(lineNumero)))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := loadMatrice("m.xlsx", data)
		if err == nil {
			if m == nil || m.Len() == 0 {
				t.Fatal("got no matrice and no error")
			}
			return
		}
		if m != nil {
			t.Fatalf("got a matrice and an error %v", err)
		}
		var list matrice.LoadErrors
		var one *matrice.LoadError
		switch {
		case errors.As(err, &list):
		case errors.As(err, &one):
			list = matrice.LoadErrors{one}
		default:
			t.Fatalf("got %T %v, want *LoadError or LoadErrors", err, err)
		}
		for _, e := range list {
			if e.Source != "m.xlsx" || e.Msg == "" {
				t.Errorf("got %#v", e)
			}
		}
	})
}
