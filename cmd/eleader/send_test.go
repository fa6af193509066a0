package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSend(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo", "--import", "daily")
	token := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(s.out.String())[1]
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o600))
		return p
	}
	clean, err := os.ReadFile(demoClean)
	require.NoError(t, err)
	good := write("20200102-demo.csv", clean)

	code, out, errs := runCLI(t, "send", "--url", s.base, "--token", token, good)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "20200102-demo.csv deposited")
	assert.Contains(t, out, "import quotidien", "when it will be imported")
	stored, err := os.ReadFile(filepath.Join(data, "depots", "demo", "depot", "20200102-demo.csv"))
	require.NoError(t, err)
	assert.Equal(t, clean, stored)

	// Sent again: refused by E#L, with its reason.
	code, _, errs = runCLI(t, "send", "--url", s.base, "--token", token, good)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, errs, "409")
	assert.Contains(t, errs, "déjà été déposé")
	assert.Contains(t, errs, "retirez-le", "E#L's advice: withdraw the file that waits")
	assert.Contains(t, errs, "20200102-demo.csv still waits for its import at E#L: to send its correction under the same name, withdraw it first: eleader withdraw 20200102-demo.csv")
	assert.NotContains(t, errs, "nouveau nom")

	// The token from the environment; JSON output.
	t.Setenv("ELEADER_TOKEN", token)
	code, out, errs = runCLI(t, "send", "--url", s.base, "--format", "json", write("20200103-demo.csv", clean))
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, `"sha256"`)

	// A bad name: not sent.
	code, _, errs = runCLI(t, "send", "--url", s.base, write("export.csv", clean))
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, errs, "not sent")

	// --check: a file rejected whole (not UTF-8) is not sent.
	latin1 := write("20200104-demo.csv", []byte(strings.Replace(string(clean), "Amélie", "Am\xe9lie", 1)))
	code, _, errs = runCLI(t, "send", "--url", s.base, "--check", latin1)
	assert.Equal(t, exitFile, code)
	assert.Contains(t, errs, "not sent")
	_, err = os.Stat(filepath.Join(data, "depots", "demo", "depot", "20200104-demo.csv"))
	assert.True(t, os.IsNotExist(err), "not deposited")

	// Nobody listening: a fault, after the retries.
	code, _, errs = runCLI(t, "send", "--url", "http://127.0.0.1:1", "--retries", "0", good)
	assert.Equal(t, exitFault, code, errs)

	// Usage.
	t.Setenv("ELEADER_TOKEN", "")
	code, _, _ = runCLI(t, "send", "--url", s.base, good)
	assert.Equal(t, exitUsage, code, "no token")
	code, _, _ = runCLI(t, "send", "--token", token)
	assert.Equal(t, exitUsage, code, "no file")
}
