package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"reflect"
	"slices"
	"strings"
	"syscall"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// command is one entry of the dispatch table. run finds a command by its
// name and calls its runner; the help pages and the test that walks every
// command and sub-command read the rest, so that a new command cannot be
// forgotten by either.
type command struct {
	name    string
	args    string // what follows the name in the overview
	summary string // one line, for the overview and the group's help: a key of the catalog
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
	// implied is the sub-command a group runs when none is named
	// ("reports" lists).
	implied string
}

// exitCode is one exit code of a command and what it means (a key of the
// catalog).
type exitCode struct {
	code int
	text string
}

// envVar is an environment variable a command reads, and what for (a key
// of the catalog; settingsEnv's are the flag they set).
type envVar struct {
	name, text string
}

// commands is the dispatch table: every command and sub-command of eleader.
func commands() []command {
	usage := exitCode{exitUsage, "cli.exit.usage"}
	fault := exitCode{exitFault, "cli.exit.fault"}
	verdict := []exitCode{
		{exitOK, "cli.exit.every_line_valid"},
		{exitRejected, "cli.exit.some_lines_rejected"},
		usage,
		{exitFile, "cli.exit.file_rejected"},
	}
	store := []exitCode{{exitOK, "cli.exit.done"}, {exitRejected, "cli.exit.refused"}, usage, fault}
	smtp := []envVar{
		{"ELEADER_SMTP_HOST", "cli.env.smtp_host"},
		{"ELEADER_SMTP_PORT", "cli.env.smtp_port"},
		{"ELEADER_SMTP_USER, ELEADER_SMTP_PASSWORD", "cli.env.smtp_credentials"},
		{"ELEADER_SMTP_TLS", "cli.env.smtp_tls"},
		{"ELEADER_SMTP_TIMEOUT", "cli.env.smtp_timeout"},
		{"ELEADER_MAIL_FROM", "cli.env.mail_from"},
	}
	pg := []envVar{{"PGPASSWORD, PGPASSFILE", "cli.env.pg_password"}}
	withSMTP := append(slices.Clone(pg), smtp...)
	publicURL := envVar{"ELEADER_PUBLIC_URL", "cli.env.public_url"}
	withPortal := append(slices.Clone(withSMTP), publicURL)
	partnerEnv := []envVar{{"ELEADER_URL", "cli.env.url"}, {"ELEADER_TOKEN", "cli.env.token"}}

	return []command{
		{name: "serve", args: "[--demo] [--addr A] [--data DIR]", summary: "cli.cmd.serve",
			run: func(args []string, stdout, stderr io.Writer) int {
				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
				defer stop()
				return runServe(ctx, args, stdout, stderr)
			},
			exits: []exitCode{{exitOK, "cli.exit.stopped"}, usage, fault}, env: withPortal},
		{name: "send", args: "--url URL --token T [--dry-run|--check] [--wait] FILE...", summary: "cli.cmd.send", run: runSend,
			exits: []exitCode{{exitOK, "cli.exit.every_file_deposited"},
				{exitRejected, "cli.exit.file_refused"}, usage,
				{exitFile, "cli.exit.file_rejected_check"}, {exitFault, "cli.exit.unreachable"},
				{exitPending, "cli.exit.pending"}},
			env: partnerEnv},
		{name: "withdraw", args: "--url URL --token T FILE...", summary: "cli.cmd.withdraw", run: runWithdraw,
			exits: []exitCode{{exitOK, "cli.exit.every_file_withdrawn"}, {exitRejected, "cli.exit.withdraw_refused"}, usage, {exitFault, "cli.exit.unreachable"}},
			env:   partnerEnv},
		{name: "validate", args: "[flags] FILE...|-", summary: "cli.cmd.validate", run: runValidate, exits: verdict,
			env: []envVar{{"GOGC", "cli.env.gogc"}}},
		{name: "import", args: "--partner ID --operators C FILE...", summary: "cli.cmd.import", run: runImport,
			exits: append(slices.Clone(verdict), fault), env: append(slices.Clone(withSMTP), envVar{"GOGC", "cli.env.gogc_import"})},
		{name: "dossier", args: "show NUMBER | disagreements [NUMBER]", summary: "cli.cmd.dossier", run: runDossier,
			exits: store, env: pg, subs: []command{
				{name: "show", args: "NUMBER", summary: "cli.cmd.dossier.show"},
				{name: "disagreements", args: "[NUMBER]", summary: "cli.cmd.dossier.disagreements"},
			}},
		{name: "search", args: "(--nom --prenom --naissance | --siret)", summary: "cli.cmd.search", run: runSearch,
			exits: []exitCode{{exitOK, "cli.exit.found"}, {exitRejected, "cli.exit.not_found"}, usage, fault}, env: pg},
		{name: "searches", args: "[--partner ID] [--limit N]", summary: "cli.cmd.searches", run: runSearches,
			exits: store, env: pg},
		{name: "imports", args: "[--partner ID] | show ID", summary: "cli.cmd.imports", run: runImports,
			exits: store, env: pg, flags: true, subs: []command{
				{name: "show", args: "ID", summary: "cli.cmd.imports.show"},
			}},
		{name: "partners", args: "COMMAND", summary: "cli.cmd.partners",
			run: runPartners, exits: store, env: withPortal, subs: []command{
				{name: "create", args: "--id ID [sheet flags]", summary: "cli.cmd.partners.create"},
				{name: "edit", args: "ID [sheet flags]", summary: "cli.cmd.partners.edit"},
				{name: "submit", args: "ID", summary: "cli.cmd.partners.submit"},
				{name: "delete", args: "ID", summary: "cli.cmd.partners.delete"},
				{name: "process", args: "[ID]", summary: "cli.cmd.partners.process"},
				{name: "deactivate", args: "ID", summary: "cli.cmd.partners.deactivate"},
				{name: "reactivate", args: "ID", summary: "cli.cmd.partners.reactivate"},
				{name: "list", args: "[filters]", summary: "cli.cmd.partners.list"},
				{name: "show", args: "ID", summary: "cli.cmd.partners.show"},
				{name: "export", args: "[filters] [--output F]", summary: "cli.cmd.partners.export"},
				{name: "import", args: "FILE", summary: "cli.cmd.partners.import"},
				{name: "token", args: "rotate|revoke ID", summary: "cli.cmd.partners.token", subs: []command{
					{name: "rotate", args: "ID", summary: "cli.cmd.partners.token.rotate"},
					{name: "revoke", args: "ID", summary: "cli.cmd.partners.token.revoke"},
				}},
			}},
		{name: "people", args: "COMMAND", summary: "cli.cmd.people",
			run: runPeople, exits: store, env: withPortal, subs: []command{
				{name: "add", args: "EMAIL (--partner ID --right R | --operator)", summary: "cli.cmd.people.add"},
				{name: "remove", args: "EMAIL [--partner ID | --operator]", summary: "cli.cmd.people.remove"},
				{name: "list", args: "[--partner ID]", summary: "cli.cmd.people.list"},
				{name: "show", args: "EMAIL", summary: "cli.cmd.people.show"},
				{name: "actions", args: "[--partner ID] [--person EMAIL] [--limit N]", summary: "cli.cmd.people.actions"},
			}},
		{name: "deposit", args: "--partner ID FILE...", summary: "cli.cmd.deposit", run: runDeposit, exits: store, env: pg},
		{name: "run", args: "[--now] [--partner ID]", summary: "cli.cmd.run", run: runRun,
			exits: []exitCode{{exitOK, "cli.exit.done"}, usage, {exitFault, "cli.exit.run_fault"}}, env: withSMTP},
		{name: "runs", args: "[--limit N]", summary: "cli.cmd.runs", run: runRuns, exits: store, env: pg},
		{name: "ledger", args: "[--partner ID] [--limit N]", summary: "cli.cmd.ledger", run: runLedger,
			exits: store, env: pg},
		{name: "purge", args: "[--keep DAYS]", summary: "cli.cmd.purge", run: runPurge, exits: store, env: pg},
		{name: "demo", args: "", summary: "cli.cmd.demo", run: runDemo, exits: store, env: pg},
		{name: "reports", args: "[list|show ID|send|resend ID]", summary: "cli.cmd.reports", run: runReports, implied: "list",
			exits: []exitCode{{exitOK, "cli.exit.done"}, {exitRejected, "cli.exit.report_not_sent"}, usage, fault}, env: withSMTP, subs: []command{
				{name: "list", args: "[--partner ID] [--state S]", summary: "cli.cmd.reports.list"},
				{name: "show", args: "ID", summary: "cli.cmd.reports.show"},
				{name: "send", args: "", summary: "cli.cmd.reports.send"},
				{name: "resend", args: "ID", summary: "cli.cmd.reports.resend"},
			}},
		{name: "backup", args: "--to FILE", summary: "cli.cmd.backup", run: runBackup,
			exits: []exitCode{{exitOK, "cli.exit.copied"}, {exitRejected, "cli.exit.backup_refused"}, usage, fault}},
		{name: "matrice", args: "check FILE | template [--xlsx -o FILE] | gostruct", summary: "cli.cmd.matrice", run: runMatrice,
			exits: []exitCode{{exitOK, "cli.exit.valid"}, usage, {exitFile, "cli.exit.matrice_refused"}}, subs: []command{
				{name: "check", args: "FILE", summary: "cli.cmd.matrice.check"},
				{name: "template", args: "[--matrice F] [--xlsx -o FILE]", summary: "cli.cmd.matrice.template"},
				{name: "gostruct", args: "[--matrice F] [--package P] [--type T] [-o FILE]", summary: "cli.cmd.matrice.gostruct"},
			}},
		{name: "gen", args: "[--lines N] [--faults F] [-o FILE]", summary: "cli.cmd.gen", run: runGen,
			exits: []exitCode{{exitOK, "cli.exit.written"}, usage, {exitFault, "cli.exit.not_written"}}},
		{name: "healthcheck", args: "[URL]", summary: "cli.cmd.healthcheck", run: runHealthcheck,
			exits: []exitCode{{exitOK, "cli.exit.healthy"}, {exitRejected, "cli.exit.unhealthy"}, usage}},
		{name: "version", args: "", summary: "cli.cmd.version", run: runVersion,
			exits: []exitCode{{exitOK, "cli.exit.printed"}, usage}},
		{name: "help", args: "[COMMAND]", summary: "cli.cmd.help", exits: []exitCode{{exitOK, "cli.exit.printed"}, usage}},
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
	lang, args, err := cliLang(args, os.Getenv)
	std := &stdio{in: stdin, out: stdout, err: stderr, lang: lang}
	if err != nil {
		return usageErr(std, err)
	}
	if len(args) == 0 {
		usage(stderr, lang)
		return exitUsage
	}
	switch {
	case args[0] == "help" && len(args) > 1:
		return runIn(stdin, append(slices.Clone(args[1:]), "--help", "--lang", lang.String()), stdout, stderr)
	case args[0] == "help" || helpArg(args[0]):
		usage(stdout, lang)
		return exitOK
	case args[0] == "--version" || args[0] == "-version":
		return runVersion(args[1:], stdout, std)
	}
	table := commands()
	i := slices.IndexFunc(table, func(c command) bool { return c.name == args[0] && c.run != nil })
	if i < 0 {
		fmt.Fprintf(stderr, "eleader: %s\n\n", lang.Sprintf("cli.unknown_command", importer.CutName(args[0])))
		usage(stderr, lang)
		return exitUsage
	}
	// Flags before a group's sub-command go after it, where its flag set
	// reads them.
	rest, ok := hoistFlags(table[i], args[1:])
	if !ok {
		fmt.Fprintf(stderr, "eleader: %s\n\n", lang.Sprintf("cli.group.no_command", args[0], strings.Join(rest, " ")))
		groupHelp(stderr, lang, args[:1], table[i], table[i])
		return exitUsage
	}
	args = append(args[:1:1], rest...)
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
			groupHelp(stdout, lang, path, node, table[i])
			return exitOK
		}
		j := slices.IndexFunc(node.subs, func(c command) bool { return c.name == a })
		if j < 0 {
			break
		}
		path, node = append(path, a), node.subs[j]
	}
	return table[i].run(args[1:], stdout, std)
}

