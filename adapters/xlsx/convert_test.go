package xlsx_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// header is the test matrice's header row, as inline strings.
func header() string {
	return row(1, inl("A1", "Numero"), inl("B1", "Date"), inl("C1", "CodePostal"), inl("D1", "SIRET"),
		inl("E1", "Montant"), inl("F1", "QPV"), inl("G1", "Telephone"), inl("H1", "Note"))
}

const csvHeader = "Numero;Date;CodePostal;SIRET;Montant;QPV;Telephone;Note\r\n"

// The conversion follows the matrice: each kind of cell, as Excel and
// LibreOffice write them, gives the text the CSV would hold.
func TestConvertCells(t *testing.T) {
	styles := map[string]int{ // numFmtId of each style, in order (style 1 …)
		"m/d/yy (14)": 14, "dd/mm/yyyy": 164, "yyyy-mm-dd": 165, "long French": 166, "date-time": 167,
		"mm/dd/yy (LibreOffice)": 168, "00000": 169, "time": 20, "text": 49, "0.00": 2, "euros": 170,
	}
	fmts := map[int]string{
		164: "dd/mm/yyyy", 165: "yyyy\\-mm\\-dd", 166: `[$-40C]dddd\ d\ mmmm\ yyyy`, 167: "dd/mm/yyyy hh:mm",
		168: "MM/DD/YY", 169: "00000", 170: `#,##0.00\ "€"`,
	}
	order := []string{"m/d/yy (14)", "dd/mm/yyyy", "yyyy-mm-dd", "long French", "date-time", "mm/dd/yy (LibreOffice)", "00000", "time", "text", "0.00", "euros"}
	var xfs []int
	style := map[string]int{}
	for i, name := range order {
		xfs = append(xfs, styles[name])
		style[name] = i + 1
	}
	tests := []struct {
		name  string
		cells string // row 2, after A2
		want  string // its CSV line, after A2's cell
	}{
		{"date 14 in a DATE column", num("B2", style["m/d/yy (14)"], "45424"), "12/05/2024;;;;;;"},
		{"date dd/mm/yyyy", num("B2", style["dd/mm/yyyy"], "42005"), "01/01/2015;;;;;;"},
		{"date yyyy-mm-dd", num("B2", style["yyyy-mm-dd"], "45657"), "31/12/2024;;;;;;"},
		{"long French date", num("B2", style["long French"], "46342"), "16/11/2026;;;;;;"},
		{"date-time at midnight", num("B2", style["date-time"], "45424"), "12/05/2024;;;;;;"},
		{"date-time at midnight, float noise", num("B2", style["date-time"], "45424.000000001"), "12/05/2024;;;;;;"},
		{"date-time with a time", num("B2", style["date-time"], "45424.5"), "12/05/2024 12:00;;;;;;"},
		{"LibreOffice's date", num("B2", style["mm/dd/yy (LibreOffice)"], "45424"), "12/05/2024;;;;;;"},
		{"date in a text column", num("H2", style["dd/mm/yyyy"], "45424"), ";;;;;;12/05/2024"},
		{"29 February 1900 (Excel's)", num("B2", style["dd/mm/yyyy"], "60"), "29/02/1900;;;;;;"},
		{"1 March 1900", num("B2", style["dd/mm/yyyy"], "61"), "01/03/1900;;;;;;"},
		{"serial 1", num("B2", style["dd/mm/yyyy"], "1"), "01/01/1900;;;;;;"},
		{"a negative date is a number", num("B2", style["dd/mm/yyyy"], "-3"), "-3;;;;;;"},
		{"beyond 9999 is a number", num("B2", style["dd/mm/yyyy"], "2958466"), "2958466;;;;;;"},
		{"a time", num("H2", style["time"], "0.5625"), ";;;;;;13:30"},
		{"a number in a DATE column", num("B2", 0, "45424"), "45424;;;;;;"},
		{"a SIRET", num("D2", 0, "81234567800013"), ";;81234567800013;;;;"},
		{"a SIRET in exponent form", num("D2", 0, "8.1234567800013E+13"), ";;81234567800013;;;;"},
		{"a decimal", num("E2", 0, "1500.5"), ";;;1500.5;;;"},
		{"binary noise", num("E2", 0, "1500.4999999999998"), ";;;1500.5;;;"},
		{"0.1+0.2", num("E2", 0, "0.30000000000000004"), ";;;0.3;;;"},
		{"a small number", num("E2", 0, "1.5E-7"), ";;;0.00000015;;;"},
		{"a large number", num("E2", 0, "1E+21"), ";;;1000000000000000000000;;;"},
		{"minus zero", num("E2", 0, "-0"), ";;;0;;;"},
		{"a format with decimals", num("E2", style["0.00"], "8000"), ";;;8000;;;"},
		{"euros", num("E2", style["euros"], "1234.5"), ";;;1234.5;;;"},
		{"postcode as the cell holds it (a typo stays)", num("C2", 0, "7501"), ";7501;;;;;"},
		{"postcode", num("C2", 0, "75001"), ";75001;;;;;"},
		{"postcode formatted 00000", num("C2", style["00000"], "1000"), ";01000;;;;;"},
		{"postcode formatted 00000, not whole", num("C2", style["00000"], "1000.5"), ";1000.5;;;;;"},
		{"zeros format in a text column", num("H2", style["00000"], "42"), ";;;;;;00042"},
		{"phone that lost its zero", num("G2", 0, "612345678"), ";;;;;0612345678;"},
		{"phone of 8 digits stays", num("G2", 0, "61234567"), ";;;;;61234567;"},
		{"phone as text", inl("G2", "06 12 34 56 78"), ";;;;;06 12 34 56 78;"},
		{"TRUE in a BOOL column", `<c r="F2" t="b"><v>1</v></c>`, ";;;;OUI;;"},
		{"FALSE in a BOOL column", `<c r="F2" t="b"><v>0</v></c>`, ";;;;NON;;"},
		{"TRUE elsewhere", `<c r="H2" t="b"><v>1</v></c>`, ";;;;;;VRAI"},
		{"LibreOffice's TRUE", `<c r="F2" s="0" t="b"><f aca="false">TRUE()</f><v>1</v></c>`, ";;;;OUI;;"},
		{"LibreOffice's FALSE", `<c r="F2" s="0" t="b"><f aca="false">FALSE()</f><v>0</v></c>`, ";;;;NON;;"},
		{"=true ( ) valued true", `<c r="F2" t="b"><f> =true ( ) </f><v>true</v></c>`, ";;;;OUI;;"},
		{"FALSE() elsewhere", `<c r="H2" t="b"><f>False()</f><v>0</v></c>`, ";;;;;;FAUX"},
		{"ISO date cell", `<c r="B2" t="d"><v>2024-05-12T00:00:00</v></c>`, "12/05/2024;;;;;;"},
		{"ISO date-time cell", `<c r="B2" t="d"><v>2024-05-12T08:05:09Z</v></c>`, "12/05/2024 08:05:09;;;;;;"},
		{"text as typed", inl("H2", " Épicerie ; « bio » "), `;;;;;;" Épicerie ; « bio » "`},
		{"quotes", inl("H2", `Dit "le chef"`), `;;;;;;"Dit ""le chef"""`},
		{"a line break", inl("H2", "deux\nlignes"), ";;;;;;\"deux\nlignes\""},
		{"CRLF in the XML is LF", `<c r="H2" t="inlineStr"><is><t>a&#13;&#10;b</t></is></c>`, ";;;;;;\"a\r\nb\""},
		{"_x000D_ escape", `<c r="H2" t="inlineStr"><is><t>a_x000D_b_x005F_x000D_</t></is></c>`, ";;;;;;\"a\rb_x000D_\""},
		{"rich inline text, phonetic left out", `<c r="H2" t="inlineStr"><is><r><rPr><b/></rPr><t>Ep</t></r><r><t xml:space="preserve">ic erie</t></r><rPh sb="0" eb="1"><t>ヨミ</t></rPh></is></c>`, ";;;;;;Epic erie"},
		{"CDATA and a comment", `<c r="H2" t="inlineStr"><is><t><![CDATA[a<b>]]><!-- x -->&amp;c</t></is></c>`, ";;;;;;a<b>&c"},
		{"formula text result without formula", `<c r="H2" t="str"><v>abc</v></c>`, ";;;;;;abc"},
		{"an empty styled cell", `<c r="H2" s="1"/>`, ";;;;;;"},
		{"an empty value", `<c r="E2"><v></v></c>`, ";;;;;;"},
		{"cells without references", `<c t="inlineStr"><is><t>d</t></is></c><c><v>7</v></c><c><v>8</v></c>`, "d;7;8;;;;"},
		{"prefixed elements", `<x:c r="H2" t="inlineStr" xmlns:x="` + mainNS + `"><x:is><x:t>p</x:t></x:is></x:c>`, ";;;;;;p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := rawBook{
				data:    []string{header() + row(2, inl("A2", "ADIE1")+tt.cells)},
				numFmts: fmts, xfs: xfs,
			}.bytes(t)
			got, fes := convert(t, xlsx.Workbooks{}, data, testMatrice(t))
			require.Empty(t, fes)
			assert.Equal(t, csvHeader+"ADIE1;"+tt.want+"\r\n", got)
		})
	}
}

