package httpapi

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The partner's "Espace raccordements" (seed 004, "Raccordements EDI et
// API"): a person signed in by link lists and searches the sheets of the
// partners they have a right on, exports them, creates, edits, submits and
// deletes them, and reveals or renews the token. Every action calls the
// service with the person in the context: the rights and the transition
// table are judged there, the pages only choose what to offer.

// portalPageNames are the templates of the sign-in by link, the portal and
// the console, each parsed with the layout.
var portalPageNames = []string{"lien", "portal-liste", "portal-fiche", "portal-form", "portal-confirmer", "portal-jeton", "portal-message",
	"console-liste", "console-fiche", "console-personnes", "console-journal", "console-recherches", "console-rapport"}

// portalRoute is one route of the portal or the console.
type portalRoute struct {
	pattern string
	handler http.HandlerFunc
}

// portalRoutes are the routes of the sign-in by link, the portal and the
// console, in one table (the tests try each as the wrong person).
func (h *Handler) portalRoutes() []portalRoute {
	return []portalRoute{
		{"POST /connexion/courriel", h.requestLink},
		{"GET /connexion/lien", h.linkPage},
		{"POST /connexion/lien", h.useLink},
		{"GET /raccordements", h.sheetsPage},
		{"GET /raccordements/export.csv", h.sheetsExport},
		{"GET /raccordements/nouvelle", h.newSheetPage},
		{"POST /raccordements/nouvelle", h.newSheet},
		{"GET /raccordements/fiches/{id}", h.sheetPage},
		{"GET /raccordements/fiches/{id}/modifier", h.editSheetPage},
		{"POST /raccordements/fiches/{id}/modifier", h.editSheet},
		{"GET /raccordements/fiches/{id}/soumettre", h.submitPage},
		{"POST /raccordements/fiches/{id}/soumettre", h.submitSheet},
		{"GET /raccordements/fiches/{id}/supprimer", h.deletePage},
		{"POST /raccordements/fiches/{id}/supprimer", h.deleteSheet},
		{"GET /raccordements/fiches/{id}/jeton", h.revealPage},
		{"POST /raccordements/fiches/{id}/jeton", h.revealToken},
		{"GET /raccordements/fiches/{id}/jeton/renouveler", h.renewPage},
		{"POST /raccordements/fiches/{id}/jeton/renouveler", h.renewToken},
		{"GET /console", h.consoleList},
		{"GET /console/export.csv", h.consoleExport},
		{"GET /console/partenaires/{id}", h.consolePartner},
		{"POST /console/partenaires/{id}/traiter", h.consoleMove},
		{"POST /console/partenaires/{id}/desactiver", h.consoleMove},
		{"POST /console/partenaires/{id}/reactiver", h.consoleMove},
		{"GET /console/personnes", h.consolePeople},
		{"POST /console/droits", h.consoleGrant},
		{"POST /console/droits/retirer", h.consoleRevoke},
		{"POST /console/personnes/retirer", h.consoleRemove},
		{"GET /console/journal", h.consoleJournal},
		{"GET /console/recherches", h.consoleSearches},
		{"GET /console/rapports/{id}", h.consoleReport},
		{"POST /console/rapports/{id}/renvoyer", h.consoleResend},
		{"GET /console/rapports/{id}/rejets.csv", h.consoleRejects},
	}
}

// portal registers the sign-in by link, the portal's and the console's
// routes.
func (h *Handler) portal(mux *http.ServeMux) {
	for _, rt := range h.portalRoutes() {
		mux.HandleFunc(rt.pattern, rt.handler)
	}
}

// personPage is a page of a person's: the layout's navigation and CSRF.
func (h *Handler) personPage(sess *eleader.Session, cookie, nav, title string) *page {
	return &page{Title: i18n.T(title), Person: sess.Person, CSRF: h.csrf(cookie), Nav: nav}
}

// titled is a title followed by what it is about ("Fiche de raccordement
// – adie").
func titled(key, about string) i18n.Text { return i18n.Join("", i18n.T(key), " – "+about) }

// checkPersonForm checks a posted form's origin and CSRF value (the form
// is parsed: urlencoded, or multipart for the sheet's form).
func (h *Handler) checkPersonForm(w http.ResponseWriter, r *http.Request, cookie string) bool {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	}
	return h.checkForm(w, r, cookie, r.PostFormValue("csrf"))
}

