package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// defaultDepots is the default root of the partners' deposit directories.
const defaultDepots = "eleader-data/depots"

// defaultOutbox is where reports go as .eml files without an SMTP server.
const defaultOutbox = "eleader-data/outbox"

// runFlags are the flags of the commands that use deposits and reports.
type runFlags struct {
	db, depots, outbox, format string
	// mailMB is --mail-max-mb, of the commands that deliver reports
	// (registerMail); mail says it was registered.
	mailMB int64
	mail   bool
	lang   i18n.Lang // of the flags' help
}

// defaultMailMB is --mail-max-mb's default: eleader.DefaultMaxAttachBytes.
const defaultMailMB = eleader.DefaultMaxAttachBytes >> 20

// registerMail declares --mail-max-mb, for a command that delivers reports.
func (rf *runFlags) registerMail(fs *flag.FlagSet) {
	fs.Int64Var(&rf.mailMB, "mail-max-mb", defaultMailMB, rf.lang.Sprintf("cli.flag.mail_max_mb"))
	rf.mail = true
}

// reportOutbox is the outbox of reports through mailer: the rejects' XLSX
// twin, the sender of ELEADER_MAIL_FROM, attachments up to mailMB MiB (0:
// none).
func reportOutbox(svc *eleader.Service, mailer eleader.Mailer, mailMB int64) *eleader.Outbox {
	o := &eleader.Outbox{Service: svc, Mailer: mailer, Workbooks: xlsx.Workbooks{}, From: mailFrom(), MaxAttachBytes: mailMB << 20}
	if mailMB == 0 {
		o.MaxAttachBytes = -1
	}
	return o
}

// checkMailMB checks --mail-max-mb.
func checkMailMB(mb int64) error {
	if mb < 0 || mb > eleader.MaxAttachBytes>>20 {
		return errorf("cli.mail_max_mb.bad", eleader.MaxAttachBytes>>20)
	}
	return nil
}

func (rf *runFlags) register(fs interface {
	StringVar(*string, string, string, string)
}) {
	l := rf.lang
	fs.StringVar(&rf.db, "db", defaultDB, l.Sprintf("cli.flag.store"))
	fs.StringVar(&rf.depots, "depots", defaultDepots, l.Sprintf("cli.flag.depots"))
	fs.StringVar(&rf.outbox, "outbox", defaultOutbox, l.Sprintf("cli.flag.outbox"))
	fs.StringVar(&rf.format, "format", "text", l.Sprintf("cli.flag.format"))
}

// open opens the service with its deposit directories and a logger: text
// logs on stderr, quiet on a terminal (where a progress bar shows instead).
func (rf *runFlags) open(ctx context.Context, stderr io.Writer, quiet bool) (*eleader.Service, func(), error) {
	if err := oneOf("format", rf.format, "text", "json"); err != nil {
		return nil, nil, err
	}
	mailMB := int64(defaultMailMB)
	if rf.mail {
		if err := checkMailMB(rf.mailMB); err != nil {
			return nil, nil, err
		}
		mailMB = rf.mailMB
	}
	svc, done, err := openService(ctx, rf.db, nil)
	if err != nil {
		return nil, nil, err
	}
	dd, err := dropdir.New(rf.depots)
	if err != nil {
		done()
		return nil, nil, err
	}
	svc.Deposits = dd
	mailer, err := newMailer(rf.outbox)
	if err != nil {
		done()
		return nil, nil, err
	}
	svc.Outbox = reportOutbox(svc, mailer, mailMB)
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	svc.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	return svc, done, nil
}

// newMailer is the SMTP server of the environment (ELEADER_SMTP_HOST …), or
// the outbox folder.
func newMailer(outbox string) (eleader.Mailer, error) {
	cfg, ok, err := smtp.ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	if ok {
		return smtp.New(cfg)
	}
	return &smtp.Folder{Dir: outbox}, nil
}

