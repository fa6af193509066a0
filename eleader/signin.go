package eleader

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sign-in settings.
const (
	// LoginLinkTTL is how long a sign-in link works: once, within it.
	LoginLinkTTL = 15 * time.Minute
	// DefaultSessionTTL is how long a web session lasts when the caller
	// gives no duration.
	DefaultSessionTTL = 8 * time.Hour
	// DefaultSignInLimit is how many sign-in links one email address gets
	// per SignInWindow; more requests are silently dropped.
	DefaultSignInLimit = 3
	// SignInWindow is the window of DefaultSignInLimit.
	SignInWindow = 15 * time.Minute
)

// The causes of an EUNAUTHORIZED from the sign-in functions, for
// errors.Is: a page says in its own words what to do.
var (
	ErrLinkMalformed = errors.New("sign-in link malformed")
	ErrLinkUnknown   = errors.New("sign-in link unknown")
	ErrLinkExpired   = errors.New("sign-in link expired")
	ErrLinkUsed      = errors.New("sign-in link used already")
	ErrSessionEnded  = errors.New("session ended")
)

// Session is a signed-in web session: a person's (signed in by a link), or
// a partner's (signed in with its token, on the deposit page).
type Session struct {
	// ID is the session's public ID (never its secret).
	ID string
	// Person is the person signed in, with their rights as they are now;
	// nil for a partner's session.
	Person *Person
	// Partner is the partner of a session opened with its token; nil for a
	// person's.
	Partner *Partner
	Expires time.Time
	// Next is where a link sign-in asked to go ("" for the default).
	Next string
}

// SafeNext returns next when it is a page of the portal or the console
// that a sign-in may send the browser to, else "": never another site.
func SafeNext(next string) string {
	if len(next) > 512 || strings.ContainsAny(next, "\\\x00\r\n") || strings.Contains(next, "//") {
		return ""
	}
	for _, p := range []string{"/raccordements", "/console"} {
		if next == p || strings.HasPrefix(next, p+"/") || strings.HasPrefix(next, p+"?") {
			return next
		}
	}
	return ""
}

// RequestSignIn sends a one-time sign-in link to email, valid LoginLinkTTL,
// when email is a person's, through the service's Outbox mailer; next, if
// SafeNext keeps it, is where the browser goes once signed in. An unknown
// address, or one that got DefaultSignInLimit links in the last
// SignInWindow, gets nothing and no error: the caller tells the same thing
// whatever the address (no enumeration). Only the link's ID and the
// SHA-256 of its secret are stored. Errors: EINVALID for a malformed
// address; a fault when the service has no Outbox or PortalURL, or the
// mail could not be sent.
func (s *Service) RequestSignIn(ctx context.Context, email, next string) error {
	email, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	if s.Outbox == nil || s.PortalURL == "" {
		return errors.New("sign-in links: the service has no Outbox or no PortalURL to send them")
	}
	now := s.now()
	if _, err := s.Store.PurgeSessions(ctx, now); err != nil {
		s.logger().Warn("purging sessions", "error", err)
	}
	if _, err := s.Store.Person(ctx, email); ErrorCode(err) == ENOTFOUND {
		s.logger().Info("sign-in link requested for an unknown address: none sent")
		return nil
	} else if err != nil {
		return err
	}
	n, err := s.Store.CountLoginLinks(ctx, email, now.Add(-SignInWindow))
	if err != nil {
		return err
	}
	if n >= DefaultSignInLimit {
		s.logger().Warn("sign-in links: limit reached for an address: none sent", "person", logBy(email), "limit", DefaultSignInLimit)
		return nil
	}
	plain, id, hash, err := newSecret(linkPrefix)
	if err != nil {
		return err
	}
	link := LoginLink{ID: id, Email: email, Hash: hash, Next: SafeNext(next), Created: now, Expires: now.Add(LoginLinkTTL)}
	if err := s.Store.AddLoginLink(ctx, link); err != nil {
		return err
	}
	if err := s.Outbox.send(ctx, signInMessage(s.Outbox.Lang, link, s.portalURL("/connexion/lien?jeton="+plain))); err != nil {
		return fmt.Errorf("sign-in link %s: the email was not sent: %s", id, scrub(err.Error()))
	}
	s.logger().Info("sign-in link sent", "link", id, "person", logBy(email))
	return nil
}

// portalURL is the address of a page of the portal.
func (s *Service) portalURL(path string) string {
	return strings.TrimRight(s.PortalURL, "/") + path
}

// checkLink returns the stored link of a link secret when it would sign in
// at now: known, its hash equal (in constant time), unused, unexpired.
func (s *Service) checkLink(ctx context.Context, secret string) (LoginLink, error) {
	id, ok := secretID(linkPrefix, strings.TrimSpace(secret))
	if !ok {
		return LoginLink{}, &Error{Code: EUNAUTHORIZED, Err: ErrLinkMalformed, Message: "the sign-in link is malformed: open the link of the email whole, or ask for a new one"}
	}
	l, err := s.Store.LoginLink(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !sameHash(strings.TrimSpace(secret), l.Hash)) {
		return LoginLink{}, &Error{Code: EUNAUTHORIZED, Err: ErrLinkUnknown, Message: "the sign-in link is not valid: ask for a new one"}
	}
	if err != nil {
		return LoginLink{}, err
	}
	if !l.Used.IsZero() {
		return LoginLink{}, &Error{Code: EUNAUTHORIZED, Err: ErrLinkUsed, Message: "the sign-in link was used already: a link works once, ask for a new one"}
	}
	if !s.now().Before(l.Expires) {
		return LoginLink{}, &Error{Code: EUNAUTHORIZED, Err: ErrLinkExpired, Message: "the sign-in link expired: a link works 15 minutes, ask for a new one"}
	}
	return l, nil
}

