package eleader_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRevealToken: a partner with people holding the right modification
// gets its token in the portal: the activation issues none, tells them by
// email (without a token), and the first to reveal it draws it; the store
// never holds it in clear.
func TestRevealToken(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	e.grant(t, "m1@adie.example", "adie", eleader.RightModification)
	e.grant(t, "m2@adie.example", "adie", eleader.RightModification)
	e.grant(t, "c@adie.example", "adie", eleader.RightConsultation)
	e.mustCreate(t, onbSheet("adie", "ADIE"))
	_, err := e.svc.SubmitPartner(ctx, "adie", "alice")
	require.NoError(t, err)
	acts, err := e.svc.ProcessPartners(ctx, "adie", "bob")
	require.NoError(t, err)
	a := acts[0]
	assert.Equal(t, sA, a.Status)
	assert.Empty(t, a.Token, "no token in clear for the command line")
	assert.True(t, a.Reveal)
	assert.Equal(t, 2, a.Notified)

	p, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	require.NotNil(t, p.Reveal)
	assert.Equal(t, "bob", p.Reveal.By)
	assert.Nil(t, p.Token, "no token exists until revealed")
	for _, who := range []string{"m1@adie.example", "m2@adie.example"} {
		msgs := e.mail.to(who)
		m := msgs[len(msgs)-1]
		assert.Equal(t, "E#L – le jeton de adie est prêt", m.Subject)
		assert.Contains(t, m.Text, portalURL+"/raccordements/fiches/adie/jeton")
		assert.Contains(t, m.Text, "il ne vous est pas envoyé par courriel")
		assert.NotContains(t, m.Text, "elt_")
		assert.Equal(t, []string{"m1@adie.example", "m2@adie.example"}, m.To)
	}
	for _, m := range e.mail.to("c@adie.example") {
		assert.NotContains(t, m.Subject, "jeton", "consultation is not told")
	}
	hist, err := e.svc.PartnerHistory(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, "token ready to be revealed in the portal: emailed 2 people with the right modification", hist[len(hist)-1].Comment)

	_, err = e.svc.RevealToken(e.as(t, "c@adie.example"), "adie", "")
	asError(t, err, eleader.EFORBIDDEN)
	e.grant(t, "m@bge.example", "bge", eleader.RightModification)
	_, err = e.svc.RevealToken(e.as(t, "m@bge.example"), "adie", "")
	asError(t, err, eleader.ENOTFOUND)

	tok, err := e.svc.RevealToken(e.as(t, "m1@adie.example"), "adie", "")
	require.NoError(t, err)
	assert.Regexp(t, `^elt_[a-z2-7]{12}_[a-z2-7]{32}$`, tok)
	got, err := e.svc.Authenticate(ctx, tok)
	require.NoError(t, err)
	assert.Equal(t, "adie", got.ID())
	_, err = e.svc.RevealToken(e.as(t, "m2@adie.example"), "adie", "")
	assert.ErrorIs(t, asError(t, err, eleader.ECONFLICT), eleader.ErrNothingToReveal, "revealed once")
	p, err = e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Nil(t, p.Reveal)
	hist, err = e.svc.PartnerHistory(ctx, "adie")
	require.NoError(t, err)
	last := hist[len(hist)-1]
	assert.Equal(t, "m1@adie.example", last.By)
	assert.True(t, strings.HasPrefix(last.Comment, "token revealed in the portal: "+tok[4:16]))
	assert.False(t, bytes.Contains(dbBytes(t, e.path), []byte(tok[17:])), "the token's secret is in the database files")

	// Renewed by a person: the new token is theirs, the others are told.
	before := len(e.mail.to("m2@adie.example"))
	tok2, err := e.svc.RotateToken(e.as(t, "m1@adie.example"), "adie", "")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, tok)
	assert.ErrorIs(t, err, eleader.ErrTokenRevoked)
	_, err = e.svc.Authenticate(ctx, tok2)
	require.NoError(t, err)
	told := e.mail.to("m2@adie.example")
	require.Len(t, told, before+1)
	assert.Equal(t, "E#L – le jeton de adie a été renouvelé", told[before].Subject)
	assert.Contains(t, told[before].Text, "renouvelé par m1@adie.example")
	assert.NotContains(t, told[before].Text, "elt_")
	assert.Equal(t, []string{"m2@adie.example"}, told[before].To, "the person who renewed it is not told")
	_, err = e.svc.RotateToken(e.as(t, "c@adie.example"), "adie", "")
	asError(t, err, eleader.EFORBIDDEN)

	// Revoked, deactivated, reactivated: a new token waits to be revealed.
	require.NoError(t, e.svc.RevokeToken(ctx, "adie", "carol"))
	_, err = e.svc.DeactivatePartner(ctx, "adie", "carol", "")
	require.NoError(t, err)
	a, err = e.svc.ReactivatePartner(ctx, "adie", "carol", "")
	require.NoError(t, err)
	assert.True(t, a.Reveal)
	assert.Empty(t, a.Token)
}

