package eleader_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPeopleMay(t *testing.T) {
	p := &eleader.Person{Email: "a@adie.example", Rights: map[string]eleader.Right{"adie": eleader.RightModification, "bge": eleader.RightConsultation}}
	op := &eleader.Person{Email: "op@eleader.example", Operator: true, Rights: map[string]eleader.Right{}}
	tests := []struct {
		who     *eleader.Person
		partner string
		need    eleader.Right
		want    string // error code, "" for nil
	}{
		{p, "adie", eleader.RightModification, ""},
		{p, "adie", eleader.RightConsultation, ""},
		{p, "bge", eleader.RightConsultation, ""},
		{p, "bge", eleader.RightModification, eleader.EFORBIDDEN},
		{p, "frac", eleader.RightConsultation, eleader.ENOTFOUND},
		{p, "frac", eleader.RightModification, eleader.ENOTFOUND},
		{p, "adie", "admin", eleader.EFORBIDDEN},
		{op, "frac", eleader.RightConsultation, ""},
		{op, "frac", eleader.RightModification, eleader.ENOTFOUND},
	}
	for _, tt := range tests {
		err := tt.who.May(tt.partner, tt.need)
		assert.Equal(t, tt.want, eleader.ErrorCode(err), "%s May(%s, %s): %v", tt.who.Email, tt.partner, tt.need, err)
	}
	assert.Contains(t, p.May("bge", eleader.RightModification).Error(), "a@adie.example has the right consultation on bge")
	assert.NoError(t, op.MayOperate())
	assert.Equal(t, eleader.EFORBIDDEN, eleader.ErrorCode(p.MayOperate()))
	assert.Equal(t, []string{"adie", "bge"}, p.Partners())
}

func TestPeopleNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"  Jeanne.Tech@ADIE.example ":           "jeanne.tech@adie.example",
		"a+b@x.example":                         "a+b@x.example",
		"nope":                                  "",
		"Jeanne <j@adie.example>":               "",
		"j@localhost":                           "",
		"":                                      "",
		"j@@adie.example":                       "",
		strings.Repeat("a", 250) + "@x.example": "",
	} {
		got, err := eleader.NormalizeEmail(in)
		if want == "" {
			assert.Equal(t, eleader.EINVALID, eleader.ErrorCode(err), "%q", in)
			assert.ErrorIs(t, err, eleader.ErrBadEmail)
			continue
		}
		require.NoError(t, err, "%q", in)
		assert.Equal(t, want, got)
	}
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"a@b.example", " A@B.example", "<a@b.example>", "a@b", "\"a b\"@c.example", "\x00@x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := eleader.NormalizeEmail(s)
		if err != nil {
			if eleader.ErrorCode(err) != eleader.EINVALID {
				t.Fatalf("%q: error %v is not EINVALID", s, err)
			}
			return
		}
		again, err := eleader.NormalizeEmail(got)
		if err != nil || again != got {
			t.Fatalf("%q → %q → %q, %v: not stable", s, got, again, err)
		}
		if got != strings.ToLower(got) || len(got) > 254 {
			t.Fatalf("%q → %q", s, got)
		}
	})
}