// Shared strings, rich ones included; rows keep their numbers: blank rows
// and missing rows are blank lines, rows after the last value are left
// out; a row shorter than the header is padded; a cell right of the header
// is kept (the importer says cells).
func TestConvertRows(t *testing.T) {
	data := rawBook{
		strings: []string{"Numero", "Date", "CodePostal", "SIRET", "Montant", "QPV", "Telephone", "Note",
			"ADIE1", `<r><t>Ric</t></r><r><rPr><i/></rPr><t>he</t></r>`, "ADIE2", `<t xml:space="preserve">  </t>`},
		data: []string{
			row(2, str("A2", 0), str("B2", 1), str("C2", 2), str("D2", 3), str("E2", 4), str("F2", 5), str("G2", 6), str("H2", 7)) +
				row(3, str("A3", 8), str("H3", 9)) +
				`<row r="4" spans="1:8"><c r="A4" s="1"/></row>` +
				row(6, str("A6", 10), str("J6", 9)) +
				row(7, str("B7", 11)) +
				row(9, `<c r="C9" s="2"/>`),
		},
		xfs: []int{14, 0},
	}.bytes(t)
	got, fes := convert(t, xlsx.Workbooks{}, data, testMatrice(t))
	require.Empty(t, fes)
	assert.Equal(t, "\r\n"+ // row 1: blank, before the header
		csvHeader+ // row 2
		"ADIE1;;;;;;;Riche\r\n"+ // row 3
		"\r\n\r\n"+ // rows 4 and 5
		"ADIE2;;;;;;;;;Riche\r\n"+ // row 6: J is beyond the header
		";\"  \";;;;;;\r\n", // row 7: a cell of spaces (the importer sees a blank line); rows 8 and 9 are left out
		got)

	// The importer numbers its lines by row.
	v := importer.NewValidator(testMatrice(t))
	v.RowNumbers = true
	v.Date = matrice.NewDate(2026, 11, 16)
	var lines []int
	rep, err := v.Validate("20261116-adie.xlsx", strings.NewReader(got), func(l *importer.Line) error {
		lines = append(lines, l.Number)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []int{3, 6}, lines)
	require.Len(t, rep.Checks, 1)
	assert.Equal(t, 6, rep.Checks[0].Examples[0].Line)
	assert.Equal(t, matrice.CheckCells, rep.Checks[0].Check)
}

// The 1904 date system.
func TestConvertDate1904(t *testing.T) {
	data := rawBook{
		data:     []string{header() + row(2, inl("A2", "X"), num("B2", 1, "0"), num("H2", 1, "43962"))},
		xfs:      []int{14},
		date1904: true,
	}.bytes(t)
	got, fes := convert(t, xlsx.Workbooks{}, data, testMatrice(t))
	require.Empty(t, fes)
	assert.Equal(t, csvHeader+"X;01/01/1904;;;;;;12/05/2024\r\n", got)
}

// Shared strings beyond the memory budget go to a temporary file: the
// conversion is the same.
func TestConvertStringsSpill(t *testing.T) {
	var sst []string
	var rows strings.Builder
	rows.WriteString(header())
	for i := range 3000 {
		sst = append(sst, "nom-"+strings.Repeat("x", i%50)+"-"+itoa(i))
		rows.WriteString(row(i+2, inl("A"+itoa(i+2), "N"+itoa(i)), str("D"+itoa(i+2), 0), str("H"+itoa(i+2), i)))
	}
	b := rawBook{strings: sst, data: []string{rows.String()}}.bytes(t)
	want, fes := convert(t, xlsx.Workbooks{}, b, testMatrice(t))
	require.Empty(t, fes)
	for _, budget := range []int{1, 100, 5000, 1 << 16} {
		got, fes := convert(t, xlsx.Workbooks{Limits: xlsx.Limits{StringsMemory: budget}}, b, testMatrice(t))
		require.Empty(t, fes)
		assert.Equal(t, want, got, "budget %d", budget)
	}
	assert.True(t, strings.HasSuffix(want, "N2999;;;nom--0;;;;nom-"+strings.Repeat("x", 2999%50)+"-2999\r\n"), "the last row")
}

func itoa(i int) string { return strconvItoa(i) }

// The CSV stream stops when closed, and gives the file errors as its
// read error.
func TestCSVStream(t *testing.T) {
	good := rawBook{data: []string{header() + row(2, inl("A2", "X"))}}.bytes(t)
	rc := xlsx.Workbooks{}.CSV(context.Background(), readerAt(good), int64(len(good)), testMatrice(t))
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.Equal(t, csvHeader+"X;;;;;;;\r\n", string(b))
	require.NoError(t, rc.Close())

	bad := rawBook{data: []string{header() + row(2, `<c r="A2"><f>1+1</f><v>2</v></c>`)}}.bytes(t)
	rc = xlsx.Workbooks{}.CSV(context.Background(), readerAt(bad), int64(len(bad)), testMatrice(t))
	_, err = io.ReadAll(rc)
	var fes importer.FileErrors
	require.ErrorAs(t, err, &fes)
	assert.Equal(t, []string{"cell A2 holds a formula: type its value instead"}, messages(fes))
	require.NoError(t, rc.Close())

	// Closed before the end: the conversion stops.
	var rows strings.Builder
	for i := range 50000 {
		rows.WriteString(row(i+1, inl("A"+itoa(i+1), "a long enough value to fill the pipe")))
	}
	big := rawBook{data: []string{rows.String()}}.bytes(t)
	rc = xlsx.Workbooks{}.CSV(context.Background(), readerAt(big), int64(len(big)), testMatrice(t))
	_, err = io.ReadFull(rc, make([]byte, 100))
	require.NoError(t, err)
	require.NoError(t, rc.Close()) // returns once the conversion has stopped

	// A cancelled context stops it too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = xlsx.Workbooks{}.Convert(ctx, readerAt(big), int64(len(big)), testMatrice(t), io.Discard)
	assert.ErrorIs(t, err, context.Canceled)
}
