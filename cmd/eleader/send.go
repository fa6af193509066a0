package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader/client"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const sendSynopsis = `send --url URL [--token TOKEN] [--dry-run | --check] [--wait [--timeout D] [--keep-waiting]] [--retries N] [--format text|json] FILE...

Sends partner files to E#L's upload API (POST /api/v1/files, as the
connection documentation gives it), retrying network errors and server
errors. The token may come from ELEADER_TOKEN instead of --token (a token on
a command line shows in the process list), the URL from ELEADER_URL.

--dry-run sends nothing: E#L's dry run (POST /api/v1/checks) gives each
file's verdict as eleader validate prints it, with the checks that need
E#L's store (operator codes, HIST numbers, sub-versions); E#L keeps
nothing. --check asks the dry run before sending, and does not send a file
rejected whole; when E#L cannot be reached it checks locally instead (the
validator, without the store's checks) and says so. --wait waits, after
sending, for each file's import and prints its verdict: with imports at
once (serve --import now), seconds; with a daily import, it says when the
next run is and exits 5, unless --keep-waiting (up to --timeout, default
10m). A file already sent with the same bytes is not sent again: --wait
waits for it.

Exit code: 0 every file deposited (--dry-run, --wait: every line valid), 1
a file refused by E#L (its reason is printed), or some lines rejected
(--dry-run, --wait), or not imported (superseded, set aside, withdrawn), 2
usage error (a flag, a missing file), 3 a file rejected whole (--dry-run,
--check, --wait), 4 E#L unreachable, 5 still waiting for its import
(--wait). With several files, the worst: 4, 3, 1, 5, 0.`

// exitPending: a file still waits for its import (send --wait).
const exitPending = 5

// sendOptions are the flags of send.
type sendOptions struct {
	url, token, format        string
	check, dryRun, wait, keep bool
	retries                   int
	timeout                   time.Duration
}

// runSend runs "eleader send".
func runSend(args []string, stdout, stderr io.Writer) int {
	var o sendOptions
	fs := newFlagSet("send", stderr, sendSynopsis)
	fs.StringVar(&o.url, "url", os.Getenv("ELEADER_URL"), "the service's `URL`, e.g. https://eleader.example (default $ELEADER_URL)")
	fs.StringVar(&o.token, "token", "", "the partner's `token` (default $ELEADER_TOKEN)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "send nothing: print E#L's verdict of each file, store checks included (E#L keeps nothing)")
	fs.BoolVar(&o.check, "check", false, "ask E#L's dry run first (the local validator when E#L is unreachable): a file rejected whole is not sent")
	fs.BoolVar(&o.wait, "wait", false, "after sending, wait for each file's import and print its verdict")
	fs.DurationVar(&o.timeout, "timeout", client.DefaultWaitTimeout, "how long --wait waits for an import")
	fs.BoolVar(&o.keep, "keep-waiting", false, "with --wait, wait for a daily import too (up to --timeout) instead of exiting 5")
	fs.IntVar(&o.retries, "retries", client.DefaultRetries, "retries after a network error or a server error")
	fs.StringVar(&o.format, "format", "text", "output `format`: text, or json (--dry-run: validate's JSON, one object per file and line; else a list, one object per file)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if o.token == "" {
		o.token = os.Getenv("ELEADER_TOKEN")
	}
	switch {
	case len(files) == 0:
		fs.Usage()
		return usageError(stderr, "send needs at least one FILE")
	case o.url == "":
		return usageError(stderr, "send needs --url (or ELEADER_URL)")
	case o.token == "":
		return usageError(stderr, "send needs --token (or ELEADER_TOKEN)")
	case o.dryRun && (o.check || o.wait):
		return usageError(stderr, "--dry-run sends nothing: it goes without --check and --wait")
	case o.keep && !o.wait:
		return usageError(stderr, "--keep-waiting goes with --wait")
	case o.timeout <= 0:
		return usageError(stderr, "--timeout must be a positive duration, e.g. 10m")
	}
	if err := oneOf("format", o.format, "text", "json"); err != nil {
		return usageError(stderr, "%v", err)
	}
	for _, f := range files {
		if info, err := os.Stat(f); err != nil {
			return usageError(stderr, "%s: %v (nothing was sent)", f, errors.Unwrap(err))
		} else if !info.Mode().IsRegular() {
			return usageError(stderr, "%s is not a file (nothing was sent)", f)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := client.New(o.url, o.token)
	c.Retries = o.retries
	c.UserAgent = "eleader-send"
	s := &sender{o: o, c: c, out: newTextOutput(stdout, matrice.Default()), stdout: stdout, stderr: stderr}
	code := exitOK
	for _, path := range files {
		var c int
		if o.dryRun {
			c = s.dryRun(ctx, path)
		} else {
			c = s.send(ctx, path)
		}
		if c == exitFault {
			return exitFault
		}
		code = worstSend(code, c)
	}
	if o.format == "json" && !o.dryRun {
		if s.results == nil {
			s.results = []sendResult{}
		}
		printJSON(stdout, s.results)
	}
	return code
}

// worstSend combines the exit codes of two files: 4, 3, 1, 5, then 0.
func worstSend(a, b int) int {
	for _, c := range []int{exitFault, exitFile, exitRejected, exitPending} {
		if a == c || b == c {
			return c
		}
	}
	return exitOK
}

// sender sends the files of one "eleader send".
type sender struct {
	o              sendOptions
	c              *client.Client
	out            *textOutput
	stdout, stderr io.Writer
	results        []sendResult // --format json
}

// sendResult is what --format json prints of one file sent (a list).
type sendResult struct {
	*client.Receipt
	// Error is E#L's refusal (or the client's, for a bad name).
	Error *client.Error `json:"error,omitempty"`
	// Check is the dry run's verdict (--check).
	Check *client.Verdict `json:"check,omitempty"`
	// File is where the file stands after --wait, with its verdict.
	File *client.File `json:"file,omitempty"`
}

// refused prints E#L's refusal of a file and returns send's exit code: 1
// for a refusal, 4 for a fault (E#L unreachable).
func (s *sender) refused(path string, err error, res *sendResult) int {
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status >= 500 {
		fmt.Fprintf(s.stderr, "eleader: %s: %v\n", importer.CutName(path), err)
		return exitFault
	}
	fmt.Fprintf(s.stderr, "eleader: %v\n", ce)
	for _, e := range ce.FileErrors {
		fmt.Fprintf(s.stderr, "  file error %s: %s\n", e.Code, e.Message)
	}
	if res != nil {
		res.Error = ce
		s.results = append(s.results, *res)
	}
	return exitRejected
}

// dryRun prints E#L's verdict of one file (--dry-run).
func (s *sender) dryRun(ctx context.Context, path string) int {
	v, err := s.c.Check(ctx, path)
	if err != nil {
		if s.o.format == "json" {
			var ce *client.Error
			if errors.As(err, &ce) {
				printJSON(s.stdout, ce)
			}
		}
		return s.refused(path, err, nil)
	}
	if s.o.format == "json" {
		printJSON(s.stdout, checkJSON(v))
	} else {
		res := &validation{path: path, rep: reportOf(v), notes: []string{dryRunNote(v)}}
		s.out.file(res)
	}
	return worse(exitOK, importer.Status(v.Status))
}

// checkJSON is a dry run's verdict as validate's JSON (errors always
// there) with its check key.
func checkJSON(v *client.Verdict) any {
	errs := v.Errors
	if errs == nil {
		errs = []client.LineError{}
	}
	fileErrs := v.FileErrors
	if fileErrs == nil {
		fileErrs = []client.FileError{}
	}
	return struct {
		File       string             `json:"file"`
		Partner    string             `json:"partner"`
		Date       string             `json:"date"`
		Status     string             `json:"status"`
		Lines      int                `json:"lines"`
		Accepted   int                `json:"accepted"`
		Rejected   int                `json:"rejected"`
		Dossiers   int                `json:"dossiers"`
		FileErrors []client.FileError `json:"fileErrors"`
		Errors     []client.LineError `json:"errors"`
		Check      *client.DryRun     `json:"check"`
	}{v.File, v.Partner, v.Date, v.Status, v.Lines, v.Accepted, v.Rejected, v.Dossiers, fileErrs, errs, v.Check}
}

// dryRunNote says what E#L's dry run tells beside the verdict.
func dryRunNote(v *client.Verdict) string {
	note := "E#L's dry run: nothing was sent or kept"
	switch d := v.Check; {
	case d == nil:
	case d.Deposit == "refused":
		note += "; an upload of this file would be refused at once, for its file errors"
	case v.Status == string(importer.StatusRejected):
	case d.Unchanged:
		note += "; this very file was already consolidated: its import would change nothing"
	case d.Qualification:
		note += "; in qualification, its import would be judged, not consolidated"
	default:
		note += fmt.Sprintf("; its import would create %s and change %s", plural(d.Created, "dossier", "dossiers"), plural(d.Updated, "dossier", "dossiers"))
	}
	return note
}

// send checks (--check), sends, and waits (--wait) for one file.
func (s *sender) send(ctx context.Context, path string) int {
	res := sendResult{}
	if s.o.check {
		v, code := s.checkFirst(ctx, path)
		res.Check = v
		if code != exitOK {
			if code == exitFile {
				res.Error = &client.Error{Status: 0, Code: "rejected", Message: "rejected whole by the check: not sent", Name: filepath.Base(path), Local: true}
				s.results = append(s.results, res)
			}
			return code
		}
	}
	r, err := s.c.Upload(ctx, path)
	if err != nil {
		if s.o.wait && errors.Is(err, client.ErrConflict) {
			if r = s.alreadySent(ctx, path); r != nil {
				err = nil
			}
		}
		if err != nil {
			return s.refused(path, err, &res)
		}
	} else if s.o.format == "text" {
		how := "deposited"
		if r.Recovered {
			how = "deposited (by an earlier attempt whose answer was lost)"
		}
		fmt.Fprintf(s.stdout, "%s %s: %d bytes, sha256 %s\n", r.Name, how, r.Size, r.SHA256)
		if r.Import.Message != "" && !s.o.wait {
			fmt.Fprintf(s.stdout, "  %s\n", r.Import.Message)
		}
	}
	res.Receipt = r
	code := exitOK
	if s.o.wait {
		res.File, code = s.waitFor(ctx, r.Name)
		if code == exitFault {
			return code
		}
	}
	s.results = append(s.results, res)
	return code
}

// alreadySent returns the receipt of a file E#L already holds with the
// same bytes (a send --wait run again), nil otherwise.
func (s *sender) alreadySent(ctx context.Context, path string) *client.Receipt {
	name := filepath.Base(path)
	f, err := s.c.File(ctx, name)
	if err != nil {
		return nil
	}
	sum, err := fileSHA256(path)
	if err != nil || sum != f.SHA256 {
		return nil
	}
	if s.o.format == "text" {
		fmt.Fprintf(s.stdout, "%s was already sent with the same bytes (%s): not sent again\n", name, f.State)
	}
	return &client.Receipt{Name: name, SHA256: f.SHA256, Size: f.Size, Deposited: f.At, Recovered: true}
}

// checkFirst asks E#L's dry run about a file before it is sent (--check),
// or, when E#L cannot be reached, the local validator. It returns the
// verdict (nil when local) and exitOK to send, exitFile for a file
// rejected whole, another code for a refusal or a fault.
func (s *sender) checkFirst(ctx context.Context, path string) (*client.Verdict, int) {
	v, err := s.c.Check(ctx, path)
	var ce *client.Error
	switch {
	case err == nil:
	case errors.As(err, &ce) && ce.Status == 429:
		fmt.Fprintf(s.stderr, "eleader: %s: E#L's dry run is refused for now (%s): checked locally, without the checks that need E#L's store (operator codes, sub-versions)\n", importer.CutName(path), ce.Message)
		return nil, checkBeforeSending(path, s.stderr)
	case errors.As(err, &ce) && ce.Status < 500:
		return nil, s.refused(path, err, nil)
	case ctx.Err() != nil:
		return nil, exitFault
	default:
		fmt.Fprintf(s.stderr, "eleader: %s: E#L could not be reached for its dry run (%v): checked locally, without the checks that need E#L's store (operator codes, sub-versions)\n", importer.CutName(path), err)
		return nil, checkBeforeSending(path, s.stderr)
	}
	switch v.Status {
	case string(importer.StatusRejected):
		if s.o.format == "text" {
			s.out.file(&validation{path: path, rep: reportOf(v)})
		}
		fmt.Fprintf(s.stderr, "eleader: %s: not sent: E#L's dry run rejects the whole file (eleader send --dry-run %s shows why)\n", importer.CutName(path), importer.CutName(path))
		return v, exitFile
	case string(importer.StatusPartial):
		fmt.Fprintf(s.stderr, "eleader: %s: E#L's dry run rejects %d of %d lines (eleader send --dry-run %s shows them); sending anyway\n",
			importer.CutName(path), v.Rejected, v.Lines, importer.CutName(path))
	}
	return v, exitOK
}

// checkBeforeSending validates a file with the default matrice; a file
// rejected whole (a file error, or no line accepted) is reported and not
// sent.
func checkBeforeSending(path string, stderr io.Writer) int {
	res, err := validateOne(importer.NewValidator(matrice.Default()), path, "", &validateOutput{format: "text"}, io.Discard)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %s: %s\n", importer.CutName(path), shownError(err))
		return exitFault
	}
	if res.rep.Status == importer.StatusRejected {
		for _, e := range res.rep.FileErrors {
			fmt.Fprintf(stderr, "eleader: %s: not sent: %s\n", importer.CutName(path), e.Message)
		}
		if len(res.rep.FileErrors) == 0 {
			fmt.Fprintf(stderr, "eleader: %s: not sent: no line is valid (eleader validate %s shows why)\n", importer.CutName(path), importer.CutName(path))
		}
		return exitFile
	}
	if res.rep.Rejected > 0 {
		fmt.Fprintf(stderr, "eleader: %s: %d of %d lines would be rejected (eleader validate %s shows them); sending anyway\n",
			importer.CutName(path), res.rep.Rejected, res.rep.Lines, importer.CutName(path))
	}
	return exitOK
}

// waitFor waits for a file's import (--wait) and prints where it stands.
func (s *sender) waitFor(ctx context.Context, name string) (*client.File, int) {
	if s.o.format == "text" {
		fmt.Fprintf(s.stdout, "  waiting for its import…\n")
	}
	f, err := s.c.Wait(ctx, name, client.WaitOptions{Timeout: s.o.timeout, KeepWaiting: s.o.keep})
	switch {
	case errors.Is(err, client.ErrPending):
		s.pending(f)
		return f, exitPending
	case err != nil:
		var ce *client.Error
		if errors.As(err, &ce) && ce.Status < 500 {
			fmt.Fprintf(s.stderr, "eleader: %v\n", ce)
			return f, exitRejected
		}
		fmt.Fprintf(s.stderr, "eleader: %s: %v\n", importer.CutName(name), err)
		return f, exitFault
	}
	switch f.State {
	case client.StateImported:
		return f, s.imported(f)
	case client.StateSuperseded:
		s.notImported(f, "superseded: a more recent export of yours was imported instead, or this export is older than your last imported one; send the correction as a new export (the next date)")
	case client.StateRefused:
		s.notImported(f, "set aside by E#L's run without being imported: "+eventReason(f))
	case client.StateWithdrawn:
		s.notImported(f, "withdrawn before its import")
	default:
		s.notImported(f, f.State)
	}
	return f, exitRejected
}

// pending says when a file still waiting will be imported.
func (s *sender) pending(f *client.File) {
	if s.o.format != "text" || f == nil {
		return
	}
	switch {
	case f.Import != nil && f.Import.Mode == "daily" && !s.o.keep:
		fmt.Fprintf(s.stdout, "%s is pending: E#L imports it at its daily run, %s; wait for it with --wait --keep-waiting --timeout %s, or ask again later with --wait\n",
			f.Name, f.Import.At.Local().Format("02/01/2006 15:04 MST"), untilRun(f.Import.At))
	case f.Import != nil && f.Import.Mode == "manual" && !s.o.keep:
		fmt.Fprintf(s.stdout, "%s is pending: E#L imports it at the next run it starts; ask again later with --wait\n", f.Name)
	default:
		fmt.Fprintf(s.stdout, "%s is still pending after %s: ask again later with --wait (a file already sent is not sent again)\n", f.Name, s.o.timeout)
	}
}

// untilRun is a --timeout that covers the wait until a run at t, rounded
// up to the hour.
func untilRun(t time.Time) string {
	d := time.Until(t) + 30*time.Minute
	return (d.Truncate(time.Hour) + time.Hour).String()
}

// imported prints an imported file's verdict and returns its exit code.
func (s *sender) imported(f *client.File) int {
	v := f.Verdict
	if v == nil {
		fmt.Fprintf(s.stdout, "%s imported\n", f.Name)
		return exitOK
	}
	if s.o.format == "text" {
		var notes []string
		if v.Qualification {
			notes = append(notes, "in qualification: judged, not consolidated")
		}
		if f.Links != nil {
			base := strings.TrimSuffix(strings.TrimSuffix(s.o.url, "/"), client.UploadPath)
			notes = append(notes, "report: "+base+f.Links.Report)
			if f.Links.RejectsCSV != "" {
				notes = append(notes, "the rejected lines, with their errors: "+base+f.Links.RejectsCSV)
			}
		}
		s.out.seeAll = "the rejected lines, below"
		s.out.file(&validation{path: f.Name + " (imported by E#L)", rep: reportOf(v), notes: notes})
		s.out.seeAll = ""
	}
	return worse(exitOK, importer.Status(v.Status))
}

// notImported says why a file was not imported.
func (s *sender) notImported(f *client.File, why string) {
	if s.o.format == "text" {
		fmt.Fprintf(s.stdout, "%s was not imported: %s\n", f.Name, why)
	}
}

// eventReason says why a run set a file aside, from its ledger event.
func eventReason(f *client.File) string {
	for _, e := range f.Events {
		if e.Action == "refused" {
			if e.Detail != "" {
				return e.Reason + " (" + e.Detail + ")"
			}
			return e.Reason
		}
	}
	return "see your report"
}

// ruleName finds the rule a rule error's message names.
var ruleName = regexp.MustCompile(`rule '([^']+)'$`)

