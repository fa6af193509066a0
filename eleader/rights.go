package eleader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// personKey is the context key of the person acting.
type personKey struct{}

// NewContextWithPerson returns a context saying that p acts: the service's
// functions called with it judge p's rights (Person.May, Person.MayOperate)
// and the transition table's role (a partner's person edits as
// RolePartner), and record p's email in the histories. A context without a
// person is E#L's own: the command line, the runs.
func NewContextWithPerson(ctx context.Context, p *Person) context.Context {
	return context.WithValue(ctx, personKey{}, p)
}

// PersonFromContext returns the person acting, or nil for E#L itself.
func PersonFromContext(ctx context.Context) *Person {
	p, _ := ctx.Value(personKey{}).(*Person)
	return p
}

// mayPartner checks the right of the person acting, if any, on a partner.
func mayPartner(ctx context.Context, partner string, need Right) error {
	if p := PersonFromContext(ctx); p != nil {
		return p.May(partner, need)
	}
	return nil
}

// mayOperate checks that the person acting, if any, is an operator.
func mayOperate(ctx context.Context) error {
	if p := PersonFromContext(ctx); p != nil {
		return p.MayOperate()
	}
	return nil
}

// roleOf is the role of the transition table of whoever acts: a person in
// the portal is a partner's, anyone else E#L.
func roleOf(ctx context.Context) Role {
	if PersonFromContext(ctx) != nil {
		return RolePartner
	}
	return RoleEL
}

// actor returns who the histories record: the person acting, or who.
func actor(ctx context.Context, who string) string {
	if p := PersonFromContext(ctx); p != nil {
		return p.Email
	}
	return by(who)
}

// logBy is who, fit for the logs: a person's email (personal data) becomes
// a pseudonym, the same for the same email.
func logBy(who string) string {
	if !strings.Contains(who, "@") {
		return who
	}
	sum := sha256.Sum256([]byte(who))
	return "person:" + hex.EncodeToString(sum[:5])
}

// emailLike matches what looks like an email address in a message.
var emailLike = regexp.MustCompile(`[^\s<>"',;:()\[\]]+@[^\s<>"',;:()\[\]]+`)

// scrub hides the email addresses of a message bound for the logs (a
// mailer's error may quote its recipients).
func scrub(msg string) string { return emailLike.ReplaceAllString(msg, "[adresse]") }

// visible keeps the partners the person acting, if any, may consult.
func visible(ctx context.Context, ps []*Partner) []*Partner {
	p := PersonFromContext(ctx)
	if p == nil || p.Operator {
		return ps
	}
	return slices.DeleteFunc(ps, func(x *Partner) bool { return p.May(x.ID(), RightConsultation) != nil })
}

// checkRight checks a right's value.
func checkRight(r Right) error {
	if !slices.Contains(Rights, r) {
		return Errorf(EINVALID, "right: %q is not a right (want consultation or modification)", string(r))
	}
	return nil
}

// GrantResult is the outcome of GrantRight.
type GrantResult struct {
	Person *Person
	// Changed is false when the person already had that right: nothing was
	// written.
	Changed bool
	// Invited reports that the person was told by email; InviteError says
	// why not, when the service could not send it.
	Invited     bool
	InviteError string
}

// GrantRight gives the person of email the right r on partner, creating
// the person if needed, and records it (who did it, when). The partner
// need not exist: a person with RightModification creates its sheet in the
// portal. When the service sends emails (Outbox) and knows the portal's
// address, the person is told by email, which carries no secret. Only an
// operator grants rights (errors: EFORBIDDEN; EINVALID for a bad email,
// identifier or right).
func (s *Service) GrantRight(ctx context.Context, email, partner string, r Right, who string) (GrantResult, error) {
	if err := mayOperate(ctx); err != nil {
		return GrantResult{}, err
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return GrantResult{}, err
	}
	partner = strings.TrimSpace(partner)
	if !importer.ValidPartner(partner) {
		return GrantResult{}, Errorf(EINVALID, "partner: %q is not an identifier: 2 to 63 characters, a-z 0-9 _ and -, starting with a letter or digit", partner)
	}
	if err := checkRight(r); err != nil {
		return GrantResult{}, err
	}
	p, err := s.personOrNew(ctx, email)
	if err != nil {
		return GrantResult{}, err
	}
	old := p.Rights[partner]
	if old == r {
		return GrantResult{Person: p}, nil
	}
	p.Rights[partner] = r
	detail := string(r)
	if old != "" {
		detail += " (was " + string(old) + ")"
	}
	now := s.now()
	p.Updated = now
	a := &ActionRecord{At: now, By: actor(ctx, who), Action: ActionGrant, Partner: partner, Person: email, Detail: detail}
	if err := s.Store.SavePerson(ctx, PersonUpdate{Person: p, Action: a}); err != nil {
		return GrantResult{}, err
	}
	s.logger().Info("right granted", "partner", partner, "right", r, "person", logBy(email), "by", logBy(a.By))
	res := GrantResult{Person: p, Changed: true}
	if err := s.sendInvitation(ctx, p, partner, r, a.By); err != nil {
		res.InviteError = err.Error()
		s.logger().Warn("invitation not sent", "partner", partner, "person", logBy(email), "error", scrub(err.Error()))
	} else {
		res.Invited = s.canMail()
	}
	return res, nil
}

