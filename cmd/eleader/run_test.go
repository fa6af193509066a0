package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoThenRunNow is what a new user tries: the demo partner and the
// example files, then one run.
func TestDemoThenRunNow(t *testing.T) {
	dir := t.TempDir()
	db, depots, outbox := filepath.Join(dir, "e.db"), filepath.Join(dir, "depots"), filepath.Join(dir, "outbox")
	code, out, stderr := runCLI(t, "demo", "--db", db, "--depots", depots)
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `token, shown this once:\n  elt_[a-z2-7]{12}_[a-z2-7]{32}\n`, out)
	assert.Contains(t, out, "20261116-demo.csv deposited")
	assert.Contains(t, out, "20261117-demo.csv deposited")

	code, out, stderr = runCLI(t, "run", "--now", "--db", db, "--depots", depots, "--outbox", outbox)
	require.Equal(t, exitOK, code, stderr)
	emls, err := filepath.Glob(filepath.Join(outbox, "*.eml"))
	require.NoError(t, err)
	assert.Len(t, emls, 1, "the report, written to the outbox folder without an SMTP server")
	assert.Contains(t, out, "run #1 (manual): ok — 1 active partners, 1 files imported, 1 superseded")
	assert.Contains(t, out, "20 lines, 16 accepted, 4 rejected", "the demo's generated export, on its operator code, a fifth of its lines faulty")
	assert.Contains(t, stderr, `msg="run ended"`, "structured logs when not on a terminal")
	hist, err := os.ReadDir(filepath.Join(depots, "demo", "historique"))
	require.NoError(t, err)
	var names []string
	for _, e := range hist {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"20261116-demo.csv.superseded", "20261117-demo.csv"}, names)
	kept, err := os.Open(filepath.Join(depots, "demo", "historique", "20261117-demo.csv"))
	require.NoError(t, err)
	defer kept.Close()
	r := csv.NewReader(kept)
	r.Comma = ';'
	head, err := r.Read()
	require.NoError(t, err)
	first, err := r.Read()
	require.NoError(t, err)
	nom := first[slices.Index(head, "Nom")]
	require.NotEmpty(t, nom)
	assert.NotContains(t, stderr, nom, "no beneficiary data in the logs")

	code, out, _ = runCLI(t, "run", "--now", "--db", db, "--depots", depots, "--outbox", outbox, "--format", "json")
	require.Equal(t, exitOK, code)
	var res struct {
		Run struct {
			ID       int `json:"id"`
			Imported int `json:"imported"`
		} `json:"run"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, 2, res.Run.ID)
	assert.Zero(t, res.Run.Imported, "nothing left to import")

	code, out, _ = runCLI(t, "runs", "--db", db)
	require.Equal(t, exitOK, code)
	assert.Equal(t, 2, strings.Count(out, "run #"))

	// The demo again: a new token, the files already there.
	code, out, _ = runCLI(t, "demo", "--db", db, "--depots", depots)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "20261116-demo.csv: already deposited or imported")
}

func TestDepositAndPurge(t *testing.T) {
	dir := t.TempDir()
	db, depots := filepath.Join(dir, "e.db"), filepath.Join(dir, "depots")
	code, _, stderr := runCLI(t, "deposit", "--db", db, "--depots", depots, "--partner", "demo", demoClean)
	assert.Equal(t, exitUsage, code, "a partner without a connection sheet")
	assert.Contains(t, stderr, `no partner "demo"`)
	activeDemo(t, db)
	code, _, stderr = runCLI(t, "deposit", "--db", db, "--depots", depots, "--partner", "demo", demoClean)
	require.Equal(t, exitOK, code, stderr)
	_, err := os.Stat(filepath.Join(depots, "demo", "depot", "20261116-demo.csv"))
	require.NoError(t, err)
	code, _, stderr = runCLI(t, "deposit", "--db", db, "--depots", depots, "--partner", "demo", demoClean)
	assert.Equal(t, exitRejected, code, "a name is deposited once")
	assert.Contains(t, stderr, "already deposited")
	code, _, _ = dbCLI(t, db, createArgs("adie", "ADI1")...)
	require.Equal(t, exitOK, code)
	code, _, stderr = runCLI(t, "deposit", "--db", db, "--depots", depots, "--partner", "adie", demoClean)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, `names partner "demo", but`)
	code, _, stderr = runCLI(t, "deposit", "--db", db, "--depots", depots, "--partner", "demo", "../../README.md")
	assert.Equal(t, exitUsage, code, "a name the front door refuses")
	assert.Contains(t, stderr, "README.md")

	code, out, _ := runCLI(t, "purge", "--db", db, "--depots", depots, "--outbox", filepath.Join(dir, "outbox"), "--keep", "30")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "purged 0 files")
	code, _, _ = runCLI(t, "purge", "--db", db, "--keep", "0")
	assert.Equal(t, exitUsage, code)
}

func TestRunUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	for _, args := range [][]string{
		{"run", "--partner", "demo", "--db", db},
		{"run", "--now", "--at", "25:00", "--db", db},
		{"run", "--now", "extra", "--db", db},
		{"deposit", "--db", db, demoClean},
		{"run", "--now", "--format", "xml", "--db", db},
	} {
		code, _, stderr := runCLI(t, args...)
		assert.Equal(t, exitUsage, code, "%q: %s", args, stderr)
	}
}
