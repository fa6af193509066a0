package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/csv"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokenRE matches a partner token: elt_, a 12-character id, _, a
// 32-character secret.
var tokenRE = regexp.MustCompile(`elt_([a-z2-7]{12})_([a-z2-7]{32})`)

// dbCLI runs the command line on the store db.
func dbCLI(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLI(t, append(args, "--db", db)...)
}

// createArgs are the arguments creating partner id's complete sheet, in
// qualification by default.
func createArgs(id, operators string, extra ...string) []string {
	return append([]string{"partners", "create", "--id", id, "--name", "Démo Conseil", "--operators", operators, "--channels", "api,web",
		"--contact-name", "Claire Martin", "--contact-phone", "01 23 45 67 89", "--contact-email", "claire.martin@demo.example",
		"--by", "alice"}, extra...)
}

// oneToken returns the one token out shows.
func oneToken(t *testing.T, out string) string {
	t.Helper()
	all := tokenRE.FindAllString(out, -1)
	require.Len(t, all, 1, "tokens in %q", out)
	return all[0]
}

// activeDemo creates partner demo (ADIE, FRAC; qualification), submits and
// processes it, and returns its token.
func activeDemo(t *testing.T, db string, extra ...string) string {
	t.Helper()
	code, _, stderr := dbCLI(t, db, createArgs("demo", "ADIE,FRAC", extra...)...)
	require.Equal(t, exitOK, code, "create: %s", stderr)
	code, _, stderr = dbCLI(t, db, "partners", "submit", "demo")
	require.Equal(t, exitOK, code, "submit: %s", stderr)
	code, out, stderr := dbCLI(t, db, "partners", "process", "demo")
	require.Equal(t, exitOK, code, "process: %s", stderr)
	return oneToken(t, out)
}

// authenticate checks a token through the service, on the store the
// command line wrote.
func authenticate(t *testing.T, db, token string) (*eleader.Partner, error) {
	t.Helper()
	s, err := sqlite.Open(t.Context(), db)
	require.NoError(t, err)
	defer func() { require.NoError(t, s.Close()) }()
	svc := &eleader.Service{Store: s}
	return svc.Authenticate(t.Context(), token)
}

// requireAuthenticates requires token to authenticate partner id.
func requireAuthenticates(t *testing.T, db, token, id string) {
	t.Helper()
	p, err := authenticate(t, db, token)
	require.NoError(t, err, "Authenticate")
	assert.Equal(t, id, p.ID(), "the token's partner")
}

// requireRefused requires token to be refused, saying why.
func requireRefused(t *testing.T, db, token, why string) {
	t.Helper()
	_, err := authenticate(t, db, token)
	require.Error(t, err, "Authenticate")
	assert.Equal(t, eleader.EUNAUTHORIZED, eleader.ErrorCode(err), "%v", err)
	assert.Contains(t, err.Error(), why)
}

