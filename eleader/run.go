package eleader

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Deposit is a partner's file, deposited or kept in history.
type Deposit struct {
	Partner string    `json:"partner"`
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256,omitempty"`
	At      time.Time `json:"at"`
}

// Deposits keeps partners' files: deposits waiting for the next run, and the
// history of every file kept. adapters/dropdir implements it on disk.
type Deposits interface {
	// Deposit writes a file into a partner's deposits, atomically, reading at
	// most limit bytes (0: no limit; beyond: ETOOLARGE). A name already
	// deposited or kept is ECONFLICT.
	Deposit(ctx context.Context, partner, name string, body io.Reader, limit int64) (Deposit, error)
	// Deposits lists a partner's deposits, oldest first.
	Deposits(ctx context.Context, partner string) ([]Deposit, error)
	// Keep copies a deposit into history and checks the copy's SHA-256,
	// which it returns; keeping it again with the same content does nothing.
	Keep(ctx context.Context, partner, name string) (Deposit, error)
	// Open opens a file kept in history.
	Open(ctx context.Context, partner, name string) (io.ReadCloser, error)
	// Sum describes one deposit, with the SHA-256 of its content; a name
	// not in the deposits is ENOTFOUND.
	Sum(ctx context.Context, partner, name string) (Deposit, error)
	// Remove deletes a deposit; a deposit already gone is fine.
	Remove(ctx context.Context, partner, name string) error
	// Supersede moves a deposit into history, marked superseded; a deposit
	// already moved is fine. A kept copy of it (a run crashed between Keep
	// and the import's commit) is removed: it was never imported.
	Supersede(ctx context.Context, partner, name string) error
	// Purge deletes history files older than cutoff, returning them.
	Purge(ctx context.Context, cutoff time.Time) ([]string, error)
}

// The states of a file in the runs' ledger.
const (
	FileImported   = "imported"   // kept in history and imported (consolidated or not), reported
	FileSuperseded = "superseded" // moved to history unimported: a more recent file came
)

// RunFile is a file a run handled: the ledger that makes runs exactly-once.
type RunFile struct {
	Partner  string    `json:"partner"`
	Name     string    `json:"name"`
	SHA256   string    `json:"sha256,omitempty"`
	State    string    `json:"state"`
	RunID    int64     `json:"run"`
	ImportID int64     `json:"import,omitempty"`
	At       time.Time `json:"at"`
}

// RunRecord is one run: when, why, what it did.
type RunRecord struct {
	ID      int64     `json:"id"`
	Trigger string    `json:"trigger"` // schedule, startup, manual
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	// Outcome is "ok", or what went wrong.
	Outcome    string `json:"outcome"`
	Partners   int    `json:"partners"` // active partners looked at
	Imported   int    `json:"imported"` // files imported
	Superseded int    `json:"superseded"`
	Busy       int    `json:"busy"` // partners skipped: another process held their lock
	Failed     int    `json:"failed"`
	Lines      int    `json:"lines"`
	Accepted   int    `json:"accepted"`
	Rejected   int    `json:"rejected"`
}

