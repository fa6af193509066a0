package httpapi

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// OpenAPI is the OpenAPI 3.1 document of the API, served at /openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte

// api registers the API's routes.
func (h *Handler) api(mux *http.ServeMux) {
	mux.HandleFunc("/api/v1/files", methods(map[string]http.HandlerFunc{http.MethodPost: h.upload, http.MethodGet: h.listFiles}))
	mux.HandleFunc("/api/v1/files/{name}", methods(map[string]http.HandlerFunc{http.MethodGet: h.getFile, http.MethodDelete: h.withdraw}))
	mux.HandleFunc("/api/v1/checks", methods(map[string]http.HandlerFunc{http.MethodPost: h.check}))
	mux.HandleFunc("/api/v1/reports/{id}", methods(map[string]http.HandlerFunc{http.MethodGet: h.getReport}))
	mux.HandleFunc("/api/v1/reports/{id}/rejects.csv", methods(map[string]http.HandlerFunc{http.MethodGet: h.rejectsCSV}))
	mux.HandleFunc("/api/v1/reports/{id}/rejects.xlsx", methods(map[string]http.HandlerFunc{http.MethodGet: h.rejectsXLSX}))
	mux.HandleFunc("/api/v1/dossiers/search", methods(map[string]http.HandlerFunc{http.MethodPost: h.search}))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, problem(eleader.ENOTFOUND, "api.not_found"))
	})
	mux.HandleFunc("/healthz", methods(map[string]http.HandlerFunc{http.MethodGet: h.healthz}))
	mux.HandleFunc("/readyz", methods(map[string]http.HandlerFunc{http.MethodGet: h.readyz}))
	mux.HandleFunc("/openapi.yaml", methods(map[string]http.HandlerFunc{http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		w.Write(OpenAPI)
	}}))
}

// fail writes the Problem of err, logging an internal error's details.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Code == eleader.EINTERNAL {
		h.logger().Error("http: internal error", "route", route(r), "error", err)
	}
	writeProblem(w, p)
}

// authenticate returns the partner of an API request: its token, or (when
// configured, and without a token) its TLS client certificate.
func (h *Handler) authenticate(r *http.Request) (*eleader.Partner, error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		if h.ClientCertificates && r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
			p, err := h.Service.AuthenticateCertificate(r.Context(), r.TLS.PeerCertificates[0])
			if eleader.ErrorCode(err) == eleader.EUNAUTHORIZED {
				return nil, &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: err.Error(), Err: errCertificate}
			}
			if err == nil {
				note(r, p.ID(), "")
			}
			return p, err
		}
		return nil, &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: "no token", Err: errNoCredentials}
	}
	token, err := parseAuthorization(header)
	if err != nil {
		return nil, err
	}
	p, err := h.Service.Authenticate(r.Context(), token)
	if err == nil {
		note(r, p.ID(), "")
	}
	return p, err
}

// parseAuthorization reads "fmetoken token=TOKEN" (the scheme and the
// parameter's name in any case, the token quoted or not).
func parseAuthorization(header string) (string, error) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	if !strings.EqualFold(scheme, "fmetoken") {
		return "", &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: "not fmetoken", Err: errBadScheme}
	}
	key, value, ok := strings.Cut(strings.TrimSpace(rest), "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(key), "token") {
		return "", &eleader.Error{Code: eleader.EUNAUTHORIZED, Message: "no token parameter", Err: errBadScheme}
	}
	value = strings.TrimSpace(value)
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	return value, nil
}

// uploadResult is the body of a 201: the file as stored and when it will be
// imported.
type uploadResult struct {
	Name      string     `json:"name"`
	Partner   string     `json:"partner"`
	Size      int64      `json:"size"`
	SHA256    string     `json:"sha256"`
	Deposited time.Time  `json:"deposited"`
	Import    importPlan `json:"import"`
}

// importPlan says when a deposited file will be imported.
type importPlan struct {
	// Mode is "immediate" (imported at once), "daily" (by the daily run,
	// At) or "manual" (when E#L starts a run).
	Mode string     `json:"mode"`
	At   *time.Time `json:"at,omitempty"`
	// Qualification: the file will be judged without being consolidated.
	Qualification bool   `json:"qualification"`
	Message       string `json:"message"`

	text i18n.Text // Message, to say in another language
}

