package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// command is one entry of the dispatch table. run finds a command by its
// name and calls its runner; the help pages and the test that walks every
// command and sub-command read the rest, so that a new command cannot be
// forgotten by either.
type command struct {
	name    string
	args    string // what follows the name in the overview
	summary string // one line, for the overview and the group's help
	// run runs the command with the arguments after its name. Sub-commands
	// have none: their group's runner dispatches them.
	run func(args []string, stdout, stderr io.Writer) int
	// subs are the sub-commands, for the help pages.
	subs []command
	// exits are the exit codes; nil means the group's.
	exits []exitCode
	// env are the environment variables the command reads besides the
	// ELEADER_<FLAG> of its settings (see settings.go).
	env []envVar
	// flags marks a command that takes flags itself besides its
	// sub-commands ("imports [--partner ID]", "imports show ID"): its
	// --help is its own flag set's, not the list of its sub-commands.
	flags bool
}

// exitCode is one exit code of a command and what it means.
type exitCode struct {
	code int
	text string
}

// envVar is an environment variable a command reads.
type envVar struct {
	name, text string
}

// commands is the dispatch table: every command and sub-command of eleader.
func commands() []command {
	usage := exitCode{exitUsage, "usage error: a bad flag or argument, an unreadable file"}
	fault := exitCode{exitFault, "a fault: the store or a file could not be read or written"}
	verdict := []exitCode{
		{exitOK, "every line valid"},
		{exitRejected, "some lines rejected"},
		usage,
		{exitFile, "a file rejected (a file error, or no line accepted)"},
	}
	store := []exitCode{{exitOK, "done"}, {exitRejected, "refused: not found, or not in a state that allows it"}, usage, fault}
	smtp := []envVar{
		{"ELEADER_SMTP_HOST", "the SMTP server that sends reports (without it, reports are .eml files in the outbox)"},
		{"ELEADER_SMTP_PORT", "its port (default 587; 465 with ELEADER_SMTP_TLS=tls, 25 with none)"},
		{"ELEADER_SMTP_USER, ELEADER_SMTP_PASSWORD", "its credentials"},
		{"ELEADER_SMTP_TLS", "starttls (default), tls or none"},
		{"ELEADER_SMTP_TIMEOUT", "how long one delivery may take (default 30s)"},
		{"ELEADER_MAIL_FROM", "the reports' sender address"},
	}
	pg := []envVar{{"PGPASSWORD, PGPASSFILE", "the password of a PostgreSQL --db whose URL has none"}}
	withSMTP := append(slices.Clone(pg), smtp...)
	publicURL := envVar{"ELEADER_PUBLIC_URL", "the portal's public address, for the links of the emails to people (none: no such email)"}
	withPortal := append(slices.Clone(withSMTP), publicURL)
	partnerEnv := []envVar{{"ELEADER_URL", "the service's URL (instead of --url)"}, {"ELEADER_TOKEN", "the partner's token (instead of --token)"}}

	return []command{
		{name: "serve", args: "[--demo] [--addr A] [--data DIR]", summary: "the service: API, web pages, portal, console, SFTP, runs, reports, /metrics",
			run: func(args []string, stdout, stderr io.Writer) int {
				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
				defer stop()
				return runServe(ctx, args, stdout, stderr)
			},
			exits: []exitCode{{exitOK, "stopped by Ctrl-C or SIGTERM, gracefully"}, usage, fault}, env: withPortal},
		{name: "send", args: "--url URL --token T [--dry-run|--check] [--wait] FILE...", summary: "send files to E#L's upload API; E#L's verdict before (--dry-run) and after (--wait)", run: runSend,
			exits: []exitCode{{exitOK, "every file deposited (--dry-run, --wait: every line valid)"},
				{exitRejected, "a file refused by E#L (its reason is printed), some lines rejected (--dry-run, --wait), or not imported"}, usage,
				{exitFile, "a file rejected whole (--dry-run, --check, --wait)"}, {exitFault, "E#L unreachable"},
				{exitPending, "a file still waiting for its import (--wait)"}},
			env: partnerEnv},
		{name: "withdraw", args: "--url URL --token T FILE...", summary: "withdraw files sent to E#L still waiting for their import", run: runWithdraw,
			exits: []exitCode{{exitOK, "every file withdrawn"}, {exitRejected, "a file refused by E#L (already imported, not waiting …)"}, usage, {exitFault, "E#L unreachable"}},
			env:   partnerEnv},
		{name: "validate", args: "[flags] FILE...|-", summary: "check partner files against the matrice (no store needed)", run: runValidate, exits: verdict,
			env: []envVar{{"GOGC", "the garbage collector's target (default 30 while validating: its memory stays small and flat)"}}},
		{name: "import", args: "--partner ID --operators C FILE...", summary: "validate, check numbers and consolidate into the store", run: runImport,
			exits: append(slices.Clone(verdict), fault), env: withSMTP},
		{name: "dossier", args: "show NUMBER | disagreements [NUMBER]", summary: "a consolidated dossier; the values partners disagree on", run: runDossier,
			exits: store, env: pg, subs: []command{
				{name: "show", args: "NUMBER", summary: "a consolidated dossier: values, provenance, phases"},
				{name: "disagreements", args: "[NUMBER]", summary: "values two partners disagree on"},
			}},
		{name: "search", args: "(--nom --prenom --naissance | --siret)", summary: "find dossier numbers, never identities", run: runSearch,
			exits: []exitCode{{exitOK, "found"}, {exitRejected, "no dossier found"}, usage, fault}, env: pg},
		{name: "searches", args: "[--partner ID] [--limit N]", summary: "the search audit: who searched, when, how many found", run: runSearches,
			exits: store, env: pg},
		{name: "imports", args: "[--partner ID] | show ID", summary: "the import history, with why a file was not consolidated", run: runImports,
			exits: store, env: pg, flags: true, subs: []command{
				{name: "show", args: "ID", summary: "one import, its file errors"},
			}},
		{name: "partners", args: "COMMAND", summary: "connection sheets: create, edit, submit, delete, process, list, show …",
			run: runPartners, exits: store, env: withPortal, subs: []command{
				{name: "create", args: "--id ID [sheet flags]", summary: "record a connection sheet as a draft (BROUILLON)"},
				{name: "edit", args: "ID [sheet flags]", summary: "change a sheet (an active one becomes ENVOYEE_MAJ)"},
				{name: "submit", args: "ID", summary: "send a draft for processing (→ ENVOYEE)"},
				{name: "delete", args: "ID", summary: "delete a draft (BROUILLON), its history with it"},
				{name: "process", args: "[ID]", summary: "activate the submitted sheets that are complete and valid"},
				{name: "deactivate", args: "ID", summary: "stop a partner (→ DESACTIVEE)"},
				{name: "reactivate", args: "ID", summary: "bring a deactivated partner back (→ ACTIVEE)"},
				{name: "list", args: "[filters]", summary: "the sheets, by partner, status, environment, channel, qualification"},
				{name: "show", args: "ID", summary: "a sheet, its status, certificate, token and history"},
				{name: "export", args: "[filters] [--output F]", summary: "the sheets as CSV (';', UTF-8)"},
				{name: "import", args: "FILE", summary: "restore sheets from an export"},
				{name: "token", args: "rotate|revoke ID", summary: "issue a new token, or revoke it", subs: []command{
					{name: "rotate", args: "ID", summary: "issue a new token (shown once), revoking the old one"},
					{name: "revoke", args: "ID", summary: "revoke the partner's token"},
				}},
			}},
		{name: "people", args: "COMMAND", summary: "who signs in to the portal and console: add, remove, list, show, actions",
			run: runPeople, exits: store, env: withPortal, subs: []command{
				{name: "add", args: "EMAIL (--partner ID --right R | --operator)", summary: "give a person a right on a partner, or the operator role (invited by email)"},
				{name: "remove", args: "EMAIL [--partner ID | --operator]", summary: "take a right or the role away, or remove the person"},
				{name: "list", args: "[--partner ID]", summary: "the people and their rights"},
				{name: "show", args: "EMAIL", summary: "a person, their rights and the actions about them"},
				{name: "actions", args: "[--partner ID] [--person EMAIL] [--limit N]", summary: "the actions recorded: rights, removals, sign-ins, resends …"},
			}},
		{name: "deposit", args: "--partner ID FILE...", summary: "put files in a partner's deposits", run: runDeposit, exits: store, env: pg},
		{name: "run", args: "[--now] [--partner ID]", summary: "the import run: now, or daily at --at (Europe/Paris)", run: runRun,
			exits: []exitCode{{exitOK, "done"}, usage, {exitFault, "a fault, or a partner's import failed"}}, env: withSMTP},
		{name: "runs", args: "[--limit N]", summary: "the latest runs", run: runRuns, exits: store, env: pg},
		{name: "ledger", args: "[--partner ID] [--limit N]", summary: "where every file went: imported, superseded, set aside, deleted", run: runLedger,
			exits: store, env: pg},
		{name: "purge", args: "[--keep DAYS]", summary: "delete history, refuses/, rejected lines and searches older than DAYS", run: runPurge, exits: store, env: pg},
		{name: "demo", args: "", summary: "create the demo partner (operator code DEMO) and deposit two generated exports", run: runDemo, exits: store, env: pg},
		{name: "reports", args: "[list|show ID|send|resend ID]", summary: "the partners' reports and their delivery", run: runReports,
			exits: []exitCode{{exitOK, "done"}, {exitRejected, "not found, or a report not sent"}, usage, fault}, env: withSMTP, subs: []command{
				{name: "list", args: "[--partner ID] [--state S]", summary: "the reports (the default)"},
				{name: "show", args: "ID", summary: "the email of a report, as the partner receives it"},
				{name: "send", args: "", summary: "deliver the reports due now"},
				{name: "resend", args: "ID", summary: "send a report again"},
			}},
		{name: "backup", args: "--to FILE", summary: "a consistent copy of the SQLite store, while it runs", run: runBackup,
			exits: []exitCode{{exitOK, "copied"}, {exitRejected, "refused: FILE exists, or the store is in PostgreSQL (use pg_dump)"}, usage, fault}},
		{name: "matrice", args: "check FILE | template [--xlsx -o FILE] | gostruct", summary: "check a matrice file (CSV or XLSX); the header line of a file; its Go struct", run: runMatrice,
			exits: []exitCode{{exitOK, "valid"}, usage, {exitFile, "the matrice is refused"}}, subs: []command{
				{name: "check", args: "FILE", summary: "check a matrice file (CSV or XLSX)"},
				{name: "template", args: "[--matrice F] [--xlsx -o FILE]", summary: "print the header line of a file on the matrice, or write the Excel template"},
				{name: "gostruct", args: "[--matrice F] [--package P] [--type T] [-o FILE]", summary: "write the Go struct of a row of the matrice, for package partnerfile"},
			}},
		{name: "gen", args: "[--lines N] [--faults F] [-o FILE]", summary: "write a realistic partner file (benchmarks, demos)", run: runGen,
			exits: []exitCode{{exitOK, "written"}, usage, {exitFault, "the file could not be written"}}},
		{name: "healthcheck", args: "[URL]", summary: "ask a running service's /healthz (container health checks)", run: runHealthcheck,
			exits: []exitCode{{exitOK, "healthy"}, {exitRejected, "unhealthy or unreachable"}, usage}},
		{name: "version", args: "", summary: "the version, commit and Go version of this binary (also --version)", run: runVersion,
			exits: []exitCode{{exitOK, "printed"}, usage}},
		{name: "help", args: "[COMMAND]", summary: "show this help, or a command's", exits: []exitCode{{exitOK, "printed"}, usage}},
	}
}

