package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

const importSynopsis = `import --partner ID [--operators CODES] [--db FILE] [--matrice F] [--correspondances F] [--date AAAAMMDD] [--format text|json] [--rejects F] [--mode partial|complete] [--report=false] [--outbox DIR] FILE...

Validates partner files, checks their dossier numbers against the store and
consolidates their accepted lines, one transaction per file. A partner with a
connection sheet gets the report of each import, as from a run: written in the
import's transaction, then sent to its report recipients (SMTP from
ELEADER_SMTP_HOST …, else an .eml file in --outbox); --report=false writes
none. A file already consolidated that changes nothing gets no report. Exit
code: 0 every line valid, 1 some lines rejected, 2 usage error, 3 a file
rejected, 4 a fault (the store or a file could not be read or written).`

func runImport(args []string, stdout, stderr io.Writer) int {
	var o validateOptions
	var sf storeFlags
	var partner, operators, outbox string
	var history, report bool
	fs := newFlagSet("import", stderr, importSynopsis)
	o.register(fs)
	fs.StringVar(&sf.db, "db", defaultDB, dbUsage)
	fs.BoolVar(&report, "report", true, "write each import's report for the partner's report recipients, and send it, as a run does (a partner with a connection sheet)")
	fs.StringVar(&outbox, "outbox", defaultOutbox, "where reports are written as .eml files when no SMTP server is set (ELEADER_SMTP_HOST …)")
	var mailMB int64
	fs.Int64Var(&mailMB, "mail-max-mb", defaultMailMB, mailMBUsage)
	fs.StringVar(&partner, "partner", "", "the sending partner's `identifier`; file names must carry it")
	fs.StringVar(&operators, "operators", "", "the partner's operator `codes`, comma-separated (until onboarding keeps them)")
	fs.BoolVar(&history, "history", false, "E#L's import of history: the file may create HIST dossiers")
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := o.check(len(files)); err != nil {
		fs.Usage()
		return usageError(stderr, "%v", err)
	}
	if err := checkMailMB(mailMB); err != nil {
		return usageError(stderr, "%v", err)
	}
	if !importer.ValidPartner(partner) {
		return usageError(stderr, "--partner %q is not a partner identifier (2 to 63 characters: a-z, 0-9, _ and -)", partner)
	}
	v, err := o.validator()
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	rejectsDir, err := o.rejectsDir(files)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	var codes []string
	if operators != "" {
		if codes, err = parseOperators(operators); err != nil {
			return usageError(stderr, "%v", err)
		}
	}
	if _, err := os.Stat(sf.db); err != nil && operators == "" && !postgres.IsURL(sf.db) {
		// A new store holds no connection sheet: the codes must be given.
		return usageError(stderr, "%v (or create the partner's connection sheet: eleader partners create)", errNoOperators)
	}
	ctx := context.Background()
	svc, done, err := openService(ctx, sf.db, v.Matrice)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %v\n", err)
		return exitFault
	}
	defer done()

	// A partner with a connection sheet imports on its sheet's settings;
	// without one (E#L's history, tests), --operators gives its codes.
	_, err = svc.Partner(ctx, partner)
	hasSheet := err == nil
	switch {
	case err != nil && eleader.ErrorCode(err) != eleader.ENOTFOUND:
		fmt.Fprintf(stderr, "eleader: %v\n", err)
		return exitFault
	case hasSheet && (operators != "" || history || o.correspondances != "" || o.mode != string(importer.ModePartial)):
		return usageError(stderr, "%s has a connection sheet: its operator codes, correspondences and mode come from it (drop --operators, --correspondances, --mode and --history)", partner)
	}
	in := eleader.Import{Partner: partner, Operators: codes, History: history}
	if !hasSheet && len(codes) == 0 {
		return usageError(stderr, "%v (or create the partner's connection sheet: eleader partners create)", errNoOperators)
	}
	reported := hasSheet && report
	if reported {
		mailer, err := newMailer(outbox)
		if err != nil {
			return usageError(stderr, "%v", err)
		}
		svc.Outbox = reportOutbox(svc, mailer, mailMB)
	}
	// On a terminal, a progress bar per file, as eleader run draws.
	var bar *progressBar
	if isTerminal(stderr) && o.format == "text" {
		bar = &progressBar{w: stderr}
	}
	code := o.eachFile(files, v, rejectsDir, stdout, stderr, exitFault, func(path, rejects string) (*validation, error) {
		return importOne(ctx, svc, in, hasSheet, reported, v, path, rejects, o.format == "json", stdout, bar)
	})
	if reported {
		// As a run does at its end: the reports due are sent.
		notes := stdout
		if o.format == "json" {
			notes = stderr // standard output holds JSON only
		}
		ds, err := svc.Outbox.Deliver(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "eleader: sending reports: %s\n", shownError(err))
			return max(code, exitFault)
		}
		for _, d := range ds {
			switch d.State {
			case eleader.ReportSent:
				fmt.Fprintf(notes, "report #%d of %s sent%s\n", d.Report, d.File, mailedTo(svc, outbox))
			default:
				fmt.Fprintf(notes, "report #%d of %s not sent (%s), kept: it is retried by the next run, serve or eleader reports send: %s\n",
					d.Report, d.File, d.State, importer.Cut(d.Error, 300))
			}
		}
	}
	return code
}

