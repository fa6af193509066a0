package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const genSynopsis = `gen [--lines N] [--faults F] [--seed S] [--partner ID] [--operator CODE] [--date AAAAMMJJ] [-o FILE|DIR]

Writes a realistic partner file on the default matrice, for benchmarks and
demonstrations: ';', CRLF, UTF-8, dossiers of 1 to 4 lines, sub-versions,
quoted cells. --faults of the lines carry one fault each, spread over every
check of the validator. The same flags give the same bytes. The file goes to
standard output, or to -o FILE; when -o is a directory (or ends with /,
a directory made if missing), to AAAAMMJJ-PARTNER.csv in it. Import it with
  eleader import --partner demo --operators DEMO FILE
(the operator code is --operator's). Exit code: 0 written, 2 usage error,
4 the file could not be written.`

func runGen(args []string, stdout, stderr io.Writer) int {
	g := gen.New()
	var date, out string
	fs := newFlagSet("gen", stderr, genSynopsis)
	fs.IntVar(&g.Lines, "lines", gen.DefaultLines, "number of data `lines`")
	fs.Float64Var(&g.Faults, "faults", gen.DefaultFaults, "`fraction` of faulty lines, from 0 to 1 (one fault per faulty line)")
	fs.Uint64Var(&g.Seed, "seed", gen.DefaultSeed, "`seed` of the randomness: the same flags give the same bytes")
	fs.StringVar(&g.Partner, "partner", gen.DefaultPartner, "partner `identifier` of the file name")
	fs.StringVar(&g.Operator, "operator", "", "operator `code` of the dossier numbers (default: the partner's first four letters and digits, demo → DEMO)")
	fs.StringVar(&date, "date", "", "the file's `date` AAAAMMJJ, in its name and the latest date of its values (default 20261116)")
	fs.StringVar(&out, "o", "", "output `file`, or a directory to write AAAAMMJJ-PARTNER.csv in (default: standard output)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := checkGenFlags(g, date, rest); err != nil {
		fs.Usage()
		return usageError(stderr, "%v", err)
	}

	if out == "" {
		if _, err := g.Write(stdout); err != nil {
			fmt.Fprintf(stderr, "eleader: gen: %v\n", err)
			return exitFault
		}
		return exitOK
	}
	path := out
	if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) {
		// A directory, made if missing.
		if err := os.MkdirAll(out, 0o750); err != nil {
			fmt.Fprintf(stderr, "eleader: gen: -o %s: %v\n", out, err)
			return exitFault
		}
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		path = filepath.Join(out, g.FileName())
	} else if _, err := os.Stat(filepath.Dir(path)); err != nil {
		fmt.Fprintf(stderr, "eleader: gen: -o %s: its directory %s does not exist (end -o with / to write into a directory made for it)\n", out, filepath.Dir(path))
		return exitFault
	}
	st, err := g.WriteFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %v\n", err)
		return exitFault
	}
	fmt.Fprintf(stdout, "%s: %d lines, %d faulty; %d dossiers (%d of several lines, %d sub-versions); %d bytes\n",
		path, st.Lines, st.Faulty, st.Dossiers, st.MultiLine, st.SubVersions, st.Bytes)
	return exitOK
}

// checkGenFlags checks the flags of gen, naming the flag at fault, and sets
// the date.
func checkGenFlags(g *gen.Generator, date string, rest []string) error {
	switch {
	case len(rest) > 0:
		return fmt.Errorf("gen takes no argument (got %q): write to a file with -o", importer.CutName(strings.Join(rest, " ")))
	case g.Lines < 0:
		return fmt.Errorf("--lines %d: want 0 or more", g.Lines)
	case !(g.Faults >= 0 && g.Faults <= 1):
		return fmt.Errorf("--faults %v: want a fraction from 0 to 1, such as 0.03", g.Faults)
	case !importer.ValidPartner(g.Partner):
		return fmt.Errorf("--partner %q is not a partner identifier (2 to 63 characters: a-z, 0-9, _ and -)", importer.CutName(g.Partner))
	}
	if g.Operator != "" {
		if _, err := parseOperators(g.Operator); err != nil || strings.Contains(g.Operator, ",") || g.Operator == "HIST" {
			return fmt.Errorf("--operator %q: want one operator code, four characters A-Z or 0-9, not HIST", importer.CutName(g.Operator))
		}
	}
	if date != "" {
		d, ok := matrice.ParseCompactDate(date)
		if !ok {
			return fmt.Errorf("--date %q is not a date AAAAMMJJ", importer.CutName(date))
		}
		g.Date = d
	}
	if g.Date < gen.MinDate {
		return fmt.Errorf("--date %s: want %s or later", g.Date, gen.MinDate)
	}
	if err := g.Check(); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "gen: "))
	}
	return nil
}
