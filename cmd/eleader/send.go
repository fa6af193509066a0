package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/entrepreneur-leader/eleader-go/wire"
)

const sendSynopsis = `send --url URL [--token TOKEN] [--dry-run | --check] [--wait [--timeout D] [--keep-waiting]] [--retries N] [--format text|json] FILE...`

// exitPending: a file still waits for its import (send --wait).
const exitPending = 5

// sendOptions are the flags of send.
type sendOptions struct {
	url, token, format        string
	check, dryRun, wait, keep bool
	retries                   int
	timeout                   time.Duration
	lang                      i18n.Lang
}

// runSend runs "eleader send".
func runSend(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	o := sendOptions{lang: l}
	fs := newFlagSet("send", stderr, sendSynopsis, "cli.send.about")
	fs.StringVar(&o.url, "url", os.Getenv("ELEADER_URL"), l.Sprintf("cli.flag.url_send"))
	fs.StringVar(&o.token, "token", "", l.Sprintf("cli.flag.token_send"))
	fs.BoolVar(&o.dryRun, "dry-run", false, l.Sprintf("cli.flag.dry_run"))
	fs.BoolVar(&o.check, "check", false, l.Sprintf("cli.flag.check_send"))
	fs.BoolVar(&o.wait, "wait", false, l.Sprintf("cli.flag.wait"))
	fs.DurationVar(&o.timeout, "timeout", client.DefaultWaitTimeout, l.Sprintf("cli.flag.timeout_wait"))
	fs.BoolVar(&o.keep, "keep-waiting", false, l.Sprintf("cli.flag.keep_waiting"))
	fs.IntVar(&o.retries, "retries", client.DefaultRetries, l.Sprintf("cli.flag.retries"))
	fs.StringVar(&o.format, "format", "text", l.Sprintf("cli.flag.format_send"))
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
		return usageError(stderr, "cli.send.no_file")
	case o.url == "":
		return usageError(stderr, "cli.send.no_url")
	case o.token == "":
		return usageError(stderr, "cli.send.no_token")
	case o.dryRun && (o.check || o.wait):
		return usageError(stderr, "cli.send.dry_run_alone")
	case o.keep && !o.wait:
		return usageError(stderr, "cli.send.keep_without_wait")
	case o.timeout <= 0:
		return usageError(stderr, "cli.send.timeout")
	}
	if err := oneOf("format", o.format, "text", "json"); err != nil {
		return usageErr(stderr, err)
	}
	for _, f := range files {
		if info, err := os.Stat(f); err != nil {
			return usageError(stderr, "cli.send.missing", f, errors.Unwrap(err))
		} else if !info.Mode().IsRegular() {
			return usageError(stderr, "cli.send.not_a_file", f)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := client.New(o.url, o.token)
	c.Retries = o.retries
	c.UserAgent = "eleader-send"
	s := &sender{o: o, c: c, out: newTextOutput(stdout, l, matrice.Default()), stdout: stdout, stderr: stderr}
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
		fmt.Fprintf(s.stderr, "  %s\n", s.o.lang.Sprintf("cli.text.file_error", e.Code, e.Message))
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
		res := &validation{path: path, rep: reportOf(v), notes: []i18n.Text{dryRunNote(v)}}
		s.out.seeAll = "cli.send.see_all_dry_run"
		s.out.file(res)
		s.out.seeAll = ""
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
	head := v.Head
	head.FileErrors = fileErrs
	return struct {
		wire.Head
		Errors []client.LineError `json:"errors"`
		Check  *client.DryRun     `json:"check"`
	}{head, errs, v.Check}
}

// dryRunNote says what E#L's dry run tells beside the verdict.
func dryRunNote(v *client.Verdict) i18n.Text {
	switch d := v.Check; {
	case d == nil, d.Deposit != "refused" && v.Status == string(importer.StatusRejected):
		return i18n.T("cli.send.dry_run")
	case d.Deposit == "refused":
		return i18n.T("cli.send.dry_run_refused")
	case d.Unchanged:
		return i18n.T("cli.send.dry_run_unchanged")
	case d.Qualification:
		return i18n.T("cli.send.dry_run_qualification")
	}
	return i18n.T("cli.send.dry_run_changes", i18n.T("cli.text.dossiers", v.Check.Created), i18n.T("cli.text.dossiers", v.Check.Updated))
}

// send checks (--check), sends, and waits (--wait) for one file.
func (s *sender) send(ctx context.Context, path string) int {
	res := sendResult{}
	var held *client.File // what E#L holds under the name already used
	if s.o.check {
		v, code := s.checkFirst(ctx, path)
		res.Check = v
		if code != exitOK {
			if code == exitFile {
				res.Error = &client.Error{Status: 0, Code: "rejected", Message: "rejected whole by the check: not sent", Name: filepath.Base(path), Local: true} // JSON, in English as the client's errors
				s.results = append(s.results, res)
			}
			return code
		}
	}
	r, err := s.c.Upload(ctx, path)
	if err != nil {
		// A name already used: the file E#L holds under it tells what to
		// do (the same bytes under --wait: its verdict; still waiting:
		// withdraw it first).
		if errors.Is(err, client.ErrConflict) {
			held, _ = s.c.File(ctx, filepath.Base(path))
		}
		if s.o.wait && held != nil {
			if r = s.alreadySent(path, held); r != nil {
				err = nil
			}
		}
		if err != nil {
			code := s.refused(path, err, &res)
			if held != nil && held.State == client.StateWaiting {
				fmt.Fprintf(s.stderr, "  %s\n", s.o.lang.Sprintf("cli.send.withdraw_first", held.Name, held.Name))
			}
			return code
		}
	} else if s.o.format == "text" {
		how := "cli.send.deposited"
		if r.Recovered {
			how = "cli.send.recovered"
		}
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf(how, r.Name, r.Size, r.SHA256))
		if r.Import.Message != "" && !s.o.wait {
			fmt.Fprintf(s.stdout, "  %s\n", r.Import.Message)
		}
	}
	res.Receipt = r
	code := exitOK
	if s.o.wait {
		res.File, code = s.waitFor(ctx, r.Name, held)
		if code == exitFault {
			return code
		}
	}
	s.results = append(s.results, res)
	return code
}

