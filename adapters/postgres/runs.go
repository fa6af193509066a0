package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// defaultLimit is the number of rows a list returns when its limit is 0.
const defaultLimit = 100

// StartRun records the start of a run and sets r.ID.
func (s *Store) StartRun(ctx context.Context, r *eleader.RunRecord) error {
	started, err := nanos(r.Started)
	if err != nil {
		return err
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO runs (trigger, started) VALUES ($1, $2) RETURNING id`, r.Trigger, started).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("postgres: start run: %w", err)
	}
	return nil
}

// FinishRun records the end and counts of a run.
func (s *Store) FinishRun(ctx context.Context, r *eleader.RunRecord) error {
	ended, err := nanos(r.Ended)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE runs SET ended = $1, outcome = $2, partners = $3, imported = $4, superseded = $5, busy = $6,
		failed = $7, lines = $8, accepted = $9, rejected = $10, refused = $11, dropped = $12 WHERE id = $13`, ended, freeText(r.Outcome), r.Partners, r.Imported,
		r.Superseded, r.Busy, r.Failed, r.Lines, r.Accepted, r.Rejected, r.Refused, r.Dropped, r.ID)
	if err != nil {
		return fmt.Errorf("postgres: finish run: %w", err)
	}
	return nil
}

// CloseStaleRuns ends, as "interrupted", the runs started before before
// that never ended, and returns how many.
func (s *Store) CloseStaleRuns(ctx context.Context, before, now time.Time) (int, error) {
	ended, err := nanos(now)
	if err != nil {
		return 0, err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE runs SET ended = $1, outcome = 'interrupted' WHERE ended IS NULL AND (started IS NULL OR started < $2)`,
		ended, bound(before))
	if err != nil {
		return 0, fmt.Errorf("postgres: stale runs: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Runs returns the latest runs, most recent first, of one trigger or all
// when trigger is ""; at most limit (0 means 100).
func (s *Store) Runs(ctx context.Context, trigger string, limit int) ([]eleader.RunRecord, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	query, args := `SELECT id, trigger, started, ended, outcome, partners, imported, superseded, busy, failed,
		lines, accepted, rejected, refused, dropped FROM runs`, []any{limit}
	if trigger != "" {
		query, args = query+` WHERE trigger = $2`, append(args, trigger)
	}
	rows, err := s.pool.Query(ctx, query+` ORDER BY id DESC LIMIT $1`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: runs: %w", err)
	}
	defer rows.Close()
	var out []eleader.RunRecord
	for rows.Next() {
		var r eleader.RunRecord
		if err := rows.Scan(&r.ID, &r.Trigger, at(&r.Started), at(&r.Ended), &r.Outcome, &r.Partners, &r.Imported, &r.Superseded,
			&r.Busy, &r.Failed, &r.Lines, &r.Accepted, &r.Rejected, &r.Refused, &r.Dropped); err != nil {
			return nil, fmt.Errorf("postgres: runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RunFile returns the ledger entry of a partner's file, if any.
func (s *Store) RunFile(ctx context.Context, partner, name string) (eleader.RunFile, bool, error) {
	f := eleader.RunFile{Partner: partner, Name: name}
	err := s.pool.QueryRow(ctx, `SELECT sha256, state, run_id, import_id, at FROM run_files WHERE partner = $1 AND name = $2`, partner, name).
		Scan(&f.SHA256, &f.State, &f.RunID, &f.ImportID, at(&f.At))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("postgres: run file: %w", err)
	}
	return f, true, nil
}

// insertRunFile adds f to the ledger unless the partner's file is there.
func insertRunFile(ctx context.Context, q querier, f eleader.RunFile) error {
	when, err := nanos(f.At)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO run_files (partner, name, sha256, state, run_id, import_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (partner, name) DO NOTHING`, f.Partner, f.Name, f.SHA256, f.State, f.RunID, f.ImportID, when)
	if err != nil {
		return fmt.Errorf("postgres: run file %s: %w", f.Name, err)
	}
	return nil
}

// MarkSuperseded adds a superseded file to the ledger (once: a file there
// already stays as it is).
func (s *Store) MarkSuperseded(ctx context.Context, f eleader.RunFile) error {
	return insertRunFile(ctx, s.pool, f)
}

// RecordRunFile adds an imported file to the ledger, within the import.
func (t *importTx) RecordRunFile(ctx context.Context, f eleader.RunFile) error {
	return insertRunFile(ctx, t.tx, f)
}