// plan returns the import plan of a file of p deposited now.
func (h *Handler) plan(p *eleader.Partner, now time.Time) importPlan {
	ip := importPlan{Qualification: p.Sheet.Environment == eleader.Qualification}
	switch {
	case h.Queue != nil:
		ip.Mode, ip.At = "immediate", &now
		ip.text = i18n.T("api.plan.now")
	case h.Scheduler != nil:
		at := h.Scheduler.Next(now)
		ip.Mode, ip.At = "daily", &at
		ip.text = i18n.T("api.plan.daily", i18n.Time{T: at.In(h.Scheduler.Location), Layout: "api.plan.datetime"})
	default:
		ip.Mode = "manual"
		ip.text = i18n.T("api.plan.manual")
	}
	if ip.Qualification {
		ip.text = i18n.T("api.plan.qualification", ip.text)
	}
	ip.Message = i18n.French.Text(ip.text)
	return ip
}

// deposit checks and stores one file of p, then queues its import: the
// upload of the API and of the web page.
func (h *Handler) deposit(r *http.Request, p *eleader.Partner, name string, size int64, body io.Reader) (eleader.Deposit, *Problem) {
	note(r, "", safeName(name))
	info, _ := r.Context().Value(infoKey{}).(*requestInfo)
	if info == nil {
		info = &requestInfo{}
	}
	dep, err := h.Service.Upload(r.Context(), p, name, size, body, h.maxUpload())
	if err != nil {
		prob := h.uploadProblem(r, err, p, name)
		info.uploadCode = Status(prob.Code)
		return dep, prob
	}
	info.uploadCode, info.uploadBytes = http.StatusCreated, dep.Size
	if h.Queue != nil {
		h.Queue.Add(p.ID())
	}
	return dep, nil
}

// safeName returns a file name fit for a log line: a valid name as it is,
// anything else reduced to its length (it could be anything a client sent).
func safeName(name string) string {
	if _, err := filename.Check(name); err == nil {
		return name
	}
	return fmt.Sprintf("(invalid name, %d bytes)", len(name))
}

// uploadProblem says, in French, why an upload was refused.
func (h *Handler) uploadProblem(r *http.Request, err error, p *eleader.Partner, name string) *Problem {
	code := eleader.ErrorCode(err)
	fn, _ := importer.ParseFileName(name)
	switch code {
	case eleader.ENOTFOUND:
		return problem(code, "api.upload.unknown_partner", fn.Partner, name, p.ID(), nomenclature)
	case eleader.EFORBIDDEN:
		return problem(code, "api.upload.other_partner", name, fn.Partner, p.ID(), p.ID())
	case eleader.ECONFLICT:
		// What to do (used.Waiting decides): withdraw the file that still
		// waits and send again, or send the next export under a new date.
		var used *eleader.UsedName
		found := errors.As(err, &used)
		switch {
		case found && used.Name != name && used.Waiting():
			return problem(code, "api.upload.export_waiting", fn.Date.String(), used.Name, used.Name, used.Name)
		case found && used.Name != name:
			return problem(code, "api.upload.export_used", fn.Date.String(), used.Name, p.ID())
		case found && used.Waiting():
			return problem(code, "api.upload.name_waiting", name, name, name)
		}
		return problem(code, "api.upload.name_used", name, p.ID())
	case eleader.EREJECTED:
		return rejected(err, name)
	case eleader.EUNSUPPORTED:
		return problem(code, "api.upload.no_workbooks")
	case eleader.ETOOLARGE:
		return problem(code, "api.upload.too_large", name, i18n.Size(h.maxUpload()))
	case eleader.EINTERNAL:
		if r.Context().Err() != nil {
			return problem(code, "api.upload.interrupted")
		}
		h.logger().Error("http: upload failed", "partner", p.ID(), "file", safeName(name), "error", err)
	}
	return problemFor(err)
}

// rejected says in French why a file is refused at its deposit, with its
// file errors.
func rejected(err error, name string) *Problem {
	r, ok := eleader.AsRejection(err)
	if !ok {
		return problem(eleader.EREJECTED, "api.upload.refused", name)
	}
	msgs := make([]any, len(r.Errors))
	for i, e := range r.Errors {
		msgs[i] = e.Text
		if e.Text.IsZero() {
			msgs[i] = e.Message
		}
	}
	p := problem(eleader.EREJECTED, "api.upload.rejected", name, i18n.Join("sep.semicolon", msgs...))
	p.FileErrors = r.Errors
	return p
}

