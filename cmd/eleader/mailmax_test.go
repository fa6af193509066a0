package main

import (
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunMailMaxMB: --mail-max-mb bounds what a report's email attaches:
// by default the rejects and their Excel twin; with 0 nothing, the email
// quoting the first rejected lines and giving the report's page at
// ELEADER_PUBLIC_URL; beyond 64 a usage error.
func TestRunMailMaxMB(t *testing.T) {
	t.Setenv("ELEADER_PUBLIC_URL", "https://eleader.example")
	for _, tt := range []struct {
		name        string
		args        []string
		attachments int
	}{
		{"default", nil, 2},
		{"never", []string{"--mail-max-mb", "0"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db, depots, outbox := filepath.Join(dir, "e.db"), filepath.Join(dir, "depots"), filepath.Join(dir, "outbox")
			code, _, stderr := runCLI(t, "demo", "--db", db, "--depots", depots)
			require.Equal(t, exitOK, code, stderr)
			code, _, stderr = runCLI(t, append([]string{"run", "--now", "--db", db, "--depots", depots, "--outbox", outbox}, tt.args...)...)
			require.Equal(t, exitOK, code, stderr)
			emls, err := filepath.Glob(filepath.Join(outbox, "rapport-*.eml"))
			require.NoError(t, err)
			require.Len(t, emls, 1)
			raw, err := os.ReadFile(emls[0])
			require.NoError(t, err)
			assert.Equal(t, tt.attachments, strings.Count(string(raw), "Content-Disposition: attachment"), "attachments")
			if tt.attachments > 0 {
				return
			}
			text, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(raw))))
			require.NoError(t, err)
			// The demo's second export has 4 faulty lines (its operator
			// code is the demo partner's, DEMO: no operator error).
			assert.Contains(t, string(text), "Ce service E#L ne joint pas les lignes rejetées à ses courriels : voici les 4 premières.")
			assert.Equal(t, 4, strings.Count(string(text), "\r\n- ligne "), "the rejected lines quoted in the text part")
			assert.Contains(t, string(text), "https://eleader.example/espace/rapports/1")
		})
	}
	code, _, stderr := runCLI(t, "run", "--now", "--mail-max-mb", "65", "--db", filepath.Join(t.TempDir(), "e.db"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--mail-max-mb must be 0 (never attach the rejects) up to 64 (MiB)")
}
