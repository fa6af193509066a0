package eleader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// DefaultGroupBytes is how much memory an import's grouping of lines into
// dossier requests may take before the requests held so far are applied.
const DefaultGroupBytes = 16 << 20

// Service is what E#L embeds: it imports partner files into the
// consolidated store and answers questions about dossiers. Set its fields,
// then use it from any number of goroutines.
type Service struct {
	// Store is the consolidated store. Required.
	Store Store
	// Matrice judges files. Nil means matrice.Default().
	Matrice *matrice.Matrice
	// Logger receives operational logs, never a beneficiary's data. Nil
	// discards them.
	Logger *slog.Logger
	// Now gives the time. Nil means time.Now.
	Now func() time.Time
	// GroupBytes bounds the memory of an import's grouping. Zero means
	// DefaultGroupBytes.
	GroupBytes int
	// Deposits keeps partners' deposited and historical files; runs need it.
	Deposits Deposits
	// Workbooks reads and writes the workbooks partners send and receive:
	// it converts a deposited workbook (AAAAMMDD-ID.xlsx) into the CSV it
	// stands for, and makes the XLSX twins of rejects files that partners
	// download (PartnerRejects). Nil refuses workbooks, at deposit
	// (EUNSUPPORTED) and at import (a workbook file error), and serves
	// rejects as CSV only.
	Workbooks Workbooks
	// DepositGrace is how long a run leaves alone, after its last change,
	// a file of a deposit folder it will not import (it may still be being
	// written). Zero means DefaultDepositGrace.
	DepositGrace time.Duration
	// Outbox, if set, delivers the reports at the end of each run, and the
	// portal's emails (sign-in links, invitations, tokens ready).
	Outbox *Outbox
	// PortalURL is the address people reach the portal at
	// (https://eleader.example), for the links of the portal's emails.
	// Empty means no such email is sent: RequestSignIn fails.
	PortalURL string
	// Metrics, if set, is told of imports, runs and searches (and, through
	// MetricsOf, of what the adapters do). Nil counts nothing.
	Metrics Metrics
	// Hook, if set, is called at each phase of a run ("keep", "kept",
	// "finish", "committed"): the crash tests kill the process there.
	Hook func(phase string)
	// SearchRate is how many searches a partner may make in SearchWindow
	// (an hour). Zero means DefaultSearchRate (60); negative, no limit.
	SearchRate int
	// CheckRate is how many dry runs (Check) a partner may make in
	// CheckWindow (an hour). Zero means DefaultCheckRate (30); negative,
	// no limit.
	CheckRate int

	layoutOnce sync.Once
	layout     *dossier.Layout
	search     searchState
}