// upload is POST /api/v1/files: the checks in the order a partner's
// mistakes are most useful to hear: 401, 415, 422, then 429 (too many
// uploads in progress: checked before the body is read), 404, 403, 409,
// 413, then the file's own checks (422, code rejected, with the file
// errors). A workbook comes as application/octet-stream or as XLSX's media
// type.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	p, name, release, ok := h.receive(w, r)
	if !ok {
		return
	}
	defer release()
	dep, prob := h.deposit(r, p, name, r.ContentLength, r.Body)
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	w.Header().Set("Location", "/api/v1/files/"+dep.Name)
	writeJSON(w, http.StatusCreated, uploadResult{
		Name: dep.Name, Partner: dep.Partner, Size: dep.Size, SHA256: dep.SHA256, Deposited: dep.At,
		Import: h.plan(p, dep.At),
	})
}

// receive judges the headers of a request sending a file — an upload or a
// dry run: the same —, in the order of upload: the token (401), the content
// type (415), the name in Content-Disposition (422), the uploads in
// progress (429, takeUpload). It writes the refusal itself and returns ok
// false; else the partner, the name, and the upload slot to release, the
// body's read deadline set.
func (h *Handler) receive(w http.ResponseWriter, r *http.Request) (p *eleader.Partner, name string, release func(), ok bool) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return nil, "", nil, false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/octet-stream" && mt != xlsxType) {
		var got any = filename.Cut(r.Header.Get("Content-Type"), 100)
		if got == "" {
			got = i18n.T("api.upload.none")
		}
		writeProblem(w, problem(eleader.EUNSUPPORTED, "api.upload.content_type", got, xlsxType))
		return nil, "", nil, false
	}
	name, perr := dispositionName(r.Header.Get("Content-Disposition"))
	if perr != nil {
		writeProblem(w, perr)
		return nil, "", nil, false
	}
	if mt == xlsxType && !strings.EqualFold(path.Ext(name), ".xlsx") {
		writeProblem(w, problem(eleader.EUNSUPPORTED, "api.upload.xlsx_type", xlsxType, filename.Cut(name, 100), "IDENTIFIANT"))
		return nil, "", nil, false
	}
	release, perr = h.takeUpload(w, p)
	if perr != nil {
		writeProblem(w, perr)
		return nil, "", nil, false
	}
	timeout := h.UploadTimeout
	if timeout <= 0 {
		timeout = DefaultUploadTimeout
	}
	http.NewResponseController(w).SetReadDeadline(h.now().Add(timeout))
	return p, name, release, true
}

// dispositionName reads the file name of Content-Disposition: attachment;
// filename="…" (or filename*=UTF-8”…, RFC 6266). The name itself is judged
// by the service's front door, eleader.Service.Upload. The name itself is judged
// by eleader.Service.Upload.
func dispositionName(header string) (string, *Problem) {
	if strings.TrimSpace(header) == "" {
		return "", badName(&importer.FileNameError{Problem: importer.NameMissing})
	}
	_, params, err := mime.ParseMediaType(header)
	if err != nil {
		return "", problem(eleader.EBADNAME, "api.upload.disposition", "AAAAMMJJ-IDENTIFIANT_DU_PARTENAIRE.csv")
	}
	name := params["filename"]
	if name == "" {
		return "", badName(&importer.FileNameError{Problem: importer.NameMissing})
	}
	return name, nil // judged by the service's front door, Upload
}

// filesResult is the body of GET /api/v1/files.
type filesResult struct {
	Partner string               `json:"partner"`
	Files   []eleader.FileStatus `json:"files"`
}

// listFiles is GET /api/v1/files?limit=N: the partner's files, most recent
// first, with their import status and report.
func (h *Handler) listFiles(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	limit := 100
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			writeProblem(w, problem(eleader.EINVALID, "api.limit"))
			return
		}
		limit = n
	}
	files, err := h.Service.Files(r.Context(), p.ID(), limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if files == nil {
		files = []eleader.FileStatus{}
	}
	writeJSON(w, http.StatusOK, filesResult{Partner: p.ID(), Files: files})
}

