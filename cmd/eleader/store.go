package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// defaultDB is the embedded store's default file.
const defaultDB = "eleader-data/eleader.db"

// exitFault is the exit code of a fault: the store or a file could not be
// read or written.
const exitFault = 4

// openService opens the store db names and returns the service over it: a
// PostgreSQL URL (postgres:// or postgresql://) opens adapters/postgres,
// anything else is the file of a SQLite store. Errors never show a URL's
// password. The portal's address, for the links of emails, is
// ELEADER_PUBLIC_URL.
func openService(ctx context.Context, db string, m *matrice.Matrice) (*eleader.Service, func(), error) {
	var store eleader.Store
	if postgres.IsURL(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, nil, err
		}
		store = s
	} else {
		s, err := sqlite.Open(ctx, db)
		if err != nil {
			return nil, nil, err
		}
		store = s
	}
	svc := &eleader.Service{Store: store, Matrice: m, Workbooks: xlsx.Workbooks{}, PortalURL: os.Getenv("ELEADER_PUBLIC_URL")}
	return svc, func() { store.Close() }, nil
}

// displayDB is the store db names, fit to print.
func displayDB(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}

// serviceError prints an error of the service and returns its exit code.
func serviceError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "eleader: %s\n", message(langOf(stderr), err))
	switch eleader.ErrorCode(err) {
	case eleader.EINVALID:
		return exitUsage
	case eleader.ENOTFOUND, eleader.ECONFLICT, eleader.EUNAUTHORIZED, eleader.EFORBIDDEN:
		return exitRejected // refused: not found, or not in that state
	}
	return exitFault
}

// storeFlags are the flags every store command takes.
type storeFlags struct {
	db, format string
}

func (sf *storeFlags) register(fs *flag.FlagSet) {
	l := langOf(fs.Output())
	fs.StringVar(&sf.db, "db", defaultDB, l.Sprintf("cli.flag.store"))
	fs.StringVar(&sf.format, "format", "text", l.Sprintf("cli.flag.format"))
}

// open checks the flags and opens the existing store for a read. A non-zero
// code is the exit code of a failure, already reported on stderr.
func (sf *storeFlags) open(ctx context.Context, stderr io.Writer) (svc *eleader.Service, done func(), code int) {
	if err := oneOf("format", sf.format, "text", "json"); err != nil {
		return nil, nil, usageErr(stderr, err)
	}
	if _, err := os.Stat(sf.db); err != nil && !postgres.IsURL(sf.db) {
		// A mistyped --db must not answer "not found" from a new empty store.
		return nil, nil, usageError(stderr, "cli.no_store_import", sf.db)
	}
	svc, done, err := openService(ctx, sf.db, nil)
	if err != nil {
		return nil, nil, serviceError(stderr, err)
	}
	return svc, done, exitOK
}

// openWrite checks the flags and opens the store, created when it does not
// exist yet: the commands that change it (partners, people). A non-zero
// code is the exit code of a failure, already reported on stderr.
func (sf *storeFlags) openWrite(ctx context.Context, stderr io.Writer) (svc *eleader.Service, done func(), code int) {
	if err := oneOf("format", sf.format, "text", "json"); err != nil {
		return nil, nil, usageErr(stderr, err)
	}
	svc, done, err := openService(ctx, sf.db, nil)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %s\n", shownError(err))
		return nil, nil, exitFault
	}
	return svc, done, exitOK
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// runDossier runs "eleader dossier show NUMBER" and "eleader dossier disagreements [NUMBER]".
func runDossier(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "show" && args[0] != "disagreements") {
		return usageError(stderr, "cli.help.usage", "dossier show NUMBER | eleader dossier disagreements [NUMBER] [--db FILE] [--format text|json]")
	}
	l := langOf(stderr)
	var sf storeFlags
	fs := newFlagSet("dossier "+args[0], stderr, "dossier "+args[0]+" [--db FILE] [--format text|json] NUMBER", "")
	sf.register(fs)
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return flagError(err)
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()

	if args[0] == "disagreements" {
		if len(pos) > 1 {
			return usageError(stderr, "cli.help.usage", "dossier disagreements [NUMBER]")
		}
		number := ""
		if len(pos) == 1 {
			number = pos[0]
		}
		dis, err := svc.Disagreements(ctx, number)
		if err != nil {
			return serviceError(stderr, err)
		}
		if sf.format == "json" {
			if dis == nil {
				dis = []dossier.Disagreement{}
			}
			printJSON(stdout, dis)
			return exitOK
		}
		if len(dis) == 0 {
			fmt.Fprintln(stdout, l.Sprintf("cli.dossier.none"))
		}
		for _, d := range dis {
			printDisagreement(stdout, l, "", d)
		}
		return exitOK
	}

	if len(pos) != 1 {
		return usageError(stderr, "cli.help.usage", "dossier show NUMBER")
	}
	d, err := svc.Dossier(ctx, pos[0])
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		printJSON(stdout, d)
		return exitOK
	}
	printDossier(stdout, l, d)
	return exitOK
}

