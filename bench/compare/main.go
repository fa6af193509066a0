// Command compare measures eleader against the floor — the standard
// library's encoding/csv merely reading the file — and against a naive
// peer, in one run, on the same file. bench/compare.sh builds the
// contenders and runs it; BENCHMARKS.md records its results.
//
//	compare [--lines N] [--faults F] [--seed S] [--remix] [--file F] [--rounds R]
//	        [--contenders LIST] [--operators CODES] [--db postgres://…] [--bin DIR] [--tmp DIR] [--json]
//
// The file is generated (package bench/gen: --lines, default 200,000,
// --faults, --seed, partner demo; --remix rewrites it with gen.Remix as
// another partner's export: columns shuffled, a dossier's lines up to 10,000
// lines apart, 5 % of the cells padded, 5 % quoted, LF ends), or given
// (--file; a file named otherwise
// than AAAAMMJJ-PARTNER.csv is measured under the name TODAY-PARTNER.csv,
// --partner, linked into the temporary directory). Each contender runs as a separate
// process of its own binary, one after the other, round after round (A B C
// D E, A B C D E …), after one untimed round that warms the page cache and
// checks each contender's output:
//
//	floor     bench/floor FILE: encoding/csv counting records (';', 64 KiB buffer, reused record)
//	validate  eleader validate --format json FILE, its output to /dev/null
//	naive     bench/naive FILE: gocsv into a slice of structs, then validator/v10 tags
//	import    eleader import --partner P --operators CODES --db STORE --format json FILE, into a new store each round
//	reimport  the same command again, into the store the round's import filled (a remixed
//	          file may change it: a sub-version rejected before its main dossier the first time)
//
// The imports' stores are SQLite files in the temporary directory, or, with
// --db postgres://…, schemas of that PostgreSQL database: each round
// creates its own (eleader_compare_PID_ROUND) and drops it at its end; the
// role needs CREATE on the database.
//
// validate and import exit 1 when lines are rejected and 3 when the file
// is (spec §9): both count as done; 2 and 4 are failures. The partner of
// the imports has no connection sheet: --operators gives its codes
// (default: derived from the partner as eleader gen does, demo → DEMO).
//
// For each contender it prints the median wall time, lines and megabytes
// (10^6 bytes) per second at that median, the peak resident memory of the
// process (the largest of the rounds, from wait4's rusage), and its ratio
// to the floor: the median over the rounds of its time over the floor's in
// the same round, which a shared machine's load disturbs less than a ratio
// of medians (also given, in JSON). --json prints it all, each run
// included, as one JSON object. The temporary directory (file, stores, binaries) is
// removed at the end, also on an interrupt.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Defaults of the flags.
const (
	defaultLines      = 200_000
	defaultRounds     = 3
	defaultContenders = "floor,validate,naive,import,reimport"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == measureFlag {
		os.Exit(measureChild(os.Args[2:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the flags.
type options struct {
	lines      int
	faults     float64
	seed       uint64
	partner    string
	remix      bool
	file       string
	db         string
	rounds     int
	contenders []string
	operators  string
	bin        string
	tmp        string
	json       bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "compare: %v\n", err)
		return 2
	}
	rep, err := compare(ctx, o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "compare: %v\n", err)
		return 1
	}
	if o.json {
		err = rep.writeJSON(stdout)
	} else {
		err = rep.writeText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "compare: %v\n", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var contenders string
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.lines, "lines", defaultLines, "data `lines` of the generated file")
	fs.Float64Var(&o.faults, "faults", gen.DefaultFaults, "`fraction` of faulty lines of the generated file")
	fs.Uint64Var(&o.seed, "seed", gen.DefaultSeed, "`seed` of the generated file")
	fs.StringVar(&o.partner, "partner", gen.DefaultPartner, "partner `identifier` of the generated file")
	fs.BoolVar(&o.remix, "remix", false, "rewrite the generated file as another partner's export (gen.Remix: columns shuffled, lines spread, padded and quoted cells)")
	fs.StringVar(&o.db, "db", "", "a PostgreSQL `URL` (postgres://…) whose database holds the imports' stores, a schema per round (default: SQLite files)")
	fs.StringVar(&o.file, "file", "", "measure this `file` instead of generating one (another name than AAAAMMJJ-PARTNER.csv is measured as TODAY-PARTNER.csv, --partner)")
	fs.IntVar(&o.rounds, "rounds", defaultRounds, "timed `rounds`: each contender runs once per round")
	fs.StringVar(&contenders, "contenders", defaultContenders, "the contenders, comma-separated, in the order they run in each round")
	fs.StringVar(&o.operators, "operators", "", "operator `codes` of the imports' partner (default: derived from the partner, demo → DEMO)")
	fs.StringVar(&o.bin, "bin", "", "`directory` holding the built eleader, floor and naive (default: go build them into the temporary directory)")
	fs.StringVar(&o.tmp, "tmp", "", "`directory` for the temporary directory (default: the system's)")
	fs.BoolVar(&o.json, "json", false, "print the results as one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: compare [flags]\n\nMeasures eleader validate and import against encoding/csv reading the file and a naive gocsv+validator peer.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("no argument expected (got %q): give a file with --file", strings.Join(fs.Args(), " "))
	case o.rounds < 1:
		return o, fmt.Errorf("--rounds %d: want 1 or more", o.rounds)
	case o.file == "" && o.lines < 1:
		return o, fmt.Errorf("--lines %d: want 1 or more", o.lines)
	case !(o.faults >= 0 && o.faults <= 1):
		return o, fmt.Errorf("--faults %v: want a fraction from 0 to 1", o.faults)
	case !importer.ValidPartner(o.partner):
		return o, fmt.Errorf("--partner %q is not a partner identifier", o.partner)
	case o.remix && o.file != "":
		return o, errors.New("--remix rewrites a generated file: not with --file")
	case o.db != "" && !postgres.IsURL(o.db):
		return o, fmt.Errorf("--db %s is not a postgres:// URL", postgres.Redact(o.db))
	}
	for c := range strings.SplitSeq(contenders, ",") {
		c = strings.TrimSpace(c)
		if _, ok := contenderByName(c); !ok {
			return o, fmt.Errorf("--contenders: unknown contender %q (want some of %s)", c, defaultContenders)
		}
		if slices.Contains(o.contenders, c) {
			return o, fmt.Errorf("--contenders: %s is listed twice", c)
		}
		o.contenders = append(o.contenders, c)
	}
	return o, nil
}

// compare prepares the file and the binaries, runs the rounds and returns
// the report.
func compare(ctx context.Context, o options, stderr io.Writer) (*report, error) {
	work, err := os.MkdirTemp(o.tmp, "eleader-compare-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	bin := o.bin
	if bin == "" {
		bin = filepath.Join(work, "bin")
		fmt.Fprintln(stderr, "compare: building eleader, floor and naive …")
		if err := build(ctx, bin); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"eleader", "floor", "naive"} {
		if _, err := os.Stat(filepath.Join(bin, name)); err != nil {
			return nil, fmt.Errorf("binary %s missing in %s (build them with bench/compare.sh, or leave --bin out): %w", name, bin, err)
		}
	}

	f, err := prepareFile(o, work, stderr)
	if err != nil {
		return nil, err
	}
	env := &environment{bin: bin, work: work, file: f, operators: o.operators, db: o.db}
	if env.operators == "" {
		env.operators = gen.DefaultOperator(f.partner)
	}
	return measureAll(ctx, env, o, stderr)
}