const runSynopsis = `run [--now] [--partner ID] [--at HH:MM] [--db FILE] [--depots DIR] [--format text|json]`

func runRun(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	rf := runFlags{lang: l}
	var now bool
	var partner, at string
	fs := newFlagSet("run", stderr, runSynopsis, "cli.run.about")
	rf.register(fs)
	rf.registerMail(fs)
	fs.BoolVar(&now, "now", false, l.Sprintf("cli.flag.now"))
	fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_run"))
	fs.StringVar(&at, "at", "02:00", l.Sprintf("cli.flag.at"))
	var grace time.Duration
	fs.DurationVar(&grace, "grace", eleader.DefaultDepositGrace, l.Sprintf("cli.flag.grace"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.flags_only", "run", pos[0])
	}
	if grace < 0 {
		return usageError(stderr, "cli.run.grace")
	}
	hour, minute, err := parseClock(at)
	if err != nil {
		return usageErr(stderr, err)
	}
	if partner != "" && !now {
		return usageError(stderr, "cli.run.partner_now")
	}
	terminal := isTerminal(stderr) && rf.format == "text"
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	svc, done, err := rf.open(ctx, stderr, terminal && now)
	if err != nil {
		return usageErr(stderr, err)
	}
	defer done()
	svc.DepositGrace = max(grace, time.Nanosecond) // 0: at once
	// Leftovers of a process killed mid-write go first (each recorded).
	if _, err := svc.CleanLeftovers(ctx, "", 0); err != nil {
		return serviceError(stderr, err)
	}

	if !now {
		sc, err := eleader.NewScheduler(svc, hour, minute)
		if err != nil {
			return serviceError(stderr, err)
		}
		sc.OnRun = func(rec *eleader.RunRecord, err error) {
			if rec != nil {
				printRun(stdout, l, rf.format, rec, nil)
			}
		}
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.run.daily", at))
		if err := sc.Run(ctx); err != nil {
			return serviceError(stderr, err)
		}
		return exitOK
	}
	o := eleader.RunOptions{Partner: partner}
	bar := &progressBar{w: stderr}
	if terminal {
		o.Progress = bar.update
	}
	rec, acts, err := svc.Run(ctx, o)
	bar.end()
	if err != nil {
		return serviceError(stderr, err)
	}
	printRun(stdout, l, rf.format, rec, acts)
	if rec.Failed > 0 {
		return exitFault
	}
	return exitOK
}

func parseClock(s string) (int, int, error) {
	h, m, ok := strings.Cut(s, ":")
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, 0, errorf("cli.run.clock", s)
	}
	return hour, minute, nil
}

func printRun(w io.Writer, l i18n.Lang, format string, rec *eleader.RunRecord, acts []eleader.Activation) {
	if format == "json" {
		printJSON(w, map[string]any{"run": rec, "activations": acts})
		return
	}
	for _, a := range acts {
		switch {
		case a.Refused != "":
			fmt.Fprintln(w, l.Sprintf("cli.run.not_activated", a.Partner, a.Refused))
		case a.Token != "":
			fmt.Fprintln(w, l.Sprintf("cli.run.activated_token", a.Partner, a.Token))
		default:
			fmt.Fprintln(w, l.Sprintf("cli.run.activated", a.Partner))
		}
	}
	fmt.Fprintln(w, l.Sprintf("cli.run.summary",
		rec.ID, rec.Trigger, rec.Outcome, rec.Partners, rec.Imported, rec.Superseded, rec.Refused, rec.Dropped, rec.Busy, rec.Failed, rec.Lines, rec.Accepted, rec.Rejected))
	if rec.Partners == 0 && acts != nil {
		fmt.Fprintln(w, l.Sprintf("cli.run.no_partner"))
	}
}

