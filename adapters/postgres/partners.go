package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// SavePartner writes one change of a partner in one transaction. It fails
// with ECONFLICT when the partner exists (to create) or changed meanwhile
// (to update), or when one of its operator codes is another partner's; a
// refused change writes nothing.
func (s *Store) SavePartner(ctx context.Context, u eleader.PartnerUpdate) error {
	p := u.Partner
	id := p.ID()
	sheet, err := json.Marshal(p.Sheet)
	if err != nil {
		return err
	}
	channels := ","
	for _, c := range p.Sheet.Channels {
		channels += string(c) + ","
	}
	var revealSince time.Time
	var revealBy string
	if r := p.Reveal; r != nil {
		revealSince, revealBy = r.Since, freeText(r.By)
	}
	times, err := nanosAll(p.QualifiedAt, p.Created, p.Updated, revealSince)
	if err != nil {
		return err
	}
	qualified, created, updated, reveal := times[0], times[1], times[2], times[3]

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// ON CONFLICT DO NOTHING and a version check: a refusal is a row count,
	// not an error that would abort the transaction.
	var tag pgconn.CommandTag
	if p.Version == 0 {
		tag, err = tx.Exec(ctx, `INSERT INTO partners (id, status, environment, channels, sheet, qualified_at, created, updated, version, reveal_since, reveal_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) ON CONFLICT (id) DO NOTHING`,
			id, string(p.Status), string(p.Sheet.Environment), channels, string(sheet), qualified, created, updated, reveal, revealBy)
		if err == nil && tag.RowsAffected() == 0 {
			return eleader.Errorf(eleader.ECONFLICT, "partner %s already exists", id)
		}
	} else {
		tag, err = tx.Exec(ctx, `UPDATE partners SET status = $1, environment = $2, channels = $3, sheet = $4, qualified_at = $5,
			updated = $6, reveal_since = $7, reveal_by = $8, version = version + 1 WHERE id = $9 AND version = $10`,
			string(p.Status), string(p.Sheet.Environment), channels, string(sheet), qualified, updated, reveal, revealBy, id, p.Version)
		if err == nil && tag.RowsAffected() == 0 {
			return eleader.Errorf(eleader.ECONFLICT, "partner %s changed meanwhile: read it again and retry", id)
		}
	}
	if err != nil {
		return fmt.Errorf("postgres: save partner %s: %w", id, err)
	}

	if _, err := tx.Exec(ctx, `DELETE FROM partner_operators WHERE partner = $1`, id); err != nil {
		return fmt.Errorf("postgres: save partner %s: %w", id, err)
	}
	for _, code := range p.Sheet.Operators {
		// A code another transaction is taking makes this one wait for it:
		// then it is taken, or free again.
		tag, err := tx.Exec(ctx, `INSERT INTO partner_operators (code, partner) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, code, id)
		if err != nil {
			return fmt.Errorf("postgres: save partner %s: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			var owner string
			if err := tx.QueryRow(ctx, `SELECT partner FROM partner_operators WHERE code = $1`, code).Scan(&owner); err != nil {
				return fmt.Errorf("postgres: operator code %s: %w", code, err)
			}
			if owner == id {
				continue // listed twice
			}
			return eleader.OperatorTaken(code, owner)
		}
	}

	if t := u.Transition; t != nil {
		when, err := nanos(t.At)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO partner_history (partner, at, actor, from_status, to_status, comment) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, when, freeText(t.By), string(t.From), string(t.To), freeText(t.Comment))
		if err != nil {
			return fmt.Errorf("postgres: partner history: %w", err)
		}
	}
	if u.Token != nil || u.RevokeTokens {
		// A token revoked keeps the date it was revoked first.
		if _, err := tx.Exec(ctx, `UPDATE tokens SET revoked = $1 WHERE partner = $2 AND revoked IS NULL`, updated, id); err != nil {
			return fmt.Errorf("postgres: revoke tokens: %w", err)
		}
	}
	if t := u.Token; t != nil {
		issued, err := nanos(t.Issued)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tokens (id, partner, hash, issued) VALUES ($1, $2, $3, $4)`, t.ID, id, t.Hash, issued); err != nil {
			if isUnique(err) {
				return eleader.Errorf(eleader.ECONFLICT, "token %s exists", t.ID)
			}
			return fmt.Errorf("postgres: token: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: save partner %s: %w", id, err)
	}
	p.Version++
	return nil
}

// partnerQuery joins each partner with its latest token.
const partnerQuery = `SELECT p.id, p.status, p.sheet, p.qualified_at, p.created, p.updated, p.version, p.reveal_since, p.reveal_by, t.id, t.issued, t.revoked
	FROM partners p
	LEFT JOIN LATERAL (SELECT id, issued, revoked FROM tokens WHERE partner = p.id ORDER BY seq DESC LIMIT 1) t ON true`

func scanPartner(row pgx.Row) (*eleader.Partner, error) {
	var p eleader.Partner
	var id, status, sheet string
	var tokID *string
	var tokIssued, tokRevoked, revealSince time.Time
	var revealBy string
	if err := row.Scan(&id, &status, &sheet, at(&p.QualifiedAt), at(&p.Created), at(&p.Updated), &p.Version, at(&revealSince), &revealBy,
		&tokID, at(&tokIssued), at(&tokRevoked)); err != nil {
		return nil, err
	}
	if !revealSince.IsZero() {
		p.Reveal = &eleader.TokenReveal{Since: revealSince, By: revealBy}
	}
	if err := json.Unmarshal([]byte(sheet), &p.Sheet); err != nil {
		return nil, fmt.Errorf("postgres: partner %s: sheet: %w", id, err)
	}
	p.Status = eleader.SheetStatus(status)
	if tokID != nil {
		p.Token = &eleader.TokenInfo{ID: *tokID, Issued: tokIssued, Revoked: !tokRevoked.IsZero()}
	}
	return &p, nil
}

// Partner returns a partner with its latest token's description; ENOTFOUND
// when there is none.
func (s *Store) Partner(ctx context.Context, id string) (*eleader.Partner, error) {
	p, err := scanPartner(s.pool.QueryRow(ctx, partnerQuery+` WHERE p.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no partner %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: partner %s: %w", id, err)
	}
	return p, nil
}

// Partners returns the partners f selects, by identifier.
func (s *Store) Partners(ctx context.Context, f eleader.PartnerFilter) ([]*eleader.Partner, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Partner != "" {
		where = append(where, `strpos(p.id, `+arg(f.Partner)+`) > 0`) // no LIKE: % and _ are characters
	}
	if f.Status != "" {
		where = append(where, `p.status = `+arg(string(f.Status)))
	}
	if f.Environment != "" {
		where = append(where, `p.environment = `+arg(string(f.Environment)))
	}
	if f.Channel != "" {
		where = append(where, `strpos(p.channels, `+arg(","+string(f.Channel)+",")+`) > 0`)
	}
	if f.Qualified != nil {
		where = append(where, `(p.qualified_at IS NOT NULL) = `+arg(*f.Qualified))
	}
	query := partnerQuery
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := s.pool.Query(ctx, query+` ORDER BY p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: partners: %w", err)
	}
	defer rows.Close()
	var out []*eleader.Partner
	for rows.Next() {
		p, err := scanPartner(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: partners: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// History returns a partner's history, oldest first (in the order it was
// appended).
func (s *Store) History(ctx context.Context, id string) ([]eleader.Transition, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, actor, from_status, to_status, comment FROM partner_history WHERE partner = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: history of %s: %w", id, err)
	}
	defer rows.Close()
	var out []eleader.Transition
	for rows.Next() {
		var t eleader.Transition
		var from, to string
		if err := rows.Scan(at(&t.At), &t.By, &from, &to, &t.Comment); err != nil {
			return nil, fmt.Errorf("postgres: history of %s: %w", id, err)
		}
		t.From, t.To = eleader.SheetStatus(from), eleader.SheetStatus(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Token returns the token with this id; ENOTFOUND when there is none.
func (s *Store) Token(ctx context.Context, id string) (eleader.StoredToken, error) {
	var t eleader.StoredToken
	err := s.pool.QueryRow(ctx, `SELECT id, partner, hash, issued, revoked FROM tokens WHERE id = $1`, id).
		Scan(&t.ID, &t.Partner, &t.Hash, at(&t.Issued), at(&t.Revoked))
	if errors.Is(err, pgx.ErrNoRows) {
		return eleader.StoredToken{}, eleader.Errorf(eleader.ENOTFOUND, "no token %s", id)
	}
	if err != nil {
		return eleader.StoredToken{}, fmt.Errorf("postgres: token: %w", err)
	}
	return t, nil
}
