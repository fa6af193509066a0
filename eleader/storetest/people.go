package storetest

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// person returns a new person to create, at t0.
func person(email string, operator bool, rights map[string]eleader.Right) *eleader.Person {
	if rights == nil {
		rights = map[string]eleader.Right{}
	}
	return &eleader.Person{Email: email, Operator: operator, Rights: rights, Created: t0, Updated: t0}
}

// savePerson writes u, which must succeed.
func savePerson(tb testing.TB, s eleader.Store, u eleader.PersonUpdate) {
	tb.Helper()
	require.NoError(tb, s.SavePerson(tb.Context(), u), "SavePerson %s version %d", u.Person.Email, u.Person.Version)
}

// readPerson returns the person, who must exist.
func readPerson(tb testing.TB, s eleader.Store, email string) *eleader.Person {
	tb.Helper()
	p, err := s.Person(tb.Context(), email)
	require.NoError(tb, err, "Person %s", email)
	return p
}

// normPerson returns a copy of p with its times to the second.
func normPerson(p *eleader.Person) eleader.Person {
	c := *p
	c.Created, c.Updated = second(c.Created), second(c.Updated)
	return c
}

func emails(people []*eleader.Person) []string {
	var out []string
	for _, p := range people {
		out = append(out, p.Email)
	}
	return out
}

// hashOf is the SHA-256 of s, as good as any hash for a store.
func hashOf(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

func testPeople(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	_, err := s.Person(ctx, "alice@adie.example")
	requireCode(t, err, eleader.ENOTFOUND, "Person of an empty store")
	all, err := s.People(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, all)

	alice := person("alice@adie.example", false, map[string]eleader.Right{"adie": eleader.RightModification, "bge": eleader.RightConsultation})
	grant := &eleader.ActionRecord{At: t0, By: "carol", Action: eleader.ActionGrant, Partner: "adie", Person: alice.Email, Detail: "modification"}
	savePerson(t, s, eleader.PersonUpdate{Person: alice, Action: grant})
	assert.Equal(t, int64(1), alice.Version, "SavePerson sets the version")
	assert.NotZero(t, grant.ID, "the action's ID is set")
	got := readPerson(t, s, alice.Email)
	assert.Equal(t, normPerson(alice), normPerson(got))

	requireCode(t, s.SavePerson(ctx, eleader.PersonUpdate{Person: person(alice.Email, true, nil)}), eleader.ECONFLICT, "creating a person twice")
	assert.Equal(t, normPerson(alice), normPerson(readPerson(t, s, alice.Email)), "a refused creation changes nothing")

	bob := person("bob@eleader.example", true, nil)
	savePerson(t, s, eleader.PersonUpdate{Person: bob})
	all, err = s.People(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, []string{"alice@adie.example", "bob@eleader.example"}, emails(all))
	assert.Empty(t, all[1].Rights)
	assert.True(t, all[1].Operator)
	for partner, want := range map[string][]string{"adie": {"alice@adie.example"}, "bge": {"alice@adie.example"}, "frac": nil} {
		ps, err := s.People(ctx, partner)
		require.NoError(t, err)
		assert.Equal(t, want, emails(ps), "People(%s)", partner)
		for _, p := range ps {
			assert.Equal(t, normPerson(readPerson(t, s, p.Email)), normPerson(p), "People(%s) gives every right", partner)
		}
	}

	// An update replaces the rights; a stale one is refused.
	stale := *got
	got.Rights = map[string]eleader.Right{"adie": eleader.RightConsultation, "frac": eleader.RightModification}
	got.Operator, got.Updated = true, t0.Add(time.Hour)
	savePerson(t, s, eleader.PersonUpdate{Person: got, Action: &eleader.ActionRecord{At: t0.Add(time.Hour), By: "carol", Action: eleader.ActionRevoke, Partner: "bge", Person: alice.Email}})
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, normPerson(got), normPerson(readPerson(t, s, alice.Email)))
	stale.Rights = map[string]eleader.Right{"zzz": eleader.RightModification}
	requireCode(t, s.SavePerson(ctx, eleader.PersonUpdate{Person: &stale, Action: &eleader.ActionRecord{At: t0, By: "x", Action: "lost", Person: alice.Email}}),
		eleader.ECONFLICT, "a stale update")
	assert.Equal(t, normPerson(got), normPerson(readPerson(t, s, alice.Email)), "a stale update changes nothing")
	ps, err := s.People(ctx, "bge")
	require.NoError(t, err)
	assert.Empty(t, ps, "the right on bge was taken")

	acts, err := s.Actions(ctx, eleader.ActionFilter{Person: alice.Email})
	require.NoError(t, err)
	var kinds []string
	for _, a := range acts {
		kinds = append(kinds, a.Action)
	}
	assert.Equal(t, []string{eleader.ActionRevoke, eleader.ActionGrant}, kinds, "the actions of the saves, most recent first; none of the refused one")
}

