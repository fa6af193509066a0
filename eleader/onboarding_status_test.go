package eleader_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	sD = eleader.StatusDraft
	sS = eleader.StatusSent
	sA = eleader.StatusActive
	sX = eleader.StatusDeactivated
	sU = eleader.StatusSentUpdate
)

// TestOnboardingCanMove covers every from → to pair of statuses against
// spec §8: BROUILLON → ENVOYEE → ACTIVEE ⇄ DESACTIVEE; editing an active
// sheet gives ENVOYEE_MAJ until re-activated. A pair from == to is an edit
// in place: allowed in BROUILLON, ENVOYEE and ENVOYEE_MAJ only (an active
// sheet's edit goes to ENVOYEE_MAJ, a deactivated one is not edited).
// ENVOYEE_MAJ → DESACTIVEE, where the spec is silent, follows the README's
// decision: E#L can stop a partner whose update is pending. DESACTIVEE →
// DESACTIVEE is E#L's edit of a deactivated sheet (issue 14 §5: a
// deactivated production sheet without a qualification goes back to
// qualification).
func TestOnboardingCanMove(t *testing.T) {
	allowed := map[[2]eleader.SheetStatus]string{
		{sD, sD}: "edit a draft",
		{sD, sS}: "submit",
		{sS, sS}: "edit a submitted sheet",
		{sS, sA}: "activate",
		{sA, sX}: "deactivate",
		{sA, sU}: "edit an active sheet",
		{sX, sA}: "reactivate",
		{sU, sU}: "edit again before processing",
		{sU, sA}: "re-activate",
		{sU, sX}: "deactivate while an update is pending (README)",
		{sX, sX}: "E#L edits a deactivated sheet in place",
	}
	require.Len(t, eleader.Statuses, 5)
	n := 0
	for _, from := range eleader.Statuses {
		for _, to := range eleader.Statuses {
			n++
			why, want := allowed[[2]eleader.SheetStatus{from, to}]
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				assert.Equal(t, want, eleader.CanMove(from, to), "CanMove(%s, %s) %s", from, to, why)
			})
		}
	}
	assert.Equal(t, 25, n)
	assert.False(t, eleader.CanMove("", sD), "nothing moves from an unknown status")
	assert.False(t, eleader.CanMove(sD, "PUBLIEE"), "nothing moves to an unknown status")
}

// TestOnboardingCanMoveAsPartner: a partner's person edits and submits its
// drafts and edits its active sheet; a sent sheet is read-only for it (seed
// 004: "Envoyée" sheets are consulted), and processing, deactivation and
// reactivation are E#L's.
func TestOnboardingCanMoveAsPartner(t *testing.T) {
	partner := map[[2]eleader.SheetStatus]bool{
		{sD, sD}: true, // edit a draft
		{sD, sS}: true, // submit
		{sA, sU}: true, // edit an active sheet
	}
	for _, from := range eleader.Statuses {
		for _, to := range eleader.Statuses {
			assert.Equal(t, partner[[2]eleader.SheetStatus{from, to}], eleader.CanMoveAs(from, to, eleader.RolePartner), "CanMoveAs(%s, %s, partner)", from, to)
			assert.Equal(t, eleader.CanMove(from, to), eleader.CanMoveAs(from, to, eleader.RoleEL), "CanMoveAs(%s, %s, E#L) is CanMove", from, to)
		}
	}
	assert.False(t, eleader.CanMoveAs(sD, sD, "visitor"), "an unknown role moves nothing")
	for _, st := range eleader.Statuses {
		assert.Equal(t, st == sD, eleader.CanDelete(st), "CanDelete(%s): only a draft", st)
	}
}

// reach brings a new partner id to status st through the service.
func (e *onbEnv) reach(tb testing.TB, id, code string, st eleader.SheetStatus) {
	tb.Helper()
	ctx := context.Background()
	switch st {
	case sD:
		e.mustCreate(tb, onbSheet(id, code))
	case sS:
		e.mustCreate(tb, onbSheet(id, code))
		_, err := e.svc.SubmitPartner(ctx, id, "alice")
		require.NoError(tb, err)
	case sA:
		e.mustActivate(tb, onbSheet(id, code))
	case sX:
		e.mustActivate(tb, onbSheet(id, code))
		_, err := e.svc.DeactivatePartner(ctx, id, "carol", "")
		require.NoError(tb, err)
	case sU:
		e.mustActivate(tb, onbSheet(id, code))
		_, _, err := e.svc.EditPartner(ctx, id, func(s *eleader.ConnectionSheet) error { s.Name = "Renamed"; return nil }, "alice", "")
		require.NoError(tb, err)
	}
	require.Equal(tb, st, e.status(tb, id))
}

