package storetest

import (
	"slices"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// disagreement returns adie's value of field kept over frac's.
func disagreement(num, field string) dossier.Disagreement {
	return dossier.Disagreement{
		Number: num, Field: field,
		Kept:  dossier.Value{Value: "Dupont", Provenance: prov(srcADIE, 3, matrice.NewDate(2026, 11, 10))},
		Other: dossier.Value{Value: "Dupond", Provenance: prov(srcFRAC, 12, matrice.NewDate(2026, 9, 30))},
	}
}

func testDisagreementsOnce(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	store(t, s, newView(t, "ADIE100876-AHG-4U", "adie", nil), newView(t, "FRAC2024-0042", "frac", nil))
	d1 := disagreement("ADIE100876-AHG-4U", "Nom")
	d2 := disagreement("ADIE100876-AHG-4U", "Commune")
	d2.Kept.Value, d2.Other.Value = "Saint-Denis", "Saint Denis"
	d2.Kept.Line, d2.Other.Line = 4, 13
	d3 := disagreement("FRAC2024-0042", "Nom")
	d3.Kept, d3.Other = d3.Other, d3.Kept // frac's value kept
	d3.Other.Date = matrice.NewDate(2025, 12, 31)

	tx := begin(t, s)
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{d1, d2}))
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{d1, d2, d1}))
	require.NoError(t, tx.Commit())
	tx = begin(t, s)
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{d3, d1}))
	require.NoError(t, tx.AddDisagreements(ctx, nil))
	require.NoError(t, tx.Commit())

	got, err := s.Disagreements(ctx, "")
	require.NoError(t, err)
	assert.ElementsMatch(t, []dossier.Disagreement{d1, d2, d3}, got, "Disagreements of every dossier")
	got, err = s.Disagreements(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.ElementsMatch(t, []dossier.Disagreement{d1, d2}, got, "Disagreements of ADIE100876-AHG-4U")
	got, err = s.Disagreements(ctx, "FRAC2024-0042")
	require.NoError(t, err)
	assert.Equal(t, []dossier.Disagreement{d3}, got, "Disagreements of FRAC2024-0042")
	got, err = s.Disagreements(ctx, "001-ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Empty(t, got, "Disagreements of a dossier without any")
}

// Disagreements on an item's field name the item (group and key): they are
// told apart from the DOSSIER field of the same name and from the same
// field of another item, recorded once each, and listed DOSSIER fields
// first, then items by group and key.
func testDisagreementsOnItems(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	store(t, s, newView(t, "ADIE100876-AHG-4U", "adie", nil))
	dossierField := disagreement("ADIE100876-AHG-4U", "DureeRDV") // a matrice may name a DOSSIER field so
	rdv := disagreement("ADIE100876-AHG-4U", "DureeRDV")
	rdv.Group, rdv.Key = matrice.GroupRDV, "05/03/2026|DIAGNOSTIC"
	rdv.Kept.Value, rdv.Other.Value = "15", "30"
	other := rdv
	other.Key = "12/03/2026|SUIVI"
	fin := disagreement("ADIE100876-AHG-4U", "MontantFinancement")
	fin.Group, fin.Key = matrice.GroupFinancement, "PH-1\x00 «réf» ; \"x\"" // a reference is a value: anything
	fin.Kept.Value, fin.Other.Value = "5000", "6000"

	tx := begin(t, s)
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{other, fin, rdv, dossierField}))
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{rdv, fin}))
	require.NoError(t, tx.Commit())
	tx = begin(t, s)
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{fin, other}))
	require.NoError(t, tx.Commit())

	want := []dossier.Disagreement{dossierField, fin, rdv, other}
	got, err := s.Disagreements(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, want, got, "Disagreements of the dossier, in order")
	got, err = s.Disagreements(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, want, got, "Disagreements of every dossier")
}

