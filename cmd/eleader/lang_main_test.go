package main

import (
	"os"
	"testing"
)

// TestMain runs the tests in English whatever the machine's locale: the
// variables that choose the language of the texts are cleared (a test of
// French sets them, or gives --lang fr).
func TestMain(m *testing.M) {
	for _, v := range []string{langVar, "LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}