// TestPeopleGrant: rights are given and taken by E#L, recorded with who did
// it, and the person is invited by email — an email without any secret.
func TestPeopleGrant(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	res, err := e.svc.GrantRight(ctx, " Jeanne@ADIE.example", "adie", eleader.RightConsultation, "carol")
	require.NoError(t, err)
	assert.True(t, res.Changed)
	assert.True(t, res.Invited)
	assert.Equal(t, "jeanne@adie.example", res.Person.Email)
	assert.Equal(t, eleader.RightConsultation, res.Person.Right("adie"))
	inv := e.mail.to("jeanne@adie.example")
	require.Len(t, inv, 1)
	assert.Equal(t, "E#L – accès à l'espace raccordements (adie)", inv[0].Subject)
	assert.Contains(t, inv[0].Text, "carol vous a donné le droit « Consultation » sur le partenaire adie")
	assert.Contains(t, inv[0].Text, portalURL+"/connexion")
	assert.NotContains(t, inv[0].Text, "jeton=")
	assert.Regexp(t, `^<invitation-adie-\d+@eleader\.example>$`, inv[0].MessageID)

	res, err = e.svc.GrantRight(ctx, "jeanne@adie.example", "adie", eleader.RightConsultation, "carol")
	require.NoError(t, err)
	assert.False(t, res.Changed, "the same right again writes nothing")
	assert.Len(t, e.mail.to("jeanne@adie.example"), 1, "and sends nothing")
	res, err = e.svc.GrantRight(ctx, "jeanne@adie.example", "adie", eleader.RightModification, "carol")
	require.NoError(t, err)
	assert.True(t, res.Changed)
	acts, err := e.svc.Actions(ctx, eleader.ActionFilter{Partner: "adie"})
	require.NoError(t, err)
	require.Len(t, acts, 2)
	assert.Equal(t, "modification (was consultation)", acts[0].Detail)
	assert.Equal(t, "carol", acts[0].By)
	assert.Equal(t, eleader.ActionGrant, acts[1].Action)

	for _, tt := range []struct{ email, partner, right, want string }{
		{"nope", "adie", "modification", "email"},
		{"a@adie.example", "Adie!", "modification", "partner"},
		{"a@adie.example", "adie", "admin", "right"},
	} {
		_, err := e.svc.GrantRight(ctx, tt.email, tt.partner, eleader.Right(tt.right), "carol")
		assert.Contains(t, asError(t, err, eleader.EINVALID).Message, tt.want)
	}

	// A failing mailer does not lose the right: the result says so.
	e.mail.Err = io.ErrClosedPipe
	res, err = e.svc.GrantRight(ctx, "paul@adie.example", "adie", eleader.RightConsultation, "carol")
	require.NoError(t, err)
	assert.False(t, res.Invited)
	assert.Contains(t, res.InviteError, "closed pipe")
	p, err := e.svc.Person(ctx, "paul@adie.example")
	require.NoError(t, err)
	assert.Equal(t, eleader.RightConsultation, p.Right("adie"))
	e.mail.Err = nil

	_, err = e.svc.RevokeRight(ctx, "jeanne@adie.example", "bge", "carol")
	asError(t, err, eleader.ENOTFOUND)
	p, err = e.svc.RevokeRight(ctx, "jeanne@adie.example", "adie", "carol")
	require.NoError(t, err)
	assert.Empty(t, p.Rights)
	require.NoError(t, e.svc.RemovePerson(ctx, "jeanne@adie.example", "carol"))
	_, err = e.svc.Person(ctx, "jeanne@adie.example")
	asError(t, err, eleader.ENOTFOUND)
	asError(t, e.svc.RemovePerson(ctx, "jeanne@adie.example", "carol"), eleader.ENOTFOUND)

	// The operator role.
	_, err = e.svc.SetOperator(ctx, "nobody@eleader.example", false, "root")
	asError(t, err, eleader.ENOTFOUND)
	op := e.operator(t, "carol@eleader.example")
	assert.True(t, op.Operator)
	_, err = e.svc.SetOperator(e.as(t, "carol@eleader.example"), "carol@eleader.example", false, "")
	assert.Contains(t, asError(t, err, eleader.ECONFLICT).Message, "cannot take their own operator role away")
	asError(t, e.svc.RemovePerson(e.as(t, "carol@eleader.example"), "carol@eleader.example", ""), eleader.ECONFLICT)
	e.operator(t, "dan@eleader.example")
	op, err = e.svc.SetOperator(e.as(t, "dan@eleader.example"), "carol@eleader.example", false, "")
	require.NoError(t, err)
	assert.False(t, op.Operator)
	acts, err = e.svc.Actions(ctx, eleader.ActionFilter{Person: "carol@eleader.example"})
	require.NoError(t, err)
	assert.Equal(t, "dan@eleader.example", acts[0].By, "the person acting is recorded, not the who given")
	assert.Equal(t, "no", acts[0].Detail)
}

