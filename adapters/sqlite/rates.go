package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TakeRate counts the uses of a rate limit's key in the window and
// records one when there is room. The count and the insert are one write
// transaction (BEGIN IMMEDIATE): processes sharing the file count each
// other's uses.
func (s *Store) TakeRate(ctx context.Context, key string, at, since time.Time, limit int) (bool, time.Time, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("sqlite: rate %s: %w", key, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM rate_uses WHERE key = ? AND at <= ?`, key, timeText(since)); err != nil {
		return false, time.Time{}, fmt.Errorf("sqlite: rate %s: %w", key, err)
	}
	if limit > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rate_uses WHERE key = ?`, key).Scan(&n); err != nil {
			return false, time.Time{}, fmt.Errorf("sqlite: rate %s: %w", key, err)
		}
		if n >= limit {
			// The use whose leaving the window brings the count below the limit.
			var when string
			err := tx.QueryRowContext(ctx, `SELECT at FROM rate_uses WHERE key = ? ORDER BY at, id LIMIT 1 OFFSET ?`, key, n-limit).Scan(&when)
			if err != nil {
				return false, time.Time{}, fmt.Errorf("sqlite: rate %s: %w", key, err)
			}
			t, err := parseTime(when)
			if err != nil {
				return false, time.Time{}, err
			}
			return false, t, tx.Commit() // the forgotten uses stay forgotten
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rate_uses (key, at) VALUES (?, ?)`, key, timeText(at)); err != nil {
		return false, time.Time{}, fmt.Errorf("sqlite: rate %s: %w", key, err)
	}
	return true, time.Time{}, tx.Commit()
}

// NameEvents returns the ledger's events of one of a partner's file names,
// most recent first.
func (s *Store) NameEvents(ctx context.Context, partner, name string, limit int) ([]eleader.FileEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	return queryEvents(ctx, s.db, `SELECT `+eventColumns+` FROM depot_events WHERE partner = ? AND name = ? ORDER BY id DESC LIMIT ?`, partner, name, limit)
}