// refuse answers a service error on a person's page: 404 for
// a partner the person has no right on (or that does not exist), 403 for a
// right too weak or a status the partner cannot act in, 409 for a status
// that forbids it.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, p *page, err error, back, backLabel string) { // backLabel: an entry
	code := eleader.ErrorCode(err)
	if code == eleader.EINTERNAL {
		h.webFault(w, r, err)
		return
	}
	p.Error = portalMessage(err)
	p.Data = messagePage{Back: back, BackLabel: i18n.T(backLabel)}
	h.render(w, r, Status(code), "portal-message", p)
}

// messagePage is a page that says one thing, with a way back.
type messagePage struct {
	Back      string
	BackLabel i18n.Text
}

// sheetFilter reads the list's search criteria.
func sheetFilter(q url.Values) (eleader.PartnerFilter, listQuery) {
	lq := listQuery{Partner: strings.TrimSpace(q.Get("partenaire")), Status: q.Get("statut"), Channel: q.Get("canal")}
	f := eleader.PartnerFilter{Partner: strings.ToLower(lq.Partner)}
	if slices.Contains(eleader.Statuses, eleader.SheetStatus(lq.Status)) {
		f.Status = eleader.SheetStatus(lq.Status)
	} else {
		lq.Status = ""
	}
	if c, err := eleader.ParseChannel(lq.Channel); err == nil && lq.Channel != "" {
		f.Channel = c // "depot", sftp's former name, is read as sftp
		lq.Channel = string(c)
	} else {
		lq.Channel = ""
	}
	return f, lq
}

// listQuery is the list's search form as typed.
type listQuery struct {
	Partner, Status, Channel string
	Environment, Qualified   string // the console's
}