// A new user's path, from the command line alone: create a partner, submit,
// process, get a token, qualify, then move to production.
func TestPartnersNewUserFlow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "data", "e.db")

	code, out, stderr := dbCLI(t, db, createArgs("demo", "ADIE,FRAC")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.Contains(t, out, "demo: created as a draft (BROUILLON)")
	assert.Contains(t, out, "status        BROUILLON")
	assert.Contains(t, out, "environment   qualification (qualification not passed)")
	assert.Contains(t, out, "operators     ADIE, FRAC")
	assert.Contains(t, out, "channels      api,web")
	assert.Contains(t, out, "contact       Claire Martin, 01 23 45 67 89, claire.martin@demo.example")
	assert.Contains(t, out, "token         none")
	assert.NotContains(t, out, "to fix before submitting", "a complete sheet")

	code, out, stderr = dbCLI(t, db, "partners", "submit", "demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "submitted: ENVOYEE")
	assert.Contains(t, out, "status        ENVOYEE")

	code, out, stderr = dbCLI(t, db, "partners", "process")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "demo: ACTIVEE; its token, shown this once:")
	token := oneToken(t, out)
	m := tokenRE.FindStringSubmatch(token)
	tokenID, secret := m[1], m[2]
	requireAuthenticates(t, db, token, "demo")

	for _, format := range []string{"text", "json"} {
		code, out, stderr = dbCLI(t, db, "partners", "show", "demo", "--format", format)
		require.Equal(t, exitOK, code, stderr)
		assert.NotContains(t, out, token, "show --format %s prints the token", format)
		assert.NotContains(t, out, secret, "show --format %s prints the token's secret", format)
		assert.Contains(t, out, tokenID, "show --format %s names the token", format)
		assert.Contains(t, out, "ACTIVEE")
	}
	code, out, _ = dbCLI(t, db, "partners", "list")
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, secret, "list prints the token's secret")

	// Qualification: judged, nothing consolidated.
	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", demoClean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "qualification passed (import #1): nothing consolidated")
	for _, num := range []string{"FRAC2024-0042", "ADIE100876-AHG-4U"} {
		code, _, stderr = dbCLI(t, db, "dossier", "show", num)
		assert.Equal(t, exitRejected, code, "dossier show %s after a qualification import", num)
		assert.Contains(t, stderr, "no dossier "+num)
	}
	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "environment   qualification (qualification passed on ")
	assert.Contains(t, out, "qualification passed: ")

	// To production: edited, the sheet waits for processing.
	code, out, stderr = dbCLI(t, db, "partners", "edit", "demo", "--environment", "production", "--by", "bob")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "edited: now ENVOYEE_MAJ")
	assert.Contains(t, out, "status        ENVOYEE_MAJ")
	assert.Regexp(t, `ACTIVEE → ENVOYEE_MAJ +bob +edited`, out)
	requireRefused(t, db, token, "ENVOYEE_MAJ")

	code, out, stderr = dbCLI(t, db, "partners", "process", "demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "demo: ACTIVEE (its token is unchanged)\n", out)
	assert.False(t, tokenRE.MatchString(out), "a token printed again")
	requireAuthenticates(t, db, token, "demo")

	// Production: consolidated.
	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", demoClean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "consolidated (import #2): 3 dossiers created, 0 dossiers updated")
	code, out, stderr = dbCLI(t, db, "dossier", "show", "FRAC2024-0042")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "FRAC2024-0042 — phase 2, operator FRAC, created by demo (20261116-demo.csv line 5)")

	code, out, _ = dbCLI(t, db, "imports")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "demo 20261116-demo.csv: accepted, consolidated, 5 lines")

	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	for _, want := range []string{
		"status        ACTIVEE",
		"environment   production (qualification passed on ",
		"BROUILLON                  alice        created",
		"BROUILLON → ENVOYEE",
		"ENVOYEE → ACTIVEE",
		"ENVOYEE_MAJ → ACTIVEE",
	} {
		assert.Contains(t, out, want)
	}
}

// A qualification file with rejected lines qualifies nothing, and a
// production sheet is not activated without a qualification.
func TestPartnersFaultyQualification(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	token := activeDemo(t, db)
	faulty := filepath.Join(dir, "20261117-demo.csv")
	b, err := os.ReadFile(demoFaulty)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(faulty, b, 0o644))

	code, out, stderr := dbCLI(t, db, "import", "--partner", "demo", faulty)
	assert.Equal(t, exitRejected, code, stderr)
	assert.Contains(t, out, "PARTIAL")
	assert.Contains(t, out, "qualification import (#1): nothing consolidated; the qualification passes with a file of at least one line and no rejected line")
	assert.NotContains(t, out, "qualification passed")
	code, _, _ = dbCLI(t, db, "dossier", "show", "ADIE100876-AHG-4U")
	assert.Equal(t, exitRejected, code, "a qualification import consolidated a line")

	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "(qualification not passed)")

	code, _, stderr = dbCLI(t, db, "partners", "edit", "demo", "--environment", "production")
	require.Equal(t, exitOK, code, stderr)
	code, out, stderr = dbCLI(t, db, "partners", "process", "demo")
	assert.Equal(t, exitRejected, code, stderr)
	assert.Contains(t, out, "demo: not activated (ENVOYEE_MAJ): production needs a successful qualification import first")
	requireRefused(t, db, token, "ENVOYEE_MAJ")
	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "status        ENVOYEE_MAJ")
	assert.Contains(t, out, "not activated: production needs")

	// process without an ID says so too.
	code, out, _ = dbCLI(t, db, "partners", "process", "--format", "json")
	assert.Equal(t, exitRejected, code)
	var acts []eleader.Activation
	require.NoError(t, json.Unmarshal([]byte(out), &acts))
	require.Len(t, acts, 1)
	assert.Equal(t, "demo", acts[0].Partner)
	assert.Equal(t, eleader.StatusSentUpdate, acts[0].Status)
	assert.Empty(t, acts[0].Token)
	assert.Contains(t, acts[0].Refused, "qualification")

	// A sheet created for production is not activated either.
	code, _, stderr = dbCLI(t, db, createArgs("prod", "PROD", "--environment", "production")...)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = dbCLI(t, db, "partners", "submit", "prod")
	require.Equal(t, exitOK, code, stderr)
	code, out, _ = dbCLI(t, db, "partners", "process", "prod")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "prod: not activated (ENVOYEE): production needs a successful qualification import first")
	assert.False(t, tokenRE.MatchString(out), "a token for a sheet not activated")
	code, out, _ = dbCLI(t, db, "partners", "show", "prod")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "token         none")
}

func TestPartnersListExportImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	activeDemo(t, db, "--recipients", "a@demo.example,b@demo.example", "--comment", "raccordement; « API »")
	code, _, stderr := dbCLI(t, db, "import", "--partner", "demo", demoClean)
	require.Equal(t, exitOK, code, stderr)
	corr := filepath.Join(dir, "corr.csv")
	require.NoError(t, os.WriteFile(corr, []byte("Champ;ValeurPartenaire;ValeurMatrice\nCivilite;Madame;MME\nCivilite;Monsieur;M\n"), 0o644))
	chain, _, _ := writeChain(t, dir, "chain.pem", time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0))
	code, _, stderr = dbCLI(t, db, "partners", "create", "--id", "bge-idf", "--operators", "BGE1", "--correspondances", corr, "--certificate", chain,
		"--comment", "two lines\nof comment")
	require.Equal(t, exitOK, code, stderr)

	// list filters.
	for _, status := range []string{"ACTIVEE", "activee"} {
		code, out, stderr := dbCLI(t, db, "partners", "list", "--status", status, "--format", "json")
		require.Equal(t, exitOK, code, stderr)
		var ps []eleader.Partner
		require.NoError(t, json.Unmarshal([]byte(out), &ps), out)
		require.Len(t, ps, 1, "list --status %s", status)
		assert.Equal(t, "demo", ps[0].ID())
		assert.Equal(t, eleader.StatusActive, ps[0].Status)
		require.NotNil(t, ps[0].Token)
		assert.False(t, ps[0].Token.Revoked)
	}
	code, out, _ := dbCLI(t, db, "partners", "list", "--status", "DESACTIVEE", "--format", "json")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "[]\n", out, "list of no partner, JSON")
	code, out, _ = dbCLI(t, db, "partners", "list", "--partner", "bge")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `^bge-idf +BROUILLON +qualification +partial +BGE1\n$`, out)

	// export, then import into a new store.
	before := listJSON(t, db)
	export := filepath.Join(dir, "partners.csv")
	code, _, stderr = dbCLI(t, db, "partners", "export", "--output", export)
	require.Equal(t, exitOK, code, stderr)
	code, stdoutExport, _ := dbCLI(t, db, "partners", "export")
	require.Equal(t, exitOK, code)
	written, err := os.ReadFile(export)
	require.NoError(t, err)
	assert.Equal(t, string(written), stdoutExport, "export to stdout and to --output")
	assert.NotContains(t, stdoutExport, "elt_", "the export holds a token")

	db2 := filepath.Join(dir, "other", "e.db")
	code, out, stderr = dbCLI(t, db2, "partners", "import", export)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "2 partners written")
	after := listJSON(t, db2)

	// The export keeps each sheet, status, qualification and creation
	// (exactly: RFC 3339 with nanoseconds); not tokens, versions nor times
	// of change.
	require.Len(t, after, len(before))
	for i := range before {
		b, a := before[i], after[i]
		assert.Nil(t, a.Token, "%s: a token after an import", a.ID())
		assert.True(t, b.QualifiedAt.Equal(a.QualifiedAt) && b.Created.Equal(a.Created), "%s: times", a.ID())
		b.QualifiedAt, b.Created = a.QualifiedAt, a.Created // equal instants, maybe not the same location
		b.Token, a.Token = nil, nil
		b.Version, a.Version = 0, 0
		b.Updated, a.Updated = time.Time{}, time.Time{}
		assert.Equal(t, b, a, "partner %d after export and import", i)
	}
	code, out, _ = dbCLI(t, db2, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "restored from a partners export")
	assert.Contains(t, out, "token         none")

	// The new store exports the same file but for the times of change.
	code, again, _ := dbCLI(t, db2, "partners", "export")
	require.Equal(t, exitOK, code)
	assert.Equal(t, withoutColumn(t, stdoutExport, "MisAJour"), withoutColumn(t, again, "MisAJour"), "export after import")

	// Importing it again changes nothing.
	code, out, _ = dbCLI(t, db2, "partners", "import", export)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "0 partners written")
}

