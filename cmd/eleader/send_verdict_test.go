package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoToken is the token the demo banner prints.
func demoToken(t *testing.T, s *server) string {
	t.Helper()
	m := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(s.out.String())
	require.NotNil(t, m, s.out.String())
	return m[1]
}

// genExport writes the demo partner's generated export of date in dir
// (eleader gen), and, when others > 0, gives its first others data lines
// another partner's operator code (ADIE for DEMO).
func genExport(t *testing.T, dir, date string, others int) string {
	t.Helper()
	code, _, stderr := runCLI(t, "gen", "--lines", "12", "--faults", "0", "--date", date, "-o", dir+"/")
	require.Equal(t, exitOK, code, stderr)
	path := filepath.Join(dir, date+"-demo.csv")
	if others > 0 {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		lines := strings.SplitAfter(string(b), "\r\n")
		for i := 1; i <= others; i++ {
			lines[i] = strings.Replace(lines[i], "DEMO", "ADIE", 1)
		}
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600))
	}
	return path
}

// httpGet sends an authenticated GET and returns the status and body.
func httpGet(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "fmetoken token="+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// The walk: serve --demo on a fresh data directory; a file whose
// new dossier numbers carry another partner's operator code: send
// --dry-run shows the operator errors, exit 1, nothing deposited; the
// corrected file: send --wait, accepted, exit 0; then a correction of a
// waiting file under the same name after a withdrawal.
func TestSendDryRunThenWait(t *testing.T) {
	s := startServe(t, "--data", t.TempDir(), "--demo")
	token := demoToken(t, s)
	t.Setenv("ELEADER_URL", s.base)
	t.Setenv("ELEADER_TOKEN", token)
	dir := t.TempDir()
	_, before := httpGet(t, s.base+"/api/v1/files", token)

	wrong := genExport(t, dir, "20261120", 3)
	code, out, _ := runCLI(t, "validate", wrong)
	require.Equal(t, exitOK, code, "validate cannot see operator codes: %s", out)
	code, out, stderr := runCLI(t, "send", "--dry-run", wrong)
	require.Equal(t, exitRejected, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "20261120-demo.csv — PARTIAL")
	assert.Contains(t, out, "operator — 3 errors")
	assert.Contains(t, out, "fails check for operator code is one of 'DEMO'")
	assert.Contains(t, out, "E#L's dry run: nothing was sent or kept")
	assert.NotContains(t, out, "every error:", "every error shown")
	_, after := httpGet(t, s.base+"/api/v1/files", token)
	assert.Equal(t, before, after, "nothing deposited")

	// More errors than the examples shown: how to see them all.
	many := genExport(t, t.TempDir(), "20261120", 10)
	code, out, stderr = runCLI(t, "send", "--dry-run", many)
	require.Equal(t, exitRejected, code, "%s\n%s", out, stderr)
	assert.Regexp(t, `operator — 10 errors\n(    line .*\n)+    … and \d+ more\n`, out)
	assert.Contains(t, out, "\n  every error: --dry-run --format json (E#L's checks included), or eleader validate --format csv (one line per error, without E#L's checks)\n")
	code, out, _ = runCLI(t, "send", "--dry-run", "--format", "json", many)
	require.Equal(t, exitRejected, code)
	assert.Equal(t, 10, strings.Count(out, `"check":"operator"`), "every error in the JSON: %s", out)

	code, out, _ = runCLI(t, "send", "--dry-run", "--format", "json", wrong)
	require.Equal(t, exitRejected, code)
	var v struct {
		Status string
		Errors []struct{ Check, Message string }
		Check  struct{ Deposit string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &v), out)
	assert.Equal(t, "partial", v.Status)
	require.Len(t, v.Errors, 3)
	assert.Equal(t, "operator", v.Errors[0].Check)
	assert.Equal(t, "accepted", v.Check.Deposit)
	assert.True(t, strings.HasPrefix(out, `{"file":"20261120-demo.csv","partner":"demo","date":"2026-11-20","status":"partial"`), "validate's keys, in validate's order: %s", out)

	right := genExport(t, dir, "20261120", 0)
	code, out, stderr = runCLI(t, "send", "--dry-run", right)
	require.Equal(t, exitOK, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "ACCEPTED")
	code, out, stderr = runCLI(t, "send", "--wait", right)
	require.Equal(t, exitOK, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "20261120-demo.csv deposited")
	assert.Contains(t, out, "20261120-demo.csv (imported by E#L) — ACCEPTED")
	assert.Contains(t, out, "in qualification: judged, not consolidated")
	assert.Contains(t, out, "report: "+s.base+"/api/v1/reports/")

	// Run again: the same bytes are not sent again; the verdict is told.
	code, out, stderr = runCLI(t, "send", "--wait", right)
	require.Equal(t, exitOK, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "was already sent with the same bytes (imported): not sent again")
	assert.NotContains(t, out, "waiting for its import", "imported already: nothing to wait for")
	assert.Contains(t, out, "20261120-demo.csv (imported by E#L) — ACCEPTED", "its verdict, at once")

	// --check of the wrong file, once sent under a new name: the dry run
	// first, which finds lines rejected, and sends anyway.
	wrong2 := genExport(t, dir, "20261121", 3)
	code, out, stderr = runCLI(t, "send", "--check", "--wait", "--format", "json", wrong2)
	require.Equal(t, exitRejected, code, "%s\n%s", out, stderr)
	assert.Contains(t, stderr, "E#L's dry run rejects 3 of 12 lines")
	var results []struct {
		Name  string
		Check struct{ Status string }
		File  struct {
			State   string
			Verdict struct{ Status string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &results), out)
	require.Len(t, results, 1)
	assert.Equal(t, "partial", results[0].Check.Status)
	assert.Equal(t, "imported", results[0].File.State)
	assert.Equal(t, "partial", results[0].File.Verdict.Status)

	// Sent again with other bytes once imported: the next export takes a
	// new name; no withdrawal is suggested.
	changed := filepath.Join(t.TempDir(), filepath.Base(right))
	b, err := os.ReadFile(right)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(changed, append(b, b[len(b)-200:]...), 0o600))
	code, _, stderr = runCLI(t, "send", changed)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "un nom de fichier ne sert qu'une fois. Envoyez l'export suivant sous un nouveau nom")
	assert.NotContains(t, stderr, "withdraw")

	// An imported file cannot be withdrawn.
	code, _, stderr = runCLI(t, "withdraw", right)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "déjà été importé")
}

