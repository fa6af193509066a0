// Command eleader is the command line of eleader-go: it validates partner
// files against the E#L matrice, imports them into the consolidated store,
// and reads dossiers back.
//
// Usage:
//
//	eleader serve [--demo] [--addr HOST:PORT] [--data DIR] [--import now|daily] [--at HH:MM]
//	eleader send --url URL [--token TOKEN] [--check] FILE...
//	eleader validate [--matrice F] [--correspondances F] [--date AAAAMMDD]
//	                 [--format text|json] [--rejects F] [--mode partial|complete] FILE...
//	eleader import --partner ID --operators CODES [--db FILE] [validate's flags] FILE...
//	eleader dossier show NUMBER [--db FILE] [--format text|json]
//	eleader dossier disagreements [NUMBER]
//	eleader search (--nom N --prenom P --naissance JJ/MM/AAAA | --siret S)
//	eleader imports [--partner ID]
//	eleader partners create|edit|submit|process|deactivate|reactivate|list|show|export|import …
//	eleader partners token rotate|revoke ID
//	eleader deposit --partner ID FILE...
//	eleader run [--now] [--partner ID] [--at HH:MM]
//	eleader runs
//	eleader purge [--keep DAYS]
//	eleader demo
//	eleader reports [list|show ID|send|resend ID]
//	eleader matrice check FILE
//	eleader matrice template
//	eleader gen [--lines N] [--faults F] [--seed S] [--partner ID] [--operator CODE] [--date AAAAMMJJ] [-o FILE|DIR]
//
// Exit codes of validate and import: 0 every line valid, 1 some lines
// rejected, 2 usage error, 3 a file rejected, 4 a fault (import: the store
// or a file could not be read or written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK       = 0
	exitRejected = 1 // some lines rejected
	exitUsage    = 2
	exitFile     = 3 // a file rejected
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "validate" && os.Getenv("GOGC") == "" {
		// validate's live memory is small and flat (batches in flight,
		// the conflict check's bounded share): collecting at 30 % of it
		// rather than 100 % keeps its peak from growing with the length of
		// the file, for a few more collections of a heap that is quick to
		// mark.
		debug.SetGCPercent(validateGCPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// validateGCPercent is the garbage collector's target of eleader validate
// (GOGC), unless the environment sets one.
const validateGCPercent = 30

// run executes the command line args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "validate":
		return runValidate(args[1:], stdout, stderr)
	case "matrice":
		return runMatrice(args[1:], stdout, stderr)
	case "import":
		return runImport(args[1:], stdout, stderr)
	case "dossier":
		return runDossier(args[1:], stdout, stderr)
	case "search":
		return runSearch(args[1:], stdout, stderr)
	case "imports":
		return runImports(args[1:], stdout, stderr)
	case "partners":
		return runPartners(args[1:], stdout, stderr)
	case "run":
		return runRun(args[1:], stdout, stderr)
	case "deposit":
		return runDeposit(args[1:], stdout, stderr)
	case "runs":
		return runRuns(args[1:], stdout, stderr)
	case "purge":
		return runPurge(args[1:], stdout, stderr)
	case "demo":
		return runDemo(args[1:], stdout, stderr)
	case "serve":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return runServe(ctx, args[1:], stdout, stderr)
	case "send":
		return runSend(args[1:], stdout, stderr)
	case "reports":
		return runReports(args[1:], stdout, stderr)
	case "gen":
		return runGen(args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "eleader: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `eleader — E#L partner intake

Commands:
  serve [--demo] [--addr A] [--data DIR]   run the service: upload API, web page, daily runs, reports
  send --url URL --token T FILE...         send files to E#L's upload API
  validate [flags] FILE...                 check partner files against the matrice (no store needed)
  import --partner ID --operators C FILE... validate, check numbers and consolidate into the store
  dossier show NUMBER                      a consolidated dossier: values, provenance, phases
  dossier disagreements [NUMBER]           values two partners disagree on
  search (--nom --prenom --naissance | --siret)   find dossier numbers, never identities
  imports [--partner ID]                   the import history
  partners COMMAND                         connection sheets: create, edit, submit, process,
                                           deactivate, reactivate, list, show, export, import, token
  deposit --partner ID FILE...             put files in a partner's deposits
  run [--now] [--partner ID]               the import run: now, or daily at --at (Europe/Paris)
  runs                                     the latest runs
  purge [--keep DAYS]                      delete history files and rejected lines older than DAYS
  demo                                     create the demo partner and deposit the example files
  reports [list|show ID|send|resend ID]    the partners' reports and their delivery
  matrice check FILE                       check a matrice file (CSV or XLSX)
  matrice template                         print the header line of a file on the matrice
  gen [--lines N] [--faults F] [-o FILE]   write a realistic partner file (benchmarks, demos)
  help                                     show this help

Store commands take --db FILE (default eleader-data/eleader.db) or --db postgres://… (PostgreSQL),
and --format text|json.
Run "eleader COMMAND -h" for a command's flags.
`)
}

// parseFlags parses flags placed before, between or after the positional
// arguments; "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := args[:len(args)-len(rest)]
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: eleader %s\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// usageError prints a usage error and returns the usage exit code.
func usageError(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "eleader: "+format+"\n", a...)
	return exitUsage
}

// flagError maps a flag parsing error to an exit code.
func flagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// oneOf checks an enumerated flag.
func oneOf(name, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("--%s must be %s, not %q", name, strings.Join(allowed, " or "), value)
}