// Restoring an export into the store it came from changes nothing: every
// partner is unchanged, so none is written and no token is revoked.
func TestPartnersImportOwnExportChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	token := activeDemo(t, db)
	code, _, stderr := dbCLI(t, db, "import", "--partner", "demo", demoClean)
	require.Equal(t, exitOK, code, stderr) // demo is now qualified
	export := filepath.Join(dir, "partners.csv")
	code, _, stderr = dbCLI(t, db, "partners", "export", "--output", export)
	require.Equal(t, exitOK, code, stderr)

	code, out, stderr := dbCLI(t, db, "partners", "import", export)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "0 partners written", "restoring an unchanged partner")
	requireAuthenticates(t, db, token, "demo")
}

// --date sets the date a file is judged at (validate's flag, which import
// shares): a partner with a connection sheet must get it too, or be told it
// cannot — not have it silently dropped.
func TestPartnersImportHonoursDate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	activeDemo(t, db)
	code, out, _ := runCLI(t, "validate", "--date", "20261001", demoClean)
	require.Equal(t, exitFile, code, "validate: DateMaj after --date is out of range")
	require.Contains(t, out, "date 01/10/2026")

	code, out, stderr := dbCLI(t, db, "import", "--partner", "demo", "--date", "20261001", demoClean)
	assert.NotEqual(t, exitOK, code, "import --date 20261001 of a file whose DateMaj is later: %s", stderr)
	assert.NotContains(t, out, "date 16/11/2026", "--date ignored: the file is judged at the date of its name")
}

// listJSON returns partners list --format json of db.
func listJSON(t *testing.T, db string) []eleader.Partner {
	t.Helper()
	code, out, stderr := dbCLI(t, db, "partners", "list", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var ps []eleader.Partner
	require.NoError(t, json.Unmarshal([]byte(out), &ps), out)
	return ps
}

// withoutColumn returns a ';'-separated CSV without one of its columns.
func withoutColumn(t *testing.T, csvText, column string) [][]string {
	t.Helper()
	var rows [][]string
	r := csv.NewReader(strings.NewReader(csvText))
	r.Comma = ';'
	all, err := r.ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, all)
	idx := -1
	for i, name := range all[0] {
		if name == column {
			idx = i
		}
	}
	require.GreaterOrEqual(t, idx, 0, "column %s in %q", column, all[0])
	for _, rec := range all {
		rows = append(rows, append(append([]string{}, rec[:idx]...), rec[idx+1:]...))
	}
	return rows
}

func TestPartnersTokenRotateRevoke(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	old := activeDemo(t, db)

	code, out, stderr := dbCLI(t, db, "partners", "token", "rotate", "demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "demo: new token, shown this once (the old one is revoked):")
	rotated := oneToken(t, out)
	assert.NotEqual(t, old, rotated)
	requireRefused(t, db, old, "revoked")
	requireAuthenticates(t, db, rotated, "demo")

	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, rotated)
	assert.Contains(t, out, "token         "+tokenRE.FindStringSubmatch(rotated)[1]+", issued")
	assert.Contains(t, out, "token rotated: "+tokenRE.FindStringSubmatch(rotated)[1])

	code, out, stderr = dbCLI(t, db, "partners", "token", "revoke", "demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "demo: token revoked\n", out)
	requireRefused(t, db, rotated, "revoked")
	code, out, _ = dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "token         "+tokenRE.FindStringSubmatch(rotated)[1]+", revoked")

	code, _, stderr = dbCLI(t, db, "partners", "token", "revoke", "demo")
	assert.NotEqual(t, exitOK, code, "revoking a revoked token")
	assert.Contains(t, stderr, "demo has no token in force")

	// A new token after a revocation works; JSON shows it too.
	code, out, stderr = dbCLI(t, db, "partners", "token", "rotate", "demo", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var rot map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &rot))
	assert.Equal(t, "demo", rot["partner"])
	requireAuthenticates(t, db, rot["token"], "demo")
	requireRefused(t, db, rotated, "revoked")

	// A draft's first token comes with its activation.
	code, _, stderr = dbCLI(t, db, createArgs("draft", "DRAF")...)
	require.Equal(t, exitOK, code, stderr)
	code, out, stderr = dbCLI(t, db, "partners", "token", "rotate", "draft")
	assert.NotEqual(t, exitOK, code)
	assert.False(t, tokenRE.MatchString(out))
	assert.Contains(t, stderr, "its first token comes with its activation")
	code, _, stderr = dbCLI(t, db, "partners", "token", "rotate", "nobody")
	assert.Equal(t, exitRejected, code, "rotate of an unknown partner")
	assert.Contains(t, stderr, "nobody")
}