// Encode is the query string of the search.
func (q listQuery) Encode() string {
	v := url.Values{}
	for k, x := range map[string]string{"partenaire": q.Partner, "statut": q.Status, "canal": q.Channel, "environnement": q.Environment, "qualification": q.Qualified} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

// URL is the address of path with the search's query.
func (q listQuery) URL(path string) string {
	if e := q.Encode(); e != "" {
		return path + "?" + e
	}
	return path
}

// listPage is the portal's home.
type listPage struct {
	Query    listQuery
	Sheets   []sheetRow
	ToCreate []string
	Statuses []eleader.SheetStatus
	Channels []eleader.Channel
	Searched bool
}

// sheetRow is a sheet in a list.
type sheetRow struct {
	ID, Name, Updated  string
	Environment, Token i18n.Text
	Status             eleader.SheetStatus
	Channels           []eleader.Channel
	Right              eleader.Right
	CanEdit, CanDelete bool
	Qualified          string
}

// rowOf is a partner as a list shows it, to the person (who may be nil: the
// console).
func (h *Handler) rowOf(p *eleader.Partner, who *eleader.Person) sheetRow {
	row := sheetRow{ID: p.ID(), Name: p.Sheet.Name, Environment: label(environmentLabels, p.Sheet.Environment), Status: p.Status,
		Channels: p.Sheet.Channels, Updated: p.Updated.In(h.loc).Format("02/01/2006 15:04"), Token: tokenState(p)}
	if p.Qualified() {
		row.Qualified = p.QualifiedAt.In(h.loc).Format("02/01/2006")
	}
	if who != nil {
		row.Right = who.Right(p.ID())
		modify := row.Right == eleader.RightModification
		row.CanEdit = modify && eleader.CanEdit(p.Status, eleader.RolePartner)
		row.CanDelete = modify && eleader.CanDelete(p.Status)
	}
	return row
}

// sheetsPage lists and searches the person's sheets.
func (h *Handler) sheetsPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	f, q := sheetFilter(r.URL.Query())
	ps, err := h.Service.Partners(r.Context(), f)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	toCreate, err := h.Service.SheetsToCreate(r.Context())
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	lp := listPage{Query: q, ToCreate: toCreate, Statuses: eleader.Statuses, Channels: eleader.Channels, Searched: q != listQuery{}}
	for _, p := range ps {
		lp.Sheets = append(lp.Sheets, h.rowOf(p, sess.Person))
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.space")
	pg.Data = lp
	switch {
	case r.URL.Query().Get("supprimee") != "":
		pg.Flash = i18n.T("portal.flash.deleted", r.URL.Query().Get("supprimee"))
	}
	h.render(w, r, http.StatusOK, "portal-liste", pg)
}

// sheetsExport writes the person's sheets the search selects as CSV: the
// service's export (';', UTF-8), with a BOM for spreadsheets.
func (h *Handler) sheetsExport(w http.ResponseWriter, r *http.Request) {
	sess, r, _ := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	f, _ := sheetFilter(r.URL.Query())
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

// partnerOf reads the partner of a route as the person may see it; it
// answers and returns nil when they may not.
func (h *Handler) partnerOf(w http.ResponseWriter, r *http.Request, pg *page) *eleader.Partner {
	id := r.PathValue("id")
	note(r, id, "")
	p, err := h.Service.Partner(r.Context(), id)
	if err != nil {
		h.refuse(w, r, pg, err, "/raccordements", "portal.back.sheets")
		return nil
	}
	return p
}

// fichePage is a sheet's page.
type fichePage struct {
	P               *eleader.Partner
	Sheet           sheetForm
	Right           eleader.Right
	CanEdit         bool
	CanSubmit       bool
	CanDelete       bool
	CanReveal       bool
	CanRenew        bool
	Todo            []formProblem
	Certificate     *certView
	Correspondences []matrice.Correspondence
	SSHKeys         []sshKeyView
	History         []historyRow
	Qualified       i18n.Text
	Token           i18n.Text
	Reveal          i18n.Text
	Console         bool
	// The console's: people, imports, reports, actions.
	People  []*eleader.Person
	Imports []importRow
	Reports []reportRow
	Actions []eleader.ActionRecord
}

// historyRow is an entry of a sheet's history.
type historyRow struct {
	At, By            string
	From, To, Comment i18n.Text
}

// tokenState says where a partner's token stands.
func tokenState(p *eleader.Partner) i18n.Text {
	switch {
	case p.Reveal != nil:
		return i18n.T("portal.token.to_reveal")
	case p.Token == nil:
		return i18n.T("portal.token.none")
	case p.Token.Revoked:
		return i18n.T("portal.token.revoked")
	}
	return i18n.T("portal.token.valid")
}

// when is a time as the pages say it: "16/11/2026 à 14:05".
func when(t time.Time) i18n.Text {
	return i18n.Join("", i18n.Time{T: t, Layout: "web.datetime"})
}

// fiche fills a sheet's page.
func (h *Handler) fiche(r *http.Request, p *eleader.Partner, who *eleader.Person) (*fichePage, error) {
	hist, err := h.Service.PartnerHistory(r.Context(), p.ID())
	if err != nil {
		return nil, err
	}
	form := sheetFormOf(p.Sheet)
	fp := &fichePage{P: p, Sheet: form, Certificate: analyse(p.Sheet.Certificate, h.now(), h.loc), Correspondences: form.correspondenceRows(),
		SSHKeys: sshKeyViews(p.Sheet.SSHKeys), Token: tokenState(p)}
	if p.Qualified() {
		fp.Qualified = when(p.QualifiedAt.In(h.loc))
	}
	if p.Reveal != nil {
		fp.Reveal = when(p.Reveal.Since.In(h.loc))
	}
	if who != nil {
		fp.Right = who.Right(p.ID())
		if fp.Right == eleader.RightModification {
			fp.CanEdit = eleader.CanEdit(p.Status, eleader.RolePartner)
			fp.CanSubmit = eleader.CanMoveAs(p.Status, eleader.StatusSent, eleader.RolePartner)
			fp.CanDelete = eleader.CanDelete(p.Status)
			fp.CanReveal = p.Reveal != nil
			fp.CanRenew = p.Token != nil && !p.Token.Revoked && (p.Status == eleader.StatusActive || p.Status == eleader.StatusSentUpdate)
		}
	}
	if p.Status == eleader.StatusDraft {
		fp.Todo = sheetProblems(h.Service.CheckSheet(p.Sheet))
	}
	for i := len(hist) - 1; i >= 0; i-- { // most recent first
		t := hist[i]
		row := historyRow{At: t.At.In(h.loc).Format("02/01/2006 15:04"), By: t.By, To: statusLabel(t.To), Comment: historyComment(t.Comment)}
		if t.From != "" && t.From != t.To {
			row.From = statusLabel(t.From)
		}
		fp.History = append(fp.History, row)
	}
	return fp, nil
}

// sheetPage shows a sheet, read-only, with its history.
func (h *Handler) sheetPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.sheet")
	p := h.partnerOf(w, r, pg)
	if p == nil {
		return
	}
	fp, err := h.fiche(r, p, sess.Person)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	pg.Title = titled("portal.title.sheet", p.ID())
	pg.Data = fp
	pg.Flash = flashOf(r.URL.Query())
	h.render(w, r, http.StatusOK, "portal-fiche", pg)
}

// flashOf says what the page before did, from the redirect's query.
func flashOf(q url.Values) i18n.Text {
	switch {
	case q.Has("enregistree"):
		return i18n.T("portal.flash.saved")
	case q.Has("brouillon"):
		return i18n.T("portal.flash.draft")
	case q.Has("envoyee"):
		return i18n.T("portal.flash.sent")
	case q.Has("modifiee"):
		return i18n.T("portal.flash.edited")
	}
	return i18n.Text{}
}

// newSheetPage is the form of a new sheet.
func (h *Handler) newSheetPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	choices, err := h.Service.SheetsToCreate(r.Context())
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.create")
	if len(choices) == 0 {
		pg.Error = i18n.T("portal.nothing_to_create")
		pg.Data = messagePage{Back: "/raccordements", BackLabel: i18n.T("portal.back.sheets")}
		h.render(w, r, http.StatusForbidden, "portal-message", pg)
		return
	}
	form := sheetForm{Partner: r.URL.Query().Get("partenaire"), Mode: "partial", Environment: string(eleader.Qualification)}
	if !slices.Contains(choices, form.Partner) {
		form.Partner = ""
	}
	if len(choices) == 1 {
		form.Partner = choices[0]
	}
	pg.Data = h.formPage(r.Context(), form, true, choices, "")
	h.render(w, r, http.StatusOK, "portal-form", pg)
}

