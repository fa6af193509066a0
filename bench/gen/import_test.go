package gen_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestImportIntoSQLite: a generated file imports into an empty store with
// the verdicts of the validator (its numbers pass the store's checks:
// operator codes, sub-versions in order), consolidates its dossiers, and
// a second import of it changes nothing.
func TestImportIntoSQLite(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "eleader.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	clock := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	svc := &eleader.Service{Store: store, Now: func() time.Time { clock = clock.Add(time.Second); return clock }}

	g := generator(3000, 0.03, 5)
	content, st := generate(t, g)
	wantRep, _ := validate(t, g.FileName(), content)

	var subs []string
	var multi string
	seen := map[string]int{}
	imp := func() *eleader.ImportResult {
		r, err := svc.Import(ctx, eleader.Import{
			Partner: g.Partner, Operators: []string{"DEMO"}, Name: g.FileName(), Body: bytes.NewReader(content),
			Each: func(l *importer.Line) error {
				for _, e := range l.Errors {
					if storeCheck(e.Check) {
						t.Errorf("line %d: a store check failed: %s", l.Number, e.Message)
					}
				}
				if n := l.Dossier(); l.Accepted() {
					seen[n]++
					if seen[n] == 3 {
						multi = n
					}
					if matrice.HasVersion(n) && seen[n] == 1 {
						subs = append(subs, n)
					}
				}
				return nil
			},
		})
		require.NoError(t, err)
		return r
	}

	first := imp()
	assert.Equal(t, importer.StatusPartial, first.Report.Status)
	assert.Equal(t, wantRep.Accepted, first.Report.Accepted, "the store's checks reject no line the validator accepts")
	assert.Equal(t, st.Faulty, first.Report.Rejected)
	assert.True(t, first.Record.Consolidated)
	assert.Equal(t, wantRep.Dossiers, first.Record.Created, "every dossier created")
	assert.Positive(t, first.Items, "items consolidated")

	require.NotEmpty(t, subs, "sub-versions")
	for _, n := range subs {
		d, err := svc.Dossier(ctx, n)
		require.NoError(t, err, n)
		assert.Equal(t, "2", d.Phase, "%s: a sub-version is on phase 2", n)
		assert.Equal(t, "demo", d.View.Owner)
	}
	require.NotEmpty(t, multi, "a dossier of three accepted lines")
	d, err := svc.Dossier(ctx, multi)
	require.NoError(t, err)
	assert.NotEmpty(t, d.View.Fields.Map()["Nom"].Value, "%s: consolidated values", multi)

	again := imp()
	assert.True(t, again.Unchanged, "re-importing the same file changes nothing")
	assert.Equal(t, first.Report.Accepted, again.Report.Accepted)
}

// storeCheck reports whether c is one of the checks against the store.
func storeCheck(c matrice.Check) bool {
	switch c {
	case matrice.CheckOperator, matrice.CheckHIST, matrice.CheckSubversionMain, matrice.CheckSubversionNext,
		matrice.CheckSubversionOwner, matrice.CheckSubversionPhase:
		return true
	}
	return false
}
