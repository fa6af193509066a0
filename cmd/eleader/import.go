package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

const importSynopsis = `import --partner ID [--operators CODES] [--db FILE] [--matrice F] [--correspondances F] [--date AAAAMMDD] [--format text|json] [--rejects F] [--mode partial|complete] [--report=false] [--outbox DIR] FILE...`

// importGCPercent is the garbage collector's target (GOGC) while eleader
// import runs, unless the environment sets GOGC: an import allocates much
// (a request, then a view, per dossier) over a live heap its group budget
// bounds, and collecting at 200 % of it rather than 100 % halves the
// collector's work (a fifth of a first import's CPU time at 100 %) for a
// peak about 40 MiB higher (200,000 lines into SQLite: 150 -> 190 MiB).
const importGCPercent = 200

func runImport(args []string, stdout, stderr io.Writer) int {
	defer gcPercent(importGCPercent)()
	var o validateOptions
	var sf storeFlags
	var partner, operators, outbox string
	var history, report bool
	l := langOf(stderr)
	fs := newFlagSet("import", stderr, importSynopsis, "cli.import.about")
	o.register(fs)
	fs.StringVar(&sf.db, "db", defaultDB, l.Sprintf("cli.flag.store"))
	fs.BoolVar(&report, "report", true, l.Sprintf("cli.flag.report"))
	fs.StringVar(&outbox, "outbox", defaultOutbox, l.Sprintf("cli.flag.outbox"))
	var mailMB int64
	fs.Int64Var(&mailMB, "mail-max-mb", defaultMailMB, l.Sprintf("cli.flag.mail_max_mb"))
	fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_sending"))
	fs.StringVar(&operators, "operators", "", l.Sprintf("cli.flag.operators_import"))
	fs.BoolVar(&history, "history", false, l.Sprintf("cli.flag.history"))
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := o.check(len(files)); err != nil {
		fs.Usage()
		return usageErr(stderr, err)
	}
	if err := checkMailMB(mailMB); err != nil {
		return usageErr(stderr, err)
	}
	if !importer.ValidPartner(partner) {
		return usageError(stderr, "cli.import.bad_partner", partner)
	}
	v, err := o.validator()
	if err != nil {
		return usageErr(stderr, err)
	}
	rejectsDir, err := o.rejectsDir(files)
	if err != nil {
		return usageErr(stderr, err)
	}
	var codes []string
	if operators != "" {
		if codes, err = parseOperators(operators); err != nil {
			return usageErr(stderr, err)
		}
	}
	if _, err := os.Stat(sf.db); err != nil && operators == "" && !postgres.IsURL(sf.db) {
		// A new store holds no connection sheet: the codes must be given.
		return usageError(stderr, "cli.import.no_operators")
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
		return usageError(stderr, "cli.import.has_sheet", partner)
	}
	in := eleader.Import{Partner: partner, Operators: codes, History: history}
	if !hasSheet && len(codes) == 0 {
		return usageError(stderr, "cli.import.no_operators")
	}
	reported := hasSheet && report
	if reported {
		mailer, err := newMailer(outbox)
		if err != nil {
			return usageErr(stderr, err)
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
			fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.import.sending_reports", shownError(err)))
			return max(code, exitFault)
		}
		for _, d := range ds {
			switch d.State {
			case eleader.ReportSent:
				if _, ok := svc.Outbox.Mailer.(*smtp.Folder); ok {
					fmt.Fprintln(notes, l.Sprintf("cli.import.report_written", d.Report, d.File, outbox))
				} else {
					fmt.Fprintln(notes, l.Sprintf("cli.import.report_sent", d.Report, d.File))
				}
			default:
				fmt.Fprintln(notes, l.Sprintf("cli.import.report_not_sent", d.Report, d.File, d.State, importer.Cut(d.Error, 300)))
			}
		}
	}
	return code
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
		res.notes = append(res.notes, i18n.T("cli.import.report_for", r.ReportID))
	}
	if asJSON {
		return res, out.writeJSON(stdout, r.Report, map[string]any{"import": importJSON(r)})
	}
	return res, nil
}

// importNote says, for a person, what the import did to the store.
func importNote(r *eleader.ImportResult) i18n.Text {
	switch {
	case r.Qualified:
		return i18n.T("cli.import.qualified", r.Record.ID)
	case !r.Record.Consolidated && len(r.Report.FileErrors) == 0:
		return i18n.T("cli.import.qualification", r.Record.ID)
	case r.Unchanged:
		return i18n.T("cli.import.unchanged", r.Record.ID)
	case !r.Record.Consolidated:
		return i18n.T("cli.import.rejected", r.Record.ID)
	}
	return i18n.T("cli.import.consolidated", r.Record.ID, i18n.T("cli.import.created", r.Record.Created), i18n.T("cli.import.updated", r.Record.Updated),
		i18n.T("cli.import.items", r.Items), i18n.T("cli.import.disagreements", r.Disagreements))
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
