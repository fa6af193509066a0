package httpapi

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// E#L's console: an operator, signed in by link, sees every partner's
// sheet with filters, a sheet's full view and history, its people, last
// imports and reports; processes, deactivates, reactivates a sheet with a
// comment; gives and takes rights; resends a report; reads the journal of
// actions. Every action goes through the service with the operator in the
// context, which records them as who did it.

// operator returns the session of an operator, the request with them in
// its context, and the cookie; otherwise it answers (the sign-in page, or
// 403 for a person who is not an operator) and returns nil.
func (h *Handler) operator(w http.ResponseWriter, r *http.Request, title string) (*eleader.Session, *http.Request, string, *page) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return nil, nil, "", nil
	}
	pg := h.personPage(sess, cookie, "console", title)
	if err := sess.Person.MayOperate(); err != nil {
		h.refuse(w, r, pg, err, "/raccordements", "console.back.portal")
		return nil, nil, "", nil
	}
	return sess, r, cookie, pg
}

// consoleQuery reads the console's filters.
func consoleQuery(q url.Values) (eleader.PartnerFilter, listQuery) {
	f, lq := sheetFilter(q)
	lq.Environment, lq.Qualified = q.Get("environnement"), q.Get("qualification")
	switch eleader.Environment(lq.Environment) {
	case eleader.Qualification, eleader.Production:
		f.Environment = eleader.Environment(lq.Environment)
	default:
		lq.Environment = ""
	}
	switch lq.Qualified {
	case "oui", "non":
		yes := lq.Qualified == "oui"
		f.Qualified = &yes
	default:
		lq.Qualified = ""
	}
	return f, lq
}

// consoleListPage is the console's home.
type consoleListPage struct {
	Query    listQuery
	Sheets   []sheetRow
	Statuses []eleader.SheetStatus
	Channels []eleader.Channel
	Counts   []statusCount
}

// statusCount is how many sheets are in a status.
type statusCount struct {
	Status eleader.SheetStatus
	N      int
}

func (h *Handler) consoleList(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "console.title.list")
	if pg == nil {
		return
	}
	f, q := consoleQuery(r.URL.Query())
	ps, err := h.Service.Partners(r.Context(), f)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	all, err := h.Service.Partners(r.Context(), eleader.PartnerFilter{})
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	cp := consoleListPage{Query: q, Statuses: eleader.Statuses, Channels: eleader.Channels}
	for _, st := range eleader.Statuses {
		n := 0
		for _, p := range all {
			if p.Status == st {
				n++
			}
		}
		cp.Counts = append(cp.Counts, statusCount{Status: st, N: n})
	}
	for _, p := range ps {
		cp.Sheets = append(cp.Sheets, h.rowOf(p, nil))
	}
	pg.Data = cp
	h.render(w, r, http.StatusOK, "console-liste", pg)
}

func (h *Handler) consoleExport(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "console.title.export")
	if pg == nil {
		return
	}
	f, _ := consoleQuery(r.URL.Query())
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	if err := h.Service.ExportPartners(r.Context(), &buf, f); err != nil {
		h.webFault(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "fiches-raccordement-" + h.now().In(h.loc).Format("20060102") + ".csv"}))
	w.Write(buf.Bytes())
}

// importRow is an import of a partner, as the console lists it.
type importRow struct {
	ID                                   int64
	File, At                             string
	Status                               i18n.Text
	Lines, Accepted, Rejected            int
	Consolidated, Qualification, Created bool
}

// reportRow is a report, as the console lists it.
type reportRow struct {
	ID                  int64
	File, Created, Sent string
	State               string
	StateLabel, Result  i18n.Text
	Attempts            int
}

var importStatusLabels = map[importer.Status]string{
	importer.StatusAccepted: "console.import.accepted",
	importer.StatusPartial:  "console.import.partial",
	importer.StatusRejected: "console.import.rejected",
}

// deliveryLabels name the states of a report's email.
var deliveryLabels = map[string]string{
	eleader.ReportPending: "web.delivery.pending",
	eleader.ReportSent:    "web.delivery.sent",
	eleader.ReportFailed:  "web.delivery.failed",
}

