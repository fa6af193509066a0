package client_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClientNeedsOnlyTheStandardLibrary: a partner's system importing the
// client gets the standard library, this module's file-name rule and its
// wire types (the verdict's JSON forms, shared with the server), nothing
// else (go list -deps).
func TestClientNeedsOnlyTheStandardLibrary(t *testing.T) {
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list dependencies")
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}",
		"github.com/entrepreneur-leader/eleader-go/eleader/client").Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	assert.ElementsMatch(t, []string{
		"github.com/entrepreneur-leader/eleader-go/importer/filename",
		"github.com/entrepreneur-leader/eleader-go/wire",
		"github.com/entrepreneur-leader/eleader-go/eleader/client",
	}, deps, "the client's dependencies outside the standard library")
}
