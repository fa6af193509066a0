package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TakeRate counts the uses of a rate limit's key in the window and
// records one when there is room. A transaction-scoped advisory lock per
// key and schema makes the count and the insert one step for every
// instance on the database; other keys, and imports, do not wait for it.
func (s *Store) TakeRate(ctx context.Context, key string, when, since time.Time, limit int) (bool, time.Time, error) {
	times, err := nanosAll(when, since)
	if err != nil {
		return false, time.Time{}, err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey("rate:"+key, s.schema)); err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM rate_uses WHERE key = $1 AND at <= $2`, key, times[1]); err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
	}
	if limit > 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM rate_uses WHERE key = $1`, key).Scan(&n); err != nil {
			return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
		}
		if n >= limit {
			var blocking time.Time
			err := tx.QueryRow(ctx, `SELECT at FROM rate_uses WHERE key = $1 ORDER BY at, id LIMIT 1 OFFSET $2`, key, n-limit).Scan(at(&blocking))
			if err != nil {
				return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
			}
			if err := tx.Commit(ctx); err != nil { // the forgotten uses stay forgotten
				return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
			}
			return false, blocking, nil
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO rate_uses (key, at) VALUES ($1, $2)`, key, times[0]); err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, time.Time{}, fmt.Errorf("postgres: rate %s: %w", key, err)
	}
	return true, time.Time{}, nil
}

// NameEvents returns the ledger's events of one of a partner's file names,
// most recent first.
func (s *Store) NameEvents(ctx context.Context, partner, name string, limit int) ([]eleader.FileEvent, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	return queryEvents(ctx, s.pool, `SELECT `+eventColumns+` FROM depot_events WHERE partner = $2 AND name = $3 ORDER BY id DESC LIMIT $1`, limit, partner, name)
}