func provenance(l i18n.Lang, p dossier.Provenance) string {
	return l.Sprintf("cli.dossier.provenance", p.Partner, p.File, p.Line, dateText(p.Date))
}

func dateText(d matrice.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.String()
}

func printDossier(w io.Writer, l i18n.Lang, d *eleader.DossierDetail) {
	v := d.View
	phase := d.Phase
	if phase == "" {
		phase = "-"
	}
	fmt.Fprintln(w, l.Sprintf("cli.dossier.head", d.Number, phase, d.Oper, v.Owner, v.Created.File, v.Created.Line))
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.dossier.fields"))
	printValues(w, l, "  ", v.Fields)
	if len(v.Items) > 0 {
		fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.dossier.items"))
		for _, it := range v.Items {
			fmt.Fprintf(w, "  %s %s\n", it.Group, it.Key)
			printValues(w, l, "    ", it.Values)
		}
	}
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.dossier.to_close"))
	for _, p := range d.Phases {
		state := l.Sprintf("cli.dossier.nothing_missing")
		if len(p.Missing) > 0 {
			state = l.Sprintf("cli.dossier.missing", strings.Join(p.Missing, ", "))
		}
		closed := ""
		if p.Closed {
			closed = l.Sprintf("cli.dossier.closed")
		}
		fmt.Fprintf(w, "  %s\n", l.Sprintf("cli.dossier.phase", p.Phase, closed, p.Closing, state))
	}
	if len(d.Disagreements) > 0 {
		fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.dossier.disagreements"))
		for _, dis := range d.Disagreements {
			printDisagreement(w, l, "  ", dis)
		}
	}
}

func printDisagreement(w io.Writer, l i18n.Lang, indent string, d dossier.Disagreement) {
	field := d.Field
	if d.Group != "" {
		field = fmt.Sprintf("%s %s %s", d.Group, d.Key, d.Field) // an item's field
	}
	fmt.Fprintf(w, "%s%s\n", indent, l.Sprintf("cli.dossier.kept", d.Number, field,
		d.Kept.Value, provenance(l, d.Kept.Provenance), d.Other.Value, provenance(l, d.Other.Provenance)))
}

// printValues prints a view's or an item's values, one a line in the
// default matrice's order (fields it does not know last, by name), each
// with where it comes from, in aligned columns.
func printValues(w io.Writer, l i18n.Lang, indent string, f dossier.Fields) {
	m := matrice.Default()
	values := slices.Clone(f) // by name: the order of the fields the matrice does not know
	slices.SortStableFunc(values, func(a, b dossier.NamedValue) int {
		i, okA := m.Lookup(a.Name)
		j, okB := m.Lookup(b.Name)
		switch {
		case okA && okB:
			return i - j
		case okA:
			return -1
		case okB:
			return 1
		}
		return 0
	})
	width, vwidth := 0, 0
	for _, nv := range values {
		width = max(width, len(nv.Name))
		vwidth = max(vwidth, len([]rune(nv.Value.Value)))
	}
	for _, nv := range values {
		fmt.Fprintf(w, "%s%-*s  %-*s  ← %s\n", indent, width, nv.Name, vwidth, nv.Value.Value, provenance(l, nv.Value.Provenance))
	}
}

