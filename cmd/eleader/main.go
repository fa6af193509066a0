// Command eleader is the command line of eleader-go: it validates partner
// files against the E#L matrice, imports them into the consolidated store,
// and reads dossiers back.
//
// Usage:
//
//	eleader serve [--demo] [--addr HOST:PORT] [--data DIR] [--import now|daily] [--at HH:MM] [--sftp-addr HOST:PORT]
//	eleader send --url URL [--token TOKEN] [--check] FILE...
//	eleader validate [--matrice F] [--correspondances F] [--date AAAAMMDD]
//	                 [--format text|json] [--rejects F] [--mode partial|complete] FILE...
//	eleader import --partner ID --operators CODES [--db FILE] [validate's flags] FILE...
//	eleader dossier show NUMBER [--db FILE] [--format text|json]
//	eleader dossier disagreements [NUMBER]
//	eleader search (--nom N --prenom P --naissance JJ/MM/AAAA | --siret S)
//	eleader searches [--partner ID] [--limit N]
//	eleader imports [--partner ID]
//	eleader imports show ID
//	eleader partners create|edit|submit|delete|process|deactivate|reactivate|list|show|export|import …
//	eleader partners token rotate|revoke ID
//	eleader people add|remove|list|show|actions …
//	eleader deposit --partner ID FILE...
//	eleader run [--now] [--partner ID] [--at HH:MM] [--grace DURATION]
//	eleader runs
//	eleader ledger [--partner ID]
//	eleader purge [--keep DAYS]
//	eleader demo
//	eleader reports [list|show ID|send|resend ID]
//	eleader matrice check FILE
//	eleader matrice template
//	eleader gen [--lines N] [--faults F] [--seed S] [--partner ID] [--operator CODE] [--date AAAAMMJJ] [-o FILE|DIR]
//	eleader backup --to FILE
//	eleader healthcheck [URL]
//	eleader version
//	eleader help [COMMAND]
//
// Every command and sub-command answers -h/--help with its flags, the
// environment variables it reads and its exit codes. The flags of serve
// and of the store commands also come from ELEADER_<FLAG> variables and a
// settings file (--config); see settings.go.
//
// Exit codes of validate and import: 0 every line valid, 1 some lines
// rejected, 2 usage error, 3 a file rejected, 4 a fault (import: the store
// or a file could not be read or written).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Exit codes.
const (
	exitOK       = 0
	exitRejected = 1 // some lines rejected
	exitUsage    = 2
	exitFile     = 3 // a file rejected
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// parseFlags parses flags placed before, between or after the positional
// arguments; "--" ends the flags. It is where every command's flags are
// read: -h prints the command's help on standard output (flag.ErrHelp);
// a settings command (one with --db, see settings.go) also gets --data
// and --config, and its flags not given on the command line from the
// environment and the settings file.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	addSettingsFlags(fs)
	usage := fs.Usage
	fs.Usage = func() {} // printed below, where help and errors part
	defer func() { fs.Usage = usage }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				out := fs.Output()
				fs.SetOutput(stdoutOf(out))
				usage()
				fs.SetOutput(out)
			} else {
				usage()
			}
			return nil, err
		}
		rest := fs.Args()
		consumed := args[:len(args)-len(rest)]
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if err := applySettings(fs); err != nil {
		fmt.Fprintf(fs.Output(), "eleader: %v\n", err)
		return nil, err
	}
	return pos, nil
}

// newFlagSet returns a flag set that reports errors instead of exiting;
// its Usage prints the command's help (synopsis, flags, environment, exit
// codes) on stderr.
func newFlagSet(name string, stderr io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { writeHelp(fs.Output(), fs, synopsis) }
	return fs
}

// usageError prints a usage error and returns the usage exit code. What it
// quotes of the user's input is cut (see shown).
func usageError(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "eleader: "+format+"\n", shown(a)...)
	return exitUsage
}

// shown returns a message's arguments fit to print: strings (a file name, a
// path, a flag's value, which could be 60 KB or hold control characters)
// cut as importer.CutName does; errors with the file paths they carry cut
// the same way. The service's own messages already cut what they quote.
func shown(a []any) []any {
	out := make([]any, len(a))
	for i, x := range a {
		switch x := x.(type) {
		case string:
			out[i] = importer.CutName(x)
		case error:
			out[i] = shownError(x)
		default:
			out[i] = x
		}
	}
	return out
}

// shownError returns err's message with the paths of the file system errors
// in its chain cut (importer.CutName).
func shownError(err error) string {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) && len(pe.Path) > importer.MaxQuotedName {
		msg = strings.ReplaceAll(msg, pe.Path, importer.CutName(pe.Path))
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		for _, p := range []string{le.Old, le.New} {
			if len(p) > importer.MaxQuotedName {
				msg = strings.ReplaceAll(msg, p, importer.CutName(p))
			}
		}
	}
	return msg
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
	return fmt.Errorf("--%s must be %s, not %q", name, strings.Join(allowed, " or "), importer.CutName(value))
}