// helpArg reports whether a is a request for help.
func helpArg(a string) bool { return a == "-h" || a == "--help" || a == "-help" }

// run executes the command line args and returns the exit code; standard
// input is the process's.
func run(args []string, stdout, stderr io.Writer) int {
	return runIn(os.Stdin, args, stdout, stderr)
}

// runIn executes the command line args with these standard streams. Every
// command receives, as its stderr, a *stdio that writes to stderr and also
// carries stdin and stdout: the flag sets print a requested help on
// stdout, and "validate -" reads stdin, without changing the commands'
// signature.
func runIn(stdin io.Reader, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch {
	case args[0] == "help" && len(args) > 1:
		return runIn(stdin, append(slices.Clone(args[1:]), "--help"), stdout, stderr)
	case args[0] == "help" || helpArg(args[0]):
		usage(stdout)
		return exitOK
	case args[0] == "--version" || args[0] == "-version":
		return runVersion(args[1:], stdout, stderr)
	}
	table := commands()
	i := slices.IndexFunc(table, func(c command) bool { return c.name == args[0] && c.run != nil })
	if i < 0 {
		fmt.Fprintf(stderr, "eleader: unknown command %q\n\n", importer.CutName(args[0]))
		usage(stderr)
		return exitUsage
	}
	// A group's help ("partners --help", "partners token -h") is the list
	// of its sub-commands; a sub-command's help comes from its flags.
	path, node := []string{args[0]}, table[i]
	for _, a := range args[1:] {
		if len(node.subs) == 0 {
			break
		}
		if helpArg(a) {
			if node.flags {
				break // its flag set's help, which names its sub-commands
			}
			groupHelp(stdout, path, node, table[i])
			return exitOK
		}
		j := slices.IndexFunc(node.subs, func(c command) bool { return c.name == a })
		if j < 0 {
			break
		}
		path, node = append(path, a), node.subs[j]
	}
	return table[i].run(args[1:], stdout, &stdio{in: stdin, out: stdout, err: stderr})
}

