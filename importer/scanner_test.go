package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// record is one record as a test sees it.
type record struct {
	line   int
	fields []string
}

// scanAll reads every record of in with a scanner fed through r.
func scanAll(tb testing.TB, in io.Reader, maxRecord int) ([]record, error) {
	tb.Helper()
	return scanAllRows(tb, in, maxRecord, false)
}

// scanAllRows is scanAll, numbering records by row when rows is set
// (Validator.RowNumbers).
func scanAllRows(tb testing.TB, in io.Reader, maxRecord int, rows bool) ([]record, error) {
	tb.Helper()
	s := newScanner(in, maxRecord)
	s.rows = rows
	var out []record
	for {
		ok, err := s.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, nil
		}
		rec := record{line: s.start}
		for _, f := range s.fields {
			rec.fields = append(rec.fields, string(f))
		}
		out = append(out, rec)
	}
}

func TestScannerRecords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []record
	}{
		{"LF", "a;b\nc;d\n", []record{{1, []string{"a", "b"}}, {2, []string{"c", "d"}}}},
		{"CRLF", "a;b\r\nc;d\r\n", []record{{1, []string{"a", "b"}}, {2, []string{"c", "d"}}}},
		{"no final newline", "a;b\nc;d", []record{{1, []string{"a", "b"}}, {2, []string{"c", "d"}}}},
		{"empty cells", ";;\n", []record{{1, []string{"", "", ""}}}},
		{"blank lines are records of one empty cell", "a\n\n\r\nb\n", []record{{1, []string{"a"}}, {2, []string{""}}, {3, []string{""}}, {4, []string{"b"}}}},
		{"quoted separator", "\"a;b\";c\n", []record{{1, []string{"a;b", "c"}}}},
		{"escaped quotes", "\"say \"\"hi\"\"\";x\n", []record{{1, []string{`say "hi"`, "x"}}}},
		{"quoted newline moves the next line", "\"a\nb\";c\nd\n", []record{{1, []string{"a\nb", "c"}}, {3, []string{"d"}}}},
		{"quoted CRLF kept", "\"a\r\nb\"\r\nd\r\n", []record{{1, []string{"a\r\nb"}}, {3, []string{"d"}}}},
		{"several quoted newlines", "x;\"1\n2\n3\";y\nz\n", []record{{1, []string{"x", "1\n2\n3", "y"}}, {4, []string{"z"}}}},
		{"empty quoted", "\"\";\"\"\n", []record{{1, []string{"", ""}}}},
		{"quoted last cell then CRLF", "a;\"b\"\r\nc\r\n", []record{{1, []string{"a", "b"}}, {2, []string{"c"}}}},
		{"bare quote in unquoted cell is text", "5\" screen;b\n", []record{{1, []string{`5" screen`, "b"}}}},
		{"text after closing quote is kept", "\"ab\"cd;e\n", []record{{1, []string{"abcd", "e"}}}},
		{"text after escaped quote is kept", "\"a\"\"b\"c;e\n", []record{{1, []string{`a"bc`, "e"}}}},
		{"spaces kept", " a ; b \n", []record{{1, []string{" a ", " b "}}}},
		{"quote at end of input", "a;\"b\"", []record{{1, []string{"a", "b"}}}},
		{"utf-8", "é;€\n", []record{{1, []string{"é", "€"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, feed := range []struct {
				name string
				r    func(string) io.Reader
			}{
				{"whole", func(s string) io.Reader { return strings.NewReader(s) }},
				{"byte by byte", func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) }},
			} {
				got, err := scanAll(t, feed.r(tt.in), DefaultMaxRecordBytes)
				require.NoError(t, err, feed.name)
				assert.Equal(t, tt.want, got, feed.name)
			}
		})
	}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		max      int
		wantCode FileCheck
		wantLine int
		wantMsg  string
		before   int // records read before the error
	}{
		{"unclosed quote", "a;b\nc;\"d\ne\n", 0, CodeSyntax, 2, "never closed", 1},
		{"unclosed quote at end", "a;\"", 0, CodeSyntax, 1, "never closed", 0},
		{"record too long", "a;\"" + strings.Repeat("x", 300_000), 128 << 10, CodeSyntax, 1, "longer than 128 KiB", 0},
		{"bad utf-8 names its physical line", "a;b\n\"x\ny\";\xE9t\xE9\n", 0, CodeEncoding, 3, "looks like Windows-1252", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			max := tt.max
			if max == 0 {
				max = DefaultMaxRecordBytes
			}
			got, err := scanAll(t, iotest.HalfReader(strings.NewReader(tt.in)), max)
			var se *scanError
			require.True(t, errors.As(err, &se), "got error %v, want a scanError", err)
			assert.Equal(t, tt.wantCode, se.code)
			assert.Equal(t, tt.wantLine, se.line)
			assert.Contains(t, i18n.English.Text(se.msg), tt.wantMsg)
			assert.Len(t, got, tt.before)
		})
	}
}

func TestScannerReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := scanAll(t, io.MultiReader(strings.NewReader("a;b\nc"), iotest.ErrReader(boom)), DefaultMaxRecordBytes)
	assert.ErrorIs(t, err, boom)
}

func TestScannerLongRecordsGrowTheBuffer(t *testing.T) {
	long := strings.Repeat("é", 200_000) // 400 kB, beyond the initial buffer
	in := "a;\"" + long + "\";b\nc\n"
	got, err := scanAll(t, strings.NewReader(in), DefaultMaxRecordBytes)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, long, got[0].fields[1])
	assert.Equal(t, record{2, []string{"c"}}, got[1])
}

// readWithCSV reads in with encoding/csv set like a partner file: ';', any
// number of fields. It reports false when encoding/csv refuses the input.
func readWithCSV(in []byte) ([]record, bool) {
	r := csv.NewReader(bytes.NewReader(in))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	var out []record
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, true
		}
		if err != nil {
			return nil, false
		}
		line, _ := r.FieldPos(0)
		out = append(out, record{line, rec})
	}
}

// withoutBlank drops records of one empty cell: encoding/csv skips empty
// lines (and the importer skips every blank record).
func withoutBlank(recs []record) []record {
	var out []record
	for _, r := range recs {
		if len(r.fields) == 1 && r.fields[0] == "" {
			continue
		}
		out = append(out, r)
	}
	return out
}

// FuzzScannerMatchesEncodingCSV checks that on every input encoding/csv
// accepts, the scanner reads the same records at the same lines, whatever
// the sizes of the reads.
func FuzzScannerMatchesEncodingCSV(f *testing.F) {
	for _, s := range []string{
		"a;b\nc;d\n", "a;\"b;c\"\r\n\"d\ne\";f", "\"\"\"\";x\n\n\ny", "é;\"ü\"\"\"\n", ";;;\r\n;\n",
		"x;\"multi\r\nline\";z\r\nnext;1;2\r\n",
	} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, chunk uint8) {
		if bytes.ContainsRune(in, '\r') {
			// encoding/csv turns a lone \r inside quotes into \n; files from
			// Excel never hold one. Keep the comparison exact.
			in = bytes.ReplaceAll(in, []byte("\r"), []byte("\r\n"))
			in = bytes.ReplaceAll(in, []byte("\r\n\n"), []byte("\r\n"))
		}
		want, ok := readWithCSV(in)
		if !ok {
			return
		}
		n := int(chunk)%7 + 1
		got, err := scanAll(t, iotest.DataErrReader(&chunkReader{b: in, n: n}), DefaultMaxRecordBytes)
		var se *scanError
		if errors.As(err, &se) && se.code == CodeEncoding {
			return // encoding/csv does not check UTF-8
		}
		if err != nil {
			t.Fatalf("scanner refused what encoding/csv accepts: %v\ninput %q", err, in)
		}
		got, want = withoutBlank(got), withoutBlank(want)
		if len(got) != len(want) {
			t.Fatalf("got %d records, want %d\ninput %q\ngot  %+v\nwant %+v", len(got), len(want), in, got, want)
		}
		for i := range want {
			// encoding/csv drops \r before \n inside quoted fields too.
			g := got[i]
			for k := range g.fields {
				g.fields[k] = strings.ReplaceAll(g.fields[k], "\r\n", "\n")
			}
			if g.line != want[i].line || !equalFields(g.fields, want[i].fields) {
				t.Fatalf("record %d: got %+v, want %+v\ninput %q", i, g, want[i], in)
			}
		}
	})
}

