package httpapi

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

//go:embed web
var webFiles embed.FS

// parsePages parses the web page's templates, each with the layout, once
// per language: their words come from the catalog (textFuncs).
func parsePages() map[i18n.Lang]map[string]*template.Template {
	out := map[i18n.Lang]map[string]*template.Template{}
	for _, l := range i18n.Langs() {
		pages := map[string]*template.Template{}
		for _, name := range append([]string{"connexion", "espace", "rapport"}, portalPageNames...) {
			pages[name] = template.Must(template.New(name).Funcs(textFuncs(l)).Funcs(portalFuncs(l)).ParseFS(webFiles, "web/layout.html", "web/partials.html", "web/"+name+".html"))
		}
		out[l] = pages
	}
	return out
}

// sessionCookie is the web session's cookie.
const sessionCookie = "eleader_session"

// web registers the web page's routes.
func (h *Handler) web(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.home)
	mux.HandleFunc("GET /connexion", h.signInPage)
	mux.HandleFunc("POST /connexion", h.signIn)
	mux.HandleFunc("POST /deconnexion", h.signOut)
	mux.HandleFunc("GET /espace", h.space)
	mux.HandleFunc("POST /espace/depot", h.webDeposit)
	mux.HandleFunc("POST /espace/retrait", h.webWithdraw)
	mux.HandleFunc("POST /espace/recherche", h.webSearch)
	mux.HandleFunc("GET /espace/rapports/{id}", h.webReport)
	mux.HandleFunc("GET /espace/rapports/{id}/rejets.csv", h.webRejects)
	mux.HandleFunc("GET /espace/rapports/{id}/rejets.xlsx", h.webRejects)
	mux.HandleFunc("GET /modele.xlsx", h.template)
	h.portal(mux)
	mux.HandleFunc("GET /style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		css, _ := webFiles.ReadFile("web/style.css")
		w.Write(css)
	})
}

// page is what a web page's templates show. Its texts are entries of the
// catalog, said in the request's language when the page is rendered.
type page struct {
	Title   i18n.Text
	Partner *eleader.Partner
	// Person is the person of a portal or console page, Nav its section
	// (raccordements, console, personnes, journal, recherches), Data the
	// page's own.
	Person        *eleader.Person
	Nav           string
	Data          any
	CSRF          string
	Error, Flash  i18n.Text
	Errors        []i18n.Text // a refused file's errors, under Error
	Qualification bool
	MaxUpload     i18n.Size
	Plan          i18n.Text
	XLSXType      string
	Files         []fileRow
	Query         searchForm
	Searched      bool
	Found         []dossier.Found
	Report        *eleader.ReportView
	// SpaceNext is the page of the deposit space to open once signed in
	// with a token (spaceNext), carried by the token form.
	SpaceNext  string
	HasRejects bool
	XLSX       bool
	Delivery   i18n.Text
	// Lang is the page's language, set by render; Switch is the link to
	// the page in the Other language.
	Lang, Other i18n.Lang
	Switch      string
}

// fileRow is a line of the files' table.
type fileRow struct {
	Name, State, At    string
	StateLabel, Result i18n.Text
	ReportID           int64
}

// searchForm is the search form as the partner filled it.
type searchForm struct {
	Nom, Prenom, Naissance, SIRET string
}

