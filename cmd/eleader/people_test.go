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

// emls returns the .eml files of an outbox folder, by name.
func emls(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return out
	}
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			out[e.Name()] = string(b)
		}
	}
	return out
}

func TestPeopleCommands(t *testing.T) {
	dir := t.TempDir()
	db, outbox := filepath.Join(dir, "e.db"), filepath.Join(dir, "outbox")
	t.Setenv("ELEADER_PUBLIC_URL", "https://eleader.example")

	code, out, stderr := dbCLI(t, db, "people", "add", "Jeanne@ADIE.example", "--partner", "adie", "--right", "modification", "--by", "carol", "--outbox", outbox)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "jeanne@adie.example: modification on adie; invited by email")
	assert.Contains(t, out, "adie has no connection sheet yet: they create it in the portal")
	assert.Contains(t, out, "rights    adie:modification")
	assert.Regexp(t, `grant +carol +adie +jeanne@adie\.example +modification`, out)
	mails := emls(t, outbox)
	require.Len(t, mails, 1)
	for name, m := range mails {
		assert.True(t, strings.HasPrefix(name, "invitation-adie-"), name)
		assert.Contains(t, m, "To: <jeanne@adie.example>")
		assert.Contains(t, m, "https://eleader.example/connexion")
	}

	code, out, stderr = dbCLI(t, db, "people", "add", "paul@adie.example", "--partner", "adie", "--right", "consultation", "--outbox", outbox, "--url", "")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "paul@adie.example: consultation on adie; invited by email", "ELEADER_PUBLIC_URL by default")
	t.Setenv("ELEADER_PUBLIC_URL", "")
	code, out, stderr = dbCLI(t, db, "people", "add", "paul@adie.example", "--partner", "bge", "--right", "consultation", "--outbox", outbox)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "no invitation sent (set ELEADER_PUBLIC_URL or --url)")
	code, out, _ = dbCLI(t, db, "people", "add", "paul@adie.example", "--partner", "bge", "--right", "consultation", "--outbox", outbox)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "(unchanged: they had it already)")
	code, out, stderr = dbCLI(t, db, "people", "add", "carol@eleader.example", "--operator")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "carol@eleader.example: E#L operator (the console)")

	code, out, _ = dbCLI(t, db, "people", "list")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `carol@eleader\.example +operator *\n`, out)
	assert.Regexp(t, `jeanne@adie\.example +adie:modification\n`, out)
	assert.Regexp(t, `paul@adie\.example +adie:consultation, bge:consultation\n`, out)
	code, out, _ = dbCLI(t, db, "people", "list", "--partner", "bge", "--format", "json")
	require.Equal(t, exitOK, code)
	var people []struct {
		Email  string            `json:"email"`
		Rights map[string]string `json:"rights"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &people))
	require.Len(t, people, 1)
	assert.Equal(t, "paul@adie.example", people[0].Email)
	assert.Equal(t, map[string]string{"adie": "consultation", "bge": "consultation"}, people[0].Rights)

	code, out, stderr = dbCLI(t, db, "people", "remove", "paul@adie.example", "--partner", "bge", "--by", "carol")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "paul@adie.example: no right on bge any more")
	code, _, stderr = dbCLI(t, db, "people", "remove", "paul@adie.example", "--partner", "bge")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "paul@adie.example has no right on bge")
	code, out, stderr = dbCLI(t, db, "people", "remove", "carol@eleader.example", "--operator")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "no longer an operator")
	code, out, stderr = dbCLI(t, db, "people", "remove", "paul@adie.example")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "paul@adie.example: removed, with their rights; their sessions ended")
	code, _, stderr = dbCLI(t, db, "people", "show", "paul@adie.example")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "no person paul@adie.example")

	code, out, _ = dbCLI(t, db, "people", "actions", "--person", "paul@adie.example")
	require.Equal(t, exitOK, code)
	for _, want := range []string{"remove", "revoke", "grant"} {
		assert.Contains(t, out, want)
	}
	code, out, _ = dbCLI(t, db, "people", "actions", "--partner", "bge", "--format", "json")
	require.Equal(t, exitOK, code)
	var acts []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &acts))
	assert.Len(t, acts, 2, "the grant and the revoke on bge")
}

func TestPeopleUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"people"}, exitUsage, "usage: eleader people"},
		{[]string{"people", "promote"}, exitUsage, `unknown people command "promote"`},
		{[]string{"people", "add"}, exitUsage, "usage: eleader people add EMAIL"},
		{[]string{"people", "add", "a@b.example"}, exitUsage, "give --partner ID and --right"},
		{[]string{"people", "add", "a@b.example", "--partner", "adie"}, exitUsage, "give --partner ID and --right"},
		{[]string{"people", "add", "a@b.example", "--operator", "--partner", "adie"}, exitUsage, "give either --operator"},
		{[]string{"people", "add", "a@b.example", "--partner", "adie", "--right", "admin"}, exitUsage, "--right must be modification or consultation"},
		{[]string{"people", "add", "pas-une-adresse", "--partner", "adie", "--right", "modification"}, exitUsage, "is not an email address"},
		{[]string{"people", "add", "a@b.example", "--partner", "Adie!", "--right", "modification"}, exitUsage, "is not an identifier"},
		{[]string{"people", "remove", "a@b.example", "--operator", "--partner", "adie"}, exitUsage, "give --partner ID, or --operator, or neither"},
		{[]string{"people", "remove", "nobody@b.example"}, exitRejected, "no person nobody@b.example"},
		{[]string{"people", "list", "x"}, exitUsage, "takes flags only"},
	} {
		code, _, stderr := dbCLI(t, db, tt.args...)
		assert.Equal(t, tt.code, code, "%v: %s", tt.args, stderr)
		assert.Contains(t, stderr, tt.want, "%v", tt.args)
	}
}

// TestPartnersTokenToThePortal: a partner whose people hold the right
// modification gets its token in the portal; partners process prints none
// and writes them an email (no token in it).
func TestPartnersTokenToThePortal(t *testing.T) {
	dir := t.TempDir()
	db, outbox := filepath.Join(dir, "e.db"), filepath.Join(dir, "outbox")
	t.Setenv("ELEADER_PUBLIC_URL", "https://eleader.example")
	code, _, stderr := dbCLI(t, db, "people", "add", "jeanne@demo.example", "--partner", "demo", "--right", "modification", "--outbox", outbox)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = dbCLI(t, db, createArgs("demo", "ADIE,FRAC")...)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = dbCLI(t, db, "partners", "submit", "demo")
	require.Equal(t, exitOK, code, stderr)
	code, out, stderr := dbCLI(t, db, "partners", "process", "demo", "--outbox", outbox)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "demo: ACTIVEE; its token waits to be revealed in the portal by its people with the right modification (1 emailed)\n", out)
	assert.NotRegexp(t, tokenRE, out)
	var ready string
	for name, m := range emls(t, outbox) {
		if strings.HasPrefix(name, "jeton-demo-") {
			ready = m
		}
	}
	require.NotEmpty(t, ready, "the token-ready email")
	assert.Contains(t, ready, "https://eleader.example/raccordements/fiches/demo/jeton")
	assert.NotRegexp(t, tokenRE, ready)
	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "token         waiting to be revealed in the portal")
}

func TestPartnersDeleteAndQualifiedFilter(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	activeDemo(t, db)
	code, out, stderr := dbCLI(t, db, "import", "--partner", "demo", demoClean)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "qualification passed")
	code, _, stderr = dbCLI(t, db, createArgs("brouillon", "BROU")...)
	require.Equal(t, exitOK, code, stderr)

	code, out, _ = dbCLI(t, db, "partners", "list", "--qualified", "yes")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "demo")
	assert.NotContains(t, out, "brouillon")
	code, out, _ = dbCLI(t, db, "partners", "list", "--qualified", "no")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "brouillon")
	assert.NotContains(t, out, "demo ")
	code, _, stderr = dbCLI(t, db, "partners", "list", "--qualified", "maybe")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--qualified must be yes or no")

	code, _, stderr = dbCLI(t, db, "partners", "delete", "demo")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "the connection sheet of demo is ACTIVEE: only a BROUILLON sheet is deleted")
	code, out, stderr = dbCLI(t, db, "partners", "delete", "brouillon", "--by", "alice")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "brouillon: draft deleted")
	code, _, stderr = dbCLI(t, db, "partners", "show", "brouillon")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "no partner brouillon")
	code, out, _ = dbCLI(t, db, "people", "actions", "--partner", "brouillon")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `delete_draft +alice +brouillon`, out)
	code, _, stderr = dbCLI(t, db, createArgs("brouillon", "BROU")...)
	assert.Equal(t, exitOK, code, "the identifier and the operator code are free again: %s", stderr)
}
