package storetest

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is when the partner tests' story starts: a whole second, in UTC.
var t0 = time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC)

// certPEM stands for a sheet's certificate: stores keep the text as it is,
// they do not parse it.
const certPEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUgb2YgYWRpZQ==\n-----END CERTIFICATE-----\n"

// sheet returns a complete connection sheet of partner id with the
// operator codes given.
func sheet(id string, operators ...string) eleader.ConnectionSheet {
	return eleader.ConnectionSheet{
		Partner: id, Name: "Partner " + id, Operators: operators,
		Channels: []eleader.Channel{eleader.ChannelAPI, eleader.ChannelWeb},
		Mode:     importer.ModePartial, Environment: eleader.Qualification,
		Contact: eleader.Contact{Name: "Claire Martin", Phone: "01 23 45 67 89", Email: "claire.martin@" + id + ".example"},
	}
}

// newPartner returns a draft of partner id, created at t0, to create.
func newPartner(id string, operators ...string) *eleader.Partner {
	return &eleader.Partner{Sheet: sheet(id, operators...), Status: eleader.StatusDraft, Created: t0, Updated: t0}
}

// created is the history entry of a partner's creation.
func created(at time.Time) *eleader.Transition {
	return &eleader.Transition{At: at, By: "alice", To: eleader.StatusDraft, Comment: "created"}
}

// newStoredToken returns a token of partner issued then; its hash is the
// SHA-256 of its id, as good as any for a store.
func newStoredToken(id, partner string, issued time.Time) eleader.StoredToken {
	sum := sha256.Sum256([]byte("elt_" + id))
	return eleader.StoredToken{ID: id, Partner: partner, Hash: sum[:], Issued: issued}
}

// save writes u, which must succeed.
func save(tb testing.TB, s eleader.Store, u eleader.PartnerUpdate) {
	tb.Helper()
	require.NoError(tb, s.SavePartner(tb.Context(), u), "SavePartner %s version %d", u.Partner.ID(), u.Partner.Version)
}

// createPartner creates p with its creation in the history.
func createPartner(tb testing.TB, s eleader.Store, p *eleader.Partner) {
	tb.Helper()
	save(tb, s, eleader.PartnerUpdate{Partner: p, Transition: created(p.Created)})
}

// readPartner returns partner id, which must exist.
func readPartner(tb testing.TB, s eleader.Store, id string) *eleader.Partner {
	tb.Helper()
	p, err := s.Partner(tb.Context(), id)
	require.NoError(tb, err, "Partner %s", id)
	require.NotNil(tb, p, "Partner %s", id)
	return p
}