// alreadySent returns the receipt of f, the file E#L already holds under
// path's name, when it has the same bytes (a send --wait run again), nil
// otherwise.
func (s *sender) alreadySent(path string, f *client.File) *client.Receipt {
	name := filepath.Base(path)
	sum, err := fileSHA256(path)
	if err != nil || sum != f.SHA256 {
		return nil
	}
	if s.o.format == "text" {
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf("cli.send.already_sent", name, f.State))
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
		fmt.Fprintf(s.stderr, "eleader: %s\n", s.o.lang.Sprintf("cli.send.check_refused", importer.CutName(path), ce.Message))
		return nil, checkBeforeSending(path, s.stderr)
	case errors.As(err, &ce) && ce.Status < 500:
		return nil, s.refused(path, err, nil)
	case ctx.Err() != nil:
		return nil, exitFault
	default:
		fmt.Fprintf(s.stderr, "eleader: %s\n", s.o.lang.Sprintf("cli.send.check_unreachable", importer.CutName(path), err))
		return nil, checkBeforeSending(path, s.stderr)
	}
	switch v.Status {
	case string(importer.StatusRejected):
		if s.o.format == "text" {
			s.out.file(&validation{path: path, rep: reportOf(v)})
		}
		fmt.Fprintf(s.stderr, "eleader: %s\n", s.o.lang.Sprintf("cli.send.check_rejected", importer.CutName(path)))
		return v, exitFile
	case string(importer.StatusPartial):
		fmt.Fprintf(s.stderr, "eleader: %s\n", s.o.lang.Sprintf("cli.send.check_partial", v.Rejected, v.Lines, importer.CutName(path)))
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
	l := langOf(stderr)
	if res.rep.Status == importer.StatusRejected {
		for _, e := range res.rep.FileErrors {
			fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.send.not_sent", importer.CutName(path), e.In(l)))
		}
		if len(res.rep.FileErrors) == 0 {
			fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.send.no_line_valid", importer.CutName(path)))
		}
		return exitFile
	}
	if res.rep.Rejected > 0 {
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.send.would_reject", res.rep.Rejected, res.rep.Lines, importer.CutName(path)))
	}
	return exitOK
}

