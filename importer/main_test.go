package importer

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fuzzMinimize is how long go test minimizes each input that found new
// coverage when -fuzzminimizetime is not given: 100 executions instead of
// Go's 60 seconds. Go's minimizer tries removing every run of bytes, about
// n²/2 executions for an input of n bytes; a file of this package's matrice
// starts with a header of about 700 bytes, so minimizing one input takes
// hundreds of thousands of executions — more than a minute, while
// the worker reports no execution and fuzzes nothing else. Early in a run
// every worker minimizes: FuzzValidate showed "execs: 16 (0/sec)" for
// its whole -fuzztime.
const fuzzMinimize = "100x"

// TestMain sets -fuzzminimizetime to fuzzMinimize unless it is given.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) {
		given = given || f.Name == "test.fuzzminimizetime"
	})
	if !given {
		if err := flag.Set("test.fuzzminimizetime", fuzzMinimize); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// TestFuzzMinimizeDefault checks that TestMain bounds the minimization of
// the package's fuzz targets when the flag is not given.
func TestFuzzMinimizeDefault(t *testing.T) {
	given := false
	for _, a := range os.Args[1:] {
		given = given || strings.Contains(a, "fuzzminimizetime")
	}
	if given {
		t.Skip("-fuzzminimizetime given")
	}
	assert.Equal(t, fuzzMinimize, flag.Lookup("test.fuzzminimizetime").Value.String())
}
