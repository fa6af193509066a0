package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// defaultDB is the embedded store's default file.
const defaultDB = "eleader-data/eleader.db"

// dbUsage describes --db.
const dbUsage = "the store: a SQLite `file` (created if missing), or a PostgreSQL URL postgres://USER@HOST:PORT/DATABASE (the password in PGPASSWORD, or in the URL)"

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
	svc := &eleader.Service{Store: store, Matrice: m, PortalURL: os.Getenv("ELEADER_PUBLIC_URL")}
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
	fmt.Fprintf(stderr, "eleader: %v\n", err)
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
	fs.StringVar(&sf.db, "db", defaultDB, dbUsage)
	fs.StringVar(&sf.format, "format", "text", "output `format`: text or json")
}

// open checks the flags and opens the existing store for a read. A non-zero
// code is the exit code of a failure, already reported on stderr.
func (sf *storeFlags) open(ctx context.Context, stderr io.Writer) (svc *eleader.Service, done func(), code int) {
	if err := oneOf("format", sf.format, "text", "json"); err != nil {
		return nil, nil, usageError(stderr, "%v", err)
	}
	if _, err := os.Stat(sf.db); err != nil && !postgres.IsURL(sf.db) {
		// A mistyped --db must not answer "not found" from a new empty store.
		return nil, nil, usageError(stderr, "no store at %s (import a file first, or give --db)", sf.db)
	}
	svc, done, err := openService(ctx, sf.db, nil)
	if err != nil {
		return nil, nil, serviceError(stderr, err)
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
		return usageError(stderr, "usage: eleader dossier show NUMBER | eleader dossier disagreements [NUMBER] (with --db FILE --format text|json)")
	}
	var sf storeFlags
	fs := newFlagSet("dossier "+args[0], stderr, "dossier "+args[0]+" [--db FILE] [--format text|json] NUMBER")
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
			return usageError(stderr, "usage: eleader dossier disagreements [NUMBER]")
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
			fmt.Fprintln(stdout, "no disagreement between partners")
		}
		for _, d := range dis {
			printDisagreement(stdout, "", d)
		}
		return exitOK
	}

	if len(pos) != 1 {
		return usageError(stderr, "usage: eleader dossier show NUMBER")
	}
	d, err := svc.Dossier(ctx, pos[0])
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		printJSON(stdout, d)
		return exitOK
	}
	printDossier(stdout, d)
	return exitOK
}

func provenance(p dossier.Provenance) string {
	return fmt.Sprintf("%s, %s line %d, DateMaj %s", p.Partner, p.File, p.Line, dateText(p.Date))
}

func dateText(d matrice.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.String()
}

func printDossier(w io.Writer, d *eleader.DossierDetail) {
	v := d.View
	phase := d.Phase
	if phase == "" {
		phase = "-"
	}
	fmt.Fprintf(w, "%s — phase %s, operator %s, created by %s (%s line %d)\n", d.Number, phase, d.Oper, v.Owner, v.Created.File, v.Created.Line)
	fmt.Fprintln(w, "\nfields:")
	names := fieldOrder(v.Fields)
	width, vwidth := 0, 0
	for _, name := range names {
		width = max(width, len(name))
		vwidth = max(vwidth, len([]rune(v.Fields[name].Value)))
	}
	for _, name := range names {
		f := v.Fields[name]
		fmt.Fprintf(w, "  %-*s  %-*s  ← %s\n", width, name, vwidth, f.Value, provenance(f.Provenance))
	}
	if len(v.Items) > 0 {
		fmt.Fprintln(w, "\nitems:")
		for _, it := range v.Items {
			var parts []string
			for _, k := range sortedKeys(it.Values) {
				parts = append(parts, k+"="+it.Values[k])
			}
			fmt.Fprintf(w, "  %-11s %s\n    %s\n    ← %s\n", it.Group, it.Key, strings.Join(parts, " "), provenance(it.Provenance))
		}
	}
	fmt.Fprintln(w, "\nto close each phase:")
	for _, p := range d.Phases {
		state := "nothing missing"
		if len(p.Missing) > 0 {
			state = "missing " + strings.Join(p.Missing, ", ")
		}
		closed := ""
		if p.Closed {
			closed = " (closed)"
		}
		fmt.Fprintf(w, "  phase %d%s, %s: %s\n", p.Phase, closed, p.Closing, state)
	}
	if len(d.Disagreements) > 0 {
		fmt.Fprintln(w, "\ndisagreements between partners:")
		for _, dis := range d.Disagreements {
			printDisagreement(w, "  ", dis)
		}
	}
}

