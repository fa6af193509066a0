package eleader

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// DefaultCheckRate is how many dry runs (Check) a partner may make in
// CheckWindow when Service.CheckRate is 0: 30 an hour, a CI checking every
// commit of a working day, while a dry run costs E#L an import.
const DefaultCheckRate = 30

// CheckWindow is the sliding window of the dry runs' rate limit.
const CheckWindow = time.Hour

func (s *Service) checkRate() int { return rateLimit(s.CheckRate, DefaultCheckRate) }

// Check is E#L's dry run of a partner's file: the verdict its import would
// give today — the validator's, plus the checks of dossier numbers against
// the consolidated store as it is (operator, hist, subversion_*) —, on the
// partner's sheet (operator codes, correspondence tables, mode,
// environment), and what the import would do to the store. It keeps
// nothing: no deposit, no consolidation, no import record, no report; only
// a log line (and a use of the partner's rate limit).
//
// It goes through the front door's checks of an upload, in its order (see
// Upload): the name, its partner (ENOTFOUND, EFORBIDDEN), that a workbook
// can be converted (EUNSUPPORTED), the size when known and while reading
// (limit; 0 means DefaultMaxUpload: ETOOLARGE) — but not that the name is
// unused, so that a correction is checked before the file it replaces is
// withdrawn. Then the partner's dry runs are counted: at most CheckRate in
// CheckWindow, across instances (else ERATELIMIT, with RetryAfter).
//
// The body is received into a temporary file (0600, unlinked at once: a
// crash leaves nothing), so that a slow client never holds the store, then
// imported as Import does — in one transaction, the same code — and the
// transaction is rolled back: a dry run waits for an import under way, as
// imports wait for each other. The file's verdict is the result's Report
// (a file error makes it rejected: the file errors that would refuse it at
// its deposit are DepositErrors(Report)); each, if set, sees every line
// and its errors. Result.DryRun is set; Record's counts (Created, Updated)
// and Items, Unchanged and Qualified say what the import would do. The
// error is for refusals before the body and for faults, not for verdicts.
func (s *Service) Check(ctx context.Context, p *Partner, name string, size int64, body io.Reader, limit int64, each func(*importer.Line) error) (*ImportResult, error) {
	if limit <= 0 {
		limit = DefaultMaxUpload
	}
	if _, err := s.checkSender(ctx, p, name, size, limit, false); err != nil {
		return nil, err
	}
	if err := s.takeCheck(ctx, p.ID()); err != nil {
		return nil, err
	}
	started := time.Now()
	f, n, err := spool(ctx, body, limit)
	if err != nil {
		if ErrorCode(err) == ETOOLARGE {
			return nil, Errorf(ETOOLARGE, "%s is more than the limit of %d bytes", name, limit)
		}
		return nil, fmt.Errorf("dry run of %s: %w", importer.CutName(name), err)
	}
	defer f.Close()
	in, err := s.partnerImport(p, name, f, each)
	if err != nil {
		return nil, err
	}
	in.dryRun = true
	res, err := s.importOne(ctx, in)
	if err != nil {
		return nil, err
	}
	rep := res.Report
	s.logger().Info("dry run", "partner", p.ID(), "file", name, "bytes", n, "status", rep.Status,
		"lines", rep.Lines, "accepted", rep.Accepted, "rejected", rep.Rejected, "duration", time.Since(started).Round(time.Millisecond))
	return res, nil
}

// takeCheck counts a dry run of partner in its rate limit, or refuses it.
func (s *Service) takeCheck(ctx context.Context, partner string) error {
	limit := s.checkRate()
	if limit == 0 {
		return nil
	}
	key, now := "check:"+partner, s.now()
	limited := func(until time.Time) error {
		return s.rateLimited(until, "%s made %d dry runs in the last %s, the most allowed", partner, limit, CheckWindow)
	}
	if until := s.refusedUntil(key); now.Before(until) {
		return limited(until)
	}
	ok, blocking, err := s.Store.TakeRate(ctx, key, now, now.Add(-CheckWindow), limit)
	if err != nil {
		return err
	}
	if !ok {
		until := blocking.Add(CheckWindow)
		s.refuse(key, until)
		s.logger().Warn("dry run refused: rate limit", "partner", partner, "until", until.Format(time.RFC3339))
		return limited(until)
	}
	return nil
}

// spool copies body, at most limit bytes (beyond: ETOOLARGE), into a
// temporary file, 0600 and already unlinked, and returns it rewound with
// its size.
func spool(ctx context.Context, body io.Reader, limit int64) (*os.File, int64, error) {
	f, err := os.CreateTemp("", "eleader-check-*")
	if err != nil {
		return nil, 0, err
	}
	os.Remove(f.Name()) // where the system allows it, gone even after a crash
	n, err := io.Copy(f, io.LimitReader(contextReader{ctx, body}, limit+1))
	if err == nil && n > limit {
		err = Errorf(ETOOLARGE, "more than %d bytes", limit)
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, n, nil
}