func testPersonRemove(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	alice := person("alice@adie.example", false, map[string]eleader.Right{"adie": eleader.RightModification})
	savePerson(t, s, eleader.PersonUpdate{Person: alice})
	bob := person("bob@adie.example", false, map[string]eleader.Right{"adie": eleader.RightConsultation})
	savePerson(t, s, eleader.PersonUpdate{Person: bob})
	for _, sess := range []eleader.StoredSession{
		{ID: "s-alice", Hash: hashOf("a"), Email: alice.Email, Created: t0, Expires: t0.Add(8 * time.Hour)},
		{ID: "s-bob", Hash: hashOf("b"), Email: bob.Email, Created: t0, Expires: t0.Add(8 * time.Hour)},
	} {
		require.NoError(t, s.AddSession(ctx, sess))
	}
	require.NoError(t, s.AddLoginLink(ctx, eleader.LoginLink{ID: "l-alice", Email: alice.Email, Hash: hashOf("l"), Created: t0, Expires: t0.Add(15 * time.Minute)}))

	rm := &eleader.ActionRecord{At: t0, By: "carol", Action: eleader.ActionRemove, Person: alice.Email}
	savePerson(t, s, eleader.PersonUpdate{Person: alice, Remove: true, Action: rm})
	_, err := s.Person(ctx, alice.Email)
	requireCode(t, err, eleader.ENOTFOUND, "a removed person")
	_, err = s.Session(ctx, "s-alice")
	requireCode(t, err, eleader.ENOTFOUND, "a removed person's session ends at once")
	_, err = s.LoginLink(ctx, "l-alice")
	requireCode(t, err, eleader.ENOTFOUND, "a removed person's sign-in link")
	_, err = s.Session(ctx, "s-bob")
	assert.NoError(t, err, "another person's session stays")
	ps, err := s.People(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, []string{bob.Email}, emails(ps))

	before, err := s.Actions(ctx, eleader.ActionFilter{})
	require.NoError(t, err)
	err = s.SavePerson(ctx, eleader.PersonUpdate{Person: alice, Remove: true, Action: &eleader.ActionRecord{At: t0, By: "carol", Action: eleader.ActionRemove, Person: alice.Email}})
	requireCode(t, err, eleader.ENOTFOUND, "removing a person twice")
	after, err := s.Actions(ctx, eleader.ActionFilter{})
	require.NoError(t, err)
	assert.Len(t, after, len(before), "a refused removal records no action")

	// The person can be created again, without the old rights.
	savePerson(t, s, eleader.PersonUpdate{Person: person(alice.Email, false, nil)})
	assert.Empty(t, readPerson(t, s, alice.Email).Rights)
}

