package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLIIn runs the command line with this standard input.
func runCLIIn(tb testing.TB, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	code = runIn(stdin, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	return b
}

// jsonReports decodes validate's JSON: one object per file.
func jsonReports(tb testing.TB, out string) []map[string]any {
	tb.Helper()
	var reps []map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r map[string]any
		require.NoError(tb, dec.Decode(&r))
		reps = append(reps, r)
	}
	return reps
}

func TestValidateStandardInput(t *testing.T) {
	faulty := readFile(t, demoFaulty)
	code, out, stderr := runCLIIn(t, bytes.NewReader(faulty), "validate", "--name", "20261117-demo.csv", "--format", "json", "-")
	require.Equal(t, exitRejected, code, stderr)
	assert.Empty(t, stderr)
	_, fromFile, _ := runCLI(t, "validate", "--format", "json", demoFaulty)
	assert.Equal(t, fromFile, out, "standard input named as the file is judged as the file")

	code, out, stderr = runCLIIn(t, bytes.NewReader(faulty), "validate", "--date", "20261117", "-")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "standard input is judged as 20261117-stdin.csv (give --name AAAAMMDD-IDENTIFIANT.csv")
	assert.Contains(t, out, "20261117-stdin.csv — PARTIAL")

	code, _, stderr = runCLIIn(t, bytes.NewReader(faulty), "validate", "--name", "20261117-demo.csv", demoClean)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `--name names standard input`)
	code, _, stderr = runCLIIn(t, bytes.NewReader(faulty), "validate", "-", "-")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "standard input (\"-\") can be read once")

	// The name is checked: a wrong one rejects the file, as for a file.
	code, out, _ = runCLIIn(t, bytes.NewReader(faulty), "validate", "--name", "demo.csv", "-")
	assert.Equal(t, exitFile, code)
	assert.Contains(t, out, "file error name:")
}

// TestValidateTableHasTheJSONErrors: --format csv and tsv write a header,
// then one line per error, as many as the JSON's fileErrors and errors, with
// the same values; generated files cover every check, and cells holding
// separators, quotes and line breaks.
func TestValidateTableHasTheJSONErrors(t *testing.T) {
	dir := t.TempDir()
	g := gen.New()
	g.Lines, g.Faults, g.Seed = 400, 0.3, 11
	generated := filepath.Join(dir, "20261116-demo.csv")
	_, err := g.WriteFile(generated)
	require.NoError(t, err)
	header := filepath.Join(dir, "20261116-bad.csv")
	require.NoError(t, os.WriteFile(header, []byte("Nom;Prenom\nx;y\n"), 0o600))
	complete := []string{"--mode", "complete"}

	for _, tc := range []struct {
		name  string
		extra []string
		files []string
	}{
		{"examples", nil, []string{demoClean, demoFaulty}},
		{"generated", nil, []string{generated}},
		{"file error", nil, []string{header, demoFaulty}},
		{"complete mode", complete, []string{demoFaulty}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"validate"}, tc.extra...), tc.files...)
			codeJSON, out, _ := runCLI(t, append(args, "--format", "json")...)
			var want [][]string
			for _, r := range jsonReports(t, out) {
				for _, e := range r["fileErrors"].([]any) {
					fe := e.(map[string]any)
					want = append(want, []string{r["file"].(string), fe["code"].(string), fe["message"].(string), ""})
				}
				for _, e := range r["errors"].([]any) {
					le := e.(map[string]any)
					want = append(want, []string{r["file"].(string), le["check"].(string), le["message"].(string), le["value"].(string)})
				}
			}
			require.NotEmpty(t, want)
			for _, format := range []string{"csv", "tsv"} {
				code, out, stderr := runCLI(t, append(args, "--format", format)...)
				assert.Equal(t, codeJSON, code, "the exit code is the verdict's")
				r := csv.NewReader(strings.NewReader(out))
				if format == "tsv" {
					r.Comma = '\t'
				}
				rows, err := r.ReadAll()
				require.NoError(t, err, "%s:\n%s%s", format, out, stderr)
				require.Equal(t, []string{"file", "line", "dossier", "field", "check", "message", "value"}, rows[0])
				var got [][]string
				for _, row := range rows[1:] {
					got = append(got, []string{row[0], row[4], row[5], row[6]})
				}
				assert.Equal(t, want, got, format)
			}
		})
	}
}

