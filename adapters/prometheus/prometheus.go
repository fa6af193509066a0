// Package prometheus counts what eleader-go does and serves it in the
// Prometheus text format, with github.com/prometheus/client_golang on a
// registry of its own: never the library's global one, nothing registered
// at init. *Metrics implements eleader.Metrics — set it as
// eleader.Service.Metrics — and its Handler serves /metrics.
//
// The metrics, all prefixed eleader_:
//
//	uploads_total{channel,code}         uploads by channel (api, web, sftp) and API status
//	upload_bytes_total{channel}         bytes of the files deposited
//	imports_total{status}               imports by verdict (accepted, partial, rejected) or error
//	imports_consolidated_total          imports that consolidated lines
//	import_lines_total{verdict}         lines imported, accepted or rejected
//	import_duration_seconds             histogram: read, checks, consolidation, commit
//	validations_total{status}           files judged without an import
//	validation_duration_seconds         histogram of those judgements
//	runs_total{outcome}                 runs: ok, partial, failed
//	run_duration_seconds                histogram of the runs
//	searches_total{found}               dossier searches, found or not (true, false)
//	sftp_sessions_total{outcome}        partners' SFTP sessions
//	reports{state}                      reports pending, sent, failed (read from the store at each scrape)
//	reports_oldest_pending_age_seconds  how long the oldest pending report has waited (0: none)
//	store_up                            1 when the store answered the scrape's question, else 0
//
// and the Go runtime's and the process's (go_*, process_*).
package prometheus

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	prom "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric of eleader-go.
const Namespace = "eleader"

// DefaultScrapeTimeout bounds the store's answer at a scrape.
const DefaultScrapeTimeout = 5 * time.Second

// ReportCounter counts the reports by state: *eleader.Service.
type ReportCounter interface {
	ReportStats(ctx context.Context) (eleader.ReportStats, error)
}

// Options configure New.
type Options struct {
	// Reports, if set, is asked at each scrape for the reports by state and
	// the oldest pending one. Nil leaves those metrics out.
	Reports ReportCounter
	// ScrapeTimeout bounds that question. Zero means DefaultScrapeTimeout.
	ScrapeTimeout time.Duration
	// Now gives the time, for the age of the oldest report. Nil means
	// time.Now.
	Now func() time.Time
}

// Metrics counts eleader-go's work on its own registry. Make it with New;
// it is safe for concurrent use.
type Metrics struct {
	reg            *prom.Registry
	uploads        *prom.CounterVec
	uploadBytes    *prom.CounterVec
	imports        *prom.CounterVec
	consolidated   prom.Counter
	importLines    *prom.CounterVec
	importDuration prom.Histogram
	validations    *prom.CounterVec
	validationDur  prom.Histogram
	runs           *prom.CounterVec
	runDuration    prom.Histogram
	searches       *prom.CounterVec
	sftpSessions   *prom.CounterVec
}

var _ eleader.Metrics = (*Metrics)(nil)

// New returns Metrics on a new registry, with the Go runtime's and the
// process's collectors.
func New(o Options) *Metrics {
	reg := prom.NewRegistry()
	f := func(c prom.Collector) { reg.MustRegister(c) }
	counter := func(name, help string, labels ...string) *prom.CounterVec {
		c := prom.NewCounterVec(prom.CounterOpts{Namespace: Namespace, Name: name, Help: help}, labels)
		f(c)
		return c
	}
	histogram := func(name, help string, buckets []float64) prom.Histogram {
		h := prom.NewHistogram(prom.HistogramOpts{Namespace: Namespace, Name: name, Help: help, Buckets: buckets})
		f(h)
		return h
	}
	// Imports and runs: 0.1 s to about 14 minutes; a validation: 10 ms to
	// about 80 s.
	long := prom.ExponentialBuckets(0.1, 2, 14)
	short := prom.ExponentialBuckets(0.01, 2, 14)
	m := &Metrics{
		reg:            reg,
		uploads:        counter("uploads_total", "Uploads by channel (api, web, sftp) and the status the API gives them.", "channel", "code"),
		uploadBytes:    counter("upload_bytes_total", "Bytes of the files deposited, by channel.", "channel"),
		imports:        counter("imports_total", "Imports by verdict (accepted, partial, rejected), or error for a fault.", "status"),
		importLines:    counter("import_lines_total", "Lines of the files imported, accepted or rejected.", "verdict"),
		importDuration: histogram("import_duration_seconds", "Duration of an import: reading, checks, consolidation and commit.", long),
		validations:    counter("validations_total", "Files judged without being imported, by verdict.", "status"),
		validationDur:  histogram("validation_duration_seconds", "Duration of the judgement of a file not imported.", short),
		runs:           counter("runs_total", "Import runs by outcome: ok, partial (some partners failed), failed.", "outcome"),
		runDuration:    histogram("run_duration_seconds", "Duration of an import run.", long),
		searches:       counter("searches_total", "Dossier searches, by whether a dossier was found.", "found"),
		sftpSessions:   counter("sftp_sessions_total", "Partners' SFTP sessions, by outcome.", "outcome"),
	}
	m.consolidated = prom.NewCounter(prom.CounterOpts{Namespace: Namespace, Name: "imports_consolidated_total", Help: "Imports that consolidated their accepted lines."})
	f(m.consolidated)
	// The series a dashboard expects from the start, at 0.
	for _, s := range []string{string(importer.StatusAccepted), string(importer.StatusPartial), string(importer.StatusRejected), "error"} {
		m.imports.WithLabelValues(s)
	}
	for _, s := range []string{string(importer.StatusAccepted), string(importer.StatusPartial), string(importer.StatusRejected)} {
		m.validations.WithLabelValues(s)
	}
	m.importLines.WithLabelValues("accepted")
	m.importLines.WithLabelValues("rejected")
	for _, s := range []string{eleader.RunOK, eleader.RunPartial, eleader.RunFailed} {
		m.runs.WithLabelValues(s)
	}
	m.searches.WithLabelValues("true")
	m.searches.WithLabelValues("false")

	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if o.Reports != nil {
		f(newReportCollector(o))
	}
	return m
}