// personOrNew returns the person of email, or a new one to create.
func (s *Service) personOrNew(ctx context.Context, email string) (*Person, error) {
	p, err := s.Store.Person(ctx, email)
	if ErrorCode(err) == ENOTFOUND {
		now := s.now()
		return &Person{Email: email, Rights: map[string]Right{}, Created: now, Updated: now}, nil
	}
	if err != nil {
		return nil, err
	}
	return p.clone(), nil
}

// RevokeRight takes a person's right on partner away; their sessions see
// it at their next request. The person stays (RemovePerson removes them).
// Only an operator revokes rights; a right the person does not have is
// ENOTFOUND.
func (s *Service) RevokeRight(ctx context.Context, email, partner, who string) (*Person, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	p, err := s.Store.Person(ctx, email)
	if err != nil {
		return nil, err
	}
	p = p.clone()
	old, ok := p.Rights[partner]
	if !ok {
		return nil, Errorf(ENOTFOUND, "%s has no right on %s", email, partner)
	}
	delete(p.Rights, partner)
	now := s.now()
	p.Updated = now
	a := &ActionRecord{At: now, By: actor(ctx, who), Action: ActionRevoke, Partner: partner, Person: email, Detail: string(old)}
	if err := s.Store.SavePerson(ctx, PersonUpdate{Person: p, Action: a}); err != nil {
		return nil, err
	}
	s.logger().Info("right revoked", "partner", partner, "person", logBy(email), "by", logBy(a.By))
	return p, nil
}

// SetOperator gives (operator true, creating the person if needed) or takes
// away the operator role. Only an operator — or E#L's command line — does;
// an operator cannot take their own role away (someone must stay).
func (s *Service) SetOperator(ctx context.Context, email string, operator bool, who string) (*Person, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	if me := PersonFromContext(ctx); me != nil && me.Email == email && !operator {
		return nil, Errorf(ECONFLICT, "%s cannot take their own operator role away: ask another operator", email)
	}
	p, err := s.personOrNew(ctx, email)
	if err != nil {
		return nil, err
	}
	if p.Version == 0 && !operator {
		return nil, Errorf(ENOTFOUND, "no person %s", email)
	}
	if p.Operator == operator {
		return p, nil
	}
	p.Operator = operator
	now := s.now()
	p.Updated = now
	detail := "yes"
	if !operator {
		detail = "no"
	}
	a := &ActionRecord{At: now, By: actor(ctx, who), Action: ActionOperator, Person: email, Detail: detail}
	if err := s.Store.SavePerson(ctx, PersonUpdate{Person: p, Action: a}); err != nil {
		return nil, err
	}
	s.logger().Info("operator role changed", "person", logBy(email), "operator", operator, "by", logBy(a.By))
	return p, nil
}