// Report is what a partner is told about one import: a summary per check
// and its rejected lines. It is written in the import's own transaction, so
// each imported file has exactly one; the outbox delivers it.
type Report struct {
	ID            int64                `json:"id"`
	Partner       string               `json:"partner"`
	File          string               `json:"file"`
	ImportID      int64                `json:"import"`
	RunID         int64                `json:"run"`
	Recipients    []string             `json:"recipients"`
	Status        importer.Status      `json:"status"`
	Mode          importer.Mode        `json:"mode"`
	Qualification bool                 `json:"qualification"`
	Qualified     bool                 `json:"qualified"`
	Consolidated  bool                 `json:"consolidated"`
	Lines         int                  `json:"lines"`
	Accepted      int                  `json:"accepted"`
	Rejected      int                  `json:"rejected"`
	Dossiers      int                  `json:"dossiers"`
	FileErrors    []importer.FileError `json:"fileErrors"`
	Checks        []ReportCheck        `json:"checks"`
	// Superseded are the older deposits this run moved to history unimported.
	Superseded []string `json:"superseded"`
	// Rejects is the rejects file (original cells + Erreurs), nil when no
	// line was rejected or once purged.
	Rejects []byte `json:"-"`
	// RejectLines are the physical lines, in the partner's file, of the
	// rejects' records, in order.
	RejectLines []int     `json:"rejectLines"`
	Created     time.Time `json:"created"`
	// Purged is when retention removed the report's personal data.
	Purged time.Time `json:"purged,omitzero"`

	// The outbox's state (kept by the store, not in the report's body).
	State       string    `json:"-"`
	Attempts    int       `json:"-"`
	NextAttempt time.Time `json:"-"`
	Sent        time.Time `json:"-"`
	MessageID   string    `json:"-"`
	LastError   string    `json:"-"`
}

// ReportCheck summarises one check of a report.
type ReportCheck struct {
	Check    string               `json:"check"`
	Count    int                  `json:"count"`
	Examples []importer.LineError `json:"examples"`
}

// LockHolder identifies who holds a lock: a process on a host.
type LockHolder struct {
	ID   string `json:"id"` // random, per process
	Host string `json:"host"`
	PID  int    `json:"pid"`
}

// newHolder returns this process's lock holder.
func newHolder() LockHolder {
	b := make([]byte, 8)
	rand.Read(b)
	host, _ := os.Hostname()
	return LockHolder{ID: hex.EncodeToString(b), Host: host, PID: os.Getpid()}
}

// dead reports whether h is a process of this host that no longer runs: its
// lock can be taken at once, without waiting for it to expire.
func dead(h LockHolder) bool {
	host, _ := os.Hostname()
	if h.Host != host || h.PID <= 0 {
		return false
	}
	err := syscall.Kill(h.PID, 0)
	return errors.Is(err, syscall.ESRCH)
}

// DefaultLockTTL is how long a run's lock on a partner lasts without being
// renewed; a lock of a process that died on this host is taken at once.
const DefaultLockTTL = 30 * time.Minute

// RunOptions are the options of one run.
type RunOptions struct {
	// Partner limits the run to one partner; "" runs every active partner.
	Partner string
	// Trigger says why: "schedule", "startup", "upload" or "manual" (the
	// default).
	Trigger string
	// Each imports every deposit, oldest first, instead of only the most
	// recent one (older ones superseded): what a service that imports
	// uploads at once wants, where two files sent in a row are two imports.
	Each bool
	// Progress, if set, is told the bytes read so far out of the total of
	// the files the run imports.
	Progress func(read, total int64)
}