func printDisagreement(w io.Writer, indent string, d dossier.Disagreement) {
	fmt.Fprintf(w, "%s%s %s: kept '%s' (%s) over '%s' (%s)\n", indent, d.Number, d.Field,
		d.Kept.Value, provenance(d.Kept.Provenance), d.Other.Value, provenance(d.Other.Provenance))
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// fieldOrder lists a view's fields in the default matrice's order, fields it
// does not know last.
func fieldOrder(fields map[string]dossier.Value) []string {
	m := matrice.Default()
	names := sortedKeys(fields)
	slices.SortStableFunc(names, func(a, b string) int {
		i, okA := m.Lookup(a)
		j, okB := m.Lookup(b)
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
	return names
}

// runSearch runs "eleader search".
func runSearch(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	var q dossier.Query
	var naissance string
	fs := newFlagSet("search", stderr, "search [--db FILE] [--format text|json] (--nom NOM --prenom PRENOM --naissance JJ/MM/AAAA | --siret SIRET)")
	sf.register(fs)
	fs.StringVar(&q.Nom, "nom", "", "the beneficiary's surname (usage or birth name)")
	fs.StringVar(&q.Prenom, "prenom", "", "the beneficiary's first name")
	fs.StringVar(&naissance, "naissance", "", "the beneficiary's birth date, `JJ/MM/AAAA`")
	fs.StringVar(&q.SIRET, "siret", "", "the SIRET of the company created")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "search takes flags only, not %q", pos[0])
	}
	if naissance != "" {
		d, ok := matrice.ParseDate(strings.TrimSpace(naissance))
		if !ok {
			return usageError(stderr, "--naissance %q is not a date JJ/MM/AAAA", naissance)
		}
		q.Naissance = d
	}
	if _, err := q.Key(); err != nil {
		return usageError(stderr, "%v", err)
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	found, err := svc.Search(ctx, q)
	if err != nil {
		return serviceError(stderr, err)
	}
	if sf.format == "json" {
		printJSON(stdout, found)
	} else {
		if len(found) == 0 {
			fmt.Fprintln(stdout, "no dossier found")
		}
		for _, f := range found {
			next := f.NextSubversion
			if next == "" {
				next = "none left"
			}
			fmt.Fprintf(stdout, "%s (operator %s): next free sub-version %s\n", f.Main, f.Oper, next)
			for _, d := range f.Dossiers {
				phase := d.Phase
				if phase == "" {
					phase = "-"
				}
				fmt.Fprintf(stdout, "  %-40s phase %s  created by %s\n", d.Number, phase, d.Partner)
			}
		}
	}
	if len(found) == 0 {
		return exitRejected
	}
	return exitOK
}

// runImports runs "eleader imports": the import history.
func runImports(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	var partner string
	fs := newFlagSet("imports", stderr, "imports [--db FILE] [--format text|json] [--partner ID]")
	sf.register(fs)
	fs.StringVar(&partner, "partner", "", "only this partner's imports")
	if _, err := parseFlags(fs, args); err != nil {
		return flagError(err)
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
		kept := "consolidated"
		if !r.Consolidated {
			kept = "not consolidated"
		}
		fmt.Fprintf(stdout, "#%d %s %s %s: %s, %s, %d lines (%d accepted, %d rejected), %d created, %d updated, sha256 %s\n",
			r.ID, r.Started.Local().Format("2006-01-02 15:04:05"), r.Partner, r.File, r.Status, kept,
			r.Lines, r.Accepted, r.Rejected, r.Created, r.Updated, r.SHA256[:12])
	}
	return exitOK
}

var errNoOperators = errors.New("--operators is needed: the partner's operator codes, e.g. --operators ADIE,ADI2")

// parseOperators splits --operators.
func parseOperators(s string) ([]string, error) {
	var out []string
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if len(c) != 4 || strings.IndexFunc(c, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0 {
			return nil, fmt.Errorf("operator code %q: want four characters A-Z or 0-9", c)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errNoOperators
	}
	return out, nil
}
