package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/wire"
)

// check is POST /api/v1/checks: E#L's dry run of a file (Service.Check),
// with the headers and body of an upload and its refusals (receive, then
// the front door's), and its own rate limit (429). The answer, 200, is the
// JSON of eleader validate — line errors included, those of the store's
// checks too — streamed from a log that holds them on disk past a few MiB,
// plus a "check" key. A file rejected whole is a verdict too: 200, status
// rejected, its file errors, and check.deposit "refused".
func (h *Handler) check(w http.ResponseWriter, r *http.Request) {
	p, name, release, ok := h.receive(w, r)
	if !ok {
		return
	}
	defer release()
	note(r, "", safeName(name))
	var errs importer.ErrorLog
	defer errs.Close()
	res, err := h.Service.Check(r.Context(), p, name, r.ContentLength, r.Body, h.maxUpload(), func(l *importer.Line) error {
		if l.Accepted() {
			return nil
		}
		return errs.Add(l.Errors...)
	})
	if err != nil {
		if retry, ok := eleader.RetryAfter(err); ok {
			writeProblem(w, tooMany(retry, "api.check.too_many", h.checkRate()))
			return
		}
		writeProblem(w, h.uploadProblem(r, err, p, name))
		return
	}
	rep := res.Report
	if rep.Stopped() {
		errs.Reset() // as validate: a file error that stopped the reading judges every line
	}
	cr := wire.DryRun{Deposit: "accepted", Mode: string(p.Sheet.Mode), Qualification: res.Record.Qualification, Qualified: res.Qualified,
		Created: res.Record.Created, Updated: res.Record.Updated, Unchanged: res.Unchanged}
	if cr.Mode == "" {
		cr.Mode = string(importer.ModePartial)
	}
	// The message is in French, as every message of the API's JSON.
	done := i18n.T("api.check.done", rep.Lines, rep.Accepted, rep.Rejected)
	var msg i18n.Text
	switch refused := eleader.DepositErrors(rep); {
	case len(refused) > 0:
		cr.Deposit = "refused"
		msg = i18n.T("api.check.refused", importer.CutName(name), errorsText(refused))
	case len(rep.FileErrors) > 0:
		msg = i18n.T("api.check.rejected", errorsText(fileErrors(rep.FileErrors)))
	case res.Unchanged:
		msg = i18n.T("api.check.same", done)
	case res.Record.Qualification:
		msg = i18n.T("api.check.qualification", done)
	default:
		msg = i18n.T("api.check.would", done, res.Record.Created, res.Record.Updated)
	}
	cr.Message = i18n.French.Text(msg)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if err := importer.WriteJSON(w, rep, &errs, map[string]any{"check": cr}); err != nil {
		h.logger().Error("http: dry run: answer", "partner", p.ID(), "file", safeName(name), "error", err)
	}
}

// fileErrors copies a report's file errors.
func fileErrors(list []*importer.FileError) []importer.FileError {
	out := make([]importer.FileError, len(list))
	for i, e := range list {
		out[i] = *e
	}
	return out
}

// errorsText lists file errors' explanations, each said in the reader's
// language.
func errorsText(list []importer.FileError) i18n.Text {
	items := make([]any, len(list))
	for i, e := range list {
		items[i] = e.Text
		if e.Text.IsZero() { // read back from a store: its Message only
			items[i] = i18n.Plain(e.Message)
		}
	}
	return i18n.Join("sep.semicolon", items...)
}

// checkRate is the service's dry runs per hour, for messages.
func (h *Handler) checkRate() int {
	if n := h.Service.CheckRate; n > 0 {
		return n
	}
	return eleader.DefaultCheckRate
}

// fileResult is the body of GET /api/v1/files/{name}: where the file
// stands (eleader.FileStatus), when it will be imported while it waits,
// and, once imported, its verdict and the links to its report and
// rejects.
type fileResult struct {
	eleader.FileStatus
	// Import says when a waiting file will be imported.
	Import *importPlan `json:"import,omitempty"`
	// Verdict is an imported file's verdict, in the form of eleader
	// validate's JSON (spec §9) but for its line errors: their count and
	// first examples per check are in checks, every one of them in the
	// rejects file (Links).
	Verdict *fileVerdict `json:"verdict,omitempty"`
	Links   *fileLinks   `json:"links,omitempty"`
}

// fileVerdict is an imported file's verdict: eleader validate's keys,
// then the line errors counted per check, and how the file was imported.
type fileVerdict struct {
	wire.Head
	Checks []wire.CheckCount `json:"checks"`
	// Qualification: judged without being consolidated; Consolidated: its
	// accepted lines were.
	Qualification bool `json:"qualification"`
	Consolidated  bool `json:"consolidated"`
}

