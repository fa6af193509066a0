package eleader_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoDossiers are the dossiers of examples/files/20261116-demo.csv.
var demoDossiers = []string{"ADIE100876-AHG-4U", "FRAC2024-0042", "001-FRAC2024-0042"}

// importExample imports one of examples/files as partner id.
func (e *onbEnv) importExample(tb testing.TB, id, name string) (*eleader.ImportResult, error) {
	tb.Helper()
	f, err := os.Open("../examples/files/" + name)
	require.NoError(tb, err)
	defer f.Close()
	return e.svc.ImportFile(context.Background(), eleader.Import{Partner: id, Name: name, Body: f})
}

func TestOnboardingProcess(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.reach(t, "adie", "ADIE", sS)
	e.reach(t, "draft", "DRFT", sD)
	prod := onbSheet("bge", "BGE1")
	prod.Environment = eleader.Production
	e.mustCreate(t, prod)
	_, err := e.svc.SubmitPartner(ctx, "bge", "alice")
	require.NoError(t, err)

	acts, err := e.svc.ProcessPartners(ctx, "", "bob")
	require.NoError(t, err)
	require.Len(t, acts, 2, "only submitted sheets are processed: %+v", acts)
	byID := map[string]eleader.Activation{}
	for _, a := range acts {
		byID[a.Partner] = a
	}

	a := byID["adie"]
	assert.Equal(t, sA, a.Status)
	assert.Empty(t, a.Refused)
	require.NotEmpty(t, a.Token, "a first activation issues the token")
	p, err := e.svc.Authenticate(ctx, a.Token)
	require.NoError(t, err)
	assert.Equal(t, "adie", p.ID())
	require.NotNil(t, p.Token)
	assert.Equal(t, a.Token[len("elt_"):len("elt_")+12], p.Token.ID)
	assert.False(t, p.Token.Revoked)

	b := byID["bge"]
	assert.Equal(t, sS, b.Status, "production without a passed qualification is not activated")
	assert.Contains(t, b.Refused, "qualification")
	assert.Empty(t, b.Token)
	assert.Equal(t, sS, e.status(t, "bge"))
	hist, err := e.svc.PartnerHistory(ctx, "bge")
	require.NoError(t, err)
	last := hist[len(hist)-1]
	assert.Equal(t, sS, last.From)
	assert.Equal(t, sS, last.To)
	assert.Equal(t, "bob", last.By)
	assert.Contains(t, last.Comment, b.Refused, "the reason is in the history")
	assert.Equal(t, sD, e.status(t, "draft"), "a draft is not processed")

	// Processing again issues no second token.
	acts, err = e.svc.ProcessPartners(ctx, "", "bob")
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Equal(t, "bge", acts[0].Partner)
	_, err = e.svc.Authenticate(ctx, a.Token)
	assert.NoError(t, err)

	_, err = e.svc.ProcessPartners(ctx, "nobody", "bob")
	asError(t, err, eleader.ENOTFOUND)
}

// TestOnboardingProcessCertificate checks that processing checks the
// certificate at the time of processing.
func TestOnboardingProcessCertificate(t *testing.T) {
	ctx := context.Background()
	k := newCertKit(t)
	e := newOnboarding(t, onbStart)
	sheet := onbSheet("adie", "ADIE")
	sheet.Certificate = k.chainPEM()
	e.mustCreate(t, sheet)
	_, err := e.svc.SubmitPartner(ctx, "adie", "alice")
	require.NoError(t, err)

	e.clock.Set(certTo.Add(time.Hour))
	acts, err := e.svc.ProcessPartners(ctx, "adie", "bob")
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Equal(t, sS, acts[0].Status)
	assert.Contains(t, acts[0].Refused, "certificate")
	assert.Contains(t, acts[0].Refused, "expired on")
	assert.Empty(t, acts[0].Token)
	assert.Equal(t, sS, e.status(t, "adie"))
}

// TestOnboardingQualification follows a partner from qualification to
// production (spec §6 and §8).
func TestOnboardingQualification(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	tok := e.mustActivate(t, onbSheet("demo", "ADIE", "FRAC"))

	// A qualification file with a rejected line does not qualify.
	res, err := e.importExample(t, "demo", "20261117-demo.csv")
	require.NoError(t, err)
	assert.False(t, res.Qualified)
	assert.Positive(t, res.Report.Rejected)
	assert.False(t, res.Record.Consolidated)
	p, err := e.svc.Partner(ctx, "demo")
	require.NoError(t, err)
	assert.False(t, p.Qualified())

	_, _, err = e.svc.EditPartner(ctx, "demo", func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Production; return nil }, "alice", "go to production")
	require.NoError(t, err)
	acts, err := e.svc.ProcessPartners(ctx, "demo", "bob")
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Contains(t, acts[0].Refused, "qualification")
	assert.Equal(t, sU, e.status(t, "demo"))
	_, err = e.importExample(t, "demo", "20261116-demo.csv")
	asError(t, err, eleader.ECONFLICT)
	_, _, err = e.svc.EditPartner(ctx, "demo", func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Qualification; return nil }, "alice", "back to qualification")
	require.NoError(t, err)
	acts, err = e.svc.ProcessPartners(ctx, "demo", "bob")
	require.NoError(t, err)
	require.Empty(t, acts[0].Refused)

	// A clean qualification file qualifies; nothing is consolidated.
	res, err = e.importExample(t, "demo", "20261116-demo.csv")
	require.NoError(t, err)
	assert.True(t, res.Qualified)
	assert.Equal(t, 0, res.Report.Rejected)
	assert.Equal(t, 5, res.Report.Lines)
	assert.False(t, res.Record.Consolidated)
	for _, n := range demoDossiers {
		_, err := e.store.View(ctx, n)
		asError(t, err, eleader.ENOTFOUND)
	}
	p, err = e.svc.Partner(ctx, "demo")
	require.NoError(t, err)
	require.True(t, p.Qualified())
	qualifiedAt := p.QualifiedAt
	hist, err := e.svc.PartnerHistory(ctx, "demo")
	require.NoError(t, err)
	assert.Contains(t, hist[len(hist)-1].Comment, "20261116-demo.csv")
	assert.False(t, hist[len(hist)-1].At.Before(qualifiedAt))

	// Production, processed, is activated and consolidates; the token is
	// the same.
	_, _, err = e.svc.EditPartner(ctx, "demo", func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Production; return nil }, "alice", "")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, tok)
	asError(t, err, eleader.EUNAUTHORIZED)
	acts, err = e.svc.ProcessPartners(ctx, "demo", "bob")
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Empty(t, acts[0].Refused)
	assert.Equal(t, sA, acts[0].Status)
	assert.Empty(t, acts[0].Token)
	_, err = e.svc.Authenticate(ctx, tok)
	assert.NoError(t, err)

	res, err = e.importExample(t, "demo", "20261116-demo.csv")
	require.NoError(t, err)
	assert.True(t, res.Record.Consolidated)
	assert.False(t, res.Qualified)
	for _, n := range demoDossiers {
		_, err := e.store.View(ctx, n)
		assert.NoError(t, err, n)
	}
	p, err = e.svc.Partner(ctx, "demo")
	require.NoError(t, err)
	assert.True(t, p.QualifiedAt.Equal(qualifiedAt), "the first passed qualification is kept")
}