// hoistFlags moves the flags given before a group's sub-command after it,
// as git and kubectl accept them: "reports --data D list" runs as
// "reports list --data D", "partners --data D token rotate X" as
// "partners token rotate --data D X" — every group, in this one place.
// args follow the group's name. A word after a flag without "=" is that
// flag's value ("reports --partner list" lists the reports of partner
// list), unless the flag is a boolean one (boolFlags): then it may be the
// sub-command ("people --operator add E"). ok is false when flags come first and name
// no sub-command, in a group that needs one (neither flags of its own nor
// an implied sub-command); args are then returned as they are, unless
// they ask for help: the help of the group named. Without
// flags first, args are returned as they are: the group's runner judges.
func hoistFlags(group command, given []string) (out []string, ok bool) {
	var path, flags []string
	node, args := group, given
	for len(node.subs) > 0 && len(args) > 0 {
		j := subCommandAt(node, args)
		if j < 0 {
			break
		}
		path, flags = append(path, args[j]), append(flags, args[:j]...)
		k := slices.IndexFunc(node.subs, func(c command) bool { return c.name == args[j] })
		node, args = node.subs[k], args[j+1:]
	}
	if len(node.subs) > 0 && !node.flags && node.implied == "" && len(args) > 0 && isFlag(args[0]) {
		if slices.ContainsFunc(args, helpArg) {
			return append(path, "--help"), true // the group's help
		}
		return given, false
	}
	return append(append(path, flags...), args...), true
}