func (s *Service) matrice() *matrice.Matrice {
	if s.Matrice == nil {
		return matrice.Default()
	}
	return s.Matrice
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

func (s *Service) dossierLayout() *dossier.Layout {
	s.layoutOnce.Do(func() { s.layout = dossier.NewLayout(s.matrice()) })
	return s.layout
}

// Import is one file to import.
type Import struct {
	// Partner is the sending partner's identifier; the file name must carry it.
	Partner string
	// Operators are the partner's operator codes: new main numbers must use one.
	Operators []string
	// Correspondences maps the partner's values. Nil means none.
	Correspondences *matrice.Correspondences
	// Mode is importer.ModePartial (the default) or importer.ModeComplete.
	Mode importer.Mode
	// Date, when set, replaces the file's date for the checks.
	Date matrice.Date
	// Name is the file's name, AAAAMMDD-IDENTIFIANT.csv, or .xlsx for a
	// workbook, which Service.Workbooks converts (its lines are then its
	// rows).
	Name string
	// Body is the file's content. A workbook is read from Body itself when
	// it is a file (an io.ReaderAt with Stat, such as *os.File), else copied
	// to a temporary file first.
	Body io.Reader
	// Each, if set, sees every line and its errors as it is judged.
	Each func(*importer.Line) error
	// History marks E#L's own import of history: it may create HIST
	// dossiers, which partners' files never can.
	History bool
	// Qualification judges the file fully, store checks included, and
	// consolidates nothing; a clean file (at least one line, no file error,
	// no rejected line) marks the partner's qualification as passed.
	Qualification bool
	// Finish, if set, writes more in the import's final transaction — the
	// one that commits the consolidation, or records a file not consolidated
	// — once res.Record has its ID: a run records the file in its ledger and
	// writes its report there, so that both happen exactly once.
	Finish func(ctx context.Context, tx ImportTx, res *ImportResult) error

	// finishIfWritten: a file already consolidated that changes nothing
	// writes nothing, Finish included (ImportReported); without it, Finish
	// makes every import write (a run's ledger needs the file).
	finishIfWritten bool
	// dryRun: the import is judged and consolidated in its transaction,
	// then everything is rolled back; nothing is recorded, Finish is not
	// called (Check).
	dryRun bool
}

// ImportResult is the outcome of an import.
type ImportResult struct {
	// Report is the file's verdict, with the store's checks.
	Report *importer.Report
	// Record is the history entry (ID 0 when Unchanged).
	Record ImportRecord
	// Items counts the items added or changed; Disagreements the
	// disagreements between partners met.
	Items, Disagreements int
	// Unchanged reports that this very file had already been consolidated
	// and nothing changed: the store was not written, not even its history.
	Unchanged bool
	// Qualified reports that this qualification import passed.
	Qualified bool
	// ReportID is the report written with the import (a run's, or
	// ImportReported's), 0 when none.
	ReportID int64
	// DryRun reports a dry run (Check): Record, Items, Unchanged and
	// Qualified say what the import would do; nothing was kept.
	DryRun bool
}

// Import validates a partner's file, checks its numbers against the store
// and consolidates its accepted lines in one transaction (spec §4–5). A file
// rejected whole (a file error, or a rejected line in complete mode)
// consolidates nothing; its import is still recorded. The error is for
// faults (reading, the store), not for verdicts. Metrics, if set, counts
// it.
func (s *Service) Import(ctx context.Context, in Import) (*ImportResult, error) {
	started := time.Now()
	res, err := s.importOne(ctx, in)
	o := ImportOutcome{Duration: time.Since(started), Err: err}
	if err == nil && res.Report != nil {
		rep := res.Report
		o.Status, o.Lines, o.Accepted, o.Rejected = rep.Status, rep.Lines, rep.Accepted, rep.Rejected
		o.Consolidated = res.Record.Consolidated && !res.Unchanged
	}
	s.MetricsOf().Import(o)
	return res, err
}

// importOne is Import, uncounted.
func (s *Service) importOne(ctx context.Context, in Import) (*ImportResult, error) {
	started := s.now()
	if !importer.ValidPartner(in.Partner) {
		return nil, Errorf(EINVALID, "partner identifier %q is not valid: 2 to 63 characters, lower-case letters, digits, _ and -", importer.CutName(in.Partner))
	}
	m := s.matrice()
	v := importer.NewValidator(m)
	v.Correspondences, v.Mode, v.Date, v.Partner = in.Correspondences, in.Mode, in.Date, in.Partner
	v.Now = s.Now

	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", importer.CutName(in.Name), err)
	}
	defer tx.Rollback()

	hash := sha256.New()
	file, err := s.source(ctx, in.Name, in.Body, hash)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", importer.CutName(in.Name), err)
	}
	defer file.close()
	v.RowNumbers = file.rows
	fn, _ := importer.ParseFileName(in.Name)
	src := dossier.Source{Partner: in.Partner, File: baseName(in.Name), FileDate: fn.Date}
	layout := s.dossierLayout()
	empty, err := tx.Empty(ctx)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", importer.CutName(in.Name), err)
	}
	w := startWriter(ctx, tx)
	defer w.stop()
	reg := newOverlay(tx, w, empty)
	numbers := dossier.NewNumberChecker(ctx, layout, reg, src, in.Operators)
	numbers.History = in.History
	numbers.Prefetch = true // the overlay's Owners may run beside its other calls
	defer numbers.Close()   // on an error's way out: before the transaction ends
	group := dossier.NewGrouper(layout, src)
	budget := s.GroupBytes
	if budget <= 0 {
		budget = DefaultGroupBytes
	}

	res := &ImportResult{}
	f := v.Open(in.Name, file.r, numbers)
	defer f.Close()
	cons := startConsolidation(ctx, s, reg, group, budget, res)
	defer cons.stop() // before the writer stops
	fields := m.Len()
	for f.Next() {
		l := f.Line()
		if in.Each != nil {
			if err := in.Each(l); err != nil {
				return nil, err
			}
		}
		if !l.Accepted() {
			continue
		}
		if err := cons.line(l, fields); err != nil {
			return nil, err
		}
	}
	// Every line is checked, but lookups of numbers no line waited for (a
	// file ending with lines refused before their number's owner is asked)
	// may still run on the transaction: they end here, before anything
	// below records, commits or rolls it back.
	numbers.Close()
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", importer.CutName(in.Name), err)
	}
	updated, err := cons.finish()
	if err != nil {
		return nil, err
	}
	if err := w.wait(); err != nil { // every view written: the transaction is the caller's again
		return nil, err
	}
	if _, err := io.Copy(io.Discard, file.rest); err != nil { // the hash covers the whole file
		return nil, fmt.Errorf("import %s: %w", importer.CutName(in.Name), err)
	}

	rep := f.Report()
	res.Report = rep
	rec := ImportRecord{
		Partner: in.Partner, File: src.File, SHA256: hex.EncodeToString(hash.Sum(nil)),
		Status: rep.Status, Lines: rep.Lines, Accepted: rep.Accepted, Rejected: rep.Rejected, Dossiers: rep.Dossiers,
		Created: numbers.Created(), Updated: updated, Started: started,
		FileErrors: recordFileErrors(rep.FileErrors), Qualification: in.Qualification,
	}
	log := s.logger().With("partner", in.Partner, "file", rec.File, "sha256", rec.SHA256)

	if len(rep.FileErrors) > 0 || in.Qualification {
		// Rejected whole, or qualification: nothing is consolidated, the
		// import is recorded.
		if err := tx.Rollback(); err != nil {
			return nil, err
		}
		rec.Created, rec.Updated, res.Items, res.Disagreements = 0, 0, 0, 0
		rec.Ended = s.now()
		res.Qualified = in.Qualification && len(rep.FileErrors) == 0 && rep.Rejected == 0 && rep.Lines > 0
		if in.dryRun {
			res.Record, res.DryRun = rec, true
			return res, nil
		}
		finish := in.Finish
		if res.Qualified {
			// The qualification is marked in the same transaction as the
			// import's record (and a run's report): never one without the other.
			finish = func(ctx context.Context, tx ImportTx, res *ImportResult) error {
				if err := tx.MarkQualified(ctx, in.Partner, s.now(), "qualification passed: "+rec.File); err != nil {
					return err
				}
				if in.Finish != nil {
					return in.Finish(ctx, tx, res)
				}
				return nil
			}
		}
		if err := s.record(ctx, &rec, res, finish); err != nil {
			return nil, err
		}
		log.Info("import not consolidated", "qualification", in.Qualification, "qualified", res.Qualified,
			"status", rec.Status, "lines", rec.Lines, "rejected", rec.Rejected)
		return res, nil
	}

	if rec.Created+rec.Updated+res.Items == 0 && (in.Finish == nil || in.finishIfWritten || in.dryRun) {
		prev, found, err := tx.FindImport(ctx, rec.Partner, rec.File, rec.SHA256)
		if err != nil {
			return nil, err
		}
		if found {
			res.Unchanged, res.Record, res.DryRun = true, prev, in.dryRun
			if !in.dryRun {
				log.Info("import unchanged: this file was already consolidated", "previous", prev.ID)
			}
			return res, nil
		}
	}
	rec.Consolidated = true
	rec.Ended = s.now()
	if in.dryRun {
		// Judged and consolidated in the transaction, which the deferred
		// Rollback discards: the store stays as it was.
		res.Record, res.DryRun = rec, true
		return res, nil
	}
	if err := tx.RecordImport(ctx, &rec); err != nil {
		return nil, err
	}
	res.Record = rec
	if in.Finish != nil {
		if err := in.Finish(ctx, tx, res); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import %s: commit: %w", importer.CutName(in.Name), err)
	}
	log.Info("import consolidated", "status", rec.Status, "lines", rec.Lines, "accepted", rec.Accepted,
		"rejected", rec.Rejected, "created", rec.Created, "updated", rec.Updated)
	return res, nil
}