func equalFields(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// chunkReader returns at most n bytes per Read.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[k:]
	return k, nil
}

// batchAll reads every record of in as the pipeline does: batches whose
// records end where scanBatch finds, split by splitRecords (blank records
// dropped); rows numbers them by row (Validator.RowNumbers).
func batchAll(in io.Reader, maxRecord int, rows bool) ([]record, error) {
	s := newScanner(in, maxRecord)
	s.rows = rows
	var out []record
	b := &batch{}
	for {
		s.scanBatch(b)
		b.splitRecords(3, rows)
		for i, r := range b.recs {
			rec := record{line: r.line}
			for _, f := range b.cells(i) {
				rec.fields = append(rec.fields, string(f))
			}
			out = append(out, rec)
		}
		if b.err != nil || b.eof {
			return out, b.err
		}
	}
}

// FuzzBatchesMatchScanner checks that reading in batches — record ends
// found first, cells split on the workers, a line without a quote split
// eight bytes at a time — gives the records and the file error that the
// scanner gives reading one record at a time, whatever the sizes of the
// reads.
func FuzzBatchesMatchScanner(f *testing.F) {
	for _, s := range []string{
		"a;b\nc;d\n", "a;\"b;c\"\r\n\"d\ne\";f", "\"\"\"\";x\n\n\ny", "é;\"ü\"\"\"\n", ";;;\r\n;\n",
		"x;\"multi\r\nline\";z\r\nnext;1;2\r\n", "abcdefgh;ijklmnopq;;r;stuvwxyz0123456789;\r\n",
		"a;b\xe9;c\nd\n", "a;\"b\nc", "12345678;\"x\"y;z\r", "\"a\"\r\r\n", ";\t;\u00a0\n",
	} {
		f.Add([]byte(s), uint8(3), uint16(0))
	}
	f.Fuzz(func(t *testing.T, in []byte, chunk uint8, maxRecord uint16) {
		n := int(chunk)%9 + 1
		max := DefaultMaxRecordBytes
		if maxRecord > 0 {
			max = int(maxRecord)
		}
		for _, rows := range []bool{false, true} { // numbered by line, and by row (Validator.RowNumbers)
			want, wantErr := scanAllRows(t, &chunkReader{b: in, n: n}, max, rows)
			got, gotErr := batchAll(&chunkReader{b: in, n: n + 3}, max, rows)
			var kept []record
			for _, r := range want {
				cells := make([][]byte, len(r.fields))
				for i, c := range r.fields {
					cells[i] = []byte(c)
				}
				if !blank(cells) {
					kept = append(kept, r)
				}
			}
			var we, ge *scanError
			errors.As(wantErr, &we)
			errors.As(gotErr, &ge)
			if (we == nil) != (ge == nil) || we != nil && (we.code != ge.code || we.line != ge.line || i18n.English.Text(we.msg) != i18n.English.Text(ge.msg)) {
				t.Fatalf("error: got %v, want %v\ninput %q (rows %v)", gotErr, wantErr, in, rows)
			}
			if len(got) != len(kept) {
				t.Fatalf("got %d records, want %d\ninput %q (rows %v)\ngot  %+v\nwant %+v", len(got), len(kept), in, rows, got, kept)
			}
			for i := range kept {
				if got[i].line != kept[i].line || !equalFields(got[i].fields, kept[i].fields) {
					t.Fatalf("record %d: got %+v, want %+v\ninput %q (rows %v)", i, got[i], kept[i], in, rows)
				}
			}
		}
	})
}
