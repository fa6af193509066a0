package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scrape reads /metrics and parses it with the Prometheus text parser.
func scrape(t *testing.T, url, token string) map[string]*dto.MetricFamily {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/plain")
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(resp.Body)
	require.NoError(t, err)
	return families
}

// value is the value of the series of a family whose labels include
// these (name=value pairs); 0 when there is none.
func value(families map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f, ok := families[name]
	if !ok {
		return 0
	}
	total := 0.0
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			match = match && have[labels[i]] == labels[i+1]
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			total += m.GetCounter().GetValue()
		case m.Gauge != nil:
			total += m.GetGauge().GetValue()
		case m.Histogram != nil:
			total += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return total
}

func post(t *testing.T, url string, header http.Header, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeMetrics scrapes /metrics before and after uploads, an import
// run, its report and a search, and checks that each counter moved by
// exactly what happened.
func TestServeMetrics(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	token := strings.TrimSpace(strings.Split(strings.Split(s.out.String(), "shown this once:\n")[1], "\n")[0])
	require.True(t, strings.HasPrefix(token, "elt_"), s.out.String())
	metricsURL := s.base + "/metrics"
	waitUntil(t, "the start-up run", func() bool { return value(scrape(t, metricsURL, ""), "eleader_runs_total") >= 1 })
	before := scrape(t, metricsURL, "")
	assert.Equal(t, 1.0, value(before, "eleader_store_up"))

	file, err := os.ReadFile(demoFaulty)
	require.NoError(t, err)
	upload := func(tok, name string) int {
		return post(t, s.base+"/api/v1/files", seedHeadersFor(tok, name), file)
	}
	require.Equal(t, http.StatusCreated, upload(token, "20261117-demo.csv"))
	assert.Equal(t, http.StatusConflict, upload(token, "20261117-demo.csv"))
	assert.Equal(t, http.StatusUnauthorized, upload("elt_demo_nope", "20261118-demo.csv"))
	assert.Equal(t, http.StatusUnprocessableEntity, upload(token, "demo.csv"))
	h := http.Header{"Authorization": {"fmetoken token=" + token}, "Content-Type": {"application/json"}}
	require.Equal(t, http.StatusOK, post(t, s.base+"/api/v1/dossiers/search", h, []byte(`{"siret":"73282932000074"}`)))

	// --demo imports each upload at once: a run, its import, its report.
	waitUntil(t, "the import and its report", func() bool {
		m := scrape(t, metricsURL, "")
		return value(m, "eleader_imports_total") > value(before, "eleader_imports_total") && value(m, "eleader_reports", "state", "sent") >= 1 &&
			value(m, "eleader_runs_total") > value(before, "eleader_runs_total") // a run ends after its report is sent
	})
	after := scrape(t, metricsURL, "")
	delta := func(name string, labels ...string) float64 {
		return value(after, name, labels...) - value(before, name, labels...)
	}
	assert.Equal(t, 1.0, delta("eleader_uploads_total", "channel", "api", "code", "201"))
	assert.Equal(t, 1.0, delta("eleader_uploads_total", "channel", "api", "code", "409"))
	assert.Equal(t, 1.0, delta("eleader_uploads_total", "channel", "api", "code", "401"))
	assert.Equal(t, 1.0, delta("eleader_uploads_total", "channel", "api", "code", "422"))
	assert.Equal(t, 4.0, delta("eleader_uploads_total"))
	assert.Equal(t, float64(len(file)), delta("eleader_upload_bytes_total", "channel", "api"), "the bytes of the file deposited")
	// The example's ADIE and FRAC numbers are not the demo partner's (DEMO):
	// every line is rejected, the one clean line on its operator code.
	assert.Equal(t, 1.0, delta("eleader_imports_total", "status", "rejected"))
	assert.Equal(t, 1.0, delta("eleader_imports_total"))
	assert.Equal(t, 0.0, delta("eleader_imports_consolidated_total"), "the demo partner is in qualification")
	assert.Equal(t, 0.0, delta("eleader_import_lines_total", "verdict", "accepted"))
	assert.Equal(t, 15.0, delta("eleader_import_lines_total", "verdict", "rejected"))
	assert.Equal(t, 1.0, delta("eleader_import_duration_seconds"), "one observation")
	assert.Equal(t, 1.0, delta("eleader_runs_total", "outcome", "ok"))
	assert.Equal(t, 1.0, delta("eleader_run_duration_seconds"))
	assert.Equal(t, 1.0, delta("eleader_searches_total", "found", "false"))
	assert.Equal(t, 1.0, value(after, "eleader_reports", "state", "sent"))
	assert.Equal(t, 0.0, value(after, "eleader_reports", "state", "pending"))
	assert.Equal(t, 0.0, value(after, "eleader_reports_oldest_pending_age_seconds"))
	assert.NotZero(t, value(after, "go_goroutines"), "the runtime's metrics")

	resp, err := http.Get(s.base + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// seedHeadersFor are an upload's headers, as seed 000 gives them.
func seedHeadersFor(token, name string) http.Header {
	return http.Header{
		"Content-Disposition": {`attachment; filename="` + name + `"`},
		"Content-Type":        {"application/octet-stream"},
		"Accept":              {"application/json"},
		"Authorization":       {"fmetoken token=" + token},
	}
}

// TestServeMetricsApart: with --metrics-addr, /metrics is served there
// only, and with a token only to a scraper that gives it; serve started
// from ELEADER_* variables alone prints where each came from.
func TestServeMetricsApart(t *testing.T) {
	data := t.TempDir()
	t.Setenv("ELEADER_DATA", data)
	t.Setenv("ELEADER_METRICS_ADDR", "127.0.0.1:0")
	t.Setenv("ELEADER_METRICS_TOKEN", "s3cret-scrape")
	t.Setenv("ELEADER_IMPORT", "now")
	s := startServe(t)
	banner := s.out.String()
	assert.Contains(t, banner, "  settings    environment: ELEADER_DATA, ELEADER_IMPORT, ELEADER_METRICS_ADDR, ELEADER_METRICS_TOKEN")
	assert.Contains(t, banner, "  store       "+data+"/eleader.db (SQLite)")
	assert.Contains(t, banner, "  imports     each upload at once")
	assert.NotContains(t, banner, "s3cret-scrape")
	var metricsURL string
	for _, l := range strings.Split(banner, "\n") {
		if rest, ok := strings.CutPrefix(l, "  metrics     "); ok {
			metricsURL = strings.TrimSuffix(rest, " (bearer token)")
		}
	}
	require.NotEmpty(t, metricsURL, banner)
	assert.NotContains(t, metricsURL, s.base, "on its own address")

	resp, err := http.Get(metricsURL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	req, _ := http.NewRequest(http.MethodGet, metricsURL, nil)
	req.Header.Set("Authorization", "Bearer wrong")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	families := scrape(t, metricsURL, "s3cret-scrape")
	assert.Contains(t, families, "eleader_runs_total")

	resp, err = http.Get(s.base + "/metrics")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "not on the service's address")
}

// TestServeBannerSaysWhatItUses: SMTP when it is set (never its
// password), the outbox otherwise; a PostgreSQL URL without its password.
func TestServeBannerSaysWhatItUses(t *testing.T) {
	o := &serveOptions{data: "/srv/eleader", db: "postgres://eleader:pw@db.example/eleader", at: "02:00", importMode: "daily", maxMB: 512, lang: i18n.English}
	text := func() string {
		var b strings.Builder
		for _, l := range o.uses("http://x", "http://x/metrics") {
			b.WriteString(l[0] + " " + l[1] + "\n")
		}
		return b.String()
	}
	out := text()
	assert.Contains(t, out, "store postgres://eleader:xxxxx@db.example/eleader (PostgreSQL)")
	assert.Contains(t, out, "reports written as .eml files in /srv/eleader/outbox (no SMTP server")
	assert.Contains(t, out, "imports daily at 02:00 Europe/Paris")
	assert.Contains(t, out, "TLS off")
	assert.NotContains(t, out, ":pw@")

	t.Setenv("ELEADER_SMTP_HOST", "mail.example")
	t.Setenv("ELEADER_SMTP_PORT", "2525")
	t.Setenv("ELEADER_SMTP_USER", "eleader")
	t.Setenv("ELEADER_SMTP_PASSWORD", "hunter2")
	t.Setenv("ELEADER_MAIL_FROM", "rapports@eleader.example")
	o.tlsCert, o.clientCerts, o.metricsToken = "cert.pem", true, "tok"
	out = text()
	assert.Contains(t, out, "reports sent by SMTP through mail.example:2525 (starttls, as eleader), from rapports@eleader.example")
	assert.NotContains(t, out, "outbox", "the outbox is not used when SMTP is set")
	assert.NotContains(t, out, "hunter2")
	assert.Contains(t, out, "TLS certificate cert.pem; client certificates")
	assert.Contains(t, out, "metrics http://x/metrics (bearer token)")
	assert.NotContains(t, out, "tok)")
}