// ImportFile imports a file of a partner that has a connection sheet: in
// gives the partner, the file (Name, Body), Each and Date; the sheet gives
// the operator codes, correspondence tables, mode and environment
// (qualification judges without consolidating). Only an ACTIVEE partner's
// files are imported: otherwise an *Error ECONFLICT.
func (s *Service) ImportFile(ctx context.Context, in Import) (*ImportResult, error) {
	p, err := s.Store.Partner(ctx, in.Partner)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusActive {
		return nil, Errorf(ECONFLICT, "the connection sheet of %s is %s: only an ACTIVEE partner's files are imported", in.Partner, p.Status)
	}
	full, err := s.partnerImport(p, in.Name, in.Body, in.Each)
	if err != nil {
		return nil, err
	}
	full.Date, full.Finish, full.finishIfWritten = in.Date, in.Finish, in.finishIfWritten
	return s.Import(ctx, full)
}

// ImportReported imports a file of a partner that has a connection sheet,
// as ImportFile does, and writes its report in the import's own
// transaction, as a run does: the Outbox delivers it (summary, rejects file
// and its XLSX twin) to the sheet's report recipients. A file already
// consolidated that changes nothing gets no report, and nothing is written:
// the store stays byte for byte the same. The result's ReportID is the
// report's. Errors as ImportFile's.
func (s *Service) ImportReported(ctx context.Context, in Import) (*ImportResult, error) {
	p, err := s.Store.Partner(ctx, in.Partner)
	if err != nil {
		return nil, err
	}
	rb := &reportBuilder{}
	defer rb.close()
	each := in.Each
	in.Each = func(l *importer.Line) error {
		if each != nil {
			if err := each(l); err != nil {
				return err
			}
		}
		return rb.line(l)
	}
	in.Finish = func(ctx context.Context, tx ImportTx, res *ImportResult) error {
		return s.writeReport(ctx, tx, p, rb, res, 0)
	}
	in.finishIfWritten = true
	return s.ImportFile(ctx, in)
}