// A matrice without DateMaj gives provenances without a date
// (dossier.NewLayout): their disagreements round trip too.
func testDisagreementsWithoutDateMaj(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	d := disagreement("ADIE100876-AHG-4U", "Nom")
	d.Kept.Date, d.Other.Date = 0, 0
	tx := begin(t, s)
	put(t, tx, newView(t, "ADIE100876-AHG-4U", "adie", nil))
	require.NoError(t, tx.AddDisagreements(ctx, []dossier.Disagreement{d}))
	require.NoError(t, tx.Commit())

	got, err := s.Disagreements(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err, "Disagreements of a dossier whose values have no DateMaj")
	assert.Equal(t, []dossier.Disagreement{d}, got)
	got, err = s.Disagreements(ctx, "")
	require.NoError(t, err, "Disagreements of every dossier")
	assert.Equal(t, []dossier.Disagreement{d}, got)
}

// utc returns recs with their times in UTC, for comparison: a store keeps
// the instant, not the location.
func utc(recs ...eleader.ImportRecord) []eleader.ImportRecord {
	out := make([]eleader.ImportRecord, len(recs))
	for i, r := range recs {
		r.Started, r.Ended = r.Started.UTC(), r.Ended.UTC()
		out[i] = r
	}
	return out
}

func testImportIDsIncrease(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	var last int64
	for i, partner := range []string{"adie", "frac", "adie"} {
		tx := begin(t, s)
		rec := importRecord(partner, "20261116-"+partner+".csv", "aa", true)
		require.NoError(t, tx.RecordImport(ctx, &rec))
		second := importRecord(partner, "20261117-"+partner+".csv", "bb", false)
		require.NoError(t, tx.RecordImport(ctx, &second))
		require.NoError(t, tx.Commit())
		assert.Greater(t, rec.ID, last, "import %d: ID", 2*i)
		assert.Greater(t, second.ID, rec.ID, "import %d: ID", 2*i+1)
		last = second.ID
	}
	// An ID rolled back is not a problem, but IDs keep increasing after it.
	tx := begin(t, s)
	rec := importRecord("adie", "20261118-adie.csv", "cc", true)
	require.NoError(t, tx.RecordImport(ctx, &rec))
	require.NoError(t, tx.Rollback())
	tx = begin(t, s)
	rec = importRecord("adie", "20261119-adie.csv", "dd", true)
	require.NoError(t, tx.RecordImport(ctx, &rec))
	require.NoError(t, tx.Commit())
	assert.Greater(t, rec.ID, last, "ID after a rolled back import")
}

func testImportsMostRecentFirst(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	r1 := importRecord("adie", "20261114-adie.csv", "aa", true)
	r2 := importRecord("frac", "20261115-frac.csv", "bb", true)
	r2.Started, r2.Ended = r2.Started.AddDate(0, 0, 1), r2.Ended.AddDate(0, 0, 1)
	r3 := importRecord("adie", "20261114-adie.csv", "aa", false)
	r3.Lines, r3.Accepted, r3.Rejected, r3.Dossiers, r3.Created, r3.Updated = 5, 0, 5, 0, 0, 0
	tx := begin(t, s)
	require.NoError(t, tx.RecordImport(ctx, &r1))
	require.NoError(t, tx.RecordImport(ctx, &r2))
	require.NoError(t, tx.Commit())
	tx = begin(t, s)
	require.NoError(t, tx.RecordImport(ctx, &r3))
	require.NoError(t, tx.Commit())

	tests := []struct {
		partner string
		want    []eleader.ImportRecord
	}{
		{"", utc(r3, r2, r1)},
		{"adie", utc(r3, r1)},
		{"frac", utc(r2)},
		{"nobody", nil},
	}
	for _, tc := range tests {
		got, err := s.Imports(ctx, tc.partner)
		require.NoError(t, err)
		if tc.want == nil {
			assert.Empty(t, got, "Imports(%q)", tc.partner)
			continue
		}
		assert.Equal(t, tc.want, utc(got...), "Imports(%q)", tc.partner)
	}
}

