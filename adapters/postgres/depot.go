package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// LatestImports returns the ledger's imported files of partner whose names
// start with a date AAAAMMDD and a dash, the latest date first, at most
// limit (0 means 100).
func (s *Store) LatestImports(ctx context.Context, partner string, limit int) ([]eleader.RunFile, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	rows, err := s.pool.Query(ctx, `SELECT name, sha256, state, run_id, import_id, at FROM run_files
		WHERE partner = $1 AND state = $2 AND name ~ '^[0-9]{8}-'
		ORDER BY left(name, 8) DESC, name DESC LIMIT $3`, partner, eleader.FileImported, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: latest imports: %w", err)
	}
	defer rows.Close()
	var out []eleader.RunFile
	for rows.Next() {
		f := eleader.RunFile{Partner: partner}
		if err := rows.Scan(&f.Name, &f.SHA256, &f.State, &f.RunID, &f.ImportID, at(&f.At)); err != nil {
			return nil, fmt.Errorf("postgres: latest imports: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// RecordFileEvent adds an event to the ledger and sets its ID. Its texts
// are stored as free text (valid UTF-8, no NUL).
func (s *Store) RecordFileEvent(ctx context.Context, e *eleader.FileEvent) error {
	when, err := nanos(e.At)
	if err != nil {
		return err
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO depot_events (partner, name, dir, kept, sha256, size, action, reason, detail, run_id, import_id, report_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		e.Partner, freeText(e.Name), e.Dir, freeText(e.Kept), e.SHA256, e.Size, e.Action, e.Reason, freeText(e.Detail),
		e.RunID, e.ImportID, e.ReportID, when).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("postgres: file event: %w", err)
	}
	return nil
}

const eventColumns = `id, partner, name, dir, kept, sha256, size, action, reason, detail, run_id, import_id, report_id, at`

// queryEvents runs a query of depot_events' eventColumns.
func queryEvents(ctx context.Context, q querier, query string, args ...any) ([]eleader.FileEvent, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: file events: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (eleader.FileEvent, error) {
		var e eleader.FileEvent
		err := row.Scan(&e.ID, &e.Partner, &e.Name, &e.Dir, &e.Kept, &e.SHA256, &e.Size, &e.Action, &e.Reason, &e.Detail,
			&e.RunID, &e.ImportID, &e.ReportID, at(&e.At))
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: file events: %w", err)
	}
	if list == nil {
		list = []eleader.FileEvent{}
	}
	return list, nil
}

// FileEvents returns the ledger's events of a partner (of all when partner
// is ""), most recent first, at most limit (0 means 100).
func (s *Store) FileEvents(ctx context.Context, partner string, limit int) ([]eleader.FileEvent, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	if partner == "" {
		return queryEvents(ctx, s.pool, `SELECT `+eventColumns+` FROM depot_events ORDER BY id DESC LIMIT $1`, limit)
	}
	return queryEvents(ctx, s.pool, `SELECT `+eventColumns+` FROM depot_events WHERE partner = $2 ORDER BY id DESC LIMIT $1`, limit, partner)
}

// claimRefused marks the partner's unreported refused files as named by
// the import or the report given, and returns them, oldest first.
func claimRefused(ctx context.Context, q querier, partner string, importID, reportID int64) ([]eleader.FileEvent, error) {
	return queryEvents(ctx, q, `WITH claimed AS (
			UPDATE depot_events SET import_id = $1, report_id = $2
			WHERE partner = $3 AND action = $4 AND import_id = 0 AND report_id = 0
			RETURNING `+eventColumns+`)
		SELECT `+eventColumns+` FROM claimed ORDER BY id`, importID, reportID, partner, eleader.EventRefused)
}

// ClaimRefused gives the partner's refused files no report has named yet
// to the import importID, and returns them, oldest first.
func (t *importTx) ClaimRefused(ctx context.Context, partner string, importID int64) ([]eleader.FileEvent, error) {
	return claimRefused(ctx, t.tx, partner, importID, 0)
}

// AddNotice writes, in one transaction, a report of the partner's
// superseded and refused files that no report named yet; nil when there
// are none.
func (s *Store) AddNotice(ctx context.Context, partner string, build func([]string, []eleader.FileEvent) (*eleader.Report, error)) (*eleader.Report, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, `SELECT name FROM run_files WHERE partner = $1 AND state = $2 AND import_id = 0 AND report_id = 0
		ORDER BY at, name FOR UPDATE`, partner, eleader.FileSuperseded)
	if err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	superseded, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	if superseded == nil {
		superseded = []string{}
	}
	refused, err := queryEvents(ctx, tx, `SELECT `+eventColumns+` FROM depot_events
		WHERE partner = $1 AND action = $2 AND import_id = 0 AND report_id = 0 ORDER BY id FOR UPDATE`, partner, eleader.EventRefused)
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
	created, err := nanos(r.Created)
	if err != nil {
		return nil, err
	}
	err = tx.QueryRow(ctx, `INSERT INTO reports (partner, file, import_id, run_id, body, created) VALUES ($1, $2, 0, $3, $4, $5)
		RETURNING id`, r.Partner, r.File, r.RunID, string(body), created).Scan(&r.ID)
	if err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE run_files SET report_id = $1 WHERE partner = $2 AND name = ANY($3)`, r.ID, partner, superseded); err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	ids := make([]int64, len(refused))
	for i, e := range refused {
		ids[i] = e.ID
	}
	if _, err := tx.Exec(ctx, `UPDATE depot_events SET report_id = $1 WHERE id = ANY($2)`, r.ID, ids); err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	for i := range r.Refused {
		r.Refused[i].ReportID = r.ID
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("postgres: notice: %w", err)
	}
	return r, nil
}

// ReportsWithRejects describes a partner's reports that keep rejected
// lines, most recent first, at most limit (0 means 100), without reading
// the rejects.
func (s *Store) ReportsWithRejects(ctx context.Context, partner string, limit int) ([]eleader.RejectsSummary, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	rows, err := s.pool.Query(ctx, `SELECT id, file, created, rejects_bytes, coalesce((body::jsonb->>'rejected')::bigint, 0) FROM reports
		WHERE partner = $1 AND rejects_bytes > 0 ORDER BY id DESC LIMIT $2`, partner, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: reports with rejects: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (eleader.RejectsSummary, error) {
		r := eleader.RejectsSummary{Partner: partner}
		err := row.Scan(&r.ID, &r.File, at(&r.Created), &r.Bytes, &r.Rejected)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: reports with rejects: %w", err)
	}
	if list == nil {
		list = []eleader.RejectsSummary{}
	}
	return list, nil
}