// matriceCorrespondences checks a partner's correspondence tables against
// the service's matrice.
func matriceCorrespondences(s *Service, p *Partner) (*matrice.Correspondences, error) {
	c, err := matrice.NewCorrespondences(s.matrice(), p.Sheet.Correspondences)
	if err != nil {
		return nil, Errorf(EINVALID, "the correspondence tables of %s no longer fit the matrice: %v", p.ID(), err)
	}
	return c, nil
}

// apply merges requests into their dossiers' views: a dossier created by
// the file is written once, with its first request applied. A stored view
// whose Applied is the request (a file imported again) is neither read nor
// written: applying the request again would change nothing
// (dossier.Applied); the disagreements it would meet again are counted.
// The views it creates or changes go to the import's writer, which writes
// them while the import goes on.
func (s *Service) apply(ctx context.Context, reg *overlay, reqs []*dossier.Request, updated *int, res *ImportResult) error {
	tx, w := reg.tx, reg.w
	h := startHasher(reqs)
	defer h.stop()
	for i, r := range reqs {
		h.ready(i)
		number := r.Number.String()
		nums := numbersOf(r.Number, number)
		view := reg.take(nums)
		created := view != nil
		if !created {
			if a, ok := reg.applied(number); ok && !a.IsZero() && a.Request == r.Hash() {
				res.Disagreements += a.Disagreements
				reg.setApplied(number, a)
				continue
			}
			if _, flying := w.inFlight(number); flying {
				// an earlier request's view, not written yet
				if err := w.drain(); err != nil {
					return err
				}
			}
			err := w.serial(func() (err error) {
				view, err = tx.View(ctx, number)
				return err
			})
			if err != nil {
				return fmt.Errorf("consolidate %s: %w", number, err)
			}
		}
		stored := view.Applied
		ch, dis := view.Apply(r)
		view.Applied = dossier.AppliedOf(r, dis)
		switch {
		case created:
			if err := w.create(view, nums); err != nil {
				return err
			}
			stored = view.Applied
		case ch.Changed():
			if err := w.save(view, nums); err != nil {
				return err
			}
			*updated++
			stored = view.Applied
		}
		reg.setApplied(number, stored)
		res.Items += ch.Items
		if len(dis) > 0 {
			if err := w.serial(func() error { return tx.AddDisagreements(ctx, dis) }); err != nil {
				return fmt.Errorf("consolidate %s: %w", number, err)
			}
			res.Disagreements += len(dis)
		}
	}
	return nil
}

