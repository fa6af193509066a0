package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunFolderRules is issue 12's check with the command line: a
// partner's folder holding a valid export plus stray, misnamed, another
// partner's, older and reused-name files; run --now imports the valid
// export only, sets the rest aside or supersedes it, and the ledger and
// the report say where each went.
func TestRunFolderRules(t *testing.T) {
	dir := t.TempDir()
	db, depots, outbox := filepath.Join(dir, "e.db"), filepath.Join(dir, "depots"), filepath.Join(dir, "outbox")
	flags := []string{"--db", db, "--depots", depots, "--outbox", outbox}
	activeDemo(t, db)
	code, _, stderr := runCLI(t, append([]string{"deposit", "--partner", "demo", demoClean}, flags[:4]...)...)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = runCLI(t, append([]string{"run", "--now"}, flags...)...)
	require.Equal(t, exitOK, code, stderr)

	folder := filepath.Join(depots, "demo", "depot")
	faulty, err := os.ReadFile(demoFaulty)
	require.NoError(t, err)
	clean, err := os.ReadFile(demoClean)
	require.NoError(t, err)
	hour := time.Now().Add(-time.Hour)
	for name, body := range map[string][]byte{
		"20261125-demo.csv": faulty,              // the valid export
		"20261110-demo.csv": clean,               // older than the last imported (20261116)
		"LISEZMOI.txt":      []byte("bonjour"),   // a stray file
		"20261121-bge.csv":  clean,               // another partner's name
		"export demo.csv":   clean,               // misnamed
		"20261116-demo.csv": append(clean, '\n'), // a name used, other bytes
	} {
		p := filepath.Join(folder, name)
		require.NoError(t, os.WriteFile(p, body, 0o600))
		require.NoError(t, os.Chtimes(p, hour, hour))
	}
	require.NoError(t, os.WriteFile(filepath.Join(folder, ".tmp-4242"), []byte("half"), 0o600))
	require.NoError(t, os.Chtimes(filepath.Join(folder, ".tmp-4242"), hour, hour))

	code, out, stderr := runCLI(t, append([]string{"run", "--now"}, flags...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "1 files imported, 1 superseded, 4 set aside in refuses/, 0 duplicates deleted")
	assert.Empty(t, entriesOf(t, folder), "the deposit folder is empty")
	assert.ElementsMatch(t, []string{"LISEZMOI.txt", "20261121-bge.csv", "export demo.csv", "20261116-demo.csv"}, entriesOf(t, filepath.Join(depots, "demo", "refuses")))
	assert.ElementsMatch(t, []string{"20261116-demo.csv", "20261125-demo.csv", "20261110-demo.csv.superseded"}, entriesOf(t, filepath.Join(depots, "demo", "historique")))

	code, out, _ = runCLI(t, "ledger", "--db", db, "--partner", "demo")
	require.Equal(t, exitOK, code)
	for _, want := range []string{
		"imported   20261125-demo.csv",
		"superseded 20261110-demo.csv",
		"refused    LISEZMOI.txt → refuses/LISEZMOI.txt — not a file name AAAAMMDD-IDENTIFIANT.csv",
		"refused    20261121-bge.csv → refuses/20261121-bge.csv — the name of another partner's file (bge)",
		"refused    20261116-demo.csv → refuses/20261116-demo.csv — this name was already used on",
		"leftover   .tmp-4242 — temporary file of a process that stopped mid-write: deleted",
		", reported",
	} {
		assert.Contains(t, out, want)
	}
	code, out, _ = runCLI(t, "ledger", "--db", db, "--format", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"action":"refused"`)

	// The report of the import names them, in French.
	list := reportsList(t, db)
	assert.Regexp(t, `(?m)^#\d+ .*20261125-demo\.csv: .* — sent$`, list, "sent at once: no attempts to tell")
	assert.NotContains(t, list, "attempt")
	m := regexp.MustCompile(`(?m)^#(\d+) .*20261125-demo\.csv`).FindStringSubmatch(list)
	require.NotNil(t, m)
	code, out, _ = runCLI(t, "reports", "show", m[1], "--db", db)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Fichiers non importés, un export de date plus récente ayant été importé à leur place : 20261110-demo.csv.")
	assert.Contains(t, out, "- LISEZMOI.txt : son nom ne suit pas la nomenclature AAAAMMJJ-demo.csv")
	assert.Contains(t, out, "- 20261121-bge.csv : ce nom est celui d'un fichier du partenaire « bge »")
	assert.Contains(t, out, "- 20261116-demo.csv : ce nom a déjà servi le")
}

func reportsList(t *testing.T, db string) string {
	t.Helper()
	code, out, stderr := runCLI(t, "reports", "--db", db)
	require.Equal(t, exitOK, code, stderr)
	return out
}

func entriesOf(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
