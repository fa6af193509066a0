package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/entrepreneur-leader/eleader-go/wire"
)

// ChecksPath is the dry run's endpoint, under the service's URL.
const ChecksPath = "/api/v1/checks"

// Verdict is E#L's verdict of a file, in the form of eleader validate's
// JSON (spec §9): a dry run's (Check: every line error in Errors) or an
// imported file's (File.Verdict: the line errors counted per check, with
// their first examples, in Checks; every one of them in the rejects file).
type Verdict struct {
	// Head is validate's keys: file, partner, date (AAAA-MM-JJ), status
	// ("accepted", "partial" or "rejected"), the counts and the file
	// errors.
	wire.Head
	// Errors are a dry run's line errors, those of E#L's store checks
	// (operator, hist, subversion_*) included, in file order.
	Errors []LineError `json:"errors,omitempty"`
	// Checks count an imported file's line errors per check.
	Checks []CheckCount `json:"checks,omitempty"`
	// Check is what a dry run says E#L would do with the file.
	Check *DryRun `json:"check,omitempty"`
	// Qualification and Consolidated are an imported file's: judged
	// without being consolidated (a partner in qualification), and its
	// accepted lines consolidated.
	Qualification bool `json:"qualification,omitempty"`
	Consolidated  bool `json:"consolidated,omitempty"`
}

// FileError is an error that rejects a whole file: its code (name,
// encoding, separator, header, empty, syntax, mode, workbook) and its
// message, in English.
type FileError = wire.FileError

// LineError is one check failure of a line (spec §3): line is the
// physical line where the record starts (header = 1).
type LineError = wire.LineError

// CheckCount counts the line errors of one check, with the first ones.
type CheckCount = wire.CheckCount

// DryRun is what E#L's dry run says it would do with a file: Deposit
// ("accepted", or "refused" when an upload would be refused at once), the
// partner's sheet's Mode and Qualification, Qualified, the dossiers it
// would create and change, Unchanged, and a Message in French.
type DryRun = wire.DryRun

// Links are an imported file's report and rejects, as paths under the
// service's URL.
type Links struct {
	Report      string `json:"report"`
	Page        string `json:"page"`
	RejectsCSV  string `json:"rejectsCsv"`
	RejectsXLSX string `json:"rejectsXlsx"`
}

// Event is what E#L's ledger tells of a file's name besides its state: a
// withdrawal, a duplicate deleted, a file set aside (with the reason).
type Event struct {
	Action string    `json:"action"`
	Reason string    `json:"reason"`
	Detail string    `json:"detail"`
	SHA256 string    `json:"sha256"`
	At     time.Time `json:"at"`
}

// The states of a file (File.State).
const (
	StateWaiting    = "waiting"    // deposited, waiting for its import
	StateImported   = "imported"   // imported: see its Verdict
	StateSuperseded = "superseded" // not imported: a more recent export came
	StateRefused    = "refused"    // set aside by a run, never imported
	StateWithdrawn  = "withdrawn"  // withdrawn before its import
)

// Check asks E#L's dry run for the verdict the import of the file at path
// would get today — the validator's, plus the checks of dossier numbers
// against E#L's store (operator, hist, subversion_*) — on the partner's
// connection sheet, and what it would do; E#L keeps nothing. The name must
// follow the nomenclature (else *Error ErrBadName, nothing sent); it may
// already be in use (a correction is checked before the file it replaces
// is withdrawn). A refusal is an *Error (401, 403, 404, 413, 415, 422;
// 429 past the partner's dry runs, IsTemporary). Network errors and 5xx
// are retried, as uploads are.
func (c *Client) Check(ctx context.Context, path string) (*Verdict, error) {
	f, size, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return c.CheckReader(ctx, filepath.Base(path), f, size, nil)
}

// CheckReader is Check of the size bytes of body under name. When each is
// set, the line errors are handed to it as they are read, and not kept in
// the Verdict: a file where every line is wrong takes no memory.
func (c *Client) CheckReader(ctx context.Context, name string, body io.ReaderAt, size int64, each func(LineError) error) (*Verdict, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	target, err := c.endpoint(ChecksPath)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.sendFile(ctx, attempt, "check", target, name, body, size)
		if err != nil {
			return nil, err
		}
		if resp == nil {
			continue // a network error, waited for
		}
		if resp.StatusCode == http.StatusOK {
			v, err := decodeVerdict(resp.Body, each)
			resp.Body.Close()
			if err != nil {
				return nil, fmt.Errorf("client: check %s: unreadable answer: %w", name, err)
			}
			return v, nil
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests && shortWait(resp) {
			if wait, ok := c.retry(attempt, resp); ok {
				if err := sleep(ctx, wait); err != nil {
					return nil, err
				}
				continue
			}
		}
		return nil, newError(name, resp, b)
	}
}

// shortWait reports whether a 429 asks to wait a minute at most (uploads
// in progress), rather than for a rate limit's window.
func shortWait(resp *http.Response) bool {
	s, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	return err == nil && s <= 60
}