// stdio is the stderr writer run gives each command: it writes to stderr,
// and carries stdin and stdout for the flag sets (help goes to stdout) and
// for the commands that read standard input.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

func (s *stdio) Write(p []byte) (int, error) { return s.err.Write(p) }

// stdoutOf returns the stdout that travels with stderr, or stderr itself.
func stdoutOf(stderr io.Writer) io.Writer {
	if s, ok := stderr.(*stdio); ok {
		return s.out
	}
	return stderr
}

// stdinOf returns the standard input that travels with stderr, or the
// process's.
func stdinOf(stderr io.Writer) io.Reader {
	if s, ok := stderr.(*stdio); ok && s.in != nil {
		return s.in
	}
	return os.Stdin
}

// usage prints the overview of every command.
func usage(w io.Writer) {
	fmt.Fprint(w, "eleader — E#L partner intake\n\nCommands:\n")
	for _, c := range commands() {
		left := c.name
		if c.args != "" {
			left += " " + c.args
		}
		if len(left) > 40 {
			fmt.Fprintf(w, "  %s\n  %-40s %s\n", left, "", c.summary)
		} else {
			fmt.Fprintf(w, "  %-40s %s\n", left, c.summary)
		}
	}
	fmt.Fprint(w, `
Store commands take --data DIR (default eleader-data: DIR/eleader.db, DIR/depots,
DIR/outbox), --db FILE or --db postgres://… (PostgreSQL), --config FILE, and read
every flag from ELEADER_<FLAG> too (see the README, "Configuration").
Run "eleader COMMAND --help" for a command's flags, environment and exit codes.
`)
}