// TestSendDaily: with a daily import, send --wait says when the next run
// is and exits 5; the file is withdrawn, and its correction goes under the
// same name.
func TestSendDaily(t *testing.T) {
	s := startServe(t, "--data", t.TempDir(), "--demo", "--import", "daily")
	t.Setenv("ELEADER_URL", s.base)
	t.Setenv("ELEADER_TOKEN", demoToken(t, s))
	dir := t.TempDir()
	first := genExport(t, dir, "20261120", 3)
	code, out, stderr := runCLI(t, "send", "--wait", first)
	require.Equal(t, exitPending, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "20261120-demo.csv is pending: E#L imports it at its daily run, ")
	assert.Contains(t, out, "--keep-waiting")

	code, out, stderr = runCLI(t, "withdraw", first)
	require.Equal(t, exitOK, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "20261120-demo.csv withdrawn: send its correction under the same name")
	code, _, stderr = runCLI(t, "withdraw", first)
	assert.Equal(t, exitRejected, code, "withdrawn already")
	assert.Contains(t, stderr, "n'attend son import")

	corrected := genExport(t, dir, "20261120", 0)
	code, out, stderr = runCLI(t, "send", corrected)
	require.Equal(t, exitOK, code, "the same name, after the withdrawal: %s\n%s", out, stderr)
	code, out, _ = runCLI(t, "send", "--wait", "--keep-waiting", "--timeout", "1s", corrected)
	assert.Equal(t, exitPending, code, "still waiting after the timeout")
	assert.Contains(t, out, "still pending after 1s")
}