func testFindImport(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	const file = "20261114-adie.csv"
	first := importRecord("adie", file, "aa", true)
	latest := importRecord("adie", file, "aa", true)
	latest.Started = latest.Started.AddDate(0, 0, 2)
	rejected := importRecord("adie", file, "aa", false) // recorded last, not consolidated
	other := importRecord("adie", file, "bb", true)     // same file, other content
	tx := begin(t, s)
	for _, r := range []*eleader.ImportRecord{&first, &other} {
		require.NoError(t, tx.RecordImport(ctx, r))
	}
	require.NoError(t, tx.Commit())
	tx = begin(t, s)
	require.NoError(t, tx.RecordImport(ctx, &latest))
	require.NoError(t, tx.Commit())
	tx = begin(t, s)
	require.NoError(t, tx.RecordImport(ctx, &rejected))
	require.NoError(t, tx.Commit())

	tests := []struct {
		name               string
		partner, file, sha string
		want               eleader.ImportRecord
		found              bool
	}{
		{"latest consolidated", "adie", file, "aa", latest, true},
		{"other content", "adie", file, "bb", other, true},
		{"unknown content", "adie", file, "cc", eleader.ImportRecord{}, false},
		{"other partner", "frac", file, "aa", eleader.ImportRecord{}, false},
		{"other file", "adie", "20261115-adie.csv", "aa", eleader.ImportRecord{}, false},
	}
	tx = begin(t, s)
	for _, tc := range tests {
		got, found, err := tx.FindImport(ctx, tc.partner, tc.file, tc.sha)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.found, found, "%s: found", tc.name)
		if tc.found {
			assert.Equal(t, utc(tc.want), utc(got), tc.name)
		}
	}

	// Only rejected imports of a content: not found.
	only := importRecord("adie", "20261120-adie.csv", "ee", false)
	require.NoError(t, tx.RecordImport(ctx, &only))
	_, found, err := tx.FindImport(ctx, "adie", only.File, only.SHA256)
	require.NoError(t, err)
	assert.False(t, found, "FindImport of a content never consolidated: found")
}

// An import keeps why its file was not consolidated (its file errors,
// whatever their messages hold) and whether it was a qualification's;
// Import returns one entry, ENOTFOUND for an unknown ID.
func testImportOne(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	rejected := importRecord("adie", "20261114-adie.csv", "aa", false)
	rejected.Status, rejected.Lines, rejected.Accepted, rejected.Rejected, rejected.Dossiers, rejected.Created, rejected.Updated =
		importer.StatusRejected, 0, 0, 0, 0, 0, 0
	rejected.FileErrors = []importer.FileError{
		{File: "20261114-adie.csv", Code: importer.CodeHeader, Message: "missing column 'Nom'; unknown column 'N\x00m\x1b[0m' \"quoted\" ; bad \xff byte"},
		{File: "20261114-adie.csv", Code: importer.CodeMode, Message: "complete mode: line 3 is rejected"},
	}
	qualif := importRecord("frac", "20261115-frac.csv", "bb", false)
	qualif.Qualification = true
	ok := importRecord("adie", "20261116-adie.csv", "cc", true)
	tx := begin(t, s)
	for _, r := range []*eleader.ImportRecord{&rejected, &qualif, &ok} {
		require.NoError(t, tx.RecordImport(ctx, r))
	}
	require.NoError(t, tx.Commit())

	// What a store keeps of a message is text: a NUL and a bad byte
	// come back as U+FFFD.
	want := rejected
	want.FileErrors = slices.Clone(rejected.FileErrors)
	want.FileErrors[0].Message = "missing column 'Nom'; unknown column 'N\x00m\x1b[0m' \"quoted\" ; bad \uFFFD byte"
	for _, r := range []eleader.ImportRecord{want, qualif, ok} {
		got, err := s.Import(ctx, r.ID)
		require.NoError(t, err, "Import(%d)", r.ID)
		assert.Equal(t, utc(r), utc(got), "Import(%d)", r.ID)
	}
	all, err := s.Imports(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, utc(ok, qualif, want), utc(all...), "Imports")
	_, err = s.Import(ctx, ok.ID+1000)
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "Import of an unknown ID: %v", err)
}
