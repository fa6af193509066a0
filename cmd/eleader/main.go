// Command eleader is the command line of eleader-go: it validates partner
// files against the E#L matrice, imports them into the consolidated store,
// and reads dossiers back.
//
// Usage:
//
//	eleader serve [--demo] [--addr HOST:PORT] [--data DIR] [--import now|daily] [--at HH:MM] [--sftp-addr HOST:PORT]
//	eleader send --url URL [--token TOKEN] [--check] FILE...
//	eleader validate [--matrice F] [--correspondances F] [--name AAAAMMDD-ID.csv] [--date AAAAMMDD]
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
// Every text for people is in French when --lang fr is given (before or
// after the command), or ELEADER_LANG=fr, or else when the locale is
// French (LC_ALL, LC_MESSAGES, LANG: fr_FR.UTF-8 …); in English
// otherwise. The texts come from the catalog of package i18n; the spec's
// line messages and the JSON are the same in both languages.
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

	"github.com/entrepreneur-leader/eleader-go/i18n"
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
	out := fs.Output()
	lang := langOf(out)
	fs.SetOutput(io.Discard) // the flag package's own words are English: said below
	defer fs.SetOutput(out)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			fs.SetOutput(out)
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdoutOf(out))
				usage()
				fs.SetOutput(out)
			} else {
				fmt.Fprintln(out, flagMessage(lang, err))
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
	fs.SetOutput(out)
	if err := applySettings(fs); err != nil {
		fmt.Fprintf(out, "eleader: %s\n", message(lang, err))
		return nil, err
	}
	return pos, nil
}

// flagMessage says a flag parsing error of package flag in lang.
func flagMessage(lang i18n.Lang, err error) string {
	msg := err.Error()
	for _, m := range []struct{ prefix, key string }{
		{"flag provided but not defined: ", "cli.flag.undefined"},
		{"flag needs an argument: ", "cli.flag.no_argument"},
		{"bad flag syntax: ", "cli.flag.syntax"},
	} {
		if rest, ok := strings.CutPrefix(msg, m.prefix); ok {
			return lang.Sprintf(m.key, importer.CutName(rest))
		}
	}
	// invalid value "x" for flag -n: parse error
	if rest, ok := strings.CutPrefix(msg, "invalid "); ok {
		if value, flagAndErr, ok := strings.Cut(rest, " for flag "); ok {
			name, why, _ := strings.Cut(flagAndErr, ": ")
			value = strings.TrimPrefix(strings.TrimPrefix(value, "boolean "), "value ")
			return lang.Sprintf("cli.flag.invalid", value, name, why)
		}
	}
	return importer.CutName(msg)
}

// newFlagSet returns a flag set that reports errors instead of exiting;
// its Usage prints the command's help (synopsis, the entry about of the
// catalog, flags, environment, exit codes) on stderr, in its language.
func newFlagSet(name string, stderr io.Writer, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := langOf(stderr)
	fs.Usage = func() { writeHelp(fs.Output(), lang, fs, synopsis, about) }
	return fs
}

// usageError prints a usage error, the entry key of the catalog with its
// arguments, and returns the usage exit code. What it quotes of the user's
// input is cut (see shown).
func usageError(stderr io.Writer, key string, a ...any) int {
	fmt.Fprintf(stderr, "eleader: %s\n", langOf(stderr).Sprintf(key, shown(a)...))
	return exitUsage
}

// usageErr prints err as a usage error (see message) and returns the usage
// exit code.
func usageErr(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "eleader: %s\n", message(langOf(stderr), err))
	return exitUsage
}

// textError is an error of the command line whose message is an entry of
// the catalog: message shows it in the reader's language, Error in
// English.
type textError struct{ text i18n.Text }

func (e *textError) Error() string { return i18n.English.Text(e.text) }

// errorf returns a textError of the entry key with its arguments.
func errorf(key string, a ...any) error { return &textError{i18n.T(key, shown(a)...)} }

// textOf returns an error's text to say in any language: a textError's
// entry, any other's message (paths cut, shownError).
func textOf(err error) i18n.Text {
	var te *textError
	if errors.As(err, &te) && err == error(te) {
		return te.text
	}
	return i18n.Plain(shownError(err))
}

// message returns an error's text for people, in lang: a textError's in
// lang, any other's as it is, with the paths it names cut (shownError).
func message(lang i18n.Lang, err error) string {
	var te *textError
	if errors.As(err, &te) && err == error(te) {
		return lang.Text(te.text)
	}
	return shownError(err)
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
	list := make([]any, len(allowed))
	for i, a := range allowed {
		list[i] = a
	}
	return errorf("cli.flag.one_of", name, i18n.Join("cli.or", list...), value)
}

// langVars are the variables that choose the language of the texts,
// besides the locale's (i18n.Locale).
const langVar = "ELEADER_LANG"

// cliLang returns the language of the command line's texts, and args
// without the --lang flag: --lang LANG (or -lang, --lang=LANG) anywhere
// before "--", else ELEADER_LANG, else the locale (LC_ALL, LC_MESSAGES,
// LANG): French or English. A --lang or ELEADER_LANG that is neither is an
// error, said in the locale's language.
func cliLang(args []string, getenv func(string) string) (i18n.Lang, []string, error) {
	lang := i18n.Locale(getenv)
	choice, from := getenv(langVar), langVar
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "lang" || !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "---") {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return lang, nil, errorf("cli.lang.missing")
			}
			i++
			value = args[i]
		}
		choice, from = value, "--lang"
	}
	if choice == "" {
		return lang, rest, nil
	}
	l, ok := i18n.ParseLang(choice)
	if !ok {
		return lang, nil, errorf("cli.lang.invalid", from, choice)
	}
	return l, rest, nil
}
