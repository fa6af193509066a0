package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const siret = "73282932000074"

func testEmptyStore(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	_, err := s.View(ctx, "ADIE100876-AHG-4U")
	requireCode(t, err, eleader.ENOTFOUND, "View of a missing dossier")
	for _, bad := range []string{"adie100876", "ADIE", "12-ADIE100876", "000-ADIE100876", "ADIE100876 AHG"} {
		_, err := s.View(ctx, bad)
		requireCode(t, err, eleader.EINVALID, "View(%q)", bad)
	}

	key := dossier.NameKey("Dupont", "Amélie", mustDate(t, "12/05/1990"))
	for _, q := range [][2]string{{key, ""}, {"", siret}} {
		m, err := s.Search(ctx, q[0], q[1])
		require.NoError(t, err)
		assert.Empty(t, m, "Search(%q, %q)", q[0], q[1])
	}
	for _, num := range []string{"", "ADIE100876-AHG-4U"} {
		d, err := s.Disagreements(ctx, num)
		require.NoError(t, err)
		assert.Empty(t, d, "Disagreements(%q)", num)
	}
	for _, partner := range []string{"", "adie"} {
		h, err := s.Imports(ctx, partner)
		require.NoError(t, err)
		assert.Empty(t, h, "Imports(%q)", partner)
	}

	tx := begin(t, s)
	_, found, err := tx.Owner(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.False(t, found, "Owner of a missing dossier: found")
	highest, mainExists, err := tx.Versions(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, 0, highest, "Versions: highest")
	assert.False(t, mainExists, "Versions: mainExists")
	_, err = tx.View(ctx, "ADIE100876-AHG-4U")
	requireCode(t, err, eleader.ENOTFOUND, "tx.View of a missing dossier")
	_, found, err = tx.FindImport(ctx, "adie", "20261116-adie.csv", "00")
	require.NoError(t, err)
	assert.False(t, found, "FindImport on an empty history: found")
}

func testTxSeesItsOwnWork(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	v := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Phase": "2", "SIRET": siret})
	tx := begin(t, s)
	require.NoError(t, tx.Create(ctx, dossier.NewView(v.Number, v.Owner, v.Created)))

	owner, found, err := tx.Owner(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.True(t, found, "Owner in the transaction: found")
	assert.Equal(t, "adie", owner, "Owner in the transaction")
	highest, mainExists, err := tx.Versions(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, 0, highest, "Versions in the transaction: highest")
	assert.True(t, mainExists, "Versions in the transaction: mainExists")
	got, err := tx.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err, "tx.View of the created dossier")
	assert.Equal(t, dossier.NewView(v.Number, v.Owner, v.Created), got, "tx.View of the created dossier")

	require.NoError(t, tx.SaveView(ctx, v))
	got, err = tx.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, v, got, "tx.View after SaveView")

	// Others see nothing before Commit.
	_, err = s.View(ctx, "ADIE100876-AHG-4U")
	requireCode(t, err, eleader.ENOTFOUND, "Store.View before Commit")
	m, err := s.Search(ctx, "", siret)
	require.NoError(t, err)
	assert.Empty(t, m, "Store.Search before Commit")

	require.NoError(t, tx.Commit())
	got, err = s.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err, "Store.View after Commit")
	assert.Equal(t, v, got, "Store.View after Commit")
	m, err = s.Search(ctx, "", siret)
	require.NoError(t, err)
	assert.Len(t, m, 1, "Store.Search after Commit")
}

func testRollbackDiscardsEverything(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	v := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Nom": "Dupont", "SIRET": siret})
	tx := begin(t, s)
	put(t, tx, v)
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{disagreement("ADIE100876-AHG-4U", "Nom")}))
	rec := importRecord("adie", "20261116-adie.csv", "aa", true)
	require.NoError(t, tx.RecordImport(ctx, &rec))
	require.NoError(t, tx.Rollback())

	_, err := s.View(ctx, "ADIE100876-AHG-4U")
	requireCode(t, err, eleader.ENOTFOUND, "View after Rollback")
	m, err := s.Search(ctx, "", siret)
	require.NoError(t, err)
	assert.Empty(t, m, "Search after Rollback")
	d, err := s.Disagreements(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, d, "Disagreements after Rollback")
	h, err := s.Imports(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, h, "Imports after Rollback")

	tx = begin(t, s)
	_, found, err := tx.Owner(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.False(t, found, "Owner after Rollback: found")
	_, found, err = tx.FindImport(ctx, rec.Partner, rec.File, rec.SHA256)
	require.NoError(t, err)
	assert.False(t, found, "FindImport after Rollback: found")
	// The number is free again.
	require.NoError(t, tx.Create(ctx, dossier.NewView(v.Number, v.Owner, v.Created)), "Create after Rollback")
}

func testRollbackRestoresSavedView(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	before := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Nom": "Dupont", "SIRET": siret})
	store(t, s, before)

	tx := begin(t, s)
	after := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Nom": "Martin", "SIRET": "12345678901234"})
	require.NoError(t, tx.SaveView(ctx, after))
	require.NoError(t, tx.Rollback())

	got, err := s.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, before, got, "View after a rolled back SaveView")
	m, err := s.Search(ctx, "", siret)
	require.NoError(t, err)
	assert.Len(t, m, 1, "Search by the SIRET before the rolled back SaveView")
	m, err = s.Search(ctx, "", "12345678901234")
	require.NoError(t, err)
	assert.Empty(t, m, "Search by the SIRET of the rolled back SaveView")
}