// overlay is the number registry of one import: the transaction, plus the
// dossiers the file created whose lines are still being grouped. They are
// written to the transaction once, whole, when their request is applied.
type overlay struct {
	// mu guards pending, versions, mains and stored: the number checks use
	// them on the import's goroutine, apply on the consolidation's.
	mu       sync.Mutex
	tx       ImportTx
	w        *writer // writes the views applied; every use of tx goes through it
	pending  map[string]*dossier.View
	versions map[string]int  // main → highest sub-version pending (unless subs tells)
	mains    map[string]bool // main dossiers pending (unless subs tells)
	// stored holds what Owners learnt of stored dossiers, until their
	// request is applied; after, what apply left in the store, for the
	// dossiers that get another request (bounded: it only saves reads).
	stored map[string]StoredDossier
	after  map[string]dossier.Applied
	// fresh: the store held no dossier when the import began, so a number
	// exists only if the import created it, which created may tell (nil
	// otherwise).
	fresh   bool
	created *numberFilter
	// subs knows, for an import into an empty store, every main dossier
	// the import created dossiers of: its highest sub-version and whether
	// it created the main dossier itself; nil once it grew past maxSubs.
	subs map[string]subVersions
}

// subVersions is what an import created of a main dossier.
type subVersions struct {
	highest int
	main    bool
}

// maxSubs bounds overlay.subs.
const maxSubs = 1 << 17

// maxAfter bounds overlay.after.
const maxAfter = 1 << 16

// applied returns the Applied the transaction holds for a stored dossier,
// when known without reading its view.
func (o *overlay) applied(number string) (dossier.Applied, bool) {
	o.mu.Lock()
	d, ok := o.stored[number]
	if ok {
		delete(o.stored, number) // its request is being applied: after takes over
	}
	o.mu.Unlock()
	if ok {
		return d.Applied, true
	}
	a, ok := o.after[number]
	return a, ok
}

// setApplied records the Applied a dossier's view has in the transaction
// once a request was applied to it.
func (o *overlay) setApplied(number string, a dossier.Applied) {
	if len(o.after) >= maxAfter {
		clear(o.after)
	}
	o.after[number] = a
}

var _ dossier.BulkRegistry = (*overlay)(nil)

func newOverlay(tx ImportTx, w *writer, fresh bool) *overlay {
	o := &overlay{tx: tx, w: w, pending: map[string]*dossier.View{}, versions: map[string]int{}, mains: map[string]bool{},
		stored: map[string]StoredDossier{}, after: map[string]dossier.Applied{}, fresh: fresh}
	if fresh {
		o.created, o.subs = newNumberFilter(), map[string]subVersions{}
	}
	return o
}

