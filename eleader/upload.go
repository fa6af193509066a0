package eleader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
)

// DefaultMaxUpload is the size limit of an uploaded file when none is set:
// 512 MiB, nearly ten times a full export of 200,000 lines.
const DefaultMaxUpload = 512 << 20

// Upload is the front door of every channel (the API, the web page, the
// SFTP server, eleader deposit): it deposits a file a partner sends for the
// next run, after checking, in this order, what a partner may get wrong, so
// that each mistake gets its own answer:
//   - the name is AAAAMMDD-IDENTIFIANT.csv or .xlsx, a plain name without
//     directory: else EBADNAME, whose error chain holds the
//     *importer.FileNameError when the nomenclature is wrong;
//   - the identifier in the name is a partner: else ENOTFOUND;
//   - it is the sender p: else EFORBIDDEN;
//   - the export was never deposited — under this name or its other
//     extension (20261125-bge.csv and 20261125-bge.xlsx are one export):
//     deposits, history, the runs' ledger: else ECONFLICT, with a *UsedName;
//   - a workbook can be converted (s.Workbooks is set): else EUNSUPPORTED;
//   - the size, when known in advance (size ≥ 0), then while reading, is at
//     most limit (0 means DefaultMaxUpload): else ETOOLARGE;
//   - the file-level checks pass (CheckFile: encoding, separator, header,
//     empty, syntax, and a workbook's template rules): else EREJECTED, with
//     a *Rejection holding the file errors. Line verdicts come with the
//     import.
//
// The body streams to a temporary file beside the deposits (Deposits.Stage),
// is judged there, and only then enters the deposits, atomically: it is
// never held in memory, and a file is either wholly deposited or not at
// all.
func (s *Service) Upload(ctx context.Context, p *Partner, name string, size int64, body io.Reader, limit int64) (Deposit, error) {
	if limit <= 0 {
		limit = DefaultMaxUpload
	}
	if _, err := s.CheckUpload(ctx, p, name, size, limit); err != nil {
		return Deposit{}, err
	}
	st, err := s.Deposits.Stage(ctx, p.ID(), name, body, limit)
	if ErrorCode(err) == ETOOLARGE {
		return Deposit{}, Errorf(ETOOLARGE, "%s is more than the limit of %d bytes", name, limit)
	}
	if err != nil {
		return Deposit{}, err
	}
	defer st.Abort()
	errs, err := s.CheckFile(ctx, p.ID(), name, st, st.Size())
	if err != nil {
		return Deposit{}, err
	}
	if len(errs) > 0 {
		codes := make([]string, len(errs))
		for i, e := range errs {
			codes[i] = string(e.Code)
		}
		s.logger().Info("file refused at deposit", "partner", p.ID(), "file", name, "bytes", st.Size(), "errors", strings.Join(codes, ","))
		return Deposit{}, rejection(name, errs)
	}
	dep, err := st.Commit(ctx)
	if err != nil {
		return dep, err
	}
	s.logger().Info("file deposited", "partner", p.ID(), "file", dep.Name, "bytes", dep.Size)
	return dep, nil
}

// CheckUpload makes the checks of Upload that come before the body — the
// name, its partner, that the export was never sent (under either
// extension), that a workbook can be converted, the size when known (size
// ≥ 0; limit 0 means DefaultMaxUpload) — with the same errors: a channel
// that receives the body later (SFTP) refuses a file at once, before its
// bytes are sent. Upload makes them again.
func (s *Service) CheckUpload(ctx context.Context, p *Partner, name string, size, limit int64) (importer.FileName, error) {
	if s.Deposits == nil {
		return importer.FileName{}, errors.New("upload: the service has no deposit directories")
	}
	return s.checkSender(ctx, p, name, size, limit, true)
}