// formPage fills the sheet's form page. Its certificate's analysis makes
// the check of the save too: a certificate on another partner's sheet is
// refused with the save's message (certTaken).
func (h *Handler) formPage(ctx context.Context, f sheetForm, isNew bool, choices []string, status eleader.SheetStatus) *formPage {
	fp := &formPage{Form: f, New: isNew, Choices: choices, Status: status, Active: status == eleader.StatusActive,
		Certificate: analyse(f.Certificate, h.now(), h.loc), Correspondences: f.correspondenceRows(), Channels: eleader.Channels,
		SSHKeys: sshKeyViews(sshKeyLines(f.SSHKeys))}
	if fp.Certificate != nil && fp.Certificate.Refused.IsZero() {
		err := h.Service.CheckCertificateFree(ctx, f.Partner, f.Certificate)
		var cert *eleader.CertificateError
		if errors.As(err, &cert) {
			fp.Certificate.Refused = certificateReason(cert)
			fp.certTaken = serviceProblems(err)
		} else if err != nil {
			h.logger().Error("portal: certificate check", "error", err) // the save checks again
		}
	}
	if isNew {
		fp.Action = "/raccordements/nouvelle"
	} else {
		fp.Action = "/raccordements/fiches/" + url.PathEscape(f.Partner) + "/modifier"
	}
	return fp
}

func (h *Handler) matriceOf() *matrice.Matrice {
	if h.Service.Matrice != nil {
		return h.Service.Matrice
	}
	return matrice.Default()
}