func TestPartnersDeactivate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	token := activeDemo(t, db)

	code, out, stderr := dbCLI(t, db, "partners", "deactivate", "demo", "--comment", "contrat terminé", "--by", "bob")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "deactivated: its token no longer works")
	assert.Regexp(t, `ACTIVEE → DESACTIVEE +bob +contrat terminé`, out)
	requireRefused(t, db, token, "DESACTIVEE")

	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", demoClean)
	assert.NotEqual(t, exitOK, code, "import of a deactivated partner's file")
	assert.Contains(t, stderr, "the connection sheet of demo is DESACTIVEE: only an ACTIVEE partner's files are imported")
	assert.NotContains(t, out, "qualification passed")
	code, out, _ = dbCLI(t, db, "imports")
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, "20261116-demo.csv", "a refused import recorded")

	// E#L edits a deactivated sheet in place (issue 14 §5); it stays
	// deactivated, and deactivating it again says so.
	code, out, stderr = dbCLI(t, db, "partners", "edit", "demo", "--name", "Démo (suspendue)")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "edited: now DESACTIVEE")
	requireRefused(t, db, token, "DESACTIVEE")
	code, _, stderr = dbCLI(t, db, "partners", "deactivate", "demo")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "the connection sheet of demo is already DESACTIVEE: there is nothing to deactivate")

	code, out, stderr = dbCLI(t, db, "partners", "reactivate", "demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "demo: ACTIVEE (its token is unchanged)\n", out)
	requireAuthenticates(t, db, token, "demo")
	code, _, stderr = dbCLI(t, db, "partners", "reactivate", "demo")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "the connection sheet of demo is already ACTIVEE: there is nothing to reactivate")
	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", demoClean)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "qualification passed")
}

func TestPartnersUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e.db")
	activeDemo(t, db)
	for _, args := range [][]string{
		{"partners"},
		{"partners", "frobnicate"},
		{"partners", "submit"},
		{"partners", "show"},
		{"partners", "show", "demo", "other"},
		{"partners", "edit", "--name", "x"},
		{"partners", "edit", "demo"},
		{"partners", "deactivate"},
		{"partners", "token"},
		{"partners", "token", "frob", "demo"},
		{"partners", "token", "rotate"},
		{"partners", "token", "revoke"},
		{"partners", "list", "--status", "ACTIVE"},
		{"partners", "list", "--environment", "prod"},
		{"partners", "list", "--channel", "ftp"},
		{"partners", "list", "--format", "xml"},
		{"partners", "list", "demo"},
		{"partners", "create", "--id", "x2", "extra"},
		{"partners", "create", "--id", "x3", "--correspondances", "missing.csv"},
		{"partners", "create", "--id", "x4", "--certificate", "missing.pem"},
		{"partners", "create", "--id", "Not An ID"},
		{"partners", "import"},
		{"import", "--partner", "demo", "--operators", "ADIE,FRAC", demoClean},
		{"import", "--partner", "demo", "--mode", "complete", demoClean},
		{"import", "--partner", "demo", "--history", demoClean},
	} {
		code, _, stderr := dbCLI(t, db, args...)
		assert.Equal(t, exitUsage, code, "%q: %s", args, stderr)
		assert.NotEmpty(t, stderr, "%q", args)
	}
	code, _, stderr := dbCLI(t, db, "import", "--partner", "demo", "--operators", "ADIE,FRAC", demoClean)
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "demo has a connection sheet")
	code, _, stderr = dbCLI(t, db, "partners", "list", "--status", "ACTIVE")
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--status must be")

	// An incomplete draft is kept, and says what to fix; submitting it is
	// refused, naming the fields.
	code, out, stderr := dbCLI(t, db, "partners", "create", "--id", "draft", "--operators", "DRAF", "--contact-email", "not-an-email")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "to fix before submitting:")
	assert.Contains(t, out, "contact.email: \"not-an-email\" is not an email address")
	code, _, stderr = dbCLI(t, db, "partners", "submit", "draft")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "contact.email")
	assert.Contains(t, stderr, "channels")

	code, _, stderr = dbCLI(t, db, "partners", "show", "nobody")
	assert.Equal(t, exitRejected, code, "show of an unknown partner")
	assert.Contains(t, stderr, "nobody")
}

