package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// timeLayout stores times in UTC with a fixed width, so that they sort and
// compare as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// SavePartner writes one change of a partner in one transaction.
func (s *Store) SavePartner(ctx context.Context, u eleader.PartnerUpdate) error {
	p := u.Partner
	sheet, err := json.Marshal(p.Sheet)
	if err != nil {
		return err
	}
	channels := ","
	for _, c := range p.Sheet.Channels {
		channels += string(c) + ","
	}
	var revealSince, revealBy string
	if r := p.Reveal; r != nil {
		revealSince, revealBy = timeText(r.Since), r.By
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	id := p.ID()
	if p.Version == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO partners (id, status, environment, channels, sheet, qualified_at, created, updated, version, reveal_since, reveal_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, id, p.Status, p.Sheet.Environment, channels, string(sheet),
			timeText(p.QualifiedAt), timeText(p.Created), timeText(p.Updated), revealSince, revealBy)
		if isConstraint(err) {
			return eleader.Errorf(eleader.ECONFLICT, "partner %s already exists", id)
		}
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE partners SET status = ?, environment = ?, channels = ?, sheet = ?, qualified_at = ?, updated = ?,
			reveal_since = ?, reveal_by = ?, version = version + 1
			WHERE id = ? AND version = ?`, p.Status, p.Sheet.Environment, channels, string(sheet), timeText(p.QualifiedAt), timeText(p.Updated),
			revealSince, revealBy, id, p.Version)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return eleader.Errorf(eleader.ECONFLICT, "partner %s changed meanwhile: read it again and retry", id)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("sqlite: save partner %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM partner_operators WHERE partner = ?`, id); err != nil {
		return err
	}
	for _, code := range p.Sheet.Operators {
		if _, err := tx.ExecContext(ctx, `INSERT INTO partner_operators (code, partner) VALUES (?, ?)`, code, id); err != nil {
			if isConstraint(err) {
				var owner string
				tx.QueryRowContext(ctx, `SELECT partner FROM partner_operators WHERE code = ?`, code).Scan(&owner)
				return eleader.OperatorTaken(code, owner)
			}
			return err
		}
	}
	if t := u.Transition; t != nil {
		_, err := tx.ExecContext(ctx, `INSERT INTO partner_history (partner, at, by, from_status, to_status, comment) VALUES (?, ?, ?, ?, ?, ?)`,
			id, timeText(t.At), t.By, string(t.From), string(t.To), t.Comment)
		if err != nil {
			return fmt.Errorf("sqlite: partner history: %w", err)
		}
	}
	if u.Token != nil || u.RevokeTokens {
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked = ? WHERE partner = ? AND revoked = ''`, timeText(p.Updated), id); err != nil {
			return err
		}
	}
	if t := u.Token; t != nil {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, partner, hash, issued) VALUES (?, ?, ?, ?)`, t.ID, id, t.Hash, timeText(t.Issued))
		if err != nil {
			return fmt.Errorf("sqlite: token: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	p.Version++
	return nil
}

func isConstraint(err error) bool {
	return err != nil && strings.Contains(err.Error(), "constraint failed")
}

const partnerColumns = `p.id, p.status, p.sheet, p.qualified_at, p.created, p.updated, p.version, p.reveal_since, p.reveal_by,
	coalesce(t.id, ''), coalesce(t.issued, ''), coalesce(t.revoked, '')`

// partnerQuery joins each partner with its latest token.
const partnerQuery = `SELECT ` + partnerColumns + ` FROM partners p
	LEFT JOIN tokens t ON t.id = (SELECT id FROM tokens WHERE partner = p.id ORDER BY rowid DESC LIMIT 1)`

func scanPartner(sc scanner) (*eleader.Partner, error) {
	var p eleader.Partner
	var id, status, sheet, qualified, created, updated, revealSince, revealBy, tokID, tokIssued, tokRevoked string
	if err := sc.Scan(&id, &status, &sheet, &qualified, &created, &updated, &p.Version, &revealSince, &revealBy, &tokID, &tokIssued, &tokRevoked); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(sheet), &p.Sheet); err != nil {
		return nil, fmt.Errorf("sqlite: partner %s: sheet: %w", id, err)
	}
	p.Status = eleader.SheetStatus(status)
	var err error
	if p.QualifiedAt, err = parseTime(qualified); err != nil {
		return nil, err
	}
	if p.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	if p.Updated, err = parseTime(updated); err != nil {
		return nil, err
	}
	if revealSince != "" {
		since, err := parseTime(revealSince)
		if err != nil {
			return nil, err
		}
		p.Reveal = &eleader.TokenReveal{Since: since, By: revealBy}
	}
	if tokID != "" {
		issued, err := parseTime(tokIssued)
		if err != nil {
			return nil, err
		}
		p.Token = &eleader.TokenInfo{ID: tokID, Issued: issued, Revoked: tokRevoked != ""}
	}
	return &p, nil
}

// Partner returns a partner.
func (s *Store) Partner(ctx context.Context, id string) (*eleader.Partner, error) {
	p, err := scanPartner(s.db.QueryRowContext(ctx, partnerQuery+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no partner %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: partner %s: %w", id, err)
	}
	return p, nil
}

// Partners returns the partners f selects.
func (s *Store) Partners(ctx context.Context, f eleader.PartnerFilter) ([]*eleader.Partner, error) {
	qualified := 0 // any
	if f.Qualified != nil {
		qualified = 2 // not qualified
		if *f.Qualified {
			qualified = 1
		}
	}
	rows, err := s.db.QueryContext(ctx, partnerQuery+`
		WHERE instr(p.id, ?1) > 0 AND (?2 = '' OR p.status = ?2) AND (?3 = '' OR p.environment = ?3)
		AND (?4 = '' OR instr(p.channels, ',' || ?4 || ',') > 0)
		AND (?5 = 0 OR (?5 = 1) = (p.qualified_at <> ''))
		ORDER BY p.id`, f.Partner, string(f.Status), string(f.Environment), string(f.Channel), qualified)
	if err != nil {
		return nil, fmt.Errorf("sqlite: partners: %w", err)
	}
	defer rows.Close()
	var out []*eleader.Partner
	for rows.Next() {
		p, err := scanPartner(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// History returns a partner's history, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]eleader.Transition, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, by, from_status, to_status, comment FROM partner_history WHERE partner = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: history of %s: %w", id, err)
	}
	defer rows.Close()
	var out []eleader.Transition
	for rows.Next() {
		var t eleader.Transition
		var at, from, to string
		if err := rows.Scan(&at, &t.By, &from, &to, &t.Comment); err != nil {
			return nil, err
		}
		if t.At, err = parseTime(at); err != nil {
			return nil, err
		}
		t.From, t.To = eleader.SheetStatus(from), eleader.SheetStatus(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Token returns a token by id.
func (s *Store) Token(ctx context.Context, id string) (eleader.StoredToken, error) {
	var t eleader.StoredToken
	var issued, revoked string
	err := s.db.QueryRowContext(ctx, `SELECT id, partner, hash, issued, revoked FROM tokens WHERE id = ?`, id).Scan(&t.ID, &t.Partner, &t.Hash, &issued, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, eleader.Errorf(eleader.ENOTFOUND, "no token %s", id)
	}
	if err != nil {
		return t, fmt.Errorf("sqlite: token: %w", err)
	}
	if t.Issued, err = parseTime(issued); err != nil {
		return t, err
	}
	t.Revoked, err = parseTime(revoked)
	return t, err
}
