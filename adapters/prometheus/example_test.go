package prometheus_test

import (
	"bufio"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/prometheus"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// ExampleNew counts an upload and its import, then serves the metrics as
// a Prometheus server scrapes them. A service gets them with
// svc.Metrics = m, and serves m.Handler(token) at /metrics.
func ExampleNew() {
	m := prometheus.New(prometheus.Options{})
	m.Upload("api", 201, 2048)
	m.Import(eleader.ImportOutcome{Status: importer.StatusPartial, Consolidated: true, Lines: 15, Accepted: 14, Rejected: 1, Duration: time.Second})

	rec := httptest.NewRecorder()
	m.Handler("").ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	s := bufio.NewScanner(rec.Body)
	for s.Scan() {
		if l := s.Text(); strings.HasPrefix(l, "eleader_upload") || strings.HasPrefix(l, "eleader_import_lines") || strings.HasPrefix(l, `eleader_imports_total{status="partial"}`) {
			fmt.Println(l)
		}
	}
	// Output:
	// eleader_import_lines_total{verdict="accepted"} 14
	// eleader_import_lines_total{verdict="rejected"} 1
	// eleader_imports_total{status="partial"} 1
	// eleader_upload_bytes_total{channel="api"} 2048
	// eleader_uploads_total{channel="api",code="201"} 1
}