// CheckSignInLink reports whether a sign-in link would sign in now,
// without using it (a page shows the button that does). It is an *Error
// EUNAUTHORIZED wrapping ErrLinkMalformed, ErrLinkUnknown, ErrLinkUsed or
// ErrLinkExpired otherwise.
func (s *Service) CheckSignInLink(ctx context.Context, secret string) error {
	_, err := s.checkLink(ctx, secret)
	return err
}

// SignInWithLink uses a sign-in link — once: a second use, even at the
// same moment, fails — and opens a session of ttl (0: DefaultSessionTTL)
// for its person. It returns the session's secret, for the cookie, and the
// session. Errors as CheckSignInLink's; a person removed since the link
// was sent is ErrLinkUnknown.
func (s *Service) SignInWithLink(ctx context.Context, secret string, ttl time.Duration) (string, *Session, error) {
	l, err := s.checkLink(ctx, secret)
	if err != nil {
		return "", nil, err
	}
	p, err := s.Store.Person(ctx, l.Email)
	if ErrorCode(err) == ENOTFOUND {
		return "", nil, &Error{Code: EUNAUTHORIZED, Err: ErrLinkUnknown, Message: "the sign-in link is not valid: ask for a new one"}
	}
	if err != nil {
		return "", nil, err
	}
	plain, st, err := s.newSession(ttl)
	if err != nil {
		return "", nil, err
	}
	st.Email = p.Email
	err = s.Store.UseLoginLink(ctx, l.ID, s.now(), st)
	if ErrorCode(err) == ECONFLICT {
		return "", nil, &Error{Code: EUNAUTHORIZED, Err: ErrLinkUsed, Message: "the sign-in link was used already: a link works once, ask for a new one"}
	}
	if err != nil {
		return "", nil, err
	}
	if err := s.Store.RecordAction(ctx, &ActionRecord{At: st.Created, By: p.Email, Action: ActionSignIn, Person: p.Email}); err != nil {
		s.logger().Warn("recording a sign-in", "error", err)
	}
	s.logger().Info("signed in by link", "session", st.ID, "person", logBy(p.Email))
	return plain, &Session{ID: st.ID, Person: p, Expires: st.Expires, Next: l.Next}, nil
}

// newSession draws a session of ttl.
func (s *Service) newSession(ttl time.Duration) (string, StoredSession, error) {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	plain, id, hash, err := newSecret(sessionPrefix)
	if err != nil {
		return "", StoredSession{}, err
	}
	now := s.now()
	return plain, StoredSession{ID: id, Hash: hash, Created: now, Expires: now.Add(ttl)}, nil
}

// SignInWithToken opens a session of ttl (0: DefaultSessionTTL) for the
// partner of a token, as Authenticate judges it: the deposit page's
// sign-in. The session ends when the token is revoked or the sheet leaves
// ACTIVEE. It returns the session's secret and the session.
func (s *Service) SignInWithToken(ctx context.Context, token string, ttl time.Duration) (string, *Session, error) {
	p, err := s.Authenticate(ctx, token)
	if err != nil {
		return "", nil, err
	}
	plain, st, err := s.newSession(ttl)
	if err != nil {
		return "", nil, err
	}
	st.Partner, st.TokenID = p.ID(), ""
	if id, ok := tokenID(token); ok {
		st.TokenID = id
	}
	if err := s.Store.AddSession(ctx, st); err != nil {
		return "", nil, err
	}
	return plain, &Session{ID: st.ID, Partner: p, Expires: st.Expires}, nil
}

// SessionOf returns the session of a cookie's secret, as it stands now: a
// person's with their current rights, a partner's only while its token is
// in force. Anything else is an *Error EUNAUTHORIZED wrapping
// ErrSessionEnded (unknown, signed out, expired, person removed), or the
// token's cause (ErrTokenRevoked, ErrSheetInactive …).
func (s *Service) SessionOf(ctx context.Context, secret string) (*Session, error) {
	ended := &Error{Code: EUNAUTHORIZED, Err: ErrSessionEnded, Message: "the session ended: sign in again"}
	id, ok := secretID(sessionPrefix, secret)
	if !ok {
		return nil, ended
	}
	st, err := s.Store.Session(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !sameHash(secret, st.Hash)) {
		return nil, ended
	}
	if err != nil {
		return nil, err
	}
	if !s.now().Before(st.Expires) {
		return nil, ended
	}
	sess := &Session{ID: st.ID, Expires: st.Expires}
	if st.Email != "" {
		p, err := s.Store.Person(ctx, st.Email)
		if ErrorCode(err) == ENOTFOUND {
			return nil, ended
		}
		if err != nil {
			return nil, err
		}
		sess.Person = p
		return sess, nil
	}
	p, err := s.TokenInForce(ctx, st.TokenID)
	if err != nil {
		return nil, err
	}
	if p.ID() != st.Partner {
		return nil, ended
	}
	sess.Partner = p
	return sess, nil
}

// SignOut ends the session of a cookie's secret at once: the same cookie
// no longer opens anything. A secret that opens no session is fine.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	id, ok := secretID(sessionPrefix, secret)
	if !ok {
		return nil
	}
	st, err := s.Store.Session(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !sameHash(secret, st.Hash)) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.Store.DeleteSession(ctx, id)
}
