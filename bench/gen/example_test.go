package gen_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// A file of 1,000 lines, 3 % of them faulty, checked by the validator.
func ExampleGenerator_WriteFile() {
	dir, err := os.MkdirTemp("", "gen")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	g := gen.New() // 1,000 lines, 3 % faulty, seed 1, partner demo, 16/11/2026
	path := filepath.Join(dir, g.FileName())
	st, err := g.WriteFile(path)
	if err != nil {
		panic(err)
	}
	fmt.Println(g.FileName(), st.Lines, "lines,", st.Faulty, "faulty")

	rep, err := importer.NewValidator(nil).ValidateFile(path, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Status, rep.Accepted, "accepted,", rep.Rejected, "rejected")
	// Output:
	// 20261116-demo.csv 1000 lines, 30 faulty
	// partial 970 accepted, 30 rejected
}

// The kinds of fault a generated file carries, each the check it fails.
func ExampleKinds() {
	for _, k := range gen.Kinds() {
		fmt.Print(k, "; ")
	}
	fmt.Println()
	// Output:
	// type; required; required_if; required_close; length; range; pattern; enum; rule luhn; rule date_order; rule min_age; rule subversion_phase; conflict; cells;
}

// Writing to any io.Writer: here, nowhere, to count.
func ExampleGenerator_Write() {
	g := gen.New()
	g.Lines, g.Faults, g.Seed = 200, 0.1, 42
	st, err := g.Write(io.Discard)
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Lines, "lines,", st.Faulty, "faulty")
	// Output: 200 lines, 20 faulty
}

// A file rewritten as another partner's export of the same data would look:
// its columns in another order, a dossier's lines apart, some values padded
// or quoted. The validator judges the same lines, in another order.
func ExampleRemix() {
	g := gen.New()
	g.Lines = 500
	var file, remixed bytes.Buffer
	if _, err := g.Write(&file); err != nil {
		panic(err)
	}
	x := gen.Remix{Seed: 1, ShuffleColumns: true, Spread: 100, Pad: 0.1, Quote: 0.1, LF: true}
	lines, err := x.Copy(&remixed, &file)
	if err != nil {
		panic(err)
	}
	rep, err := importer.NewValidator(nil).Validate(g.FileName(), &remixed, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(lines, "lines remixed;", rep.Lines, "judged")
	// Output:
	// 500 lines remixed; 500 judged
}