// checkSender makes the checks of a file a partner sends that come before
// its body, in the order of CheckUpload: the name, its partner, that the
// export was never sent (when unused is set: an upload; a dry run does not
// care), that a workbook can be converted, the size when known.
func (s *Service) checkSender(ctx context.Context, p *Partner, name string, size, limit int64, unused bool) (importer.FileName, error) {
	if limit <= 0 {
		limit = DefaultMaxUpload
	}
	fn, err := CheckUploadName(name)
	if err != nil {
		return fn, err
	}
	if fn.Partner != p.ID() {
		if _, err := s.Store.Partner(ctx, fn.Partner); ErrorCode(err) == ENOTFOUND {
			return fn, Errorf(ENOTFOUND, "%s names partner %q, which E#L does not know: the name must carry your identifier, %q", name, fn.Partner, p.ID())
		} else if err != nil {
			return fn, err
		}
		return fn, Errorf(EFORBIDDEN, "%s names partner %q, but the sender is %q: a partner deposits only its own files", name, fn.Partner, p.ID())
	}
	if unused {
		if err := s.checkUnused(ctx, p.ID(), name); err != nil {
			return fn, err
		}
	}
	if fn.Workbook() && s.Workbooks == nil {
		return fn, Errorf(EUNSUPPORTED, "%s is a workbook, which this service does not convert: send the file as CSV UTF-8 with ';' separators", name)
	}
	if size > limit {
		return fn, Errorf(ETOOLARGE, "%s is %d bytes, more than the limit of %d bytes", name, size, limit)
	}
	return fn, nil
}

// CheckUploadName checks the name of a file sent to E#L with filename.Check:
// a plain name (no directory, no control character) following the
// nomenclature AAAAMMDD-IDENTIFIANT.csv, or .xlsx for a workbook. Its errors
// are *Error EBADNAME, whose chain holds the *importer.FileNameError.
func CheckUploadName(name string) (importer.FileName, error) {
	if _, err := filename.Check(name); err != nil {
		return importer.FileName{}, &Error{Code: EBADNAME, Message: err.Error(), Err: err}
	}
	return importer.ParseFileName(name)
}

// Staged is a file received for a partner's deposits, not deposited yet:
// its content is read through ReadAt.
type Staged interface {
	io.ReaderAt
	// Size is the file's size, SHA256 its SHA-256 in hexadecimal.
	Size() int64
	SHA256() string
	// Commit puts the file into the deposits, atomically: ECONFLICT when a
	// file of the same export (its name, or the other extension's) is in
	// the deposits or history meanwhile.
	Commit(ctx context.Context) (Deposit, error)
	// Abort removes the file; after Commit it does nothing.
	Abort() error
}

// UsedName is the cause of the ECONFLICT of a name already used: the name
// used (this name, or the other name of the same export), and where.
type UsedName struct {
	// Name is the file already deposited: the name sent, or its twin of
	// the other extension.
	Name string
	// State is FileWaiting, FileImported or FileSuperseded; At when.
	State string
	At    time.Time
}

func (u *UsedName) Error() string { return u.Name + " was already deposited" }

// Waiting reports whether the file that used the name still waits for its
// import: the one rule of what a partner is told to do, on every channel
// (the API, the web page, SFTP, eleader send). While it waits, withdrawing
// it (Service.Withdraw) frees the name, and the file is sent again under
// it; once a run handled it, the next export takes the next date.
func (u *UsedName) Waiting() bool { return u.State == FileWaiting }

// checkUnused refuses an export already sent by the partner, under this
// name or the other extension's: waiting in its deposits, or handled by a
// run (the ledger outlives the history's purge).
func (s *Service) checkUnused(ctx context.Context, partner, name string) error {
	names := filename.ExportNames(name)
	for _, used := range names {
		f, found, err := s.Store.RunFile(ctx, partner, used)
		if err != nil {
			return err
		}
		if found {
			return &Error{Code: ECONFLICT, Err: &UsedName{Name: used, State: f.State, At: f.At},
				Message: fmt.Sprintf("%s was already deposited, and %s on %s: an export is sent once, as CSV or as a workbook (send a new export with the new date)",
					used, f.State, f.At.Format(time.DateOnly))}
		}
	}
	deps, err := s.Deposits.Deposits(ctx, partner)
	if err != nil {
		return err
	}
	for _, d := range deps {
		if slices.Contains(names, d.Name) {
			return &Error{Code: ECONFLICT, Err: &UsedName{Name: d.Name, State: FileWaiting, At: d.At},
				Message: fmt.Sprintf("%s is already deposited, waiting for its import: an export is sent once, as CSV or as a workbook (send a new export with the new date)", d.Name)}
		}
	}
	return nil
}