// mailedTo says where a sent report went: the outbox folder, or SMTP.
func mailedTo(svc *eleader.Service, outbox string) string {
	if _, ok := svc.Outbox.Mailer.(*smtp.Folder); ok {
		return " (written to " + outbox + ")"
	}
	return ""
}

// importOne imports one file and prints its JSON when asJSON; a partner
// with a sheet gets its report when reported. With a bar, it shows how far
// the file was read.
func importOne(ctx context.Context, svc *eleader.Service, in eleader.Import, sheet, reported bool, v *importer.Validator, path, rejects string, asJSON bool, stdout io.Writer, bar *progressBar) (*validation, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	out := newFileOutput(asJSON, rejects)
	defer out.close()
	var header []string
	in.Correspondences, in.Mode, in.Date, in.Name, in.Body = v.Correspondences, v.Mode, v.Date, path, file
	// A workbook is read at random by its conversion: no bar, and it stays
	// a file (a wrapped body would be copied to a temporary file first).
	if st, err := file.Stat(); err == nil && bar != nil && !eleader.IsWorkbook(path) {
		in.Body = &progressReader{r: file, total: st.Size(), update: bar.update}
		defer bar.end()
	}
	in.Each = func(l *importer.Line) error {
		header = l.Header()
		return out.line(l)
	}
	var r *eleader.ImportResult
	switch {
	case reported:
		r, err = svc.ImportReported(ctx, in)
	case sheet:
		r, err = svc.ImportFile(ctx, in)
	default:
		r, err = svc.Import(ctx, in)
	}
	if err != nil {
		return nil, err
	}
	res, err := out.finish(path, r.Report, header)
	if err != nil {
		return nil, err
	}
	res.notes = append(res.notes, importNote(r))
	if r.ReportID > 0 {
		res.notes = append(res.notes, fmt.Sprintf("report #%d written for the partner's report recipients", r.ReportID))
	}
	if asJSON {
		return res, out.writeJSON(stdout, r.Report, map[string]any{"import": importJSON(r)})
	}
	return res, nil
}

// importNote says, for a person, what the import did to the store.
func importNote(r *eleader.ImportResult) string {
	switch {
	case r.Qualified:
		return fmt.Sprintf("qualification passed (import #%d): nothing consolidated; the partner may now move to production", r.Record.ID)
	case !r.Record.Consolidated && len(r.Report.FileErrors) == 0:
		return fmt.Sprintf("qualification import (#%d): nothing consolidated; the qualification passes with a file of at least one line and no rejected line", r.Record.ID)
	case r.Unchanged:
		return fmt.Sprintf("already consolidated (import #%d): nothing changed", r.Record.ID)
	case !r.Record.Consolidated:
		return fmt.Sprintf("nothing consolidated: the file is rejected whole (import #%d)", r.Record.ID)
	}
	return fmt.Sprintf("consolidated (import #%d): %s created, %s updated, %s, %s",
		r.Record.ID, plural(r.Record.Created, "dossier", "dossiers"), plural(r.Record.Updated, "dossier", "dossiers"),
		plural(r.Items, "item added or changed", "items added or changed"), plural(r.Disagreements, "disagreement between partners", "disagreements between partners"))
}

// importJSON is the "import" key of eleader import's JSON.
func importJSON(r *eleader.ImportResult) map[string]any {
	created, updated := r.Record.Created, r.Record.Updated
	if r.Unchanged {
		created, updated = 0, 0 // the record is the earlier import's
	}
	out := map[string]any{
		"id": r.Record.ID, "sha256": r.Record.SHA256, "consolidated": r.Record.Consolidated, "unchanged": r.Unchanged,
		"created": created, "updated": updated, "items": r.Items, "disagreements": r.Disagreements, "qualified": r.Qualified,
	}
	if r.ReportID > 0 {
		out["report"] = r.ReportID
	}
	return out
}
