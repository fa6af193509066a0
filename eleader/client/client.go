// Package client sends a partner's files to E#L's upload API, as seed 000
// describes it: POST /api/v1/files with Content-Disposition: attachment;
// filename="AAAAMMJJ-IDENTIFIANT.csv", Content-Type:
// application/octet-stream, Accept: application/json and Authorization:
// fmetoken token=TOKEN, the file's bytes as the body.
//
// Upload checks the file name's nomenclature before sending, retries
// network errors, 5xx answers and an upload's 429 (too many uploads in
// progress) with exponential backoff, and returns an
// *Error per status, comparable with errors.Is to ErrUnauthorized,
// ErrForbidden, ErrNotFound, ErrConflict, ErrTooLarge, ErrUnsupported and
// ErrBadName. A retry answered 409 after an attempt whose answer was lost
// is checked: when the file E#L holds under that name has the same SHA-256,
// the upload succeeded.
//
// Before sending, Check asks E#L's dry run (POST /api/v1/checks) for the
// verdict the file's import would get — the checks that need E#L's store,
// such as operator codes, included — in eleader validate's form (Verdict);
// E#L keeps nothing. After sending, Wait waits for the import and returns
// the file with its Verdict (ErrPending while it waits for a daily run);
// Withdraw withdraws a file still waiting, so that its correction can be
// sent under the same name.
//
// The package depends only on the standard library and the file-name rule
// (importer/filename, itself standard library only): a partner's system
// imports it without the rest of the service.
package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer/filename"
)

// Defaults of a Client's settings.
const (
	// DefaultRetries is how many times a request is retried after a
	// network error or a 5xx answer.
	DefaultRetries = 4
	// DefaultBackoff is the wait before the first retry; it doubles at each
	// retry, with ±20% jitter, up to DefaultMaxBackoff.
	DefaultBackoff    = time.Second
	DefaultMaxBackoff = 30 * time.Second
	// UploadPath is the upload endpoint, under the service's URL.
	UploadPath = "/api/v1/files"
)

// Client talks to E#L's API for one partner. Set its fields (New sets the
// defaults), then use it from any number of goroutines.
type Client struct {
	// URL is the service's address, e.g. https://eleader.example (the
	// upload endpoint itself, …/api/v1/files, is accepted too).
	URL string
	// Token is the partner's token, elt_….
	Token string
	// HTTPClient sends the requests. Nil means a client whose transport
	// has connection, TLS and response-header timeouts, but no overall
	// timeout (a large file takes its time).
	HTTPClient *http.Client
	// Retries is how many times a request is retried (network errors and
	// 5xx). Negative means none; New sets DefaultRetries.
	Retries int
	// Backoff and MaxBackoff shape the waits between retries. Zero means
	// the defaults.
	Backoff, MaxBackoff time.Duration
	// UserAgent names the partner's software in requests. "" means
	// "eleader-go-client".
	UserAgent string
}

// New returns a client of the service at url for a partner's token.
func New(url, token string) *Client {
	return &Client{URL: url, Token: token, Retries: DefaultRetries}
}

// defaultHTTP is the client used when HTTPClient is nil.
func defaultHTTP() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 5 * time.Minute,
		ExpectContinueTimeout: 2 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}}
}

func (c *Client) http() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return defaultHTTP()
}

// endpoint returns the URL of an API path.
func (c *Client) endpoint(path string) (string, error) {
	base := strings.TrimRight(c.URL, "/")
	base = strings.TrimSuffix(base, UploadPath)
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("client: %q is not the service's URL (https://host)", c.URL)
	}
	return base + path, nil
}

