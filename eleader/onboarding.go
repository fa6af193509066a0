package eleader

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// PartnerUpdate is one change of a partner, written at once: its new state,
// a history entry, a token issued (revoking the partner's others) or all its
// tokens revoked.
type PartnerUpdate struct {
	// Partner is the new state. Its Version is the version it was read at (0
	// to create it); the store refuses the change with ECONFLICT when the
	// partner changed meanwhile, and sets the new version.
	Partner *Partner
	// Transition, if not nil, is appended to the history.
	Transition *Transition
	// Token, if not nil, is stored; the partner's other tokens are revoked.
	Token *StoredToken
	// RevokeTokens revokes every token of the partner.
	RevokeTokens bool
}

// PartnerFilter selects partners; empty fields select all.
type PartnerFilter struct {
	// Partner matches identifiers containing it.
	Partner     string
	Status      SheetStatus
	Environment Environment
	Channel     Channel
	// Qualified, if not nil, selects the partners that passed a
	// qualification (true) or did not (false).
	Qualified *bool
}

// Match reports whether p passes the filter.
func (f PartnerFilter) Match(p *Partner) bool {
	return strings.Contains(p.ID(), f.Partner) &&
		(f.Status == "" || p.Status == f.Status) &&
		(f.Environment == "" || p.Sheet.Environment == f.Environment) &&
		(f.Channel == "" || p.Sheet.HasChannel(normalizeChannel(f.Channel))) &&
		(f.Qualified == nil || *f.Qualified == p.Qualified())
}

// by names who acts, for the history.
func by(who string) string {
	if who == "" {
		return "eleader"
	}
	return who
}

// checkSheetID checks what even a draft must respect: a valid identifier,
// and no private key in the certificate field (it would be kept, and
// exported).
func (s *Service) checkSheetID(sheet *ConnectionSheet) error {
	sheet.normalize()
	if !importer.ValidPartner(sheet.Partner) {
		return Errorf(EINVALID, "partner: %q is not an identifier: 2 to 63 characters, a-z 0-9 _ and -, starting with a letter or digit", sheet.Partner)
	}
	if strings.Contains(sheet.Certificate, "PRIVATE KEY") {
		return Errorf(EINVALID, "certificate: the file holds a private key: send only the certificate and its chain, and keep the key secret")
	}
	return nil
}

// CreatePartner records a new partner's connection sheet as a draft
// (BROUILLON). A draft may be incomplete: the problems to fix before
// submitting come back as SheetErrors; only a bad identifier, an identifier
// or operator code already taken, a certificate on another partner's sheet
// refuse the creation. A person acting needs the right modification on the
// identifier.
func (s *Service) CreatePartner(ctx context.Context, sheet ConnectionSheet, who string) (*Partner, SheetErrors, error) {
	if err := s.checkSheetID(&sheet); err != nil {
		return nil, nil, err
	}
	if err := mayPartner(ctx, sheet.Partner, RightModification); err != nil {
		return nil, nil, err
	}
	who = actor(ctx, who)
	if err := s.CheckCertificateFree(ctx, sheet.Partner, sheet.Certificate); err != nil {
		return nil, nil, err
	}
	now := s.now()
	todo := sheetErrors(sheet.Validate(s.matrice(), now))
	p := &Partner{Sheet: sheet, Status: StatusDraft, Created: now, Updated: now}
	err := s.Store.SavePartner(ctx, PartnerUpdate{Partner: p, Transition: &Transition{At: now, By: by(who), To: StatusDraft, Comment: "created"}})
	if err != nil {
		return nil, nil, err
	}
	s.logger().Info("partner created", "partner", p.ID(), "by", logBy(who))
	return p, todo, nil
}

// CheckSheet returns what a sheet must fix before it is submitted (or
// saved, when it is not a draft), judged now with the service's matrice;
// nil when it is complete and valid. It changes nothing.
func (s *Service) CheckSheet(sheet ConnectionSheet) SheetErrors {
	sheet = cloneSheet(sheet)
	return sheetErrors(sheet.Validate(s.matrice(), s.now()))
}

// OperatorTakenError is the cause of a store's ECONFLICT when an operator
// code of a sheet is another partner's.
type OperatorTakenError struct {
	Code, Partner string
}

