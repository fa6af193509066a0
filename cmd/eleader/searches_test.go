package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSearchesAudit: E#L's searches are recorded under --by, partners'
// under their identifier, and eleader searches lists them without the
// identity searched.
func TestSearchesAudit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	code, _, stderr := runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitOK, code, stderr)
	code, out, _ := runCLI(t, "search", "--db", db, "--by", "alice", "--nom", "BENALI", "--prenom", "karim", "--naissance", "29/02/2004")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "created by demo", "E#L sees who holds a dossier")
	code, _, _ = runCLI(t, "search", "--db", db, "--by", "alice", "--siret", "00000000000000")
	require.Equal(t, exitRejected, code)
	code, _, stderr = runCLI(t, "search", "--db", db, "--siret", "123")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "a SIRET is 14 digits")
	code, _, stderr = runCLI(t, "search", "--db", db, "--nom", "Benali", "--prenom", "Karim")
	assert.Equal(t, exitUsage, code, "no partial search")
	assert.Contains(t, stderr, "surname, first name and birth date together")

	code, out, _ = runCLI(t, "searches", "--db", db)
	require.Equal(t, exitOK, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Regexp(t, `^#2 .* cli by E#L \(alice\): siret, 0 dossiers found, hash [0-9a-f]{16}$`, lines[0])
	assert.Regexp(t, `^#1 .* cli by E#L \(alice\): identity, 2 dossiers found, hash [0-9a-f]{16}$`, lines[1])
	code, out, _ = runCLI(t, "searches", "--db", db, "--format", "json", "--limit", "1")
	require.Equal(t, exitOK, code)
	var recs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &recs))
	require.Len(t, recs, 1)
	assert.Equal(t, "siret", recs[0]["kind"])
	for _, secret := range []string{"enali", "arim", "2004", "00000000000000"} {
		assert.NotContains(t, out, secret)
	}
	code, _, stderr = runCLI(t, "searches", "--db", db, "--limit", "100000")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--limit must be between 1 and 10000")
	code, out, _ = runCLI(t, "searches", "--db", db, "--partner", "adie")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "no search recorded\n", out)
}

// TestServeSearchRate: serve --search-rate N lets a partner make N
// searches an hour, then answers 429 with Retry-After.
func TestServeSearchRate(t *testing.T) {
	s := startServe(t, "--data", t.TempDir(), "--demo", "--search-rate", "2")
	token := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(s.out.String())[1]
	status := func() (int, string) {
		req, err := http.NewRequest(http.MethodPost, s.base+"/api/v1/dossiers/search", strings.NewReader(`{"siret":"73282932000074"}`))
		require.NoError(t, err)
		req.Header.Set("Authorization", "fmetoken token="+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	for range 2 {
		code, _ := status()
		assert.Equal(t, http.StatusOK, code)
	}
	code, retry := status()
	assert.Equal(t, http.StatusTooManyRequests, code)
	assert.NotEmpty(t, retry)
}
