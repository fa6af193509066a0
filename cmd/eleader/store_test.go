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

func TestImportThenRead(t *testing.T) {
	db := filepath.Join(t.TempDir(), "data", "e.db")
	code, out, stderr := runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "consolidated (import #1): 3 dossiers created, 0 dossiers updated")

	before, err := os.ReadFile(db)
	require.NoError(t, err)
	code, out, _ = runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", "--format", "json", demoClean)
	assert.Equal(t, exitOK, code)
	var rep map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, map[string]any{"id": 1.0, "sha256": rep["import"].(map[string]any)["sha256"], "consolidated": true, "unchanged": true,
		"created": 0.0, "updated": 0.0, "items": 0.0, "disagreements": 0.0, "qualified": false}, rep["import"])
	assert.Equal(t, "accepted", rep["status"])
	after, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a re-import leaves the store file byte for byte unchanged")

	code, out, _ = runCLI(t, "dossier", "show", "--db", db, "FRAC2024-0042")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "FRAC2024-0042 — phase 2, operator FRAC, created by demo (20261116-demo.csv line 5)")
	assert.Regexp(t, `\n  Nom +Benali +← demo, 20261116-demo.csv line 5, DateMaj 02/10/2026\n`, out)
	assert.Contains(t, out, "phase 2 (closed), CloturePhase2:")

	code, out, _ = runCLI(t, "dossier", "show", "--db", db, "--format", "json", "001-FRAC2024-0042")
	assert.Equal(t, exitOK, code)
	var d map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, "FRAC2024-0042", d["main"])
	assert.Equal(t, 1.0, d["version"])

	code, _, stderr = runCLI(t, "dossier", "show", "--db", db, "ADIE999999")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "no dossier ADIE999999")
	code, _, stderr = runCLI(t, "dossier", "show", "--db", db, "adie1")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "OPER")

	code, out, _ = runCLI(t, "search", "--db", db, "--nom", "BENALI", "--prenom", "karim", "--naissance", "29/02/2004", "--format", "json")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, `"nextSubversion":"002-FRAC2024-0042"`)
	assert.NotContains(t, out, "Benali")
	code, out, _ = runCLI(t, "search", "--db", db, "--siret", "73282932000074")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "FRAC2024-0042 (operator FRAC): next free sub-version 002-FRAC2024-0042")
	code, out, _ = runCLI(t, "search", "--db", db, "--siret", "00000000000000")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "no dossier found")

	code, out, _ = runCLI(t, "imports", "--db", db)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "#1 ")
	assert.Contains(t, out, "demo 20261116-demo.csv: accepted, consolidated, 5 lines")
	assert.Equal(t, 1, strings.Count(out, "\n"), "the re-import wrote no history")

	code, out, _ = runCLI(t, "dossier", "disagreements", "--db", db)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "no disagreement")
}

func TestImportStoreChecksAndRejects(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	// The faulty demo file, imported by a partner without ADIE's code: its
	// valid first line is now an operator error too.
	renamed := filepath.Join(dir, "20261117-other.csv")
	b, err := os.ReadFile(demoFaulty)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(renamed, b, 0o644))
	rejects := filepath.Join(dir, "r.csv")
	code, out, _ := runCLI(t, "import", "--db", db, "--partner", "other", "--operators", "OTHR", "--rejects", rejects, "--format", "json", renamed)
	assert.Equal(t, exitFile, code, "every line rejected")
	assert.Contains(t, out, `"check":"operator","message":"Attribute 'NumeroDossier' with value 'ADIE100876-AHG-4U' fails check for operator code is one of 'OTHR'"`)
	r, err := os.ReadFile(rejects)
	require.NoError(t, err)
	assert.Equal(t, 16, strings.Count(string(r), "\r\n"), "header + 15 lines")

	// The file name must carry the partner.
	code, out, _ = runCLI(t, "import", "--db", db, "--partner", "adie", "--operators", "ADIE", demoClean)
	assert.Equal(t, exitFile, code)
	assert.Contains(t, out, `names partner "demo", but the file is sent by "adie"`)
	assert.Contains(t, out, "nothing consolidated")
}

func TestStoreCommandUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "missing.db")
	for _, args := range [][]string{
		{"import", "--db", db, "--operators", "ADIE", demoClean},
		{"import", "--db", db, "--partner", "demo", demoClean},
		{"import", "--db", db, "--partner", "demo", "--operators", "adie", demoClean},
		{"import", "--db", db, "--partner", "demo", "--operators", "ADIE"},
		{"dossier", "show", "--db", db, "ADIE1"},
		{"dossier", "frob"},
		{"search", "--db", db, "--nom", "x"},
		{"search", "--db", db, "--siret", "1", "--nom", "x", "--prenom", "y", "--naissance", "01/01/2000"},
		{"search", "--db", db, "--nom", "x", "--prenom", "y", "--naissance", "2000-01-01"},
		{"imports", "--db", db},
	} {
		code, _, stderr := runCLI(t, args...)
		assert.Equal(t, exitUsage, code, "%q: %s", args, stderr)
		assert.NotEmpty(t, stderr, "%q", args)
	}
	_, err := os.Stat(db)
	assert.True(t, os.IsNotExist(err), "reads never create a store")
}

// TestImportsKeepTheReason: the import history says why a file was not
// consolidated, and imports show shows one import, its file errors whole.
func TestImportsKeepTheReason(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	bad := filepath.Join(dir, "20261118-demo.csv")
	require.NoError(t, os.WriteFile(bad, []byte("NumeroDossier,Nom\nADIE1,Dupont\n"), 0o600))
	code, _, stderr := runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitOK, code, stderr)
	code, _, _ = runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", bad)
	require.Equal(t, exitFile, code)
	code, _, _ = runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", "--mode", "complete", demoFaulty)
	require.Equal(t, exitFile, code)

	code, out, _ := runCLI(t, "imports", "--db", db)
	require.Equal(t, exitOK, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], "#3 ")
	assert.Contains(t, lines[0], "20261117-demo.csv: rejected, not consolidated (mode: ")
	assert.Contains(t, lines[1], "20261118-demo.csv: rejected, not consolidated (separator: ")
	assert.Contains(t, lines[2], "20261116-demo.csv: accepted, consolidated,")

	code, out, _ = runCLI(t, "imports", "show", "2", "--db", db)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "import #2: 20261118-demo.csv of demo\n")
	assert.Contains(t, out, "not consolidated: the file is rejected whole, for the file errors below")
	assert.Regexp(t, `\n    separator: .*','`, out)

	code, out, _ = runCLI(t, "imports", "show", "#3", "--db", db, "--format", "json")
	require.Equal(t, exitOK, code)
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rec))
	assert.Equal(t, 3.0, rec["id"])
	errs := rec["fileErrors"].([]any)
	require.Len(t, errs, 1)
	assert.Equal(t, "mode", errs[0].(map[string]any)["code"])

	code, out, _ = runCLI(t, "imports", "show", "1", "--db", db, "--format", "json")
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, "fileErrors", "a consolidated import has none")

	code, _, stderr = runCLI(t, "imports", "show", "9", "--db", db)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "no import #9")
	code, _, stderr = runCLI(t, "imports", "show", strings.Repeat("x", 60000), "--db", db)
	assert.Equal(t, exitUsage, code)
	assert.Less(t, len(stderr), 300, "the argument is cut in the message")
}