func (h *Handler) reportRowOf(rep eleader.Report) reportRow {
	row := reportRow{ID: rep.ID, File: rep.File, Created: rep.Created.In(h.loc).Format("02/01/2006 15:04"), State: rep.State,
		StateLabel: label(deliveryLabels, rep.State), Attempts: rep.Attempts}
	if !rep.Sent.IsZero() {
		row.Sent = rep.Sent.In(h.loc).Format("02/01/2006 15:04")
	}
	row.Result = i18n.T("web.result.lines", rep.Lines, rep.Accepted, rep.Rejected)
	if rep.Status == importer.StatusRejected {
		row.Result = i18n.T("console.result.rejected", row.Result)
	}
	if rep.Qualification {
		row.Result = i18n.Join("", row.Result, " (qualification)")
	}
	return row
}

// consolePartner is a sheet's full view for E#L.
func (h *Handler) consolePartner(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "portal.title.sheet")
	if pg == nil {
		return
	}
	id := r.PathValue("id")
	note(r, id, "")
	p, err := h.Service.Partner(r.Context(), id)
	if err != nil {
		h.refuse(w, r, pg, err, "/console", "console.back.console")
		return
	}
	fp, err := h.fiche(r, p, nil)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	fp.Console = true
	if fp.People, err = h.Service.People(r.Context(), id); err != nil {
		h.webFault(w, r, err)
		return
	}
	imports, err := h.Service.Imports(r.Context(), id)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	for _, rec := range imports[:min(len(imports), 10)] {
		fp.Imports = append(fp.Imports, importRow{ID: rec.ID, File: rec.File, At: rec.Started.In(h.loc).Format("02/01/2006 15:04"),
			Status: label(importStatusLabels, rec.Status), Lines: rec.Lines, Accepted: rec.Accepted, Rejected: rec.Rejected,
			Consolidated: rec.Consolidated})
	}
	reports, err := h.Service.Reports(r.Context(), id, 10)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	for _, rep := range reports {
		fp.Reports = append(fp.Reports, h.reportRowOf(rep))
	}
	if fp.Actions, err = h.Service.Actions(r.Context(), eleader.ActionFilter{Partner: id, Limit: 20}); err != nil {
		h.webFault(w, r, err)
		return
	}
	pg.Title = titled("portal.title.sheet", id)
	pg.Data = fp
	pg.Flash = consoleFlash(r.URL.Query())
	h.render(w, r, http.StatusOK, "console-fiche", pg)
}

// consoleFlash says what the console's last action did.
func consoleFlash(q url.Values) i18n.Text {
	key, ok := consoleFlashes[q.Get("fait")]
	if !ok {
		return i18n.Text{}
	}
	return i18n.T(key)
}

// consoleFlashes say what the console's last action did, by the redirect's
// "fait".
var consoleFlashes = map[string]string{
	"activee":          "console.flash.activated",
	"jeton":            "console.flash.token",
	"jeton-cli":        "console.flash.token_cli",
	"refusee":          "console.flash.refused",
	"desactivee":       "console.flash.deactivated",
	"droit":            "console.flash.granted",
	"droit-inchange":   "console.flash.unchanged",
	"droit-retire":     "console.flash.revoked",
	"personne-retiree": "console.flash.removed",
	"renvoye":          "console.flash.resent",
}

// consoleMove processes, deactivates or reactivates a sheet, with the
// operator's comment.
func (h *Handler) consoleMove(w http.ResponseWriter, r *http.Request) {
	_, r, cookie, pg := h.operator(w, r, "portal.title.sheet")
	if pg == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	id := r.PathValue("id")
	note(r, id, "")
	comment := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("commentaire"), "\r\n", "\n"))
	back := "/console/partenaires/" + url.PathEscape(id)
	var done string
	var err error
	switch {
	case strings.HasSuffix(r.URL.Path, "/traiter"):
		var a eleader.Activation
		a, err = h.Service.ProcessPartner(r.Context(), id, "", comment)
		done = activationFlash(a)
	case strings.HasSuffix(r.URL.Path, "/desactiver"):
		_, err = h.Service.DeactivatePartner(r.Context(), id, "", comment)
		done = "desactivee"
	default:
		var a eleader.Activation
		a, err = h.Service.ReactivatePartner(r.Context(), id, "", comment)
		done = activationFlash(a)
	}
	if err != nil {
		h.refuse(w, r, pg, err, back, "portal.back.sheet")
		return
	}
	http.Redirect(w, r, back+"?fait="+done, http.StatusSeeOther)
}

func activationFlash(a eleader.Activation) string {
	switch {
	case a.Refused != "":
		return "refusee"
	case a.Reveal:
		return "jeton"
	case a.Token != "":
		return "jeton-cli"
	}
	return "activee"
}