// TestOnboardingRefusedMoves drives every refused move the service can
// attempt: each gives an *eleader.Error ECONFLICT naming both statuses, and
// changes neither the status nor the history.
func TestOnboardingRefusedMoves(t *testing.T) {
	ctx := context.Background()
	ops := map[string]func(s *eleader.Service, id string) error{
		"submit": func(s *eleader.Service, id string) error { _, err := s.SubmitPartner(ctx, id, "alice"); return err },
		"process": func(s *eleader.Service, id string) error {
			_, err := s.ProcessPartners(ctx, id, "bob")
			return err
		},
		"reactivate": func(s *eleader.Service, id string) error {
			_, err := s.ReactivatePartner(ctx, id, "carol", "")
			return err
		},
		"deactivate": func(s *eleader.Service, id string) error {
			_, err := s.DeactivatePartner(ctx, id, "carol", "")
			return err
		},
		"edit": func(s *eleader.Service, id string) error {
			_, _, err := s.EditPartner(ctx, id, func(c *eleader.ConnectionSheet) error { c.Comments = "x"; return nil }, "alice", "")
			return err
		},
	}
	tests := []struct {
		op       string
		from, to eleader.SheetStatus
	}{
		{"submit", sA, sS},
		{"submit", sX, sS},
		{"submit", sU, sS},
		{"process", sD, sA},
		{"process", sA, sA},
		{"reactivate", sD, sA},
		{"reactivate", sA, sA},
		{"deactivate", sD, sX},
		{"deactivate", sS, sX},
	}
	e := newOnboarding(t, onbStart)
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%s %s→%s", tt.op, tt.from, tt.to), func(t *testing.T) {
			require.False(t, eleader.CanMove(tt.from, tt.to), "the table allows it")
			id, code := fmt.Sprintf("p%02d", i), fmt.Sprintf("OP%02d", i)
			e.reach(t, id, code, tt.from)
			before, err := e.svc.PartnerHistory(ctx, id)
			require.NoError(t, err)

			m := asError(t, ops[tt.op](e.svc, id), eleader.ECONFLICT).Message
			assert.Contains(t, m, string(tt.from), "the message names the status it is in")
			assert.Contains(t, m, string(tt.to), "the message names the status refused")

			assert.Equal(t, tt.from, e.status(t, id))
			after, err := e.svc.PartnerHistory(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a refused move writes no history")
		})
	}
}

// TestOnboardingAlreadyThere: reactivating an active sheet, or deactivating
// a deactivated one, says the sheet is already there (issue 14 §5), not
// that it cannot be edited; nothing is written.
func TestOnboardingAlreadyThere(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.reach(t, "aa", "AAAA", sA)
	e.reach(t, "xx", "XXXX", sX)
	e.reach(t, "uu", "UUUU", sU)
	tests := []struct {
		name, id string
		op       func() error
		want     string
	}{
		{"reactivate an active sheet", "aa", func() error { _, err := e.svc.ReactivatePartner(ctx, "aa", "carol", ""); return err },
			"the connection sheet of aa is already ACTIVEE: there is nothing to reactivate"},
		{"deactivate a deactivated sheet", "xx", func() error { _, err := e.svc.DeactivatePartner(ctx, "xx", "carol", ""); return err },
			"the connection sheet of xx is already DESACTIVEE: there is nothing to deactivate"},
		{"reactivate a sheet waiting for processing", "uu", func() error { _, err := e.svc.ReactivatePartner(ctx, "uu", "carol", ""); return err },
			"the connection sheet of uu is ENVOYEE_MAJ: only a DESACTIVEE sheet is reactivated, a submitted one goes to ACTIVEE by processing (partners process)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := e.svc.PartnerHistory(ctx, tt.id)
			require.NoError(t, err)
			m := asError(t, tt.op(), eleader.ECONFLICT).Message
			assert.Equal(t, tt.want, m)
			assert.NotContains(t, m, "edited")
			after, err := e.svc.PartnerHistory(ctx, tt.id)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a refused move writes no history")
		})
	}
}

