package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postgresURL returns the URL of a new, empty schema of the test database
// (ELEADER_TEST_POSTGRES), dropped at the end of the test; without a
// database, the test is skipped.
func postgresURL(t *testing.T) string {
	t.Helper()
	dbURL := os.Getenv("ELEADER_TEST_POSTGRES")
	if dbURL == "" {
		t.Skip("no PostgreSQL to test against: set ELEADER_TEST_POSTGRES=postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE?sslmode=disable (bash .ci/postgres.sh starts one and prints the line)")
	}
	schema := "eleader_cli_" + strings.ToLower(rand.Text())
	sql := func(statement string) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, dbURL)
		require.NoError(t, err)
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, statement)
		require.NoError(t, err, statement)
	}
	sql(`CREATE SCHEMA ` + schema)
	t.Cleanup(func() { sql(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(dbURL)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestImportThenReadPostgres(t *testing.T) {
	db := postgresURL(t)
	code, out, stderr := runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "consolidated (import #1): 3 dossiers created, 0 dossiers updated")

	code, out, stderr = runCLI(t, "import", "--db", db, "--partner", "demo", "--operators", "ADIE,FRAC", "--format", "json", demoClean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, `"unchanged":true`, "the same file again")

	code, out, stderr = runCLI(t, "dossier", "show", "--db", db, "FRAC2024-0042")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "FRAC2024-0042 — phase 2, operator FRAC, created by demo (20261116-demo.csv line 5)")
	assert.Regexp(t, `\n  Nom +Benali +← demo, 20261116-demo.csv line 5, DateMaj 02/10/2026\n`, out)

	code, _, stderr = runCLI(t, "dossier", "show", "--db", db, "ADIE999999")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "no dossier ADIE999999")

	code, out, _ = runCLI(t, "search", "--db", db, "--siret", "73282932000074")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "FRAC2024-0042 (operator FRAC): next free sub-version 002-FRAC2024-0042")
	code, out, _ = runCLI(t, "imports", "--db", db)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, 1, strings.Count(out, "\n"), "the re-import wrote no history: %s", out)
}

// TestPostgresPasswordNeverPrinted gives a wrong password: the command
// fails as a fault, and says why without the password.
func TestPostgresPasswordNeverPrinted(t *testing.T) {
	u, err := url.Parse(postgresURL(t))
	require.NoError(t, err)
	const wrong = "N0t-the-Passw0rd"
	u.User = url.UserPassword(u.User.Username(), wrong)
	for _, args := range [][]string{
		{"dossier", "show", "--db", u.String(), "FRAC2024-0042"},
		{"import", "--db", u.String(), "--partner", "demo", "--operators", "ADIE,FRAC", demoClean},
	} {
		code, out, stderr := runCLI(t, args...)
		assert.Equal(t, exitFault, code, "%q: %s", args[0], stderr)
		assert.Contains(t, stderr, "password authentication failed", "%q", args[0])
		assert.NotContains(t, stderr+out, wrong, "%q", args[0])
	}
}

// TestServeTwoInstancesPostgres runs two "eleader serve" on one PostgreSQL
// schema and one data directory, as two instances behind a load balancer:
// the token the first drew works on the second, a file sent to the second
// is imported and reported once, and the first sees it imported.
func TestServeTwoInstancesPostgres(t *testing.T) {
	db := postgresURL(t)
	data := t.TempDir()
	a := startServe(t, "--data", data, "--db", db, "--demo")
	b := startServe(t, "--data", data, "--db", db, "--import", "now")
	u, err := url.Parse(db)
	require.NoError(t, err)
	if password, ok := u.User.Password(); ok && password != "" {
		assert.NotContains(t, a.out.String()+b.out.String(), ":"+password+"@", "the banners show the password")
	}
	assert.Contains(t, b.out.String(), "  store       postgres://")
	_, err = os.Stat(filepath.Join(data, "eleader.db"))
	assert.True(t, os.IsNotExist(err), "a SQLite file beside the PostgreSQL store")

	banner := a.out.String()
	token := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(banner)
	require.NotNil(t, token, banner)
	line := strings.ReplaceAll(curlLine(t, banner), a.base, b.base)
	code, body := runCurl(t, line)
	require.Equal(t, http.StatusCreated, code, "%s", body)
	var receipt struct{ Name string }
	require.NoError(t, json.Unmarshal(body, &receipt))

	waitUntil(t, "the report", func() bool {
		entries, _ := os.ReadDir(filepath.Join(data, "outbox"))
		return len(entries) == 1
	})
	req, _ := http.NewRequest(http.MethodGet, a.base+"/api/v1/files/"+receipt.Name, nil)
	req.Header.Set("Authorization", "fmetoken token="+token[1])
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(got), `"state":"imported"`, "the file, seen by the other instance")
	code, body = runCurl(t, strings.ReplaceAll(line, b.base, a.base))
	assert.Equal(t, http.StatusConflict, code, "the same name sent to the other instance: %s", body)

	assert.Equal(t, exitOK, b.shutdown(t))
	assert.Equal(t, exitOK, a.shutdown(t))
	entries, err := os.ReadDir(filepath.Join(data, "outbox"))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the report, sent once")
	assert.NotContains(t, a.errs.String()+b.errs.String(), "Dupont", "no personal data in the logs")
}