func testRollbackAfterCommit(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	v := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Nom": "Dupont"})
	tx := begin(t, s)
	put(t, tx, v)
	rec := importRecord("adie", "20261116-adie.csv", "aa", true)
	require.NoError(t, tx.RecordImport(ctx, &rec))
	require.NoError(t, tx.Commit())
	assert.NoError(t, tx.Rollback(), "Rollback after Commit")

	got, err := s.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err, "View after Commit then Rollback")
	assert.Equal(t, v, got)
	h, err := s.Imports(ctx, "")
	require.NoError(t, err)
	assert.Len(t, h, 1, "Imports after Commit then Rollback")
}

func testCreateExisting(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	v := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{"Nom": "Dupont"})
	store(t, s, v)

	tx := begin(t, s)
	assert.Error(t, tx.Create(ctx, dossier.NewView(v.Number, "frac", v.Created)), "Create of a committed number")
	require.NoError(t, tx.Rollback())
	got, err := s.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, v, got, "the committed dossier after a failed Create")

	tx = begin(t, s)
	w := dossier.NewView(number(t, "ADIE000001"), "adie", v.Created)
	require.NoError(t, tx.Create(ctx, w))
	assert.Error(t, tx.Create(ctx, w), "Create of a number created earlier in the transaction")
}

func testVersions(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	var views []*dossier.View
	for _, num := range []string{
		"ADIE000001",                                     // main alone
		"002-ADIE000002", "ADIE000002", "001-ADIE000002", // main + 001 + 002
		"001-ADIE000003", "003-ADIE000003", // sub-versions without their main
		"007-ADIE0000021", "ADIE0000021", // a main that extends another's index
	} {
		views = append(views, newView(t, num, "adie", nil))
	}
	tests := []struct {
		name       string
		main       string
		highest    int
		mainExists bool
	}{
		{"main alone", "ADIE000001", 0, true},
		{"main and two sub-versions", "ADIE000002", 2, true},
		{"sub-versions without a main", "ADIE000003", 3, false},
		{"unknown main", "ADIE000004", 0, false},
		{"longer index", "ADIE0000021", 7, true},
	}
	check := func(t *testing.T, tx eleader.ImportTx, when string) {
		for _, tc := range tests {
			highest, mainExists, err := tx.Versions(ctx, tc.main)
			require.NoError(t, err, "%s: %s", when, tc.name)
			assert.Equal(t, tc.highest, highest, "%s: %s: highest: got %d, want %d", when, tc.name, highest, tc.highest)
			assert.Equal(t, tc.mainExists, mainExists, "%s: %s: mainExists", when, tc.name)
		}
	}

	tx := begin(t, s)
	put(t, tx, views...)
	check(t, tx, "in the transaction")
	require.NoError(t, tx.Commit())
	check(t, begin(t, s), "after Commit")
}

// importRecord returns a history entry; consolidated says whether its lines
// were consolidated.
func importRecord(partner, file, sha string, consolidated bool) eleader.ImportRecord {
	paris := time.FixedZone("Europe/Paris", 3600)
	started := time.Date(2026, 11, 16, 9, 30, 15, 123456000, paris)
	status := importer.StatusPartial
	if !consolidated {
		status = importer.StatusRejected
	}
	return eleader.ImportRecord{
		Partner: partner, File: file, SHA256: sha, Status: status, Consolidated: consolidated,
		Lines: 120, Accepted: 117, Rejected: 3, Dossiers: 40, Created: 12, Updated: 28,
		Started: started, Ended: started.Add(1500 * time.Millisecond),
	}
}

// testDossiersInBulk: Dossiers tells the owner and the view's Applied of
// each number that exists, as the transaction sees them, whatever the
// length of the list, duplicates and missing numbers included.
func testDossiersInBulk(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	applied := dossier.Applied{Request: dossier.RequestHash{1, 2, 3}, Disagreements: 2}
	var numbers []string
	tx := begin(t, s)
	for i := range 700 {
		num := fmt.Sprintf("ADIE%06d", i)
		owner := "adie"
		if i%2 == 1 {
			owner = "franceactive"
		}
		v := newView(t, num, owner, map[string]string{"Nom": "Dupont"})
		if i%3 == 0 {
			v.Applied = applied
		}
		require.NoError(t, tx.Create(ctx, v))
		numbers = append(numbers, num)
	}
	require.NoError(t, tx.Commit())

	tx = begin(t, s)
	changed := newView(t, "ADIE000001", "franceactive", map[string]string{"Nom": "Durand"})
	changed.Applied = dossier.Applied{Request: dossier.RequestHash{9}}
	require.NoError(t, tx.SaveView(ctx, changed)) // the transaction sees its own work
	ask := append(slices.Clone(numbers), "ADIE999999", "ADIE000002", "001-ADIE000001")
	for _, n := range []int{0, 1, 5, len(ask)} {
		got, err := tx.Dossiers(ctx, ask[:n])
		require.NoError(t, err, "Dossiers of %d numbers", n)
		want := map[string]eleader.StoredDossier{}
		for _, num := range ask[:n] {
			i := slices.Index(numbers, num)
			switch {
			case i < 0:
			case i == 1:
				want[num] = eleader.StoredDossier{Owner: "franceactive", Applied: changed.Applied}
			case i%3 == 0:
				want[num] = eleader.StoredDossier{Owner: []string{"adie", "franceactive"}[i%2], Applied: applied}
			default:
				want[num] = eleader.StoredDossier{Owner: []string{"adie", "franceactive"}[i%2]}
			}
		}
		assert.Equal(t, want, got, "Dossiers of %d numbers", n)
	}
}
