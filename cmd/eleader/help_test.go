package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commandPaths lists every command and sub-command of the dispatch table.
func commandPaths(tb testing.TB) [][]string {
	tb.Helper()
	var out [][]string
	var walk func(prefix []string, cs []command)
	walk = func(prefix []string, cs []command) {
		for _, c := range cs {
			p := append(append([]string(nil), prefix...), c.name)
			out = append(out, p)
			walk(p, c.subs)
		}
	}
	walk(nil, commands())
	require.Greater(tb, len(out), 30, "the table lists the commands and their sub-commands")
	return out
}

// TestHelpOnEveryCommand walks the dispatch table: every command and
// sub-command answers -h and --help on standard output, with exit 0, and
// its help names it, lists its flags (a leaf), its exit codes and, for a
// store command, the environment variables of its settings.
func TestHelpOnEveryCommand(t *testing.T) {
	for _, path := range commandPaths(t) {
		for _, h := range []string{"--help", "-h"} {
			args := append(append([]string(nil), path...), h)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, errOut := runCLI(t, args...)
				require.Equal(t, exitOK, code, "stderr: %s", errOut)
				assert.Empty(t, errOut, "help goes to standard output")
				if path[0] == "help" {
					assert.Contains(t, out, "Commands:")
					return
				}
				assert.Contains(t, out, "usage: eleader "+strings.Join(path, " "))
				assert.Contains(t, out, "\nexit codes:\n  0  ")
				assert.Contains(t, out, "  2  usage error")
			})
		}
	}
}

func TestHelpOfAStoreCommandListsItsSettings(t *testing.T) {
	for _, args := range [][]string{{"runs", "--help"}, {"partners", "token", "rotate", "-h"}, {"dossier", "show", "--help"}, {"serve", "--help"}, {"import", "--help"}} {
		code, out, _ := runCLI(t, args...)
		require.Equal(t, exitOK, code, "%q", args)
		for _, want := range []string{"flags:\n", "-data directory", "-config file", "environment:\n", "ELEADER_DB ", "ELEADER_DATA ", "ELEADER_CONFIG "} {
			assert.Contains(t, out, want, "%q", args)
		}
	}
	_, out, _ := runCLI(t, "serve", "--help")
	assert.Contains(t, out, "ELEADER_MAX_MB")
	assert.Contains(t, out, "ELEADER_SMTP_HOST")
	_, out, _ = runCLI(t, "validate", "--help")
	assert.NotContains(t, out, "ELEADER_DB", "validate opens no store: its flags are not settings")
	_, out, _ = runCLI(t, "send", "--help")
	assert.Contains(t, out, "ELEADER_TOKEN")
}

func TestGroupHelpListsItsCommands(t *testing.T) {
	code, out, _ := runCLI(t, "partners", "--help")
	require.Equal(t, exitOK, code)
	for _, sub := range []string{"create --id ID", "token rotate|revoke ID", "export"} {
		assert.Contains(t, out, sub)
	}
	code, out, _ = runCLI(t, "help", "partners", "token")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "usage: eleader partners token COMMAND")
	assert.Contains(t, out, "rotate ID")
}

func TestHelpErrorsStayOnStderr(t *testing.T) {
	code, out, errOut := runCLI(t, "runs", "--frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "flag provided but not defined: -frobnicate")
	assert.Contains(t, errOut, "usage: eleader runs")
}

func TestUsageListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	require.Equal(t, exitOK, code)
	for _, c := range commands() {
		assert.Contains(t, out, "\n  "+c.name, c.name)
	}
}

func TestVersionOf(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/entrepreneur-leader/eleader-go", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.modified", Value: "true"}, {Key: "vcs.time", Value: "2026-11-16T10:00:00Z"}}}
	v := versionOf(bi, true)
	assert.Equal(t, "v1.4.0", v.Version)
	assert.Equal(t, "0123abcd", v.Commit)
	assert.True(t, v.Modified)
	assert.Equal(t, "go1.26.0", v.Go)
	var b bytes.Buffer
	writeVersion(&b, i18n.English, v)
	assert.Contains(t, b.String(), "eleader v1.4.0\n")
	assert.Contains(t, b.String(), "commit  0123abcd, with uncommitted changes")

	bi.Main.Version, bi.Settings = "(devel)", nil
	v = versionOf(bi, true).linked("v1.5.0", "feedbeef")
	assert.Equal(t, "v1.5.0", v.Version, "a version given to the linker replaces (devel)")
	assert.Equal(t, "feedbeef", v.Commit)
	assert.False(t, v.Modified)

	v = versionOf(nil, false)
	assert.Equal(t, "unknown", v.Version)
	b.Reset()
	writeVersion(&b, i18n.English, v)
	assert.Contains(t, b.String(), "commit  unknown")
}

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := runCLI(t, args...)
		assert.Equal(t, exitOK, code)
		assert.True(t, strings.HasPrefix(out, "eleader "), out)
		assert.Contains(t, out, "  go      go1.")
	}
	code, out, _ := runCLI(t, "version", "--format", "json")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, `"go":"go1.`)
	code, _, _ = runCLI(t, "version", "extra")
	assert.Equal(t, exitUsage, code)
}
