package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// SavePerson writes one change of a person in one transaction. It fails
// with ECONFLICT when the person exists (to create) or changed meanwhile,
// ENOTFOUND when a person to remove does not exist; a refused change
// writes nothing.
func (s *Store) SavePerson(ctx context.Context, u eleader.PersonUpdate) error {
	p := u.Person
	created, updated := p.Created, p.Updated
	times, err := nanosAll(created, updated)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if u.Remove {
		for _, q := range []string{`DELETE FROM person_rights WHERE email = $1`, `DELETE FROM sessions WHERE email = $1`, `DELETE FROM login_links WHERE email = $1`} {
			if _, err := tx.Exec(ctx, q, p.Email); err != nil {
				return fmt.Errorf("postgres: remove person: %w", err)
			}
		}
		tag, err := tx.Exec(ctx, `DELETE FROM people WHERE email = $1`, p.Email)
		if err != nil {
			return fmt.Errorf("postgres: remove person: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return eleader.Errorf(eleader.ENOTFOUND, "no person %s", p.Email)
		}
	} else {
		var tag pgconn.CommandTag
		if p.Version == 0 {
			tag, err = tx.Exec(ctx, `INSERT INTO people (email, operator, created, updated, version) VALUES ($1, $2, $3, $4, 1) ON CONFLICT (email) DO NOTHING`,
				p.Email, p.Operator, times[0], times[1])
			if err == nil && tag.RowsAffected() == 0 {
				return eleader.Errorf(eleader.ECONFLICT, "person %s already exists", p.Email)
			}
		} else {
			tag, err = tx.Exec(ctx, `UPDATE people SET operator = $1, updated = $2, version = version + 1 WHERE email = $3 AND version = $4`,
				p.Operator, times[1], p.Email, p.Version)
			if err == nil && tag.RowsAffected() == 0 {
				return eleader.Errorf(eleader.ECONFLICT, "person %s changed meanwhile: read it again and retry", p.Email)
			}
		}
		if err != nil {
			return fmt.Errorf("postgres: save person: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM person_rights WHERE email = $1`, p.Email); err != nil {
			return fmt.Errorf("postgres: save person: %w", err)
		}
		for partner, r := range p.Rights {
			if _, err := tx.Exec(ctx, `INSERT INTO person_rights (email, partner, access) VALUES ($1, $2, $3)`, p.Email, partner, string(r)); err != nil {
				return fmt.Errorf("postgres: save person: %w", err)
			}
		}
	}
	if u.Action != nil {
		if err := recordAction(ctx, tx, u.Action); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: save person: %w", err)
	}
	if !u.Remove {
		p.Version++
	}
	return nil
}

// Person returns a person with their rights; ENOTFOUND when none.
func (s *Store) Person(ctx context.Context, email string) (*eleader.Person, error) {
	people, err := s.queryPeople(ctx, `WHERE p.email = $1`, email)
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no person %s", email)
	}
	return people[0], nil
}

// People returns every person (partner ""), or those with a right on
// partner, by email.
func (s *Store) People(ctx context.Context, partner string) ([]*eleader.Person, error) {
	if partner == "" {
		return s.queryPeople(ctx, ``)
	}
	return s.queryPeople(ctx, `WHERE p.email IN (SELECT email FROM person_rights WHERE partner = $1)`, partner)
}

func (s *Store) queryPeople(ctx context.Context, where string, args ...any) ([]*eleader.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT p.email, p.operator, p.created, p.updated, p.version, coalesce(r.partner, ''), coalesce(r.access, '')
		FROM people p LEFT JOIN person_rights r ON r.email = p.email `+where+` ORDER BY p.email, r.partner`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: people: %w", err)
	}
	defer rows.Close()
	var out []*eleader.Person
	for rows.Next() {
		var email, partner, access string
		var operator bool
		var version int64
		var created, updated time.Time
		if err := rows.Scan(&email, &operator, at(&created), at(&updated), &version, &partner, &access); err != nil {
			return nil, fmt.Errorf("postgres: people: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Email != email {
			out = append(out, &eleader.Person{Email: email, Operator: operator, Version: version, Created: created, Updated: updated,
				Rights: map[string]eleader.Right{}})
		}
		if partner != "" {
			out[len(out)-1].Rights[partner] = eleader.Right(access)
		}
	}
	return out, rows.Err()
}

// AddLoginLink stores a new sign-in link.
func (s *Store) AddLoginLink(ctx context.Context, l eleader.LoginLink) error {
	times, err := nanosAll(l.Created, l.Expires)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO login_links (id, email, hash, next, created, expires) VALUES ($1, $2, $3, $4, $5, $6)`,
		l.ID, l.Email, l.Hash, freeText(l.Next), times[0], times[1])
	if isUnique(err) {
		return eleader.Errorf(eleader.ECONFLICT, "sign-in link %s exists", l.ID)
	}
	if err != nil {
		return fmt.Errorf("postgres: sign-in link: %w", err)
	}
	return nil
}

