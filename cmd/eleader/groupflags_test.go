package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Flags before a group's sub-command are the sub-command's, in every
// group (hoistFlags, in the dispatcher): the command runs as with its
// flags after the sub-command — same exit code, same outputs.
func TestGroupFlagsBeforeTheSubCommand(t *testing.T) {
	data := t.TempDir()
	code, _, stderr := runCLI(t, "partners", "create", "--data", data, "--id", "adie", "--name", "ADIE")
	require.Equal(t, exitOK, code, stderr)
	tests := []struct{ before, after []string }{
		{[]string{"reports", "--data", data, "list"}, []string{"reports", "list", "--data", data}},
		{[]string{"reports", "--data=" + data, "--format", "json", "show", "7"}, []string{"reports", "show", "--data=" + data, "--format", "json", "7"}},
		{[]string{"partners", "--data", data, "list"}, []string{"partners", "list", "--data", data}},
		{[]string{"partners", "--data", data, "show", "adie"}, []string{"partners", "show", "--data", data, "adie"}},
		{[]string{"partners", "--data", data, "token", "rotate", "nobody"}, []string{"partners", "token", "rotate", "--data", data, "nobody"}},
		{[]string{"dossier", "--data", data, "show", "DEMO0000001"}, []string{"dossier", "show", "--data", data, "DEMO0000001"}},
		{[]string{"dossier", "--data", data, "disagreements"}, []string{"dossier", "disagreements", "--data", data}},
		{[]string{"people", "--data", data, "list"}, []string{"people", "list", "--data", data}},
		{[]string{"people", "--data", data, "--operator", "remove", "x@example.org"}, []string{"people", "remove", "--data", data, "--operator", "x@example.org"}},
		{[]string{"imports", "--data", data, "show", "1"}, []string{"imports", "show", "--data", data, "1"}},
		{[]string{"matrice", "--package", "demo", "gostruct"}, []string{"matrice", "gostruct", "--package", "demo"}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(strings.Join(tt.before, " "), func(t *testing.T) {
			covered[tt.before[0]] = true
			wantCode, wantOut, wantErr := runCLI(t, tt.after...)
			code, out, errs := runCLI(t, tt.before...)
			assert.Equal(t, wantCode, code, errs)
			assert.Equal(t, wantOut, out)
			assert.Equal(t, wantErr, errs)
			assert.NotEqual(t, exitUsage, code, errs)
		})
	}
	for _, c := range commands() {
		if len(c.subs) > 0 && c.name != "help" {
			assert.True(t, covered[c.name], "group %s tested", c.name)
		}
	}

	// Flags, and no sub-command: said so, with the group's commands; the
	// group that has an implied sub-command runs it.
	for _, group := range []string{"partners", "people", "dossier", "matrice"} {
		code, out, errs := runCLI(t, group, "--data", data)
		assert.Equal(t, exitUsage, code, group)
		assert.Empty(t, out)
		assert.Contains(t, errs, "eleader: "+group+" needs a command, before or after its flags: eleader "+group+" COMMAND --data "+data+"\n", group)
		assert.Contains(t, errs, "usage: eleader "+group+" COMMAND", group)
	}
	code, out, errs := runCLI(t, "--lang", "fr", "partners", "--data", data)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "partners attend une commande, avant ou après ses options : eleader partners COMMANDE --data "+data, out)
	code, out, _ = runCLI(t, "reports", "--data", data)
	assert.Equal(t, exitOK, code)
	_, list, _ := runCLI(t, "reports", "list", "--data", data)
	assert.Equal(t, list, out)
	code, out, _ = runCLI(t, "partners", "--data", data, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "usage: eleader partners COMMAND")
}

func TestHoistFlags(t *testing.T) {
	table := commands()
	group := func(name string) command {
		i := slices.IndexFunc(table, func(c command) bool { return c.name == name })
		require.GreaterOrEqual(t, i, 0)
		return table[i]
	}
	for _, tt := range []struct {
		group string
		args  []string
		want  []string
		ok    bool
	}{
		{"reports", []string{"list", "--data", "D"}, []string{"list", "--data", "D"}, true},
		{"reports", []string{"--data", "D", "list"}, []string{"list", "--data", "D"}, true},
		{"reports", []string{"--partner", "list", "list"}, []string{"list", "--partner", "list"}, true},
		{"reports", []string{"--data", "D"}, []string{"--data", "D"}, true},
		{"people", []string{"--operator", "add", "a@b.fr"}, []string{"add", "--operator", "a@b.fr"}, true},
		{"partners", []string{"--data", "D", "token", "--db", "F", "revoke", "X"}, []string{"token", "revoke", "--data", "D", "--db", "F", "X"}, true},
		{"partners", []string{"--data", "D", "--", "list"}, []string{"--data", "D", "--", "list"}, false},
		{"partners", []string{"frobnicate"}, []string{"frobnicate"}, true},
		{"partners", []string{"token", "--help"}, []string{"token", "--help"}, true},
		{"partners", []string{"--data", "D", "token", "--data", "D", "-h"}, []string{"token", "--help"}, true},
		{"imports", []string{"--partner", "adie"}, []string{"--partner", "adie"}, true},
		// A partner named like a sub-command is the flag's value (the
		// reviewer's cases): reports and imports run their implied list.
		{"reports", []string{"--partner", "list", "--data", "D"}, []string{"--partner", "list", "--data", "D"}, true},
		{"reports", []string{"--partner", "send"}, []string{"--partner", "send"}, true},
		{"imports", []string{"--partner", "show"}, []string{"--partner", "show"}, true},
		{"people", []string{"--partner", "remove", "list"}, []string{"list", "--partner", "remove"}, true},
		{"partners", []string{"--data", "list", "list"}, []string{"list", "--data", "list"}, true},
	} {
		got, ok := hoistFlags(group(tt.group), tt.args)
		assert.Equal(t, tt.want, got, "%s %v", tt.group, tt.args)
		assert.Equal(t, tt.ok, ok, "%s %v", tt.group, tt.args)
	}
}

// TestBoolFlagsListed: boolFlags, which tells hoistFlags which flags take
// no value, names exactly the commands' boolean flags, with -h and --help.
func TestBoolFlagsListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	re := regexp.MustCompile(`BoolVar\([^,]+, "([a-z-]+)"`)
	found := []string{"h", "help"}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !slices.Contains(found, m[1]) {
				found = append(found, m[1])
			}
		}
	}
	slices.Sort(found)
	want := slices.Clone(boolFlags)
	slices.Sort(want)
	assert.Equal(t, found, want)
}
