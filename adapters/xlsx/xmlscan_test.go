package xlsx

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokens reads a whole document: each token as "<name attrs>", "</name>",
// "<name/>", and the text after each start tag as "«text»".
func tokens(r io.Reader) ([]string, error) {
	x := newXMLScanner(r, 1<<16)
	var out []string
	for {
		k, err := x.next()
		if err != nil {
			return out, err
		}
		switch k {
		case tokEOF:
			return out, nil
		case tokEnd:
			out = append(out, "</"+string(x.name)+">")
		case tokStart:
			if x.empty {
				out = append(out, "<"+string(x.name)+"/>")
				continue
			}
			out = append(out, "<"+string(x.name)+strings.TrimSpace(string(x.attrs))+">")
			t, err := x.text(nil, 1<<20)
			if err != nil {
				return out, err
			}
			if len(t) > 0 {
				out = append(out, "«"+string(t)+"»")
			}
		}
	}
}

func TestXMLScanner(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		err      error
	}{
		{"elements", `<?xml version="1.0"?><a x="1"><b/><c>t</c></a>`, []string{`<ax="1">`, "<b/>", "<c>", "«t»", "</c>", "</a>"}, nil},
		{"prefixes", `<x:a xmlns:x="u"><x:b>t</x:b></x:a>`, []string{`<axmlns:x="u">`, "<b>", "«t»", "</b>", "</a>"}, nil},
		{"entities", `<t>&lt;&gt;&amp;&quot;&apos;&#233;&#xE9;&#x1F600;</t>`, []string{"<t>", "«<>&\"'éé😀»", "</t>"}, nil},
		{"line ends", "<t>a\r\nb\rc\n</t>", []string{"<t>", "«a\nb\nc\n»", "</t>"}, nil},
		{"CDATA", `<t>a<![CDATA[<b>&amp;]]>c</t>`, []string{"<t>", "«a<b>&amp;c»", "</t>"}, nil},
		{"comment and PI in text", `<t>a<!-- x -->b<?p q?>c</t>`, []string{"<t>", "«abc»", "</t>"}, nil},
		{"'>' in an attribute", `<a x="1>2" y='3>4'><b/></a>`, []string{`<ax="1>2" y='3>4'>`, "<b/>", "</a>"}, nil},
		{"BOM", "\xEF\xBB\xBF<a/>", []string{"<a/>"}, nil},
		{"UTF-16", "\xFF\xFE<\x00a\x00/\x00>\x00", nil, errXML},
		{"DOCTYPE", `<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`, nil, errDoctype},
		{"unknown entity", `<t>&e;</t>`, []string{"<t>"}, errXML},
		{"entity without end", `<t>&amp</t>`, []string{"<t>"}, errXML},
		{"NUL reference", `<t>&#0;</t>`, []string{"<t>"}, errXML},
		{"surrogate reference", `<t>&#xD800;</t>`, []string{"<t>"}, errXML},
		{"huge reference", `<t>&#99999999999;</t>`, []string{"<t>"}, errXML},
		{"cut tag", `<a><b`, []string{"<a>"}, errXML},
		{"empty name", `<a></></a>`, []string{"<a>"}, errXML},
		{"cut comment", `<a/><!-- x`, []string{"<a/>"}, errXML},
		{"unclosed CDATA in text", `<t>a<![CDATA[b`, []string{"<t>"}, errXML},
		{"text outside elements", `junk<a/>more`, []string{"<a/>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in)), iotest.HalfReader(strings.NewReader(tt.in))} {
				got, err := tokens(r)
				assert.ErrorIs(t, err, tt.err)
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

// A text beyond its maximum, a token beyond the buffer's: errors, not
// memory.
func TestXMLScannerBounds(t *testing.T) {
	x := newXMLScanner(strings.NewReader("<t>"+strings.Repeat("a", 1000)+"</t>"), 1<<16)
	_, err := x.next()
	require.NoError(t, err)
	_, err = x.text(nil, 100)
	assert.ErrorIs(t, err, errText)

	x = newXMLScanner(strings.NewReader(`<a x="`+strings.Repeat("a", 1<<17)+`"/>`), 1<<16)
	_, err = x.next()
	assert.ErrorIs(t, err, errToken)

	x = newXMLScanner(strings.NewReader("<!--"+strings.Repeat("a", 1<<17)+"-->"), 1<<16)
	_, err = x.next()
	assert.ErrorIs(t, err, errToken)
}

func TestAttr(t *testing.T) {
	x := newXMLScanner(strings.NewReader(`<c r="A1" s = '3' r:id="rId7" t="s" name="R&amp;D &lt;1&gt;"/>`), 1<<16)
	_, err := x.next()
	require.NoError(t, err)
	v, ok := x.attr("r")
	assert.True(t, ok)
	assert.Equal(t, "A1", string(v))
	v, _ = x.attr("s")
	assert.Equal(t, "3", string(v))
	v, _ = x.attr("id")
	assert.Equal(t, "rId7", string(v))
	s, err := x.attrText("name")
	require.NoError(t, err)
	assert.Equal(t, "R&D <1>", s)
	_, ok = x.attr("missing")
	assert.False(t, ok)
}

func TestDecodeEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"a_x000D_b":      "a\rb",
		"_x005F_x000D_":  "_x000D_",
		"_x0041__x0042_": "AB",
		"_x00e9_":        "é",
		"_x0000_":        "_x0000_",
		"_xD800_":        "_xD800_",
		"_x12G4_":        "_x12G4_",
		"_x12":           "_x12",
		"plain":          "plain",
	} {
		assert.Equal(t, want, string(decodeEscapes([]byte(in))), in)
	}
}

func TestClassifyFormat(t *testing.T) {
	tests := map[string]numFormat{
		"General":                               {},
		"Standard":                              {},
		"0":                                     {},
		"0.00":                                  {},
		"#,##0.00\\ \"€\"":                      {},
		"0.00E+00":                              {},
		"@":                                     {},
		"00000":                                 {pad: 5},
		"0000000000":                            {pad: 10},
		"00000;[Red]-00000":                     {pad: 5},
		"dd/mm/yyyy":                            {kind: numDate},
		"DD/MM/YYYY":                            {kind: numDate},
		"yyyy\\-mm\\-dd":                        {kind: numDate},
		"[$-40C]dddd\\ d\\ mmmm\\ yyyy":         {kind: numDate},
		"[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy": {kind: numDate},
		"mmm yy":                                {kind: numDate},
		"dd/mm/yyyy hh:mm":                      {kind: numDate},
		"h:mm":                                  {kind: numTime},
		"[h]:mm:ss":                             {kind: numTime},
		"mm:ss":                                 {kind: numTime},
		"h:mm AM/PM":                            {kind: numTime},
		"\"Jour \"0":                            {},
		"[Red][<=99999]00000":                   {pad: 5},
		"0 \"jours\"":                           {},
	}
	for code, want := range tests {
		assert.Equal(t, want, classifyFormatCode(code), code)
	}
	for id, want := range map[int]numKind{0: numGeneral, 1: numGeneral, 14: numDate, 17: numDate, 18: numTime, 22: numDate, 45: numTime, 49: numGeneral, 57: numDate} {
		assert.Equal(t, want, builtinFormat(id).kind, "%d", id)
	}
}

func TestSerialDates(t *testing.T) {
	tests := []struct {
		v        float64
		date1904 bool
		withDate bool
		want     string
	}{
		{45424, false, true, "12/05/2024"},
		{1, false, true, "01/01/1900"},
		{59, false, true, "28/02/1900"},
		{60, false, true, "29/02/1900"},
		{61, false, true, "01/03/1900"},
		{0, false, true, "00/01/1900"},
		{2958465, false, true, "31/12/9999"},
		{45424.75, false, true, "12/05/2024 18:00"},
		{45424.999999999, false, true, "13/05/2024"},
		{45424 + 1.0/86400, false, true, "12/05/2024 00:00:01"},
		{0, true, true, "01/01/1904"},
		{43962, true, true, "12/05/2024"},
		{0.5625, false, false, "13:30"},
		{1.5, false, false, "36:00"},
	}
	for _, tt := range tests {
		got, ok := appendSerialDate(nil, tt.v, tt.date1904, tt.withDate)
		assert.True(t, ok)
		assert.Equal(t, tt.want, string(got), "%v", tt.v)
	}
	for _, v := range []float64{-1, 2958466, 1e300} {
		_, ok := appendSerialDate(nil, v, false, true)
		assert.False(t, ok, "%v", v)
	}
	// Every day from 1900 to 2100 against the calendar.
	for n := 61; n < 73051; n += 7 {
		got, _ := appendSerialDate(nil, float64(n), false, true)
		y, m, d := civil(n + daysTo1899Dec30)
		assert.Equal(t, fmt.Sprintf("%02d/%02d/%d", d, m, y), string(got))
	}
}

func TestAppendNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1500.5":              "1500.5",
		"81234567800013":      "81234567800013",
		"8.1234567800013E13":  "81234567800013",
		"1500.4999999999998":  "1500.5",
		"0.30000000000000004": "0.3",
		"123456789012345678":  "123456789012346000",
		"-2.5":                "-2.5",
		"1E-10":               "0.0000000001",
		"abc":                 "abc",
		"NaN":                 "NaN",
		"1e400":               "1e400",
	} {
		assert.Equal(t, want, string(appendNumber(nil, []byte(in))), in)
	}
}