// Files returns the ledger of a partner's files (only the one named name,
// when name is not ""), most recent first, at most limit (0 means 100),
// each with the report of the import its import_id names (rejects left
// out).
func (s *Store) Files(ctx context.Context, partner, name string, limit int) ([]eleader.FileRecord, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	query, args := `SELECT f.name, f.sha256, f.state, f.run_id, f.import_id, f.at,
			r.id, r.body, r.rejects_bytes, r.state, r.attempts, r.next_attempt, r.sent, r.message_id, r.last_error
		FROM run_files f LEFT JOIN reports r ON f.state = 'imported' AND r.import_id = f.import_id AND r.partner = f.partner
		WHERE f.partner = $1`, []any{partner, limit}
	if name != "" {
		query, args = query+` AND f.name = $3`, append(args, name)
	}
	rows, err := s.pool.Query(ctx, query+` ORDER BY f.at DESC NULLS LAST, f.name DESC LIMIT $2`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: files: %w", err)
	}
	defer rows.Close()
	var out []eleader.FileRecord
	for rows.Next() {
		f := eleader.FileRecord{RunFile: eleader.RunFile{Partner: partner}}
		var id, rejectsBytes *int64
		var attempts *int
		var body, state, messageID, lastError *string
		var next, sent time.Time
		if err := rows.Scan(&f.Name, &f.SHA256, &f.State, &f.RunID, &f.ImportID, at(&f.At),
			&id, &body, &rejectsBytes, &state, &attempts, at(&next), at(&sent), &messageID, &lastError); err != nil {
			return nil, fmt.Errorf("postgres: files: %w", err)
		}
		if id != nil {
			r, err := decodeReport(*id, *body, *rejectsBytes, *state, *attempts, next, sent, *messageID, *lastError)
			if err != nil {
				return nil, err
			}
			f.Report = &r
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// MarkQualified records, within the import, that partner passed its
// qualification at at (unless it already had), with a history entry. A
// partner without a sheet has nothing to mark.
func (t *importTx) MarkQualified(ctx context.Context, partner string, at time.Time, comment string) error {
	when, err := nanos(at)
	if err != nil {
		return err
	}
	var status string
	err = t.tx.QueryRow(ctx, `UPDATE partners SET qualified_at = $1, updated = $1, version = version + 1
		WHERE id = $2 AND qualified_at IS NULL RETURNING status`, when, partner).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // already qualified, or no sheet
	}
	if err != nil {
		return fmt.Errorf("postgres: qualify %s: %w", partner, err)
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO partner_history (partner, at, actor, from_status, to_status, comment) VALUES ($1, $2, 'eleader', $3, $3, $4)`,
		partner, when, status, freeText(comment))
	if err != nil {
		return fmt.Errorf("postgres: qualify %s: %w", partner, err)
	}
	return nil
}

// ClaimSuperseded gives the partner's superseded files no report has
// mentioned yet to the import importID, and returns their names, sorted.
func (t *importTx) ClaimSuperseded(ctx context.Context, partner string, importID int64) ([]string, error) {
	rows, err := t.tx.Query(ctx, `UPDATE run_files SET import_id = $1 WHERE partner = $2 AND state = $3 AND import_id = 0 AND report_id = 0 RETURNING name`,
		importID, partner, eleader.FileSuperseded)
	if err != nil {
		return nil, fmt.Errorf("postgres: superseded files: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: superseded files: %w", err)
	}
	if names == nil {
		names = []string{}
	}
	slices.Sort(names)
	return names, nil
}

// AddReport stores a report, within the import, pending delivery, and sets
// r.ID.
func (t *importTx) AddReport(ctx context.Context, r *eleader.Report) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	created, err := nanos(r.Created)
	if err != nil {
		return err
	}
	err = t.tx.QueryRow(ctx, `INSERT INTO reports (partner, file, import_id, run_id, body, rejects_bytes, created) VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`, r.Partner, r.File, r.ImportID, r.RunID, string(body), r.RejectsBytes, created).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("postgres: report: %w", err)
	}
	return nil
}

// AddRejects stores a part of a report's rejects, in chunks of at most
// eleader.RejectsChunk bytes, within the import.
func (t *importTx) AddRejects(ctx context.Context, report int64, part string, body io.Reader) error {
	err := eleader.WriteChunks(body, func(seq int, chunk []byte) error {
		_, err := t.tx.Exec(ctx, `INSERT INTO report_rejects (report_id, part, seq, data) VALUES ($1, $2, $3, $4)`, report, part, seq, chunk)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: rejects of report %d (%s): %w", report, part, err)
	}
	return nil
}

// Rejects opens a part of a report's rejects, read a chunk at a time (one
// query each: no transaction stays open while the part is read).
func (s *Store) Rejects(ctx context.Context, report int64, part string) (io.ReadCloser, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM report_rejects WHERE report_id = $1 AND part = $2`, report, part).Scan(&n); err != nil {
		return nil, fmt.Errorf("postgres: rejects of report %d: %w", report, err)
	}
	if n == 0 {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "report %d keeps no rejects %s", report, part)
	}
	return eleader.ChunksReader(ctx, n, func(ctx context.Context, seq int) ([]byte, error) {
		var data []byte
		err := s.pool.QueryRow(ctx, `SELECT data FROM report_rejects WHERE report_id = $1 AND part = $2 AND seq = $3`, report, part, seq).Scan(&data)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("postgres: rejects of report %d: chunk %d is gone (purged meanwhile)", report, seq)
		}
		if err != nil {
			return nil, fmt.Errorf("postgres: rejects of report %d: %w", report, err)
		}
		return data, nil
	}), nil
}