// newSheet creates a sheet from the form: "Enregistrer" keeps a draft,
// "Soumettre" keeps it then asks to confirm the sending, "Analyser"
// shows the certificate's analysis without saving anything.
func (h *Handler) newSheet(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.create")
	form, problems, err := readSheetForm(w, r, h.matriceOf(), h.now())
	if err != nil {
		h.refuse(w, r, pg, err, "/raccordements/nouvelle", "portal.back.form")
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	choices, err := h.Service.SheetsToCreate(r.Context())
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	note(r, form.Partner, "")
	fp := h.formPage(r.Context(), form, true, choices, "")
	action := r.PostFormValue("action")
	if form.Partner == "" || !slices.Contains(choices, form.Partner) {
		problems = append(problems, formProblem{Field: "partner", Message: i18n.T("portal.problem.partner")})
	}
	if action == "analyser" {
		problems = append(problems, fp.certTaken...)
	}
	if len(problems) > 0 || action == "analyser" {
		fp.Problems, fp.Analysed = problems, action == "analyser"
		h.formAgain(w, r, pg, fp)
		return
	}
	p, _, err := h.Service.CreatePartner(r.Context(), form.sheet(), "")
	if err != nil {
		fp.Problems = serviceProblems(err)
		if fp.Problems == nil {
			h.refuse(w, r, pg, err, "/raccordements", "portal.back.sheets")
			return
		}
		h.formAgain(w, r, pg, fp)
		return
	}
	h.afterSave(w, r, p, action)
}

// formAgain shows the form again with its problems (or the analysis).
func (h *Handler) formAgain(w http.ResponseWriter, r *http.Request, pg *page, fp *formPage) {
	status := http.StatusOK
	if len(fp.Problems) > 0 {
		status = http.StatusUnprocessableEntity
		pg.Error = i18n.T("portal.not_saved", len(fp.Problems))
	}
	if fp.Analysed && len(fp.Problems) == 0 {
		if fp.Certificate != nil {
			pg.Flash = i18n.T("portal.analysed")
		} else {
			pg.Flash = i18n.T("portal.nothing_to_analyse")
		}
	}
	if fp.Status == eleader.StatusDraft || fp.New {
		fp.Todo = sheetProblems(h.Service.CheckSheet(fp.Form.sheet()))
	}
	pg.Data = fp
	h.render(w, r, status, "portal-form", pg)
}

// serviceProblems turns a refusal of the service about the sheet's content
// into the form's problems; nil for any other error.
func serviceProblems(err error) []formProblem {
	var errs eleader.SheetErrors
	var taken *eleader.OperatorTakenError
	var cert *eleader.CertificateError
	switch {
	case errors.As(err, &errs):
		return sheetProblems(errs)
	case errors.As(err, &taken):
		return []formProblem{{Field: "operators", Message: i18n.T("portal.problem.code_taken", taken.Code, taken.Partner)}}
	case errors.As(err, &cert):
		return []formProblem{{Field: "certificate", Message: i18n.T("portal.problem.certificate", certificateReason(cert))}}
	case eleader.ErrorCode(err) == eleader.EINVALID:
		return []formProblem{{Field: "", Message: i18n.Plain(eleader.ErrorMessage(err))}}
	case eleader.ErrorCode(err) == eleader.ECONFLICT && strings.Contains(err.Error(), "already exists"):
		return []formProblem{{Field: "partner", Message: i18n.T("portal.problem.exists")}}
	}
	return nil
}

// afterSave goes where a save leads: the sending's confirmation for
// "Soumettre", else the sheet.
func (h *Handler) afterSave(w http.ResponseWriter, r *http.Request, p *eleader.Partner, action string) {
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	switch {
	case action == "soumettre" && p.Status == eleader.StatusDraft:
		http.Redirect(w, r, base+"/soumettre", http.StatusSeeOther)
	case p.Status == eleader.StatusDraft:
		http.Redirect(w, r, base+"?brouillon", http.StatusSeeOther)
	case p.Status == eleader.StatusSentUpdate:
		http.Redirect(w, r, base+"?modifiee", http.StatusSeeOther)
	default:
		http.Redirect(w, r, base+"?enregistree", http.StatusSeeOther)
	}
}

// editable reads the route's partner for an edit: the person needs the
// right modification, and the table must let a partner edit it.
func (h *Handler) editable(w http.ResponseWriter, r *http.Request, sess *eleader.Session, pg *page) *eleader.Partner {
	p := h.partnerOf(w, r, pg)
	if p == nil {
		return nil
	}
	back := "/raccordements/fiches/" + url.PathEscape(p.ID())
	if err := sess.Person.May(p.ID(), eleader.RightModification); err != nil {
		h.refuse(w, r, pg, err, back, "portal.back.sheet")
		return nil
	}
	if !eleader.CanEdit(p.Status, eleader.RolePartner) {
		pg.Error = i18n.T("portal.read_only", statusLabel(p.Status), whyReadOnly(p.Status))
		pg.Data = messagePage{Back: back, BackLabel: i18n.T("portal.back.sheet")}
		h.render(w, r, http.StatusForbidden, "portal-message", pg)
		return nil
	}
	return p
}

// editSheetPage is the form of an existing sheet.
func (h *Handler) editSheetPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.edit")
	p := h.editable(w, r, sess, pg)
	if p == nil {
		return
	}
	pg.Title = titled("portal.title.edit", p.ID())
	fp := h.formPage(r.Context(), sheetFormOf(p.Sheet), false, nil, p.Status)
	if p.Status == eleader.StatusDraft {
		fp.Todo = sheetProblems(h.Service.CheckSheet(p.Sheet))
	}
	pg.Data = fp
	h.render(w, r, http.StatusOK, "portal-form", pg)
}