// reportOf returns the report of the request's {id}, if it is the partner's.
func (h *Handler) reportOf(r *http.Request, p *eleader.Partner) (*eleader.Report, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, problem(eleader.ENOTFOUND, "api.report.bad_number", filename.Cut(r.PathValue("id"), 40))
	}
	rep, err := h.Service.PartnerReport(r.Context(), p.ID(), id)
	if eleader.ErrorCode(err) == eleader.ENOTFOUND {
		return nil, problem(eleader.ENOTFOUND, "api.report.not_yours", id)
	}
	return rep, err
}

// reportResult is the body of GET /api/v1/reports/{id}.
type reportResult struct {
	*eleader.Report
	// Delivery is the report's email: pending, sent or failed.
	Delivery string     `json:"delivery"`
	Sent     *time.Time `json:"sent,omitempty"`
	// RejectsCSV and RejectsXLSX are the rejects' downloads, when there
	// are rejected lines kept.
	RejectsCSV  string `json:"rejectsCsv,omitempty"`
	RejectsXLSX string `json:"rejectsXlsx,omitempty"`
}

// getReport is GET /api/v1/reports/{id}.
func (h *Handler) getReport(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep, err := h.reportOf(r, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res := reportResult{Report: rep, Delivery: rep.State}
	if !rep.Sent.IsZero() {
		res.Sent = &rep.Sent
	}
	if rep.RejectsBytes > 0 {
		base := fmt.Sprintf("/api/v1/reports/%d/", rep.ID)
		res.RejectsCSV = base + "rejects.csv"
		if eleader.HasRejectsXLSX(h.Workbooks, rep.Rejected) {
			res.RejectsXLSX = base + "rejects.xlsx"
		}
	}
	writeJSON(w, http.StatusOK, res)
}

// openRejects opens the rejects file, in format, of the request's {id}
// report, if it is the partner's: eleader.Service.PartnerRejects, the one
// reader of rejects files, its refusals said in French.
func (h *Handler) openRejects(r *http.Request, p *eleader.Partner, format string) (io.ReadCloser, eleader.RejectsFile, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, eleader.RejectsFile{}, problem(eleader.ENOTFOUND, "api.report.bad_number", filename.Cut(r.PathValue("id"), 40))
	}
	rc, f, err := h.Service.PartnerRejects(r.Context(), p.ID(), id, format)
	switch {
	case err == nil:
		return rc, f, nil
	case errors.Is(err, eleader.ErrRejectsPurged):
		err = problem(eleader.ENOTFOUND, "api.report.purged", id, f.Purged.Format("02/01/2006"))
	case errors.Is(err, eleader.ErrRejectsTooLong):
		err = problem(eleader.EUNSUPPORTED, "api.report.too_long", id, eleader.MaxRejectsXLSX)
	case errors.Is(err, eleader.ErrNoRejects):
		err = problem(eleader.ENOTFOUND, "api.report.no_rejects", id)
	case eleader.ErrorCode(err) == eleader.ENOTFOUND:
		err = problem(eleader.ENOTFOUND, "api.report.not_yours", id)
	case eleader.ErrorCode(err) == eleader.EUNSUPPORTED:
		err = problem(eleader.EUNSUPPORTED, "api.report.no_xlsx")
	}
	return nil, f, err
}

// xlsxType is the media type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// serveRejects writes a rejects file opened by openRejects, and closes it.
func serveRejects(w http.ResponseWriter, rc io.ReadCloser, f eleader.RejectsFile) {
	defer rc.Close()
	ct := "text/csv; charset=utf-8"
	if f.Format == eleader.RejectsXLSX {
		ct = xlsxType
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	if f.Size >= 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	}
	io.Copy(w, rc)
}

// rejectsCSV is GET /api/v1/reports/{id}/rejects.csv.
func (h *Handler) rejectsCSV(w http.ResponseWriter, r *http.Request) {
	h.apiRejects(w, r, eleader.RejectsCSV)
}

// rejectsXLSX is GET /api/v1/reports/{id}/rejects.xlsx.
func (h *Handler) rejectsXLSX(w http.ResponseWriter, r *http.Request) {
	h.apiRejects(w, r, eleader.RejectsXLSX)
}

// apiRejects serves a report's rejects file in format.
func (h *Handler) apiRejects(w http.ResponseWriter, r *http.Request, format string) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rc, f, err := h.openRejects(r, p, format)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveRejects(w, rc, f)
}

