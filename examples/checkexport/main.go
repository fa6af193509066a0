// Command checkexport shows how a partner's information system checks its
// export with eleader-go before sending it to E#L: the same verdict E#L will
// give, line by line, and a rejects file to correct.
//
//	go run ./examples/checkexport examples/files/20261117-demo.csv
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: checkexport AAAAMMDD-IDENTIFIANT.csv")
	}
	path := os.Args[1]
	in, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer in.Close()

	// The default matrice cadre; matrice.LoadFile reads another one from CSV
	// (a workbook: adapters/xlsx.LoadMatriceFile, which needs excelize), and
	// matrice.LoadCorrespondencesFile your correspondence table.
	v := importer.NewValidator(matrice.Default())
	f := v.Open(path, in)
	defer f.Close()

	var rejects *importer.RejectsWriter
	for f.Next() {
		line := f.Line()
		if line.Accepted() {
			continue // here: hand the line to your own process
		}
		if rejects == nil {
			out, err := os.CreateTemp("", "rejets-*.csv")
			if err != nil {
				log.Fatal(err)
			}
			defer out.Close()
			rejects = importer.NewRejectsWriter(out, f.Header())
			defer func() { fmt.Println("rejected lines written to", out.Name()) }()
		}
		if err := rejects.Write(line); err != nil {
			log.Fatal(err)
		}
	}
	if err := f.Err(); err != nil {
		log.Fatal(err) // a read error, not a verdict
	}
	if rejects != nil {
		if err := rejects.Flush(); err != nil {
			log.Fatal(err)
		}
	}

	r := f.Report()
	fmt.Printf("%s: %s, %d lines, %d accepted, %d rejected\n", r.File, r.Status, r.Lines, r.Accepted, r.Rejected)
	for _, e := range r.FileErrors {
		fmt.Printf("  the whole file is rejected (%s): %s\n", e.Code, e.Message)
	}
	for _, c := range r.Checks {
		fmt.Printf("  %-14s %d error(s), e.g. line %d: %s\n", c.Check, c.Count, c.Examples[0].Line, c.Examples[0].Message)
	}
}
