package eleader_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSignInLink: a link is sent to a known address only, works once,
// within 15 minutes, and only whole; the store keeps its hash.
func TestSignInLink(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	var logs bytes.Buffer
	e.svc.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.grant(t, "jeanne@adie.example", "adie", eleader.RightModification)
	invitations := e.mail.count()

	require.NoError(t, e.svc.RequestSignIn(ctx, "inconnu@adie.example", ""), "an unknown address: no error")
	assert.Equal(t, invitations, e.mail.count(), "and no email")
	asError(t, e.svc.RequestSignIn(ctx, "pas une adresse", ""), eleader.EINVALID)

	require.NoError(t, e.svc.RequestSignIn(ctx, " Jeanne@ADIE.example", "/raccordements/fiches/adie"))
	msgs := e.mail.to("jeanne@adie.example")
	m := msgs[len(msgs)-1]
	assert.Equal(t, "E#L – votre lien de connexion", m.Subject)
	assert.Contains(t, m.Text, "Il ne fonctionne qu'une fois, jusqu'à 09h15 (heure de Paris)")
	assert.Regexp(t, `^<connexion-[a-z2-7]{12}@eleader\.example>$`, m.MessageID)
	assert.Contains(t, m.HTML, `<a href="https://eleader.example/connexion/lien?jeton=ell_`)
	link := e.link(t, "jeanne@adie.example")

	all := dbBytes(t, e.path)
	secret := link[len("ell_")+12+1:]
	assert.False(t, bytes.Contains(all, []byte(secret)), "the link's secret is in the database files")
	assert.NotContains(t, logs.String(), secret, "the link's secret is in the logs")
	assert.NotContains(t, logs.String(), "jeanne@adie.example", "an email address is in the logs")

	require.NoError(t, e.svc.CheckSignInLink(ctx, link), "checking does not use it")
	require.NoError(t, e.svc.CheckSignInLink(ctx, link))
	for _, tt := range []struct {
		name, link string
		cause      error
	}{
		{"another secret", withSecret(link), eleader.ErrLinkUnknown},
		{"cut", link[:len(link)-1], eleader.ErrLinkMalformed},
		{"a token", "elt_" + link[4:], eleader.ErrLinkMalformed},
		{"unknown", "ell_aaaaaaaaaaaa_" + strings.Repeat("b", 32), eleader.ErrLinkUnknown},
		{"empty", "", eleader.ErrLinkMalformed},
	} {
		_, _, err := e.svc.SignInWithLink(ctx, tt.link, 0)
		asError(t, err, eleader.EUNAUTHORIZED)
		assert.ErrorIs(t, err, tt.cause, tt.name)
	}

	cookie, sess, err := e.svc.SignInWithLink(ctx, link, time.Hour)
	require.NoError(t, err)
	assert.Regexp(t, `^els_[a-z2-7]{12}_[a-z2-7]{32}$`, cookie)
	assert.Equal(t, "jeanne@adie.example", sess.Person.Email)
	assert.Equal(t, "/raccordements/fiches/adie", sess.Next)
	assert.Nil(t, sess.Partner)
	_, _, err = e.svc.SignInWithLink(ctx, link, 0)
	assert.ErrorIs(t, err, eleader.ErrLinkUsed, "a link works once")
	assert.ErrorIs(t, e.svc.CheckSignInLink(ctx, link), eleader.ErrLinkUsed)
	got, err := e.svc.SessionOf(ctx, cookie)
	require.NoError(t, err)
	assert.Equal(t, sess.ID, got.ID)
	assert.False(t, bytes.Contains(dbBytes(t, e.path), []byte(cookie[len("els_")+13:])), "the session's secret is in the database files")
	acts, err := e.svc.Actions(ctx, eleader.ActionFilter{Person: "jeanne@adie.example"})
	require.NoError(t, err)
	assert.Equal(t, eleader.ActionSignIn, acts[0].Action)

	// Expiry: the link works until 15 minutes after it was sent.
	e.clock.Set(onbStart.Add(time.Hour))
	require.NoError(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", "https://evil.example/"))
	late := e.link(t, "jeanne@adie.example")
	e.clock.Set(onbStart.Add(time.Hour + 14*time.Minute))
	require.NoError(t, e.svc.CheckSignInLink(ctx, late))
	e.clock.Set(onbStart.Add(time.Hour + 15*time.Minute))
	_, _, err = e.svc.SignInWithLink(ctx, late, 0)
	assert.ErrorIs(t, err, eleader.ErrLinkExpired)

	// A removed person's link opens nothing.
	e.clock.Set(onbStart.Add(2 * time.Hour))
	require.NoError(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", "https://evil.example/"))
	fresh := e.link(t, "jeanne@adie.example")
	_, s2, err := e.svc.SignInWithLink(ctx, fresh, 0)
	require.NoError(t, err)
	assert.Empty(t, s2.Next, "a next page outside the portal is dropped")
	require.NoError(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", ""))
	unused := e.link(t, "jeanne@adie.example")
	require.NoError(t, e.svc.RemovePerson(ctx, "jeanne@adie.example", "carol"))
	_, _, err = e.svc.SignInWithLink(ctx, unused, 0)
	assert.ErrorIs(t, err, eleader.ErrLinkUnknown)
}

// TestSignInLimit: an address gets at most 3 links per 15 minutes; more
// requests are answered the same way and send nothing.
func TestSignInLimit(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	e.grant(t, "jeanne@adie.example", "adie", eleader.RightModification)
	before := len(e.mail.to("jeanne@adie.example"))
	for range 5 {
		require.NoError(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", ""))
	}
	assert.Equal(t, before+eleader.DefaultSignInLimit, len(e.mail.to("jeanne@adie.example")))
	e.clock.Set(onbStart.Add(eleader.SignInWindow + time.Minute))
	require.NoError(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", ""))
	assert.Equal(t, before+eleader.DefaultSignInLimit+1, len(e.mail.to("jeanne@adie.example")), "the window passed")

	// Without a mailer or a portal address, a link cannot be sent: a fault.
	e.svc.PortalURL = ""
	require.Error(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", ""))
}

// TestSignInLinkOnce: two browsers using one link at the same moment: one
// session opens.
func TestSignInLinkOnce(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	e.grant(t, "jeanne@adie.example", "adie", eleader.RightModification)
	require.NoError(t, e.svc.RequestSignIn(ctx, "jeanne@adie.example", ""))
	link := e.link(t, "jeanne@adie.example")
	var wg sync.WaitGroup
	var mu sync.Mutex
	opened, used := 0, 0
	for range 8 {
		wg.Go(func() {
			_, _, err := e.svc.SignInWithLink(ctx, link, 0)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				opened++
			case eleader.ErrorCode(err) == eleader.EUNAUTHORIZED:
				used++
			default:
				t.Errorf("sign-in: %v", err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, opened)
	assert.Equal(t, 7, used)
}

// TestSessions: a session ends at its expiry, at sign-out — the same secret
// opens nothing after —, and a token's session when the token stops.
func TestSessions(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	tok := e.mustActivate(t, onbSheet("adie", "ADIE"))
	e.grant(t, "jeanne@adie.example", "adie", eleader.RightModification)

	cookie, sess := e.signIn(t, "jeanne@adie.example")
	assert.WithinDuration(t, onbStart.Add(eleader.DefaultSessionTTL), sess.Expires, time.Minute, "8 hours by default")
	_, err := e.svc.SessionOf(ctx, withSecret(cookie))
	assert.ErrorIs(t, err, eleader.ErrSessionEnded, "another secret of the same ID")
	require.NoError(t, e.svc.SignOut(ctx, withSecret(cookie)), "a wrong secret signs nothing out")
	_, err = e.svc.SessionOf(ctx, cookie)
	require.NoError(t, err)
	require.NoError(t, e.svc.SignOut(ctx, cookie))
	_, err = e.svc.SessionOf(ctx, cookie)
	assert.ErrorIs(t, err, eleader.ErrSessionEnded, "signed out: the cookie opens nothing")
	require.NoError(t, e.svc.SignOut(ctx, cookie), "signing out twice is fine")

	cookie, _ = e.signIn(t, "jeanne@adie.example")
	e.clock.Set(onbStart.Add(9 * time.Hour))
	_, err = e.svc.SessionOf(ctx, cookie)
	assert.ErrorIs(t, err, eleader.ErrSessionEnded, "expired")

	// A token's session (the deposit page).
	cookie, sess, err = e.svc.SignInWithToken(ctx, tok, time.Hour)
	require.NoError(t, err)
	assert.Nil(t, sess.Person)
	assert.Equal(t, "adie", sess.Partner.ID())
	got, err := e.svc.SessionOf(ctx, cookie)
	require.NoError(t, err)
	assert.Equal(t, "adie", got.Partner.ID())
	_, _, err = e.svc.SignInWithToken(ctx, withSecret(tok), 0)
	assert.ErrorIs(t, err, eleader.ErrTokenUnknown)
	_, err = e.svc.DeactivatePartner(ctx, "adie", "carol", "")
	require.NoError(t, err)
	_, err = e.svc.SessionOf(ctx, cookie)
	assert.ErrorIs(t, err, eleader.ErrSheetInactive, "the sheet deactivated: the session ends")
	_, err = e.svc.ReactivatePartner(ctx, "adie", "carol", "")
	require.NoError(t, err)
	_, err = e.svc.SessionOf(ctx, cookie)
	require.NoError(t, err)
	require.NoError(t, e.svc.RevokeToken(ctx, "adie", "carol"))
	_, err = e.svc.SessionOf(ctx, cookie)
	assert.ErrorIs(t, err, eleader.ErrTokenRevoked)

	for _, bad := range []string{"", "x", "els_", "elt_" + cookie[4:], cookie + "x"} {
		_, err := e.svc.SessionOf(ctx, bad)
		assert.ErrorIs(t, err, eleader.ErrSessionEnded, "%q", bad)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/raccordements":                     "/raccordements",
		"/raccordements/fiches/adie":         "/raccordements/fiches/adie",
		"/raccordements?statut=ACTIVEE":      "/raccordements?statut=ACTIVEE",
		"/console/partenaires/adie":          "/console/partenaires/adie",
		"/console":                           "/console",
		"/consoles":                          "",
		"/raccordementsX":                    "",
		"https://evil.example/raccordements": "",
		"//evil.example/raccordements":       "",
		"/raccordements//evil.example":       "",
		"/raccordements/\\evil":              "",
		"/espace":                            "",
		"":                                   "",
		"/raccordements/\r\nSet-Cookie: x=y": "",
	} {
		assert.Equal(t, want, eleader.SafeNext(in), "%q", in)
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/raccordements", "/console/x", "//x", "/raccordements/../espace", "https://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := eleader.SafeNext(s)
		if got == "" {
			return
		}
		if got != s || strings.Contains(got, "//") || strings.ContainsAny(got, "\\\r\n\x00") ||
			!(strings.HasPrefix(got, "/raccordements") || strings.HasPrefix(got, "/console")) {
			t.Fatalf("SafeNext(%q) = %q", s, got)
		}
	})
}

// TestSignInMailFailure: a mailer's error quoting the recipient reaches
// neither the caller's error nor the logs with the address.
func TestSignInMailFailure(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	var logs bytes.Buffer
	e.svc.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	e.grant(t, "jeanne@adie.example", "adie", eleader.RightModification)
	e.mail.Err = errorString("smtp: recipients [jeanne@adie.example]: 550 mailbox unavailable")
	err := e.svc.RequestSignIn(ctx, "jeanne@adie.example", "")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "jeanne@adie.example")
	assert.Contains(t, err.Error(), "550 mailbox unavailable")
	_, err = e.svc.GrantRight(ctx, "paul@adie.example", "adie", eleader.RightConsultation, "carol")
	require.NoError(t, err)
	assert.NotContains(t, logs.String(), "@adie.example")
}