// subCommandAt returns the index in args of node's sub-command named
// after the flags that lead args (see hoistFlags), or -1.
func subCommandAt(node command, args []string) int {
	isSub := func(a string) bool {
		return slices.ContainsFunc(node.subs, func(c command) bool { return c.name == a })
	}
	for i, a := range args {
		switch {
		case a == "--":
			return -1
		case isFlag(a):
			continue
		case i > 0 && takesValue(args[i-1]):
			continue // the previous flag's value
		case isSub(a):
			return i
		}
		return -1 // a word that is no sub-command
	}
	return -1
}

// boolFlags are the boolean flags of the commands (flag.BoolVar): the
// only flags whose next word is not their value. TestBoolFlagsListed
// keeps it equal to the commands' BoolVar calls.
var boolFlags = []string{"check", "client-certs", "demo", "dry-run", "fail-fast", "h", "help",
	"history", "keep-waiting", "now", "operator", "report", "wait"}

// takesValue reports whether the word after flag a is a's value: a flag
// without "=" that is not boolean.
func takesValue(a string) bool {
	if !isFlag(a) || strings.Contains(a, "=") {
		return false
	}
	return !slices.Contains(boolFlags, strings.TrimLeft(a, "-"))
}

// isFlag reports whether a command-line word is a flag ("-" alone is
// standard input).
func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// stdio is the stderr writer run gives each command: it writes to stderr,
// and carries stdin and stdout for the flag sets (help goes to stdout) and
// for the commands that read standard input.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	lang     i18n.Lang // of the texts for people
}