// fileLinks are an imported file's report and rejects, on the API and on
// the web page.
type fileLinks struct {
	Report      string `json:"report"`
	Page        string `json:"page"`
	RejectsCSV  string `json:"rejectsCsv,omitempty"`
	RejectsXLSX string `json:"rejectsXlsx,omitempty"`
}

// getFile is GET /api/v1/files/{name}: one of the partner's files — its
// state (waiting, imported, superseded, refused, withdrawn) and what the
// ledger tells of its name; waiting, when it will be imported; imported,
// its verdict and links.
func (h *Handler) getFile(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	f, err := h.Service.File(r.Context(), p.ID(), name)
	if eleader.ErrorCode(err) == eleader.ENOTFOUND {
		writeProblem(w, problem(eleader.ENOTFOUND, "api.no_file", importer.CutName(name)))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res := fileResult{FileStatus: f}
	switch {
	case f.State == eleader.FileWaiting:
		plan := h.plan(p, h.now())
		res.Import = &plan
	case f.Report != nil && f.State == eleader.FileImported:
		res.Verdict, res.Links = h.verdict(f.Name, f.Report)
	}
	writeJSON(w, http.StatusOK, res)
}

// verdict returns an imported file's verdict and links.
func (h *Handler) verdict(name string, rep *eleader.Report) (*fileVerdict, *fileLinks) {
	v := &fileVerdict{Head: wire.Head{File: name, Partner: rep.Partner, Status: string(rep.Status), Lines: rep.Lines,
		Accepted: rep.Accepted, Rejected: rep.Rejected, Dossiers: rep.Dossiers, FileErrors: make([]wire.FileError, len(rep.FileErrors))},
		Checks: make([]wire.CheckCount, len(rep.Checks)), Qualification: rep.Qualification, Consolidated: rep.Consolidated}
	if fn, err := importer.ParseFileName(name); err == nil {
		v.Date = fn.Date.ISO()
	}
	for i := range rep.FileErrors {
		v.FileErrors[i] = rep.FileErrors[i].Wire()
	}
	for i, c := range rep.Checks {
		v.Checks[i] = c.Wire()
	}
	l := &fileLinks{Report: fmt.Sprintf("/api/v1/reports/%d", rep.ID), Page: fmt.Sprintf("/espace/rapports/%d", rep.ID)}
	if rep.Rejected > 0 && rep.Purged.IsZero() {
		l.RejectsCSV = l.Report + "/rejects.csv"
		if eleader.HasRejectsXLSX(h.Workbooks, rep.Rejected) {
			l.RejectsXLSX = l.Report + "/rejects.xlsx"
		}
	}
	return v, l
}

// withdraw is DELETE /api/v1/files/{name}: the partner withdraws a file
// still waiting for its import (Service.Withdraw, which SFTP's rm and the
// web page call too): 204, the name free again; 409 once imported or
// superseded, or while an import of the partner's files runs; 404 for a
// name not waiting.
func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	note(r, "", safeName(name))
	if err := h.Service.Withdraw(r.Context(), p, name); err != nil {
		writeProblem(w, h.withdrawProblem(r, err, p, name))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// withdrawProblem says why a withdrawal was refused (the JSON in French).
func (h *Handler) withdrawProblem(r *http.Request, err error, p *eleader.Partner, name string) *Problem {
	var used *eleader.UsedName
	switch {
	case errors.As(err, &used):
		state := i18n.T("api.state.imported")
		if used.State == "superseded" {
			state = i18n.T("api.state.superseded")
		}
		return problem(eleader.ECONFLICT, "api.withdraw.handled", importer.CutName(name), state, used.At.In(h.loc).Format("02/01/2006"), p.ID())
	case errors.Is(err, eleader.ErrRunUnderWay):
		return problem(eleader.ECONFLICT, "api.withdraw.busy")
	case eleader.ErrorCode(err) == eleader.ENOTFOUND:
		return problem(eleader.ENOTFOUND, "api.withdraw.unknown", importer.CutName(name))
	}
	prob := problemFor(err)
	if prob.Code == eleader.EINTERNAL {
		h.logger().Error("http: withdrawal", "route", route(r), "error", err)
	}
	return prob
}

// webWithdraw is the web page's « Retirer » (Withdraw) button of a file waiting for its
// import: Service.Withdraw, then back to the page, which says it.
func (h *Handler) webWithdraw(w http.ResponseWriter, r *http.Request) {
	p, session := h.signedInForm(w, r)
	if p == nil {
		return
	}
	name := r.PostFormValue("nom")
	note(r, "", safeName(name))
	if err := h.Service.Withdraw(r.Context(), p, name); err != nil {
		h.spaceRefusal(w, r, p, session, h.withdrawProblem(r, err, p, name), err)
		return
	}
	http.Redirect(w, r, "/espace?retire="+url.QueryEscape(name)+"#depots", http.StatusSeeOther)
}
