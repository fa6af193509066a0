package eleader

import (
	"context"
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Right is what a person may do with a partner's connection sheet in the
// portal, as seed 004's "Consultation" and "Modification".
type Right string

// The rights of a person on a partner.
const (
	// RightConsultation reads the sheet, its history, its certificate's
	// analysis, and exports it.
	RightConsultation Right = "consultation"
	// RightModification also creates the sheet, edits it, submits it,
	// deletes a draft, reveals and renews the partner's token.
	RightModification Right = "modification"
)

// Rights lists the rights, weakest first.
var Rights = []Right{RightConsultation, RightModification}

// covers reports whether holding r allows what need asks.
func (r Right) covers(need Right) bool {
	switch r {
	case RightModification:
		return need == RightModification || need == RightConsultation
	case RightConsultation:
		return need == RightConsultation
	}
	return false
}

// Person is someone who signs in to E#L's portal or console with a link
// sent to their email: a partner's technical manager, with rights on one
// or more partners, or an E#L operator.
type Person struct {
	// Email identifies the person: lower case, as NormalizeEmail leaves it.
	Email string `json:"email"`
	// Operator marks E#L's operators: they use the console.
	Operator bool `json:"operator"`
	// Rights maps partner identifiers to the person's right on each. The
	// partner need not exist yet: a person with RightModification on an
	// identifier creates its sheet.
	Rights  map[string]Right `json:"rights"`
	Created time.Time        `json:"created"`
	Updated time.Time        `json:"updated"`
	// Version counts the person's changes; stores refuse a change made on
	// a stale copy.
	Version int64 `json:"version"`
}

// Right returns the person's right on partner, "" when none.
func (p *Person) Right(partner string) Right { return p.Rights[partner] }

// Partners returns the identifiers the person has a right on, sorted.
func (p *Person) Partners() []string { return slices.Sorted(maps.Keys(p.Rights)) }

// May returns nil when the person may act on partner as need asks. A
// person without any right on partner gets an *Error ENOTFOUND, as for a
// partner that does not exist (a person never learns of other partners);
// a person whose right is consultation, asked for modification, gets an
// *Error EFORBIDDEN. An operator may consult every partner.
func (p *Person) May(partner string, need Right) error {
	r := p.Rights[partner]
	if r.covers(need) || (p.Operator && need == RightConsultation) {
		return nil
	}
	if r == "" {
		return Errorf(ENOTFOUND, "no partner %s", partner)
	}
	return &Error{Code: EFORBIDDEN, Err: ErrRightTooWeak, Message: fmt.Sprintf("%s has the right %s on %s: this needs the right %s", p.Email, r, partner, need)}
}

// The causes of an EFORBIDDEN, for errors.Is: a page says in its own words
// what the person lacks.
var (
	// ErrRightTooWeak: the person's right (consultation) does not allow it.
	ErrRightTooWeak = errorString("the person's right does not allow it")
	// ErrNotOperator: the person is not an E#L operator.
	ErrNotOperator = errorString("not an E#L operator")
	// ErrELOnly: the transition table gives that move to E#L only.
	ErrELOnly = errorString("a move for E#L only")
)

// MayOperate returns nil for an E#L operator, an *Error EFORBIDDEN for
// anyone else.
func (p *Person) MayOperate() error {
	if p.Operator {
		return nil
	}
	return &Error{Code: EFORBIDDEN, Err: ErrNotOperator, Message: fmt.Sprintf("%s is not an E#L operator: the console is for E#L's operators", p.Email)}
}

// clone returns a copy of p whose rights can be changed.
func (p *Person) clone() *Person {
	c := *p
	c.Rights = maps.Clone(p.Rights)
	if c.Rights == nil {
		c.Rights = map[string]Right{}
	}
	return &c
}

// NormalizeEmail returns an email address as E#L keeps it: trimmed, lower
// case. It is an *Error EINVALID when s is not a plain address
// (name@domain, no display name, at most 254 characters).
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", &Error{Code: EINVALID, Err: ErrBadEmail, Message: "email: " + quoteShort(s) + " is not an email address (name@domain.example)"}
	}
	return s, nil
}

// ErrBadEmail is the cause of NormalizeEmail's errors.
var ErrBadEmail = errorString("not an email address")

type errorString string

func (e errorString) Error() string { return string(e) }

// quoteShort quotes s, cut to 80 characters.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return `"` + s + `"`
}

// PersonUpdate is one change of a person, written at once with the action
// that records it.
type PersonUpdate struct {
	// Person is the new state, rights included. Its Version is the version
	// it was read at (0 to create it); the store refuses the change with
	// ECONFLICT when the person exists (to create) or changed meanwhile,
	// and sets the new version.
	Person *Person
	// Remove deletes the person instead, with its rights, its sessions and
	// its sign-in links: its sessions end at once.
	Remove bool
	// Action, if not nil, is recorded in the same transaction.
	Action *ActionRecord
}