// render writes a page with status, in the request's language.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	l, chosen := pageLang(r)
	p.Lang = l
	p.Switch, p.Other = otherLang(r, l)
	var buf bytes.Buffer
	if err := h.pages[l][name].ExecuteTemplate(&buf, "layout", p); err != nil {
		h.logger().Error("http: page", "page", name, "error", err)
		http.Error(w, l.Sprintf("api.internal_short"), http.StatusInternalServerError)
		return
	}
	if chosen {
		rememberLang(w, r, l)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", l.String())
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// mac signs a message with the handler's key.
func (h *Handler) mac(msg string) []byte {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// csrf is the anti-forgery value of a session, put in every form.
func (h *Handler) csrf(session string) string {
	return base64.RawURLEncoding.EncodeToString(h.mac("csrf|" + session))
}

// session returns the partner of a request's session opened with its token
// (the deposit page) and the cookie's value. The session is the store's:
// it ends at sign-out, and as soon as the token stops working.
func (h *Handler) session(r *http.Request) (*eleader.Partner, string, error) {
	sess, value, err := h.webSession(r)
	if err != nil {
		return nil, "", err
	}
	if sess.Partner == nil {
		return nil, "", &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: "a person's session", Err: errPersonSession}
	}
	note(r, sess.Partner.ID(), "")
	return sess.Partner, value, nil
}

// signedIn returns the session's partner, or sends the browser to the
// sign-in page (or an error page) and returns nil.
func (h *Handler) signedIn(w http.ResponseWriter, r *http.Request) (*eleader.Partner, string) {
	p, value, err := h.session(r)
	if err == nil {
		return p, value
	}
	if eleader.ErrorCode(err) != eleader.EUNAUTHORIZED {
		h.logger().Error("http: session", "error", err)
		h.render(w, r, http.StatusInternalServerError, "connexion", &page{Title: i18n.T("web.title.signin"), Error: problemFor(err).Text()})
		return nil, ""
	}
	if r.Method == http.MethodGet {
		if errors.Is(err, errPersonSession) {
			http.Redirect(w, r, "/raccordements", http.StatusSeeOther) // a person's session: the portal
			return nil, ""
		}
		target := "/connexion"
		if next := spaceNext(r.URL.Path); next != "" {
			target += "?suite=" + url.QueryEscape(next) // back to the report once signed in
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil, ""
	}
	h.render(w, r, http.StatusUnauthorized, "connexion", &page{Title: i18n.T("web.title.signin"), Error: unauthorized(errSession).Text()})
	return nil, ""
}

// sameOrigin refuses a form posted from another site (with the SameSite
// cookie and the CSRF value, a third lock).
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || (origin == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin") {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// checkForm checks a posted form's origin and CSRF value.
func (h *Handler) checkForm(w http.ResponseWriter, r *http.Request, session, value string) bool {
	if sameOrigin(r) && value != "" && hmac.Equal([]byte(value), []byte(h.csrf(session))) {
		return true
	}
	h.render(w, r, http.StatusForbidden, "connexion", &page{Title: i18n.T("web.title.form_refused"), Error: i18n.T("web.form_expired")})
	return false
}

// signedInForm returns the session's partner for a small form posted in
// their space — its body capped at 4 KiB, its origin and CSRF value
// checked (checkForm) — or answers the browser (signedIn, checkForm) and
// returns nil.
func (h *Handler) signedInForm(w http.ResponseWriter, r *http.Request) (*eleader.Partner, string) {
	p, session := h.signedIn(w, r)
	if p == nil {
		return nil, ""
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if !h.checkForm(w, r, session, r.PostFormValue("csrf")) {
		return nil, ""
	}
	return p, session
}

// home sends the browser to its space, or to the sign-in page.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	if sess, _, err := h.webSession(r); err == nil {
		http.Redirect(w, r, homeOf(sess), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
}

func (h *Handler) signInPage(w http.ResponseWriter, r *http.Request) {
	if sess, _, err := h.webSession(r); err == nil {
		http.Redirect(w, r, homeOf(sess), http.StatusSeeOther)
		return
	}
	suite := r.URL.Query().Get("suite")
	h.render(w, r, http.StatusOK, "connexion", &page{Title: i18n.T("web.title.signin"), Data: signInForm{Next: eleader.SafeNext(suite)}, SpaceNext: spaceNext(suite)})
}

// spaceNext keeps next when it is a report's page of the deposit space
// (/espace/rapports/N: the address of a report's email), which a token
// session opens after signing in; "" otherwise.
func spaceNext(next string) string {
	id, ok := strings.CutPrefix(next, "/espace/rapports/")
	if !ok || id == "" || len(id) > 18 || strings.TrimLeft(id, "0123456789") != "" {
		return ""
	}
	return next
}

// signIn opens a session with a partner's token.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.render(w, r, http.StatusForbidden, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.foreign_form")})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	token := strings.TrimSpace(r.PostFormValue("jeton"))
	next := spaceNext(r.PostFormValue("suite"))
	if token == "" {
		h.render(w, r, http.StatusUnauthorized, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.no_token"), SpaceNext: next})
		return
	}
	h.endSession(r) // a new session: never one a page knew before
	secret, sess, err := h.Service.SignInWithToken(r.Context(), token, h.SessionTTL)
	if err != nil {
		status := Status(eleader.ErrorCode(err))
		if status == http.StatusInternalServerError {
			h.logger().Error("http: sign in", "error", err)
		}
		h.render(w, r, status, "connexion", &page{Title: i18n.T("web.title.signin"), Error: problemFor(err).Text(), SpaceNext: next})
		return
	}
	note(r, sess.Partner.ID(), "")
	h.setSessionCookie(w, r, secret, sess)
	if next == "" {
		next = "/espace"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// signOut ends the session, in the store: the same cookie opens nothing
// after.
func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	_, session, err := h.webSession(r)
	if err == nil {
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
		if !h.checkForm(w, r, session, r.PostFormValue("csrf")) {
			return
		}
	}
	if err := h.endSession(r); err != nil {
		h.webFault(w, r, err)
		return
	}
	h.clearSessionCookie(w, r)
	h.render(w, r, http.StatusOK, "connexion", &page{Title: i18n.T("web.title.signin"), Flash: i18n.T("web.signin.signed_out"), Data: signInForm{}})
}

// spacePage fills the partner's page: files, deposit form, search form.
func (h *Handler) spacePage(r *http.Request, p *eleader.Partner, session string) (*page, error) {
	pg := &page{
		Title: i18n.T("web.title.space"), Partner: p, CSRF: h.csrf(session), Qualification: p.Sheet.Environment == eleader.Qualification,
		MaxUpload: i18n.Size(h.maxUpload()), Plan: h.plan(p, h.now()).text, XLSXType: xlsxType,
	}
	files, err := h.Service.Files(r.Context(), p.ID(), 50)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		pg.Files = append(pg.Files, newFileRow(f, h.loc))
	}
	return pg, nil
}

var stateLabels = map[string]string{
	eleader.FileWaiting:    "web.state.waiting",
	eleader.FileImported:   "web.state.imported",
	eleader.FileSuperseded: "web.state.superseded",
}

// newFileRow is a file as the table shows it, its times in loc.
func newFileRow(f eleader.FileStatus, loc *time.Location) fileRow {
	row := fileRow{Name: f.Name, State: f.State, At: f.At.In(loc).Format("02/01/2006 15:04")}
	if key, ok := stateLabels[f.State]; ok {
		row.StateLabel = i18n.T(key)
	} else {
		row.StateLabel = i18n.Plain(f.State)
	}
	if r := f.Report; r != nil {
		row.ReportID = r.ID
		switch {
		case r.Status == importer.StatusRejected && r.Lines == 0:
			row.Result = i18n.T("web.result.rejected")
		case r.Status == importer.StatusRejected:
			row.Result = i18n.T("web.result.rejected_lines", r.Lines, r.Rejected)
		default:
			row.Result = i18n.T("web.result.lines", r.Lines, r.Accepted, r.Rejected)
		}
		if r.Qualification {
			row.Result = i18n.Join("", row.Result, " (qualification)")
		}
	}
	return row
}

// space is the partner's page.
func (h *Handler) space(w http.ResponseWriter, r *http.Request) {
	p, session := h.signedIn(w, r)
	if p == nil {
		return
	}
	pg, err := h.spacePage(r, p, session)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	if name := r.URL.Query().Get("depose"); name != "" {
		for _, f := range pg.Files {
			if f.Name == name {
				pg.Flash = i18n.T("web.space.deposited", name, pg.Plan)
			}
		}
	}
	if name := r.URL.Query().Get("retire"); name != "" {
		if f, err := h.Service.File(r.Context(), p.ID(), name); err == nil && f.State == eleader.FileWithdrawn {
			pg.Flash = i18n.T("web.space.withdrawn", f.Name)
		}
	}
	h.render(w, r, http.StatusOK, "espace", pg)
}

// webFault shows an internal error.
func (h *Handler) webFault(w http.ResponseWriter, r *http.Request, err error) {
	h.logger().Error("http: page", "error", err)
	h.render(w, r, http.StatusInternalServerError, "connexion", &page{Title: i18n.T("web.title.error"), Error: i18n.T("web.internal")})
}

// webDeposit receives a file from the deposit form: the CSRF field first,
// then the file, streamed to the service's front door (Upload), which
// judges it — a workbook converted — before it enters the deposits.
func (h *Handler) webDeposit(w http.ResponseWriter, r *http.Request) {
	p, session := h.signedIn(w, r)
	if p == nil {
		return
	}
	timeout := h.UploadTimeout
	if timeout <= 0 {
		timeout = DefaultUploadTimeout
	}
	http.NewResponseController(w).SetReadDeadline(h.now().Add(timeout))
	refuse := func(prob *Problem) {
		pg, err := h.spacePage(r, p, session)
		if err != nil {
			h.webFault(w, r, err)
			return
		}
		pg.Error = prob.Text()
		if len(prob.FileErrors) > 0 {
			pg.Error = i18n.T("web.space.refused", prob.file)
			l := langOf(r)
			for _, e := range prob.FileErrors {
				pg.Errors = append(pg.Errors, i18n.Plain(capitalize(e.In(l))+"."))
			}
		}
		h.render(w, r, Status(prob.Code), "espace", pg)
	}
	release, busy := h.takeUpload(w, p)
	if busy != nil {
		setRetryAfter(w, busy)
		refuse(busy)
		return
	}
	defer release()
	form, err := readDepositForm(r.Header.Get("Content-Type"), r.Body)
	switch {
	case errors.Is(err, errNotMultipart):
		refuse(problem(eleader.EUNSUPPORTED, "web.space.multipart"))
		return
	case errors.Is(err, errNoCSRF):
		h.checkForm(w, r, session, "")
		return
	}
	if !h.checkForm(w, r, session, form.csrf) {
		return
	}
	if err != nil { // the CSRF value first: a forged form learns nothing more
		refuse(problem(eleader.EBADNAME, "web.space.choose_file"))
		return
	}
	part := form.file
	dep, prob := h.deposit(r, p, part.FileName(), -1, part)
	if prob != nil {
		prob.file = part.FileName()
		refuse(prob)
		return
	}
	http.Redirect(w, r, "/espace?depose="+url.QueryEscape(dep.Name)+"#depots", http.StatusSeeOther)
}

// depositForm is the deposit form as readDepositForm reads it.
type depositForm struct {
	// csrf is the form's anti-forgery value, at most maxCSRF bytes.
	csrf string
	// file is the file's part, its body not read yet; its FileName is
	// the name the browser sent, for the front door to judge.
	file *multipart.Part
}

// The refusals of readDepositForm.
var (
	errNotMultipart = errors.New("the deposit form is not multipart/form-data")
	errNoCSRF       = errors.New("the deposit form does not start with its csrf field")
	errNoFile       = errors.New("the deposit form has no file")
)

// maxCSRF bounds the csrf field read.
const maxCSRF = 256

// readDepositForm reads the deposit form's multipart body as the page sends
// it: the csrf field first (errNoCSRF otherwise; at most maxCSRF bytes of
// it are read), then the file, the part fichier with a file name (errNoFile
// otherwise, with the csrf value), whose body it leaves to be read as a
// stream. A body that is not multipart/form-data, with a boundary, is
// errNotMultipart. It reads no more than the parts' headers and the csrf
// value: the file's bytes are the caller's to bound.
func readDepositForm(contentType string, body io.Reader) (depositForm, error) {
	var form depositForm
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return form, errNotMultipart
	}
	mr := multipart.NewReader(body, params["boundary"])
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "csrf" {
		return form, errNoCSRF
	}
	value, err := io.ReadAll(io.LimitReader(part, maxCSRF))
	if err != nil {
		return form, errNoCSRF
	}
	form.csrf = string(value)
	part, err = mr.NextPart()
	if err != nil || part.FormName() != "fichier" || part.FileName() == "" {
		return form, errNoFile
	}
	form.file = part
	return form, nil
}

// spaceRefusal shows the deposit page saying prob, a refusal of err (a
// report not the partner's, a withdrawal refused …), with its status; an
// internal fault is the fault page.
func (h *Handler) spaceRefusal(w http.ResponseWriter, r *http.Request, p *eleader.Partner, session string, prob *Problem, err error) {
	if prob.Code == eleader.EINTERNAL {
		h.webFault(w, r, err)
		return
	}
	pg, perr := h.spacePage(r, p, session)
	if perr != nil {
		h.webFault(w, r, perr)
		return
	}
	pg.Error = prob.Text()
	h.render(w, r, Status(prob.Code), "espace", pg)
}

// capitalize puts a message's first letter in upper case.
func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}

// webSearch is the search form.
func (h *Handler) webSearch(w http.ResponseWriter, r *http.Request) {
	p, session := h.signedInForm(w, r)
	if p == nil {
		return
	}
	pg, err := h.spacePage(r, p, session)
	if err != nil {
		h.webFault(w, r, err)
		return
	}
	pg.Query = searchForm{Nom: r.PostFormValue("nom"), Prenom: r.PostFormValue("prenom"), Naissance: r.PostFormValue("naissance"), SIRET: r.PostFormValue("siret")}
	q, prob := searchQuery(pg.Query.Nom, pg.Query.Prenom, pg.Query.Naissance, pg.Query.SIRET)
	if prob != nil {
		pg.Error = prob.Text()
		h.render(w, r, Status(prob.Code), "espace", pg)
		return
	}
	found, err := h.Service.Search(r.Context(), eleader.Searcher{Partner: p.ID(), Channel: string(eleader.ChannelWeb)}, q)
	if err != nil {
		prob := h.searchProblem(r, err)
		if prob.Code == eleader.EINTERNAL {
			h.webFault(w, r, err)
			return
		}
		setRetryAfter(w, prob)
		pg.Error = prob.Text()
		h.render(w, r, Status(prob.Code), "espace", pg)
		return
	}
	pg.Searched, pg.Found = true, found
	h.render(w, r, http.StatusOK, "espace", pg)
}

// deliveryText says how a report's email went.
func deliveryText(rep *eleader.Report, loc *time.Location) i18n.Text {
	switch rep.State {
	case eleader.ReportPending:
		return i18n.T("web.delivery.pending")
	case eleader.ReportSent:
		return i18n.T("web.delivery.sent_on", i18n.Time{T: rep.Sent.In(loc), Layout: "web.datetime"})
	case eleader.ReportFailed:
		return i18n.T("web.delivery.failed")
	}
	return i18n.Plain(rep.State)
}

// webReport shows one of the partner's reports.
func (h *Handler) webReport(w http.ResponseWriter, r *http.Request) {
	p, session := h.signedIn(w, r)
	if p == nil {
		return
	}
	rep, err := h.reportOf(r, p)
	if err != nil {
		h.spaceRefusal(w, r, p, session, problemFor(err), err)
		return
	}
	view := eleader.NewReportView(rep, langOf(r))
	h.render(w, r, http.StatusOK, "rapport", &page{
		Title: i18n.T("web.title.report", rep.ID, rep.File), Partner: p, CSRF: h.csrf(session),
		Report: &view, HasRejects: rep.RejectsBytes > 0, XLSX: eleader.HasRejectsXLSX(h.Workbooks, rep.Rejected), Delivery: deliveryText(rep, h.loc),
	})
}

// webRejects downloads a report's rejects, CSV or XLSX.
func (h *Handler) webRejects(w http.ResponseWriter, r *http.Request) {
	p, _ := h.signedIn(w, r)
	if p == nil {
		return
	}
	format := eleader.RejectsCSV
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		format = eleader.RejectsXLSX
	}
	rc, f, err := h.openRejects(r, p, format)
	if err != nil {
		prob := problemFor(err)
		if prob.Code == eleader.EINTERNAL {
			h.webFault(w, r, err)
			return
		}
		h.render(w, r, Status(prob.Code), "connexion", &page{Title: i18n.T("web.title.rejects"), Partner: p, Error: prob.Text()})
		return
	}
	serveRejects(w, rc, f)
}

// template downloads the XLSX template, built from the service's matrice.
func (h *Handler) template(w http.ResponseWriter, r *http.Request) {
	if h.Workbooks == nil {
		http.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	if err := h.Workbooks.Template(h.Service.Matrice, &buf); err != nil {
		h.webFault(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "modele-matrice-cadre.xlsx"}))
	w.Write(buf.Bytes())
}