// consolePeoplePage lists the people.
type consolePeoplePage struct {
	People   []*eleader.Person
	Rights   []eleader.Right
	Partners []string
}

func (h *Handler) consolePeople(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "console.title.people")
	if pg == nil {
		return
	}
	pg.Nav = "personnes"
	people, err := h.Service.People(r.Context(), "")
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	ps, err := h.Service.Partners(r.Context(), eleader.PartnerFilter{})
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	cp := consolePeoplePage{People: people, Rights: eleader.Rights}
	for _, p := range ps {
		cp.Partners = append(cp.Partners, p.ID())
	}
	pg.Data = cp
	pg.Flash = consoleFlash(r.URL.Query())
	h.render(w, r, http.StatusOK, "console-personnes", pg)
}

// consoleBack is where a console form returns: the page it names, if it
// is the console's, else the people's page.
func consoleBack(r *http.Request, flash string) string {
	back := r.PostFormValue("retour")
	if !strings.HasPrefix(back, "/console") || eleader.SafeNext(back) == "" || strings.Contains(back, "?") {
		back = "/console/personnes"
	}
	return back + "?fait=" + flash
}

func (h *Handler) consoleGrant(w http.ResponseWriter, r *http.Request) {
	_, r, cookie, pg := h.operator(w, r, "console.title.people")
	if pg == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	partner := strings.TrimSpace(r.PostFormValue("partenaire"))
	note(r, partner, "")
	res, err := h.Service.GrantRight(r.Context(), r.PostFormValue("courriel"), partner, eleader.Right(r.PostFormValue("droit")), "")
	if err != nil {
		h.refuse(w, r, pg, err, "/console/personnes", "console.back.people")
		return
	}
	flash := "droit"
	if !res.Changed {
		flash = "droit-inchange"
	}
	http.Redirect(w, r, consoleBack(r, flash), http.StatusSeeOther)
}

func (h *Handler) consoleRevoke(w http.ResponseWriter, r *http.Request) {
	_, r, cookie, pg := h.operator(w, r, "console.title.people")
	if pg == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	partner := r.PostFormValue("partenaire")
	note(r, partner, "")
	if _, err := h.Service.RevokeRight(r.Context(), r.PostFormValue("courriel"), partner, ""); err != nil {
		h.refuse(w, r, pg, err, "/console/personnes", "console.back.people")
		return
	}
	http.Redirect(w, r, consoleBack(r, "droit-retire"), http.StatusSeeOther)
}

func (h *Handler) consoleRemove(w http.ResponseWriter, r *http.Request) {
	_, r, cookie, pg := h.operator(w, r, "console.title.people")
	if pg == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	if err := h.Service.RemovePerson(r.Context(), r.PostFormValue("courriel"), ""); err != nil {
		h.refuse(w, r, pg, err, "/console/personnes", "console.back.people")
		return
	}
	http.Redirect(w, r, "/console/personnes?fait=personne-retiree", http.StatusSeeOther)
}

// journalPage is the journal of actions.
type journalPage struct {
	Partner, Person string
	Actions         []eleader.ActionRecord
	At              []string
}

func (h *Handler) consoleJournal(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "console.title.journal")
	if pg == nil {
		return
	}
	pg.Nav = "journal"
	jp := journalPage{Partner: strings.TrimSpace(r.URL.Query().Get("partenaire")), Person: strings.ToLower(strings.TrimSpace(r.URL.Query().Get("personne")))}
	acts, err := h.Service.Actions(r.Context(), eleader.ActionFilter{Partner: jp.Partner, Person: jp.Person, Limit: 200})
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	jp.Actions = acts
	for _, a := range acts {
		jp.At = append(jp.At, a.At.In(h.loc).Format("02/01/2006 15:04:05"))
	}
	pg.Data = jp
	h.render(w, r, http.StatusOK, "console-journal", pg)
}

// searchesPage is the search audit, as operators read it.
type searchesPage struct {
	Partner  string
	Searches []searchRow
	Limit    int
}

// searchRow is one search of the audit: who, when, how, what kind, how
// many found, and the keyed hash — never what was searched.
type searchRow struct {
	At, Who       string
	Channel, Kind i18n.Text
	Partner       string // "" for E#L's own
	Results       int
	Hash          string
}

// consoleSearchesLimit is how many searches the page lists, most recent
// first.
const consoleSearchesLimit = 200