// second returns t in UTC to the second: stores keep at least that.
func second(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// norm returns a copy of p with its times to the second, for comparison.
func norm(p *eleader.Partner) eleader.Partner {
	c := *p
	c.QualifiedAt, c.Created, c.Updated = second(c.QualifiedAt), second(c.Created), second(c.Updated)
	if c.Token != nil {
		tok := *c.Token
		tok.Issued = second(tok.Issued)
		c.Token = &tok
	}
	return c
}

// normToken returns st with its times to the second, for comparison.
func normToken(st eleader.StoredToken) eleader.StoredToken {
	st.Issued, st.Revoked = second(st.Issued), second(st.Revoked)
	return st
}

// normHistory returns h with its times to the second, for comparison.
func normHistory(h []eleader.Transition) []eleader.Transition {
	out := make([]eleader.Transition, len(h))
	for i, t := range h {
		t.At = second(t.At)
		out[i] = t
	}
	return out
}

// requireHistory requires partner id's history to be want.
func requireHistory(tb testing.TB, s eleader.Store, id string, want ...eleader.Transition) {
	tb.Helper()
	h, err := s.History(tb.Context(), id)
	require.NoError(tb, err, "History %s", id)
	require.Equal(tb, normHistory(want), normHistory(h), "History %s", id)
}

// requireToken returns token id, which must exist.
func requireToken(tb testing.TB, s eleader.Store, id string) eleader.StoredToken {
	tb.Helper()
	st, err := s.Token(tb.Context(), id)
	require.NoError(tb, err, "Token %s", id)
	return st
}

func testPartnersEmpty(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	_, err := s.Partner(ctx, "adie")
	requireCode(t, err, eleader.ENOTFOUND, "Partner of an unknown id")
	_, err = s.Token(ctx, "abcdefghijkl")
	requireCode(t, err, eleader.ENOTFOUND, "Token of an unknown id")
	ps, err := s.Partners(ctx, eleader.PartnerFilter{})
	require.NoError(t, err)
	assert.Empty(t, ps, "Partners of an empty store")

	createPartner(t, s, newPartner("adie", "ADIE"))
	_, err = s.Partner(ctx, "adi")
	requireCode(t, err, eleader.ENOTFOUND, "Partner of an id that is only a prefix of one")
	_, err = s.Token(ctx, "abcdefghijkl")
	requireCode(t, err, eleader.ENOTFOUND, "Token of an unknown id, with a partner stored")
}

func testPartnerRoundTrip(t *testing.T, s eleader.Store) {
	paris := time.FixedZone("CET", 3600)
	p := &eleader.Partner{
		Sheet: eleader.ConnectionSheet{
			Partner: "adie", Name: "Adie Île-de-France", Operators: []string{"ADIE", "ADI2"},
			Channels: []eleader.Channel{eleader.ChannelAPI, eleader.ChannelDepot},
			Mode:     importer.ModeComplete, Environment: eleader.Production,
			Contact:          eleader.Contact{Name: "Amélie Dupont", Phone: "+33 1 23 45 67 89", Email: "support@adie.example"},
			ReportRecipients: []string{"rapports@adie.example", "dsi@adie.example"},
			Correspondences: []matrice.Correspondence{
				{Field: "Civilite", Partner: "Madame", Matrice: "MME"},
				{Field: "QPV", Partner: "O", Matrice: "OUI"},
			},
			Certificate: certPEM,
			Comments:    "Raccordement « API » ; 2ᵉ vague\nsecond line",
		},
		Status:      eleader.StatusSentUpdate,
		QualifiedAt: time.Date(2026, 11, 2, 9, 30, 15, 123456789, paris),
		Created:     time.Date(2026, 10, 1, 8, 0, 1, 500000000, paris),
		Updated:     t0.Add(987654321 * time.Nanosecond),
	}
	want := norm(p)
	createPartner(t, s, p)
	assert.Equal(t, int64(1), p.Version, "Version after SavePartner created the partner")
	want.Version = 1

	got := readPartner(t, s, "adie")
	assert.Equal(t, want, norm(got), "Partner read back")
	assert.Nil(t, got.Token, "Token of a partner without tokens")
	list, err := s.Partners(t.Context(), eleader.PartnerFilter{})
	require.NoError(t, err)
	require.Len(t, list, 1, "Partners")
	assert.Equal(t, want, norm(list[0]), "Partners read back")

	// A draft may be incomplete: empty lists, no qualification.
	d := &eleader.Partner{Sheet: eleader.ConnectionSheet{Partner: "frac"}, Status: eleader.StatusDraft, Created: t0, Updated: t0}
	save(t, s, eleader.PartnerUpdate{Partner: d})
	got = readPartner(t, s, "frac")
	assert.True(t, got.QualifiedAt.IsZero(), "QualifiedAt of a partner never qualified: %v", got.QualifiedAt)
	assert.False(t, got.Qualified())
	assert.Equal(t, "frac", got.ID())
	assert.Empty(t, got.Sheet.Operators, "Operators of a draft without any")
	assert.Empty(t, got.Sheet.Channels, "Channels of a draft without any")
	assert.Empty(t, got.Sheet.Correspondences, "Correspondences of a draft without any")
	assert.Equal(t, int64(1), got.Version)
}

func testPartnerCreateTwice(t *testing.T, s eleader.Store) {
	first := newPartner("adie", "ADIE")
	createPartner(t, s, first)
	again := newPartner("adie", "ADI2")
	again.Sheet.Name = "Someone else"
	err := s.SavePartner(t.Context(), eleader.PartnerUpdate{Partner: again, Transition: created(t0.Add(time.Hour)),
		Token: new(newStoredToken("abcdefghijkl", "adie", t0.Add(time.Hour)))})
	requireCode(t, err, eleader.ECONFLICT, "creating a partner that exists")
	assert.Equal(t, int64(0), again.Version, "Version of a partner whose creation failed")

	assert.Equal(t, norm(first), norm(readPartner(t, s, "adie")), "the partner created first")
	requireHistory(t, s, "adie", *created(t0))
	_, err = s.Token(t.Context(), "abcdefghijkl")
	requireCode(t, err, eleader.ENOTFOUND, "Token of the failed creation")
	// The failed creation took no code: another partner may have ADI2.
	createPartner(t, s, newPartner("adi2", "ADI2"))
}

func testPartnerUpdate(t *testing.T, s eleader.Store) {
	createPartner(t, s, newPartner("adie", "ADIE"))
	p := readPartner(t, s, "adie")
	require.Equal(t, int64(1), p.Version)

	p.Sheet.Name = "Adie"
	p.Sheet.Environment = eleader.Production
	p.Sheet.Channels = []eleader.Channel{eleader.ChannelDepot}
	p.Sheet.Correspondences = []matrice.Correspondence{{Field: "Civilite", Partner: "M.", Matrice: "M"}}
	p.Sheet.Certificate = certPEM
	p.Status = eleader.StatusSent
	p.QualifiedAt = t0.Add(30 * time.Minute)
	p.Updated = t0.Add(time.Hour)
	save(t, s, eleader.PartnerUpdate{Partner: p})
	assert.Equal(t, int64(2), p.Version, "Version after an update")
	got := readPartner(t, s, "adie")
	assert.Equal(t, norm(p), norm(got), "Partner after an update")
	assert.True(t, second(got.Created).Equal(t0), "Created after an update: %v, want %v", got.Created, t0)

	got.Sheet.Certificate = ""
	got.Sheet.Correspondences = nil
	got.Status = eleader.StatusActive
	got.Updated = t0.Add(2 * time.Hour)
	save(t, s, eleader.PartnerUpdate{Partner: got})
	assert.Equal(t, int64(3), got.Version, "Version after a second update")
	again := readPartner(t, s, "adie")
	assert.Equal(t, norm(got), norm(again), "Partner after a second update")
	assert.Empty(t, again.Sheet.Certificate, "a certificate removed")
	assert.Empty(t, again.Sheet.Correspondences, "correspondences removed")
}

func testPartnerStaleUpdate(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	createPartner(t, s, newPartner("adie", "ADIE"))
	p := readPartner(t, s, "adie")
	old := newStoredToken("aaaaaaaaaaaa", "adie", t0.Add(time.Minute))
	p.Status, p.Updated = eleader.StatusActive, t0.Add(time.Minute)
	issued := eleader.Transition{At: t0.Add(time.Minute), By: "alice", From: eleader.StatusDraft, To: eleader.StatusActive, Comment: "activated"}
	save(t, s, eleader.PartnerUpdate{Partner: p, Transition: &issued, Token: &old})

	// Two copies read at the same version: the first change wins.
	a, b := readPartner(t, s, "adie"), readPartner(t, s, "adie")
	a.Sheet.Name, a.Updated = "Adie, first", t0.Add(2*time.Minute)
	edited := eleader.Transition{At: t0.Add(2 * time.Minute), By: "alice", From: eleader.StatusActive, To: eleader.StatusActive, Comment: "first"}
	save(t, s, eleader.PartnerUpdate{Partner: a, Transition: &edited})
	want := norm(a)
	want.Token = &eleader.TokenInfo{ID: old.ID, Issued: second(old.Issued)}

	stale := eleader.Transition{At: t0.Add(3 * time.Minute), By: "bob", From: eleader.StatusActive, To: eleader.StatusDeactivated, Comment: "stale"}
	tests := []struct {
		name    string
		version int64
		u       eleader.PartnerUpdate
	}{
		{"new token", b.Version, eleader.PartnerUpdate{Transition: &stale, Token: new(newStoredToken("bbbbbbbbbbbb", "adie", t0.Add(3*time.Minute)))}},
		{"revoke tokens", b.Version, eleader.PartnerUpdate{Transition: &stale, RevokeTokens: true}},
		{"plain change", b.Version, eleader.PartnerUpdate{Transition: &stale}},
		{"version from the future", b.Version + 5, eleader.PartnerUpdate{Transition: &stale}},
	}
	for _, tc := range tests {
		c := *b
		c.Sheet.Name, c.Sheet.Operators = "Adie, "+tc.name, []string{"ADIE", "ADI2"}
		c.Status, c.Updated, c.Version = eleader.StatusDeactivated, t0.Add(3*time.Minute), tc.version
		tc.u.Partner = &c
		err := s.SavePartner(ctx, tc.u)
		requireCode(t, err, eleader.ECONFLICT, "%s: SavePartner of a stale copy", tc.name)
		assert.Equal(t, tc.version, c.Version, "%s: Version of the copy after a refused change", tc.name)

		assert.Equal(t, want, norm(readPartner(t, s, "adie")), "%s: the partner after a refused change", tc.name)
		requireHistory(t, s, "adie", *created(t0), issued, edited)
		st := requireToken(t, s, old.ID)
		assert.True(t, st.Revoked.IsZero(), "%s: the token in force was revoked by a refused change", tc.name)
		_, err = s.Token(ctx, "bbbbbbbbbbbb")
		requireCode(t, err, eleader.ENOTFOUND, "%s: Token of a refused change", tc.name)
	}
	// The refused changes took no code.
	createPartner(t, s, newPartner("adi2", "ADI2"))

	// Updating a partner that does not exist writes nothing.
	ghost := newPartner("ghost", "GHST")
	ghost.Version = 1
	err := s.SavePartner(ctx, eleader.PartnerUpdate{Partner: ghost, Transition: created(t0)})
	require.Error(t, err, "updating a partner that does not exist")
	_, err = s.Partner(ctx, "ghost")
	requireCode(t, err, eleader.ENOTFOUND, "Partner after a refused update of a partner that does not exist")
}

func testPartnerOperatorsUnique(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	a := newPartner("adie", "ADIE", "ADI2")
	createPartner(t, s, a)

	b := newPartner("frac", "FRAC", "ADIE")
	err := s.SavePartner(ctx, eleader.PartnerUpdate{Partner: b, Transition: created(t0)})
	requireCode(t, err, eleader.ECONFLICT, "creating a partner with another partner's code")
	assert.Contains(t, err.Error(), "ADIE", "the error names the code")
	_, err = s.Partner(ctx, "frac")
	requireCode(t, err, eleader.ENOTFOUND, "Partner after a creation refused for its code")
	h, err := s.History(ctx, "frac")
	require.NoError(t, err)
	assert.Empty(t, h, "History after a creation refused for its code")

	b = newPartner("frac", "FRAC")
	createPartner(t, s, b)
	b.Sheet.Operators = []string{"FRAC", "ADI2"}
	b.Updated = t0.Add(time.Hour)
	err = s.SavePartner(ctx, eleader.PartnerUpdate{Partner: b, Transition: &eleader.Transition{At: t0.Add(time.Hour), By: "bob", From: eleader.StatusDraft, To: eleader.StatusDraft, Comment: "edited"}})
	requireCode(t, err, eleader.ECONFLICT, "adding another partner's code")
	assert.Contains(t, err.Error(), "ADI2", "the error names the code")
	var taken *eleader.OperatorTakenError
	if assert.ErrorAs(t, err, &taken, "the cause, for a page to word it") {
		assert.Equal(t, eleader.OperatorTakenError{Code: "ADI2", Partner: "adie"}, *taken)
	}
	assert.Equal(t, int64(1), b.Version, "Version after a refused change")
	got := readPartner(t, s, "frac")
	assert.Equal(t, []string{"FRAC"}, got.Sheet.Operators, "frac's codes after a refused change")
	assert.Equal(t, int64(1), got.Version, "frac's version after a refused change")
	requireHistory(t, s, "frac", *created(t0))
	assert.Equal(t, []string{"ADIE", "ADI2"}, readPartner(t, s, "adie").Sheet.Operators, "adie's codes")

	// Saving a partner with its own codes is no conflict; dropping a code
	// frees it.
	a.Sheet.Operators, a.Updated = []string{"ADI2", "ADI3"}, t0.Add(2*time.Hour)
	save(t, s, eleader.PartnerUpdate{Partner: a})
	a.Sheet.Name = "Adie renamed"
	save(t, s, eleader.PartnerUpdate{Partner: a})
	got.Sheet.Operators, got.Updated = []string{"FRAC", "ADIE"}, t0.Add(3*time.Hour)
	save(t, s, eleader.PartnerUpdate{Partner: got})
	assert.Equal(t, []string{"FRAC", "ADIE"}, readPartner(t, s, "frac").Sheet.Operators, "frac's codes after taking a freed one")

	// A code taken back by its first owner now conflicts the other way.
	a.Sheet.Operators = []string{"ADIE", "ADI2", "ADI3"}
	err = s.SavePartner(ctx, eleader.PartnerUpdate{Partner: a})
	requireCode(t, err, eleader.ECONFLICT, "taking back a code another partner now has")
	assert.Contains(t, err.Error(), "ADIE", "the error names the code")
	a.Sheet.Operators = []string{"ADI2"}
	save(t, s, eleader.PartnerUpdate{Partner: a})
	createPartner(t, s, newPartner("adi3", "ADI3"))
}

func testPartnerHistory(t *testing.T, s eleader.Store) {
	a := newPartner("adie", "ADIE")
	createPartner(t, s, a)
	b := newPartner("frac", "FRAC")
	createPartner(t, s, b)

	submitted := eleader.Transition{At: t0.Add(time.Hour), By: "alice", From: eleader.StatusDraft, To: eleader.StatusSent, Comment: "submitted"}
	a.Status, a.Updated = eleader.StatusSent, submitted.At
	save(t, s, eleader.PartnerUpdate{Partner: a, Transition: &submitted})
	// No transition: nothing appended.
	a.Sheet.Name = "Adie"
	save(t, s, eleader.PartnerUpdate{Partner: a})
	// Two entries in the same second keep the order they were appended in.
	note := eleader.Transition{At: submitted.At, By: "eleader", From: eleader.StatusSent, To: eleader.StatusSent,
		Comment: "not activated: contact.email: \"x\" is not an email address; « quotes » and\nnewlines kept"}
	save(t, s, eleader.PartnerUpdate{Partner: a, Transition: &note})
	activated := eleader.Transition{At: t0.Add(2 * time.Hour), By: "bob", From: eleader.StatusSent, To: eleader.StatusActive, Comment: ""}
	a.Status = eleader.StatusActive
	save(t, s, eleader.PartnerUpdate{Partner: a, Transition: &activated})

	requireHistory(t, s, "adie", *created(t0), submitted, note, activated)
	requireHistory(t, s, "frac", *created(t0))
}

func testPartnerTokens(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	a := newPartner("adie", "ADIE")
	createPartner(t, s, a)
	b := newPartner("frac", "FRAC")
	createPartner(t, s, b)
	assert.Nil(t, readPartner(t, s, "adie").Token, "Token of a partner without tokens")

	first := newStoredToken("aaaaaaaaaaaa", "adie", t0.Add(time.Hour))
	a.Status, a.Updated = eleader.StatusActive, first.Issued
	save(t, s, eleader.PartnerUpdate{Partner: a, Token: &first})
	got := requireToken(t, s, first.ID)
	assert.Equal(t, normToken(first), normToken(got), "Token read back")
	assert.Equal(t, first.Hash, got.Hash, "the hash is kept")
	assert.Equal(t, &eleader.TokenInfo{ID: first.ID, Issued: first.Issued}, norm(readPartner(t, s, "adie")).Token, "Partner.Token")

	other := newStoredToken("ffffffffffff", "frac", t0.Add(90*time.Minute))
	b.Updated = other.Issued
	save(t, s, eleader.PartnerUpdate{Partner: b, Token: &other})

	// A new token revokes the partner's others, not another partner's.
	next := newStoredToken("bbbbbbbbbbbb", "adie", t0.Add(2*time.Hour))
	a.Updated = next.Issued
	save(t, s, eleader.PartnerUpdate{Partner: a, Token: &next})
	revoked := requireToken(t, s, first.ID)
	assert.False(t, revoked.Revoked.IsZero(), "the partner's previous token is revoked")
	assert.False(t, revoked.Revoked.Before(first.Issued), "revoked %v before it was issued %v", revoked.Revoked, first.Issued)
	assert.Equal(t, first.Hash, revoked.Hash, "the hash of a revoked token is kept")
	assert.Equal(t, normToken(next), normToken(requireToken(t, s, next.ID)), "the new token")
	assert.Equal(t, normToken(other), normToken(requireToken(t, s, other.ID)), "another partner's token")
	assert.Equal(t, &eleader.TokenInfo{ID: next.ID, Issued: next.Issued}, norm(readPartner(t, s, "adie")).Token, "Partner.Token after a new token")
	assert.Equal(t, &eleader.TokenInfo{ID: other.ID, Issued: other.Issued}, norm(readPartner(t, s, "frac")).Token, "another partner's Partner.Token")

	// RevokeTokens revokes them all; a revocation keeps its date.
	a.Updated = t0.Add(3 * time.Hour)
	save(t, s, eleader.PartnerUpdate{Partner: a, RevokeTokens: true})
	for _, id := range []string{first.ID, next.ID} {
		assert.False(t, requireToken(t, s, id).Revoked.IsZero(), "token %s after RevokeTokens", id)
	}
	assert.True(t, requireToken(t, s, first.ID).Revoked.Equal(revoked.Revoked), "a revoked token's revocation date changed")
	assert.True(t, requireToken(t, s, other.ID).Revoked.IsZero(), "another partner's token after RevokeTokens")
	assert.Equal(t, &eleader.TokenInfo{ID: next.ID, Issued: next.Issued, Revoked: true}, norm(readPartner(t, s, "adie")).Token, "Partner.Token after RevokeTokens")

	// Partners describes tokens as Partner does.
	list, err := s.Partners(ctx, eleader.PartnerFilter{})
	require.NoError(t, err)
	require.Len(t, list, 2)
	for _, p := range list {
		assert.Equal(t, norm(readPartner(t, s, p.ID())), norm(p), "Partners and Partner of %s", p.ID())
	}

	// A new token after RevokeTokens is in force.
	third := newStoredToken("cccccccccccc", "adie", t0.Add(4*time.Hour))
	a.Updated = third.Issued
	save(t, s, eleader.PartnerUpdate{Partner: a, Token: &third})
	assert.True(t, requireToken(t, s, third.ID).Revoked.IsZero(), "a token issued after RevokeTokens")
	assert.Equal(t, &eleader.TokenInfo{ID: third.ID, Issued: third.Issued}, norm(readPartner(t, s, "adie")).Token, "Partner.Token after a new token")

	_, err = s.Token(ctx, "zzzzzzzzzzzz")
	requireCode(t, err, eleader.ENOTFOUND, "Token of an unknown id")
}

// Partner.Token is the token issued last, also when two tokens are issued
// within the same second (a rotation right after an activation).
func testPartnerLatestTokenSameSecond(t *testing.T, s eleader.Store) {
	tests := []struct {
		name        string
		first, last time.Duration // after t0, a whole second
	}{
		{"whole second then half", 0, 500 * time.Millisecond},
		{"tenth then fifteen hundredths", 100 * time.Millisecond, 150 * time.Millisecond},
		{"half then three quarters", 500 * time.Millisecond, 750 * time.Millisecond},
	}
	for i, tc := range tests {
		id := "p" + string(rune('a'+i)) + "x"
		p := newPartner(id, "OPR"+string(rune('A'+i)))
		createPartner(t, s, p)
		first := newStoredToken(string(rune('a'+i))+"aaaaaaaaaaa", id, t0.Add(tc.first))
		p.Status, p.Updated = eleader.StatusActive, first.Issued
		save(t, s, eleader.PartnerUpdate{Partner: p, Token: &first})
		last := newStoredToken(string(rune('a'+i))+"bbbbbbbbbbb", id, t0.Add(tc.last))
		p.Updated = last.Issued
		save(t, s, eleader.PartnerUpdate{Partner: p, Token: &last})

		require.True(t, requireToken(t, s, last.ID).Revoked.IsZero(), "%s: the token issued last is in force", tc.name)
		got := readPartner(t, s, id).Token
		require.NotNil(t, got, "%s: Partner.Token", tc.name)
		assert.Equal(t, last.ID, got.ID, "%s: Partner.Token describes the token issued last (issued %s, after %s)",
			tc.name, last.Issued.Format(time.RFC3339Nano), first.Issued.Format(time.RFC3339Nano))
		assert.False(t, got.Revoked, "%s: Partner.Token says revoked while the partner has a token in force", tc.name)
	}
}

func testPartnersFilter(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	mk := func(id string, status eleader.SheetStatus, env eleader.Environment, op string, channels ...eleader.Channel) {
		p := newPartner(id, op)
		p.Status, p.Sheet.Environment, p.Sheet.Channels = status, env, channels
		createPartner(t, s, p)
	}
	// Created out of order: Partners orders by identifier.
	mk("frac", eleader.StatusSent, eleader.Qualification, "FRAC", eleader.ChannelWeb)
	mk("adie-idf", eleader.StatusActive, eleader.Production, "ADI2", eleader.ChannelDepot)
	mk("bge", eleader.StatusActive, eleader.Production, "BGE1", eleader.ChannelAPI)
	mk("adie", eleader.StatusDraft, eleader.Qualification, "ADIE", eleader.ChannelAPI, eleader.ChannelWeb)
	mk("initiative_95", eleader.StatusDeactivated, eleader.Qualification, "INI9", eleader.ChannelWeb, eleader.ChannelDepot)
	// bge and adie-idf passed a qualification.
	for _, id := range []string{"bge", "adie-idf"} {
		p := readPartner(t, s, id)
		p.QualifiedAt = t0.Add(time.Hour)
		save(t, s, eleader.PartnerUpdate{Partner: p})
	}
	yes, no := true, false

	tests := []struct {
		name string
		f    eleader.PartnerFilter
		want []string
	}{
		{"all", eleader.PartnerFilter{}, []string{"adie", "adie-idf", "bge", "frac", "initiative_95"}},
		{"identifier", eleader.PartnerFilter{Partner: "adie"}, []string{"adie", "adie-idf"}},
		{"inside the identifier", eleader.PartnerFilter{Partner: "die-"}, []string{"adie-idf"}},
		{"whole identifier", eleader.PartnerFilter{Partner: "bge"}, []string{"bge"}},
		{"underscore is a character", eleader.PartnerFilter{Partner: "_"}, []string{"initiative_95"}},
		{"percent is a character", eleader.PartnerFilter{Partner: "%"}, nil},
		{"no such identifier", eleader.PartnerFilter{Partner: "adiex"}, nil},
		{"status", eleader.PartnerFilter{Status: eleader.StatusActive}, []string{"adie-idf", "bge"}},
		{"status draft", eleader.PartnerFilter{Status: eleader.StatusDraft}, []string{"adie"}},
		{"no partner in status", eleader.PartnerFilter{Status: eleader.StatusSentUpdate}, nil},
		{"environment", eleader.PartnerFilter{Environment: eleader.Production}, []string{"adie-idf", "bge"}},
		{"qualification", eleader.PartnerFilter{Environment: eleader.Qualification}, []string{"adie", "frac", "initiative_95"}},
		{"channel web", eleader.PartnerFilter{Channel: eleader.ChannelWeb}, []string{"adie", "frac", "initiative_95"}},
		{"channel api", eleader.PartnerFilter{Channel: eleader.ChannelAPI}, []string{"adie", "bge"}},
		{"channel depot", eleader.PartnerFilter{Channel: eleader.ChannelDepot}, []string{"adie-idf", "initiative_95"}},
		{"part of a channel", eleader.PartnerFilter{Channel: "we"}, nil},
		{"identifier and channel", eleader.PartnerFilter{Partner: "adie", Channel: eleader.ChannelDepot}, []string{"adie-idf"}},
		{"status and environment", eleader.PartnerFilter{Status: eleader.StatusActive, Environment: eleader.Qualification}, nil},
		{"all fields", eleader.PartnerFilter{Partner: "i", Status: eleader.StatusDeactivated, Environment: eleader.Qualification, Channel: eleader.ChannelWeb}, []string{"initiative_95"}},
		{"qualification passed", eleader.PartnerFilter{Qualified: &yes}, []string{"adie-idf", "bge"}},
		{"qualification not passed", eleader.PartnerFilter{Qualified: &no}, []string{"adie", "frac", "initiative_95"}},
		{"qualification passed and channel", eleader.PartnerFilter{Qualified: &yes, Channel: eleader.ChannelAPI}, []string{"bge"}},
		{"qualification not passed and status", eleader.PartnerFilter{Qualified: &no, Status: eleader.StatusActive}, nil},
	}
	for _, tc := range tests {
		ps, err := s.Partners(ctx, tc.f)
		require.NoError(t, err, tc.name)
		var ids []string
		for _, p := range ps {
			ids = append(ids, p.ID())
			assert.Equal(t, norm(readPartner(t, s, p.ID())), norm(p), "%s: Partners and Partner of %s", tc.name, p.ID())
			assert.True(t, tc.f.Match(p), "%s: %s does not match the filter", tc.name, p.ID())
		}
		assert.Equal(t, tc.want, ids, "%s: Partners(%+v)", tc.name, tc.f)
	}

	// The filter follows changes.
	p := readPartner(t, s, "frac")
	p.Status, p.Sheet.Environment, p.Sheet.Channels = eleader.StatusActive, eleader.Production, []eleader.Channel{eleader.ChannelDepot}
	save(t, s, eleader.PartnerUpdate{Partner: p})
	ps, err := s.Partners(ctx, eleader.PartnerFilter{Status: eleader.StatusActive, Environment: eleader.Production, Channel: eleader.ChannelDepot})
	require.NoError(t, err)
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID())
	}
	assert.Equal(t, []string{"adie-idf", "frac"}, ids, "Partners after frac changed")
	ps, err = s.Partners(ctx, eleader.PartnerFilter{Channel: eleader.ChannelWeb})
	require.NoError(t, err)
	ids = nil
	for _, p := range ps {
		ids = append(ids, p.ID())
	}
	assert.Equal(t, []string{"adie", "initiative_95"}, ids, "Partners on the web channel after frac left it")
}