// Run is E#L's import run (spec §6): the submitted connection sheets are
// processed, then for each active partner (or one), under a lock in the
// store so that two processes never import the same file:
//   - no deposit: nothing happens;
//   - otherwise the most recent deposit is copied to history, the copy
//     checked by SHA-256, and imported with the partner's mode, environment
//     and correspondence tables, in one transaction that also records the
//     file in the runs' ledger and writes its report;
//   - older deposits go to history marked superseded, with a line in the
//     report.
//
// A crash at any point loses no file and never imports or reports one twice:
// the next run resumes where the ledger says. The run is recorded.
func (s *Service) Run(ctx context.Context, o RunOptions) (*RunRecord, []Activation, error) {
	if s.Deposits == nil {
		return nil, nil, errors.New("run: the service has no deposit directories")
	}
	if o.Trigger == "" {
		o.Trigger = "manual"
	}
	rec := &RunRecord{Trigger: o.Trigger, Started: s.now(), Outcome: "ok"}
	if n, err := s.Store.CloseStaleRuns(ctx, rec.Started.Add(-DefaultLockTTL), rec.Started); err != nil {
		return nil, nil, err
	} else if n > 0 {
		s.logger().Warn("runs that never ended marked interrupted", "runs", n)
	}
	if err := s.Store.StartRun(ctx, rec); err != nil {
		return nil, nil, err
	}
	log := s.logger().With("run", rec.ID, "trigger", rec.Trigger)
	log.Info("run started")
	acts, err := s.ProcessPartners(ctx, o.Partner, "run")
	if err != nil && o.Partner == "" {
		log.Error("run: processing sheets", "error", err)
	}
	var partners []*Partner
	if o.Partner != "" {
		p, err := s.Store.Partner(ctx, o.Partner)
		if err != nil {
			return nil, acts, s.endRun(ctx, rec, err)
		}
		partners = []*Partner{p}
	} else if partners, err = s.Store.Partners(ctx, PartnerFilter{Status: StatusActive}); err != nil {
		return nil, acts, s.endRun(ctx, rec, err)
	}

	// The total, for progress: the deposits each partner's run imports.
	var total, read int64
	latest := map[string][]Deposit{}
	for _, p := range partners {
		if p.Status != StatusActive {
			continue
		}
		deps, err := s.Deposits.Deposits(ctx, p.ID())
		if err != nil {
			return nil, acts, s.endRun(ctx, rec, err)
		}
		latest[p.ID()] = deps
		switch {
		case o.Each:
			for _, d := range deps {
				total += d.Size
			}
		case len(deps) > 0:
			total += deps[len(deps)-1].Size
		}
	}
	progress := func(n int64) {
		read += n
		if o.Progress != nil {
			o.Progress(read, total)
		}
	}
	holder := newHolder()
	for _, p := range partners {
		if p.Status != StatusActive {
			continue
		}
		rec.Partners++
		if err := s.runPartner(ctx, rec, p, latest[p.ID()], o.Each, holder, progress); err != nil {
			if ctx.Err() != nil {
				return rec, acts, s.endRun(ctx, rec, ctx.Err())
			}
			rec.Failed++
			rec.Outcome = "some partners failed"
			log.Error("run: partner failed", "partner", p.ID(), "error", err)
		}
	}
	if s.Outbox != nil {
		s.hook("deliver")
		if _, err := s.Outbox.Deliver(ctx); err != nil {
			log.Error("run: delivering reports", "error", err)
		}
	}
	return rec, acts, s.endRun(ctx, rec, nil)
}

// endRun records the end of a run; err, if any, becomes its outcome.
func (s *Service) endRun(ctx context.Context, rec *RunRecord, err error) error {
	if err != nil {
		rec.Outcome = "failed: " + ErrorMessage(err)
	}
	rec.Ended = s.now()
	ferr := s.Store.FinishRun(context.WithoutCancel(ctx), rec)
	s.MetricsOf().Run(runOutcome(rec.Outcome), rec.Ended.Sub(rec.Started))
	s.logger().Info("run ended", "run", rec.ID, "outcome", rec.Outcome, "partners", rec.Partners, "imported", rec.Imported,
		"superseded", rec.Superseded, "busy", rec.Busy, "failed", rec.Failed)
	if err != nil {
		return err
	}
	return ferr
}