// waitFor waits for a file's import (--wait) and prints where it stands.
// held is the file E#L already holds under the name (a send run again),
// or nil: once handled, its verdict is told at once, without waiting.
func (s *sender) waitFor(ctx context.Context, name string, held *client.File) (*client.File, int) {
	f, err := held, error(nil)
	if held == nil || held.State == client.StateWaiting {
		if s.o.format == "text" {
			fmt.Fprintf(s.stdout, "  %s\n", s.o.lang.Sprintf("cli.send.waiting"))
		}
		f, err = s.c.Wait(ctx, name, client.WaitOptions{Timeout: s.o.timeout, KeepWaiting: s.o.keep})
	}
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
		s.notImported(f, i18n.T("cli.send.superseded"))
	case client.StateRefused:
		s.notImported(f, i18n.T("cli.send.set_aside", eventReason(f)))
	case client.StateWithdrawn:
		s.notImported(f, i18n.T("cli.send.withdrawn_before"))
	default:
		s.notImported(f, i18n.Plain(f.State))
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
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf("cli.send.pending_daily", f.Name, f.Import.At.Local().Format("02/01/2006 15:04 MST"), untilRun(f.Import.At)))
	case f.Import != nil && f.Import.Mode == "manual" && !s.o.keep:
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf("cli.send.pending_manual", f.Name))
	default:
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf("cli.send.pending_timeout", f.Name, s.o.timeout))
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
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf("cli.send.imported", f.Name))
		return exitOK
	}
	if s.o.format == "text" {
		var notes []i18n.Text
		if v.Qualification {
			notes = append(notes, i18n.T("cli.send.qualification"))
		}
		if f.Links != nil {
			base := strings.TrimSuffix(strings.TrimSuffix(s.o.url, "/"), client.UploadPath)
			notes = append(notes, i18n.T("cli.send.report_link", base+f.Links.Report))
			if f.Links.RejectsCSV != "" {
				notes = append(notes, i18n.T("cli.send.rejects_link", base+f.Links.RejectsCSV))
			}
		}
		s.out.seeAll = "cli.send.see_rejects"
		s.out.file(&validation{path: s.o.lang.Sprintf("cli.send.imported_by", f.Name), rep: reportOf(v), notes: notes})
		s.out.seeAll = ""
	}
	return worse(exitOK, importer.Status(v.Status))
}

// notImported says why a file was not imported.
func (s *sender) notImported(f *client.File, why i18n.Text) {
	if s.o.format == "text" {
		fmt.Fprintln(s.stdout, s.o.lang.Sprintf("cli.send.not_imported", f.Name, why))
	}
}

// eventReason says why a run set a file aside, from its ledger event
// (E#L's words, as the API gives them).
func eventReason(f *client.File) i18n.Text {
	for _, e := range f.Events {
		if e.Action == "refused" {
			// A file refused for its file errors: the ledger keeps them as
			// JSON (code, English message); people read the messages.
			var errs []struct{ Code, Message, French string }
			if e.Reason == "file" && json.Unmarshal([]byte(e.Detail), &errs) == nil && len(errs) > 0 {
				fr, en := make([]string, len(errs)), make([]string, len(errs))
				for i, fe := range errs {
					en[i] = fe.Code + ": " + fe.Message
					fr[i] = fe.Code + " : " + cmp.Or(fe.French, fe.Message)
				}
				return i18n.Rendered(e.Reason+" ("+strings.Join(fr, " ; ")+")", e.Reason+" ("+strings.Join(en, "; ")+")")
			}
			if e.Detail != "" {
				return i18n.Plain(e.Reason + " (" + e.Detail + ")")
			}
			return i18n.Plain(e.Reason)
		}
	}
	return i18n.T("cli.send.see_report")
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

const withdrawSynopsis = `withdraw --url URL [--token TOKEN] [--format text|json] FILE...`

// runWithdraw runs "eleader withdraw".
func runWithdraw(args []string, stdout, stderr io.Writer) int {
	var url, token, format string
	var retries int
	l := langOf(stderr)
	fs := newFlagSet("withdraw", stderr, withdrawSynopsis, "cli.withdraw.about")
	fs.StringVar(&url, "url", os.Getenv("ELEADER_URL"), l.Sprintf("cli.flag.url_send"))
	fs.StringVar(&token, "token", "", l.Sprintf("cli.flag.token_send"))
	fs.IntVar(&retries, "retries", client.DefaultRetries, l.Sprintf("cli.flag.retries"))
	fs.StringVar(&format, "format", "text", l.Sprintf("cli.flag.format_withdraw"))
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
		return usageError(stderr, "cli.withdraw.no_file")
	case url == "":
		return usageError(stderr, "cli.withdraw.no_url")
	case token == "":
		return usageError(stderr, "cli.withdraw.no_token")
	}
	if err := oneOf("format", format, "text", "json"); err != nil {
		return usageErr(stderr, err)
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
				fmt.Fprintln(stdout, l.Sprintf("cli.withdraw.done", name))
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
