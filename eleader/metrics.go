package eleader

import (
	"context"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Metrics is told what the service and its adapters do, to be counted:
// adapters/prometheus implements it. Its methods are called on the paths of
// uploads and imports: they must be quick, safe for concurrent use, and
// never fail. Set Service.Metrics; nil counts nothing. An implementation
// may embed NopMetrics, so that a method added here later does not break
// it.
type Metrics interface {
	// Upload counts one upload through a channel ("api", "web", "sftp"):
	// code is the status the API gives it (201 stored, 409 name used, 413
	// too large, 422 bad name or file …; the web page and SFTP count their
	// deposits with the status the API would give), bytes the size of the
	// file deposited (0 when refused).
	Upload(channel string, code int, bytes int64)
	// Import counts one import (Service.Import): its outcome, lines and
	// duration, also for a file rejected whole. A fault (the store, a read)
	// is an ImportOutcome with Err set.
	Import(o ImportOutcome)
	// Validation counts one file judged without being imported (the checks
	// at deposit, a partner's test of a file): its status and duration.
	Validation(status importer.Status, d time.Duration)
	// Run counts one run (Service.Run) by outcome: RunOK, RunPartial or
	// RunFailed.
	Run(outcome string, d time.Duration)
	// Search counts one dossier search (Service.Search), found or not.
	Search(found bool)
	// SFTPSession counts one SFTP session of a partner by outcome (an SFTP
	// adapter's words: "ok", "refused" …).
	SFTPSession(outcome string)
}

// The outcomes of a run, for Metrics.Run.
const (
	RunOK      = "ok"      // every active partner's file handled
	RunPartial = "partial" // some partners failed
	RunFailed  = "failed"  // the run itself failed
)

// ImportOutcome is what Metrics.Import is told of one import.
type ImportOutcome struct {
	// Status is the file's verdict; "" when Err is set.
	Status importer.Status
	// Consolidated reports whether lines were consolidated (false for a
	// file rejected whole, a qualification, or an unchanged file).
	Consolidated bool
	// Lines, Accepted and Rejected count the file's lines.
	Lines, Accepted, Rejected int
	// Duration is the import's: reading, checks, consolidation, commit.
	Duration time.Duration
	// Err is set when the import failed (a fault, not a verdict).
	Err error
}

// NopMetrics counts nothing: the Metrics of a Service without one. Embed it
// in an implementation that counts only part of what Metrics is told.
type NopMetrics struct{}

var _ Metrics = NopMetrics{}

// Upload does nothing.
func (NopMetrics) Upload(string, int, int64) {}

// Import does nothing.
func (NopMetrics) Import(ImportOutcome) {}

// Validation does nothing.
func (NopMetrics) Validation(importer.Status, time.Duration) {}

// Run does nothing.
func (NopMetrics) Run(string, time.Duration) {}

// Search does nothing.
func (NopMetrics) Search(bool) {}

// SFTPSession does nothing.
func (NopMetrics) SFTPSession(string) {}

// MetricsOf returns s.Metrics, or NopMetrics when it is nil: what adapters
// call.
func (s *Service) MetricsOf() Metrics {
	if s == nil || s.Metrics == nil {
		return NopMetrics{}
	}
	return s.Metrics
}

// runOutcome classes a run's Outcome for Metrics.Run.
func runOutcome(outcome string) string {
	switch {
	case outcome == "ok":
		return RunOK
	case strings.HasPrefix(outcome, "failed"):
		return RunFailed
	}
	return RunPartial
}

// ReportStats counts the reports by state, for monitoring.
type ReportStats struct {
	// Pending, Sent and Failed count the reports in each state.
	Pending, Sent, Failed int
	// OldestPending is when the oldest pending report was created (zero
	// when none is pending).
	OldestPending time.Time
}

// ReportStats counts the reports by state (the outbox's backlog), with the
// age of the oldest pending one: a scrape of /metrics asks it. Its errors
// are the store's.
func (s *Service) ReportStats(ctx context.Context) (ReportStats, error) {
	return s.Store.ReportStats(ctx)
}
