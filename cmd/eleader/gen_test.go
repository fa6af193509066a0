package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileReport is the part of validate's and import's JSON the gen tests read.
type fileReport struct {
	File     string `json:"file"`
	Status   string `json:"status"`
	Lines    int    `json:"lines"`
	Accepted int    `json:"accepted"`
	Rejected int    `json:"rejected"`
	Dossiers int    `json:"dossiers"`
	Import   *struct {
		Consolidated bool `json:"consolidated"`
		Unchanged    bool `json:"unchanged"`
		Created      int  `json:"created"`
	} `json:"import"`
}

func decodeReport(t *testing.T, out string) fileReport {
	t.Helper()
	var r fileReport
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(out)), &r), out)
	return r
}

func TestGenIntoADirectoryThenValidate(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runCLI(t, "gen", "--lines", "2000", "--faults", "0.05", "-o", dir)
	require.Equal(t, exitOK, code, stderr)
	path := filepath.Join(dir, "20261116-demo.csv")
	assert.Contains(t, out, path+": 2000 lines, 100 faulty;")

	code, out, _ = runCLI(t, "validate", "--format", "json", path)
	assert.Equal(t, exitRejected, code, "some lines rejected")
	r := decodeReport(t, out)
	assert.Equal(t, "partial", r.Status)
	assert.Equal(t, 2000, r.Lines)
	assert.Equal(t, 100, r.Rejected)
}

func TestGenIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "out.csv")
	args := []string{"gen", "--lines", "300", "--seed", "9", "--partner", "bge", "--date", "20270301"}
	code, _, stderr := runCLI(t, append(args, "-o", file)...)
	require.Equal(t, exitOK, code, stderr)
	written, err := os.ReadFile(file)
	require.NoError(t, err)

	code, stdout, _ := runCLI(t, args...)
	require.Equal(t, exitOK, code)
	assert.Equal(t, string(written), stdout, "-o and standard output give the same bytes")
	assert.Contains(t, stdout, "\r\nBGEX1", "the operator code comes from the partner")

	code, other, _ := runCLI(t, "gen", "--lines", "300", "--seed", "10", "--partner", "bge", "--date", "20270301")
	require.Equal(t, exitOK, code)
	assert.NotEqual(t, stdout, other, "another seed, other bytes")
}

func TestGenWithoutFaultsIsAccepted(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "gen", "--lines", "500", "--faults", "0", "--partner", "adie", "--operator", "ADIE", "-o", dir)
	require.Equal(t, exitOK, code, stderr)
	code, out, _ := runCLI(t, "validate", filepath.Join(dir, "20261116-adie.csv"))
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "500 lines: 500 accepted, 0 rejected")
}

func TestGenThenImport(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "gen", "--lines", "600", "-o", dir)
	require.Equal(t, exitOK, code, stderr)
	path := filepath.Join(dir, "20261116-demo.csv")
	db := filepath.Join(dir, "eleader.db")

	code, out, stderr := runCLI(t, "import", "--partner", "demo", "--operators", "DEMO", "--db", db, "--format", "json", path)
	require.Equal(t, exitRejected, code, stderr)
	first := decodeReport(t, out)
	assert.Equal(t, 18, first.Rejected, "3 % of 600 lines, no more: the numbers pass the store's checks")
	require.NotNil(t, first.Import)
	assert.True(t, first.Import.Consolidated)
	assert.Equal(t, first.Dossiers, first.Import.Created)

	code, out, _ = runCLI(t, "import", "--partner", "demo", "--operators", "DEMO", "--db", db, "--format", "json", path)
	require.Equal(t, exitRejected, code)
	again := decodeReport(t, out)
	require.NotNil(t, again.Import)
	assert.True(t, again.Import.Unchanged, "the same file again changes nothing")
}

func TestGenUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"negative lines", []string{"--lines", "-1"}, "--lines -1"},
		{"faults above 1", []string{"--faults", "1.5"}, "--faults 1.5"},
		{"faults not a number", []string{"--faults", "NaN"}, "--faults NaN"},
		{"bad partner", []string{"--partner", "Demo"}, `--partner "Demo"`},
		{"bad operator", []string{"--operator", "DEM"}, `--operator "DEM"`},
		{"two operators", []string{"--operator", "DEMO,ADIE"}, `--operator "DEMO,ADIE"`},
		{"HIST", []string{"--operator", "HIST"}, `--operator "HIST"`},
		{"bad date", []string{"--date", "20261340"}, `--date "20261340"`},
		{"date too early", []string{"--date", "20160101"}, "--date 01/01/2016"},
		{"an argument", []string{"file.csv"}, "gen takes no argument"},
		{"unknown flag", []string{"--rows", "3"}, "flag provided but not defined: -rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"gen"}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

func TestGenUnwritableOutput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	code, _, stderr := runCLI(t, "gen", "--lines", "10", "-o", filepath.Join(missing, "out.csv"))
	assert.Equal(t, exitFault, code)
	assert.Contains(t, stderr, "eleader: gen: -o "+filepath.Join(missing, "out.csv")+": its directory "+missing+" does not exist")
	assert.NoDirExists(t, missing)
}

// TestGenIntoANewDirectory: -o ending with / makes the directory.
func TestGenIntoANewDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	code, stdout, stderr := runCLI(t, "gen", "--lines", "10", "-o", dir+"/")
	require.Equal(t, exitOK, code, stderr)
	assert.FileExists(t, filepath.Join(dir, "20261116-demo.csv"))
	assert.Contains(t, stdout, "10 lines")
}

func TestGenIsInTheUsage(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "gen [--lines N]")
}