// The states of a partner's file in FileStatus, beside those of the runs'
// ledger (FileImported, FileSuperseded).
const (
	FileWaiting = "waiting" // deposited, waiting for its import
	// FileRefused: put in the deposit folder, and set aside in refuses/ by
	// a run, never imported (the ledger's EventRefused says why).
	FileRefused = "refused"
	// FileWithdrawn: withdrawn by the partner before its import; the name
	// is free again.
	FileWithdrawn = "withdrawn"
)

// FileStatus is where one of a partner's files stands: waiting in its
// deposits, imported (with its report), superseded by a more recent one,
// set aside (refused) or withdrawn.
type FileStatus struct {
	Name string `json:"name"`
	// State is FileWaiting, FileImported, FileSuperseded, FileRefused or
	// FileWithdrawn.
	State  string `json:"state"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	// At is when the file was deposited (waiting) or handled by a run, set
	// aside or withdrawn.
	At time.Time `json:"at"`
	// Report is the imported file's report, rejected lines left out.
	Report *Report `json:"report,omitempty"`
	// Events are what the runs' ledger tells of the name besides (File
	// only): set aside, withdrawn, deleted as a duplicate …, most recent
	// first.
	Events []FileEvent `json:"events,omitempty"`
}

// FileRecord is a file of the runs' ledger and, for an imported file, its
// report (without the rejects file).
type FileRecord struct {
	RunFile
	Report *Report
}

// Files lists a partner's files, most recent first: those waiting in its
// deposits, then at most limit (0 means 100) that runs handled.
func (s *Service) Files(ctx context.Context, partner string, limit int) ([]FileStatus, error) {
	if s.Deposits == nil {
		return nil, errors.New("files: the service has no deposit directories")
	}
	deps, err := s.Deposits.Deposits(ctx, partner)
	if err != nil {
		return nil, err
	}
	recs, err := s.Store.Files(ctx, partner, "", limit)
	if err != nil {
		return nil, err
	}
	handled := make(map[string]bool, len(recs))
	for _, r := range recs {
		handled[r.Name] = true
	}
	var out []FileStatus
	for _, d := range slices.Backward(deps) {
		if handled[d.Name] {
			continue // imported by a run that stopped before removing it
		}
		out = append(out, FileStatus{Name: d.Name, State: FileWaiting, Size: d.Size, At: d.At})
	}
	for _, r := range recs {
		out = append(out, FileStatus{Name: r.Name, State: r.State, SHA256: r.SHA256, At: r.At, Report: r.Report})
	}
	return out, nil
}

// maxNameEvents bounds the ledger's events File tells of one name.
const maxNameEvents = 20

// File returns where one of a partner's files stands: handled by a run
// (imported, with its report, or superseded), waiting in its deposits
// (with the SHA-256 of what was deposited), or else what the runs' ledger
// last did with the name: set aside in refuses/ (FileRefused) or withdrawn
// by the partner (FileWithdrawn). Events lists what the ledger tells of the
// name besides (a withdrawal before a new deposit, a duplicate deleted …).
// A name the partner never deposited is ENOTFOUND.
func (s *Service) File(ctx context.Context, partner, name string) (FileStatus, error) {
	if s.Deposits == nil {
		return FileStatus{}, errors.New("file: the service has no deposit directories")
	}
	var events []FileEvent
	if _, err := filename.Check(name); err == nil { // a name that cannot be a file's has no event
		var err error
		if events, err = s.Store.NameEvents(ctx, partner, name, maxNameEvents); err != nil {
			return FileStatus{}, err
		}
	}
	rec, found, err := s.Store.RunFile(ctx, partner, name)
	if err != nil {
		return FileStatus{}, err
	}
	if found {
		recs, err := s.Store.Files(ctx, partner, name, 1)
		if err != nil {
			return FileStatus{}, err
		}
		f := FileStatus{Name: rec.Name, State: rec.State, SHA256: rec.SHA256, At: rec.At, Events: events}
		if len(recs) == 1 {
			f.Report = recs[0].Report
		}
		return f, nil
	}
	dep, err := s.Deposits.Sum(ctx, partner, name)
	if err == nil {
		return FileStatus{Name: dep.Name, State: FileWaiting, Size: dep.Size, SHA256: dep.SHA256, At: dep.At, Events: events}, nil
	}
	if ErrorCode(err) != ENOTFOUND && ErrorCode(err) != EINVALID {
		return FileStatus{}, err
	}
	for _, e := range events {
		switch e.Action {
		case EventRefused, EventWithdrawn:
			state := FileRefused
			if e.Action == EventWithdrawn {
				state = FileWithdrawn
			}
			return FileStatus{Name: e.Name, State: state, Size: e.Size, SHA256: e.SHA256, At: e.At, Events: events}, nil
		}
	}
	return FileStatus{}, Errorf(ENOTFOUND, "no file %s deposited by %s", importer.CutName(name), partner)
}

// PartnerReport returns one of a partner's reports, rejects included.
// Another partner's report is ENOTFOUND, as a missing one: a partner never
// learns what others sent.
func (s *Service) PartnerReport(ctx context.Context, partner string, id int64) (*Report, error) {
	r, err := s.Store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Partner != partner {
		return nil, Errorf(ENOTFOUND, "no report %d", id)
	}
	return &r, nil
}

// Health checks that the store answers.
func (s *Service) Health(ctx context.Context) error {
	_, err := s.Store.Runs(ctx, "", 1)
	return err
}

// ImportQueue imports partners' deposits as soon as they arrive, instead of
// leaving them for the daily run: Add a partner after a deposit, and Run
// imports its deposits, oldest first, one partner at a time. Requests for a
// partner already waiting are merged. Set Service before use.
type ImportQueue struct {
	// Service imports.
	Service *Service
	// OnRun, if set, sees each run's record (or error).
	OnRun func(partner string, rec *RunRecord, err error)

	mu      sync.Mutex
	pending []string
	wake    chan struct{}
	stop    chan struct{}
	closed  bool
}

func (q *ImportQueue) init() {
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
		q.stop = make(chan struct{})
	}
}

// Add asks for an import of partner's deposits. After Close, the deposits
// wait for the next run.
func (q *ImportQueue) Add(partner string) {
	q.mu.Lock()
	q.init()
	if !q.closed && !slices.Contains(q.pending, partner) {
		q.pending = append(q.pending, partner)
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Pending returns the partners waiting for an import.
func (q *ImportQueue) Pending() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.pending)
}

// Close asks Run to return once the import under way, if any, is done: the
// graceful stop. Partners still waiting keep their deposits for the next
// run.
func (q *ImportQueue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.init()
	if !q.closed {
		q.closed = true
		close(q.stop)
	}
}

// Run imports the partners added until ctx ends or Close is called. An
// import under way when ctx ends is cancelled: its transaction rolls back
// and the file stays in the deposits, for the next run.
func (q *ImportQueue) Run(ctx context.Context) {
	q.mu.Lock()
	q.init()
	q.mu.Unlock()
	for {
		q.mu.Lock()
		var partner string
		if len(q.pending) > 0 && !q.closed {
			partner, q.pending = q.pending[0], q.pending[1:]
		}
		q.mu.Unlock()
		if partner == "" {
			select {
			case <-ctx.Done():
				return
			case <-q.stop:
				return
			case <-q.wake:
				continue
			}
		}
		rec, _, err := q.Service.Run(ctx, RunOptions{Partner: partner, Trigger: "upload", Each: true})
		if err != nil && ctx.Err() == nil {
			q.Service.logger().Error("import of an upload failed", "partner", partner, "error", err)
		}
		if q.OnRun != nil {
			q.OnRun(partner, rec, err)
		}
		if ctx.Err() != nil {
			return
		}
	}
}