// groupHelp prints the help of a command that has sub-commands.
func groupHelp(w io.Writer, path []string, node, top command) {
	name := strings.Join(path, " ")
	fmt.Fprintf(w, "usage: eleader %s COMMAND [flags]\n\n%s\n\ncommands:\n", name, node.summary)
	for _, s := range node.subs {
		left := s.name
		if s.args != "" {
			left += " " + s.args
		}
		fmt.Fprintf(w, "  %-32s %s\n", left, s.summary)
	}
	fmt.Fprintf(w, "\nRun \"eleader %s COMMAND --help\" for a command's flags.\n", name)
	writeEnv(w, nil, top.env)
	writeExits(w, top.exits)
}

// lookup returns the table's entry of a flag set's name ("partners token
// rotate"): the deepest command named, and the top-level one (whose exit
// codes and environment its sub-commands share).
func lookup(name string) (top command, ok bool) {
	words := strings.Fields(name)
	if len(words) == 0 {
		return command{}, false
	}
	for _, c := range commands() {
		if c.name == words[0] {
			return c, true
		}
	}
	return command{}, false
}

// writeHelp prints a command's help: its synopsis, flags, environment and
// exit codes.
func writeHelp(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "usage: eleader %s\n\nflags:\n", synopsis)
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
	top, _ := lookup(fs.Name())
	writeEnv(w, fs, top.env)
	exits := top.exits
	if exits == nil {
		exits = []exitCode{{exitOK, "done"}, {exitUsage, "usage error"}}
	}
	writeExits(w, exits)
}

// writeEnv lists the environment variables of a command: those of its
// settings (fs may be nil), then the others it reads.
func writeEnv(w io.Writer, fs *flag.FlagSet, extra []envVar) {
	vars := settingsEnv(fs)
	vars = append(vars, extra...)
	if len(vars) == 0 {
		return
	}
	width := 0
	for _, v := range vars {
		width = max(width, len(v.name))
	}
	fmt.Fprintln(w, "\nenvironment:")
	for _, v := range vars {
		fmt.Fprintf(w, "  %-*s  %s\n", width, v.name, v.text)
	}
}

func writeExits(w io.Writer, exits []exitCode) {
	fmt.Fprintln(w, "\nexit codes:")
	for _, e := range exits {
		fmt.Fprintf(w, "  %d  %s\n", e.code, e.text)
	}
}
