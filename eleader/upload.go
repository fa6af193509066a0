package eleader

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// DefaultMaxUpload is the size limit of an uploaded file when none is set:
// 512 MiB, nearly ten times a full export of 200,000 lines.
const DefaultMaxUpload = 512 << 20

// Upload deposits a file a partner sends (through the API or the web page)
// for the next run, after checking, in this order, what a partner may get
// wrong, so that each mistake gets its own answer:
//   - the name is AAAAMMDD-IDENTIFIANT.csv, a plain name without directory:
//     else EBADNAME, whose error chain holds the *importer.FileNameError
//     when the nomenclature is wrong;
//   - the identifier in the name is a partner: else ENOTFOUND;
//   - it is the sender p: else EFORBIDDEN;
//   - the name was never deposited (deposits, history, the runs' ledger):
//     else ECONFLICT;
//   - the size, when known in advance (size ≥ 0), then while reading, is at
//     most limit (0 means DefaultMaxUpload): else ETOOLARGE.
//
// The body streams to the deposits: it is never held in memory, and a file
// is either wholly deposited or not at all.
func (s *Service) Upload(ctx context.Context, p *Partner, name string, size int64, body io.Reader, limit int64) (Deposit, error) {
	if s.Deposits == nil {
		return Deposit{}, errors.New("upload: the service has no deposit directories")
	}
	if limit <= 0 {
		limit = DefaultMaxUpload
	}
	fn, err := CheckUploadName(name)
	if err != nil {
		return Deposit{}, err
	}
	if fn.Partner != p.ID() {
		if _, err := s.Store.Partner(ctx, fn.Partner); ErrorCode(err) == ENOTFOUND {
			return Deposit{}, Errorf(ENOTFOUND, "%s names partner %q, which E#L does not know: the name must carry your identifier, %q", name, fn.Partner, p.ID())
		} else if err != nil {
			return Deposit{}, err
		}
		return Deposit{}, Errorf(EFORBIDDEN, "%s names partner %q, but your token is %q's: a partner deposits only its own files", name, fn.Partner, p.ID())
	}
	if err := s.checkUnused(ctx, p.ID(), name); err != nil {
		return Deposit{}, err
	}
	if size > limit {
		return Deposit{}, Errorf(ETOOLARGE, "%s is %d bytes, more than the limit of %d bytes", name, size, limit)
	}
	dep, err := s.Deposits.Deposit(ctx, p.ID(), name, body, limit)
	if ErrorCode(err) == ETOOLARGE {
		return dep, Errorf(ETOOLARGE, "%s is more than the limit of %d bytes", name, limit)
	}
	if err != nil {
		return dep, err
	}
	s.logger().Info("file deposited", "partner", p.ID(), "file", dep.Name, "bytes", dep.Size)
	return dep, nil
}

// CheckUploadName checks the name of a file sent to E#L: a plain name
// (no directory, no control character) following the nomenclature
// AAAAMMDD-IDENTIFIANT.csv. Its errors are *Error EBADNAME.
func CheckUploadName(name string) (importer.FileName, error) {
	switch {
	case name == "":
		return importer.FileName{}, &Error{Code: EBADNAME, Message: "the file name is missing: it must be AAAAMMDD-IDENTIFIANT.csv",
			Err: &importer.FileNameError{Problem: importer.NameMissing, Reason: "the name is missing"}}
	case strings.ContainsAny(name, `/\`):
		return importer.FileName{}, &Error{Code: EBADNAME, Message: "the file name must not contain a directory: send only AAAAMMDD-IDENTIFIANT.csv",
			Err: &importer.FileNameError{Name: name, Problem: importer.NamePath, Reason: "the name contains a directory"}}
	case strings.ContainsFunc(name, unicode.IsControl):
		return importer.FileName{}, &Error{Code: EBADNAME, Message: "the file name contains a control character",
			Err: &importer.FileNameError{Name: strings.Map(printable, name), Problem: importer.NamePath, Reason: "the name contains a control character"}}
	}
	fn, err := importer.ParseFileName(name)
	if err != nil {
		return fn, &Error{Code: EBADNAME, Message: err.Error(), Err: err}
	}
	return fn, nil
}

// printable replaces control characters, so that a name can be shown.
func printable(r rune) rune {
	if unicode.IsControl(r) {
		return '?'
	}
	return r
}

// checkUnused refuses a name already used by the partner: waiting in its
// deposits, or handled by a run (the ledger outlives the history's purge).
func (s *Service) checkUnused(ctx context.Context, partner, name string) error {
	if f, found, err := s.Store.RunFile(ctx, partner, name); err != nil {
		return err
	} else if found {
		return Errorf(ECONFLICT, "%s was already deposited, and %s on %s: a file name is used once (send a new export with the new date)",
			name, f.State, f.At.Format(time.DateOnly))
	}
	deps, err := s.Deposits.Deposits(ctx, partner)
	if err != nil {
		return err
	}
	for _, d := range deps {
		if d.Name == name {
			return Errorf(ECONFLICT, "%s is already deposited, waiting for its import: a file name is used once (send a new export with the new date)", name)
		}
	}
	return nil
}

// The states of a partner's file in FileStatus.
const (
	FileWaiting = "waiting" // deposited, waiting for its import
)

// FileStatus is where one of a partner's files stands: waiting in its
// deposits, imported (with its report), or superseded by a more recent one.
type FileStatus struct {
	Name string `json:"name"`
	// State is FileWaiting, FileImported or FileSuperseded.
	State  string `json:"state"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	// At is when the file was deposited (waiting) or handled by a run.
	At time.Time `json:"at"`
	// Report is the imported file's report, rejected lines left out.
	Report *Report `json:"report,omitempty"`
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

// File returns where one of a partner's files stands: waiting (with the
// SHA-256 of what was deposited), or handled by a run, with its report.
// A name the partner never deposited is ENOTFOUND.
func (s *Service) File(ctx context.Context, partner, name string) (FileStatus, error) {
	if s.Deposits == nil {
		return FileStatus{}, errors.New("file: the service has no deposit directories")
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
		f := FileStatus{Name: rec.Name, State: rec.State, SHA256: rec.SHA256, At: rec.At}
		if len(recs) == 1 {
			f.Report = recs[0].Report
		}
		return f, nil
	}
	dep, err := s.Deposits.Sum(ctx, partner, name)
	if err != nil {
		if ErrorCode(err) == ENOTFOUND || ErrorCode(err) == EINVALID {
			return FileStatus{}, Errorf(ENOTFOUND, "no file %s deposited by %s", importer.CutName(name), partner)
		}
		return FileStatus{}, err
	}
	return FileStatus{Name: dep.Name, State: FileWaiting, Size: dep.Size, SHA256: dep.SHA256, At: dep.At}, nil
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