// TestOnboardingImportFileStatus checks that only an ACTIVEE partner's
// files are imported.
func TestOnboardingImportFileStatus(t *testing.T) {
	e := newOnboarding(t, onbStart)
	for _, st := range []eleader.SheetStatus{sD, sS, sX, sU} {
		t.Run(string(st), func(t *testing.T) {
			id := "demo-" + strings.ReplaceAll(strings.ToLower(string(st)), "_", "-")
			code := map[eleader.SheetStatus]string{sD: "DEM1", sS: "DEM2", sX: "DEM3", sU: "DEM4"}[st]
			e.reach(t, id, code, st)
			res, err := e.importExample(t, id, "20261116-demo.csv")
			assert.Nil(t, res)
			m := asError(t, err, eleader.ECONFLICT).Message
			assert.Contains(t, m, string(st))
			assert.Contains(t, m, "ACTIVEE")
		})
	}
	_, err := e.importExample(t, "demo", "20261116-demo.csv")
	asError(t, err, eleader.ENOTFOUND)
	recs, err := e.svc.Imports(context.Background(), "")
	require.NoError(t, err)
	assert.Empty(t, recs, "a refused import is not recorded")
}

// TestOnboardingHistory checks that every transition is recorded: who,
// when, from, to and comment, oldest first.
func TestOnboardingHistory(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	_, _, err := e.svc.CreatePartner(ctx, onbSheet("adie", "ADIE"), "alice")
	require.NoError(t, err)
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Comments = "first"; return nil }, "alice", "contact added")
	require.NoError(t, err)
	_, err = e.svc.SubmitPartner(ctx, "adie", "alice")
	require.NoError(t, err)
	_, err = e.svc.ProcessPartners(ctx, "adie", "")
	require.NoError(t, err)
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Comments = "second"; return nil }, "dave", "")
	require.NoError(t, err)
	_, err = e.svc.ProcessPartners(ctx, "adie", "bob")
	require.NoError(t, err)
	_, err = e.svc.DeactivatePartner(ctx, "adie", "carol", "contract suspended")
	require.NoError(t, err)
	_, err = e.svc.ReactivatePartner(ctx, "adie", "carol", "contract renewed")
	require.NoError(t, err)
	_, err = e.svc.RotateToken(ctx, "adie", "carol")
	require.NoError(t, err)
	p, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	require.NoError(t, e.svc.RevokeToken(ctx, "adie", "carol"))

	hist, err := e.svc.PartnerHistory(ctx, "adie")
	require.NoError(t, err)
	want := []eleader.Transition{
		{By: "alice", From: "", To: sD, Comment: "created"},
		{By: "alice", From: sD, To: sD, Comment: "contact added"},
		{By: "alice", From: sD, To: sS, Comment: "submitted"},
		{By: "eleader", From: sS, To: sA, Comment: "activated"},
		{By: "dave", From: sA, To: sU, Comment: "edited"},
		{By: "bob", From: sU, To: sA, Comment: "activated"},
		{By: "carol", From: sA, To: sX, Comment: "contract suspended"},
		{By: "carol", From: sX, To: sA, Comment: "contract renewed"},
		{By: "carol", From: sA, To: sA, Comment: "token rotated: " + p.Token.ID},
		{By: "carol", From: sA, To: sA, Comment: "token revoked: " + p.Token.ID},
	}
	require.Len(t, hist, len(want))
	var prev time.Time
	for i, h := range hist {
		assert.False(t, h.At.IsZero(), "entry %d has no time", i)
		assert.True(t, h.At.After(prev), "entry %d at %v is not after %v", i, h.At, prev)
		assert.False(t, h.At.Before(onbStart), "entry %d at %v comes from the service's clock", i, h.At)
		prev = h.At
		h.At = time.Time{}
		assert.Equal(t, want[i], h, "entry %d", i)
	}
	other, err := e.svc.PartnerHistory(ctx, "nobody")
	require.NoError(t, err)
	assert.Empty(t, other)
}
