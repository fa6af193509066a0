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

const genSynopsis = `gen [--lines N] [--faults F] [--seed S] [--partner ID] [--operator CODE] [--date AAAAMMJJ] [-o FILE|DIR]`

func runGen(args []string, stdout, stderr io.Writer) int {
	g := gen.New()
	var date, out string
	l := langOf(stderr)
	fs := newFlagSet("gen", stderr, genSynopsis, "cli.gen.about")
	fs.IntVar(&g.Lines, "lines", gen.DefaultLines, l.Sprintf("cli.flag.gen_lines"))
	fs.Float64Var(&g.Faults, "faults", gen.DefaultFaults, l.Sprintf("cli.flag.gen_faults"))
	fs.Uint64Var(&g.Seed, "seed", gen.DefaultSeed, l.Sprintf("cli.flag.gen_seed"))
	fs.StringVar(&g.Partner, "partner", gen.DefaultPartner, l.Sprintf("cli.flag.gen_partner"))
	fs.StringVar(&g.Operator, "operator", "", l.Sprintf("cli.flag.gen_operator"))
	fs.StringVar(&date, "date", "", l.Sprintf("cli.flag.gen_date"))
	fs.StringVar(&out, "o", "", l.Sprintf("cli.flag.gen_o"))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := checkGenFlags(g, date, rest); err != nil {
		fs.Usage()
		return usageErr(stderr, err)
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
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.gen.no_directory", out, filepath.Dir(path)))
		return exitFault
	}
	st, err := g.WriteFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %v\n", err)
		return exitFault
	}
	fmt.Fprintln(stdout, l.Sprintf("cli.gen.written", path, st.Lines, st.Faulty, st.Dossiers, st.MultiLine, st.SubVersions, st.Bytes))
	return exitOK
}

// checkGenFlags checks the flags of gen, naming the flag at fault, and sets
// the date.
func checkGenFlags(g *gen.Generator, date string, rest []string) error {
	switch {
	case len(rest) > 0:
		return errorf("cli.gen.argument", strings.Join(rest, " "))
	case g.Lines < 0:
		return errorf("cli.gen.lines", g.Lines)
	case !(g.Faults >= 0 && g.Faults <= 1):
		return errorf("cli.gen.faults", g.Faults)
	case !importer.ValidPartner(g.Partner):
		return errorf("cli.import.bad_partner", g.Partner)
	}
	if g.Operator != "" {
		if _, err := parseOperators(g.Operator); err != nil || strings.Contains(g.Operator, ",") || g.Operator == "HIST" {
			return errorf("cli.gen.operator", g.Operator)
		}
	}
	if date != "" {
		d, ok := matrice.ParseCompactDate(date)
		if !ok {
			return errorf("cli.gen.date", date)
		}
		g.Date = d
	}
	if g.Date < gen.MinDate {
		return errorf("cli.gen.date_early", g.Date.String(), gen.MinDate.String())
	}
	if err := g.Check(); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "gen: "))
	}
	return nil
}