// Receipt is E#L's answer to an upload: the file as stored, and when it
// will be imported.
type Receipt struct {
	Name      string    `json:"name"`
	Partner   string    `json:"partner"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Deposited time.Time `json:"deposited"`
	Import    Import    `json:"import"`
	// Recovered is true when an earlier attempt, whose answer was lost,
	// had deposited the file: a retry got 409, and E#L holds the same bytes.
	Recovered bool `json:"-"`
}

// Import says when a deposited file will be imported.
type Import struct {
	// Mode is "immediate", "daily" (at At) or "manual".
	Mode string    `json:"mode"`
	At   time.Time `json:"at"`
	// Qualification: the partner is in qualification; the file is judged
	// without being consolidated.
	Qualification bool   `json:"qualification"`
	Message       string `json:"message"`
}

// Upload sends the file at path, under its base name, which must follow
// the nomenclature AAAAMMJJ-IDENTIFIANT.csv (checked before sending:
// *Error ErrBadName). It returns E#L's receipt, or an *Error.
func (c *Client) Upload(ctx context.Context, path string) (*Receipt, error) {
	f, size, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return c.UploadReader(ctx, filepath.Base(path), f, size)
}

// checkName checks a file name before sending it, with E#L's own rule
// (filename.Check).
func checkName(name string) error {
	if _, err := filename.Check(name); err != nil {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "bad_name", Message: err.Error(), Name: name, Local: true, err: err}
	}
	return nil
}

// UploadReader sends the size bytes of body under name (see Upload). Each
// attempt reads body from its start, with a reader of its own (a transport
// may still be reading a failed attempt's body).
func (c *Client) UploadReader(ctx context.Context, name string, body io.ReaderAt, size int64) (*Receipt, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	target, err := c.endpoint(UploadPath)
	if err != nil {
		return nil, err
	}
	sum, err := measure(io.NewSectionReader(body, 0, size))
	if err != nil {
		return nil, fmt.Errorf("client: read %s: %w", name, err)
	}
	var lost bool // an earlier attempt may have reached E#L
	for attempt := 0; ; attempt++ {
		resp, err := c.sendFile(ctx, attempt, "upload", target, name, body, size)
		if err != nil {
			return nil, err
		}
		if resp == nil {
			lost = true // a network error, waited for
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusCreated:
			var r Receipt
			if err := json.Unmarshal(b, &r); err != nil {
				return nil, fmt.Errorf("client: upload %s: 201 with an unreadable body: %w", name, err)
			}
			return &r, nil
		case resp.StatusCode == http.StatusConflict && lost:
			if r, ok := c.recover(ctx, name, size, sum); ok {
				return r, nil
			}
		case resp.StatusCode >= 500:
			lost = true
			if wait, ok := c.retry(attempt, resp); ok {
				if err := sleep(ctx, wait); err != nil {
					return nil, err
				}
				continue
			}
		case resp.StatusCode == http.StatusTooManyRequests:
			// Too many uploads in progress: refused before the body was
			// read, nothing deposited; retried after Retry-After.
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

// measure returns a body's SHA-256.
func measure(body io.Reader) (string, error) {
	h := sha256.New()
	_, err := io.Copy(h, body)
	return hex.EncodeToString(h.Sum(nil)), err
}

// recover checks whether E#L holds name with our bytes: an earlier attempt
// deposited it.
func (c *Client) recover(ctx context.Context, name string, size int64, sum string) (*Receipt, bool) {
	f, err := c.File(ctx, name)
	if err != nil || f.SHA256 != sum {
		return nil, false
	}
	return &Receipt{Name: f.Name, Size: size, SHA256: sum, Deposited: f.At, Recovered: true}, true
}

// authorize sets the request's credentials and user agent.
func (c *Client) authorize(req *http.Request) {
	req.Header.Set("Authorization", "fmetoken token="+c.Token)
	ua := c.UserAgent
	if ua == "" {
		ua = "eleader-go-client"
	}
	req.Header.Set("User-Agent", ua)
}

// retry tells whether to retry after attempt, and after how long: the
// backoff, or the server's Retry-After when it says more.
func (c *Client) retry(attempt int, resp *http.Response) (time.Duration, bool) {
	retries := c.Retries
	if attempt >= retries {
		return 0, false
	}
	base, most := c.Backoff, c.MaxBackoff
	if base <= 0 {
		base = DefaultBackoff
	}
	if most <= 0 {
		most = DefaultMaxBackoff
	}
	wait := base << attempt
	if wait <= 0 || wait > most {
		wait = most
	}
	wait = time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))
	if resp != nil {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			wait = max(wait, min(time.Duration(s)*time.Second, 10*most))
		}
	}
	return wait, true
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// File is one of the partner's files as E#L knows it.
type File struct {
	Name string `json:"name"`
	// State is StateWaiting, StateImported, StateSuperseded, StateRefused
	// or StateWithdrawn.
	State  string    `json:"state"`
	Size   int64     `json:"size"`
	SHA256 string    `json:"sha256"`
	At     time.Time `json:"at"`
	// Report is the import's report, for an imported file.
	Report *Report `json:"report"`
	// Import says when a waiting file will be imported (File only).
	Import *Import `json:"import,omitempty"`
	// Verdict and Links are an imported file's verdict, and its report
	// and rejects (File only).
	Verdict *Verdict `json:"verdict,omitempty"`
	Links   *Links   `json:"links,omitempty"`
	// Events are what E#L's ledger tells of the name besides (File only).
	Events []Event `json:"events,omitempty"`
}

// Report is the summary of an import.
type Report struct {
	ID            int64  `json:"id"`
	File          string `json:"file"`
	Status        string `json:"status"`
	Qualification bool   `json:"qualification"`
	Consolidated  bool   `json:"consolidated"`
	Lines         int    `json:"lines"`
	Accepted      int    `json:"accepted"`
	Rejected      int    `json:"rejected"`
	Dossiers      int    `json:"dossiers"`
}

// File returns where one of the partner's files stands.
func (c *Client) File(ctx context.Context, name string) (*File, error) {
	var f File
	if err := c.getJSON(ctx, UploadPath+"/"+url.PathEscape(name), name, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Files lists the partner's files, most recent first.
func (c *Client) Files(ctx context.Context) ([]File, error) {
	var res struct {
		Files []File `json:"files"`
	}
	if err := c.getJSON(ctx, UploadPath, "", &res); err != nil {
		return nil, err
	}
	return res.Files, nil
}

// Query is a dossier search: surname, first name and birth date
// (JJ/MM/AAAA) together, or a SIRET.
type Query struct {
	Nom           string `json:"nom,omitempty"`
	Prenom        string `json:"prenom,omitempty"`
	DateNaissance string `json:"dateNaissance,omitempty"`
	SIRET         string `json:"siret,omitempty"`
}

// Found is a main dossier found, with its sub-versions and their phases
// and the number a new sub-version must take: never who holds it.
type Found struct {
	Main           string `json:"main"`
	NextSubversion string `json:"nextSubversion"`
	Dossiers       []struct {
		Number  string `json:"number"`
		Version int    `json:"version"`
		Phase   string `json:"phase"`
	} `json:"dossiers"`
}

// Search finds dossier numbers (the search engine of spec §7): numbers
// only, never personal data. E#L records every search and limits a
// partner's (60 an hour by default): beyond, an *Error of status 429,
// IsTemporary, which is not retried (its Retry-After can be an hour).
func (c *Client) Search(ctx context.Context, q Query) ([]Found, error) {
	target, err := c.endpoint("/api/v1/dossiers/search")
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(q)
	var res struct {
		Results []Found `json:"results"`
	}
	err = c.send(ctx, func() (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}, "", &res)
	return res.Results, err
}

// getJSON GETs an API path into v, with retries.
func (c *Client) getJSON(ctx context.Context, path, name string, v any) error {
	target, err := c.endpoint(path)
	if err != nil {
		return err
	}
	return c.send(ctx, func() (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	}, name, v)
}

// send sends a request that may be repeated, retrying network errors and
// 5xx, and decodes a 200 into v (nil: any 2xx is success).
func (c *Client) send(ctx context.Context, newReq func() (*http.Request, error), name string, v any) error {
	for attempt := 0; ; attempt++ {
		req, err := newReq()
		if err != nil {
			return fmt.Errorf("client: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		c.authorize(req)
		resp, err := c.http().Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if wait, ok := c.retry(attempt, nil); ok {
				if err := sleep(ctx, wait); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("client: %s %s: %w", req.Method, req.URL.Path, err)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("client: %s %s: %w", req.Method, req.URL.Path, err)
		}
		if resp.StatusCode >= 500 {
			if wait, ok := c.retry(attempt, resp); ok {
				if err := sleep(ctx, wait); err != nil {
					return err
				}
				continue
			}
		}
		if v == nil && resp.StatusCode/100 == 2 {
			return nil
		}
		if resp.StatusCode != http.StatusOK {
			return newError(name, resp, b)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("client: %s %s: unreadable answer: %w", req.Method, req.URL.Path, err)
		}
		return nil
	}
}

// Error is an answer of E#L other than success: its status, the API's code
// and message (in French, saying what to fix), and the file concerned. It
// marshals to JSON as the API's error with the status and the file.
type Error struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Name is the file's name, "" when the request was not about a file.
	Name string `json:"name,omitempty"`
	// Local is true when the client refused before sending (a bad name).
	Local bool `json:"local,omitempty"`
	// FileErrors are, for a file refused at its deposit (422, code
	// rejected), its file errors, as eleader validate gives them.
	FileErrors []FileError `json:"fileErrors,omitempty"`
	// RetryAfter is, for a 429, how long E#L asks to wait.
	RetryAfter time.Duration `json:"-"`
	err        error
}

// The errors of each status, for errors.Is.
var (
	ErrUnauthorized = &Error{Status: http.StatusUnauthorized}
	ErrForbidden    = &Error{Status: http.StatusForbidden}
	ErrNotFound     = &Error{Status: http.StatusNotFound}
	ErrConflict     = &Error{Status: http.StatusConflict}
	ErrTooLarge     = &Error{Status: http.StatusRequestEntityTooLarge}
	ErrUnsupported  = &Error{Status: http.StatusUnsupportedMediaType}
	ErrBadName      = &Error{Status: http.StatusUnprocessableEntity}
)

func (e *Error) Error() string {
	var b strings.Builder
	if e.Name != "" {
		b.WriteString(e.Name + ": ")
	}
	if e.Local {
		b.WriteString("not sent: ")
	} else {
		fmt.Fprintf(&b, "%d %s: ", e.Status, http.StatusText(e.Status))
	}
	b.WriteString(e.Message)
	return b.String()
}

// Is matches the sentinel of e's status.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == "" && t.Message == "" && t.Status == e.Status
}

// Unwrap returns the cause of a local error (a *filename.Error).
func (e *Error) Unwrap() error { return e.err }

// newError reads an error answer.
func newError(name string, resp *http.Response, body []byte) *Error {
	e := &Error{Status: resp.StatusCode, Name: name}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	var p struct {
		Code, Message string
		FileErrors    []FileError
	}
	if json.Unmarshal(body, &p) == nil && p.Message != "" {
		e.Code, e.Message, e.FileErrors = p.Code, p.Message, p.FileErrors
	} else {
		e.Message = strings.TrimSpace(string(body))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "…"
		}
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	return e
}

var _ error = (*Error)(nil)

// IsTemporary reports whether err may go away by itself (a network error,
// a 5xx after the retries, a 429: too many requests for now): sending
// again later is worth it.
func IsTemporary(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Status >= 500 || e.Status == http.StatusTooManyRequests
	}
	return err != nil && !errors.Is(err, context.Canceled)
}