func testLoginLinks(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	_, err := s.LoginLink(ctx, "nope")
	requireCode(t, err, eleader.ENOTFOUND, "an unknown link")
	link := eleader.LoginLink{ID: "link1", Email: "alice@adie.example", Hash: hashOf("secret1"), Next: "/raccordements/fiches/adie",
		Created: t0, Expires: t0.Add(15 * time.Minute)}
	require.NoError(t, s.AddLoginLink(ctx, link))
	requireCode(t, s.AddLoginLink(ctx, link), eleader.ECONFLICT, "a link ID twice")
	got, err := s.LoginLink(ctx, "link1")
	require.NoError(t, err)
	assert.Equal(t, link.Email, got.Email)
	assert.Equal(t, link.Hash, got.Hash)
	assert.Equal(t, link.Next, got.Next)
	assert.Equal(t, second(link.Created), second(got.Created))
	assert.Equal(t, second(link.Expires), second(got.Expires))
	assert.True(t, got.Used.IsZero())

	require.NoError(t, s.AddLoginLink(ctx, eleader.LoginLink{ID: "link2", Email: "alice@adie.example", Hash: hashOf("secret2"), Created: t0.Add(10 * time.Minute), Expires: t0.Add(25 * time.Minute)}))
	require.NoError(t, s.AddLoginLink(ctx, eleader.LoginLink{ID: "link3", Email: "bob@adie.example", Hash: hashOf("secret3"),
		Created: t0.Add(10 * time.Minute), Expires: t0.Add(25 * time.Minute)}))
	for _, tc := range []struct {
		email string
		since time.Time
		want  int
	}{
		{"alice@adie.example", t0.Add(-time.Hour), 2},
		{"alice@adie.example", t0, 2},
		{"alice@adie.example", t0.Add(time.Minute), 1},
		{"alice@adie.example", t0.Add(11 * time.Minute), 0},
		{"bob@adie.example", t0, 1},
		{"carol@adie.example", t0, 0},
	} {
		n, err := s.CountLoginLinks(ctx, tc.email, tc.since)
		require.NoError(t, err)
		assert.Equal(t, tc.want, n, "CountLoginLinks(%s, %s)", tc.email, tc.since)
	}

	// Used once: the session is stored with the mark; used twice: refused,
	// and the second session is not stored.
	used := t0.Add(5 * time.Minute)
	first := eleader.StoredSession{ID: "sess1", Hash: hashOf("c1"), Email: link.Email, Created: used, Expires: used.Add(8 * time.Hour)}
	require.NoError(t, s.UseLoginLink(ctx, "link1", used, first))
	got, err = s.LoginLink(ctx, "link1")
	require.NoError(t, err)
	assert.Equal(t, second(used), second(got.Used))
	sess, err := s.Session(ctx, "sess1")
	require.NoError(t, err)
	assert.Equal(t, first.Email, sess.Email)
	again := eleader.StoredSession{ID: "sess2", Hash: hashOf("c2"), Email: link.Email, Created: used, Expires: used.Add(8 * time.Hour)}
	requireCode(t, s.UseLoginLink(ctx, "link1", used.Add(time.Second), again), eleader.ECONFLICT, "a link used twice")
	_, err = s.Session(ctx, "sess2")
	requireCode(t, err, eleader.ENOTFOUND, "a used link opens no session")
	got, err = s.LoginLink(ctx, "link1")
	require.NoError(t, err)
	assert.Equal(t, second(used), second(got.Used), "the first use stays")
	requireCode(t, s.UseLoginLink(ctx, "nope", used, again), eleader.ENOTFOUND, "an unknown link")
	_, err = s.Session(ctx, "sess2")
	requireCode(t, err, eleader.ENOTFOUND, "an unknown link opens no session")
}