// LoginLink returns a sign-in link by its ID; ENOTFOUND when none.
func (s *Store) LoginLink(ctx context.Context, id string) (eleader.LoginLink, error) {
	var l eleader.LoginLink
	err := s.pool.QueryRow(ctx, `SELECT id, email, hash, next, created, expires, used FROM login_links WHERE id = $1`, id).
		Scan(&l.ID, &l.Email, &l.Hash, &l.Next, at(&l.Created), at(&l.Expires), at(&l.Used))
	if errors.Is(err, pgx.ErrNoRows) {
		return eleader.LoginLink{}, eleader.Errorf(eleader.ENOTFOUND, "no sign-in link %s", id)
	}
	if err != nil {
		return eleader.LoginLink{}, fmt.Errorf("postgres: sign-in link: %w", err)
	}
	return l, nil
}

// CountLoginLinks counts the links sent to email since then.
func (s *Store) CountLoginLinks(ctx context.Context, email string, since time.Time) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM login_links WHERE email = $1 AND created >= $2`, email, bound(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: sign-in links: %w", err)
	}
	return n, nil
}

// UseLoginLink marks a link used and stores the session it opens, in one
// transaction: a link used already opens nothing (ECONFLICT).
func (s *Store) UseLoginLink(ctx context.Context, id string, when time.Time, sess eleader.StoredSession) error {
	used, err := nanos(when)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	tag, err := tx.Exec(ctx, `UPDATE login_links SET used = $1 WHERE id = $2 AND used IS NULL`, used, id)
	if err != nil {
		return fmt.Errorf("postgres: sign-in link: %w", err)
	}
	if tag.RowsAffected() == 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM login_links WHERE id = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("postgres: sign-in link: %w", err)
		}
		if n == 0 {
			return eleader.Errorf(eleader.ENOTFOUND, "no sign-in link %s", id)
		}
		return eleader.Errorf(eleader.ECONFLICT, "the sign-in link %s was used already", id)
	}
	if err := addSession(ctx, tx, sess); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: sign-in link: %w", err)
	}
	return nil
}

// execer is the pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func addSession(ctx context.Context, db execer, sess eleader.StoredSession) error {
	times, err := nanosAll(sess.Created, sess.Expires)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `INSERT INTO sessions (id, hash, email, partner, token_id, created, expires) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		sess.ID, sess.Hash, sess.Email, sess.Partner, sess.TokenID, times[0], times[1])
	if isUnique(err) {
		return eleader.Errorf(eleader.ECONFLICT, "session %s exists", sess.ID)
	}
	if err != nil {
		return fmt.Errorf("postgres: session: %w", err)
	}
	return nil
}

// AddSession stores a new web session.
func (s *Store) AddSession(ctx context.Context, sess eleader.StoredSession) error {
	return addSession(ctx, s.pool, sess)
}

