package eleader_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// searchEnv is a service over a store holding the example's dossiers,
// with a clock the test moves.
type searchEnv struct {
	svc *eleader.Service
	now time.Time
}

func newSearchEnv(t *testing.T, rate int) *searchEnv {
	t.Helper()
	svc, _ := newService(t)
	e := &searchEnv{svc: svc, now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	svc.Now = func() time.Time { return e.now }
	svc.SearchRate = rate
	f, err := os.Open("../examples/files/20261116-demo.csv")
	require.NoError(t, err)
	defer f.Close()
	_, err = svc.Import(context.Background(), eleader.Import{Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: "20261116-demo.csv", Body: f})
	require.NoError(t, err)
	return e
}

var (
	amelie = dossier.Query{Nom: "DUPONT", Prenom: "amelie", Naissance: matrice.NewDate(1990, 5, 12)}
	karim  = dossier.Query{Nom: "Benali", Prenom: "Karim", Naissance: matrice.NewDate(2004, 2, 29)}
	adie   = eleader.Searcher{Partner: "adie", Channel: "api"}
)

// TestSearchAnswersNoHolder: a partner's answer gives numbers, phases and
// the next sub-version — not the operator code, not the partner holding
// the dossier; E#L's gives both.
func TestSearchAnswersNoHolder(t *testing.T) {
	e := newSearchEnv(t, 0)
	ctx := context.Background()
	got, err := e.svc.Search(ctx, adie, amelie)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "ADIE100876-AHG-4U", got[0].Main)
	assert.Empty(t, got[0].Oper)
	require.NotEmpty(t, got[0].Dossiers)
	for _, d := range got[0].Dossiers {
		assert.Empty(t, d.Partner)
	}
	b, err := json.Marshal(got)
	require.NoError(t, err)
	for _, word := range []string{"demo", "partner", "oper", "Dupont", "Amélie", "1990"} {
		assert.NotContains(t, string(b), word)
	}

	mine, err := e.svc.Search(ctx, eleader.Searcher{By: "alice", Channel: "cli"}, amelie)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, "ADIE", mine[0].Oper)
	assert.Equal(t, "demo", mine[0].Dossiers[0].Partner)
}

// TestSearchAudit: every search is recorded — who, when, how, which kind,
// how many dossiers — with a keyed hash of what was searched, the same for
// one person however the name is written, and never the identity.
func TestSearchAudit(t *testing.T) {
	e := newSearchEnv(t, 0)
	ctx := context.Background()
	for _, q := range []dossier.Query{
		amelie,
		{Nom: "Dupont", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 12)},
		{Nom: "Dupont", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 13)},
		{SIRET: "73282932000074"},
	} {
		_, err := e.svc.Search(ctx, adie, q)
		require.NoError(t, err)
		e.now = e.now.Add(time.Minute)
	}
	_, err := e.svc.Search(ctx, eleader.Searcher{By: "alice", Channel: "cli"}, karim)
	require.NoError(t, err)

	recs, err := e.svc.Searches(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, recs, 5)
	cli, siret, other, second, first := recs[0], recs[1], recs[2], recs[3], recs[4]
	assert.Equal(t, eleader.SearchRecord{ID: first.ID, At: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Partner: "adie",
		Channel: "api", Kind: eleader.SearchIdentity, Results: 1, Hash: first.Hash}, first)
	assert.Len(t, first.Hash, 64)
	assert.Equal(t, first.Hash, second.Hash, "one person, written two ways: one hash")
	assert.NotEqual(t, first.Hash, other.Hash, "another birth date")
	assert.Zero(t, other.Results)
	assert.Equal(t, eleader.SearchSIRET, siret.Kind)
	assert.Positive(t, siret.Results)
	assert.Equal(t, "", cli.Partner)
	assert.Equal(t, "alice", cli.By)
	assert.Equal(t, "cli", cli.Channel)

	b, err := json.Marshal(recs)
	require.NoError(t, err)
	for _, secret := range []string{"dupont", "Dupont", "amelie", "Amélie", "1990", "73282932000074", "benali", "karim"} {
		assert.NotContains(t, strings.ToLower(string(b)), strings.ToLower(secret))
	}
	mine, err := e.svc.Searches(ctx, "adie", 2)
	require.NoError(t, err)
	assert.Equal(t, []eleader.SearchRecord{siret, other}, mine, "adie's two most recent")
}

// TestSearchRateLimit: a partner makes at most SearchRate searches in an
// hour; beyond, ERATELIMIT says how long to wait, nothing is answered and
// nothing recorded; once the first search leaves the window, one more is
// allowed. Other partners and E#L are not held back.
func TestSearchRateLimit(t *testing.T) {
	e := newSearchEnv(t, 5)
	ctx := context.Background()
	start := e.now
	for i := range 5 {
		_, err := e.svc.Search(ctx, adie, amelie)
		require.NoError(t, err, "search %d", i+1)
		e.now = e.now.Add(time.Minute)
	}
	for range 3 {
		got, err := e.svc.Search(ctx, adie, karim)
		assert.Nil(t, got)
		require.Equal(t, eleader.ERATELIMIT, eleader.ErrorCode(err), "%v", err)
		wait, ok := eleader.RetryAfter(err)
		require.True(t, ok)
		assert.Equal(t, start.Add(time.Hour).Sub(e.now), wait, "until the first search leaves the window")
		assert.Contains(t, err.Error(), "made 5 searches")
		e.now = e.now.Add(time.Second)
	}
	_, err := e.svc.Search(ctx, eleader.Searcher{Partner: "frac", Channel: "web"}, karim)
	assert.NoError(t, err, "another partner")
	_, err = e.svc.Search(ctx, eleader.Searcher{By: "alice", Channel: "cli"}, karim)
	assert.NoError(t, err, "E#L")
	recs, err := e.svc.Searches(ctx, "adie", 0)
	require.NoError(t, err)
	assert.Len(t, recs, 5, "refusals are not recorded")

	e.now = start.Add(time.Hour)
	_, err = e.svc.Search(ctx, adie, karim)
	assert.NoError(t, err, "the first search has left the window")
	_, err = e.svc.Search(ctx, adie, karim)
	assert.Equal(t, eleader.ERATELIMIT, eleader.ErrorCode(err), "and only one place was freed")

	unlimited := newSearchEnv(t, -1)
	for i := range 100 {
		_, err := unlimited.svc.Search(ctx, adie, amelie)
		require.NoError(t, err, "search %d without limit", i+1)
	}
}

// TestSearchNeedsAWholeIdentity: no partial search, a SIRET of 14 digits;
// a refused query is not recorded and does not count.
func TestSearchNeedsAWholeIdentity(t *testing.T) {
	e := newSearchEnv(t, 1)
	ctx := context.Background()
	for _, q := range []dossier.Query{
		{Nom: "Dupont"},
		{Nom: "Dupont", Prenom: "Amélie"},
		{Nom: "Dupont", Naissance: matrice.NewDate(1990, 5, 12)},
		{Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 12)},
		{Nom: "-", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 12)},
		{SIRET: "7328293200007"},
		{SIRET: "7328293200007a"},
		{SIRET: "73282932000074", Nom: "Dupont"},
		{},
	} {
		_, err := e.svc.Search(ctx, adie, q)
		assert.Equal(t, eleader.EINVALID, eleader.ErrorCode(err), "%+v: %v", q, err)
	}
	recs, err := e.svc.Searches(ctx, "", 0)
	require.NoError(t, err)
	assert.Empty(t, recs)
	_, err = e.svc.Search(ctx, adie, amelie)
	assert.NoError(t, err, "the one search of the hour")
}