// editSheet saves the form of an existing sheet. The edit of an active
// sheet — which stops its token until E#L processes it — is confirmed
// first: the confirmation page carries the form.
func (h *Handler) editSheet(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.edit")
	form, problems, err := readSheetForm(w, r, h.matriceOf(), h.now())
	if err != nil {
		h.refuse(w, r, pg, err, "/raccordements", "portal.back.sheets")
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	p := h.editable(w, r, sess, pg)
	if p == nil {
		return
	}
	pg.Title = titled("portal.title.edit", p.ID())
	form.Partner = p.ID() // the identifier does not change
	fp := h.formPage(r.Context(), form, false, nil, p.Status)
	action := r.PostFormValue("action")
	if action == "analyser" {
		problems = append(problems, fp.certTaken...)
	}
	if len(problems) > 0 || action == "analyser" || action == "revenir" {
		fp.Problems, fp.Analysed = problems, action == "analyser"
		h.formAgain(w, r, pg, fp)
		return
	}
	sheet := form.sheet()
	if p.Status != eleader.StatusDraft {
		// Not a draft: the sheet must stay complete and valid.
		if errs := h.Service.CheckSheet(sheet); len(errs) > 0 {
			fp.Problems = sheetProblems(errs)
			h.formAgain(w, r, pg, fp)
			return
		}
	}
	if p.Status == eleader.StatusActive && action != "confirmer" {
		pg.Title = titled("portal.title.confirm_edit", p.ID())
		pg.Data = confirmPage{
			Question: i18n.T("portal.confirm_edit.question"),
			Explain:  []i18n.Text{i18n.T("portal.confirm_edit.explain1"), i18n.T("portal.confirm_edit.explain2")},
			Warning:  true, Action: fp.Action, Button: i18n.T("portal.confirm_send"), ButtonValue: "confirmer", CancelButton: i18n.T("portal.back_to_edit"), Form: &form,
		}
		h.render(w, r, http.StatusOK, "portal-confirmer", pg)
		return
	}
	p, _, err = h.Service.EditPartner(r.Context(), p.ID(), func(s *eleader.ConnectionSheet) error {
		*s = sheet
		return nil
	}, "", "")
	if err != nil {
		fp.Problems = serviceProblems(err)
		if fp.Problems == nil {
			h.refuse(w, r, pg, err, "/raccordements/fiches/"+url.PathEscape(form.Partner), "portal.back.sheet")
			return
		}
		h.formAgain(w, r, pg, fp)
		return
	}
	h.afterSave(w, r, p, action)
}

// confirmPage asks to confirm an action.
type confirmPage struct {
	Question i18n.Text
	Explain  []i18n.Text
	Warning  bool
	// Action is the form's URL; Button its button, sending action=ButtonValue.
	Action, ButtonValue string
	Button              i18n.Text
	// Cancel is a link back; CancelButton, instead, a button sending
	// action=revenir with the form (back to the form, values kept).
	Cancel       string
	CancelButton i18n.Text
	// Form, if not nil, is carried in hidden fields.
	Form *sheetForm
}

// submitPage asks to confirm the sending of a draft (seed 004:
// "Confirmation soumission — Confirmez-vous l'envoi ?").
func (h *Handler) submitPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.submit")
	p := h.submittable(w, r, sess, pg)
	if p == nil {
		return
	}
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	pg.Data = confirmPage{
		Question: i18n.T("portal.submit.question"),
		Explain:  []i18n.Text{i18n.T("portal.submit.explain", p.ID(), p.Sheet.Name)},
		Action:   base + "/soumettre", Button: i18n.T("portal.confirm_send"), ButtonValue: "confirmer", Cancel: base + "/modifier",
	}
	h.render(w, r, http.StatusOK, "portal-confirmer", pg)
}