func (e *OperatorTakenError) Error() string {
	return fmt.Sprintf("operators: operator code %s is already %s's", e.Code, e.Partner)
}

// OperatorTaken returns the *Error ECONFLICT a store gives when operator
// code code is partner's already.
func OperatorTaken(code, partner string) *Error {
	e := &OperatorTakenError{Code: code, Partner: partner}
	return &Error{Code: ECONFLICT, Err: e, Message: e.Error()}
}

func sheetErrors(err error) SheetErrors {
	var errs SheetErrors
	errors.As(err, &errs)
	return errs
}

// invalidSheet turns sheet errors into an *Error EINVALID naming each field.
func invalidSheet(id string, errs SheetErrors) error {
	return Errorf(EINVALID, "%s: %v", id, errs)
}

// EditPartner changes a partner's sheet with edit. A draft stays a draft
// (problems come back as SheetErrors); a submitted sheet must stay valid; an
// active sheet becomes ENVOYEE_MAJ until processed again (its token stops
// working meanwhile); a deactivated sheet is edited in place and stays
// DESACTIVEE (E#L puts a production sheet without a qualification back in
// qualification that way, then reactivates it). Who may edit in which
// status is the transition table's (CanMoveAs): a person acting needs the
// right modification, and edits as RolePartner.
func (s *Service) EditPartner(ctx context.Context, id string, edit func(*ConnectionSheet) error, who, comment string) (*Partner, SheetErrors, error) {
	if err := mayPartner(ctx, id, RightModification); err != nil {
		return nil, nil, err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	to := EditStatus(p.Status)
	if err := checkMove(id, p.Status, to, roleOf(ctx)); err != nil {
		return nil, nil, err
	}
	sheet := cloneSheet(p.Sheet)
	if err := edit(&sheet); err != nil {
		return nil, nil, Errorf(EINVALID, "%v", err)
	}
	if err := s.checkSheetID(&sheet); err != nil {
		return nil, nil, err
	}
	if sheet.Partner != id {
		return nil, nil, Errorf(EINVALID, "partner: the identifier of %s cannot change (create a new partner instead)", id)
	}
	if err := s.CheckCertificateFree(ctx, sheet.Partner, sheet.Certificate); err != nil {
		return nil, nil, err
	}
	now := s.now()
	todo := sheetErrors(sheet.Validate(s.matrice(), now))
	if len(todo) > 0 && p.Status != StatusDraft {
		return nil, nil, invalidSheet(id, todo)
	}
	from := p.Status
	p.Sheet, p.Status, p.Updated = sheet, to, now
	if comment == "" {
		comment = "edited"
	}
	err = s.Store.SavePartner(ctx, PartnerUpdate{Partner: p, Transition: &Transition{At: now, By: by(who), From: from, To: to, Comment: comment}})
	if err != nil {
		return nil, nil, err
	}
	return p, todo, nil
}

func cloneSheet(s ConnectionSheet) ConnectionSheet {
	s.Operators = slices.Clone(s.Operators)
	s.Channels = slices.Clone(s.Channels)
	s.ReportRecipients = slices.Clone(s.ReportRecipients)
	s.Correspondences = slices.Clone(s.Correspondences)
	s.SSHKeys = slices.Clone(s.SSHKeys)
	return s
}

// SubmitPartner sends a draft for processing (BROUILLON → ENVOYEE). The
// sheet must be complete and valid: otherwise an *Error EINVALID names every
// field to fix. A person acting needs the right modification.
func (s *Service) SubmitPartner(ctx context.Context, id, who string) (*Partner, error) {
	if err := mayPartner(ctx, id, RightModification); err != nil {
		return nil, err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusDraft {
		return nil, Errorf(ECONFLICT, "the connection sheet of %s cannot go from %s to %s: only a BROUILLON sheet is submitted (an edit of a submitted sheet needs no new submission)", id, p.Status, StatusSent)
	}
	now := s.now()
	if errs := sheetErrors(p.Sheet.Validate(s.matrice(), now)); len(errs) > 0 {
		return nil, invalidSheet(id, errs)
	}
	if err := checkMove(id, p.Status, StatusSent, roleOf(ctx)); err != nil {
		return nil, err
	}
	return p, s.move(ctx, p, StatusSent, who, "submitted", nil)
}

// move changes a partner's status, recording the transition.
func (s *Service) move(ctx context.Context, p *Partner, to SheetStatus, who, comment string, tok *StoredToken) error {
	if err := checkMove(p.ID(), p.Status, to, RoleEL); err != nil {
		return err
	}
	now := s.now()
	t := &Transition{At: now, By: by(who), From: p.Status, To: to, Comment: comment}
	p.Status, p.Updated = to, now
	if err := s.Store.SavePartner(ctx, PartnerUpdate{Partner: p, Transition: t, Token: tok}); err != nil {
		return err
	}
	s.logger().Info("partner status changed", "partner", p.ID(), "from", t.From, "to", to, "by", logBy(t.By))
	return nil
}

// note records a history entry that changes no status.
func (s *Service) note(ctx context.Context, p *Partner, who, comment string, u PartnerUpdate) error {
	now := s.now()
	p.Updated = now
	u.Partner = p
	u.Transition = &Transition{At: now, By: by(who), From: p.Status, To: p.Status, Comment: comment}
	return s.Store.SavePartner(ctx, u)
}

// Activation is the outcome of processing one submitted sheet.
type Activation struct {
	Partner string      `json:"partner"`
	Status  SheetStatus `json:"status"`
	// Token is the new token, shown this once, when the activation issued
	// one (a first activation of a partner without people); "" otherwise.
	Token string `json:"token,omitempty"`
	// Reveal reports that the new token waits to be revealed in the portal
	// by the partner's people with the right modification (Notified of
	// them were emailed): no token exists until one of them does.
	Reveal   bool `json:"reveal,omitempty"`
	Notified int  `json:"notified,omitempty"`
	// Refused says why the sheet was not activated, "" when it was.
	Refused string `json:"refused,omitempty"`
}

// ProcessPartners is the automatic activation step (run on demand and at
// each daily run): each submitted sheet (ENVOYEE, ENVOYEE_MAJ) of partner id,
// or of every partner when id is "", is activated when it is complete and
// valid, its certificate is in force, and — for production — a
// qualification import passed. A first activation issues the partner's
// token — or, for a partner with people holding the right modification,
// leaves it to be revealed by one of them in the portal (they are emailed
// that it is ready; the token is never sent). A sheet that cannot be
// activated stays as it is, with the reason in its history. A person
// acting must be an operator.
func (s *Service) ProcessPartners(ctx context.Context, id, who string) ([]Activation, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	who = actor(ctx, who)
	var partners []*Partner
	if id != "" {
		p, err := s.Store.Partner(ctx, id)
		if err != nil {
			return nil, err
		}
		partners = []*Partner{p}
	} else {
		var err error
		if partners, err = s.Store.Partners(ctx, PartnerFilter{}); err != nil {
			return nil, err
		}
	}
	out := []Activation{}
	for _, p := range partners {
		if p.Status != StatusSent && p.Status != StatusSentUpdate {
			if id != "" {
				return nil, Errorf(ECONFLICT, "the connection sheet of %s cannot go from %s to %s by processing: only ENVOYEE and ENVOYEE_MAJ sheets are processed", id, p.Status, StatusActive)
			}
			continue
		}
		a, err := s.activate(ctx, p, who, "activated")
		if err != nil {
			return out, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ProcessPartner processes one submitted sheet (ENVOYEE, ENVOYEE_MAJ) as
// ProcessPartners does, with comment in its history (default
// "activated"): the console's "Traiter". A person acting must be an
// operator; a sheet in another status is ECONFLICT.
func (s *Service) ProcessPartner(ctx context.Context, id, who, comment string) (Activation, error) {
	if err := mayOperate(ctx); err != nil {
		return Activation{}, err
	}
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return Activation{}, err
	}
	if p.Status != StatusSent && p.Status != StatusSentUpdate {
		return Activation{}, Errorf(ECONFLICT, "the connection sheet of %s cannot go from %s to %s by processing: only ENVOYEE and ENVOYEE_MAJ sheets are processed", id, p.Status, StatusActive)
	}
	if comment == "" {
		comment = "activated"
	}
	return s.activate(ctx, p, actor(ctx, who), comment)
}

// activationBlock says why a sheet cannot be active now, or "".
func (s *Service) activationBlock(p *Partner) string { return s.activationBlockAt(p, s.now()) }

// activationBlockAt says why a sheet cannot be active, its certificate
// judged at at, or "".
func (s *Service) activationBlockAt(p *Partner, at time.Time) string {
	if errs := sheetErrors(p.Sheet.Validate(s.matrice(), at)); len(errs) > 0 {
		return errs.Error()
	}
	if p.Sheet.Environment == Production && !p.Qualified() {
		return "production needs a successful qualification import first (no file error, no rejected line): send a file in qualification"
	}
	return ""
}

// activate makes a partner active, issuing its first token, or records why
// it cannot be.
func (s *Service) activate(ctx context.Context, p *Partner, who, comment string) (Activation, error) {
	a := Activation{Partner: p.ID()}
	if why := s.activationBlock(p); why != "" {
		a.Status, a.Refused = p.Status, why
		return a, s.note(ctx, p, who, "not activated: "+why, PartnerUpdate{})
	}
	var tok *StoredToken
	var people []*Person
	if p.Token == nil || p.Token.Revoked {
		var err error
		if people, err = s.modifiers(ctx, p.ID()); err != nil {
			return a, err
		}
		if len(people) > 0 {
			// The token is drawn when one of them reveals it: until then,
			// none exists, in clear or otherwise.
			p.Reveal, a.Reveal = &TokenReveal{Since: s.now(), By: who}, true
		} else {
			plain, st, err := newToken(p.ID(), s.now())
			if err != nil {
				return a, err
			}
			a.Token, tok = plain, &st
		}
	}
	if err := s.move(ctx, p, StatusActive, who, comment, tok); err != nil {
		return a, err
	}
	a.Status = p.Status
	if a.Reveal {
		to := make([]string, len(people))
		for i, x := range people {
			to[i] = x.Email
		}
		s.tell(ctx, p, tokenReadyMessage(s.mailLang(), p, to, s.portalURL("/raccordements/fiches/"+p.ID()+"/jeton")), "token ready to be revealed in the portal")
		if s.canMail() {
			a.Notified = len(to)
		}
	}
	return a, nil
}

// DeactivatePartner stops a partner (→ DESACTIVEE): its token stops working.
// A person acting must be an operator.
func (s *Service) DeactivatePartner(ctx context.Context, id, who, comment string) (*Partner, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status == StatusDeactivated {
		return nil, Errorf(ECONFLICT, "the connection sheet of %s is already %s: there is nothing to deactivate", id, StatusDeactivated)
	}
	if comment == "" {
		comment = "deactivated"
	}
	return p, s.move(ctx, p, StatusDeactivated, who, comment, nil)
}

// ReactivatePartner brings a deactivated partner back (DESACTIVEE →
// ACTIVEE), on the same conditions as a first activation. A person acting
// must be an operator.
func (s *Service) ReactivatePartner(ctx context.Context, id, who, comment string) (Activation, error) {
	if err := mayOperate(ctx); err != nil {
		return Activation{}, err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return Activation{}, err
	}
	switch p.Status {
	case StatusDeactivated:
	case StatusActive:
		return Activation{}, Errorf(ECONFLICT, "the connection sheet of %s is already %s: there is nothing to reactivate", id, StatusActive)
	case StatusSent, StatusSentUpdate:
		return Activation{}, Errorf(ECONFLICT, "the connection sheet of %s is %s: only a DESACTIVEE sheet is reactivated, a submitted one goes to %s by processing (partners process)", id, p.Status, StatusActive)
	default:
		return Activation{}, Errorf(ECONFLICT, "the connection sheet of %s cannot go from %s to %s: only a DESACTIVEE sheet is reactivated", id, p.Status, StatusActive)
	}
	if comment == "" {
		comment = "reactivated"
	}
	return s.activate(ctx, p, who, comment)
}

// RotateToken issues a new token for an activated partner and revokes the
// old one (a token waiting to be revealed is dropped: this one replaces
// it). The new token is returned this once; the partner's other people
// with the right modification are told by email that it changed (never
// the token). A person acting needs the right modification.
func (s *Service) RotateToken(ctx context.Context, id, who string) (string, error) {
	if err := mayPartner(ctx, id, RightModification); err != nil {
		return "", err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return "", err
	}
	if p.Status == StatusDraft || p.Status == StatusSent {
		return "", Errorf(ECONFLICT, "the connection sheet of %s is %s: its first token comes with its activation", id, p.Status)
	}
	plain, st, err := newToken(id, s.now())
	if err != nil {
		return "", err
	}
	p.Reveal = nil
	if err := s.note(ctx, p, who, "token rotated: "+st.ID, PartnerUpdate{Token: &st}); err != nil {
		return "", err
	}
	s.logger().Info("partner token rotated", "partner", id, "token", st.ID, "by", logBy(who))
	if people, err := s.modifiers(ctx, id); err != nil {
		s.logger().Warn("telling of a rotation", "partner", id, "error", err)
	} else {
		var to []string
		for _, x := range people {
			if x.Email != who {
				to = append(to, x.Email)
			}
		}
		s.tell(ctx, p, tokenRenewedMessage(s.mailLang(), p, to, who, st.Issued, s.portalURL("/raccordements/fiches/"+id)), "token rotation told")
	}
	return plain, nil
}

// ErrNothingToReveal is the cause of RevealToken's ECONFLICT when no token
// waits to be revealed.
var ErrNothingToReveal = errorString("no token waits to be revealed")

// RevealToken draws the token waiting to be revealed for partner id (see
// TokenReveal), stores its hash, and returns it this once: it is never
// shown again, and the store never held it. A second call, or one when
// nothing waits, is an *Error ECONFLICT wrapping ErrNothingToReveal (two
// people revealing at once: one gets it). A person acting needs the right
// modification.
func (s *Service) RevealToken(ctx context.Context, id, who string) (string, error) {
	if err := mayPartner(ctx, id, RightModification); err != nil {
		return "", err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return "", err
	}
	nothing := &Error{Code: ECONFLICT, Err: ErrNothingToReveal,
		Message: fmt.Sprintf("no token waits to be revealed for %s: it was revealed already (see the history), or none was issued; renew the token if it is lost", id)}
	if p.Reveal == nil {
		return "", nothing
	}
	plain, st, err := newToken(id, s.now())
	if err != nil {
		return "", err
	}
	p.Reveal = nil
	err = s.note(ctx, p, who, "token revealed in the portal: "+st.ID, PartnerUpdate{Token: &st})
	if ErrorCode(err) == ECONFLICT {
		return "", nothing // another person revealed it meanwhile
	}
	if err != nil {
		return "", err
	}
	s.logger().Info("partner token revealed", "partner", id, "token", st.ID, "by", logBy(who))
	return plain, nil
}

// RevokeToken revokes a partner's token: it stops working at once. A
// person acting must be an operator.
func (s *Service) RevokeToken(ctx context.Context, id, who string) error {
	if err := mayOperate(ctx); err != nil {
		return err
	}
	who = actor(ctx, who)
	p, err := s.Store.Partner(ctx, id)
	if err != nil {
		return err
	}
	if p.Token == nil || p.Token.Revoked {
		return Errorf(ECONFLICT, "%s has no token in force", id)
	}
	if err := s.note(ctx, p, who, "token revoked: "+p.Token.ID, PartnerUpdate{RevokeTokens: true}); err != nil {
		return err
	}
	s.logger().Info("partner token revoked", "partner", id, "by", logBy(who))
	return nil
}

// The causes of an EUNAUTHORIZED from Authenticate, for errors.Is: an
// adapter can say in its own words what to fix.
var (
	ErrTokenMalformed = errors.New("token missing or malformed")
	ErrTokenUnknown   = errors.New("token unknown")
	ErrTokenRevoked   = errors.New("token revoked")
	ErrSheetInactive  = errors.New("connection sheet not active")
)

// Authenticate returns the partner a token belongs to. Only a token in
// force, of a partner whose sheet is ACTIVEE, authenticates; anything else
// is an *Error EUNAUTHORIZED saying why (never whose token it is), wrapping
// ErrTokenMalformed, ErrTokenUnknown, ErrTokenRevoked or ErrSheetInactive.
func (s *Service) Authenticate(ctx context.Context, token string) (*Partner, error) {
	id, ok := tokenID(token)
	if !ok {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrTokenMalformed,
			Message: "the token is missing or malformed: send Authorization: fmetoken token=TOKEN with the token E#L gave you"}
	}
	st, err := s.Store.Token(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !st.matches(token)) {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrTokenUnknown, Message: "the token is not valid"}
	}
	if err != nil {
		return nil, err
	}
	return s.tokenPartner(ctx, st)
}

// TokenInForce returns the partner of the token whose public ID is id, as
// Authenticate does once the secret has been checked: a web session keeps
// the ID of the token it was opened with, so that revoking the token or
// deactivating the sheet ends it at once.
func (s *Service) TokenInForce(ctx context.Context, id string) (*Partner, error) {
	st, err := s.Store.Token(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrTokenUnknown, Message: "the token is not valid"}
	}
	if err != nil {
		return nil, err
	}
	return s.tokenPartner(ctx, st)
}

// tokenPartner returns the partner of a stored token in force.
func (s *Service) tokenPartner(ctx context.Context, st StoredToken) (*Partner, error) {
	if !st.Revoked.IsZero() {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrTokenRevoked,
			Message: fmt.Sprintf("the token was revoked on %s: ask E#L for a new one", st.Revoked.Format(time.DateOnly))}
	}
	p, err := s.Store.Partner(ctx, st.Partner)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusActive {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrSheetInactive,
			Message: fmt.Sprintf("the connection sheet is %s: only an ACTIVEE sheet's token works", p.Status)}
	}
	return p, nil
}