// reportOf turns E#L's verdict into the validator's report, for the text
// output: its line errors grouped by check (a dry run's) or its counts per
// check (an imported file's).
func reportOf(v *client.Verdict) *importer.Report {
	rep := &importer.Report{File: v.File, Partner: v.Partner, Status: importer.Status(v.Status),
		Lines: v.Lines, Accepted: v.Accepted, Rejected: v.Rejected, Dossiers: v.Dossiers}
	if t, err := time.Parse(time.DateOnly, v.Date); err == nil {
		rep.Date = matrice.DateOf(t)
	}
	for _, e := range v.FileErrors {
		rep.FileErrors = append(rep.FileErrors, &importer.FileError{File: v.File, Code: importer.FileCheck(e.Code), Message: e.Message})
	}
	lineError := func(e client.LineError) *importer.LineError {
		le := &importer.LineError{File: v.File, Line: e.Line, Dossier: e.Dossier, Field: e.Field, Value: e.Value,
			Check: matrice.Check(e.Check), Message: e.Message}
		if m := ruleName.FindStringSubmatch(e.Message); m != nil {
			le.Rule = m[1]
		}
		return le
	}
	for _, c := range v.Checks {
		sum := importer.CheckSummary{Check: matrice.Check(c.Check), Count: c.Count}
		for _, e := range c.Examples {
			sum.Examples = append(sum.Examples, lineError(e))
		}
		rep.Checks = append(rep.Checks, sum)
	}
	index := map[string]int{}
	for _, e := range v.Errors {
		i, ok := index[e.Check]
		if !ok {
			i = len(rep.Checks)
			index[e.Check] = i
			rep.Checks = append(rep.Checks, importer.CheckSummary{Check: matrice.Check(e.Check)})
		}
		sum := &rep.Checks[i]
		sum.Count++
		if len(sum.Examples) < importer.DefaultExamples {
			sum.Examples = append(sum.Examples, lineError(e))
		}
	}
	return rep
}