// Registry returns the registry the metrics are on, to register more.
func (m *Metrics) Registry() *prom.Registry { return m.reg }

// Upload counts an upload.
func (m *Metrics) Upload(channel string, code int, bytes int64) {
	m.uploads.WithLabelValues(channel, strconv.Itoa(code)).Inc()
	if bytes > 0 {
		m.uploadBytes.WithLabelValues(channel).Add(float64(bytes))
	}
}

// Import counts an import.
func (m *Metrics) Import(o eleader.ImportOutcome) {
	m.importDuration.Observe(o.Duration.Seconds())
	if o.Err != nil {
		m.imports.WithLabelValues("error").Inc()
		return
	}
	m.imports.WithLabelValues(string(o.Status)).Inc()
	if o.Consolidated {
		m.consolidated.Inc()
	}
	m.importLines.WithLabelValues("accepted").Add(float64(o.Accepted))
	m.importLines.WithLabelValues("rejected").Add(float64(o.Rejected))
}

// Validation counts a file judged without an import.
func (m *Metrics) Validation(status importer.Status, d time.Duration) {
	m.validations.WithLabelValues(string(status)).Inc()
	m.validationDur.Observe(d.Seconds())
}

// Run counts a run.
func (m *Metrics) Run(outcome string, d time.Duration) {
	m.runs.WithLabelValues(outcome).Inc()
	m.runDuration.Observe(d.Seconds())
}

// Search counts a search.
func (m *Metrics) Search(found bool) { m.searches.WithLabelValues(strconv.FormatBool(found)).Inc() }

// SFTPSession counts an SFTP session.
func (m *Metrics) SFTPSession(outcome string) { m.sftpSessions.WithLabelValues(outcome).Inc() }

// Handler serves the metrics in the Prometheus text format (or in what the
// scraper asks for). With a token, a request must carry
// "Authorization: Bearer TOKEN", compared in constant time; others get 401.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	if token == "" {
		return h
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, given, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		got := sha256.Sum256([]byte(strings.TrimSpace(given)))
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "a bearer token is needed", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// reportCollector reads the reports' counts from the store at each scrape.
type reportCollector struct {
	src     ReportCounter
	timeout time.Duration
	now     func() time.Time
	reports *prom.Desc
	oldest  *prom.Desc
	up      *prom.Desc
}

func newReportCollector(o Options) *reportCollector {
	c := &reportCollector{src: o.Reports, timeout: o.ScrapeTimeout, now: o.Now}
	if c.timeout <= 0 {
		c.timeout = DefaultScrapeTimeout
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.reports = prom.NewDesc(prom.BuildFQName(Namespace, "", "reports"), "Reports by state: pending (to send or retry), sent, failed (given up).", []string{"state"}, nil)
	c.oldest = prom.NewDesc(prom.BuildFQName(Namespace, "", "reports_oldest_pending_age_seconds"), "How long the oldest pending report has waited; 0 when none is pending.", nil, nil)
	c.up = prom.NewDesc(prom.BuildFQName(Namespace, "", "store_up"), "1 when the store answered the scrape's question on reports, else 0.", nil, nil)
	return c
}

// Describe sends the descriptions of the metrics.
func (c *reportCollector) Describe(ch chan<- *prom.Desc) {
	ch <- c.reports
	ch <- c.oldest
	ch <- c.up
}

// Collect asks the store and sends the metrics; when the store does not
// answer, only store_up, at 0.
func (c *reportCollector) Collect(ch chan<- prom.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	st, err := c.src.ReportStats(ctx)
	if err != nil {
		ch <- prom.MustNewConstMetric(c.up, prom.GaugeValue, 0)
		return
	}
	ch <- prom.MustNewConstMetric(c.up, prom.GaugeValue, 1)
	ch <- prom.MustNewConstMetric(c.reports, prom.GaugeValue, float64(st.Pending), eleader.ReportPending)
	ch <- prom.MustNewConstMetric(c.reports, prom.GaugeValue, float64(st.Sent), eleader.ReportSent)
	ch <- prom.MustNewConstMetric(c.reports, prom.GaugeValue, float64(st.Failed), eleader.ReportFailed)
	age := 0.0
	if !st.OldestPending.IsZero() {
		age = max(c.now().Sub(st.OldestPending).Seconds(), 0)
	}
	ch <- prom.MustNewConstMetric(c.oldest, prom.GaugeValue, age)
}