// TestRevealTokenOnce: people revealing at the same moment: one gets the
// token, the others are told it is revealed.
func TestRevealTokenOnce(t *testing.T) {
	e := newPortal(t)
	e.grant(t, "m@adie.example", "adie", eleader.RightModification)
	e.reach(t, "adie", "ADIE", sS)
	_, err := e.svc.ProcessPartners(context.Background(), "adie", "bob")
	require.NoError(t, err)
	ctx := e.as(t, "m@adie.example")
	var wg sync.WaitGroup
	var mu sync.Mutex
	var tokens []string
	refused := 0
	for range 6 {
		wg.Go(func() {
			tok, err := e.svc.RevealToken(ctx, "adie", "")
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if !assert.ErrorIs(t, err, eleader.ErrNothingToReveal) {
					return
				}
				refused++
				return
			}
			tokens = append(tokens, tok)
		})
	}
	wg.Wait()
	require.Len(t, tokens, 1)
	assert.Equal(t, 5, refused)
	_, err = e.svc.Authenticate(context.Background(), tokens[0])
	assert.NoError(t, err)
}

// TestRevealWithoutPeople: a partner without people keeps today's way: the
// activation issues the token, shown once to E#L.
func TestRevealWithoutPeople(t *testing.T) {
	e := newPortal(t)
	e.grant(t, "c@adie.example", "adie", eleader.RightConsultation)
	tok := e.mustActivate(t, onbSheet("adie", "ADIE"))
	_, err := e.svc.Authenticate(context.Background(), tok)
	require.NoError(t, err)
	p, err := e.svc.Partner(context.Background(), "adie")
	require.NoError(t, err)
	assert.Nil(t, p.Reveal)
	_, err = e.svc.RevealToken(context.Background(), "adie", "")
	assert.ErrorIs(t, err, eleader.ErrNothingToReveal)
}

// TestRevealMailFailure: the token waits even when the email could not be
// sent; the history says so.
func TestRevealMailFailure(t *testing.T) {
	e := newPortal(t)
	e.grant(t, "m@adie.example", "adie", eleader.RightModification)
	e.reach(t, "adie", "ADIE", sS)
	e.mail.Err = errBoom
	acts, err := e.svc.ProcessPartners(context.Background(), "adie", "bob")
	require.NoError(t, err)
	assert.True(t, acts[0].Reveal)
	hist, err := e.svc.PartnerHistory(context.Background(), "adie")
	require.NoError(t, err)
	assert.Contains(t, hist[len(hist)-1].Comment, "the email could not be sent: boom")
	_, err = e.svc.RevealToken(e.as(t, "m@adie.example"), "adie", "")
	assert.NoError(t, err)
}

var errBoom = errorString("boom")

type errorString string

func (e errorString) Error() string { return string(e) }