// TestOnboardingDeactivatedBackToQualification is issue 14 §5's hole: a
// deactivated production sheet whose partner never passed a qualification
// could be neither reactivated (production needs one) nor edited. E#L now
// edits it in place, back to qualification, and reactivates it.
func TestOnboardingDeactivatedBackToQualification(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	s := onbSheet("prod", "PROD")
	e.mustActivate(t, s)
	_, err := e.svc.DeactivatePartner(ctx, "prod", "carol", "")
	require.NoError(t, err)
	// The partners file of an older store brought it to production,
	// deactivated, without a qualification.
	p, _, err := e.svc.EditPartner(ctx, "prod", func(c *eleader.ConnectionSheet) error { c.Environment = eleader.Production; return nil }, "carol", "")
	require.NoError(t, err)
	require.Equal(t, sX, p.Status, "an edit leaves a deactivated sheet deactivated")
	a, err := e.svc.ReactivatePartner(ctx, "prod", "carol", "")
	require.NoError(t, err)
	assert.Equal(t, sX, a.Status)
	assert.Contains(t, a.Refused, "qualification")

	p, _, err = e.svc.EditPartner(ctx, "prod", func(c *eleader.ConnectionSheet) error { c.Environment = eleader.Qualification; return nil }, "carol", "back to qualification")
	require.NoError(t, err)
	assert.Equal(t, sX, p.Status)
	a, err = e.svc.ReactivatePartner(ctx, "prod", "carol", "")
	require.NoError(t, err)
	assert.Equal(t, sA, a.Status, a.Refused)
	hist, err := e.svc.PartnerHistory(ctx, "prod")
	require.NoError(t, err)
	var comments []string
	for _, h := range hist {
		comments = append(comments, string(h.From)+"→"+string(h.To)+" "+h.Comment)
	}
	assert.Contains(t, comments, "DESACTIVEE→DESACTIVEE back to qualification")

	// A deactivated sheet's edit must stay valid.
	_, err = e.svc.DeactivatePartner(ctx, "prod", "carol", "")
	require.NoError(t, err)
	_, _, err = e.svc.EditPartner(ctx, "prod", func(c *eleader.ConnectionSheet) error { c.Contact.Email = "nope"; return nil }, "carol", "")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "contact.email")
}

// TestOnboardingAllowedMoves drives every allowed move through the service
// and checks the status reached.
func TestOnboardingAllowedMoves(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	edit := func(id string) eleader.SheetStatus {
		t.Helper()
		p, _, err := e.svc.EditPartner(ctx, id, func(c *eleader.ConnectionSheet) error { c.Comments = "edited"; return nil }, "alice", "")
		require.NoError(t, err)
		return p.Status
	}
	e.reach(t, "dd", "DDDD", sD)
	assert.Equal(t, sD, edit("dd"))
	e.reach(t, "ss", "SSSS", sS)
	assert.Equal(t, sS, edit("ss"))
	e.reach(t, "aa", "AAAA", sA)
	assert.Equal(t, sU, edit("aa"))
	assert.Equal(t, sU, edit("aa"), "ENVOYEE_MAJ edited stays ENVOYEE_MAJ")
	_, err := e.svc.DeactivatePartner(ctx, "aa", "carol", "")
	require.NoError(t, err)
	assert.Equal(t, sX, e.status(t, "aa"), "ENVOYEE_MAJ → DESACTIVEE")
	a, err := e.svc.ReactivatePartner(ctx, "aa", "carol", "")
	require.NoError(t, err)
	assert.Equal(t, sA, a.Status)
	assert.Equal(t, sA, e.status(t, "aa"))

	// A submitted sheet is processed, not reactivated; a deactivated one is
	// reactivated, not processed.
	_, err = e.svc.ReactivatePartner(ctx, "ss", "carol", "")
	asError(t, err, eleader.ECONFLICT)
	assert.Equal(t, sS, e.status(t, "ss"))
	_, err = e.svc.DeactivatePartner(ctx, "aa", "carol", "")
	require.NoError(t, err)
	_, err = e.svc.ProcessPartners(ctx, "aa", "bob")
	assert.Contains(t, asError(t, err, eleader.ECONFLICT).Message, "DESACTIVEE")
	assert.Equal(t, sX, e.status(t, "aa"))
}
