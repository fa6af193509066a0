package main

import (
	"os"
	"testing"
)

// cliProcessVar makes the test binary run the command line instead of the
// tests: the tests that need a real process (its environment, its locale)
// run it so (runProcess).
const cliProcessVar = "ELEADER_TEST_RUN_CLI"

// TestMain runs the tests in English whatever the machine's locale: the
// variables that choose the language of the texts are cleared (a test of
// French sets them, or gives --lang fr). With cliProcessVar set, the
// binary is eleader itself.
func TestMain(m *testing.M) {
	if os.Getenv(cliProcessVar) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	for _, v := range langVars {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

// langVars are the environment variables that choose the language.
var langVars = []string{langVar, "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}