// Session returns a web session by its ID; ENOTFOUND when none.
func (s *Store) Session(ctx context.Context, id string) (eleader.StoredSession, error) {
	var sess eleader.StoredSession
	err := s.pool.QueryRow(ctx, `SELECT id, hash, email, partner, token_id, created, expires FROM sessions WHERE id = $1`, id).
		Scan(&sess.ID, &sess.Hash, &sess.Email, &sess.Partner, &sess.TokenID, at(&sess.Created), at(&sess.Expires))
	if errors.Is(err, pgx.ErrNoRows) {
		return eleader.StoredSession{}, eleader.Errorf(eleader.ENOTFOUND, "no session %s", id)
	}
	if err != nil {
		return eleader.StoredSession{}, fmt.Errorf("postgres: session: %w", err)
	}
	return sess, nil
}

// DeleteSession ends a session at once; an unknown one is fine.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("postgres: session: %w", err)
	}
	return nil
}

// PurgeSessions deletes the sessions expired at now and the sign-in links
// expired a day before.
func (s *Store) PurgeSessions(ctx context.Context, now time.Time) (int, error) {
	a, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires <= $1`, bound(now))
	if err != nil {
		return 0, fmt.Errorf("postgres: purge sessions: %w", err)
	}
	b, err := s.pool.Exec(ctx, `DELETE FROM login_links WHERE expires <= $1`, bound(now.Add(-24*time.Hour)))
	if err != nil {
		return 0, fmt.Errorf("postgres: purge sign-in links: %w", err)
	}
	return int(a.RowsAffected() + b.RowsAffected()), nil
}

func recordAction(ctx context.Context, db execer, a *eleader.ActionRecord) error {
	when, err := nanos(a.At)
	if err != nil {
		return err
	}
	err = db.QueryRow(ctx, `INSERT INTO actions (at, actor, action, partner, person, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		when, freeText(a.By), a.Action, a.Partner, a.Person, freeText(a.Detail)).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("postgres: action: %w", err)
	}
	return nil
}

// RecordAction appends an action and sets its ID.
func (s *Store) RecordAction(ctx context.Context, a *eleader.ActionRecord) error {
	return recordAction(ctx, s.pool, a)
}

// Actions returns the actions f selects, most recent first.
func (s *Store) Actions(ctx context.Context, f eleader.ActionFilter) ([]eleader.ActionRecord, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, actor, action, partner, person, detail FROM actions
		WHERE ($1 = '' OR partner = $1) AND ($2 = '' OR person = $2 OR actor = $2) ORDER BY id DESC LIMIT $3`, f.Partner, f.Person, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: actions: %w", err)
	}
	defer rows.Close()
	var out []eleader.ActionRecord
	for rows.Next() {
		var a eleader.ActionRecord
		if err := rows.Scan(&a.ID, at(&a.At), &a.By, &a.Action, &a.Partner, &a.Person, &a.Detail); err != nil {
			return nil, fmt.Errorf("postgres: actions: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeletePartner deletes a partner read at version, with its history,
// operator codes, tokens and token sessions, and records a.
func (s *Store) DeletePartner(ctx context.Context, id string, version int64, a *eleader.ActionRecord) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var current int64
	err = tx.QueryRow(ctx, `SELECT version FROM partners WHERE id = $1 FOR UPDATE`, id).Scan(&current)
	if errors.Is(err, pgx.ErrNoRows) {
		return eleader.Errorf(eleader.ENOTFOUND, "no partner %s", id)
	}
	if err != nil {
		return fmt.Errorf("postgres: delete partner %s: %w", id, err)
	}
	if current != version {
		return eleader.Errorf(eleader.ECONFLICT, "partner %s changed meanwhile: read it again and retry", id)
	}
	for _, q := range []string{
		`DELETE FROM sessions WHERE partner = $1`, `DELETE FROM tokens WHERE partner = $1`, `DELETE FROM partner_history WHERE partner = $1`,
		`DELETE FROM partner_operators WHERE partner = $1`, `DELETE FROM partners WHERE id = $1`,
	} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("postgres: delete partner %s: %w", id, err)
		}
	}
	if a != nil {
		if err := recordAction(ctx, tx, a); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: delete partner %s: %w", id, err)
	}
	return nil
}
