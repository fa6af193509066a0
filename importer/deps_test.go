package importer_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nonStandardDeps lists the packages outside the standard library that the
// packages pkgs need to build, with go list.
func nonStandardDeps(tb testing.TB, pkgs ...string) []string {
	tb.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(tb, err, "the go command is needed to list dependencies")
	args := append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, pkgs...)
	out, err := exec.Command(goBin, args...).Output()
	require.NoError(tb, err, "go list %v", pkgs)
	return strings.Fields(string(out))
}

// TestValidatorNeedsNoXLSXLibrary: the validator's packages, and a partner
// program validating CSV with them (examples/checkexport), build without
// any XLSX library: loading a workbook, or a matrice from one, is
// adapters/xlsx's.
func TestValidatorNeedsNoXLSXLibrary(t *testing.T) {
	const module = "github.com/entrepreneur-leader/eleader-go/"
	deps := nonStandardDeps(t, module+"matrice", module+"dossier", module+"importer", module+"examples/checkexport")
	require.Contains(t, deps, module+"importer", "the listing works")
	for _, d := range deps {
		assert.NotContains(t, d, "excelize", "the validator pulls %s", d)
		assert.NotContains(t, d, "adapters/", "the validator pulls %s", d)
	}
	// And the workbooks' adapter does pull it: the test can fail.
	assert.Contains(t, strings.Join(nonStandardDeps(t, module+"adapters/xlsx"), " "), "github.com/xuri/excelize/v2")
}