// TokenID returns the public ID of a token (its prefix), or false when the
// token is malformed.
func TokenID(token string) (string, bool) { return tokenID(token) }

// AuthenticateCertificate returns the active partner whose connection sheet
// holds the TLS client certificate leaf (compared byte for byte), in force
// now. The TLS handshake has proved that the client holds its private key.
// Anything else is an *Error EUNAUTHORIZED.
func (s *Service) AuthenticateCertificate(ctx context.Context, leaf *x509.Certificate) (*Partner, error) {
	if leaf == nil {
		return nil, Errorf(EUNAUTHORIZED, "no client certificate")
	}
	now := s.now()
	if now.Before(leaf.NotBefore) || now.After(leaf.NotAfter) {
		return nil, Errorf(EUNAUTHORIZED, "the client certificate is not in force (valid from %s to %s)",
			leaf.NotBefore.Format(time.DateOnly), leaf.NotAfter.Format(time.DateOnly))
	}
	partners, err := s.Store.Partners(ctx, PartnerFilter{Status: StatusActive})
	if err != nil {
		return nil, err
	}
	for _, p := range partners {
		if p.Sheet.Certificate == "" {
			continue
		}
		c, err := ParseCertificate([]byte(p.Sheet.Certificate), now)
		if err != nil {
			continue // expired since activation: it no longer authenticates
		}
		if bytes.Equal(c.Leaf().Raw, leaf.Raw) {
			return p, nil
		}
	}
	return nil, Errorf(EUNAUTHORIZED, "the client certificate is not on an active connection sheet")
}

// Partner returns a partner; an *Error ENOTFOUND when there is none, or
// when the person acting has no right on it.
func (s *Service) Partner(ctx context.Context, id string) (*Partner, error) {
	if err := mayPartner(ctx, id, RightConsultation); err != nil {
		return nil, err
	}
	return s.Store.Partner(ctx, id)
}

// Partners lists the partners f selects, by identifier: those the person
// acting, if any, may consult. A former channel name in f is read as the
// current one ("depot" as "sftp").
func (s *Service) Partners(ctx context.Context, f PartnerFilter) ([]*Partner, error) {
	ps, err := s.Store.Partners(ctx, f.normalized())
	if err != nil {
		return nil, err
	}
	return visible(ctx, ps), nil
}

// normalized returns f with its channel's current name.
func (f PartnerFilter) normalized() PartnerFilter {
	if f.Channel != "" {
		f.Channel = normalizeChannel(f.Channel)
	}
	return f
}

// PartnerHistory returns a partner's history, oldest first; the person
// acting, if any, needs a right on it.
func (s *Service) PartnerHistory(ctx context.Context, id string) ([]Transition, error) {
	if err := mayPartner(ctx, id, RightConsultation); err != nil {
		return nil, err
	}
	return s.Store.History(ctx, id)
}