// submittable reads the route's draft for a submission: the person needs
// the right modification, the sheet must be a complete draft.
func (h *Handler) submittable(w http.ResponseWriter, r *http.Request, sess *eleader.Session, pg *page) *eleader.Partner {
	p := h.partnerOf(w, r, pg)
	if p == nil {
		return nil
	}
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	if err := sess.Person.May(p.ID(), eleader.RightModification); err != nil {
		h.refuse(w, r, pg, err, base, "portal.back.sheet")
		return nil
	}
	if !eleader.CanMoveAs(p.Status, eleader.StatusSent, eleader.RolePartner) {
		pg.Error = i18n.T("portal.draft_only_submit", statusLabel(p.Status))
		pg.Data = messagePage{Back: base, BackLabel: i18n.T("portal.back.sheet")}
		h.render(w, r, http.StatusConflict, "portal-message", pg)
		return nil
	}
	if todo := h.Service.CheckSheet(p.Sheet); len(todo) > 0 {
		fp := h.formPage(r.Context(), sheetFormOf(p.Sheet), false, nil, p.Status)
		fp.Problems = sheetProblems(todo)
		pg.Title = titled("portal.title.edit", p.ID())
		pg.Data = fp
		pg.Error = i18n.T("portal.not_submittable", len(todo))
		h.render(w, r, http.StatusUnprocessableEntity, "portal-form", pg)
		return nil
	}
	return p
}

// submitSheet sends a draft (→ ENVOYEE).
func (h *Handler) submitSheet(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.submit")
	p := h.submittable(w, r, sess, pg)
	if p == nil {
		return
	}
	if _, err := h.Service.SubmitPartner(r.Context(), p.ID(), ""); err != nil {
		h.refuse(w, r, pg, err, "/raccordements/fiches/"+url.PathEscape(p.ID()), "portal.back.sheet")
		return
	}
	http.Redirect(w, r, "/raccordements/fiches/"+url.PathEscape(p.ID())+"?envoyee", http.StatusSeeOther)
}

// deletable reads the route's draft for a deletion.
func (h *Handler) deletable(w http.ResponseWriter, r *http.Request, sess *eleader.Session, pg *page) *eleader.Partner {
	p := h.partnerOf(w, r, pg)
	if p == nil {
		return nil
	}
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	if err := sess.Person.May(p.ID(), eleader.RightModification); err != nil {
		h.refuse(w, r, pg, err, base, "portal.back.sheet")
		return nil
	}
	if !eleader.CanDelete(p.Status) {
		pg.Error = i18n.T("portal.draft_only_delete", statusLabel(p.Status))
		pg.Data = messagePage{Back: base, BackLabel: i18n.T("portal.back.sheet")}
		h.render(w, r, http.StatusConflict, "portal-message", pg)
		return nil
	}
	return p
}

func (h *Handler) deletePage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.delete")
	p := h.deletable(w, r, sess, pg)
	if p == nil {
		return
	}
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	pg.Data = confirmPage{
		Question: i18n.T("portal.delete.question", p.ID()),
		Explain:  []i18n.Text{i18n.T("portal.delete.explain")},
		Warning:  true, Action: base + "/supprimer", Button: i18n.T("portal.delete.button"), ButtonValue: "supprimer", Cancel: base,
	}
	h.render(w, r, http.StatusOK, "portal-confirmer", pg)
}

func (h *Handler) deleteSheet(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.delete")
	p := h.deletable(w, r, sess, pg)
	if p == nil {
		return
	}
	if err := h.Service.DeletePartner(r.Context(), p.ID(), ""); err != nil {
		h.refuse(w, r, pg, err, "/raccordements", "portal.back.sheets")
		return
	}
	http.Redirect(w, r, "/raccordements?supprimee="+url.QueryEscape(p.ID()), http.StatusSeeOther)
}

// tokenPage shows a token drawn for the person, once.
type tokenPage struct {
	Partner, Token, URL string
	Renewed             bool
}

