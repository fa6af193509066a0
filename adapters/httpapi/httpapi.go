// Package httpapi serves eleader-go over HTTP: the upload API partners'
// information systems call (POST /api/v1/files, spec §7, as seed 000
// describes it: Content-Disposition, application/octet-stream,
// Authorization: fmetoken token=TOKEN), its dry run (POST /api/v1/checks:
// the import's verdict, store checks included, nothing kept), the reads a
// partner needs (its files and their import status — a file's verdict once
// imported —, reports, rejects as CSV and XLSX, dossier search), the
// withdrawal of a file waiting for its import (DELETE
// /api/v1/files/{name}, and the web page's "Retirer"), /healthz, the OpenAPI 3.1 document at /openapi.yaml, and the web
// pages, in French: the deposit page, for partners without an
// integration (signed in with their token); the "Espace raccordements",
// where partners' people file their connection sheets (seed 004); E#L's
// console, where operators process them. People sign in with a one-time
// link sent to their email; sessions are kept in the store.
//
// Every API response is JSON; every error is a Problem {"code","message"}
// whose message, in French, says what to fix. The service's error codes map
// to statuses in one table (Status). A token only ever sees its own
// partner's data: another partner's report is 404, as a missing one.
//
// Personal data stays out of the logs: a request is logged with its route
// pattern, status, size, duration and partner, never its query, body or
// file contents; search goes by POST so that identities never appear in a
// URL.
//
// Resources are bounded: uploads in progress per partner and in all
// (MaxUploadsPerPartner, MaxUploads; a dry run's body counts as an
// upload), searches and dry runs per partner (the service's SearchRate and
// CheckRate); beyond, 429 with Retry-After.
package httpapi

import (
	"context"
	"crypto/rand"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Defaults of a Handler's settings.
const (
	// DefaultSessionTTL is how long a web session lasts.
	DefaultSessionTTL = 8 * time.Hour
	// DefaultUploadTimeout bounds the time to receive one upload's body.
	DefaultUploadTimeout = 30 * time.Minute
	// DefaultReadHeaderTimeout bounds the time to read a request's headers
	// (slow clients holding connections open).
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultIdleTimeout closes idle keep-alive connections.
	DefaultIdleTimeout = 2 * time.Minute
	// DefaultMaxHeaderBytes bounds a request's headers.
	DefaultMaxHeaderBytes = 64 << 10
)

// Workbooks writes Excel workbooks: adapters/xlsx implements it. Without
// one, the XLSX downloads (rejects, template) are unavailable; deposits of
// workbooks depend on the service's own Workbooks, which converts them.
type Workbooks interface {
	eleader.Workbooks
	// Template writes the workbook partners fill in, built from the matrice
	// m: its columns, formats, drop-down lists and help.
	Template(m *matrice.Matrice, w io.Writer) error
}

// Handler is the HTTP face of an eleader.Service. Set its fields, then
// serve it; it is safe for concurrent use.
type Handler struct {
	// Service answers. Required; it needs Deposits.
	Service *eleader.Service
	// Logger receives one line per request and the faults. Nil discards.
	Logger *slog.Logger
	// MaxUpload is the size limit of a file. Zero means
	// eleader.DefaultMaxUpload.
	MaxUpload int64
	// UploadTimeout bounds the time to receive a file. Zero means
	// DefaultUploadTimeout.
	UploadTimeout time.Duration
	// Queue, if set, imports each file at once after its upload; else files
	// wait for the daily run.
	Queue *eleader.ImportQueue
	// Scheduler, if set, tells when the daily run will import a file.
	Scheduler *eleader.Scheduler
	// Workbooks, if set, serves rejects as XLSX and the template.
	Workbooks Workbooks
	// ClientCertificates accepts, on TLS connections, a client certificate
	// that matches an active connection sheet's, instead of a token (a
	// request with an Authorization header is judged on its token). The
	// server's tls.Config must ask for client certificates
	// (ClientAuth: tls.RequestClientCert); the handler compares the one
	// presented with the sheets'.
	ClientCertificates bool
	// SessionKey signs the forms' anti-forgery values (at least 32 bytes);
	// give all instances the same key. Nil means a random key: forms shown
	// before the process restarted are refused (sessions themselves are
	// the store's, and survive).
	SessionKey []byte
	// SessionTTL is how long a web session lasts. Zero means
	// DefaultSessionTTL.
	SessionTTL time.Duration
	// SecureCookies marks the session cookie Secure even on plain HTTP
	// connections: set it behind a proxy that terminates TLS. On a TLS
	// connection the cookie is always Secure.
	SecureCookies bool
	// SignInRequests is how many sign-in link requests one client address
	// may make per 15 minutes. Zero means DefaultSignInRequests.
	SignInRequests int
	// Now gives the time. Nil means time.Now.
	Now func() time.Time
	// MaxUploadsPerPartner bounds the uploads one partner has in progress
	// at once (the API and the web page together); beyond, 429 with
	// Retry-After. Zero means DefaultMaxUploadsPerPartner; negative, no
	// bound.
	MaxUploadsPerPartner int
	// MaxUploads bounds the uploads every partner together has in progress
	// at once; beyond, 429. Zero means DefaultMaxUploads; negative, no
	// bound.
	MaxUploads int

	uploads uploadSlots
	mails   sync.WaitGroup // sign-in emails sent in the background
	limiter addressLimiter // sign-in link requests per client address
	// Ready, if set, is asked by /readyz besides the store: the data
	// directory writable, for eleader serve.
	Ready func(ctx context.Context) error

	once  sync.Once
	mux   *http.ServeMux
	key   []byte
	pages map[i18n.Lang]map[string]*template.Template
	loc   *time.Location // Paris, for the times people read
}

// New returns a Handler of svc with the default settings.
func New(svc *eleader.Service) *Handler {
	return &Handler{Service: svc, SessionTTL: DefaultSessionTTL, UploadTimeout: DefaultUploadTimeout}
}

func (h *Handler) init() {
	h.key = h.SessionKey
	if len(h.key) < 32 {
		h.key = make([]byte, 32)
		rand.Read(h.key)
	}
	h.pages = parsePages()
	h.loc = time.UTC
	if loc, err := time.LoadLocation(eleader.DefaultZone); err == nil {
		h.loc = loc
	}
	mux := http.NewServeMux()
	h.api(mux)
	h.web(mux)
	h.mux = mux
}

func (h *Handler) now() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Logger
}

