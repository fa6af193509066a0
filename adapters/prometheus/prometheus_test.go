package prometheus_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/prometheus"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	prom "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reports is a ReportCounter of fixed answers.
type reports struct {
	st  eleader.ReportStats
	err error
}

func (r *reports) ReportStats(context.Context) (eleader.ReportStats, error) { return r.st, r.err }

// scrape serves the metrics and parses them as a Prometheus server would.
func scrape(t *testing.T, h http.Handler, token string) (int, map[string]*dto.MetricFamily) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return rec.Code, nil
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(rec.Body)
	require.NoError(t, err)
	return rec.Code, families
}

func gauge(f map[string]*dto.MetricFamily, name, label string) float64 {
	for _, m := range f[name].GetMetric() {
		if label == "" || (len(m.GetLabel()) > 0 && m.GetLabel()[0].GetValue() == label) {
			return m.GetGauge().GetValue()
		}
	}
	return -1
}

func TestCounts(t *testing.T) {
	m := prometheus.New(prometheus.Options{})
	m.Upload("api", 201, 1000)
	m.Upload("api", 201, 500)
	m.Upload("sftp", 409, 0)
	m.Import(eleader.ImportOutcome{Status: importer.StatusPartial, Consolidated: true, Lines: 10, Accepted: 7, Rejected: 3, Duration: 2 * time.Second})
	m.Import(eleader.ImportOutcome{Err: errors.New("disk full"), Duration: time.Second})
	m.Validation(importer.StatusRejected, 30*time.Millisecond)
	m.Run(eleader.RunPartial, time.Minute)
	m.Search(true)
	m.SFTPSession("ok")
	m.SFTPSession("ok")

	reg := m.Registry()
	for _, tc := range []struct {
		name   string
		want   string
		metric string
	}{
		{"uploads", "# HELP eleader_uploads_total Uploads by channel (api, web, sftp) and the status the API gives them.\n# TYPE eleader_uploads_total counter\n" +
			"eleader_uploads_total{channel=\"api\",code=\"201\"} 2\neleader_uploads_total{channel=\"sftp\",code=\"409\"} 1\n", "eleader_uploads_total"},
		{"bytes", "# HELP eleader_upload_bytes_total Bytes of the files deposited, by channel.\n# TYPE eleader_upload_bytes_total counter\neleader_upload_bytes_total{channel=\"api\"} 1500\n", "eleader_upload_bytes_total"},
		{"lines", "# HELP eleader_import_lines_total Lines of the files imported, accepted or rejected.\n# TYPE eleader_import_lines_total counter\n" +
			"eleader_import_lines_total{verdict=\"accepted\"} 7\neleader_import_lines_total{verdict=\"rejected\"} 3\n", "eleader_import_lines_total"},
		{"sftp", "# HELP eleader_sftp_sessions_total Partners' SFTP sessions, by outcome.\n# TYPE eleader_sftp_sessions_total counter\neleader_sftp_sessions_total{outcome=\"ok\"} 2\n", "eleader_sftp_sessions_total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.NoError(t, testutil.GatherAndCompare(reg, stringsReader(tc.want), tc.metric))
		})
	}
	for _, tc := range []struct {
		metric string
		labels []string
		want   float64
	}{
		{"eleader_imports_total", []string{"partial"}, 1},
		{"eleader_imports_total", []string{"error"}, 1},
		{"eleader_imports_total", []string{"accepted"}, 0},
		{"eleader_validations_total", []string{"rejected"}, 1},
		{"eleader_runs_total", []string{"partial"}, 1},
		{"eleader_runs_total", []string{"ok"}, 0},
		{"eleader_searches_total", []string{"true"}, 1},
	} {
		assert.Equal(t, tc.want, counterValue(t, reg, tc.metric, tc.labels...), "%s %v", tc.metric, tc.labels)
	}
	assert.Equal(t, uint64(2), histogramCount(t, reg, "eleader_import_duration_seconds"), "the fault's duration too")
	assert.Equal(t, uint64(1), histogramCount(t, reg, "eleader_validation_duration_seconds"))
	assert.Equal(t, uint64(1), histogramCount(t, reg, "eleader_run_duration_seconds"))
	assert.Equal(t, 0, countIn(t, prom.DefaultGatherer, "eleader_uploads_total"), "never the global registry")
}

func TestReportsAtScrape(t *testing.T) {
	now := time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC)
	src := &reports{st: eleader.ReportStats{Pending: 2, Sent: 5, Failed: 1, OldestPending: now.Add(-90 * time.Second)}}
	m := prometheus.New(prometheus.Options{Reports: src, Now: func() time.Time { return now }})
	code, f := scrape(t, m.Handler(""), "")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 2.0, gauge(f, "eleader_reports", "pending"))
	assert.Equal(t, 5.0, gauge(f, "eleader_reports", "sent"))
	assert.Equal(t, 1.0, gauge(f, "eleader_reports", "failed"))
	assert.Equal(t, 90.0, gauge(f, "eleader_reports_oldest_pending_age_seconds", ""))
	assert.Equal(t, 1.0, gauge(f, "eleader_store_up", ""))

	src.st = eleader.ReportStats{Sent: 7}
	_, f = scrape(t, m.Handler(""), "")
	assert.Equal(t, 0.0, gauge(f, "eleader_reports", "pending"))
	assert.Equal(t, 0.0, gauge(f, "eleader_reports_oldest_pending_age_seconds", ""), "nothing pending")

	src.err = errors.New("connection refused")
	code, f = scrape(t, m.Handler(""), "")
	require.Equal(t, http.StatusOK, code, "the other metrics are still served")
	assert.Equal(t, 0.0, gauge(f, "eleader_store_up", ""))
	assert.NotContains(t, f, "eleader_reports")
	assert.Contains(t, f, "eleader_imports_total")
}

func TestHandlerToken(t *testing.T) {
	m := prometheus.New(prometheus.Options{})
	h := m.Handler("s3cret")
	for _, tc := range []struct {
		header string
		want   int
	}{
		{"", http.StatusUnauthorized},
		{"Bearer wrong", http.StatusUnauthorized},
		{"Bearer s3cre", http.StatusUnauthorized},
		{"Basic s3cret", http.StatusUnauthorized},
		{"s3cret", http.StatusUnauthorized},
		{"Bearer s3cret", http.StatusOK},
		{"bearer s3cret", http.StatusOK},
	} {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if tc.header != "" {
			req.Header.Set("Authorization", tc.header)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, tc.want, rec.Code, "%q", tc.header)
		if tc.want == http.StatusUnauthorized {
			assert.Equal(t, `Bearer realm="metrics"`, rec.Header().Get("WWW-Authenticate"))
		}
	}
	code, _ := scrape(t, m.Handler(""), "")
	assert.Equal(t, http.StatusOK, code, "no token: open")
}