// runSearch runs "eleader search".
func runSearch(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	var q dossier.Query
	var naissance, by string
	l := langOf(stderr)
	fs := newFlagSet("search", stderr, "search [--db FILE] [--format text|json] [--by NAME] (--nom NOM --prenom PRENOM --naissance JJ/MM/AAAA | --siret SIRET)", "cli.search.about")
	sf.register(fs)
	fs.StringVar(&by, "by", currentUser(), l.Sprintf("cli.flag.by_search"))
	fs.StringVar(&q.Nom, "nom", "", l.Sprintf("cli.flag.nom"))
	fs.StringVar(&q.Prenom, "prenom", "", l.Sprintf("cli.flag.prenom"))
	fs.StringVar(&naissance, "naissance", "", l.Sprintf("cli.flag.naissance"))
	fs.StringVar(&q.SIRET, "siret", "", l.Sprintf("cli.flag.siret"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.flags_only", "search", pos[0])
	}
	if naissance != "" {
		d, ok := matrice.ParseDate(strings.TrimSpace(naissance))
		if !ok {
			return usageError(stderr, "cli.search.naissance", naissance)
		}
		q.Naissance = d
	}
	if _, err := q.Key(); err != nil {
		return usageErr(stderr, err)
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	found, err := svc.Search(ctx, eleader.Searcher{By: by, Channel: "cli"}, q)
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		printJSON(stdout, found)
	} else {
		if len(found) == 0 {
			fmt.Fprintln(stdout, l.Sprintf("cli.search.none"))
		}
		for _, f := range found {
			next := f.NextSubversion
			if next == "" {
				next = l.Sprintf("cli.search.none_left")
			}
			fmt.Fprintln(stdout, l.Sprintf("cli.search.found", f.Main, f.Oper, next))
			for _, d := range f.Dossiers {
				phase := d.Phase
				if phase == "" {
					phase = "-"
				}
				fmt.Fprintln(stdout, l.Sprintf("cli.search.dossier", d.Number, phase, d.Partner))
			}
		}
	}
	if len(found) == 0 {
		return exitRejected
	}
	return exitOK
}

// runSearches runs "eleader searches": the search audit.
func runSearches(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	var partner string
	var limit int
	l := langOf(stderr)
	fs := newFlagSet("searches", stderr, "searches [--db FILE] [--format text|json] [--partner ID] [--limit N]", "cli.searches.about")
	sf.register(fs)
	fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_searches"))
	fs.IntVar(&limit, "limit", 100, l.Sprintf("cli.flag.limit_searches"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.flags_only", "searches", pos[0])
	}
	if limit < 1 || limit > 10000 {
		return usageError(stderr, "cli.searches.limit")
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	recs, err := svc.Searches(ctx, partner, limit)
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		if recs == nil {
			recs = []eleader.SearchRecord{}
		}
		printJSON(stdout, recs)
		return exitOK
	}
	if len(recs) == 0 {
		fmt.Fprintln(stdout, l.Sprintf("cli.searches.none"))
	}
	for _, r := range recs {
		who := r.Partner
		if who == "" {
			who = l.Sprintf("cli.searches.by_el", r.By)
		}
		fmt.Fprintln(stdout, l.Sprintf("cli.searches.line", r.Results, r.ID, r.At.Local().Format(time.DateTime), r.Channel, who, r.Kind,
			r.Hash[:min(16, len(r.Hash))]))
	}
	return exitOK
}

// runImports runs "eleader imports" (the import history) and "eleader
// imports show ID" (one import).
func runImports(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "show" {
		return runImportShow(args[1:], stdout, stderr)
	}
	var sf storeFlags
	var partner string
	l := langOf(stderr)
	fs := newFlagSet("imports", stderr, "imports [--db FILE] [--format text|json] [--partner ID]\n       imports show ID [--db FILE] [--format text|json]", "")
	sf.register(fs)
	fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_imports"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.imports.flags_only", pos[0])
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	recs, err := svc.Imports(ctx, partner)
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		if recs == nil {
			recs = []eleader.ImportRecord{}
		}
		printJSON(stdout, recs)
		return exitOK
	}
	for _, r := range recs {
		kept := l.Sprintf("cli.imports.consolidated")
		if !r.Consolidated {
			kept = l.Sprintf("cli.imports.not_consolidated", importer.Cut(l.Text(r.ReasonText()), 120))
		}
		fmt.Fprintln(stdout, l.Sprintf("cli.imports.line",
			r.ID, r.Started.Local().Format("2006-01-02 15:04:05"), r.Partner, r.File, r.Status, kept,
			r.Lines, r.Accepted, r.Rejected, r.Created, r.Updated, r.SHA256[:min(12, len(r.SHA256))]))
	}
	return exitOK
}

// runImportShow runs "eleader imports show ID".
func runImportShow(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	l := langOf(stderr)
	fs := newFlagSet("imports show", stderr, "imports show ID [--db FILE] [--format text|json]", "")
	sf.register(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 1 {
		return usageError(stderr, "cli.imports.show_usage")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return usageError(stderr, "cli.imports.not_a_number", pos[0])
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	r, err := svc.ImportRecord(ctx, id)
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		printJSON(stdout, r)
		return exitOK
	}
	fmt.Fprintln(stdout, l.Sprintf("cli.imports.head", r.ID, r.File, r.Partner))
	fmt.Fprintln(stdout, l.Sprintf("cli.imports.started", r.Started.Local().Format(time.DateTime), r.Ended.Local().Format(time.DateTime)))
	fmt.Fprintf(stdout, "  sha256    %s\n", r.SHA256)
	fmt.Fprintln(stdout, l.Sprintf("cli.imports.verdict", r.Status, r.Lines, r.Accepted, r.Rejected, r.Dossiers))
	switch {
	case r.Consolidated:
		fmt.Fprintln(stdout, l.Sprintf("cli.imports.store_consolidated", r.Created, r.Updated))
	case len(r.FileErrors) > 0:
		fmt.Fprintln(stdout, l.Sprintf("cli.imports.store_rejected"))
	default:
		fmt.Fprintln(stdout, l.Sprintf("cli.imports.store_not", l.Text(r.ReasonText())))
	}
	if r.Qualification {
		fmt.Fprintln(stdout, l.Sprintf("cli.imports.qualification"))
	}
	if len(r.FileErrors) > 0 {
		fmt.Fprintln(stdout, l.Sprintf("cli.imports.file_errors"))
		for _, e := range r.FileErrors {
			fmt.Fprintf(stdout, "    %s: %s\n", e.Code, e.Message)
		}
	}
	return exitOK
}

// parseOperators splits --operators.
func parseOperators(s string) ([]string, error) {
	var out []string
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if len(c) != 4 || strings.IndexFunc(c, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0 {
			return nil, errorf("cli.operator_code", c)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errorf("cli.no_operators")
	}
	return out, nil
}
