package importer

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
)

// goldenVerdicts records, per file of verdictFiles, the SHA-256 of the JSON
// report (every line error included) and of the rejects file that the
// validator wrote when the test was recorded. Set ELEADER_UPDATE_GOLDEN=1
// to record them again, after a change that means to change verdicts.
const goldenVerdicts = "testdata/equivalence/verdicts.golden"

// verdictFile is a file whose verdicts are recorded.
type verdictFile struct {
	name  string
	lines int
	fault float64
	seed  uint64
	remix *gen.Remix // nil: the generator's file as it is
	rows  bool       // numbered by record (Validator.RowNumbers), as a converted workbook
}

// verdictFiles are generated files and remixes of them: other column
// orders, a dossier's lines far apart, padded and quoted values, LF line
// ends, line breaks in cells and control characters, numbered by physical
// line and by record (a workbook's rows).
var verdictFiles = []verdictFile{
	{name: "gen", lines: 20000, fault: 0.03, seed: 1},
	{name: "gen-faulty", lines: 20000, fault: 0.2, seed: 2},
	{name: "remix-columns-spread", lines: 20000, fault: 0.03, seed: 3,
		remix: &gen.Remix{Seed: 3, ShuffleColumns: true, Spread: 20000}},
	{name: "remix-padded-quoted", lines: 20000, fault: 0.1, seed: 4,
		remix: &gen.Remix{Seed: 4, ShuffleColumns: true, Spread: 1500, Pad: 0.1, Quote: 0.1, LF: true}},
	{name: "remix-breaks-controls", lines: 20000, fault: 0.03, seed: 5,
		remix: &gen.Remix{Seed: 5, ShuffleColumns: true, Spread: 2000, Breaks: 0.02, Controls: 0.001}},
	{name: "remix-breaks-controls-rows", lines: 20000, fault: 0.03, seed: 5, rows: true,
		remix: &gen.Remix{Seed: 5, ShuffleColumns: true, Spread: 2000, Breaks: 0.02, Controls: 0.001}},
}

// content returns the bytes of the file.
func (vf verdictFile) content(tb testing.TB) (string, []byte) {
	tb.Helper()
	g := gen.New()
	g.Lines, g.Faults, g.Seed = vf.lines, vf.fault, vf.seed
	var b bytes.Buffer
	_, err := g.Write(&b)
	require.NoError(tb, err)
	if vf.remix == nil {
		return g.FileName(), b.Bytes()
	}
	var out bytes.Buffer
	_, err = vf.remix.Copy(&out, &b)
	require.NoError(tb, err)
	return g.FileName(), out.Bytes()
}

// verdicts validates content with v and returns the golden line of the
// outcome — the counts, and the hashes of the JSON report and of the
// rejects file — and the JSON report.
func verdicts(tb testing.TB, v *Validator, name string, content []byte) (string, []byte) {
	tb.Helper()
	f := v.Open(name, bytes.NewReader(content))
	defer f.Close()
	var log ErrorLog
	defer log.Close()
	var rejects bytes.Buffer
	var rw *RejectsWriter
	for f.Next() {
		l := f.Line()
		if l.Accepted() {
			continue
		}
		require.NoError(tb, log.Add(l.Errors...))
		if rw == nil {
			rw = NewRejectsWriter(&rejects, l.Header())
		}
		require.NoError(tb, rw.Write(l))
	}
	require.NoError(tb, f.Err())
	if rw != nil {
		require.NoError(tb, rw.Flush())
	}
	var js bytes.Buffer
	rep := f.Report()
	require.NoError(tb, WriteJSON(&js, rep, &log, nil))
	return fmt.Sprintf("%s lines=%d accepted=%d rejected=%d dossiers=%d json=%x rejects=%x",
		rep.Status, rep.Lines, rep.Accepted, rep.Rejected, rep.Dossiers, sha256.Sum256(js.Bytes()), sha256.Sum256(rejects.Bytes())), js.Bytes()
}

// TestVerdictsAsRecorded: the verdicts on generated and remixed files — the
// JSON report with every line error, the rejects file — are byte for byte
// those recorded, with one goroutine or several, with the conflict check in
// memory or spilling to disk. Optimisations must not change a verdict.
func TestVerdictsAsRecorded(t *testing.T) {
	if testing.Short() {
		t.Skip("validates 80,000 generated lines several times")
	}
	var got []string
	for _, vf := range verdictFiles {
		name, content := vf.content(t)
		var first string
		for _, cfg := range []struct {
			workers, spill int
		}{{1, 0}, {4, 0}, {2, 4096}} {
			v := NewValidator(nil)
			v.Workers, v.SpillBytes, v.TempDir, v.RowNumbers = cfg.workers, cfg.spill, t.TempDir(), vf.rows
			out, js := verdicts(t, v, name, content)
			if first == "" {
				first = out
				if vf.remix != nil && vf.remix.Controls > 0 {
					assert.Contains(t, string(js), "(control character U+", "%s: values holding a control character are refused", vf.name)
				}
				continue
			}
			assert.Equal(t, first, out, "%s: %d workers, spill %d", vf.name, cfg.workers, cfg.spill)
		}
		got = append(got, vf.name+" "+first)
	}
	text := strings.Join(got, "\n") + "\n"
	if os.Getenv("ELEADER_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.MkdirAll(filepath.Dir(goldenVerdicts), 0o755))
		require.NoError(t, os.WriteFile(goldenVerdicts, []byte(text), 0o644))
	}
	want, err := os.ReadFile(goldenVerdicts)
	require.NoError(t, err, "set ELEADER_UPDATE_GOLDEN=1 to record it")
	assert.Equal(t, string(want), text, "verdicts differ from those recorded in %s", goldenVerdicts)
	assert.Contains(t, text, "partial", "the files have rejected lines")
}