// LoginLink is a one-time sign-in link as a store keeps it: its public ID
// and the SHA-256 of the whole link secret, never the secret.
type LoginLink struct {
	ID    string
	Email string
	Hash  []byte
	// Next is the page to open once signed in ("" for the default).
	Next    string
	Created time.Time
	Expires time.Time
	Used    time.Time // zero until used
}

// StoredSession is a web session as a store keeps it: its public ID and
// the SHA-256 of the whole cookie value. A person's session has Email; a
// session opened with a partner's token has Partner and TokenID.
type StoredSession struct {
	ID      string
	Hash    []byte
	Email   string
	Partner string
	TokenID string
	Created time.Time
	Expires time.Time
}

// ActionRecord is one action recorded for E#L: who did what, to which
// partner or person, when. Sheet changes go to the partner's history; the
// actions record the rest (rights given and taken, people removed, reports
// resent, drafts deleted, sign-ins).
type ActionRecord struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Action  string    `json:"action"`
	Partner string    `json:"partner,omitempty"`
	Person  string    `json:"person,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// The actions recorded.
const (
	ActionGrant       = "grant"        // a right given (Detail: the right)
	ActionRevoke      = "revoke"       // a right taken
	ActionOperator    = "operator"     // the operator role given (Detail "yes") or taken ("no")
	ActionRemove      = "remove"       // a person removed
	ActionSignIn      = "sign_in"      // a person signed in
	ActionResend      = "resend"       // a report sent again (Detail: its ID)
	ActionDeleteDraft = "delete_draft" // a draft sheet deleted
)

// ActionFilter selects recorded actions.
type ActionFilter struct {
	// Partner, if not "", selects the actions on that partner.
	Partner string
	// Person, if not "", selects the actions on that person, or by them.
	Person string
	// Limit is the most returned; 0 means 100.
	Limit int
}

// TokenReveal says that a partner's token waits to be revealed in the
// portal: its sheet was activated (Since, by By) for a partner with people
// holding the right modification. No token exists until one of them
// reveals it: the store never holds a token in clear.
type TokenReveal struct {
	Since time.Time `json:"since"`
	By    string    `json:"by"`
}

// PeopleStore keeps people, their rights, their sign-in links and web
// sessions, and the actions recorded. Store embeds it.
type PeopleStore interface {
	// SavePerson writes one change of a person atomically (see
	// PersonUpdate).
	SavePerson(ctx context.Context, u PersonUpdate) error
	// Person returns a person with their rights; ENOTFOUND when none.
	Person(ctx context.Context, email string) (*Person, error)
	// People returns, by email, every person (partner "") or those with a
	// right on partner.
	People(ctx context.Context, partner string) ([]*Person, error)

	// AddLoginLink stores a new sign-in link.
	AddLoginLink(ctx context.Context, l LoginLink) error
	// LoginLink returns a link by its ID; ENOTFOUND when none.
	LoginLink(ctx context.Context, id string) (LoginLink, error)
	// CountLoginLinks counts the links sent to email since then.
	CountLoginLinks(ctx context.Context, email string, since time.Time) (int, error)
	// UseLoginLink marks a link used at at and stores the session it
	// opens, atomically: a link already used is ECONFLICT and opens
	// nothing; an unknown link is ENOTFOUND.
	UseLoginLink(ctx context.Context, id string, at time.Time, s StoredSession) error

	// AddSession stores a new web session.
	AddSession(ctx context.Context, s StoredSession) error
	// Session returns a session by its ID; ENOTFOUND when none (or ended).
	Session(ctx context.Context, id string) (StoredSession, error)
	// DeleteSession ends a session at once; an unknown one is fine.
	DeleteSession(ctx context.Context, id string) error
	// PurgeSessions deletes the sessions expired at now, and the sign-in
	// links expired a day before now, and returns how many it deleted.
	PurgeSessions(ctx context.Context, now time.Time) (int, error)

	// RecordAction appends an action and sets its ID.
	RecordAction(ctx context.Context, a *ActionRecord) error
	// Actions returns the actions f selects, most recent first.
	Actions(ctx context.Context, f ActionFilter) ([]ActionRecord, error)

	// DeletePartner deletes a partner read at version — its sheet, history,
	// operator codes, tokens and token sessions — and records a in the
	// same transaction. A partner changed meanwhile is ECONFLICT, an
	// unknown one ENOTFOUND. The rights people hold on its identifier stay.
	DeletePartner(ctx context.Context, id string, version int64, a *ActionRecord) error
}