// RemovePerson removes a person with their rights: their sessions end at
// once and their sign-in links stop working. Only an operator removes
// people, and not themselves; an unknown person is ENOTFOUND.
func (s *Service) RemovePerson(ctx context.Context, email, who string) error {
	if err := mayOperate(ctx); err != nil {
		return err
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	if me := PersonFromContext(ctx); me != nil && me.Email == email {
		return Errorf(ECONFLICT, "%s cannot remove themselves: ask another operator", email)
	}
	p, err := s.Store.Person(ctx, email)
	if err != nil {
		return err
	}
	now := s.now()
	a := &ActionRecord{At: now, By: actor(ctx, who), Action: ActionRemove, Person: email, Detail: rightsText(p)}
	if err := s.Store.SavePerson(ctx, PersonUpdate{Person: p, Remove: true, Action: a}); err != nil {
		return err
	}
	s.logger().Info("person removed", "person", logBy(email), "by", logBy(a.By))
	return nil
}

// rightsText lists a person's rights, "adie:modification, bge:consultation".
func rightsText(p *Person) string {
	var parts []string
	for _, id := range p.Partners() {
		parts = append(parts, id+":"+string(p.Rights[id]))
	}
	if p.Operator {
		parts = append(parts, "operator")
	}
	return strings.Join(parts, ", ")
}

// Person returns a person with their rights: the person acting themselves,
// or anyone for an operator; ENOTFOUND when none.
func (s *Service) Person(ctx context.Context, email string) (*Person, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	if me := PersonFromContext(ctx); me != nil && me.Email != email {
		if err := me.MayOperate(); err != nil {
			return nil, err
		}
	}
	return s.Store.Person(ctx, email)
}

// People returns every person (partner "") or those with a right on
// partner, by email. Only operators list people.
func (s *Service) People(ctx context.Context, partner string) ([]*Person, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	return s.Store.People(ctx, partner)
}

// Actions returns the actions recorded that f selects, most recent first.
// Only operators read them.
func (s *Service) Actions(ctx context.Context, f ActionFilter) ([]ActionRecord, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	return s.Store.Actions(ctx, f)
}

// modifiers returns the people with the right modification on partner.
func (s *Service) modifiers(ctx context.Context, partner string) ([]*Person, error) {
	people, err := s.Store.People(ctx, partner)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(people, func(p *Person) bool { return p.Right(partner) != RightModification }), nil
}

// SheetsToCreate returns the identifiers on which the person acting has
// the right modification and that have no connection sheet yet: the sheets
// they may create. Without a person, nil.
func (s *Service) SheetsToCreate(ctx context.Context) ([]string, error) {
	me := PersonFromContext(ctx)
	if me == nil {
		return nil, nil
	}
	var out []string
	for _, id := range me.Partners() {
		if me.Right(id) != RightModification {
			continue
		}
		_, err := s.Store.Partner(ctx, id)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			out = append(out, id)
		case err != nil:
			return nil, err
		}
	}
	return out, nil
}

// DeletePartner deletes a draft sheet (BROUILLON) with its history: its
// identifier and operator codes are free again; the deletion is recorded
// as an action. Any other status is ECONFLICT (CanDelete); the person
// acting needs the right modification.
func (s *Service) DeletePartner(ctx context.Context, id, who string) error {
	if err := mayPartner(ctx, id, RightModification); err != nil {
		return err
	}
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return err
	}
	if !CanDelete(p.Status) {
		return Errorf(ECONFLICT, "the connection sheet of %s is %s: only a %s sheet is deleted", id, p.Status, StatusDraft)
	}
	a := &ActionRecord{At: s.now(), By: actor(ctx, who), Action: ActionDeleteDraft, Partner: id, Detail: p.Sheet.Name}
	if err := s.Store.DeletePartner(ctx, id, p.Version, a); err != nil {
		return err
	}
	s.logger().Info("draft sheet deleted", "partner", id, "by", logBy(a.By))
	return nil
}

// Reports returns the latest reports of one partner (or all when ""),
// most recent first, for E#L: only operators read them here (a partner
// reads its own through PartnerReport).
func (s *Service) Reports(ctx context.Context, partner string, limit int) ([]Report, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	return s.Store.Reports(ctx, partner, limit)
}

// Report returns one report, for E#L: only operators read any report.
func (s *Service) Report(ctx context.Context, id int64) (*Report, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	r, err := s.Store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ResendReport makes a report due again at once (E#L's resend, also of a
// report given up) and records who asked. The outbox sends it at its next
// delivery. Only operators resend; an unknown report is ENOTFOUND.
func (s *Service) ResendReport(ctx context.Context, id int64, who string) error {
	if err := mayOperate(ctx); err != nil {
		return err
	}
	r, err := s.Store.Report(ctx, id)
	if err != nil {
		return err
	}
	now := s.now()
	if err := s.Store.Requeue(ctx, id, now); err != nil {
		return err
	}
	a := &ActionRecord{At: now, By: actor(ctx, who), Action: ActionResend, Partner: r.Partner, Detail: fmt.Sprintf("report %d (%s)", id, r.File)}
	if err := s.Store.RecordAction(ctx, a); err != nil {
		return err
	}
	s.logger().Info("report requeued", "report", id, "partner", r.Partner, "by", logBy(a.By))
	return nil
}
