package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// SavePerson writes one change of a person in one transaction.
func (s *Store) SavePerson(ctx context.Context, u eleader.PersonUpdate) error {
	p := u.Person
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	if u.Remove {
		for _, q := range []string{`DELETE FROM person_rights WHERE email = ?`, `DELETE FROM sessions WHERE email = ?`, `DELETE FROM login_links WHERE email = ?`} {
			if _, err := tx.ExecContext(ctx, q, p.Email); err != nil {
				return fmt.Errorf("sqlite: remove person: %w", err)
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM people WHERE email = ?`, p.Email)
		if err != nil {
			return fmt.Errorf("sqlite: remove person: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return eleader.Errorf(eleader.ENOTFOUND, "no person %s", p.Email)
		}
	} else {
		if p.Version == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO people (email, operator, created, updated, version) VALUES (?, ?, ?, ?, 1)`,
				p.Email, p.Operator, timeText(p.Created), timeText(p.Updated))
			if isConstraint(err) {
				return eleader.Errorf(eleader.ECONFLICT, "person %s already exists", p.Email)
			}
		} else {
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE people SET operator = ?, updated = ?, version = version + 1 WHERE email = ? AND version = ?`,
				p.Operator, timeText(p.Updated), p.Email, p.Version)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return eleader.Errorf(eleader.ECONFLICT, "person %s changed meanwhile: read it again and retry", p.Email)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("sqlite: save person: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_rights WHERE email = ?`, p.Email); err != nil {
			return fmt.Errorf("sqlite: save person: %w", err)
		}
		for partner, r := range p.Rights {
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_rights (email, partner, access) VALUES (?, ?, ?)`, p.Email, partner, string(r)); err != nil {
				return fmt.Errorf("sqlite: save person: %w", err)
			}
		}
	}
	if u.Action != nil {
		if err := recordAction(ctx, tx, u.Action); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if !u.Remove {
		p.Version++
	}
	return nil
}

// Person returns a person with their rights.
func (s *Store) Person(ctx context.Context, email string) (*eleader.Person, error) {
	people, err := s.queryPeople(ctx, `WHERE p.email = ?`, email)
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no person %s", email)
	}
	return people[0], nil
}

// People returns every person, or those with a right on partner.
func (s *Store) People(ctx context.Context, partner string) ([]*eleader.Person, error) {
	if partner == "" {
		return s.queryPeople(ctx, ``)
	}
	return s.queryPeople(ctx, `WHERE p.email IN (SELECT email FROM person_rights WHERE partner = ?)`, partner)
}

// queryPeople reads the people where selects, by email, with their rights.
func (s *Store) queryPeople(ctx context.Context, where string, args ...any) ([]*eleader.Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.email, p.operator, p.created, p.updated, p.version, coalesce(r.partner, ''), coalesce(r.access, '')
		FROM people p LEFT JOIN person_rights r ON r.email = p.email `+where+` ORDER BY p.email, r.partner`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: people: %w", err)
	}
	defer rows.Close()
	var out []*eleader.Person
	for rows.Next() {
		var email, created, updated, partner, access string
		var operator bool
		var version int64
		if err := rows.Scan(&email, &operator, &created, &updated, &version, &partner, &access); err != nil {
			return nil, fmt.Errorf("sqlite: people: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Email != email {
			p := &eleader.Person{Email: email, Operator: operator, Version: version, Rights: map[string]eleader.Right{}}
			if p.Created, err = parseTime(created); err != nil {
				return nil, err
			}
			if p.Updated, err = parseTime(updated); err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		if partner != "" {
			out[len(out)-1].Rights[partner] = eleader.Right(access)
		}
	}
	return out, rows.Err()
}

// AddLoginLink stores a sign-in link.
func (s *Store) AddLoginLink(ctx context.Context, l eleader.LoginLink) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO login_links (id, email, hash, next, created, expires) VALUES (?, ?, ?, ?, ?, ?)`,
		l.ID, l.Email, l.Hash, l.Next, timeText(l.Created), timeText(l.Expires))
	if isConstraint(err) {
		return eleader.Errorf(eleader.ECONFLICT, "sign-in link %s exists", l.ID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: sign-in link: %w", err)
	}
	return nil
}

// LoginLink returns a sign-in link by ID.
func (s *Store) LoginLink(ctx context.Context, id string) (eleader.LoginLink, error) {
	var l eleader.LoginLink
	var created, expires, used string
	err := s.db.QueryRowContext(ctx, `SELECT id, email, hash, next, created, expires, used FROM login_links WHERE id = ?`, id).
		Scan(&l.ID, &l.Email, &l.Hash, &l.Next, &created, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return l, eleader.Errorf(eleader.ENOTFOUND, "no sign-in link %s", id)
	}
	if err != nil {
		return l, fmt.Errorf("sqlite: sign-in link: %w", err)
	}
	if l.Created, err = parseTime(created); err != nil {
		return l, err
	}
	if l.Expires, err = parseTime(expires); err != nil {
		return l, err
	}
	l.Used, err = parseTime(used)
	return l, err
}

// CountLoginLinks counts the links sent to email since then.
func (s *Store) CountLoginLinks(ctx context.Context, email string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM login_links WHERE email = ? AND created >= ?`, email, timeText(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: sign-in links: %w", err)
	}
	return n, nil
}

// UseLoginLink marks a link used and stores the session it opens.
func (s *Store) UseLoginLink(ctx context.Context, id string, at time.Time, sess eleader.StoredSession) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE login_links SET used = ? WHERE id = ? AND used = ''`, timeText(at), id)
	if err != nil {
		return fmt.Errorf("sqlite: sign-in link: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var used string
		err := tx.QueryRowContext(ctx, `SELECT used FROM login_links WHERE id = ?`, id).Scan(&used)
		if errors.Is(err, sql.ErrNoRows) {
			return eleader.Errorf(eleader.ENOTFOUND, "no sign-in link %s", id)
		}
		return eleader.Errorf(eleader.ECONFLICT, "the sign-in link %s was used already", id)
	}
	if err := addSession(ctx, tx, sess); err != nil {
		return err
	}
	return tx.Commit()
}

func addSession(ctx context.Context, db execer, sess eleader.StoredSession) error {
	_, err := db.ExecContext(ctx, `INSERT INTO sessions (id, hash, email, partner, token_id, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sess.ID, sess.Hash, sess.Email, sess.Partner, sess.TokenID, timeText(sess.Created), timeText(sess.Expires))
	if isConstraint(err) {
		return eleader.Errorf(eleader.ECONFLICT, "session %s exists", sess.ID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: session: %w", err)
	}
	return nil
}

// AddSession stores a web session.
func (s *Store) AddSession(ctx context.Context, sess eleader.StoredSession) error {
	return addSession(ctx, s.db, sess)
}

// Session returns a web session by ID.
func (s *Store) Session(ctx context.Context, id string) (eleader.StoredSession, error) {
	var sess eleader.StoredSession
	var created, expires string
	err := s.db.QueryRowContext(ctx, `SELECT id, hash, email, partner, token_id, created, expires FROM sessions WHERE id = ?`, id).
		Scan(&sess.ID, &sess.Hash, &sess.Email, &sess.Partner, &sess.TokenID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, eleader.Errorf(eleader.ENOTFOUND, "no session %s", id)
	}
	if err != nil {
		return sess, fmt.Errorf("sqlite: session: %w", err)
	}
	if sess.Created, err = parseTime(created); err != nil {
		return sess, err
	}
	sess.Expires, err = parseTime(expires)
	return sess, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("sqlite: session: %w", err)
	}
	return nil
}

// PurgeSessions deletes expired sessions and old sign-in links.
func (s *Store) PurgeSessions(ctx context.Context, now time.Time) (int, error) {
	a, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires <= ?`, timeText(now))
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge sessions: %w", err)
	}
	b, err := s.db.ExecContext(ctx, `DELETE FROM login_links WHERE expires <= ?`, timeText(now.Add(-24*time.Hour)))
	if err != nil {
		return 0, fmt.Errorf("sqlite: purge sign-in links: %w", err)
	}
	na, _ := a.RowsAffected()
	nb, _ := b.RowsAffected()
	return int(na + nb), nil
}

func recordAction(ctx context.Context, db execer, a *eleader.ActionRecord) error {
	res, err := db.ExecContext(ctx, `INSERT INTO actions (at, by, action, partner, person, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		timeText(a.At), a.By, a.Action, a.Partner, a.Person, a.Detail)
	if err != nil {
		return fmt.Errorf("sqlite: action: %w", err)
	}
	a.ID, err = res.LastInsertId()
	return err
}

// RecordAction appends an action.
func (s *Store) RecordAction(ctx context.Context, a *eleader.ActionRecord) error {
	return recordAction(ctx, s.db, a)
}

// Actions returns the actions f selects, most recent first.
func (s *Store) Actions(ctx context.Context, f eleader.ActionFilter) ([]eleader.ActionRecord, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, by, action, partner, person, detail FROM actions
		WHERE (?1 = '' OR partner = ?1) AND (?2 = '' OR person = ?2 OR by = ?2) ORDER BY id DESC LIMIT ?3`, f.Partner, f.Person, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: actions: %w", err)
	}
	defer rows.Close()
	var out []eleader.ActionRecord
	for rows.Next() {
		var a eleader.ActionRecord
		var at string
		if err := rows.Scan(&a.ID, &at, &a.By, &a.Action, &a.Partner, &a.Person, &a.Detail); err != nil {
			return nil, fmt.Errorf("sqlite: actions: %w", err)
		}
		if a.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeletePartner deletes a partner read at version, with what hangs on it.
func (s *Store) DeletePartner(ctx context.Context, id string, version int64, a *eleader.ActionRecord) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	var current int64
	err = tx.QueryRowContext(ctx, `SELECT version FROM partners WHERE id = ?`, id).Scan(&current)
	if errors.Is(err, sql.ErrNoRows) {
		return eleader.Errorf(eleader.ENOTFOUND, "no partner %s", id)
	}
	if err != nil {
		return fmt.Errorf("sqlite: delete partner %s: %w", id, err)
	}
	if current != version {
		return eleader.Errorf(eleader.ECONFLICT, "partner %s changed meanwhile: read it again and retry", id)
	}
	for _, q := range []string{
		`DELETE FROM sessions WHERE partner = ?`, `DELETE FROM tokens WHERE partner = ?`, `DELETE FROM partner_history WHERE partner = ?`,
		`DELETE FROM partner_operators WHERE partner = ?`, `DELETE FROM partners WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: delete partner %s: %w", id, err)
		}
	}
	if a != nil {
		if err := recordAction(ctx, tx, a); err != nil {
			return err
		}
	}
	return tx.Commit()
}