// runDeposit runs "eleader deposit --partner ID FILE...": each file goes
// through the service's front door (Service.Upload), as an upload would.
func runDeposit(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	rf := runFlags{lang: l}
	var partner string
	fs := newFlagSet("deposit", stderr, "deposit --partner ID [--db FILE] [--depots DIR] FILE...", "cli.deposit.about")
	rf.register(fs)
	fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_deposit"))
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(files) == 0 || partner == "" {
		return usageError(stderr, "cli.help.usage", "deposit --partner ID FILE...")
	}
	ctx := context.Background()
	svc, done, err := rf.open(ctx, stderr, true)
	if err != nil {
		return usageErr(stderr, err)
	}
	defer done()
	p, err := svc.Partner(ctx, partner)
	if eleader.ErrorCode(err) == eleader.ENOTFOUND {
		return usageError(stderr, "cli.deposit.no_partner", partner)
	}
	if err != nil {
		return serviceError(stderr, err)
	}
	for _, f := range files {
		in, err := os.Open(f)
		if err != nil {
			return usageErr(stderr, err)
		}
		size := int64(-1)
		if info, err := in.Stat(); err == nil && info.Mode().IsRegular() {
			size = info.Size()
		}
		d, err := svc.Upload(ctx, p, filepath.Base(f), size, in, 0)
		in.Close()
		if eleader.ErrorCode(err) == eleader.EBADNAME {
			return usageErr(stderr, err)
		}
		if err != nil {
			return serviceError(stderr, err)
		}
		if rf.format == "json" {
			printJSON(stdout, d)
		} else {
			fmt.Fprintln(stdout, l.Sprintf("cli.deposit.deposited", d.Name, partner, d.Size, d.SHA256))
		}
	}
	return exitOK
}

// runRuns runs "eleader runs": the latest runs.
func runRuns(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	var limit int
	l := langOf(stderr)
	fs := newFlagSet("runs", stderr, "runs [--db FILE] [--format text|json] [--limit N]", "")
	sf.register(fs)
	fs.IntVar(&limit, "limit", 20, l.Sprintf("cli.flag.limit_runs"))
	if _, err := parseFlags(fs, args); err != nil {
		return flagError(err)
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	runs, err := svc.Store.Runs(ctx, "", limit)
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		if runs == nil {
			runs = []eleader.RunRecord{}
		}
		printJSON(stdout, runs)
		return exitOK
	}
	for i := range runs {
		r := &runs[i]
		fmt.Fprintf(stdout, "%s  ", r.Started.Local().Format(time.DateTime))
		printRun(stdout, l, "text", r, nil)
	}
	return exitOK
}

// runPurge runs "eleader purge": the retention of personal data.
func runPurge(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	rf := runFlags{lang: l}
	var keep int
	fs := newFlagSet("purge", stderr, "purge [--keep DAYS] [--db FILE] [--depots DIR]", "cli.purge.about")
	rf.register(fs)
	fs.IntVar(&keep, "keep", 365, l.Sprintf("cli.flag.keep"))
	if _, err := parseFlags(fs, args); err != nil {
		return flagError(err)
	}
	if keep < 1 {
		return usageError(stderr, "cli.purge.keep")
	}
	ctx := context.Background()
	svc, done, err := rf.open(ctx, stderr, true)
	if err != nil {
		return usageErr(stderr, err)
	}
	defer done()
	cutoff := time.Now().AddDate(0, 0, -keep)
	files, reports, err := svc.Purge(ctx, cutoff)
	if err != nil {
		return serviceError(stderr, err)
	}
	searches, err := svc.PurgeSearches(ctx, cutoff)
	if err != nil {
		return serviceError(stderr, err)
	}
	if rf.format == "json" {
		if files == nil {
			files = []string{}
		}
		printJSON(stdout, map[string]any{"files": files, "reports": reports, "searches": searches})
	} else {
		fmt.Fprintln(stdout, l.Sprintf("cli.purge.done", len(files), reports, searches, keep))
	}
	return exitOK
}

