package xlsx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/require"
)

// rawBook is a workbook written part by part, so that a test controls its
// XML exactly: the way Excel, LibreOffice or a hand-made file write it.
type rawBook struct {
	sheets   []string          // names; the first is sheet1.xml, and so on
	data     []string          // each sheet's <sheetData> content
	tail     string            // after </sheetData> in the first sheet
	strings  []string          // shared strings, as XML (<t>…</t> or runs)
	numFmts  map[int]string    // custom number formats
	xfs      []int             // cell styles: their numFmtId
	date1904 bool              //
	wbExtra  string            // more in workbook.xml, before <sheets>
	rels     []string          // more relationships of workbook.xml
	sheetRel []string          // relationships of the first sheet
	parts    map[string]string // more parts
	ctMain   string            // the workbook's content type, if not the default
	noStyles bool
}

const (
	relNS     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	mainNS    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	pkgRelsNS = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// bytes writes the workbook.
func (b rawBook) bytes(tb testing.TB) []byte {
	tb.Helper()
	if len(b.sheets) == 0 {
		b.sheets = []string{"Dossiers"}
	}
	parts := map[string]string{}
	ct := b.ctMain
	if ct == "" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	}
	parts["[Content_Types].xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="` + ct + `"/></Types>`
	parts["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + pkgRelsNS + `"><Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	var sheets, rels strings.Builder
	for i, name := range b.sheets {
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rS%d"/>`, xmlEscape(name), i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rS%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, relNS, i+1)
		data := ""
		if i < len(b.data) {
			data = b.data[i]
		}
		tail := ""
		if i == 0 {
			tail = b.tail
		}
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><dimension ref="A1"/><sheetData>` + data + `</sheetData>` + tail + `</worksheet>`
	}
	if len(b.strings) > 0 {
		var sst strings.Builder
		fmt.Fprintf(&sst, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">`, mainNS, len(b.strings), len(b.strings))
		for _, s := range b.strings {
			if !strings.HasPrefix(s, "<") {
				s = "<t>" + s + "</t>"
			}
			sst.WriteString("<si>" + s + "</si>")
		}
		sst.WriteString("</sst>")
		parts["xl/sharedStrings.xml"] = sst.String()
		fmt.Fprintf(&rels, `<Relationship Id="rSST" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, relNS)
	}
	if !b.noStyles {
		var st strings.Builder
		st.WriteString(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="` + mainNS + `">`)
		if len(b.numFmts) > 0 {
			ids := make([]int, 0, len(b.numFmts))
			for id := range b.numFmts {
				ids = append(ids, id)
			}
			sort.Ints(ids)
			fmt.Fprintf(&st, `<numFmts count="%d">`, len(ids))
			for _, id := range ids {
				fmt.Fprintf(&st, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, xmlEscape(b.numFmts[id]))
			}
			st.WriteString(`</numFmts>`)
		}
		st.WriteString(`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>`) // never read
		xfs := append([]int{0}, b.xfs...)
		fmt.Fprintf(&st, `<cellXfs count="%d">`, len(xfs))
		for _, id := range xfs {
			fmt.Fprintf(&st, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, id)
		}
		st.WriteString(`</cellXfs></styleSheet>`)
		parts["xl/styles.xml"] = st.String()
		fmt.Fprintf(&rels, `<Relationship Id="rSt" Type="%s/styles" Target="styles.xml"/>`, relNS)
	}
	for _, r := range b.rels {
		rels.WriteString(r)
	}
	pr := ""
	if b.date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `">` + pr + b.wbExtra + `<sheets>` + sheets.String() + `</sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + pkgRelsNS + `">` + rels.String() + `</Relationships>`
	if len(b.sheetRel) > 0 {
		parts["xl/worksheets/_rels/sheet1.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + pkgRelsNS + `">` + strings.Join(b.sheetRel, "") + `</Relationships>`
	}
	for k, v := range b.parts {
		parts[k] = v
	}
	return zipParts(tb, parts)
}

// zipParts writes parts into a ZIP, in a stable order.
func zipParts(tb testing.TB, parts map[string]string) []byte {
	tb.Helper()
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		require.NoError(tb, err)
		_, err = w.Write([]byte(parts[n]))
		require.NoError(tb, err)
	}
	require.NoError(tb, zw.Close())
	return buf.Bytes()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// row writes a <row> of cells.
func row(r int, cells ...string) string {
	return fmt.Sprintf(`<row r="%d">%s</row>`, r, strings.Join(cells, ""))
}

// str is a shared-string cell; inl an inline one; num a number with a style
// (0: none); boolean, errc, formula the others.
func str(ref string, i int) string { return fmt.Sprintf(`<c r="%s" t="s"><v>%d</v></c>`, ref, i) }
func inl(ref, text string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, xmlEscape(text))
}
func num(ref string, style int, v string) string {
	if style == 0 {
		return fmt.Sprintf(`<c r="%s"><v>%s</v></c>`, ref, v)
	}
	return fmt.Sprintf(`<c r="%s" s="%d"><v>%s</v></c>`, ref, style, v)
}

// testMatrice is a small matrice with a column of each kind the conversion
// cares about.
func testMatrice(tb testing.TB) *matrice.Matrice {
	tb.Helper()
	m, err := matrice.New([]matrice.Field{
		{Name: "Numero", Group: matrice.GroupDossier, Type: matrice.DOSSIER, Import: matrice.Required},
		{Name: "Date", Group: matrice.GroupDossier, Type: matrice.DATE},
		{Name: "CodePostal", Group: matrice.GroupDossier, Type: matrice.NUM, MinLength: 5, MaxLength: 5},
		{Name: "SIRET", Group: matrice.GroupDossier, Type: matrice.NUM},
		{Name: "Montant", Group: matrice.GroupDossier, Type: matrice.DEC},
		{Name: "QPV", Group: matrice.GroupDossier, Type: matrice.BOOL},
		{Name: "Telephone", Group: matrice.GroupDossier, Type: matrice.TEL},
		{Name: "Note", Group: matrice.GroupDossier, Type: matrice.TXT},
	})
	require.NoError(tb, err)
	return m
}

// convert converts a workbook with w (its limits), returning the CSV or
// the file errors.
func convert(tb testing.TB, w xlsx.Workbooks, data []byte, m *matrice.Matrice) (string, importer.FileErrors) {
	tb.Helper()
	var out bytes.Buffer
	err := w.Convert(context.Background(), bytes.NewReader(data), int64(len(data)), m, &out)
	if err == nil {
		return out.String(), nil
	}
	var fes importer.FileErrors
	require.True(tb, errors.As(err, &fes), "an error that is not FileErrors: %v", err)
	for _, e := range fes {
		require.Equal(tb, importer.CodeWorkbook, e.Code)
		require.NotEmpty(tb, e.Message)
		require.NotEmpty(tb, e.In(i18n.French))
	}
	return out.String(), fes
}

// messages lists file errors' English messages.
func messages(fes importer.FileErrors) []string {
	out := make([]string, len(fes))
	for i, e := range fes {
		out[i] = e.Message
	}
	return out
}

// french lists file errors' French messages.
func french(fes importer.FileErrors) []string {
	out := make([]string, len(fes))
	for i, e := range fes {
		out[i] = e.In(i18n.French)
	}
	return out
}

// readTestdata reads a file of testdata/.
func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(tb, err)
	return b
}

func strconvItoa(i int) string { return fmt.Sprint(i) }

// readerAt reads a workbook held in memory.
func readerAt(b []byte) *bytes.Reader { return bytes.NewReader(b) }
