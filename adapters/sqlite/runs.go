package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// StartRun records the start of a run.
func (s *Store) StartRun(ctx context.Context, r *eleader.RunRecord) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO runs (trigger, started) VALUES (?, ?)`, r.Trigger, timeText(r.Started))
	if err != nil {
		return fmt.Errorf("sqlite: start run: %w", err)
	}
	r.ID, err = res.LastInsertId()
	return err
}

// FinishRun records the end of a run.
func (s *Store) FinishRun(ctx context.Context, r *eleader.RunRecord) error {
	_, err := s.db.ExecContext(ctx, `UPDATE runs SET ended = ?, outcome = ?, partners = ?, imported = ?, superseded = ?, busy = ?,
		failed = ?, lines = ?, accepted = ?, rejected = ?, refused = ?, dropped = ? WHERE id = ?`, timeText(r.Ended), r.Outcome, r.Partners, r.Imported,
		r.Superseded, r.Busy, r.Failed, r.Lines, r.Accepted, r.Rejected, r.Refused, r.Dropped, r.ID)
	if err != nil {
		return fmt.Errorf("sqlite: finish run: %w", err)
	}
	return nil
}

// CloseStaleRuns ends the runs whose process died.
func (s *Store) CloseStaleRuns(ctx context.Context, before, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE runs SET ended = ?, outcome = 'interrupted' WHERE ended = '' AND started < ?`,
		timeText(now), timeText(before))
	if err != nil {
		return 0, fmt.Errorf("sqlite: stale runs: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Runs returns the latest runs.
func (s *Store) Runs(ctx context.Context, trigger string, limit int) ([]eleader.RunRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, trigger, started, ended, outcome, partners, imported, superseded, busy, failed,
		lines, accepted, rejected, refused, dropped FROM runs WHERE ?1 = '' OR trigger = ?1 ORDER BY id DESC LIMIT ?2`, trigger, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: runs: %w", err)
	}
	defer rows.Close()
	var out []eleader.RunRecord
	for rows.Next() {
		var r eleader.RunRecord
		var started, ended string
		if err := rows.Scan(&r.ID, &r.Trigger, &started, &ended, &r.Outcome, &r.Partners, &r.Imported, &r.Superseded, &r.Busy,
			&r.Failed, &r.Lines, &r.Accepted, &r.Rejected, &r.Refused, &r.Dropped); err != nil {
			return nil, err
		}
		if r.Started, err = parseTime(started); err != nil {
			return nil, err
		}
		if r.Ended, err = parseTime(ended); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RunFile returns the ledger entry of a partner's file.
func (s *Store) RunFile(ctx context.Context, partner, name string) (eleader.RunFile, bool, error) {
	f := eleader.RunFile{Partner: partner, Name: name}
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT sha256, state, run_id, import_id, at FROM run_files WHERE partner = ? AND name = ?`, partner, name).
		Scan(&f.SHA256, &f.State, &f.RunID, &f.ImportID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("sqlite: run file: %w", err)
	}
	f.At, err = parseTime(at)
	return f, true, err
}

func insertRunFile(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, f eleader.RunFile) error {
	_, err := q.ExecContext(ctx, `INSERT INTO run_files (partner, name, sha256, state, run_id, import_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partner, name) DO NOTHING`, f.Partner, f.Name, f.SHA256, f.State, f.RunID, f.ImportID, timeText(f.At))
	if err != nil {
		return fmt.Errorf("sqlite: run file %s: %w", f.Name, err)
	}
	return nil
}

// Files returns a partner's ledger, most recent first, with the reports.
func (s *Store) Files(ctx context.Context, partner, name string, limit int) ([]eleader.FileRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT f.name, f.sha256, f.state, f.run_id, f.import_id, f.at,
			r.id, r.body, r.rejects_bytes, r.state, r.attempts, r.next_attempt, r.sent, r.message_id, r.last_error
		FROM run_files f LEFT JOIN reports r ON f.state = 'imported' AND r.import_id = f.import_id AND r.partner = f.partner
		WHERE f.partner = ?1 AND (?2 = '' OR f.name = ?2) ORDER BY f.at DESC, f.name DESC LIMIT ?3`, partner, name, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: files: %w", err)
	}
	defer rows.Close()
	var out []eleader.FileRecord
	for rows.Next() {
		f := eleader.FileRecord{RunFile: eleader.RunFile{Partner: partner}}
		var at string
		var id, attempts, rejectsBytes sql.NullInt64
		var body, state, next, sent, messageID, lastError sql.NullString
		if err := rows.Scan(&f.Name, &f.SHA256, &f.State, &f.RunID, &f.ImportID, &at,
			&id, &body, &rejectsBytes, &state, &attempts, &next, &sent, &messageID, &lastError); err != nil {
			return nil, fmt.Errorf("sqlite: files: %w", err)
		}
		if f.At, err = parseTime(at); err != nil {
			return nil, err
		}
		if id.Valid {
			r, err := decodeReport(id.Int64, body.String, rejectsBytes.Int64, state.String, int(attempts.Int64), next.String, sent.String, messageID.String, lastError.String)
			if err != nil {
				return nil, err
			}
			f.Report = &r
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// MarkSuperseded adds a superseded file to the ledger.
func (s *Store) MarkSuperseded(ctx context.Context, f eleader.RunFile) error {
	return insertRunFile(ctx, s.db, f)
}

// RecordRunFile adds an imported file to the ledger, within the import.
func (t *importTx) RecordRunFile(ctx context.Context, f eleader.RunFile) error {
	if t.aborted {
		return errAborted
	}
	return insertRunFile(ctx, t.tx, f)
}

// MarkQualified records a passed qualification within the import.
func (t *importTx) MarkQualified(ctx context.Context, partner string, at time.Time, comment string) error {
	if t.aborted {
		return errAborted
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE partners SET qualified_at = ?, updated = ?, version = version + 1 WHERE id = ? AND qualified_at = ''`,
		timeText(at), timeText(at), partner)
	if err != nil {
		return fmt.Errorf("sqlite: qualify %s: %w", partner, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // already qualified, or no sheet (then nothing to mark)
	}
	var status string
	if err := t.tx.QueryRowContext(ctx, `SELECT status FROM partners WHERE id = ?`, partner).Scan(&status); err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO partner_history (partner, at, by, from_status, to_status, comment) VALUES (?, ?, 'eleader', ?, ?, ?)`,
		partner, timeText(at), status, status, comment)
	return err
}

// ClaimSuperseded gives unreported superseded files to an import.
func (t *importTx) ClaimSuperseded(ctx context.Context, partner string, importID int64) ([]string, error) {
	if t.aborted {
		return nil, errAborted
	}
	rows, err := t.tx.QueryContext(ctx, `UPDATE run_files SET import_id = ? WHERE partner = ? AND state = ? AND import_id = 0 AND report_id = 0 RETURNING name`,
		importID, partner, eleader.FileSuperseded)
	if err != nil {
		return nil, fmt.Errorf("sqlite: superseded files: %w", err)
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names, rows.Err()
}

// AddReport stores a report, within the import.
func (t *importTx) AddReport(ctx context.Context, r *eleader.Report) error {
	if t.aborted {
		return errAborted
	}
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO reports (partner, file, import_id, run_id, body, rejects_bytes, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Partner, r.File, r.ImportID, r.RunID, string(body), r.RejectsBytes, timeText(r.Created))
	if err != nil {
		return fmt.Errorf("sqlite: report: %w", err)
	}
	r.ID, err = res.LastInsertId()
	return err
}

// AddRejects stores a part of a report's rejects, in chunks, within the
// import.
func (t *importTx) AddRejects(ctx context.Context, report int64, part string, body io.Reader) error {
	st, err := t.stmt(ctx, `INSERT INTO report_rejects (report_id, part, seq, data) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: rejects of report %d: %w", report, err)
	}
	err = eleader.WriteChunks(body, func(seq int, chunk []byte) error {
		_, err := st.ExecContext(ctx, report, part, seq, chunk)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: rejects of report %d (%s): %w", report, part, err)
	}
	return nil
}

// Rejects opens a part of a report's rejects, read a chunk at a time.
func (s *Store) Rejects(ctx context.Context, report int64, part string) (io.ReadCloser, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM report_rejects WHERE report_id = ? AND part = ?`, report, part).Scan(&n); err != nil {
		return nil, fmt.Errorf("sqlite: rejects of report %d: %w", report, err)
	}
	if n == 0 {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "report %d keeps no rejects %s", report, part)
	}
	return eleader.ChunksReader(ctx, n, func(ctx context.Context, seq int) ([]byte, error) {
		var data []byte
		err := s.db.QueryRowContext(ctx, `SELECT data FROM report_rejects WHERE report_id = ? AND part = ? AND seq = ?`, report, part, seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("sqlite: rejects of report %d: chunk %d is gone (purged meanwhile)", report, seq)
		}
		if err != nil {
			return nil, fmt.Errorf("sqlite: rejects of report %d: %w", report, err)
		}
		return data, nil
	}), nil
}

const reportColumns = `id, body, rejects_bytes, state, attempts, next_attempt, sent, message_id, last_error`

func scanReport(sc scanner) (eleader.Report, error) {
	var id, rejectsBytes int64
	var body, next, sent string
	var state, messageID, lastError string
	var attempts int
	if err := sc.Scan(&id, &body, &rejectsBytes, &state, &attempts, &next, &sent, &messageID, &lastError); err != nil {
		return eleader.Report{}, err
	}
	return decodeReport(id, body, rejectsBytes, state, attempts, next, sent, messageID, lastError)
}

// decodeReport builds a report from its columns.
func decodeReport(id int64, body string, rejectsBytes int64, state string, attempts int, next, sent, messageID, lastError string) (eleader.Report, error) {
	var r eleader.Report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return r, fmt.Errorf("sqlite: report %d: %w", id, err)
	}
	r.ID, r.RejectsBytes, r.State, r.Attempts, r.MessageID, r.LastError = id, rejectsBytes, state, attempts, messageID, lastError
	var err error
	if r.NextAttempt, err = parseTime(next); err != nil {
		return r, err
	}
	r.Sent, err = parseTime(sent)
	return r, err
}

func (s *Store) queryReports(ctx context.Context, query string, args ...any) ([]eleader.Report, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+reportColumns+` FROM reports `+query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: reports: %w", err)
	}
	defer rows.Close()
	var out []eleader.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Reports returns reports, most recent first.
func (s *Store) Reports(ctx context.Context, partner string, limit int) ([]eleader.Report, error) {
	if limit <= 0 {
		limit = 100
	}
	return s.queryReports(ctx, `WHERE ?1 = '' OR partner = ?1 ORDER BY id DESC LIMIT ?2`, partner, limit)
}

// Report returns one report.
func (s *Store) Report(ctx context.Context, id int64) (eleader.Report, error) {
	r, err := scanReport(s.db.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, eleader.Errorf(eleader.ENOTFOUND, "no report %d", id)
	}
	return r, err
}

// DueReports returns the pending reports due now.
func (s *Store) DueReports(ctx context.Context, now time.Time, limit int) ([]eleader.Report, error) {
	if limit <= 0 {
		limit = 100
	}
	return s.queryReports(ctx, `WHERE state = 'pending' AND next_attempt <= ? ORDER BY id LIMIT ?`, timeText(now), limit)
}

// MarkSent records a sent report.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE reports SET state = 'sent', sent = ?, message_id = ?, last_error = '', next_attempt = '' WHERE id = ?`,
		timeText(at), messageID, id)
	if err != nil {
		return fmt.Errorf("sqlite: report %d sent: %w", id, err)
	}
	return nil
}