// demoPartner is the partner of the demo, in qualification: its operator
// code is the one eleader gen --partner demo writes (DEMO), so that a
// generated file imports as the demo's own; a file with another code (the
// example files' ADIE and FRAC) gets the operator check's errors, as a real
// partner's would.
var demoPartner = eleader.ConnectionSheet{
	Partner: gen.DefaultPartner, Name: "Partenaire de démonstration", Operators: []string{gen.DefaultOperator(gen.DefaultPartner)},
	Channels: []eleader.Channel{eleader.ChannelAPI, eleader.ChannelWeb, eleader.ChannelSFTP}, Environment: eleader.Qualification,
	Contact: eleader.Contact{Name: "Équipe démo", Phone: "01 23 45 67 89", Email: "demo@eleader.example"},
}

// setupDemo creates and activates the demo partner if needed; it returns its
// token when it issued one.
func setupDemo(ctx context.Context, svc *eleader.Service) (string, error) {
	if _, err := svc.Partner(ctx, demoPartner.Partner); eleader.ErrorCode(err) != eleader.ENOTFOUND {
		if err != nil {
			return "", err
		}
		return svc.RotateToken(ctx, demoPartner.Partner, "demo")
	}
	sheet := demoPartner
	sheet.Operators = append([]string(nil), demoPartner.Operators...)
	sheet.Channels = append([]eleader.Channel(nil), demoPartner.Channels...)
	if _, _, err := svc.CreatePartner(ctx, sheet, "demo"); err != nil {
		return "", err
	}
	if _, err := svc.SubmitPartner(ctx, sheet.Partner, "demo"); err != nil {
		return "", err
	}
	acts, err := svc.ProcessPartners(ctx, sheet.Partner, "demo")
	if err != nil {
		return "", err
	}
	if len(acts) != 1 || acts[0].Refused != "" {
		return "", fmt.Errorf("the demo partner was not activated: %+v", acts)
	}
	return acts[0].Token, nil
}

// runDemo runs "eleader demo": the demo partner, and the example files in
// its deposits, ready for "eleader run --now".
func runDemo(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	rf := runFlags{lang: l}
	fs := newFlagSet("demo", stderr, "demo [--db FILE] [--depots DIR]", "cli.demo.about")
	rf.register(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return flagError(err)
	}
	ctx := context.Background()
	svc, done, err := rf.open(ctx, stderr, true)
	if err != nil {
		return usageErr(stderr, err)
	}
	defer done()
	token, err := setupDemo(ctx, svc)
	if err != nil {
		return serviceError(stderr, err)
	}
	p, err := svc.Partner(ctx, demoPartner.Partner)
	if err != nil {
		return serviceError(stderr, err)
	}
	fmt.Fprintln(stdout, l.Sprintf("cli.demo.token", token))
	for _, g := range demoExports() {
		var buf bytes.Buffer
		if _, err := g.Write(&buf); err != nil {
			return serviceError(stderr, err)
		}
		name := g.FileName()
		d, err := svc.Upload(ctx, p, name, int64(buf.Len()), &buf, 0)
		if eleader.ErrorCode(err) == eleader.ECONFLICT {
			fmt.Fprintln(stdout, l.Sprintf("cli.demo.already", name))
			continue
		}
		if err != nil {
			return serviceError(stderr, err)
		}
		fmt.Fprintln(stdout, l.Sprintf("cli.demo.deposited", d.Name, d.Size))
	}
	fmt.Fprintln(stdout, l.Sprintf("cli.demo.now"))
	return exitOK
}

// demoExports are the demo partner's exports that eleader demo deposits,
// oldest first, generated with its operator code: 16/11/2026, clean (the
// run supersedes it), and 17/11/2026, a fifth of its lines with a fault
// each, spread over the validator's checks.
func demoExports() []*gen.Generator {
	older, newer := gen.New(), gen.New()
	older.Lines, older.Faults = 20, 0
	newer.Lines, newer.Faults, newer.Date = 20, 0.2, gen.DefaultDate+1
	return []*gen.Generator{older, newer}
}