// TestPeopleRights drives the service as people of the portal: each
// function judges the rights of the person in the context, and the
// transition table's role.
func TestPeopleRights(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	e.reach(t, "bge", "BGE1", sA)
	e.grant(t, "m@adie.example", "adie", eleader.RightModification)
	e.grant(t, "c@adie.example", "adie", eleader.RightConsultation)
	e.grant(t, "m@bge.example", "bge", eleader.RightModification)
	e.operator(t, "op@eleader.example")
	mod, cons, other, op := e.as(t, "m@adie.example"), e.as(t, "c@adie.example"), e.as(t, "m@bge.example"), e.as(t, "op@eleader.example")

	// The person with modification creates adie's sheet, which does not
	// exist yet; consultation cannot, nor can another partner's person.
	todo, err := e.svc.SheetsToCreate(mod)
	require.NoError(t, err)
	assert.Equal(t, []string{"adie"}, todo)
	todo, err = e.svc.SheetsToCreate(cons)
	require.NoError(t, err)
	assert.Empty(t, todo, "consultation creates nothing")
	_, _, err = e.svc.CreatePartner(cons, onbSheet("adie", "ADIE"), "")
	asError(t, err, eleader.EFORBIDDEN)
	_, _, err = e.svc.CreatePartner(other, onbSheet("adie", "ADIE"), "")
	asError(t, err, eleader.ENOTFOUND)
	_, _, err = e.svc.CreatePartner(mod, onbSheet("adie", "ADIE"), "ignored")
	require.NoError(t, err)
	hist, err := e.svc.PartnerHistory(mod, "adie")
	require.NoError(t, err)
	assert.Equal(t, "m@adie.example", hist[0].By, "the history records the person")

	edit := func(ctx context.Context, id string) error {
		_, _, err := e.svc.EditPartner(ctx, id, func(s *eleader.ConnectionSheet) error { s.Comments = "x"; return nil }, "", "")
		return err
	}
	// Reading: own partners only; another partner is not found.
	for _, c := range []context.Context{mod, cons} {
		_, err := e.svc.Partner(c, "adie")
		assert.NoError(t, err)
		_, err = e.svc.Partner(c, "bge")
		asError(t, err, eleader.ENOTFOUND)
		_, err = e.svc.PartnerHistory(c, "bge")
		asError(t, err, eleader.ENOTFOUND)
		_, err = e.svc.Imports(c, "bge")
		asError(t, err, eleader.ENOTFOUND)
		_, err = e.svc.Imports(c, "")
		asError(t, err, eleader.EFORBIDDEN)
		ps, err := e.svc.Partners(c, eleader.PartnerFilter{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.Equal(t, "adie", ps[0].ID())
		var b bytes.Buffer
		require.NoError(t, e.svc.ExportPartners(c, &b, eleader.PartnerFilter{}))
		assert.NotContains(t, b.String(), "bge", "an export holds the person's partners only")
		assert.Contains(t, b.String(), "\nadie;")
	}
	ps, err := e.svc.Partners(op, eleader.PartnerFilter{})
	require.NoError(t, err)
	assert.Len(t, ps, 2, "an operator sees every partner")

	// Writing: modification on its own partner, in the statuses the table
	// gives partners.
	asError(t, edit(cons, "adie"), eleader.EFORBIDDEN)
	asError(t, edit(other, "adie"), eleader.ENOTFOUND)
	asError(t, edit(mod, "bge"), eleader.ENOTFOUND)
	require.NoError(t, edit(mod, "adie"))
	_, err = e.svc.SubmitPartner(cons, "adie", "")
	asError(t, err, eleader.EFORBIDDEN)
	_, err = e.svc.SubmitPartner(mod, "adie", "")
	require.NoError(t, err)
	assert.Contains(t, asError(t, edit(mod, "adie"), eleader.EFORBIDDEN).Message, "only E#L may edit it in that status", "a sent sheet is read-only for the partner")
	require.NoError(t, edit(ctx, "adie"), "E#L edits it")
	_, err = e.svc.ProcessPartners(mod, "adie", "")
	asError(t, err, eleader.EFORBIDDEN)
	acts, err := e.svc.ProcessPartners(op, "adie", "")
	require.NoError(t, err)
	assert.Equal(t, sA, acts[0].Status, acts[0].Refused)
	p, err := e.svc.Partner(mod, "adie")
	require.NoError(t, err)
	require.NoError(t, edit(mod, "adie"), "an active sheet is edited by its partner")
	p, err = e.svc.Partner(mod, "adie")
	require.NoError(t, err)
	assert.Equal(t, sU, p.Status)
	asError(t, edit(mod, "adie"), eleader.EFORBIDDEN)

	// E#L's functions refuse a person who is not an operator.
	operatorOnly := map[string]func(context.Context) error{
		"process":    func(c context.Context) error { _, err := e.svc.ProcessPartners(c, "", ""); return err },
		"deactivate": func(c context.Context) error { _, err := e.svc.DeactivatePartner(c, "bge", "", ""); return err },
		"reactivate": func(c context.Context) error { _, err := e.svc.ReactivatePartner(c, "bge", "", ""); return err },
		"revoke token": func(c context.Context) error {
			return e.svc.RevokeToken(c, "bge", "")
		},
		"grant": func(c context.Context) error {
			_, err := e.svc.GrantRight(c, "x@adie.example", "adie", eleader.RightModification, "")
			return err
		},
		"revoke right": func(c context.Context) error {
			_, err := e.svc.RevokeRight(c, "c@adie.example", "adie", "")
			return err
		},
		"operator": func(c context.Context) error { _, err := e.svc.SetOperator(c, "m@adie.example", true, ""); return err },
		"remove":   func(c context.Context) error { return e.svc.RemovePerson(c, "c@adie.example", "") },
		"people":   func(c context.Context) error { _, err := e.svc.People(c, "adie"); return err },
		"person":   func(c context.Context) error { _, err := e.svc.Person(c, "m@bge.example"); return err },
		"actions":  func(c context.Context) error { _, err := e.svc.Actions(c, eleader.ActionFilter{}); return err },
		"reports":  func(c context.Context) error { _, err := e.svc.Reports(c, "adie", 10); return err },
		"report":   func(c context.Context) error { _, err := e.svc.Report(c, 1); return err },
		"resend":   func(c context.Context) error { return e.svc.ResendReport(c, 1, "") },
		"import sheets": func(c context.Context) error {
			_, err := e.svc.ImportPartners(c, strings.NewReader(""), "")
			return err
		},
	}
	for name, f := range operatorOnly {
		for who, c := range map[string]context.Context{"modification": mod, "consultation": cons} {
			assert.Equal(t, eleader.EFORBIDDEN, eleader.ErrorCode(f(c)), "%s as %s", name, who)
		}
	}
	_, err = e.svc.Person(mod, "m@adie.example")
	assert.NoError(t, err, "a person reads themselves")
	assert.Equal(t, sA, e.status(t, "bge"), "nothing changed bge")

	// Deleting: a draft only, with modification.
	e.grant(t, "m@adie.example", "adie-2", eleader.RightModification)
	e.grant(t, "c@adie.example", "adie-2", eleader.RightConsultation)
	mod, cons = e.as(t, "m@adie.example"), e.as(t, "c@adie.example")
	_, _, err = e.svc.CreatePartner(mod, onbSheet("adie-2", "ADI2"), "")
	require.NoError(t, err)
	asError(t, e.svc.DeletePartner(cons, "adie-2", ""), eleader.EFORBIDDEN)
	asError(t, e.svc.DeletePartner(other, "adie-2", ""), eleader.ENOTFOUND)
	asError(t, e.svc.DeletePartner(mod, "adie", ""), eleader.ECONFLICT)
	require.NoError(t, e.svc.DeletePartner(mod, "adie-2", ""))
	_, err = e.svc.Partner(ctx, "adie-2")
	asError(t, err, eleader.ENOTFOUND)
	todo, err = e.svc.SheetsToCreate(mod)
	require.NoError(t, err)
	assert.Equal(t, []string{"adie-2"}, todo, "a deleted draft can be created again")
	all, err := e.svc.Actions(op, eleader.ActionFilter{Partner: "adie-2"})
	require.NoError(t, err)
	assert.Equal(t, eleader.ActionDeleteDraft, all[0].Action)
	assert.Equal(t, "m@adie.example", all[0].By)
}

// TestPeopleRevocationAtOnce: a right taken away, or a person removed,
// takes effect at their next request — the session reads the person anew.
func TestPeopleRevocationAtOnce(t *testing.T) {
	ctx := context.Background()
	e := newPortal(t)
	e.grant(t, "m@adie.example", "adie", eleader.RightModification)
	e.reach(t, "adie", "ADIE", sD)
	secret, _ := e.signIn(t, "m@adie.example")
	sess, err := e.svc.SessionOf(ctx, secret)
	require.NoError(t, err)
	assert.NoError(t, sess.Person.May("adie", eleader.RightModification))

	_, err = e.svc.GrantRight(ctx, "m@adie.example", "adie", eleader.RightConsultation, "carol")
	require.NoError(t, err)
	sess, err = e.svc.SessionOf(ctx, secret)
	require.NoError(t, err)
	asError(t, sess.Person.May("adie", eleader.RightModification), eleader.EFORBIDDEN)

	_, err = e.svc.RevokeRight(ctx, "m@adie.example", "adie", "carol")
	require.NoError(t, err)
	sess, err = e.svc.SessionOf(ctx, secret)
	require.NoError(t, err)
	asError(t, sess.Person.May("adie", eleader.RightConsultation), eleader.ENOTFOUND)

	require.NoError(t, e.svc.RemovePerson(ctx, "m@adie.example", "carol"))
	_, err = e.svc.SessionOf(ctx, secret)
	assert.ErrorIs(t, err, eleader.ErrSessionEnded)
}

func ExampleNewContextWithPerson() {
	p := &eleader.Person{Email: "jeanne@adie.example", Rights: map[string]eleader.Right{"adie": eleader.RightConsultation}}
	ctx := eleader.NewContextWithPerson(context.Background(), p)
	// Every function of the service called with ctx judges Jeanne's rights.
	fmt.Println(eleader.PersonFromContext(ctx).May("adie", eleader.RightModification))
	fmt.Println(eleader.PersonFromContext(ctx).May("bge", eleader.RightConsultation))
	// Output:
	// jeanne@adie.example has the right consultation on adie: this needs the right modification
	// no partner bge
}
