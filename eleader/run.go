package eleader

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/entrepreneur-leader/eleader-go/wire"
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
	// Stage receives a file for a partner's deposits into a temporary file
	// (0600) beside them, reading at most limit bytes (0: no limit; beyond:
	// ETOOLARGE), for the service to judge before it Commits it (or Aborts).
	Stage(ctx context.Context, partner, name string, body io.Reader, limit int64) (Staged, error)
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
	// OpenDeposit opens one deposit for reading, never following a link; a
	// name that is not a regular file of the deposits is ENOTFOUND.
	OpenDeposit(ctx context.Context, partner, name string) (DepositFile, error)
	// Remove deletes a deposit; a deposit already gone is fine.
	Remove(ctx context.Context, partner, name string) error
	// Supersede moves a deposit into history, marked superseded; a deposit
	// already moved is fine. A kept copy of it (a run crashed between Keep
	// and the import's commit) is removed: it was never imported.
	Supersede(ctx context.Context, partner, name string) error
	// Entries lists everything in a partner's deposits — files, and
	// whatever else was put there, links described and never followed —
	// but the temporary files of deposits in progress.
	Entries(ctx context.Context, partner string) ([]Entry, error)
	// SetAside moves an entry of a partner's deposits into its refuses/
	// directory, beside history, and returns its name there (another name
	// when that one is taken, or cannot be shown); an entry already gone is
	// ENOTFOUND.
	SetAside(ctx context.Context, partner, name string) (string, error)
	// Leftovers removes the temporary files that processes which died
	// mid-write left in partner's directories (every partner's when ""),
	// calling before with each one first; a temporary file being written
	// is never touched.
	Leftovers(ctx context.Context, partner string, before func(FileRemoval) error) error
	// Purge deletes the history files and the files set aside older than
	// cutoff, and the leftovers, calling before with each one first.
	Purge(ctx context.Context, cutoff time.Time, before func(FileRemoval) error) error
}

// DepositFile is a deposit opened for reading (Deposits.OpenDeposit):
// read it with ReadAt, then Close it.
type DepositFile interface {
	io.ReaderAt
	io.Closer
	// Size is the file's size when it was opened.
	Size() int64
}

// The kinds of Entry.
const (
	EntryFile      = "file"
	EntryDirectory = "directory"
	EntrySymlink   = "symlink"
	EntryOther     = "other" // a socket, a device, a named pipe …
)

// Entry is something in a partner's deposit folder.
type Entry struct {
	Name    string
	Size    int64 // of a file; 0 otherwise
	ModTime time.Time
	// Kind is EntryFile, EntryDirectory, EntrySymlink or EntryOther.
	Kind string
}