func testSessions(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	_, err := s.Session(ctx, "nope")
	requireCode(t, err, eleader.ENOTFOUND, "an unknown session")
	personal := eleader.StoredSession{ID: "p1", Hash: hashOf("p1"), Email: "alice@adie.example", Created: t0, Expires: t0.Add(8 * time.Hour)}
	token := eleader.StoredSession{ID: "t1", Hash: hashOf("t1"), Partner: "adie", TokenID: "abcdefghijkl", Created: t0, Expires: t0.Add(time.Hour)}
	for _, sess := range []eleader.StoredSession{personal, token} {
		require.NoError(t, s.AddSession(ctx, sess))
		got, err := s.Session(ctx, sess.ID)
		require.NoError(t, err)
		got.Created, got.Expires = second(got.Created), second(got.Expires)
		want := sess
		want.Created, want.Expires = second(want.Created), second(want.Expires)
		assert.Equal(t, want, got)
	}
	requireCode(t, s.AddSession(ctx, personal), eleader.ECONFLICT, "a session ID twice")

	require.NoError(t, s.DeleteSession(ctx, "p1"))
	_, err = s.Session(ctx, "p1")
	requireCode(t, err, eleader.ENOTFOUND, "a deleted session")
	require.NoError(t, s.DeleteSession(ctx, "p1"), "deleting a session twice is fine")

	// Purge: sessions expired at now go; links go a day after they expire.
	require.NoError(t, s.AddSession(ctx, eleader.StoredSession{ID: "p2", Hash: hashOf("p2"), Email: "bob@adie.example", Created: t0, Expires: t0.Add(3 * time.Hour)}))
	require.NoError(t, s.AddLoginLink(ctx, eleader.LoginLink{ID: "old", Email: "bob@adie.example", Hash: hashOf("old"), Created: t0.Add(-48 * time.Hour), Expires: t0.Add(-47 * time.Hour)}))
	require.NoError(t, s.AddLoginLink(ctx, eleader.LoginLink{ID: "recent", Email: "bob@adie.example", Hash: hashOf("recent"), Created: t0, Expires: t0.Add(15 * time.Minute)}))
	n, err := s.PurgeSessions(ctx, t0.Add(2*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the token session (expired at 1 h) and the old link")
	_, err = s.Session(ctx, "t1")
	requireCode(t, err, eleader.ENOTFOUND, "an expired session purged")
	_, err = s.Session(ctx, "p2")
	assert.NoError(t, err, "a session in force stays")
	_, err = s.LoginLink(ctx, "old")
	requireCode(t, err, eleader.ENOTFOUND, "an old link purged")
	_, err = s.LoginLink(ctx, "recent")
	assert.NoError(t, err, "a link expired less than a day ago stays (it still counts for the rate limit)")
}

func testActions(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	acts, err := s.Actions(ctx, eleader.ActionFilter{})
	require.NoError(t, err)
	assert.Empty(t, acts)
	records := []*eleader.ActionRecord{
		{At: t0, By: "carol@eleader.example", Action: eleader.ActionGrant, Partner: "adie", Person: "alice@adie.example", Detail: "modification"},
		{At: t0.Add(time.Minute), By: "alice@adie.example", Action: eleader.ActionSignIn, Person: "alice@adie.example"},
		{At: t0.Add(2 * time.Minute), By: "carol@eleader.example", Action: eleader.ActionResend, Partner: "bge", Detail: "report 12"},
		{At: t0.Add(3 * time.Minute), By: "carol@eleader.example", Action: eleader.ActionDeleteDraft, Partner: "adie", Detail: "« commentaire »\navec accents"},
	}
	var last int64
	for _, a := range records {
		require.NoError(t, s.RecordAction(ctx, a))
		assert.Greater(t, a.ID, last, "IDs increase")
		last = a.ID
	}
	ids := func(f eleader.ActionFilter) []int64 {
		acts, err := s.Actions(ctx, f)
		require.NoError(t, err)
		var out []int64
		for _, a := range acts {
			out = append(out, a.ID)
		}
		return out
	}
	r := records
	assert.Equal(t, []int64{r[3].ID, r[2].ID, r[1].ID, r[0].ID}, ids(eleader.ActionFilter{}), "most recent first")
	assert.Equal(t, []int64{r[3].ID, r[0].ID}, ids(eleader.ActionFilter{Partner: "adie"}))
	assert.Equal(t, []int64{r[1].ID, r[0].ID}, ids(eleader.ActionFilter{Person: "alice@adie.example"}), "on the person, or by them")
	assert.Equal(t, []int64{r[3].ID, r[2].ID, r[0].ID}, ids(eleader.ActionFilter{Person: "carol@eleader.example"}), "by the person")
	assert.Equal(t, []int64{r[3].ID, r[2].ID}, ids(eleader.ActionFilter{Limit: 2}))
	assert.Empty(t, ids(eleader.ActionFilter{Partner: "frac"}))
	acts, err = s.Actions(ctx, eleader.ActionFilter{Partner: "adie", Limit: 1})
	require.NoError(t, err)
	require.Len(t, acts, 1)
	got := acts[0]
	got.At = second(got.At)
	want := *r[3]
	want.At = second(want.At)
	assert.Equal(t, want, got, "an action reads back as written")
}

func testDeletePartner(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	requireCode(t, s.DeletePartner(ctx, "adie", 1, nil), eleader.ENOTFOUND, "deleting an unknown partner")
	p := newPartner("adie", "ADIE", "ADI2")
	createPartner(t, s, p)
	tok := newStoredToken("aaaaaaaaaaaa", "adie", t0)
	save(t, s, eleader.PartnerUpdate{Partner: p, Token: &tok, Transition: &eleader.Transition{At: t0, By: "x", From: "BROUILLON", To: "BROUILLON", Comment: "token"}})
	require.NoError(t, s.AddSession(ctx, eleader.StoredSession{ID: "tok", Hash: hashOf("t"), Partner: "adie", TokenID: tok.ID, Created: t0, Expires: t0.Add(time.Hour)}))
	alice := person("alice@adie.example", false, map[string]eleader.Right{"adie": eleader.RightModification})
	savePerson(t, s, eleader.PersonUpdate{Person: alice})
	createPartner(t, s, newPartner("bge", "BGE1"))

	requireCode(t, s.DeletePartner(ctx, "adie", p.Version-1, nil), eleader.ECONFLICT, "deleting a stale copy")
	readPartner(t, s, "adie")

	del := &eleader.ActionRecord{At: t0, By: alice.Email, Action: eleader.ActionDeleteDraft, Partner: "adie"}
	require.NoError(t, s.DeletePartner(ctx, "adie", p.Version, del))
	assert.NotZero(t, del.ID)
	_, err := s.Partner(ctx, "adie")
	requireCode(t, err, eleader.ENOTFOUND, "a deleted partner")
	h, err := s.History(ctx, "adie")
	require.NoError(t, err)
	assert.Empty(t, h, "its history goes")
	_, err = s.Token(ctx, tok.ID)
	requireCode(t, err, eleader.ENOTFOUND, "its tokens go")
	_, err = s.Session(ctx, "tok")
	requireCode(t, err, eleader.ENOTFOUND, "its token sessions end")
	ps, err := s.Partners(ctx, eleader.PartnerFilter{})
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, "bge", ps[0].ID())
	assert.Equal(t, eleader.RightModification, readPerson(t, s, alice.Email).Right("adie"), "rights on the identifier stay")

	// Its identifier and operator codes are free again.
	again := newPartner("adie", "ADIE")
	createPartner(t, s, again)
	createPartner(t, s, newPartner("frac", "ADI2"))
	h, err = s.History(ctx, "adie")
	require.NoError(t, err)
	assert.Len(t, h, 1, "the new partner's history only")
}

func testPartnerReveal(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	p := newPartner("adie", "ADIE")
	p.Reveal = &eleader.TokenReveal{Since: t0.Add(time.Hour), By: "run"}
	createPartner(t, s, p)
	got := readPartner(t, s, "adie")
	require.NotNil(t, got.Reveal)
	assert.Equal(t, second(p.Reveal.Since), second(got.Reveal.Since))
	assert.Equal(t, "run", got.Reveal.By)
	ps, err := s.Partners(ctx, eleader.PartnerFilter{})
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, norm(got), norm(ps[0]))

	got.Reveal = &eleader.TokenReveal{Since: t0.Add(2 * time.Hour), By: "carol@eleader.example"}
	save(t, s, eleader.PartnerUpdate{Partner: got})
	again := readPartner(t, s, "adie")
	assert.Equal(t, "carol@eleader.example", again.Reveal.By)
	again.Reveal = nil
	tok := newStoredToken("aaaaaaaaaaaa", "adie", t0.Add(3*time.Hour))
	save(t, s, eleader.PartnerUpdate{Partner: again, Token: &tok})
	last := readPartner(t, s, "adie")
	assert.Nil(t, last.Reveal, "revealed: nothing waits")
	require.NotNil(t, last.Token)
	assert.Equal(t, tok.ID, last.Token.ID)
}
