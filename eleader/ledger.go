package eleader

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The actions of FileEvent: what became of a file of a partner's
// directories that no import took.
const (
	// EventRefused: set aside in refuses/, never a candidate; reported.
	EventRefused = "refused"
	// EventDuplicate: deleted from the deposits, the same bytes (SHA-256)
	// as the file already handled under that name.
	EventDuplicate = "duplicate"
	// EventLeftover: deleted, the temporary file of a process that died
	// mid-write.
	EventLeftover = "leftover"
	// EventWithdrawn: deleted from the deposits by the partner while it
	// waited for its import.
	EventWithdrawn = "withdrawn"
	// EventPurged: deleted by retention (history, refuses/).
	EventPurged = "purged"
)

// The reasons of an EventRefused.
const (
	// RefusedName: the name is not AAAAMMDD-IDENTIFIANT.csv; Detail says
	// what is wrong with it.
	RefusedName = "name"
	// RefusedPartner: a valid name, of another partner; Detail is that
	// partner's identifier.
	RefusedPartner = "partner"
	// RefusedUsed: the name (or its twin of the other extension) was
	// already imported or superseded, and these are other bytes; Detail is
	// when, AAAA-MM-JJ, followed for the twin by a space and its name
	// (UsedDetail).
	RefusedUsed = "used"
	// RefusedSameDate: another file of the same export date waits in the
	// deposits and came first; Detail is its name.
	RefusedSameDate = "same_date"
	// RefusedKind: not a regular file; Detail is "directory", "symlink" or
	// "other".
	RefusedKind = "kind"
	// RefusedFile: a valid name of the partner, but a file every channel's
	// front door refuses at deposit (CheckFile: encoding, separator,
	// header, empty, syntax, a workbook's rules); Detail holds its file
	// errors (FileEvent.FileErrors).
	RefusedFile = "file"
)

// DefaultDepositGrace is how long a run leaves alone a file of a deposit
// folder that it will not import, after its last change: a file still
// being written (by a partner's process writing in the folder) is not
// touched.
const DefaultDepositGrace = 5 * time.Minute

// FileEvent is an entry of the runs' ledger about a file no import took:
// set aside in refuses/, or deleted (a duplicate, a leftover, a deposit
// withdrawn, retention). With the files imported and superseded (RunFile)
// it tells where every file of a partner's directories went: nothing is
// deleted without one.
type FileEvent struct {
	ID      int64  `json:"id"`
	Partner string `json:"partner"`
	// Name is the file's name as found, control characters and invalid
	// UTF-8 replaced.
	Name string `json:"name"`
	// Dir is where it was: "depot", "historique" or "refuses".
	Dir string `json:"dir"`
	// Kept is its name in refuses/ (EventRefused); "" when deleted.
	Kept   string `json:"kept,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size"`
	// Action is one of the Event… constants; Reason, for EventRefused,
	// one of the Refused… constants, with its Detail.
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
	// RunID is the run that did it (0 for a withdrawal, a start-up
	// cleanup or a purge).
	RunID int64 `json:"run,omitempty"`
	// ImportID and ReportID name the report that told the partner about an
	// EventRefused: the report of an import, or a notice.
	ImportID int64     `json:"import,omitempty"`
	ReportID int64     `json:"report,omitempty"`
	At       time.Time `json:"at"`
}

// Message says in English why a file was refused, or what became of it.
func (e FileEvent) Message() string { return i18n.English.Text(e.Text()) }

// Text is Message as an entry of the catalog, to say in any language.
func (e FileEvent) Text() i18n.Text {
	switch e.Action {
	case EventRefused:
		switch e.Reason {
		case RefusedName:
			return i18n.T("event.refused_name", e.Detail)
		case RefusedPartner:
			return i18n.T("event.refused_partner", e.Detail)
		case RefusedUsed:
			if when, twin := e.UsedDetail(); twin != "" {
				return i18n.T("event.refused_export_used", when, twin)
			}
			return i18n.T("event.refused_used", e.Detail)
		case RefusedSameDate:
			return i18n.T("event.refused_same_date", e.Detail)
		case RefusedKind:
			return i18n.T("event.refused_kind", e.Detail)
		case RefusedFile:
			fes := e.FileErrors()
			msgs := make([]any, len(fes))
			for i := range fes {
				msgs[i] = fes[i].Text
			}
			return i18n.T("event.refused_file", i18n.Join("sep.semicolon", msgs...))
		}
		return i18n.Plain(e.Reason)
	case EventDuplicate:
		return i18n.T("event.duplicate")
	case EventLeftover:
		return i18n.T("event.leftover")
	case EventWithdrawn:
		return i18n.T("event.withdrawn")
	case EventPurged:
		return i18n.T("event.purged")
	}
	return i18n.Plain(e.Action)
}