// runPartner handles one partner's deposits under its lock: the most
// recent is imported and the older ones superseded or, with each, every one
// is imported, oldest first.
func (s *Service) runPartner(ctx context.Context, rec *RunRecord, p *Partner, deps []Deposit, each bool, holder LockHolder, progress func(int64)) error {
	if len(deps) == 0 {
		return nil // no file: nothing happens
	}
	lock := "run:" + p.ID()
	now := s.now()
	ok, err := s.Store.TryLock(ctx, lock, holder, now, now.Add(DefaultLockTTL), dead)
	if err != nil {
		return err
	}
	if !ok {
		rec.Busy++
		s.logger().Info("run: partner busy in another process", "partner", p.ID())
		return nil
	}
	defer s.Store.Unlock(context.WithoutCancel(ctx), lock, holder)
	// The deposits may have changed while another process held the lock.
	if deps, err = s.Deposits.Deposits(ctx, p.ID()); err != nil || len(deps) == 0 {
		return err
	}
	if each {
		for _, d := range deps {
			if err := s.importDeposit(ctx, rec, p, d, progress); err != nil {
				return err
			}
		}
		return nil
	}
	latest, older := deps[len(deps)-1], deps[:len(deps)-1]
	for _, d := range older {
		f, found, err := s.Store.RunFile(ctx, p.ID(), d.Name)
		if err != nil {
			return err
		}
		if found && f.State == FileImported {
			// imported by a run that crashed before removing the deposit
			if err := s.Deposits.Remove(ctx, p.ID(), d.Name); err != nil {
				return err
			}
			continue
		}
		if !found {
			if err := s.Store.MarkSuperseded(ctx, RunFile{Partner: p.ID(), Name: d.Name, State: FileSuperseded, RunID: rec.ID, At: s.now()}); err != nil {
				return err
			}
		}
		if err := s.Deposits.Supersede(ctx, p.ID(), d.Name); err != nil {
			return err
		}
		rec.Superseded++
	}
	return s.importDeposit(ctx, rec, p, latest, progress)
}

// importDeposit imports one deposit, unless the ledger says a run that
// crashed before cleaning up already handled it.
func (s *Service) importDeposit(ctx context.Context, rec *RunRecord, p *Partner, dep Deposit, progress func(int64)) error {
	f, found, err := s.Store.RunFile(ctx, p.ID(), dep.Name)
	if err != nil {
		return err
	}
	if found {
		if f.State == FileSuperseded {
			return s.Deposits.Supersede(ctx, p.ID(), dep.Name)
		}
		return s.Deposits.Remove(ctx, p.ID(), dep.Name)
	}
	s.hook("keep")
	kept, err := s.Deposits.Keep(ctx, p.ID(), dep.Name)
	if err != nil {
		return fmt.Errorf("keep %s: %w", dep.Name, err)
	}
	s.hook("kept")
	res, err := s.importKept(ctx, p, kept, rec.ID, progress)
	if err != nil {
		return fmt.Errorf("import %s: %w", dep.Name, err)
	}
	s.hook("committed")
	rec.Imported++
	rec.Lines += res.Report.Lines
	rec.Accepted += res.Report.Accepted
	rec.Rejected += res.Report.Rejected
	return s.Deposits.Remove(ctx, p.ID(), dep.Name)
}

// importKept imports a file kept in history, and in the same transaction
// records it in the ledger and writes its report, which names the files
// superseded since the last report (also by a run that crashed).
func (s *Service) importKept(ctx context.Context, p *Partner, kept Deposit, runID int64, progress func(int64)) (*ImportResult, error) {
	body, err := s.Deposits.Open(ctx, p.ID(), kept.Name)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	rb := &reportBuilder{}
	defer rb.close()
	in, err := s.partnerImport(p, kept.Name, countingReader{body, progress}, rb.line)
	if err != nil {
		return nil, err
	}
	in.Finish = func(ctx context.Context, tx ImportTx, res *ImportResult) error {
		s.hook("finish")
		superseded, err := tx.ClaimSuperseded(ctx, p.ID(), res.Record.ID)
		if err != nil {
			return err
		}
		r, err := rb.report(p, res, runID, superseded, s.now())
		if err != nil {
			return err
		}
		if err := tx.AddReport(ctx, r); err != nil {
			return err
		}
		return tx.RecordRunFile(ctx, RunFile{Partner: p.ID(), Name: kept.Name, SHA256: kept.SHA256, State: FileImported, RunID: runID, ImportID: res.Record.ID, At: s.now()})
	}
	res, err := s.Import(ctx, in)
	if err != nil {
		return nil, err
	}
	if res.Record.SHA256 != kept.SHA256 {
		// The kept copy changed between Keep and the import: impossible
		// unless someone wrote into history.
		s.logger().Error("run: kept file changed", "partner", p.ID(), "file", kept.Name)
	}
	return res, nil
}

