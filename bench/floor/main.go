// Command floor is the floor of bench/compare: it reads a partner file with
// the standard library's encoding/csv and counts its records, nothing more.
// No validator can be faster than reading, so eleader validate is measured
// as a ratio to it.
//
//	floor FILE
//
// It reads through a 64 KiB buffer with ';' as separator, any number of
// cells per record, and one reused record (ReuseRecord), and prints the
// number of records (the header included) on standard output. A record
// encoding/csv refuses (a quote where it wants none) is counted and reported
// on standard error, and the reading goes on. Exit code: 0, or 1 when the
// file cannot be read.
package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: floor FILE")
		return 2
	}
	f, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "floor: %v\n", err)
		return 1
	}
	defer f.Close()
	records, bad, err := count(f)
	if err != nil {
		fmt.Fprintf(stderr, "floor: %s: %v\n", args[0], err)
		return 1
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "floor: %s: %d records refused by encoding/csv (counted)\n", args[0], bad)
	}
	fmt.Fprintln(stdout, records)
	return 0
}

// count returns the number of records of r and how many of them
// encoding/csv refused.
func count(r io.Reader) (records, bad int, err error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		_, err := cr.Read()
		switch {
		case err == io.EOF:
			return records, bad, nil
		case errors.Is(err, csv.ErrQuote), errors.Is(err, csv.ErrBareQuote):
			bad++
		case err != nil:
			return records, bad, err
		}
		records++
	}
}