const reportColumns = `id, body, rejects_bytes, state, attempts, next_attempt, sent, message_id, last_error`

func scanReport(row pgx.Row) (eleader.Report, error) {
	var id, rejectsBytes int64
	var body, state, messageID, lastError string
	var attempts int
	var next, sent time.Time
	if err := row.Scan(&id, &body, &rejectsBytes, &state, &attempts, at(&next), at(&sent), &messageID, &lastError); err != nil {
		return eleader.Report{}, err
	}
	return decodeReport(id, body, rejectsBytes, state, attempts, next, sent, messageID, lastError)
}

// decodeReport builds a report from its columns.
func decodeReport(id int64, body string, rejectsBytes int64, state string, attempts int, next, sent time.Time, messageID, lastError string) (eleader.Report, error) {
	var r eleader.Report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return r, fmt.Errorf("postgres: report %d: %w", id, err)
	}
	r.ID, r.RejectsBytes, r.State, r.Attempts, r.MessageID, r.LastError = id, rejectsBytes, state, attempts, messageID, lastError
	r.NextAttempt, r.Sent = next, sent
	return r, nil
}

func (s *Store) queryReports(ctx context.Context, query string, args ...any) ([]eleader.Report, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+reportColumns+` FROM reports `+query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: reports: %w", err)
	}
	defer rows.Close()
	var out []eleader.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: reports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Reports returns the reports of one partner (or all when ""), most recent
// first, rejects included, at most limit (0 means 100).
func (s *Store) Reports(ctx context.Context, partner string, limit int) ([]eleader.Report, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	if partner == "" {
		return s.queryReports(ctx, `ORDER BY id DESC LIMIT $1`, limit)
	}
	return s.queryReports(ctx, `WHERE partner = $2 ORDER BY id DESC LIMIT $1`, limit, partner)
}

// Report returns one report with its outbox state; ENOTFOUND when none.
func (s *Store) Report(ctx context.Context, id int64) (eleader.Report, error) {
	r, err := scanReport(s.pool.QueryRow(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return eleader.Report{}, eleader.Errorf(eleader.ENOTFOUND, "no report %d", id)
	}
	if err != nil {
		return r, fmt.Errorf("postgres: report %d: %w", id, err)
	}
	return r, nil
}

// DueReports returns the pending reports whose next attempt is due at now,
// oldest first, at most limit (0 means 100). A report never tried is due.
func (s *Store) DueReports(ctx context.Context, now time.Time, limit int) ([]eleader.Report, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	return s.queryReports(ctx, `WHERE state = 'pending' AND (next_attempt IS NULL OR next_attempt <= $1) ORDER BY id LIMIT $2`,
		bound(now), limit)
}

// MarkSent records that a report was sent.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID string, at time.Time) error {
	sent, err := nanos(at)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE reports SET state = 'sent', sent = $1, message_id = $2, last_error = '', next_attempt = NULL WHERE id = $3`,
		sent, freeText(messageID), id)
	if err != nil {
		return fmt.Errorf("postgres: report %d sent: %w", id, err)
	}
	return nil
}

// MarkAttempt records a failed attempt: the attempts so far, when to try
// again, the state (pending or failed) and the error.
func (s *Store) MarkAttempt(ctx context.Context, id int64, attempts int, next time.Time, state, lastError string) error {
	when, err := nanos(next)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE reports SET attempts = $1, next_attempt = $2, state = $3, last_error = $4 WHERE id = $5`,
		attempts, when, state, freeText(lastError), id)
	if err != nil {
		return fmt.Errorf("postgres: report %d attempt: %w", id, err)
	}
	return nil
}