// unknown reports that the store cannot hold number: it held no dossier
// when the import began, and the import did not create this one.
func (o *overlay) unknown(number string) bool { return o.fresh && !o.created.has(number) }

// Owner returns the owner of a dossier, pending or stored.
func (o *overlay) Owner(ctx context.Context, number string) (string, bool, error) {
	o.mu.Lock()
	v, ok := o.pending[number]
	o.mu.Unlock()
	if ok {
		return v.Owner, true, nil
	}
	if d, ok := o.w.inFlight(number); ok {
		return d.Owner, true, nil
	}
	if o.unknown(number) {
		return "", false, nil
	}
	var owner string
	var found bool
	err := o.w.serial(func() (err error) {
		owner, found, err = o.tx.Owner(ctx, number)
		return err
	})
	return owner, found, err
}

// Owners returns the owners of the dossiers of numbers, pending or stored,
// and keeps what the store tells of the stored ones for apply. It runs on
// the number checker's prefetch goroutine (NumberChecker.Prefetch), beside
// the checks' Owner, Versions and Create and apply's reads: o.mu guards the
// overlay, w.serial the transaction.
func (o *overlay) Owners(ctx context.Context, numbers []string) (map[string]string, error) {
	owners := make(map[string]string, len(numbers))
	ask := make([]string, 0, len(numbers))
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, n := range numbers {
		if v, ok := o.pending[n]; ok {
			owners[n] = v.Owner
		} else if d, ok := o.w.inFlight(n); ok {
			owners[n] = d.Owner
			o.stored[n] = d
		} else if !o.unknown(n) {
			ask = append(ask, n)
		}
	}
	if len(ask) == 0 {
		return owners, nil
	}
	// A number not in flight now is written, or never was: the store
	// tells.
	var stored map[string]StoredDossier
	o.mu.Unlock() // not held while the store answers
	err := o.w.serial(func() (err error) {
		stored, err = o.tx.Dossiers(ctx, ask)
		return err
	})
	o.mu.Lock()
	if err != nil {
		return nil, err
	}
	for n, d := range stored {
		owners[n] = d.Owner
		o.stored[n] = d
	}
	return owners, nil
}

// Versions combines the stored sub-versions with the pending ones.
func (o *overlay) Versions(ctx context.Context, main string) (int, bool, error) {
	o.mu.Lock()
	pendingHighest, pendingMain := o.versions[main], o.mains[main]
	o.mu.Unlock()
	if o.fresh && !o.created.hasMain(main) {
		return pendingHighest, pendingMain, nil // nothing of main in the store
	}
	if o.fresh && o.subs != nil {
		s := o.subs[main] // the store holds nothing the import did not create
		return s.highest, s.main, nil
	}
	if o.w.mainInFlight(main) {
		if err := o.w.drain(); err != nil { // its dossiers in flight, written
			return 0, false, err
		}
	}
	var highest int
	var exists bool
	err := o.w.serial(func() (err error) {
		highest, exists, err = o.tx.Versions(ctx, main)
		return err
	})
	if err != nil {
		return 0, false, err
	}
	// what was pending then is in the store, in flight or pending still:
	// the store and that snapshot tell everything
	return max(highest, pendingHighest), exists || pendingMain, nil
}

// Create holds a new dossier until its request is applied.
func (o *overlay) Create(ctx context.Context, v *dossier.View) error {
	nums := numbersOf(v.Number, v.Number.String())
	number, main := nums.number, nums.main
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, dup := o.pending[number]; dup {
		return fmt.Errorf("dossier %s created twice", number)
	}
	o.pending[number] = v
	if o.created != nil {
		o.created.add(number)
		o.created.addMain(main)
		if o.subs != nil && len(o.subs) >= maxSubs {
			// From now on, the store tells, with what is pending.
			o.subs = nil
			for _, p := range o.pending {
				o.addPending(p.Number, p.Number.Main().String())
			}
			return nil
		}
		if o.subs != nil {
			// subs tells Versions all that versions and mains would.
			s := o.subs[main]
			if v.Number.IsSub() {
				s.highest = max(s.highest, v.Number.Version)
			} else {
				s.main = true
			}
			o.subs[main] = s
			return nil
		}
	}
	o.addPending(v.Number, main)
	return nil
}