func TestValidateTableQuoting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "20261116-demo.csv")
	b := readFile(t, demoClean)
	// A quoted cell holding a separator, a tab, a quote and a line break.
	lines := strings.SplitN(string(b), "\n", 3)
	cells := strings.Split(lines[1], ";")
	cells[5] = "\"M;\t\"\"x\"\"\ny\""
	bad := lines[0] + "\n" + strings.Join(cells, ";") + "\n"
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))
	code, out, _ := runCLI(t, "validate", "--format", "tsv", path)
	require.Equal(t, exitFile, code, out)
	r := csv.NewReader(strings.NewReader(out))
	r.Comma = '\t'
	rows, err := r.ReadAll()
	require.NoError(t, err, out)
	require.Len(t, rows, 2, out)
	assert.Equal(t, "M;\t\"x\"\ny", rows[1][6], "the value survives the quoting")
	assert.Equal(t, strings.Split(lines[0], ";")[5], rows[1][3])
}

// TestValidateMaxErrors: reading stops after the line that brings the
// errors to N; the verdict is that of the lines read; the JSON says
// "truncated" (and only then: the spec's keys stay as they are).
func TestValidateMaxErrors(t *testing.T) {
	code, out, _ := runCLI(t, "validate", "--format", "json", "--max-errors", "3", demoFaulty)
	assert.Equal(t, exitRejected, code)
	reps := jsonReports(t, out)
	require.Len(t, reps, 1)
	assert.Equal(t, true, reps[0]["truncated"])
	assert.Len(t, reps[0]["errors"], 3)
	assert.Equal(t, 4.0, reps[0]["lines"], "the accepted line 2, then three lines of one error each")
	assert.Equal(t, "partial", reps[0]["status"])
	assert.True(t, strings.HasSuffix(strings.TrimSpace(out), `],"truncated":true}`), out)

	_, out, _ = runCLI(t, "validate", "--format", "json", "--max-errors", "100", demoFaulty)
	assert.NotContains(t, out, "truncated", "a file read to its end has the spec's keys only")

	code, out, _ = runCLI(t, "validate", "--max-errors", "2", demoFaulty)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "reading stopped after 2 errors (--max-errors 2): the file is judged on its first 3 lines")

	code, _, stderr := runCLI(t, "validate", "--max-errors", "-1", demoFaulty)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--max-errors must be 0")
}

func TestValidateFailFast(t *testing.T) {
	code, out, stderr := runCLI(t, "validate", "--fail-fast", "--format", "csv", demoClean, demoFaulty, demoClean)
	assert.Equal(t, exitRejected, code)
	assert.Equal(t, 2, strings.Count(out, "\n"), "the header and the first error: %s", out)
	assert.Contains(t, stderr, "--fail-fast: stopped at "+demoFaulty+", 1 file not checked")

	code, out, _ = runCLI(t, "validate", "--fail-fast", demoFaulty)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "reading stopped after 1 error (--fail-fast): the file is judged on its first ", "the flag given, not --max-errors")
	assert.NotContains(t, out, "--max-errors")

	code, out, _ = runCLI(t, "validate", "--fail-fast", demoClean, demoClean)
	assert.Equal(t, exitOK, code, "no error: every file is read")
	assert.Contains(t, out, "2 files: 2 accepted")

	code, _, stderr = runCLI(t, "validate", "--fail-fast", "--max-errors", "5", demoClean)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "goes without --max-errors")
}

func TestValidateTextSaysHowToSeeEveryError(t *testing.T) {
	dir := t.TempDir()
	g := gen.New()
	g.Lines, g.Faults = 300, 0.5
	path := filepath.Join(dir, "20261116-demo.csv")
	_, err := g.WriteFile(path)
	require.NoError(t, err)
	_, out, _ := runCLI(t, "validate", path)
	assert.Contains(t, out, "… and ")
	assert.Contains(t, out, "every error: --format csv or tsv (one line per error), or --rejects FILE")
	_, out, _ = runCLI(t, "validate", demoClean)
	assert.NotContains(t, out, "every error:", "nothing cut, nothing to say")
}

// TestValidateWorkbookOnStandardInput: a workbook on standard input is
// judged when standard input is a file (a redirection), as the same
// workbook given by its path; from a pipe it is a usage error saying why.
func TestValidateWorkbookOnStandardInput(t *testing.T) {
	wb := filepath.Join("..", "..", "adapters", "xlsx", "testdata", "libreoffice", "20261117-demo.xlsx")
	dir := t.TempDir()
	named := filepath.Join(dir, "20261117-demo.xlsx")
	require.NoError(t, os.WriteFile(named, readFile(t, wb), 0o600))
	wantCode, want, _ := runCLI(t, "validate", "--format", "json", named)

	f, err := os.Open(wb)
	require.NoError(t, err)
	defer f.Close()
	code, out, stderr := runCLIIn(t, f, "validate", "--format", "json", "--name", "20261117-demo.xlsx", "-")
	assert.Equal(t, wantCode, code, stderr)
	assert.JSONEq(t, want, out)

	code, _, stderr = runCLIIn(t, bytes.NewReader(readFile(t, wb)), "validate", "--name", "20261117-demo.xlsx", "-")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "20261117-demo.xlsx is a workbook, which is read from a file, not a pipe")
}