// FileRemoval is a file that cleanup or retention deletes from a partner's
// directories.
type FileRemoval struct {
	Partner string
	// Dir is the partner's sub-directory: "depot", "historique" or
	// "refuses".
	Dir     string
	Name    string
	Size    int64
	ModTime time.Time
	// Leftover marks the temporary file of a process that died mid-write.
	Leftover bool
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
	// Refused counts the files set aside in refuses/, Dropped the
	// duplicates deleted.
	Refused  int `json:"refused"`
	Dropped  int `json:"dropped"`
	Busy     int `json:"busy"` // partners skipped: another process held their lock
	Failed   int `json:"failed"`
	Lines    int `json:"lines"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
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
	// Refused are the files of the deposit folder set aside in refuses/
	// since the last report, each with its reason.
	Refused []FileEvent `json:"refused,omitempty"`
	// Notice marks a report of no import: the run set files aside or
	// superseded them and imported nothing for the partner (File is "").
	Notice bool `json:"notice,omitempty"`
	// RejectsBytes is the size of the rejects file (original cells +
	// Erreurs) the store keeps, in parts (Store.Rejects; Service.OpenRejects
	// reads it): 0 when no line was rejected, or once purged.
	RejectsBytes int64     `json:"rejectsBytes,omitempty"`
	Created      time.Time `json:"created"`
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

// Wire returns the count's JSON form; Examples stays null when it has
// none.
func (c ReportCheck) Wire() wire.CheckCount {
	w := wire.CheckCount{Check: c.Check, Count: c.Count}
	if c.Examples != nil {
		w.Examples = make([]wire.LineError, len(c.Examples))
		for i := range c.Examples {
			w.Examples[i] = c.Examples[i].Wire()
		}
	}
	return w
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
	entries := map[string][]Entry{}
	for _, p := range partners {
		if p.Status != StatusActive {
			continue
		}
		list, err := s.Deposits.Entries(ctx, p.ID())
		if err != nil {
			return nil, acts, s.endRun(ctx, rec, err)
		}
		entries[p.ID()] = list
		total += importSize(p.ID(), list, o.Each)
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
		// Leftovers of processes killed mid-write: locked files (being
		// written) are never touched, so no lock of the partner is needed.
		if _, err := s.CleanLeftovers(ctx, p.ID(), rec.ID); err != nil {
			log.Error("run: leftovers", "partner", p.ID(), "error", err)
		}
		if len(entries[p.ID()]) == 0 {
			continue // no file: nothing happens
		}
		if err := s.runPartner(ctx, rec, p, o.Each, holder, progress); err != nil {
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
		"superseded", rec.Superseded, "set_aside", rec.Refused, "duplicates", rec.Dropped, "busy", rec.Busy, "failed", rec.Failed)
	if err != nil {
		return err
	}
	return ferr
}

// importSize is about how many bytes a run will import from these
// entries: the most recent valid name's, or every valid name's with each.
func importSize(partner string, list []Entry, each bool) int64 {
	var size int64
	var latest matrice.Date
	for _, e := range list {
		fn, err := CheckUploadName(e.Name)
		if err != nil || fn.Partner != partner || e.Kind != EntryFile {
			continue
		}
		switch {
		case each:
			size += e.Size
		case fn.Date > latest:
			size, latest = e.Size, fn.Date
		}
	}
	return size
}

// runPartner applies the folder rules (spec §6) to one partner's deposits,
// under its lock:
//   - candidates are the files whose name is a valid AAAAMMDD-IDENTIFIANT
//     of this partner, never handled by a run (the ledger), that the front
//     door takes (CheckFile, as Upload at every channel): a file it refuses
//     is refused like a stray below, with its file errors, and never
//     supersedes anything;
//   - a candidate whose export date is not after the partner's last
//     imported file's is superseded; of the others the latest export date
//     is imported and the older ones superseded — or, with each, every one
//     is imported, oldest date first. The files are judged from the latest
//     date down until one passes: the older ones are superseded unread;
//   - a file whose name a run already handled is, with the same bytes, a
//     duplicate: deleted (an EventDuplicate in the ledger first) — or, for
//     a superseded name, moved to history as the run that crashed meant
//     to; with other bytes it is refused;
//   - anything else (another name, another partner's name, a directory, a
//     link) is refused: left alone for the grace period after its last
//     change, then set aside in refuses/ with an EventRefused;
//   - the files refused and superseded are named in the import's report or,
//     when the run imports nothing for the partner, in a notice.
func (s *Service) runPartner(ctx context.Context, rec *RunRecord, p *Partner, each bool, holder LockHolder, progress func(int64)) error {
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
	list, err := s.Deposits.Entries(ctx, p.ID())
	if err != nil {
		return err
	}
	plan, err := s.sortEntries(ctx, p, list, each)
	if err != nil {
		return err
	}
	for _, d := range plan.duplicates {
		if err := s.dropDuplicate(ctx, rec, p, d); err != nil {
			return err
		}
	}
	for _, r := range plan.refused {
		if err := s.setAside(ctx, rec, p, r); err != nil {
			return err
		}
	}
	for _, d := range plan.superseded {
		if err := s.supersede(ctx, rec, p, d); err != nil {
			return err
		}
	}
	for _, d := range plan.imports {
		if err := s.importDeposit(ctx, rec, p, d, progress); err != nil {
			return err
		}
	}
	return s.notice(ctx, rec, p)
}

// MaxSetAsidePerRun bounds the files one run sets aside for one partner:
// the others (never candidates) wait for the next run, so that a report
// names a bounded number of them.
const MaxSetAsidePerRun = 1000

// candidate is a file of a deposit folder that a run handles.
type candidate struct {
	Deposit
	fn importer.FileName
}

// refusal is an entry of a deposit folder a run sets aside.
type refusal struct {
	entry          Entry
	sha256         string
	reason, detail string
}

// folderPlan is what a run does with a partner's deposit folder.
type folderPlan struct {
	duplicates []candidate // deleted, the ledger's sha256 matching
	refused    []refusal
	superseded []candidate
	imports    []candidate // in order
}

// sortEntries applies the folder rules to a partner's entries.
func (s *Service) sortEntries(ctx context.Context, p *Partner, list []Entry, each bool) (folderPlan, error) {
	var plan folderPlan
	grace := s.DepositGrace
	if grace <= 0 {
		grace = DefaultDepositGrace
	}
	settled := s.now().Add(-grace)
	left := 0
	refuse := func(e Entry, sha, reason, detail string) {
		switch {
		case e.ModTime.After(settled):
			return // maybe still being written: left alone for now
		case len(plan.refused) >= MaxSetAsidePerRun:
			left++ // for the next run: a report names a bounded number of files
			return
		}
		plan.refused = append(plan.refused, refusal{entry: e, sha256: sha, reason: reason, detail: detail})
	}
	defer func() {
		if left > 0 {
			s.logger().Warn("run: more files to set aside than a run takes: the rest waits for the next run", "partner", p.ID(),
				"max", MaxSetAsidePerRun, "left", left)
		}
	}()
	var cands []candidate
	for _, e := range list {
		if e.Kind != EntryFile {
			refuse(e, "", RefusedKind, e.Kind)
			continue
		}
		fn, err := CheckUploadName(e.Name)
		if err != nil {
			refuse(e, "", RefusedName, nameProblem(err))
			continue
		}
		if fn.Partner != p.ID() {
			refuse(e, "", RefusedPartner, fn.Partner)
			continue
		}
		used, found, err := s.usedName(ctx, p.ID(), e.Name)
		if err != nil {
			return plan, err
		}
		c := candidate{Deposit: Deposit{Partner: p.ID(), Name: e.Name, Size: e.Size, At: e.ModTime}, fn: fn}
		if !found {
			cands = append(cands, c)
			continue
		}
		sum, err := s.Deposits.Sum(ctx, p.ID(), e.Name)
		if ErrorCode(err) == ENOTFOUND {
			continue // gone meanwhile
		}
		if err != nil {
			return plan, err
		}
		c.SHA256 = sum.SHA256
		switch {
		case used.Name == e.Name && used.SHA256 == sum.SHA256,
			used.Name == e.Name && used.SHA256 == "" && used.State == FileSuperseded: // marked before sums were kept
			plan.duplicates = append(plan.duplicates, c)
		case used.Name != e.Name: // its twin of the other extension: the export date was used
			refuse(e, sum.SHA256, RefusedUsed, used.At.Format(time.DateOnly)+" "+used.Name)
		default:
			refuse(e, sum.SHA256, RefusedUsed, used.At.Format(time.DateOnly))
		}
	}
	// Most recent = the latest export date in the name, never the time of
	// deposit; one candidate per date, the first deposited.
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(a.fn.Date, b.fn.Date); c != 0 {
			return c
		}
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	_, last, err := s.lastImported(ctx, p.ID())
	if err != nil {
		return plan, err
	}
	// The candidates after the last imported, by export date.
	var fresh [][]candidate
	for i, c := range cands {
		switch {
		case c.fn.Date <= last && i > 0 && c.fn.Date == cands[i-1].fn.Date:
			refuse(c.entry(), "", RefusedSameDate, displayName(cands[i-1].Name))
		case c.fn.Date <= last:
			plan.superseded = append(plan.superseded, c) // older than the last imported: never imported
		case len(fresh) > 0 && fresh[len(fresh)-1][0].fn.Date == c.fn.Date:
			fresh[len(fresh)-1] = append(fresh[len(fresh)-1], c)
		default:
			fresh = append(fresh, []candidate{c})
		}
	}
	// pick returns a date's candidate: its first file, in the order of
	// deposit, that the front door takes (CheckFile, as at every channel's
	// deposit); a file it refuses is no candidate and never supersedes
	// anything, and the date's later files are refused.
	pick := func(date []candidate) (candidate, bool, error) {
		for i, c := range date {
			errs, err := s.judgeDeposit(ctx, p, c.Name)
			if ErrorCode(err) == ENOTFOUND {
				continue // gone meanwhile
			}
			if err != nil {
				return c, false, err
			}
			if len(errs) > 0 {
				refuse(c.entry(), "", RefusedFile, fileErrorsDetail(errs))
				continue
			}
			for _, o := range date[i+1:] {
				refuse(o.entry(), "", RefusedSameDate, displayName(c.Name))
			}
			return c, true, nil
		}
		return candidate{}, false, nil
	}
	if each {
		for _, date := range fresh {
			c, ok, err := pick(date)
			if err != nil {
				return plan, err
			}
			if ok {
				plan.imports = append(plan.imports, c)
			}
		}
		return plan, nil
	}
	// The most recent date the front door takes is imported; only then
	// are the older dates superseded, unread.
	for i := len(fresh) - 1; i >= 0; i-- {
		c, ok, err := pick(fresh[i])
		if err != nil {
			return plan, err
		}
		if !ok {
			continue
		}
		plan.imports = []candidate{c}
		for _, date := range fresh[:i] {
			plan.superseded = append(plan.superseded, date[0])
			for _, o := range date[1:] {
				refuse(o.entry(), "", RefusedSameDate, displayName(date[0].Name))
			}
		}
		break
	}
	return plan, nil
}

// entry returns the folder entry of a candidate.
func (c candidate) entry() Entry {
	return Entry{Name: c.Name, Size: c.Size, ModTime: c.At, Kind: EntryFile}
}

// judgeDeposit judges one of p's deposits with CheckFile, the file-level
// checks every channel's front door (Upload) makes: the file errors that
// refuse it, none when it passes. A deposit gone meanwhile is ENOTFOUND.
func (s *Service) judgeDeposit(ctx context.Context, p *Partner, name string) ([]importer.FileError, error) {
	f, err := s.Deposits.OpenDeposit(ctx, p.ID(), name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	errs, err := s.CheckFile(ctx, p.ID(), name, f, f.Size())
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		codes := make([]string, len(errs))
		for i, e := range errs {
			codes[i] = string(e.Code)
		}
		s.logger().Info("run: deposit refused by the front door's checks", "partner", p.ID(), "file", displayName(name), "errors", strings.Join(codes, ","))
	}
	return errs, nil
}

// nameProblem says what is wrong with a file name.
func nameProblem(err error) string {
	var fe *importer.FileNameError
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return ErrorMessage(err)
}

// dropDuplicate handles a deposit whose name a run already handled, with
// the same bytes: an imported one is deleted (recorded first); a superseded
// one is moved to history, as the run that marked it meant to — unless
// history holds other bytes under that name (a ledger entry of before
// sums were kept): then it is set aside as a name used.
func (s *Service) dropDuplicate(ctx context.Context, rec *RunRecord, p *Partner, d candidate) error {
	f, _, err := s.usedName(ctx, p.ID(), d.Name)
	if err != nil {
		return err
	}
	if f.State == FileSuperseded {
		err := s.Deposits.Supersede(ctx, p.ID(), d.Name)
		if ErrorCode(err) == ECONFLICT {
			return s.setAside(ctx, rec, p, refusal{entry: Entry{Name: d.Name, Size: d.Size, ModTime: d.At, Kind: EntryFile},
				sha256: d.SHA256, reason: RefusedUsed, detail: f.At.Format(time.DateOnly)})
		}
		return err
	}
	e := &FileEvent{Partner: p.ID(), Name: d.Name, Dir: "depot", SHA256: d.SHA256, Size: d.Size, Action: EventDuplicate, RunID: rec.ID,
		Detail: fmt.Sprintf("%s %s", f.State, f.At.Format(time.DateOnly))}
	if err := s.recordEvent(ctx, e); err != nil {
		return err
	}
	if err := s.Deposits.Remove(ctx, p.ID(), d.Name); err != nil {
		return err
	}
	rec.Dropped++
	s.logger().Info("run: duplicate deleted: the same bytes were already handled under this name", "partner", p.ID(), "file", e.Name,
		"sha256", d.SHA256, "state", f.State, "at", f.At.Format(time.DateOnly))
	return nil
}

// setAside moves a refused entry to refuses/, and records it.
func (s *Service) setAside(ctx context.Context, rec *RunRecord, p *Partner, r refusal) error {
	kept, err := s.Deposits.SetAside(ctx, p.ID(), r.entry.Name)
	if ErrorCode(err) == ENOTFOUND {
		return nil // gone meanwhile
	}
	if err != nil {
		return err
	}
	e := &FileEvent{Partner: p.ID(), Name: r.entry.Name, Dir: "depot", Kept: kept, SHA256: r.sha256, Size: r.entry.Size,
		Action: EventRefused, Reason: r.reason, Detail: r.detail, RunID: rec.ID}
	if err := s.recordEvent(ctx, e); err != nil {
		return err
	}
	rec.Refused++
	// A file error's message may quote the file's cells (a header made of
	// a beneficiary's line): the log gets its codes only, never its text.
	detail := r.detail
	if r.reason == RefusedFile {
		errs := e.FileErrors()
		codes := make([]string, len(errs))
		for i, fe := range errs {
			codes[i] = string(fe.Code)
		}
		detail = strings.Join(codes, ",")
	}
	s.logger().Warn("run: file set aside in refuses/", "partner", p.ID(), "file", e.Name, "kept_as", kept, "reason", r.reason, "detail", detail)
	return nil
}

// supersede moves a candidate to history, unimported, recorded in the
// ledger with its SHA-256 first.
func (s *Service) supersede(ctx context.Context, rec *RunRecord, p *Partner, d candidate) error {
	if d.SHA256 == "" {
		sum, err := s.Deposits.Sum(ctx, p.ID(), d.Name)
		if ErrorCode(err) == ENOTFOUND {
			return nil // gone meanwhile
		}
		if err != nil {
			return err
		}
		d.SHA256 = sum.SHA256
	}
	if err := s.Store.MarkSuperseded(ctx, RunFile{Partner: p.ID(), Name: d.Name, SHA256: d.SHA256, State: FileSuperseded, RunID: rec.ID, At: s.now()}); err != nil {
		return err
	}
	if err := s.Deposits.Supersede(ctx, p.ID(), d.Name); err != nil {
		return err
	}
	rec.Superseded++
	s.logger().Info("run: file superseded", "partner", p.ID(), "file", d.Name)
	return nil
}

// notice writes a report of the files set aside or superseded that no
// report named yet (the run imported nothing for the partner).
func (s *Service) notice(ctx context.Context, rec *RunRecord, p *Partner) error {
	r, err := s.Store.AddNotice(ctx, p.ID(), func(superseded []string, refused []FileEvent) (*Report, error) {
		r := &Report{
			Partner: p.ID(), RunID: rec.ID, Recipients: p.Sheet.Recipients(), Notice: true, Mode: p.Sheet.Mode,
			Qualification: p.Sheet.Environment == Qualification, FileErrors: []importer.FileError{}, Checks: []ReportCheck{},
			Superseded: superseded, Refused: refused, Created: s.now(),
		}
		if r.Superseded == nil {
			r.Superseded = []string{}
		}
		return r, nil
	})
	if err != nil {
		return fmt.Errorf("notice: %w", err)
	}
	if r != nil {
		s.logger().Info("run: notice of files set aside or superseded", "partner", p.ID(), "report", r.ID,
			"superseded", len(r.Superseded), "refused", len(r.Refused))
	}
	return nil
}

// importDeposit imports one deposit, unless the ledger says a run that
// crashed before cleaning up already handled it.
func (s *Service) importDeposit(ctx context.Context, rec *RunRecord, p *Partner, dep candidate, progress func(int64)) error {
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
		if err := s.writeReport(ctx, tx, p, rb, res, runID); err != nil {
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

// writeReport writes, in an import's final transaction, the report of the
// import of p's file res (runID 0 when no run made it: eleader import),
// with the rejects rb gathered and the files superseded since p's last
// report; it sets res.ReportID.
func (s *Service) writeReport(ctx context.Context, tx ImportTx, p *Partner, rb *reportBuilder, res *ImportResult, runID int64) error {
	superseded, err := tx.ClaimSuperseded(ctx, p.ID(), res.Record.ID)
	if err != nil {
		return err
	}
	refused, err := tx.ClaimRefused(ctx, p.ID(), res.Record.ID)
	if err != nil {
		return err
	}
	r, err := rb.report(p, res, runID, superseded, s.now())
	if err != nil {
		return err
	}
	r.Refused = refused
	r.File = res.Record.File // the file's name, never the path it was read from
	if err := tx.AddReport(ctx, r); err != nil {
		return err
	}
	if r.RejectsBytes > 0 {
		if err := rb.store(ctx, tx, r.ID); err != nil {
			return fmt.Errorf("report %d: rejects: %w", r.ID, err)
		}
	}
	res.ReportID = r.ID
	return nil
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
		n, err := b.finish()
		if err != nil {
			return nil, err
		}
		r.RejectsBytes = n
	}
	return r, b.err
}

// hook calls the test hook of a run's phase.
func (s *Service) hook(phase string) {
	if s.Hook != nil {
		s.Hook(phase)
	}
}