// tokenRoute reads the route's partner for its token: the person needs
// the right modification.
func (h *Handler) tokenRoute(w http.ResponseWriter, r *http.Request, sess *eleader.Session, pg *page) *eleader.Partner {
	p := h.partnerOf(w, r, pg)
	if p == nil {
		return nil
	}
	if err := sess.Person.May(p.ID(), eleader.RightModification); err != nil {
		h.refuse(w, r, pg, err, "/raccordements/fiches/"+url.PathEscape(p.ID()), "portal.back.sheet")
		return nil
	}
	return p
}

// revealPage offers to reveal the token waiting for the partner.
func (h *Handler) revealPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.reveal")
	p := h.tokenRoute(w, r, sess, pg)
	if p == nil {
		return
	}
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	if p.Reveal == nil {
		pg.Error = i18n.T("portal.nothing_to_reveal")
		pg.Data = messagePage{Back: base, BackLabel: i18n.T("portal.back.sheet")}
		h.render(w, r, http.StatusConflict, "portal-message", pg)
		return
	}
	pg.Title = titled("portal.title.reveal", p.ID())
	pg.Data = confirmPage{
		Question: i18n.T("portal.reveal.question"),
		Explain: []i18n.Text{
			i18n.T("portal.reveal.explain1", p.ID(), when(p.Reveal.Since.In(h.loc))),
			i18n.T("portal.reveal.explain2"),
		},
		Action: base + "/jeton", Button: i18n.T("portal.reveal.button"), ButtonValue: "reveler", Cancel: base,
	}
	h.render(w, r, http.StatusOK, "portal-confirmer", pg)
}

// revealToken draws the token and shows it once.
func (h *Handler) revealToken(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.reveal")
	p := h.tokenRoute(w, r, sess, pg)
	if p == nil {
		return
	}
	tok, err := h.Service.RevealToken(r.Context(), p.ID(), "")
	if err != nil {
		if errors.Is(err, eleader.ErrNothingToReveal) {
			pg.Error = i18n.T("portal.nothing_to_reveal")
			pg.Data = messagePage{Back: "/raccordements/fiches/" + url.PathEscape(p.ID()), BackLabel: i18n.T("portal.back.sheet")}
			h.render(w, r, http.StatusConflict, "portal-message", pg)
			return
		}
		h.refuse(w, r, pg, err, "/raccordements/fiches/"+url.PathEscape(p.ID()), "portal.back.sheet")
		return
	}
	h.showToken(w, r, pg, p.ID(), tok, false)
}

// showToken shows a token, once: the page is not kept (no-store).
func (h *Handler) showToken(w http.ResponseWriter, r *http.Request, pg *page, id, tok string, renewed bool) {
	pg.Title = titled("portal.title.token", id)
	pg.Data = tokenPage{Partner: id, Token: tok, URL: strings.TrimRight(h.Service.PortalURL, "/"), Renewed: renewed}
	h.render(w, r, http.StatusOK, "portal-jeton", pg)
}

// renewPage asks to confirm the renewal of the token.
func (h *Handler) renewPage(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.renew")
	p := h.tokenRoute(w, r, sess, pg)
	if p == nil {
		return
	}
	base := "/raccordements/fiches/" + url.PathEscape(p.ID())
	pg.Title = titled("portal.title.renew", p.ID())
	pg.Data = confirmPage{
		Question: i18n.T("portal.renew.question"),
		Explain:  []i18n.Text{i18n.T("portal.renew.explain1"), i18n.T("portal.renew.explain2")},
		Warning:  true, Action: base + "/jeton/renouveler", Button: i18n.T("portal.renew.button"), ButtonValue: "renouveler", Cancel: base,
	}
	h.render(w, r, http.StatusOK, "portal-confirmer", pg)
}

// renewToken rotates the token and shows the new one once.
func (h *Handler) renewToken(w http.ResponseWriter, r *http.Request) {
	sess, r, cookie := h.signedInPerson(w, r)
	if sess == nil {
		return
	}
	if !h.checkPersonForm(w, r, cookie) {
		return
	}
	pg := h.personPage(sess, cookie, "raccordements", "portal.title.renew")
	p := h.tokenRoute(w, r, sess, pg)
	if p == nil {
		return
	}
	tok, err := h.Service.RotateToken(r.Context(), p.ID(), "")
	if err != nil {
		h.refuse(w, r, pg, err, "/raccordements/fiches/"+url.PathEscape(p.ID()), "portal.back.sheet")
		return
	}
	h.showToken(w, r, pg, p.ID(), tok, true)
}
