package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// RecordSearch adds a search to the audit, unless its partner is over the
// limit. A transaction-scoped advisory lock per partner and schema makes
// the count and the insert one step for every instance on the database;
// other partners' searches, and imports, do not wait for it.
func (s *Store) RecordSearch(ctx context.Context, rec *eleader.SearchRecord, since time.Time, limit int) (bool, time.Time, error) {
	when, err := nanos(rec.At)
	if err != nil {
		return false, time.Time{}, err
	}
	from, err := nanos(since)
	if err != nil {
		return false, time.Time{}, err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: search audit: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if limit > 0 && rec.Partner != "" {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey("search:"+rec.Partner, s.schema)); err != nil {
			return false, time.Time{}, fmt.Errorf("postgres: search audit: %w", err)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM searches WHERE partner = $1 AND at > $2`, rec.Partner, from).Scan(&n); err != nil {
			return false, time.Time{}, fmt.Errorf("postgres: search audit: %w", err)
		}
		if n >= limit {
			var blocking time.Time
			err := tx.QueryRow(ctx, `SELECT at FROM searches WHERE partner = $1 AND at > $2 ORDER BY at, id LIMIT 1 OFFSET $3`,
				rec.Partner, from, n-limit).Scan(at(&blocking))
			if err != nil {
				return false, time.Time{}, fmt.Errorf("postgres: search audit: %w", err)
			}
			return false, blocking, nil
		}
	}
	err = tx.QueryRow(ctx, `INSERT INTO searches (at, partner, by_who, channel, kind, results, hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		when, rec.Partner, freeText(rec.By), rec.Channel, rec.Kind, rec.Results, rec.Hash).Scan(&rec.ID)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: search audit: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: search audit: %w", err)
	}
	return true, time.Time{}, nil
}

// Searches returns the audit of searches, most recent first.
func (s *Store) Searches(ctx context.Context, f eleader.SearchFilter) ([]eleader.SearchRecord, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	query, args := `SELECT id, at, partner, by_who, channel, kind, results, hash FROM searches`, []any{limit}
	if f.Partner != "" {
		query, args = query+` WHERE partner = $2`, append(args, f.Partner)
	}
	rows, err := s.pool.Query(ctx, query+` ORDER BY at DESC, id DESC LIMIT $1`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: searches: %w", err)
	}
	defer rows.Close()
	var out []eleader.SearchRecord
	for rows.Next() {
		var r eleader.SearchRecord
		if err := rows.Scan(&r.ID, at(&r.At), &r.Partner, &r.By, &r.Channel, &r.Kind, &r.Results, &r.Hash); err != nil {
			return nil, fmt.Errorf("postgres: searches: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PurgeSearches removes the searches made before cutoff.
func (s *Store) PurgeSearches(ctx context.Context, cutoff time.Time) (int, error) {
	c, err := nanos(cutoff)
	if err != nil {
		return 0, err
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM searches WHERE at < $1`, c)
	if err != nil {
		return 0, fmt.Errorf("postgres: purge searches: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Secret returns the store's secret of that name, drawn the first time: of
// two instances drawing at once, the first insert wins and both read it.
func (s *Store) Secret(ctx context.Context, name string, size int) ([]byte, error) {
	var b []byte
	err := s.pool.QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&b)
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: secret %s: %w", name, err)
	}
	drawn := make([]byte, size)
	rand.Read(drawn)
	if _, err := s.pool.Exec(ctx, `INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, drawn); err != nil {
		return nil, fmt.Errorf("postgres: secret %s: %w", name, err)
	}
	if err := s.pool.QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&b); err != nil {
		return nil, fmt.Errorf("postgres: secret %s: %w", name, err)
	}
	return b, nil
}