// addPending records in versions and mains a pending dossier.
func (o *overlay) addPending(n dossier.Number, main string) {
	if n.IsSub() {
		o.versions[main] = max(o.versions[main], n.Version)
	} else {
		o.mains[main] = true
	}
}

// take returns a pending dossier and forgets it: the caller writes it.
func (o *overlay) take(nums numbers) *dossier.View {
	o.mu.Lock()
	defer o.mu.Unlock()
	v, ok := o.pending[nums.number]
	if !ok {
		return nil
	}
	delete(o.pending, nums.number)
	main := nums.main
	if v.Number.IsSub() && o.versions[main] == v.Number.Version {
		delete(o.versions, main)
	} else if !v.Number.IsSub() {
		delete(o.mains, main)
	}
	return v
}

// record appends a history entry in a transaction of its own, with what
// finish adds.
func (s *Service) record(ctx context.Context, rec *ImportRecord, res *ImportResult, finish func(context.Context, ImportTx, *ImportResult) error) error {
	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.RecordImport(ctx, rec); err != nil {
		return err
	}
	res.Record = *rec
	if finish != nil {
		if err := finish(ctx, tx, res); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// DossierDetail is a consolidated dossier as E#L reads it: its values with
// their provenance, its items, what each phase still misses, and the
// disagreements between partners.
type DossierDetail struct {
	Number        string                 `json:"number"`
	Main          string                 `json:"main"`
	Version       int                    `json:"version"`
	Oper          string                 `json:"oper"`
	Phase         string                 `json:"phase"`
	View          *dossier.View          `json:"view"`
	Phases        []dossier.PhaseStatus  `json:"phases"`
	Disagreements []dossier.Disagreement `json:"disagreements"`
}

// Dossier returns the consolidated view of a dossier; an *Error ENOTFOUND
// when there is none, EINVALID for a malformed number.
func (s *Service) Dossier(ctx context.Context, number string) (*DossierDetail, error) {
	n, err := dossier.ParseNumber(number)
	if err != nil {
		return nil, Errorf(EINVALID, "%v", err)
	}
	v, err := s.Store.View(ctx, n.String())
	if err != nil {
		return nil, err
	}
	dis, err := s.Store.Disagreements(ctx, n.String())
	if err != nil {
		return nil, err
	}
	if dis == nil {
		dis = []dossier.Disagreement{}
	}
	return &DossierDetail{
		Number: n.String(), Main: n.Main().String(), Version: n.Version, Oper: n.Oper, Phase: v.Phase(),
		View: v, Phases: v.Status(s.matrice()), Disagreements: dis,
	}, nil
}

// Disagreements lists the recorded disagreements between partners, of one
// dossier or of all when number is "".
func (s *Service) Disagreements(ctx context.Context, number string) ([]dossier.Disagreement, error) {
	return s.Store.Disagreements(ctx, number)
}

// Imports lists the import history, most recent first, of one partner or of
// all when partner is "". A person acting needs a right on the partner, or
// to be an operator for all.
func (s *Service) Imports(ctx context.Context, partner string) ([]ImportRecord, error) {
	need := mayOperate(ctx)
	if partner != "" {
		need = mayPartner(ctx, partner, RightConsultation)
	}
	if need != nil {
		return nil, need
	}
	return s.Store.Imports(ctx, partner)
}

// ImportRecord returns one entry of the import history, with the reason a
// file was not consolidated; an *Error ENOTFOUND when there is none.
func (s *Service) ImportRecord(ctx context.Context, id int64) (ImportRecord, error) {
	return s.Store.Import(ctx, id)
}

func baseName(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' || name[i] == '\\' {
			return name[i+1:]
		}
	}
	return name
}
