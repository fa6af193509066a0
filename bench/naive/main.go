// Command naive is the naive peer of bench/compare: a partner file checked
// the way a Go developer's first try would check it — the whole file read
// into a slice of structs by gocsv, then each struct validated by
// go-playground/validator's struct tags (Line) — to measure what the
// streaming, compiled validator of eleader buys.
//
//	naive FILE
//
// It prints {"lines":N,"rejected":R,"errors":E} on standard output. Exit
// code: 0, or 1 when the file cannot be read.
//
// It reads with gocsv.UnmarshalCSV and its own *csv.Reader (';', any number
// of cells): gocsv's package-level reader (SetCSVReader) is never touched.
//
// The tags say less than the matrice; this peer does not check:
//   - trimming: values are checked as written (" 75011" fails number);
//   - the closing obligations (Cloture*): they depend on DateFinPhase being
//     set and on the phase, which required_if (equality only) cannot say;
//   - the patterns (Motif) of CodeQPV, CodeNAF and ReferenceFinancement:
//     validator has no regular-expression tag (CodeQPV gets len=8 and
//     startswith=Q);
//   - DEC values with a decimal comma: numeric wants a point, so valid
//     amounts such as 8000,00 are rejected; nor the ranges (Min, Max) of
//     numbers: the values are strings, min and max count characters;
//   - the TEL and DOSSIER formats (only lengths, and no space or ';' in a
//     number), and e-mail as the spec says it (validator's email is stricter);
//   - the bounds of dates (01/01/2015, the file's date): datetime checks the
//     format and the calendar only;
//   - the rules date_order, min_age and subversion_phase (luhn is
//     luhn_checksum, without the La Poste exception);
//   - conflicts between the lines of a dossier, and the number of cells of
//     a line (gocsv drops extra cells and leaves missing ones empty).
package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/go-playground/validator/v10"
	"github.com/gocarina/gocsv"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// result is what naive prints.
type result struct {
	Lines    int `json:"lines"`
	Rejected int `json:"rejected"`
	Errors   int `json:"errors"`
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: naive FILE")
		return 2
	}
	res, err := check(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "naive: %s: %v\n", args[0], err)
		return 1
	}
	if err := json.NewEncoder(stdout).Encode(res); err != nil {
		fmt.Fprintf(stderr, "naive: %v\n", err)
		return 1
	}
	return 0
}

// check reads the whole file, then validates each line.
func check(path string) (result, error) {
	f, err := os.Open(path)
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	var lines []Line
	if err := gocsv.UnmarshalCSV(r, &lines); err != nil {
		return result{}, err
	}

	validate := validator.New()
	res := result{Lines: len(lines)}
	for i := range lines {
		err := validate.Struct(&lines[i])
		if err == nil {
			continue
		}
		var errs validator.ValidationErrors
		if !errors.As(err, &errs) {
			return result{}, fmt.Errorf("line %d: %w", i+2, err)
		}
		res.Rejected++
		res.Errors += len(errs)
	}
	return res, nil
}