// MarkAttempt records a failed attempt.
func (s *Store) MarkAttempt(ctx context.Context, id int64, attempts int, next time.Time, state, lastError string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE reports SET attempts = ?, next_attempt = ?, state = ?, last_error = ? WHERE id = ?`,
		attempts, timeText(next), state, lastError, id)
	if err != nil {
		return fmt.Errorf("sqlite: report %d attempt: %w", id, err)
	}
	return nil
}

// Requeue makes a report pending and due.
func (s *Store) Requeue(ctx context.Context, id int64, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE reports SET state = 'pending', next_attempt = ? WHERE id = ?`, timeText(now), id)
	if err != nil {
		return fmt.Errorf("sqlite: report %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return eleader.Errorf(eleader.ENOTFOUND, "no report %d", id)
	}
	return nil
}

// PurgeReports removes the personal data of old reports.
func (s *Store) PurgeReports(ctx context.Context, cutoff, now time.Time) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, body FROM reports WHERE purged = '' AND created < ?`, timeText(cutoff))
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge: %w", err)
	}
	type todo struct {
		id   int64
		body string
	}
	var list []todo
	for rows.Next() {
		var t todo
		if err := rows.Scan(&t.id, &t.body); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, t)
	}
	rows.Close()
	for _, t := range list {
		var r eleader.Report
		if err := json.Unmarshal([]byte(t.body), &r); err != nil {
			return 0, fmt.Errorf("sqlite: report %d: %w", t.id, err)
		}
		for i := range r.Checks {
			r.Checks[i].Examples = nil
		}
		r.RejectsBytes = 0
		r.Purged = now
		body, err := json.Marshal(r)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET body = ?, rejects_bytes = 0, purged = ? WHERE id = ?`, string(body), timeText(now), t.id); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_rejects WHERE report_id = ?`, t.id); err != nil {
			return 0, err
		}
	}
	return len(list), tx.Commit()
}

// TryLock takes a named lock.
func (s *Store) TryLock(ctx context.Context, name string, h eleader.LockHolder, now, until time.Time, steal func(eleader.LockHolder) bool) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: lock: %w", err)
	}
	defer tx.Rollback()
	var cur eleader.LockHolder
	var curUntil string
	err = tx.QueryRowContext(ctx, `SELECT holder, host, pid, until FROM locks WHERE name = ?`, name).Scan(&cur.ID, &cur.Host, &cur.PID, &curUntil)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, fmt.Errorf("sqlite: lock: %w", err)
	default:
		expiry, err := parseTime(curUntil)
		if err != nil {
			return false, err
		}
		if cur.ID != h.ID && now.Before(expiry) && (steal == nil || !steal(cur)) {
			return false, nil
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO locks (name, holder, host, pid, until) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid, until = excluded.until`,
		name, h.ID, h.Host, h.PID, timeText(until))
	if err != nil {
		return false, fmt.Errorf("sqlite: lock: %w", err)
	}
	return true, tx.Commit()
}

// Unlock releases a lock.
func (s *Store) Unlock(ctx context.Context, name string, h eleader.LockHolder) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM locks WHERE name = ? AND holder = ?`, name, h.ID)
	return err
}

// ReportStats counts the reports by state, with the creation time of the
// oldest pending one.
func (s *Store) ReportStats(ctx context.Context) (eleader.ReportStats, error) {
	var st eleader.ReportStats
	rows, err := s.db.QueryContext(ctx, `SELECT state, count(*), min(created) FROM reports GROUP BY state`)
	if err != nil {
		return st, fmt.Errorf("sqlite: report counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state, oldest string
		var n int
		if err := rows.Scan(&state, &n, &oldest); err != nil {
			return st, fmt.Errorf("sqlite: report counts: %w", err)
		}
		switch state {
		case eleader.ReportPending:
			t, err := parseTime(oldest)
			if err != nil {
				return st, fmt.Errorf("sqlite: report counts: %w", err)
			}
			st.Pending, st.OldestPending = n, t
		case eleader.ReportSent:
			st.Sent = n
		case eleader.ReportFailed:
			st.Failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("sqlite: report counts: %w", err)
	}
	return st, nil
}
