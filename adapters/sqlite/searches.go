package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// RecordSearch adds a search to the audit, unless its partner is over the
// limit. The count and the insert are one write transaction (BEGIN
// IMMEDIATE): processes sharing the file count each other's searches.
func (s *Store) RecordSearch(ctx context.Context, rec *eleader.SearchRecord, since time.Time, limit int) (bool, time.Time, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("sqlite: search audit: %w", err)
	}
	defer tx.Rollback()
	if limit > 0 && rec.Partner != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM searches WHERE partner = ? AND at > ?`, rec.Partner, timeText(since)).Scan(&n); err != nil {
			return false, time.Time{}, fmt.Errorf("sqlite: search audit: %w", err)
		}
		if n >= limit {
			// The search whose leaving the window brings the count below the limit.
			var at string
			err := tx.QueryRowContext(ctx, `SELECT at FROM searches WHERE partner = ? AND at > ? ORDER BY at, id LIMIT 1 OFFSET ?`,
				rec.Partner, timeText(since), n-limit).Scan(&at)
			if err != nil {
				return false, time.Time{}, fmt.Errorf("sqlite: search audit: %w", err)
			}
			t, err := parseTime(at)
			return false, t, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO searches (at, partner, by_who, channel, kind, results, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		timeText(rec.At), rec.Partner, rec.By, rec.Channel, rec.Kind, rec.Results, rec.Hash)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("sqlite: search audit: %w", err)
	}
	if rec.ID, err = res.LastInsertId(); err != nil {
		return false, time.Time{}, err
	}
	return true, time.Time{}, tx.Commit()
}

// Searches returns the audit of searches, most recent first.
func (s *Store) Searches(ctx context.Context, f eleader.SearchFilter) ([]eleader.SearchRecord, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, partner, by_who, channel, kind, results, hash FROM searches
		WHERE ?1 = '' OR partner = ?1 ORDER BY at DESC, id DESC LIMIT ?2`, f.Partner, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: searches: %w", err)
	}
	defer rows.Close()
	var out []eleader.SearchRecord
	for rows.Next() {
		var r eleader.SearchRecord
		var at string
		if err := rows.Scan(&r.ID, &at, &r.Partner, &r.By, &r.Channel, &r.Kind, &r.Results, &r.Hash); err != nil {
			return nil, fmt.Errorf("sqlite: searches: %w", err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PurgeSearches removes the searches made before cutoff.
func (s *Store) PurgeSearches(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM searches WHERE at < ?`, timeText(cutoff))
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge searches: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Secret returns the store's secret of that name, drawn the first time.
func (s *Store) Secret(ctx context.Context, name string, size int) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&b)
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: secret %s: %w", name, err)
	}
	drawn := make([]byte, size)
	rand.Read(drawn)
	// Of two processes drawing at once, the first insert wins; both read it.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, drawn); err != nil {
		return nil, fmt.Errorf("sqlite: secret %s: %w", name, err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&b); err != nil {
		return nil, fmt.Errorf("sqlite: secret %s: %w", name, err)
	}
	return b, nil
}
