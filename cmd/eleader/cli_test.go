package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	demoClean  = "../../examples/files/20261116-demo.csv"
	demoFaulty = "../../examples/files/20261117-demo.csv"
)

// runCLI runs the command line in-process.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestValidateTextOutput(t *testing.T) {
	code, out, _ := runCLI(t, "validate", demoClean)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "ACCEPTED")
	assert.Contains(t, out, "5 lines: 5 accepted, 0 rejected; 3 dossiers")

	code, out, _ = runCLI(t, "validate", demoFaulty)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "PARTIAL")
	assert.Contains(t, out, "partner demo, date 17/11/2026")
	for _, want := range []string{
		"type — 1 error",
		"required_if — 2 errors",
		"rule — 3 errors",
		"line 3: Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'",
		"hint: NUM: digits only",
		"hint: luhn: a SIRET's last digit is a Luhn check digit",
		"cells — 1 error",
	} {
		assert.Contains(t, out, want)
	}
}

func TestValidateTextShowsTheFirstLinesOfAGroup(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("NumeroDossier\n")
	for range 8 {
		b.WriteString("x\n")
	}
	path := filepath.Join(dir, "20261116-few.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	code, out, _ := runCLI(t, "validate", path)
	assert.Equal(t, exitFile, code)
	assert.Contains(t, out, "file error header:")
	assert.Contains(t, out, "the whole file is rejected")
	assert.Contains(t, out, "hint: the first line names the matrice's columns")
}

func TestValidateRejectsFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "rejets.csv")
	code, text, _ := runCLI(t, "validate", "--rejects", out, demoFaulty)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, text, "rejects: 14 lines written to "+out)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, 15, strings.Count(string(b), "\r\n"), "header + 14 lines")
	assert.Contains(t, string(b), ";Erreurs\r\n")

	// The rejects, named as a partner file and sent back, are all rejected
	// again but one: its conflict was with a line accepted the first time.
	again := filepath.Join(dir, "20261117-demo.csv")
	require.NoError(t, os.Rename(out, again))
	code, text, _ = runCLI(t, "validate", again)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, text, "14 lines: 1 accepted, 13 rejected")
}

func TestValidateRejectsDirectoryForSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	code, _, _ := runCLI(t, "validate", "--rejects", dir, demoClean, demoFaulty)
	assert.Equal(t, exitRejected, code)
	for _, name := range []string{"20261116-demo-rejets.csv", "20261117-demo-rejets.csv"} {
		_, err := os.Stat(filepath.Join(dir, name))
		assert.NoError(t, err, name)
	}
	code, _, stderr := runCLI(t, "validate", "--rejects", filepath.Join(dir, "x.csv"), demoClean, demoFaulty)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "must be an existing directory")
}

func TestValidateNoRejectsWhenTheFileIsRejected(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "20261116-bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("a,b\n1,2\n"), 0o644))
	out := filepath.Join(dir, "r.csv")
	code, _, _ := runCLI(t, "validate", "--rejects", out, bad)
	assert.Equal(t, exitFile, code)
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no rejects file for a file rejected whole")
	left, _ := filepath.Glob(filepath.Join(dir, ".rejets-*"))
	assert.Empty(t, left, "no temporary file left")
}

func TestValidateJSONOneObjectPerFile(t *testing.T) {
	code, out, _ := runCLI(t, "validate", "--format", "json", demoClean, demoFaulty)
	assert.Equal(t, exitRejected, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasPrefix(lines[0], `{"file":"20261116-demo.csv","partner":"demo","date":"2026-11-16","status":"accepted"`), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], `{"file":"20261117-demo.csv"`), lines[1])
}

func TestValidateFlagsAfterFilesAndDashDash(t *testing.T) {
	code, out, _ := runCLI(t, "validate", demoClean, "--format", "json")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "{"))
	code, _, stderr := runCLI(t, "validate", "--", "--format")
	assert.Equal(t, exitUsage, code, "after --, --format is a file name")
	assert.Contains(t, stderr, "--format")
}

func TestMatriceCommands(t *testing.T) {
	code, out, _ := runCLI(t, "matrice", "check", "../../matrice/matrice-cadre.csv")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "valid matrice, 52 fields")
	assert.Contains(t, out, "SIRET: luhn")

	bad := filepath.Join(t.TempDir(), "m.csv")
	require.NoError(t, os.WriteFile(bad, []byte("Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description\nCode Postal;DOSSIER;NUMBER;;;;;;;OUI;NON;NON;NON;NON;x\n"), 0o644))
	code, _, stderr := runCLI(t, "matrice", "check", bad)
	assert.Equal(t, exitFile, code)
	assert.Contains(t, stderr, "m.csv:2: column Champ:")
	assert.Contains(t, stderr, "m.csv:2: column Type: unknown type \"NUMBER\"")

	code, out, _ = runCLI(t, "matrice", "template")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "NumeroDossier;Phase;DateDebutPhase;"))
	assert.Equal(t, 51, strings.Count(out, ";"))
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"validate"}, {"validate", "--format", "xml", demoClean}, {"validate", "--date", "20261340", demoClean}, {"matrice"}} {
		code, _, stderr := runCLI(t, args...)
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.NotEmpty(t, stderr, "%q", args)
	}
	code, out, _ := runCLI(t, "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "validate [flags] FILE...")
}

// TestLongNamesAreCut: what the command line prints of a long name (a file
// name, a path, an argument, a flag's value) is cut, its start and end kept.
func TestLongNamesAreCut(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "20261116-"+strings.Repeat("a", 240)+".csv") // a name the file system accepts
	require.NoError(t, os.WriteFile(long, []byte("NumeroDossier\n"), 0o600))
	huge := strings.Repeat("b", 60<<10)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"a file named too long", []string{"validate", long}, exitFile},
		{"a path the system refuses", []string{"validate", filepath.Join(dir, huge+".csv")}, exitUsage},
		{"an unknown command", []string{huge}, exitUsage},
		{"a flag's value", []string{"validate", "--date", huge, long}, exitUsage},
		{"an argument", []string{"run", huge}, exitUsage},
		{"a deposit", []string{"deposit", "--db", filepath.Join(dir, "e.db"), "--depots", filepath.Join(dir, "d"), "--partner", "demo", long}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.args...)
			assert.Equal(t, tt.code, code, "%s%s", out, stderr)
			for _, s := range []string{out, stderr} {
				assert.NotContains(t, s, strings.Repeat("a", 100), "a long name printed whole")
				assert.NotContains(t, s, strings.Repeat("b", 100), "a long argument printed whole")
			}
			assert.Less(t, len(out)+len(stderr), 4096)
		})
	}
}
