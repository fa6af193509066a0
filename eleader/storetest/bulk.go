package storetest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// encode encodes views for CreateViews and SaveViews.
func encode(tb testing.TB, views ...*dossier.View) []eleader.EncodedView {
	tb.Helper()
	out := make([]eleader.EncodedView, len(views))
	for i, v := range views {
		ev, err := eleader.EncodeView(v)
		require.NoError(tb, err)
		out[i] = ev
	}
	return out
}

// testBulkWrites: CreateViews writes new dossiers whole — views, owners,
// sub-versions, search keys — in batches of any size, and SaveViews writes
// views back; the transaction sees them, and a commit keeps them.
func testBulkWrites(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	var views []*dossier.View
	for i := range 700 { // more than a statement's rows, not a multiple
		num := fmt.Sprintf("ADIE%06d", i/3)
		if i%3 > 0 {
			num = fmt.Sprintf("%03d-%s", i%3, num)
		}
		views = append(views, newView(t, num, "adie", map[string]string{
			"Nom": fmt.Sprintf("Dupont%d", i), "Prenom": "Amélie", "DateNaissance": "12/05/1990", "Phase": "2",
			"SIRET": fmt.Sprintf("%014d", i),
		}))
	}
	tx := begin(t, s)
	require.NoError(t, tx.CreateViews(ctx, nil), "CreateViews of nothing")
	require.NoError(t, tx.CreateViews(ctx, encode(t, views[:1]...)))
	require.NoError(t, tx.CreateViews(ctx, encode(t, views[1:]...)))
	got, err := tx.View(ctx, views[350].Number.String())
	require.NoError(t, err)
	assert.Equal(t, views[350], got, "tx.View after CreateViews")
	owners, err := tx.Dossiers(ctx, []string{"ADIE000000", "002-ADIE000200", "ADIE999999"})
	require.NoError(t, err)
	assert.Len(t, owners, 2, "Dossiers after CreateViews")
	highest, mainExists, err := tx.Versions(ctx, "ADIE000200")
	require.NoError(t, err)
	assert.Equal(t, 2, highest)
	assert.True(t, mainExists)

	changed := make([]*dossier.View, 0, 300)
	for _, v := range views[:300] {
		w := newView(t, v.Number.String(), "adie", map[string]string{"Nom": "Martin", "Prenom": "Amélie", "DateNaissance": "12/05/1990", "Phase": "3"})
		changed = append(changed, w)
	}
	require.NoError(t, tx.SaveViews(ctx, nil), "SaveViews of nothing")
	require.NoError(t, tx.SaveViews(ctx, encode(t, changed...)))
	require.NoError(t, tx.Commit())

	for _, k := range []int{0, 299} {
		got, err := s.View(ctx, changed[k].Number.String())
		require.NoError(t, err)
		assert.Equal(t, changed[k], got, "View after SaveViews")
	}
	got, err = s.View(ctx, views[699].Number.String())
	require.NoError(t, err)
	assert.Equal(t, views[699], got, "a view CreateViews wrote, not saved after")
	m, err := s.Search(ctx, dossier.NameKey("Dupont650", "Amélie", mustDate(t, "12/05/1990")), "")
	require.NoError(t, err)
	require.Len(t, m, 3, "the main dossier of Dupont650 and its sub-versions")
	assert.Equal(t, dossier.Match{Number: "002-ADIE000216", Main: "ADIE000216", Version: 2, Oper: "ADIE", Partner: "adie", Phase: "2"}, m[2])
	m, err = s.Search(ctx, dossier.NameKey("Martin", "Amélie", mustDate(t, "12/05/1990")), "")
	require.NoError(t, err)
	assert.Len(t, m, 300, "the search keys SaveViews wrote")
	m, err = s.Search(ctx, "", fmt.Sprintf("%014d", 100))
	require.NoError(t, err)
	assert.Empty(t, m, "SaveViews wrote the views' SIRET (none)")
}

// testCreateViewsExisting: CreateViews of a number that exists is an
// ECONFLICT, and the store keeps what it had.
func testCreateViewsExisting(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	v := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Nom": "Dupont"})
	store(t, s, v)
	tx := begin(t, s)
	other := newView(t, "ADIE100877", "frac", nil)
	again := newView(t, "ADIE100876-AHG-4U", "frac", map[string]string{"Nom": "Autre"})
	err := tx.CreateViews(ctx, encode(t, other, again))
	requireCode(t, err, eleader.ECONFLICT, "CreateViews of a committed number")
	assert.Contains(t, err.Error(), "ADIE100876-AHG-4U", "the error names the number")
	require.NoError(t, tx.Rollback())
	got, err := s.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, v, got, "the committed dossier after a failed CreateViews")
	_, err = s.View(ctx, "ADIE100877")
	requireCode(t, err, eleader.ENOTFOUND, "the other dossier of the failed batch")
}

// testCreateViewsTwice: CreateViews of a number the transaction itself
// created is an ECONFLICT; whatever the transaction writes afterwards, its
// Rollback leaves the store as it was: nothing before the failure, nothing
// after it (a store that ends the transaction on the failure must not write
// the later calls outside one).
func testCreateViewsTwice(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	tx := begin(t, s)
	require.NoError(t, tx.CreateViews(ctx, encode(t, newView(t, "ADIE200001", "adie", nil))))
	err := tx.CreateViews(ctx, encode(t, newView(t, "ADIE200002", "adie", nil), newView(t, "ADIE200001", "adie", nil)))
	requireCode(t, err, eleader.ECONFLICT, "CreateViews of a number the transaction created")
	// The import fails; calls already under way may still write.
	_ = tx.CreateViews(ctx, encode(t, newView(t, "ADIE200003", "adie", nil)))
	_ = tx.SaveViews(ctx, encode(t, newView(t, "ADIE200001", "frac", nil)))
	require.NoError(t, tx.Rollback())
	for _, n := range []string{"ADIE200001", "ADIE200002", "ADIE200003"} {
		_, err := s.View(ctx, n)
		requireCode(t, err, eleader.ENOTFOUND, n+" after the rollback")
	}
	empty := begin(t, s)
	defer empty.Rollback()
	ok, err := empty.Empty(ctx)
	require.NoError(t, err)
	assert.True(t, ok, "the store after the rollback")
}

// testEmpty: Empty tells whether the store holds a dossier, as the
// transaction sees it.
func testEmpty(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	tx := begin(t, s)
	empty, err := tx.Empty(ctx)
	require.NoError(t, err)
	assert.True(t, empty, "a new store")
	require.NoError(t, tx.CreateViews(ctx, encode(t, newView(t, "ADIE000001", "adie", nil))))
	empty, err = tx.Empty(ctx)
	require.NoError(t, err)
	assert.False(t, empty, "after CreateViews in the transaction")
	require.NoError(t, tx.Rollback())

	tx = begin(t, s)
	empty, err = tx.Empty(ctx)
	require.NoError(t, err)
	assert.True(t, empty, "after the rollback")
	require.NoError(t, tx.Rollback())
	store(t, s, newView(t, "ADIE000002", "adie", nil))
	tx = begin(t, s)
	empty, err = tx.Empty(ctx)
	require.NoError(t, err)
	assert.False(t, empty, "after a commit")
}