// partnerImport is the import of a partner's file on its sheet's settings.
func (s *Service) partnerImport(p *Partner, name string, body io.Reader, each func(*importer.Line) error) (Import, error) {
	in := Import{
		Partner: p.ID(), Operators: p.Sheet.Operators, Mode: p.Sheet.Mode, Qualification: p.Sheet.Environment == Qualification,
		Name: name, Body: body, Each: each,
	}
	if len(p.Sheet.Correspondences) > 0 {
		c, err := matriceCorrespondences(s, p)
		if err != nil {
			return in, err
		}
		in.Correspondences = c
	}
	return in, nil
}

// countingReader tells how many bytes pass.
type countingReader struct {
	r    io.Reader
	tell func(int64)
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.tell(int64(n))
	}
	return n, err
}

// reportBuilder gathers an import's rejected lines into a rejects file, in a
// temporary file so that memory stays flat.
type reportBuilder struct {
	tmp   *os.File
	rw    *importer.RejectsWriter
	lines []int
	err   error
}

func (b *reportBuilder) line(l *importer.Line) error {
	if l.Accepted() || b.err != nil {
		return b.err
	}
	if b.rw == nil {
		if b.tmp, b.err = os.CreateTemp("", "eleader-rejets-*"); b.err != nil {
			return b.err
		}
		os.Remove(b.tmp.Name()) // gone even after a crash, where the system allows it
		b.rw = importer.NewRejectsWriter(b.tmp, l.Header())
	}
	b.err = b.rw.Write(l)
	b.lines = append(b.lines, l.Number)
	return b.err
}

func (b *reportBuilder) close() {
	if b.tmp != nil {
		b.tmp.Close()
	}
}

// reportExamples is how many examples of each check a report keeps.
const reportExamples = 3

// report builds the report of an import.
func (b *reportBuilder) report(p *Partner, res *ImportResult, runID int64, superseded []string, now time.Time) (*Report, error) {
	rep := res.Report
	r := &Report{
		Partner: p.ID(), File: rep.File, ImportID: res.Record.ID, RunID: runID, Recipients: p.Sheet.Recipients(),
		Status: rep.Status, Mode: p.Sheet.Mode, Qualification: p.Sheet.Environment == Qualification, Qualified: res.Qualified,
		Consolidated: res.Record.Consolidated, Lines: rep.Lines, Accepted: rep.Accepted, Rejected: rep.Rejected, Dossiers: rep.Dossiers,
		FileErrors: []importer.FileError{}, Checks: []ReportCheck{}, Superseded: superseded, Created: now,
	}
	if r.Superseded == nil {
		r.Superseded = []string{}
	}
	for _, e := range rep.FileErrors {
		r.FileErrors = append(r.FileErrors, *e)
	}
	for _, c := range rep.Checks {
		rc := ReportCheck{Check: string(c.Check), Count: c.Count}
		for _, e := range c.Examples[:min(len(c.Examples), reportExamples)] {
			rc.Examples = append(rc.Examples, *e)
		}
		r.Checks = append(r.Checks, rc)
	}
	if b.rw != nil && !rep.Stopped() {
		if err := b.rw.Flush(); err != nil {
			return nil, err
		}
		if _, err := b.tmp.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, b.tmp); err != nil {
			return nil, err
		}
		r.Rejects, r.RejectLines = buf.Bytes(), b.lines
	}
	return r, b.err
}

// hook calls the test hook of a run's phase.
func (s *Service) hook(phase string) {
	if s.Hook != nil {
		s.Hook(phase)
	}
}
