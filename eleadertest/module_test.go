package eleadertest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partnerTests is the test file of a partner's own module: its exports
// checked with eleadertest, one written with partnerfile's typed rows.
const partnerTests = `package partner_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleadertest"
	"github.com/entrepreneur-leader/eleader-go/partnerfile"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestGood(t *testing.T) { eleadertest.RequireValid(t, "testdata/20261116-demo.csv") }

func TestBad(t *testing.T) { eleadertest.RequireValid(t, "testdata/20261117-demo.csv") }

func TestGolden(t *testing.T) {
	eleadertest.RequireVerdict(t, "testdata/20261117-demo.csv", "testdata/20261117-demo.golden.json")
}

func TestExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "20261116-demo.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := []partnerfile.Row{{
		NumeroDossier: "DEMO000001", Phase: "1", DateDebutPhase: partnerfile.NewDate(2026, 3, 1),
		DateMaj: partnerfile.NewDate(2026, 11, 10), Civilite: "MME", Nom: "Dupont", Prenom: "Amélie",
		DateNaissance: partnerfile.NewDate(1990, 5, 12), CodePostal: "93200", Commune: "Saint-Denis",
		QPV: "OUI", CodeQPV: "QN09301M", DateAccueil: partnerfile.NewDate(2026, 3, 1), ConsentementRGPD: "OUI",
	}}
	if err := partnerfile.Write(f, rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
	eleadertest.RequireValid(t, path)
}
`

// TestInAFreshModule: a partner's own module, its go.mod replacing this
// module by this checkout, tests its exports with eleadertest: go test
// passes on a good file and on typed rows written by partnerfile, fails on
// a bad one listing line, field and message; -update writes its golden,
// which then passes, and fails once the file changes.
func TestInAFreshModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: skipped under -short")
	}
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command")
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		require.NoError(t, err)
		write(to, string(b))
	}
	write("go.mod", "module example.com/partner\n\ngo 1.26\n\nrequire github.com/entrepreneur-leader/eleader-go v0.0.0-00010101000000-000000000000\n\nreplace github.com/entrepreneur-leader/eleader-go => "+root+"\n")
	copyFile(filepath.Join(root, "go.sum"), "go.sum")
	write("export_test.go", partnerTests)
	copyFile(clean, "testdata/20261116-demo.csv")
	copyFile(faulty, "testdata/20261117-demo.csv")

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOSUMDB=off", "ELEADER_UPDATE=")
	goCmd := func(args ...string) (string, error) {
		cmd := exec.Command(goBin, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := goCmd("mod", "tidy")
	require.NoError(t, err, "go mod tidy, offline: %s", out)
	out, err = goCmd("test", "-c", "-o", "partner.test", ".")
	require.NoError(t, err, "%s", out)
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.NotContains(t, string(mod), "excelize", "the partner's module needs no XLSX library")

	run := func(args ...string) (string, bool) {
		cmd := exec.Command(filepath.Join(dir, "partner.test"), args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		return string(out), err == nil
	}
	out, ok := run("-test.run", "^TestGood$")
	assert.True(t, ok, "a good file passes: %s", out)
	out, ok = run("-test.run", "^TestExport$")
	assert.True(t, ok, "typed rows written by partnerfile pass: %s", out)
	out, ok = run("-test.run", "^TestBad$")
	assert.False(t, ok, "a bad file fails")
	assert.Contains(t, out, "testdata/20261117-demo.csv: PARTIAL — 14 of 15 lines rejected")
	assert.Contains(t, out, "line 3     SIRET                  type           Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'")

	out, ok = run("-test.run", "^TestGolden$")
	assert.False(t, ok, "no golden yet")
	assert.Contains(t, out, "run the test with -update")
	out, ok = run("-test.run", "^TestGolden$", "-update")
	require.True(t, ok, "-update writes the golden: %s", out)
	out, ok = run("-test.run", "^TestGolden$")
	assert.True(t, ok, "the golden passes: %s", out)
	changed, err := os.ReadFile(filepath.Join(dir, "testdata/20261117-demo.csv"))
	require.NoError(t, err)
	write("testdata/20261117-demo.csv", strings.Replace(string(changed), ";abc;", ";73282932000074;", 1))
	out, ok = run("-test.run", "^TestGolden$")
	assert.False(t, ok, "a changed verdict fails")
	assert.Contains(t, out, "1 line errors expected, not found:")
}