func (h *Handler) consoleSearches(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "console.title.searches")
	if pg == nil {
		return
	}
	pg.Nav = "recherches"
	sp := searchesPage{Partner: strings.ToLower(strings.TrimSpace(r.URL.Query().Get("partenaire"))), Limit: consoleSearchesLimit}
	recs, err := h.Service.Searches(r.Context(), sp.Partner, consoleSearchesLimit)
	if err != nil {
		h.refuse(w, r, pg, err, "/console", "console.back.console")
		return
	}
	for _, s := range recs {
		row := searchRow{At: s.At.In(h.loc).Format("02/01/2006 15:04:05"), Partner: s.Partner, Channel: searchChannelLabel(s.Channel),
			Kind: label(searchKindLabels, s.Kind), Results: s.Results, Hash: s.Hash}
		switch {
		case s.Partner != "":
			row.Who = s.Partner
		case s.By != "":
			row.Who = "E#L (" + s.By + ")"
		default:
			row.Who = "E#L"
		}
		sp.Searches = append(sp.Searches, row)
	}
	pg.Data = sp
	h.render(w, r, http.StatusOK, "console-recherches", pg)
}

// consoleReportPage is a report as E#L reads it.
type consoleReportPage struct {
	Report     *eleader.ReportView
	Row        reportRow
	LastError  string
	HasRejects bool
}

// reportOfRoute reads the route's report for an operator.
func (h *Handler) reportOfRoute(w http.ResponseWriter, r *http.Request, pg *page) *eleader.Report {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.refuse(w, r, pg, eleader.Errorf(eleader.ENOTFOUND, "no report %q", r.PathValue("id")), "/console", "console.back.console")
		return nil
	}
	rep, err := h.Service.Report(r.Context(), id)
	if err != nil {
		h.refuse(w, r, pg, err, "/console", "console.back.console")
		return nil
	}
	note(r, rep.Partner, rep.File)
	return rep
}

func (h *Handler) consoleReport(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "console.title.report")
	if pg == nil {
		return
	}
	rep := h.reportOfRoute(w, r, pg)
	if rep == nil {
		return
	}
	view := eleader.NewReportView(rep, langOf(r))
	pg.Title = i18n.T("web.title.report", rep.ID, rep.File)
	pg.Data = consoleReportPage{Report: &view, Row: h.reportRowOf(*rep), LastError: rep.LastError, HasRejects: rep.RejectsBytes > 0}
	pg.Flash = consoleFlash(r.URL.Query())
	h.render(w, r, http.StatusOK, "console-rapport", pg)
}

func (h *Handler) consoleResend(w http.ResponseWriter, r *http.Request) {
	_, r, cookie, pg := h.operator(w, r, "console.title.report")
	if pg == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	rep := h.reportOfRoute(w, r, pg)
	if rep == nil {
		return
	}
	if err := h.Service.ResendReport(r.Context(), rep.ID, ""); err != nil {
		h.refuse(w, r, pg, err, "/console", "console.back.console")
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/console/rapports/%d?fait=renvoye", rep.ID), http.StatusSeeOther)
}

func (h *Handler) consoleRejects(w http.ResponseWriter, r *http.Request) {
	_, r, _, pg := h.operator(w, r, "web.title.rejects")
	if pg == nil {
		return
	}
	rep := h.reportOfRoute(w, r, pg)
	if rep == nil {
		return
	}
	if rep.RejectsBytes == 0 {
		h.refuse(w, r, pg, eleader.Errorf(eleader.ENOTFOUND, "no rejects"), fmt.Sprintf("/console/rapports/%d", rep.ID), "console.back.report")
		return
	}
	// The one place rejects are read (PartnerRejects), as for partners.
	rc, f, err := h.Service.PartnerRejects(r.Context(), rep.Partner, rep.ID, eleader.RejectsCSV)
	if err != nil {
		h.refuse(w, r, pg, err, fmt.Sprintf("/console/rapports/%d", rep.ID), "console.back.report")
		return
	}
	serveRejects(w, rc, f)
}

// peopleRights lists a person's rights, for the templates.
func peopleRights(p *eleader.Person) []personRight {
	var out []personRight
	for _, id := range p.Partners() {
		out = append(out, personRight{Partner: id, Right: p.Rights[id]})
	}
	return out
}

// personRight is one right of a person.
type personRight struct {
	Partner string
	Right   eleader.Right
}