func (s *stdio) Write(p []byte) (int, error) { return s.err.Write(p) }

// stdoutOf returns the stdout that travels with stderr, or stderr itself.
func stdoutOf(stderr io.Writer) io.Writer {
	if s, ok := stderr.(*stdio); ok {
		return s.out
	}
	return stderr
}

// langOf returns the language of the texts that travels with stderr:
// English when none does.
func langOf(stderr io.Writer) i18n.Lang {
	if s, ok := stderr.(*stdio); ok {
		return s.lang
	}
	return i18n.English
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
func usage(w io.Writer, lang i18n.Lang) {
	fmt.Fprintf(w, "%s\n\n%s\n", lang.Sprintf("cli.help.title"), lang.Sprintf("cli.help.commands"))
	for _, c := range commands() {
		left := c.name
		if c.args != "" {
			left += " " + c.args
		}
		if len(left) > 40 {
			fmt.Fprintf(w, "  %s\n  %-40s %s\n", left, "", lang.Sprintf(c.summary))
		} else {
			fmt.Fprintf(w, "  %-40s %s\n", left, lang.Sprintf(c.summary))
		}
	}
	fmt.Fprintf(w, "\n%s\n", lang.Sprintf("cli.help.notes"))
}

// groupHelp prints the help of a command that has sub-commands.
func groupHelp(w io.Writer, lang i18n.Lang, path []string, node, top command) {
	name := strings.Join(path, " ")
	fmt.Fprintf(w, "%s\n\n%s\n\n%s\n", lang.Sprintf("cli.help.group_usage", name), lang.Sprintf(node.summary), lang.Sprintf("cli.help.group_commands"))
	for _, s := range node.subs {
		left := s.name
		if s.args != "" {
			left += " " + s.args
		}
		fmt.Fprintf(w, "  %-32s %s\n", left, lang.Sprintf(s.summary))
	}
	fmt.Fprintf(w, "\n%s\n", lang.Sprintf("cli.help.group_more", name))
	writeEnv(w, lang, nil, top.env)
	writeExits(w, lang, top.exits)
}

// groupUsage prints the help of the command group name ("people") on w:
// what a group given no sub-command, or an unknown one, answers.
func groupUsage(w io.Writer, lang i18n.Lang, name string) {
	for _, c := range commands() {
		if c.name == name {
			groupHelp(w, lang, []string{name}, c, c)
			return
		}
	}
}

// lookup returns the table's entry of a flag set's name ("partners token
// rotate"): the top-level command, whose exit codes and environment its
// sub-commands share.
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

// writeHelp prints a command's help in the language of its flag set's
// output: its synopsis, what it does (the entry about, if any), its flags,
// environment and exit codes.
func writeHelp(w io.Writer, lang i18n.Lang, fs *flag.FlagSet, synopsis, about string) {
	fmt.Fprintf(w, "%s\n", lang.Sprintf("cli.help.usage", synopsisIn(lang, synopsis)))
	if about != "" {
		fmt.Fprintf(w, "\n%s\n", lang.Sprintf(about))
	}
	fmt.Fprintf(w, "\n%s\n", lang.Sprintf("cli.help.flags"))
	printFlags(w, lang, fs)
	top, _ := lookup(fs.Name())
	writeEnv(w, lang, fs, top.env)
	exits := top.exits
	if exits == nil {
		exits = []exitCode{{exitOK, "cli.exit.done"}, {exitUsage, "cli.exit.usage_short"}}
	}
	writeExits(w, lang, exits)
}

// printFlags lists fs's flags as flag.PrintDefaults does, in lang: the
// flag, its argument's name (the usage's `quoted` word), its usage, its
// default.
func printFlags(w io.Writer, lang i18n.Lang, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		name, text := flag.UnquoteUsage(f)
		if !strings.Contains(f.Usage, "`") {
			name = argName(lang, name)
		}
		if len(name) > 0 {
			b.WriteString(" " + name)
		}
		if b.Len() <= 4 { // a one-letter flag without argument: on one line
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(text, "\n", "\n    \t"))
		if !zeroDefault(f) {
			if reflect.TypeOf(f.Value).String() == "*flag.stringValue" { // quoted, as flag.PrintDefaults does
				b.WriteString(lang.Sprintf("cli.help.default_quoted", f.DefValue))
			} else {
				b.WriteString(lang.Sprintf("cli.help.default", f.DefValue))
			}
		}
		fmt.Fprintln(w, b.String())
	})
}