// UsedDetail splits the Detail of an EventRefused of reason RefusedUsed:
// when the name was used (AAAA-MM-JJ) and, when the file that used the
// export date is its twin of the other extension, that file's name.
func (e FileEvent) UsedDetail() (when, twin string) {
	when, twin, _ = strings.Cut(e.Detail, " ")
	return when, twin
}

// Bounds of the file errors a FileEvent's Detail keeps (RefusedFile).
const (
	maxDetailErrors = 5
	maxDetailBytes  = 600 // per message, in each language
)

// detailError is a file error as a FileEvent's Detail keeps it: its
// message in English (the JSON's) and in French.
type detailError struct {
	Code    importer.FileCheck `json:"code"`
	Message string             `json:"message"`
	French  string             `json:"french"`
}

// fileErrorsDetail encodes file errors as the Detail of an EventRefused
// of reason RefusedFile: JSON, the first maxDetailErrors, each message
// printable and cut to maxDetailBytes.
func fileErrorsDetail(errs []importer.FileError) string {
	out := make([]detailError, 0, min(len(errs), maxDetailErrors))
	for _, e := range errs[:min(len(errs), maxDetailErrors)] {
		out = append(out, detailError{Code: e.Code,
			Message: filename.CutBytes(filename.Printable(e.Message), maxDetailBytes),
			French:  filename.CutBytes(filename.Printable(e.In(i18n.French)), maxDetailBytes)})
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// FileErrors returns the file errors of an EventRefused of reason
// RefusedFile, with their English Message and a Text that renders the
// French or the English the Detail kept; nil for any other
// event, or a Detail that does not hold them.
func (e FileEvent) FileErrors() []importer.FileError {
	if e.Action != EventRefused || e.Reason != RefusedFile {
		return nil
	}
	var list []detailError
	if json.Unmarshal([]byte(e.Detail), &list) != nil {
		return nil
	}
	out := make([]importer.FileError, len(list))
	for i, d := range list {
		out[i] = importer.FileError{File: e.Name, Code: d.Code, Message: d.Message, Text: i18n.Rendered(cmp.Or(d.French, d.Message), d.Message)}
	}
	return out
}

// displayName returns a name fit for the ledger, a report or a log:
// invalid UTF-8 and control characters replaced by '?', at most 255 bytes.
func displayName(name string) string {
	return filename.CutBytes(filename.Printable(name), 255)
}

// recordEvent adds an event to the ledger.
func (s *Service) recordEvent(ctx context.Context, e *FileEvent) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	e.Name = displayName(e.Name)
	if e.Reason != RefusedFile { // file errors are JSON, printable, bounded: fileErrorsDetail
		e.Detail = displayName(e.Detail)
	}
	return s.Store.RecordFileEvent(context.WithoutCancel(ctx), e)
}

// CleanLeftovers removes the temporary files (.tmp-*) that processes which
// died mid-write left in partner's directories (every partner's when
// partner is ""), each with a FileEvent EventLeftover in the ledger written
// first; files being written are never touched. serve and run call it at
// start-up, purge and every run too. It returns how many it removed.
func (s *Service) CleanLeftovers(ctx context.Context, partner string, runID int64) (int, error) {
	if s.Deposits == nil {
		return 0, errors.New("clean: the service has no deposit directories")
	}
	n := 0
	err := s.Deposits.Leftovers(ctx, partner, func(r FileRemoval) error {
		e := &FileEvent{Partner: r.Partner, Name: r.Name, Dir: r.Dir, Size: r.Size, Action: EventLeftover, RunID: runID}
		if err := s.recordEvent(ctx, e); err != nil {
			return err
		}
		n++
		s.logger().Warn("leftover temporary file removed", "partner", r.Partner, "dir", r.Dir, "file", e.Name, "bytes", r.Size)
		return nil
	})
	return n, err
}

// FileEvents returns the ledger's file events of a partner (of all when
// partner is ""), most recent first, at most limit (0 means 100).
func (s *Service) FileEvents(ctx context.Context, partner string, limit int) ([]FileEvent, error) {
	return s.Store.FileEvents(ctx, partner, limit)
}

// usedName returns the ledger's entry of the export name (the name, or
// its twin of the other extension), if a run handled it.
func (s *Service) usedName(ctx context.Context, partner, name string) (RunFile, bool, error) {
	for _, n := range filename.ExportNames(name) {
		f, found, err := s.Store.RunFile(ctx, partner, n)
		if err != nil || found {
			return f, found, err
		}
	}
	return RunFile{}, false, nil
}

// lastImported returns the partner's imported file of the latest export
// date, and that date (zero when none).
func (s *Service) lastImported(ctx context.Context, partner string) (RunFile, matrice.Date, error) {
	files, err := s.Store.LatestImports(ctx, partner, 20)
	if err != nil {
		return RunFile{}, 0, err
	}
	for _, f := range files {
		fn, err := importer.ParseFileName(f.Name)
		if err == nil && fn.Partner == partner {
			return f, fn.Date, nil
		}
	}
	return RunFile{}, 0, nil
}

// ErrRunUnderWay is the cause of the ECONFLICT of a withdrawal while a run
// holds the partner's deposits.
var ErrRunUnderWay = errors.New("an import of the partner's files is under way")

// Withdraw deletes one of a partner's deposits that still waits for its
// import, as the partner asks (the API's DELETE /api/v1/files/{name}, the
// web page's "Retirer", SFTP rm: every channel calls it): the name is free
// again, for a corrected file the same day. An EventWithdrawn with the
// file's SHA-256 is written to the ledger first: nothing is deleted without
// a trace. A name a run already handled (imported, superseded) is
// ECONFLICT, whose cause is a *UsedName saying when; a name that is not
// waiting in the deposits, ENOTFOUND; while a run holds the partner's
// deposits (an import under way), ECONFLICT with the cause ErrRunUnderWay:
// try again once it is done.
func (s *Service) Withdraw(ctx context.Context, p *Partner, name string) error {
	if s.Deposits == nil {
		return errors.New("withdraw: the service has no deposit directories")
	}
	handled := func(f RunFile) error {
		return &Error{Code: ECONFLICT, Err: &UsedName{Name: f.Name, State: f.State, At: f.At},
			Message: fmt.Sprintf("%s was %s on %s: only a file still waiting for its import can be withdrawn", displayName(name), f.State, f.At.Format(time.DateOnly))}
	}
	if f, found, err := s.Store.RunFile(ctx, p.ID(), name); err != nil {
		return err
	} else if found {
		return handled(f)
	}
	lock, holder, now := "run:"+p.ID(), newHolder(), s.now()
	ok, err := s.Store.TryLock(ctx, lock, holder, now, now.Add(DefaultLockTTL), dead)
	if err != nil {
		return err
	}
	if !ok {
		return &Error{Code: ECONFLICT, Err: ErrRunUnderWay, Message: "an import of your files is under way: try again in a few minutes"}
	}
	defer s.Store.Unlock(context.WithoutCancel(ctx), lock, holder)
	if f, found, err := s.Store.RunFile(ctx, p.ID(), name); err != nil {
		return err
	} else if found { // imported while we waited for the lock
		return handled(f)
	}
	dep, err := s.Deposits.Sum(ctx, p.ID(), name)
	if ErrorCode(err) == ENOTFOUND || ErrorCode(err) == EINVALID {
		return Errorf(ENOTFOUND, "no file %s waits in your deposits", displayName(name))
	}
	if err != nil {
		return err
	}
	e := &FileEvent{Partner: p.ID(), Name: name, Dir: "depot", SHA256: dep.SHA256, Size: dep.Size, Action: EventWithdrawn}
	if err := s.recordEvent(ctx, e); err != nil {
		return err
	}
	if err := s.Deposits.Remove(ctx, p.ID(), name); err != nil {
		return err
	}
	s.logger().Info("deposit withdrawn by the partner", "partner", p.ID(), "file", e.Name, "sha256", dep.SHA256, "bytes", dep.Size)
	return nil
}
