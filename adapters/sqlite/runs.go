package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
		failed = ?, lines = ?, accepted = ?, rejected = ? WHERE id = ?`, timeText(r.Ended), r.Outcome, r.Partners, r.Imported,
		r.Superseded, r.Busy, r.Failed, r.Lines, r.Accepted, r.Rejected, r.ID)
	if err != nil {
		return fmt.Errorf("sqlite: finish run: %w", err)
	}
	return nil
}

// Runs returns the latest runs.
func (s *Store) Runs(ctx context.Context, trigger string, limit int) ([]eleader.RunRecord, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, trigger, started, ended, outcome, partners, imported, superseded, busy, failed,
		lines, accepted, rejected FROM runs WHERE ?1 = '' OR trigger = ?1 ORDER BY id DESC LIMIT ?2`, trigger, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: runs: %w", err)
	}
	defer rows.Close()
	var out []eleader.RunRecord
	for rows.Next() {
		var r eleader.RunRecord
		var started, ended string
		if err := rows.Scan(&r.ID, &r.Trigger, &started, &ended, &r.Outcome, &r.Partners, &r.Imported, &r.Superseded, &r.Busy,
			&r.Failed, &r.Lines, &r.Accepted, &r.Rejected); err != nil {
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

// MarkSuperseded adds a superseded file to the ledger.
func (s *Store) MarkSuperseded(ctx context.Context, f eleader.RunFile) error {
	return insertRunFile(ctx, s.db, f)
}

// RecordRunFile adds an imported file to the ledger, within the import.
func (t *importTx) RecordRunFile(ctx context.Context, f eleader.RunFile) error {
	return insertRunFile(ctx, t.tx, f)
}

// AddReport stores a report, within the import.
func (t *importTx) AddReport(ctx context.Context, r *eleader.Report) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO reports (partner, file, import_id, run_id, body, rejects, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Partner, r.File, r.ImportID, r.RunID, string(body), r.Rejects, timeText(r.Created))
	if err != nil {
		return fmt.Errorf("sqlite: report: %w", err)
	}
	r.ID, err = res.LastInsertId()
	return err
}

// Reports returns reports, most recent first.
func (s *Store) Reports(ctx context.Context, partner string, limit int) ([]eleader.Report, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, body, rejects FROM reports WHERE ?1 = '' OR partner = ?1 ORDER BY id DESC LIMIT ?2`, partner, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: reports: %w", err)
	}
	defer rows.Close()
	var out []eleader.Report
	for rows.Next() {
		var id int64
		var body string
		var rejects []byte
		if err := rows.Scan(&id, &body, &rejects); err != nil {
			return nil, err
		}
		var r eleader.Report
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("sqlite: report %d: %w", id, err)
		}
		r.ID, r.Rejects = id, rejects
		out = append(out, r)
	}
	return out, rows.Err()
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
		r.Purged = now
		body, err := json.Marshal(r)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET body = ?, rejects = NULL, purged = ? WHERE id = ?`, string(body), timeText(now), t.id); err != nil {
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