// fileSHA256 returns a file's SHA-256 in hexadecimal.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

const withdrawSynopsis = `withdraw --url URL [--token TOKEN] [--format text|json] FILE...

Withdraws files sent to E#L that still wait for their import (DELETE
/api/v1/files/NAME; a FILE's name is its base name): E#L deletes each,
keeping a trace in its ledger, and its name is free again, for the
correction to be sent under the same name. A file already imported, or
superseded, cannot be: send the correction as a new export (the next
date). The token may come from ELEADER_TOKEN, the URL from ELEADER_URL.
Exit code: 0 every file withdrawn, 1 a file refused (its reason is
printed), 2 usage error, 4 E#L unreachable.`

// runWithdraw runs "eleader withdraw".
func runWithdraw(args []string, stdout, stderr io.Writer) int {
	var url, token, format string
	var retries int
	fs := newFlagSet("withdraw", stderr, withdrawSynopsis)
	fs.StringVar(&url, "url", os.Getenv("ELEADER_URL"), "the service's `URL`, e.g. https://eleader.example (default $ELEADER_URL)")
	fs.StringVar(&token, "token", "", "the partner's `token` (default $ELEADER_TOKEN)")
	fs.IntVar(&retries, "retries", client.DefaultRetries, "retries after a network error or a server error")
	fs.StringVar(&format, "format", "text", "output `format`: text or json (a list, one object per file)")
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if token == "" {
		token = os.Getenv("ELEADER_TOKEN")
	}
	switch {
	case len(names) == 0:
		fs.Usage()
		return usageError(stderr, "withdraw needs at least one FILE")
	case url == "":
		return usageError(stderr, "withdraw needs --url (or ELEADER_URL)")
	case token == "":
		return usageError(stderr, "withdraw needs --token (or ELEADER_TOKEN)")
	}
	if err := oneOf("format", format, "text", "json"); err != nil {
		return usageError(stderr, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := client.New(url, token)
	c.Retries = retries
	c.UserAgent = "eleader-send"
	type result struct {
		Name      string        `json:"name"`
		Withdrawn bool          `json:"withdrawn"`
		Error     *client.Error `json:"error,omitempty"`
	}
	results := []result{}
	code := exitOK
	for _, path := range names {
		name := filepath.Base(path)
		err := c.Withdraw(ctx, name)
		var ce *client.Error
		switch {
		case err == nil:
			results = append(results, result{Name: name, Withdrawn: true})
			if format == "text" {
				fmt.Fprintf(stdout, "%s withdrawn: send its correction under the same name\n", name)
			}
		case errors.As(err, &ce) && ce.Status < 500:
			results = append(results, result{Name: name, Error: ce})
			fmt.Fprintf(stderr, "eleader: %v\n", ce)
			code = exitRejected
		default:
			fmt.Fprintf(stderr, "eleader: %s: %v\n", importer.CutName(name), err)
			return exitFault
		}
	}
	if format == "json" {
		printJSON(stdout, results)
	}
	return code
}