// Requeue makes a report pending again, due at now; ENOTFOUND when there
// is no such report.
func (s *Store) Requeue(ctx context.Context, id int64, now time.Time) error {
	when, err := nanos(now)
	if err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE reports SET state = 'pending', next_attempt = $1 WHERE id = $2`, when, id)
	if err != nil {
		return fmt.Errorf("postgres: report %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return eleader.Errorf(eleader.ENOTFOUND, "no report %d", id)
	}
	return nil
}

// PurgeReports removes, from the reports created before cutoff, their
// personal data (rejects, examples, rejected lines' numbers), marks them
// purged at now, and returns how many it purged. Two purges at once purge
// each report once.
func (s *Store) PurgeReports(ctx context.Context, cutoff, now time.Time) (int, error) {
	purged, err := nanos(now)
	if err != nil {
		return 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: purge: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	type todo struct {
		id   int64
		body string
	}
	// FOR UPDATE: a purge running meanwhile is waited for, and the rows it
	// purged then no longer match.
	rows, err := tx.Query(ctx, `SELECT id, body FROM reports WHERE purged IS NULL AND (created IS NULL OR created < $1) ORDER BY id FOR UPDATE`,
		bound(cutoff))
	if err != nil {
		return 0, fmt.Errorf("postgres: purge: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (todo, error) {
		var t todo
		return t, row.Scan(&t.id, &t.body)
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: purge: %w", err)
	}
	for _, t := range list {
		var r eleader.Report
		if err := json.Unmarshal([]byte(t.body), &r); err != nil {
			return 0, fmt.Errorf("postgres: report %d: %w", t.id, err)
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
		if _, err := tx.Exec(ctx, `UPDATE reports SET body = $1, rejects_bytes = 0, purged = $2 WHERE id = $3`, string(body), purged, t.id); err != nil {
			return 0, fmt.Errorf("postgres: purge report %d: %w", t.id, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM report_rejects WHERE report_id = $1`, t.id); err != nil {
			return 0, fmt.Errorf("postgres: purge report %d: %w", t.id, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("postgres: purge: %w", err)
	}
	return len(list), nil
}

// lockAttempts bounds TryLock's rounds when other holders keep changing the
// lock under it.
const lockAttempts = 10

// TryLock takes the named lock for h until the given time, unless another
// holder has it unexpired at now and steal(that holder) is false. It
// reports whether h holds the lock. Taking a lock one holds renews it.
// Atomic across processes: a free, expired or own lock is taken by one
// statement; one that steal gives up, by an UPDATE that succeeds only if the
// holder steal was asked about still has it.
func (s *Store) TryLock(ctx context.Context, name string, h eleader.LockHolder, now, until time.Time, steal func(eleader.LockHolder) bool) (bool, error) {
	n, u := bound(now), bound(until)
	for range lockAttempts {
		var holder string
		err := s.pool.QueryRow(ctx, `INSERT INTO locks (name, holder, host, pid, until) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid, until = excluded.until
			WHERE locks.holder = excluded.holder OR locks.until <= $6
			RETURNING holder`, name, h.ID, h.Host, h.PID, u, n).Scan(&holder)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return false, fmt.Errorf("postgres: lock %s: %w", name, err)
		}
		var cur eleader.LockHolder
		var curUntil int64
		err = s.pool.QueryRow(ctx, `SELECT holder, host, pid, until FROM locks WHERE name = $1`, name).Scan(&cur.ID, &cur.Host, &cur.PID, &curUntil)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // released meanwhile
		}
		if err != nil {
			return false, fmt.Errorf("postgres: lock %s: %w", name, err)
		}
		if cur.ID == h.ID || curUntil <= n {
			continue // changed meanwhile: take it as above
		}
		if steal == nil || !steal(cur) {
			return false, nil
		}
		tag, err := s.pool.Exec(ctx, `UPDATE locks SET holder = $2, host = $3, pid = $4, until = $5
			WHERE name = $1 AND holder = $6 AND host = $7 AND pid = $8 AND until = $9`,
			name, h.ID, h.Host, h.PID, u, cur.ID, cur.Host, cur.PID, curUntil)
		if err != nil {
			return false, fmt.Errorf("postgres: lock %s: %w", name, err)
		}
		if tag.RowsAffected() == 1 {
			return true, nil
		}
	}
	return false, nil
}

// Unlock releases a lock h holds; it does nothing to a lock another holds.
func (s *Store) Unlock(ctx context.Context, name string, h eleader.LockHolder) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM locks WHERE name = $1 AND holder = $2`, name, h.ID); err != nil {
		return fmt.Errorf("postgres: unlock %s: %w", name, err)
	}
	return nil
}

// ReportStats counts the reports by state, with the creation time of the
// oldest pending one.
func (s *Store) ReportStats(ctx context.Context) (eleader.ReportStats, error) {
	var st eleader.ReportStats
	rows, err := s.pool.Query(ctx, `SELECT state, count(*), min(created) FROM reports GROUP BY state`)
	if err != nil {
		return st, fmt.Errorf("postgres: report counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		var oldest time.Time
		if err := rows.Scan(&state, &n, at(&oldest)); err != nil {
			return st, fmt.Errorf("postgres: report counts: %w", err)
		}
		switch state {
		case eleader.ReportPending:
			st.Pending, st.OldestPending = n, oldest
		case eleader.ReportSent:
			st.Sent = n
		case eleader.ReportFailed:
			st.Failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("postgres: report counts: %w", err)
	}
	return st, nil
}
