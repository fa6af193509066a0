package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// LatestImports returns the imported files of partner whose names start
// with a date, the latest first.
func (s *Store) LatestImports(ctx context.Context, partner string, limit int) ([]eleader.RunFile, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, sha256, state, run_id, import_id, at FROM run_files
		WHERE partner = ? AND state = ? AND name GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-*'
		ORDER BY substr(name, 1, 8) DESC, name DESC LIMIT ?`, partner, eleader.FileImported, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: latest imports: %w", err)
	}
	defer rows.Close()
	var out []eleader.RunFile
	for rows.Next() {
		f := eleader.RunFile{Partner: partner}
		var at string
		if err := rows.Scan(&f.Name, &f.SHA256, &f.State, &f.RunID, &f.ImportID, &at); err != nil {
			return nil, fmt.Errorf("sqlite: latest imports: %w", err)
		}
		if f.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// execer is a database or a transaction.
type execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// RecordFileEvent adds an event to the ledger.
func (s *Store) RecordFileEvent(ctx context.Context, e *eleader.FileEvent) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO depot_events (partner, name, dir, kept, sha256, size, action, reason, detail, run_id, import_id, report_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Partner, e.Name, e.Dir, e.Kept, e.SHA256, e.Size, e.Action, e.Reason, e.Detail,
		e.RunID, e.ImportID, e.ReportID, timeText(e.At))
	if err != nil {
		return fmt.Errorf("sqlite: file event: %w", err)
	}
	e.ID, err = res.LastInsertId()
	return err
}

const eventColumns = `id, partner, name, dir, kept, sha256, size, action, reason, detail, run_id, import_id, report_id, at`

// queryEvents runs a query of depot_events' eventColumns.
func queryEvents(ctx context.Context, q execer, query string, args ...any) ([]eleader.FileEvent, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: file events: %w", err)
	}
	defer rows.Close()
	out := []eleader.FileEvent{}
	for rows.Next() {
		var e eleader.FileEvent
		var at string
		if err := rows.Scan(&e.ID, &e.Partner, &e.Name, &e.Dir, &e.Kept, &e.SHA256, &e.Size, &e.Action, &e.Reason, &e.Detail,
			&e.RunID, &e.ImportID, &e.ReportID, &at); err != nil {
			return nil, fmt.Errorf("sqlite: file events: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FileEvents returns a partner's events, most recent first.
func (s *Store) FileEvents(ctx context.Context, partner string, limit int) ([]eleader.FileEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	return queryEvents(ctx, s.db, `SELECT `+eventColumns+` FROM depot_events WHERE ?1 = '' OR partner = ?1 ORDER BY id DESC LIMIT ?2`, partner, limit)
}

// claimRefused marks the partner's unreported refused files as named by
// the import or the report given, and returns them, oldest first.
func claimRefused(ctx context.Context, q execer, partner string, importID, reportID int64) ([]eleader.FileEvent, error) {
	list, err := queryEvents(ctx, q, `SELECT `+eventColumns+` FROM depot_events
		WHERE partner = ? AND action = ? AND import_id = 0 AND report_id = 0 ORDER BY id`, partner, eleader.EventRefused)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].ImportID, list[i].ReportID = importID, reportID
	}
	if len(list) == 0 {
		return list, nil
	}
	_, err = q.ExecContext(ctx, `UPDATE depot_events SET import_id = ?, report_id = ?
		WHERE partner = ? AND action = ? AND import_id = 0 AND report_id = 0 AND id <= ?`,
		importID, reportID, partner, eleader.EventRefused, list[len(list)-1].ID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: refused files: %w", err)
	}
	return list, nil
}

// ClaimRefused gives the partner's unreported refused files to an import.
func (t *importTx) ClaimRefused(ctx context.Context, partner string, importID int64) ([]eleader.FileEvent, error) {
	if t.aborted {
		return nil, errAborted
	}
	return claimRefused(ctx, t.tx, partner, importID, 0)
}

// AddNotice writes a report of the files no report named yet.
func (s *Store) AddNotice(ctx context.Context, partner string, build func([]string, []eleader.FileEvent) (*eleader.Report, error)) (*eleader.Report, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: notice: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT name FROM run_files WHERE partner = ? AND state = ? AND import_id = 0 AND report_id = 0 ORDER BY at, name`,
		partner, eleader.FileSuperseded)
	if err != nil {
		return nil, fmt.Errorf("sqlite: notice: %w", err)
	}
	superseded := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		superseded = append(superseded, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	refused, err := queryEvents(ctx, tx, `SELECT `+eventColumns+` FROM depot_events
		WHERE partner = ? AND action = ? AND import_id = 0 AND report_id = 0 ORDER BY id`, partner, eleader.EventRefused)
	if err != nil {
		return nil, err
	}
	if len(superseded) == 0 && len(refused) == 0 {
		return nil, nil
	}
	r, err := build(superseded, refused)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reports (partner, file, import_id, run_id, body, created) VALUES (?, ?, 0, ?, ?, ?)`,
		r.Partner, r.File, r.RunID, string(body), timeText(r.Created))
	if err != nil {
		return nil, fmt.Errorf("sqlite: notice: %w", err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	for _, n := range superseded {
		if _, err := tx.ExecContext(ctx, `UPDATE run_files SET report_id = ? WHERE partner = ? AND name = ?`, r.ID, partner, n); err != nil {
			return nil, fmt.Errorf("sqlite: notice: %w", err)
		}
	}
	if len(refused) > 0 {
		if _, err := claimRefused(ctx, tx, partner, 0, r.ID); err != nil {
			return nil, err
		}
	}
	for i := range r.Refused {
		r.Refused[i].ReportID = r.ID
	}
	return r, tx.Commit()
}

// ReportsWithRejects describes a partner's reports that keep rejects.
func (s *Store) ReportsWithRejects(ctx context.Context, partner string, limit int) ([]eleader.RejectsSummary, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, file, created, rejects_bytes, coalesce(json_extract(body, '$.rejected'), 0) FROM reports
		WHERE partner = ? AND rejects_bytes > 0 ORDER BY id DESC LIMIT ?`, partner, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: reports with rejects: %w", err)
	}
	defer rows.Close()
	out := []eleader.RejectsSummary{}
	for rows.Next() {
		r := eleader.RejectsSummary{Partner: partner}
		var created string
		if err := rows.Scan(&r.ID, &r.File, &created, &r.Bytes, &r.Rejected); err != nil {
			return nil, fmt.Errorf("sqlite: reports with rejects: %w", err)
		}
		if r.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