// argName names, in lang, the argument of a flag whose usage quotes no
// name: flag.UnquoteUsage's name of its type ("string", "int" …), which
// is English.
func argName(lang i18n.Lang, typ string) string {
	switch typ {
	case "string":
		return lang.Sprintf("cli.help.arg.string")
	case "int", "uint":
		return lang.Sprintf("cli.help.arg.int")
	case "float":
		return lang.Sprintf("cli.help.arg.float")
	case "duration":
		return lang.Sprintf("cli.help.arg.duration")
	case "value":
		return lang.Sprintf("cli.help.arg.value")
	}
	return typ
}

// synopsisIn writes a command's synopsis in lang: its flags and words
// stay, the placeholders a language writes otherwise are the catalog's
// (the date AAAAMMDD is AAAAMMJJ in French).
func synopsisIn(lang i18n.Lang, synopsis string) string {
	return strings.ReplaceAll(synopsis, "AAAAMMDD", lang.Sprintf("cli.help.arg.date"))
}

// zeroDefault reports whether a flag's default is its type's zero value,
// which the help does not print.
func zeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s", "[]":
		return true
	}
	return false
}

// writeEnv lists the environment variables of a command: those of its
// settings (fs may be nil), then the others it reads, then those of the
// language.
func writeEnv(w io.Writer, lang i18n.Lang, fs *flag.FlagSet, extra []envVar) {
	vars := settingsEnv(fs)
	vars = append(vars, extra...)
	vars = append(vars, envVar{"ELEADER_LANG, LC_ALL, LC_MESSAGES, LANG", "cli.env.lang"})
	width := 0
	for _, v := range vars {
		width = max(width, len(v.name))
	}
	fmt.Fprintf(w, "\n%s\n", lang.Sprintf("cli.help.environment"))
	for _, v := range vars {
		text := v.text
		if !strings.HasPrefix(text, "--") { // a setting's flag, else an entry
			text = lang.Sprintf(text)
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, v.name, text)
	}
}

func writeExits(w io.Writer, lang i18n.Lang, exits []exitCode) {
	fmt.Fprintf(w, "\n%s\n", lang.Sprintf("cli.help.exits"))
	for _, e := range exits {
		fmt.Fprintf(w, "  %d  %s\n", e.code, lang.Sprintf(e.text))
	}
}
