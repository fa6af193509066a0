package importer

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeRejects validates text and writes its rejects.
func writeRejects(tb testing.TB, text string) (string, result) {
	tb.Helper()
	var out bytes.Buffer
	var res result
	f := NewValidator(nil).Open(okName, strings.NewReader(text))
	defer f.Close()
	var rw *RejectsWriter
	for f.Next() {
		if rw == nil {
			rw = NewRejectsWriter(&out, f.Header())
		}
		l := f.Line()
		res.errors = append(res.errors, l.Errors...)
		require.NoError(tb, rw.Write(l))
	}
	require.NoError(tb, f.Err())
	require.NotNil(tb, rw)
	require.NoError(tb, rw.Flush())
	res.rep = f.Report()
	return out.String(), res
}

func TestRejectsKeepOriginalCellsAndAddErreurs(t *testing.T) {
	h := defaultHeader()
	odd := phase1().with("NumeroDossier", "ADIE000009", "Nom", "  O'Brien; \"Jr\"\nline 2", "Civilite", "Mr")
	text := csvFile(h, phase1(), odd)
	out, _ := writeRejects(t, text)

	require.True(t, strings.HasPrefix(out, "\xEF\xBB\xBF"), "UTF-8 BOM for Excel")
	assert.Contains(t, out, "\r\n")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\xEF\xBB\xBF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2, "the header and the one rejected line")
	assert.Equal(t, append(h, "Erreurs"), recs[0])
	for i, name := range h {
		assert.Equal(t, strings.ReplaceAll(odd[name], "\r\n", "\n"), recs[1][i], "cell %s untouched", name)
	}
	assert.Equal(t, "Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'", recs[1][len(h)])
}

func TestRejectsRoundTrip(t *testing.T) {
	// A rejects file sent back as it is gets the same verdicts: its BOM is
	// dropped and its Erreurs column ignored. (A line with a cells error is
	// padded to the header's width, so it comes back with other errors.)
	h := defaultHeader()
	text := csvFile(h,
		phase1(),
		phase1().with("NumeroDossier", "ADIE000001", "Civilite", "Mr", "SIRET", "abc"),
		phase1().with("NumeroDossier", "ADIE000002", "Nom", ""),
	)
	rejects, first := writeRejects(t, text)
	again := validate(t, nil, okName, rejects)
	require.Len(t, again.errors, len(first.errors))
	for i := range first.errors {
		assert.Equal(t, first.errors[i].Message, again.errors[i].Message)
		assert.Equal(t, first.errors[i].Check, again.errors[i].Check)
	}
	assert.Equal(t, 2, again.rep.Rejected)

	// Sent back twice: the Erreurs column is reused, not added again.
	rejects2, _ := writeRejects(t, rejects)
	header := strings.SplitN(strings.TrimPrefix(rejects2, "\xEF\xBB\xBF"), "\r\n", 2)[0]
	assert.Equal(t, 1, strings.Count(header, "Erreurs"))
	assert.Equal(t, strings.Count(rejects, "\n"), strings.Count(rejects2, "\n"))
}

func TestRejectsWriterPadsShortLinesAndKeepsExtraCells(t *testing.T) {
	var out bytes.Buffer
	rw := NewRejectsWriter(&out, []string{"A", "B", "C"})
	short := &Line{Number: 2, Cells: [][]byte{[]byte("1")}, Errors: []*LineError{{Message: "Line has 1 cells, header has 3"}}}
	long := &Line{Number: 3, Cells: [][]byte{[]byte("1"), []byte("2"), []byte("3"), []byte("4"), nil}, Errors: []*LineError{{Message: "Line has 5 cells, header has 3"}}}
	ok := &Line{Number: 4, Cells: [][]byte{[]byte("1"), []byte("2"), []byte("3")}}
	for _, l := range []*Line{short, long, ok} {
		require.NoError(t, rw.Write(l))
	}
	require.NoError(t, rw.Flush())
	assert.Equal(t, "\xEF\xBB\xBFA;B;C;Erreurs\r\n"+
		"1;;;Line has 1 cells, header has 3\r\n"+
		"1;2;3;Line has 5 cells, header has 3;4\r\n", out.String())
	assert.Equal(t, 2, rw.Lines())
}