// TestSendFixes: the fixes — a missing local file is a usage
// error; a refusal is printed in JSON; --check never sends a file
// rejected whole, with E#L's dry run or, E#L unreachable, the local
// validator, saying so.
func TestSendFixes(t *testing.T) {
	s := startServe(t, "--data", t.TempDir(), "--demo", "--import", "daily")
	token := demoToken(t, s)
	t.Setenv("ELEADER_URL", s.base)
	t.Setenv("ELEADER_TOKEN", token)
	dir := t.TempDir()

	code, _, stderr := runCLI(t, "send", filepath.Join(dir, "20261120-demo.csv"))
	assert.Equal(t, exitUsage, code, "a missing local file")
	assert.Contains(t, stderr, "no such file or directory (nothing was sent)")

	good := genExport(t, dir, "20261120", 0)
	code, _, stderr = runCLI(t, "send", good)
	require.Equal(t, exitOK, code, stderr)
	code, out, _ := runCLI(t, "send", "--format", "json", good)
	assert.Equal(t, exitRejected, code)
	var results []struct {
		Error struct {
			Status        int
			Code, Message string
			Name          string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &results), out)
	require.Len(t, results, 1, "the refusal, not []: %s", out)
	assert.Equal(t, 409, results[0].Error.Status)
	assert.Equal(t, "conflict", results[0].Error.Code)
	assert.Equal(t, "20261120-demo.csv", results[0].Error.Name)

	// Every line another partner's: rejected whole by the dry run, which
	// validate alone cannot see; not sent.
	all := genExport(t, dir, "20261122", 12)
	code, out, stderr = runCLI(t, "send", "--check", all)
	assert.Equal(t, exitFile, code, "%s\n%s", out, stderr)
	assert.Contains(t, stderr, "not sent: E#L's dry run rejects the whole file")
	assert.Contains(t, out, "REJECTED")
	_, list := httpGet(t, s.base+"/api/v1/files", token)
	assert.NotContains(t, list, "20261122-demo.csv", "not deposited")

	// E#L unreachable: the local check, said; a file error is not sent.
	latin1 := filepath.Join(dir, "20261123-demo.csv")
	b, err := os.ReadFile(good)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(latin1, append(b, []byte("DEMO999999;1;\xe9\r\n")...), 0o600))
	code, _, stderr = runCLI(t, "send", "--url", "http://127.0.0.1:1", "--retries", "0", "--check", latin1)
	assert.Equal(t, exitFile, code, stderr)
	assert.Contains(t, stderr, "E#L could not be reached for its dry run")
	assert.Contains(t, stderr, "checked locally, without the checks that need E#L's store")
	assert.Contains(t, stderr, "not sent")

	code, _, _ = runCLI(t, "send", "--dry-run", "--wait", good)
	assert.Equal(t, exitUsage, code)
	code, _, _ = runCLI(t, "send", "--keep-waiting", good)
	assert.Equal(t, exitUsage, code)
}

// TestServeCheckRate: serve --check-rate N lets a partner make N dry runs
// an hour; the next is refused, saying when to try again.
func TestServeCheckRate(t *testing.T) {
	s := startServe(t, "--data", t.TempDir(), "--demo", "--check-rate", "1")
	t.Setenv("ELEADER_URL", s.base)
	t.Setenv("ELEADER_TOKEN", demoToken(t, s))
	file := genExport(t, t.TempDir(), "20261120", 0)
	code, out, stderr := runCLI(t, "send", "--dry-run", file)
	require.Equal(t, exitOK, code, "%s\n%s", out, stderr)
	assert.Contains(t, s.out.String(), "1 dry runs per partner and hour", "the banner says the limit")
	code, _, stderr = runCLI(t, "send", "--dry-run", file)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "429")
	assert.Contains(t, stderr, "Trop de vérifications à blanc : un partenaire peut en faire 1 par heure au plus. Réessayez dans")
}
