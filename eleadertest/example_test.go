package eleadertest_test

import (
	"fmt"

	"github.com/entrepreneur-leader/eleader-go/eleadertest"
)

// printer is a test that prints what the helpers say (in a real test, pass
// t: a failure stops the test).
type printer struct{}

func (printer) Helper()                           {}
func (printer) Fatalf(format string, args ...any) { fmt.Printf("FAIL: "+format+"\n", args...) }
func (printer) Logf(format string, args ...any)   { fmt.Printf(format+"\n", args...) }

// A partner's test suite requires its exports to be valid; a faulty one
// fails with its errors listed, line, field, check and message.
func ExampleRequireValid() {
	t := printer{} // func TestExport(t *testing.T) { … }
	eleadertest.RequireValid(t, "../examples/files/20261116-demo.csv")
	eleadertest.Checker{MaxListed: 3}.RequireValid(t, "../examples/files/20261117-demo.csv")
	// Output:
	// FAIL: ../examples/files/20261117-demo.csv: PARTIAL — 14 of 15 lines rejected
	//   line 3     SIRET                  type           Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'
	//   line 4     Nom                    required       Attribute 'Nom' with value '' fails check for has a value
	//   line 5     TypeRDV                required_if    Attribute 'TypeRDV' with value '' fails check for has a value when 'DateRDV' has a value
	//   … and 11 more (eleader validate --format json shows them all)
}

// A test suite pins a file's whole verdict in a golden file: written with
// -update (or ELEADER_UPDATE=1), then compared.
func ExampleRequireVerdict() {
	t := printer{}
	eleadertest.RequireVerdict(t, "../examples/files/20261117-demo.csv", "testdata/20261117-demo.golden.json")
	eleadertest.Checker{MaxListed: 3}.RequireVerdict(t, "../examples/files/20261116-demo.csv", "testdata/20261117-demo.golden.json")
	// Output:
	// FAIL: ../examples/files/20261116-demo.csv: the verdict is not testdata/20261117-demo.golden.json's:
	//   file: want 20261117-demo.csv, got 20261116-demo.csv
	//   date: want 2026-11-17, got 2026-11-16
	//   status: want partial, got accepted
	//   lines: want 15, got 5
	//   accepted: want 1, got 5
	//   rejected: want 14, got 0
	//   dossiers: want 1, got 3
	//   14 line errors expected, not found:
	//   line 3     SIRET                  type           Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'
	//   line 4     Nom                    required       Attribute 'Nom' with value '' fails check for has a value
	//   line 5     TypeRDV                required_if    Attribute 'TypeRDV' with value '' fails check for has a value when 'DateRDV' has a value
	//   … and 11 more (eleader validate --format json shows them all)
	// (run the test with -update, or ELEADER_UPDATE=1, to accept the new verdict)
}