// writeChain writes a PEM chain to dir/name — a client certificate valid
// from notBefore to notAfter, then the root CA that issued it — and returns
// its path and both certificates.
func writeChain(t *testing.T, dir, name string, notBefore, notAfter time.Time) (path string, leaf, root *x509.Certificate) {
	t.Helper()
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	rootTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Demo Root CA", Organization: []string{"E#L Test"}},
		NotBefore: time.Now().AddDate(-3, 0, 0), NotAfter: time.Now().AddDate(10, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, &rootKey.PublicKey, rootKey)
	require.NoError(t, err)
	root, err = x509.ParseCertificate(rootDER)
	require.NoError(t, err)

	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(0x1234abcd), Subject: pkix.Name{CommonName: "demo client", Organization: []string{"Demo Conseil"}},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, root, &leafKey.PublicKey, rootKey)
	require.NoError(t, err)
	leaf, err = x509.ParseCertificate(leafDER)
	require.NoError(t, err)

	var b strings.Builder
	require.NoError(t, pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: leafDER}))
	require.NoError(t, pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: rootDER}))
	path = filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path, leaf, root
}

func TestPartnersCertificate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	chain, leaf, root := writeChain(t, dir, "chain.pem", time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0))
	token := activeDemo(t, db, "--certificate", chain)
	requireAuthenticates(t, db, token, "demo")

	code, out, stderr := dbCLI(t, db, "partners", "show", "demo")
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{
		"certificate   " + leaf.Subject.String(),
		"  issuer      " + root.Subject.String(),
		"  serial      1234ABCD",
		"  valid       " + leaf.NotBefore.UTC().Format(time.DateOnly) + " to " + leaf.NotAfter.UTC().Format(time.DateOnly),
		"  key usage   digitalSignature; clientAuth",
	} {
		assert.Contains(t, out, want)
	}
	assert.Contains(t, out, "CN=demo client")
	assert.Contains(t, out, "CN=Demo Root CA")

	code, out, _ = dbCLI(t, db, "partners", "show", "demo", "--format", "json")
	require.Equal(t, exitOK, code)
	var v struct {
		Certificate eleader.CertificateInfo `json:"certificate"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Equal(t, leaf.Subject.String(), v.Certificate.Subject)
	assert.Equal(t, root.Subject.String(), v.Certificate.Issuer)
	assert.Equal(t, "1234ABCD", v.Certificate.Serial)
	assert.True(t, v.Certificate.NotAfter.Equal(leaf.NotAfter), "notAfter %v, want %v", v.Certificate.NotAfter, leaf.NotAfter)
	assert.Equal(t, []string{root.Subject.String()}, v.Certificate.Chain)

	// An expired certificate is refused at creation.
	expired, _, _ := writeChain(t, dir, "expired.pem", time.Now().AddDate(-2, 0, 0), time.Now().AddDate(-1, 0, 0))
	code, _, stderr = dbCLI(t, db, createArgs("old", "OLD1", "--certificate", expired)...)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "expired on")
	assert.Contains(t, stderr, "demo client")
	code, _, _ = dbCLI(t, db, "partners", "show", "old")
	assert.Equal(t, exitRejected, code, "a partner created with an expired certificate")

	// … and at edit; "-" removes a certificate.
	code, _, stderr = dbCLI(t, db, "partners", "edit", "demo", "--certificate", expired)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "expired on")
	code, out, stderr = dbCLI(t, db, "partners", "edit", "demo", "--certificate", "-")
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, out, "certificate   ")
}