func (h *Handler) maxUpload() int64 {
	if h.MaxUpload <= 0 {
		return eleader.DefaultMaxUpload
	}
	return h.MaxUpload
}

// ServeHTTP serves the API, the web page and the probes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(h.init)
	start := h.now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	info := &requestInfo{}
	r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
	defer func() {
		if v := recover(); v != nil {
			h.logger().Error("http: panic", "route", r.Pattern, "panic", v)
			if !rec.wrote {
				writeProblem(rec, problem(eleader.EINTERNAL, "api.internal_short"))
			}
		}
		attrs := []any{"method", r.Method, "route", route(r), "status", rec.status, "bytes", rec.bytes,
			"duration", h.now().Sub(start).Round(time.Millisecond).String()}
		if info.partner != "" {
			attrs = append(attrs, "partner", info.partner)
		}
		if info.file != "" {
			attrs = append(attrs, "file", info.file)
		}
		h.logger().Info("http", attrs...)
		h.countUpload(r, rec.status, info)
	}()
	rec.Header().Set("X-Content-Type-Options", "nosniff")
	rec.Header().Set("Referrer-Policy", "no-referrer")
	h.mux.ServeHTTP(rec, r)
}

// route is the pattern that served r: never the raw path or query, which
// could carry what a user typed.
func route(r *http.Request) string {
	if r.Pattern != "" {
		return r.Pattern
	}
	return "(no route)"
}

// requestInfo is what a request's log line tells beside the route.
type requestInfo struct {
	partner string
	file    string // a file name: AAAAMMJJ-ID.csv, no personal data
	// uploadCode is the API status of a deposit's outcome (set by deposit,
	// for the web page's too), uploadBytes the size deposited.
	uploadCode  int
	uploadBytes int64
}

// countUpload tells the service's Metrics of an upload: a POST to the
// API's files (every one, refused early or not), or a deposit of the web
// page that reached the deposits' checks, with the status the API gives.
func (h *Handler) countUpload(r *http.Request, status int, info *requestInfo) {
	code := info.uploadCode
	var channel string
	switch {
	case r.Method == http.MethodPost && r.Pattern == "/api/v1/files":
		channel = "api"
		if code == 0 {
			code = status
		}
	case r.Pattern == "POST /espace/depot" && code != 0:
		channel = "web"
	default:
		return
	}
	h.Service.MetricsOf().Upload(channel, code, info.uploadBytes)
}

type infoKey struct{}

// note records, for the log line, the partner and file of a request.
func note(r *http.Request, partner, file string) {
	if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		if partner != "" {
			info.partner = partner
		}
		if file != "" {
			info.file = file
		}
	}
}

// recorder notes a response's status and size for the log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Server returns an *http.Server of h on addr with the timeouts that keep
// slow or stalled clients from holding it: headers within
// DefaultReadHeaderTimeout, bodies within the handler's UploadTimeout,
// idle connections closed.
func (h *Handler) Server(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		IdleTimeout:       DefaultIdleTimeout,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(h.logger().Handler(), slog.LevelWarn),
	}
}

// methods serves one path: each method with its handler, any other method a
// JSON 405 naming the allowed ones.
func methods(handlers map[string]http.HandlerFunc) http.HandlerFunc {
	var allowed []string
	for m := range handlers {
		allowed = append(allowed, m)
	}
	if _, ok := handlers[http.MethodGet]; ok {
		allowed = append(allowed, http.MethodHead)
	}
	slices.Sort(allowed)
	allow := strings.Join(allowed, ", ")
	return func(w http.ResponseWriter, r *http.Request) {
		m := r.Method
		if m == http.MethodHead {
			m = http.MethodGet
		}
		if f, ok := handlers[m]; ok {
			f(w, r)
			return
		}
		w.Header().Set("Allow", allow)
		writeProblem(w, problem(codeMethod, "api.method", r.Method, allow))
	}
}