// openFile opens a regular file to send, with its size.
func openFile(path string) (*os.File, int64, error) {
	if err := checkName(filepath.Base(path)); err != nil {
		return nil, 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("client: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("client: %w", err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("client: %s is not a regular file", path)
	}
	return f, info.Size(), nil
}

// sendFile sends attempt's request of a file (fileRequest) and returns
// E#L's answer. After a network error, it waits before the next attempt
// and returns no answer and no error, or returns the error once the
// retries are spent (said as "client: verb name: …") or the context's
// when it ends.
func (c *Client) sendFile(ctx context.Context, attempt int, verb, target, name string, body io.ReaderAt, size int64) (*http.Response, error) {
	req, err := c.fileRequest(ctx, target, name, body, size)
	if err != nil {
		return nil, err
	}
	resp, err := c.http().Do(req)
	if err == nil {
		return resp, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if wait, ok := c.retry(attempt, nil); ok {
		return nil, sleep(ctx, wait)
	}
	return nil, fmt.Errorf("client: %s %s: %w", verb, name, err)
}

// fileRequest is a request sending the size bytes of body under name, with
// the seed's exact headers (an upload, a dry run). Each attempt reads body
// from its start, with a reader of its own.
func (c *Client) fileRequest(ctx context.Context, target, name string, body io.ReaderAt, size int64) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, io.NopCloser(io.NewSectionReader(body, 0, size)))
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	req.ContentLength = size
	req.GetBody = nil // never resent behind our back: retries are ours
	// The seed's exact form; a valid name has no quote to escape.
	req.Header.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Accept", "application/json")
	c.authorize(req)
	if size > 1<<20 {
		req.Header.Set("Expect", "100-continue")
	}
	return req, nil
}

// decodeVerdict reads a verdict object key by key, handing the line errors
// to each (when set) as they come instead of keeping them.
func decodeVerdict(r io.Reader, each func(LineError) error) (*Verdict, error) {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	v := &Verdict{}
	fields := map[string]any{
		"file": &v.File, "partner": &v.Partner, "date": &v.Date, "status": &v.Status, "lines": &v.Lines,
		"accepted": &v.Accepted, "rejected": &v.Rejected, "dossiers": &v.Dossiers, "fileErrors": &v.FileErrors,
		"checks": &v.Checks, "check": &v.Check, "qualification": &v.Qualification, "consolidated": &v.Consolidated,
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		if key != "errors" {
			dst, ok := fields[key]
			if !ok {
				dst = new(json.RawMessage) // a key this client does not know
			}
			if err := dec.Decode(dst); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil, errors.New("errors: not a list")
		}
		for dec.More() {
			var e LineError
			if err := dec.Decode(&e); err != nil {
				return nil, fmt.Errorf("errors: %w", err)
			}
			if each == nil {
				v.Errors = append(v.Errors, e)
			} else if err := each(e); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return v, nil
}

// Withdraw withdraws one of the partner's files that still waits for its
// import (DELETE /api/v1/files/{name}): E#L deletes it, keeping a trace in
// its ledger, and the name is free again, for a correction under the same
// name. A file already imported or superseded is an *Error 409
// (ErrConflict), as during an import of the partner's files (try again in
// a few minutes); a name not waiting, 404 (ErrNotFound). Network errors
// and 5xx are retried: a withdrawal whose answer was lost and is made
// again answers 404.
func (c *Client) Withdraw(ctx context.Context, name string) error {
	target, err := c.endpoint(UploadPath + "/" + url.PathEscape(name))
	if err != nil {
		return err
	}
	return c.send(ctx, func() (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodDelete, target, nil)
	}, name, nil)
}

// Defaults of Wait.
const (
	// DefaultWaitTimeout bounds a Wait whose options and context set none.
	DefaultWaitTimeout = 10 * time.Minute
	// DefaultPoll is the first wait between two reads of the file's
	// state; it doubles up to MaxPoll.
	DefaultPoll = time.Second
	MaxPoll     = 15 * time.Second
	// MaxPollDaily is the longest wait between two reads when waiting for
	// a daily run (KeepWaiting).
	MaxPollDaily = time.Minute
)

// ErrPending is Wait's error when the file still waits for its import: its
// import is not immediate (the daily run, or a run E#L starts: File.Import
// says when) and KeepWaiting is not set, or the time ran out.
var ErrPending = errors.New("client: the file is still waiting for its import")

// WaitOptions shape Wait.
type WaitOptions struct {
	// Timeout bounds the wait; zero means DefaultWaitTimeout, unless ctx
	// has a deadline.
	Timeout time.Duration
	// KeepWaiting waits for an import that is not immediate too (the
	// daily run): otherwise Wait returns ErrPending at once.
	KeepWaiting bool
	// Poll is the first wait between two reads; zero means DefaultPoll.
	Poll time.Duration
}

// Wait waits until E#L has handled one of the partner's files — imported
// (its Verdict tells the outcome: Status accepted, partial or rejected),
// superseded, set aside, withdrawn — and returns it. While the file waits
// for an import that is not immediate, it returns the file and ErrPending
// at once (File.Import says when the next run is), unless KeepWaiting;
// after the timeout, the file and ErrPending. Other errors are File's.
func (c *Client) Wait(ctx context.Context, name string, o WaitOptions) (*File, error) {
	if _, ok := ctx.Deadline(); !ok || o.Timeout > 0 {
		timeout := o.Timeout
		if timeout <= 0 {
			timeout = DefaultWaitTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	poll := o.Poll
	if poll <= 0 {
		poll = DefaultPoll
	}
	var last *File
	for {
		f, err := c.File(ctx, name)
		if err != nil {
			if last != nil && ctx.Err() != nil {
				return last, ErrPending // the time ran out during a read
			}
			return nil, err
		}
		last = f
		if f.State != StateWaiting {
			return f, nil
		}
		most := MaxPoll
		if f.Import != nil && f.Import.Mode != "immediate" {
			if !o.KeepWaiting {
				return f, ErrPending
			}
			most = MaxPollDaily
		}
		if err := sleep(ctx, poll); err != nil {
			return f, ErrPending
		}
		poll = min(poll*2, most)
	}
}