// searchRequest is the body of POST /api/v1/dossiers/search.
type searchRequest struct {
	Nom           string `json:"nom"`
	Prenom        string `json:"prenom"`
	DateNaissance string `json:"dateNaissance"`
	SIRET         string `json:"siret"`
}

// searchResult is its answer: numbers and phases, never an identity, nor
// the partner holding a dossier.
type searchResult struct {
	Results []dossier.Found `json:"results"`
}

// searchQuery checks a search's fields.
func searchQuery(nom, prenom, naissance, siret string) (dossier.Query, *Problem) {
	q := dossier.Query{Nom: strings.TrimSpace(nom), Prenom: strings.TrimSpace(prenom), SIRET: strings.Join(strings.Fields(siret), "")}
	naissance = strings.TrimSpace(naissance)
	identity := q.Nom != "" || q.Prenom != "" || naissance != ""
	switch {
	case identity && q.SIRET != "":
		return q, problem(eleader.EINVALID, "api.search.both")
	case q.SIRET != "":
		if len(q.SIRET) != 14 || strings.Trim(q.SIRET, "0123456789") != "" {
			return q, problem(eleader.EINVALID, "api.search.siret")
		}
		return q, nil
	case q.Nom == "" || q.Prenom == "" || naissance == "":
		return q, problem(eleader.EINVALID, "api.search.identity")
	}
	d, ok := matrice.ParseDate(naissance)
	if !ok {
		return q, problem(eleader.EINVALID, "api.search.date")
	}
	q.Naissance = d
	if _, err := q.Key(); err != nil {
		return q, problem(eleader.EINVALID, "api.search.letters")
	}
	return q, nil
}

// search is POST /api/v1/dossiers/search: a JSON body, so that identities
// never travel in a URL (nor land in a proxy's log).
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeProblem(w, problem(eleader.EUNSUPPORTED, "api.search.not_json"))
		return
	}
	var req searchRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeProblem(w, problem(eleader.ETOOLARGE, "api.search.too_large"))
			return
		}
		writeProblem(w, problem(eleader.EINVALID, "api.search.body"))
		return
	}
	q, prob := searchQuery(req.Nom, req.Prenom, req.DateNaissance, req.SIRET)
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	found, err := h.Service.Search(r.Context(), eleader.Searcher{Partner: p.ID(), Channel: string(eleader.ChannelAPI)}, q)
	if err != nil {
		writeProblem(w, h.searchProblem(r, err))
		return
	}
	writeJSON(w, http.StatusOK, searchResult{Results: found})
}

// searchProblem says why a search was refused, in French.
func (h *Handler) searchProblem(r *http.Request, err error) *Problem {
	if retry, ok := eleader.RetryAfter(err); ok {
		return tooMany(retry, "api.search.rate", h.searchRate())
	}
	p := problemFor(err)
	if p.Code == eleader.EINTERNAL {
		h.logger().Error("http: internal error", "route", route(r), "error", err)
	}
	return p
}

// searchRate is the service's search limit per hour, for messages.
func (h *Handler) searchRate() int {
	switch n := h.Service.SearchRate; {
	case n == 0:
		return eleader.DefaultSearchRate
	default:
		return n
	}
}

// health is the body of /healthz.
type health struct {
	Status string `json:"status"`
}

// healthz is GET /healthz: 200 when the store answers, else 503.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	if err := h.Service.Health(r.Context()); err != nil {
		h.logger().Error("http: health check", "error", err)
		writeProblem(w, problem(codeUnavailable, "api.health.store"))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, health{Status: "ok"})
}

// readyz is GET /readyz: 200 when the service can take work — its store
// answers and Ready (the data directory writable) has no objection —,
// else 503 naming what is missing; the details go to the log.
func (h *Handler) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := h.Service.Health(r.Context()); err != nil {
		h.logger().Error("http: readiness: store", "error", err)
		writeProblem(w, problem(codeUnavailable, "api.ready.store"))
		return
	}
	if h.Ready != nil {
		if err := h.Ready(r.Context()); err != nil {
			h.logger().Error("http: readiness", "error", err)
			writeProblem(w, problem(codeUnavailable, "api.ready.data"))
			return
		}
	}
	writeJSON(w, http.StatusOK, health{Status: "ok"})
}
