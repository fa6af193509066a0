package storetest

import (
	"encoding/json"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// itemValues are an item's values, name then value, all from p.
func itemValues(p dossier.Provenance, kv ...string) dossier.Fields {
	var out dossier.Fields
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], dossier.Value{Value: kv[i+1], Provenance: p})
	}
	return out
}

// mustDate parses a JJ/MM/AAAA date the test writes.
func mustDate(tb testing.TB, s string) matrice.Date {
	tb.Helper()
	d, ok := matrice.ParseDate(s)
	require.True(tb, ok, "date %q", s)
	return d
}

func testSaveViewRoundTrip(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	created := prov(srcADIE, 2, matrice.NewDate(2026, 3, 1))
	late := prov(srcFRAC, 57, matrice.NewDate(2026, 9, 30))
	noDateMaj := prov(srcFRAC, 58, 0) // a matrice without DateMaj
	v := dossier.NewView(number(t, "001-ADIE100876-AHG-4U"), "adie", created)
	v.Fields = dossier.FieldsOf(map[string]dossier.Value{
		"Phase":          {Value: "2", Provenance: late},
		"Nom":            {Value: "Lefèvre-Dupré", Provenance: created},
		"Prenom":         {Value: "Zoé", Provenance: created},
		"DateNaissance":  {Value: "29/02/2004", Provenance: created},
		"IntituleProjet": {Value: `Épicerie "fine"; bio`, Provenance: late},
		"Commune":        {Value: "Saint-Denis", Provenance: noDateMaj},
	})
	v.Items = []dossier.Item{ // in the order views keep them: group, then key
		{Group: matrice.GroupFinancement, Key: "PH-2026-118", Values: itemValues(late,
			"ReferenceFinancement", "PH-2026-118", "TypeFinancement", "PRET_HONNEUR", "MontantFinancement", "8000,00")},
		{Group: matrice.GroupRDV, Key: "2026-03-05|DIAGNOSTIC", Values: dossier.FieldsOf(map[string]dossier.Value{ // merged from two partners
			"DateRDV": {Value: "05/03/2026", Provenance: created}, "TypeRDV": {Value: "DIAGNOSTIC", Provenance: created},
			"DureeRDV": {Value: "60", Provenance: created}, "ModaliteRDV": {Value: "TELEPHONE", Provenance: late},
		})},
		{Group: matrice.GroupRDV, Key: "2026-04-02|SUIVI", Values: itemValues(noDateMaj,
			"DateRDV", "02/04/2026", "TypeRDV", "SUIVI")},
	}
	store(t, s, v)

	got, err := s.View(ctx, "001-ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, v, got, "View after SaveView")

	// A second save replaces the view.
	w := dossier.NewView(v.Number, v.Owner, v.Created)
	w.Fields.Set("Phase", dossier.Value{Value: "3", Provenance: late})
	tx := begin(t, s)
	require.NoError(t, tx.SaveView(ctx, w))
	require.NoError(t, tx.Commit())
	got, err = s.View(ctx, "001-ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, w, got, "View after a second SaveView")
}

// The service creates a dossier with its first request applied: Create
// alone writes the view and its search keys.
func testCreateWholeView(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	v := newView(t, "ADIE100876-AHG-4U", "adie", map[string]string{
		"Nom": "Dupont", "Prenom": "Amélie", "DateNaissance": "12/05/1990", "SIRET": siret, "Phase": "2",
	})
	v.Items = []dossier.Item{{Group: matrice.GroupRDV, Key: "2026-03-05|DIAGNOSTIC",
		Values: itemValues(v.Created, "DateRDV", "05/03/2026", "TypeRDV", "DIAGNOSTIC")}}
	tx := begin(t, s)
	require.NoError(t, tx.Create(ctx, v))
	got, err := tx.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, v, got, "tx.View after Create")
	require.NoError(t, tx.Commit())

	got, err = s.View(ctx, "ADIE100876-AHG-4U")
	require.NoError(t, err)
	assert.Equal(t, v, got, "View after Create")
	want := []dossier.Match{{Number: "ADIE100876-AHG-4U", Main: "ADIE100876-AHG-4U", Oper: "ADIE", Partner: "adie", Phase: "2"}}
	for _, q := range [][2]string{{dossier.NameKey("Dupont", "Amélie", mustDate(t, "12/05/1990")), ""}, {"", siret}} {
		m, err := s.Search(ctx, q[0], q[1])
		require.NoError(t, err)
		assert.Equal(t, want, m, "Search(%q, %q) after Create", q[0], q[1])
	}
}

func testSearchKeysFollowSaves(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	birth := mustDate(t, "12/05/1990")
	key := func(surname string) string { return dossier.NameKey(surname, "Amélie", birth) }
	identity := map[string]string{"Prenom": "Amélie", "DateNaissance": "12/05/1990", "Phase": "1"}
	with := func(kv ...string) map[string]string {
		f := map[string]string{}
		for k, v := range identity {
			f[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			f[kv[i]] = kv[i+1]
		}
		return f
	}
	want := []dossier.Match{{Number: "ADIE100876-AHG-4U", Main: "ADIE100876-AHG-4U", Oper: "ADIE", Partner: "adie", Phase: "1"}}
	search := func(nameKey, siret string) []dossier.Match {
		t.Helper()
		m, err := s.Search(ctx, nameKey, siret)
		require.NoError(t, err)
		return m
	}

	store(t, s, newView(t, "ADIE100876-AHG-4U", "adie", with("Nom", "Durand", "SIRET", "11111111111111")))
	assert.Equal(t, want, search(key("Durand"), ""), "by name after the first save")
	assert.Equal(t, want, search("", "11111111111111"), "by SIRET after the first save")

	tx := begin(t, s)
	require.NoError(t, tx.SaveView(ctx, newView(t, "ADIE100876-AHG-4U", "adie",
		with("Nom", "Martin", "NomNaissance", "Dupont", "SIRET", siret))))
	require.NoError(t, tx.Commit())
	assert.Equal(t, want, search(key("MARTIN"), ""), "by name after the second save")
	assert.Equal(t, want, search(key("dupont"), ""), "by birth name after the second save")
	assert.Equal(t, want, search("", siret), "by SIRET after the second save")
	assert.Empty(t, search(key("Durand"), ""), "by the old name")
	assert.Empty(t, search("", "11111111111111"), "by the old SIRET")
	assert.Empty(t, search(dossier.NameKey("Martin", "Amélie", birth+1), ""), "by another birth date")
}

// searchViews are dossiers of two mains sharing a SIRET (carried by a main
// and by a sub-version), created out of order, and an unrelated dossier.
func searchViews(tb testing.TB) []*dossier.View {
	person := map[string]string{
		"Nom": "Lefèvre-Dupré", "Prenom": "Zoé", "DateNaissance": "29/02/2004", "Adresse": "7 allée des Tilleuls",
		"Email": "zoe.lefevre@example.org", "Telephone": "06 11 22 33 44", "Phase": "1",
	}
	return []*dossier.View{
		newView(tb, "002-ADIE100876-AHG-4U", "initiative", map[string]string{"Phase": "2", "SIRET": siret, "Nom": "Lefèvre-Dupré"}),
		newView(tb, "ADIE100876-AHG-4U", "adie", person),
		newView(tb, "FRAC2024-0042", "frac", map[string]string{"Phase": "3", "SIRET": "11111111111111", "Nom": "Benali", "Prenom": "Karim", "DateNaissance": "29/02/2004"}),
		newView(tb, "001-ADIE100876-AHG-4U", "adie", map[string]string{"Phase": "2"}),
		newView(tb, "001-ADIE000042", "adie", map[string]string{"Phase": "2"}),
		newView(tb, "ADIE000042", "adie", map[string]string{"Phase": "3", "SIRET": siret}),
	}
}

func testSearchReturnsWholeMain(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	store(t, s, searchViews(t)...)
	adie100876 := []dossier.Match{
		{Number: "ADIE100876-AHG-4U", Main: "ADIE100876-AHG-4U", Version: 0, Oper: "ADIE", Partner: "adie", Phase: "1"},
		{Number: "001-ADIE100876-AHG-4U", Main: "ADIE100876-AHG-4U", Version: 1, Oper: "ADIE", Partner: "adie", Phase: "2"},
		{Number: "002-ADIE100876-AHG-4U", Main: "ADIE100876-AHG-4U", Version: 2, Oper: "ADIE", Partner: "initiative", Phase: "2"},
	}
	adie42 := []dossier.Match{
		{Number: "ADIE000042", Main: "ADIE000042", Version: 0, Oper: "ADIE", Partner: "adie", Phase: "3"},
		{Number: "001-ADIE000042", Main: "ADIE000042", Version: 1, Oper: "ADIE", Partner: "adie", Phase: "2"},
	}
	tests := []struct {
		name           string
		nameKey, siret string
		want           []dossier.Match
	}{
		{"name key of the main", dossier.NameKey("LEFEVRE DUPRE", "zoe", mustDate(t, "29/02/2004")), "", adie100876},
		{"SIRET of a main and of a sub-version", "", siret, append(append([]dossier.Match{}, adie42...), adie100876...)},
		{"SIRET of one main", "", "11111111111111", []dossier.Match{
			{Number: "FRAC2024-0042", Main: "FRAC2024-0042", Version: 0, Oper: "FRAC", Partner: "frac", Phase: "3"},
		}},
		{"unknown SIRET", "", "22222222222222", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Search(ctx, tc.nameKey, tc.siret)
			require.NoError(t, err)
			if len(tc.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func testSearchHasNoPersonalData(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	views := searchViews(t)
	store(t, s, views...)
	var all []dossier.Match
	for _, q := range [][2]string{
		{dossier.NameKey("Lefèvre-Dupré", "Zoé", mustDate(t, "29/02/2004")), ""},
		{"", siret},
		{"", "11111111111111"},
	} {
		m, err := s.Search(ctx, q[0], q[1])
		require.NoError(t, err)
		require.NotEmpty(t, m, "Search(%q, %q)", q[0], q[1])
		all = append(all, m...)
	}
	b, err := json.Marshal(all)
	require.NoError(t, err)
	for _, v := range views {
		for _, field := range []string{"Nom", "Prenom", "Adresse", "Email", "Telephone"} {
			if value := v.Value(field); value != "" {
				assert.NotContains(t, string(b), value, "search results hold %s of %s", field, v.Number)
			}
		}
	}
}
