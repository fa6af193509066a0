package dossier_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// itemKeys returns the items of the only request a grouper made of one line,
// as group → key.
func itemKeys(tb testing.TB, l *dossier.Layout, fields map[string]string) map[matrice.Group]string {
	tb.Helper()
	g := dossier.NewGrouper(l, srcAdie)
	g.Add(2, line(tb, l.Matrice(), fields))
	reqs := g.Requests()
	require.Len(tb, reqs, 1)
	keys := map[matrice.Group]string{}
	for _, it := range reqs[0].Items {
		_, dup := keys[it.Group]
		require.False(tb, dup, "two items of group %s from one line", it.Group)
		keys[it.Group] = it.Key
	}
	return keys
}

func newMatrice(tb testing.TB, fields ...matrice.Field) *matrice.Matrice {
	tb.Helper()
	m, err := matrice.New(fields)
	require.NoError(tb, err)
	return m
}

func field(name string, g matrice.Group, t matrice.Type, enum ...string) matrice.Field {
	return matrice.Field{Name: name, Group: g, Type: t, Values: enum}
}

// TestNewLayoutKeys: spec §5 deduplicates RDVs and events by (date, type),
// financings by ReferenceFinancement; a matrice without those fields keys an
// item by its group's first DATE and first ENUM, or all its fields.
func TestNewLayoutKeys(t *testing.T) {
	numero := field("Num", matrice.GroupDossier, matrice.DOSSIER)
	tests := []struct {
		name   string
		m      *matrice.Matrice
		fields map[string]string
		want   map[matrice.Group]string
	}{
		{
			name: "default matrice",
			m:    matrice.Default(),
			fields: map[string]string{
				"NumeroDossier": "ADIE1", "DateMaj": "10/11/2026",
				"DateRDV": "20/01/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "PRESENTIEL", "DureeRDV": "60",
				"DateEvenement": "05/02/2026", "TypeEvenement": "ATELIER", "IntituleEvenement": "Atelier BP", "DureeEvenement": "120",
				"ReferenceFinancement": "PH-1", "TypeFinancement": "PRET_HONNEUR", "MontantFinancement": "5000",
				"DateFinancement": "15/05/2026", "ReseauFinancement": "INITIATIVE",
			},
			want: map[matrice.Group]string{
				matrice.GroupRDV:         "20/01/2026|DIAGNOSTIC",
				matrice.GroupEvenement:   "05/02/2026|ATELIER",
				matrice.GroupFinancement: "PH-1",
			},
		},
		{
			name: "fallback: first DATE then first ENUM, whatever their order",
			m: newMatrice(t, numero,
				field("Genre", matrice.GroupRDV, matrice.ENUM, "A", "B"),
				field("Duree", matrice.GroupRDV, matrice.NUM),
				field("Quand", matrice.GroupRDV, matrice.DATE),
				field("Sorte", matrice.GroupRDV, matrice.ENUM, "X", "Y"),
				field("Depuis", matrice.GroupRDV, matrice.DATE),
			),
			fields: map[string]string{"Num": "ADIE1", "Genre": "B", "Duree": "30", "Quand": "01/02/2026", "Sorte": "X", "Depuis": "01/01/2026"},
			want:   map[matrice.Group]string{matrice.GroupRDV: "01/02/2026|B"},
		},
		{
			name: "fallback: a DATE and no ENUM",
			m: newMatrice(t, numero,
				field("Lieu", matrice.GroupEvenement, matrice.TXT),
				field("Jour", matrice.GroupEvenement, matrice.DATE),
			),
			fields: map[string]string{"Num": "ADIE1", "Lieu": "Paris", "Jour": "03/03/2026"},
			want:   map[matrice.Group]string{matrice.GroupEvenement: "03/03/2026"},
		},
		{
			name: "fallback: neither DATE nor ENUM, all the fields",
			m: newMatrice(t, numero,
				field("Note", matrice.GroupFinancement, matrice.TXT),
				field("Ref", matrice.GroupFinancement, matrice.TXT),
			),
			fields: map[string]string{"Num": "ADIE1", "Note": "n", "Ref": "R1"},
			want:   map[matrice.Group]string{matrice.GroupFinancement: "n|R1"},
		},
		{
			name: "ItemKeys by name, whatever the types",
			m: newMatrice(t, numero,
				field("DateFinancement", matrice.GroupFinancement, matrice.DATE),
				field("TypeFinancement", matrice.GroupFinancement, matrice.ENUM, "PRET"),
				field("ReferenceFinancement", matrice.GroupFinancement, matrice.TXT),
				field("TypeRDV", matrice.GroupRDV, matrice.TXT),
				field("DateRDV", matrice.GroupRDV, matrice.TXT),
			),
			fields: map[string]string{
				"Num": "ADIE1", "DateFinancement": "01/01/2026", "TypeFinancement": "PRET", "ReferenceFinancement": "R-9",
				"TypeRDV": "libre", "DateRDV": "demain",
			},
			want: map[matrice.Group]string{matrice.GroupFinancement: "R-9", matrice.GroupRDV: "demain|libre"},
		},
		{
			name: "an ItemKeys name in another group does not count",
			m: newMatrice(t, numero,
				field("DateEvenement", matrice.GroupDossier, matrice.DATE),
				field("Quoi", matrice.GroupEvenement, matrice.ENUM, "ATELIER"),
				field("Quand", matrice.GroupEvenement, matrice.DATE),
			),
			fields: map[string]string{"Num": "ADIE1", "DateEvenement": "01/01/2026", "Quoi": "ATELIER", "Quand": "02/02/2026"},
			want:   map[matrice.Group]string{matrice.GroupEvenement: "02/02/2026|ATELIER"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := dossier.NewLayout(tt.m)
			require.Same(t, tt.m, l.Matrice())
			assert.Equal(t, tt.want, itemKeys(t, l, tt.fields))
		})
	}
}

// TestNewLayoutProvenanceDate: a line's DateMaj dates its values; a matrice
// without a DATE DateMaj leaves them undated.
func TestNewLayoutProvenanceDate(t *testing.T) {
	numero := field("Num", matrice.GroupDossier, matrice.DOSSIER)
	tests := []struct {
		name string
		m    *matrice.Matrice
		want matrice.Date
	}{
		{"DateMaj", newMatrice(t, numero, field("Nom", matrice.GroupDossier, matrice.TXT), field("DateMaj", matrice.GroupDossier, matrice.DATE)), matrice.NewDate(2026, 11, 10)},
		{"no DateMaj", newMatrice(t, numero, field("Nom", matrice.GroupDossier, matrice.TXT), field("Autre", matrice.GroupDossier, matrice.DATE)), 0},
		{"DateMaj not a DATE", newMatrice(t, numero, field("Nom", matrice.GroupDossier, matrice.TXT), field("DateMaj", matrice.GroupDossier, matrice.TXT)), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := dossier.NewGrouper(dossier.NewLayout(tt.m), srcAdie)
			fields := map[string]string{"Num": "ADIE1", "Nom": "Dupont"}
			if _, ok := tt.m.Lookup("DateMaj"); ok {
				fields["DateMaj"] = "10/11/2026"
			}
			g.Add(3, line(t, tt.m, fields))
			reqs := g.Requests()
			require.Len(t, reqs, 1)
			require.Contains(t, reqs[0].Values().Map(), "Nom")
			assert.Equal(t, dossier.Provenance{Source: srcAdie, Line: 3, Date: tt.want}, reqs[0].Values().Map()["Nom"].Provenance)
			assert.NotContains(t, reqs[0].Values().Map(), "Num", "the number is not a field of the request")
		})
	}
}

// TestNewLayoutWithoutNumber: a matrice without a DOSSIER field groups nothing.
func TestNewLayoutWithoutNumber(t *testing.T) {
	m := newMatrice(t, field("Nom", matrice.GroupDossier, matrice.TXT))
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	g.Add(2, line(t, m, map[string]string{"Nom": "Dupont"}))
	assert.Equal(t, 0, g.Len())
	assert.Empty(t, g.Requests())
}

// groupedLines are the lines of adie's file: dossier ADIE1 on lines 2, 4 and
// 6 (not adjacent), ADIE2 on line 3, the sub-version 001-ADIE1 on line 5.
func groupedLines(tb testing.TB, m *matrice.Matrice) map[int]values {
	tb.Helper()
	return map[int]values{
		2: line(tb, m, map[string]string{
			"NumeroDossier": "ADIE1", "Phase": "1", "DateMaj": "10/11/2026", "Nom": "Dupont",
			"DateRDV": "20/01/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "PRESENTIEL", "DureeRDV": "60",
		}),
		3: line(tb, m, map[string]string{
			"NumeroDossier": "ADIE2", "Phase": "1", "DateMaj": "09/11/2026", "Nom": "Martin",
			"ReferenceFinancement": "PH-1", "TypeFinancement": "PRET_HONNEUR", "MontantFinancement": "5000",
		}),
		4: line(tb, m, map[string]string{
			// Nom and DateMaj differ (lines the importer rejects, but a
			// Grouper merges what it is given as View.Apply would): the
			// most recent wins. Phase is equal: the earliest line keeps it.
			"NumeroDossier": "ADIE1", "Phase": "1", "DateMaj": "12/11/2026", "Nom": "DUPONT", "Prenom": "Élodie",
			"DateRDV": "20/01/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "DISTANCIEL",
			"DateEvenement": "05/02/2026", "TypeEvenement": "ATELIER", "IntituleEvenement": "Atelier BP",
		}),
		5: line(tb, m, map[string]string{"NumeroDossier": "001-ADIE1", "Phase": "2", "DateMaj": "10/11/2026"}),
		6: line(tb, m, map[string]string{
			"NumeroDossier": "ADIE1", "Phase": "", "DateMaj": "10/11/2026", "Nom": "", "Conseiller": "",
			"DateRDV": "21/01/2026", "TypeRDV": "SUIVI", "ModaliteRDV": "",
		}),
	}
}

func TestGrouper(t *testing.T) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	lines := groupedLines(t, m)
	for n := 2; n <= 6; n++ {
		g.Add(n, lines[n])
	}
	require.Equal(t, 3, g.Len())

	reqs := g.Requests()
	require.Len(t, reqs, 3)
	var got []string
	for _, r := range reqs {
		got = append(got, r.Number.String())
	}
	assert.Equal(t, []string{"ADIE1", "ADIE2", "001-ADIE1"}, got, "requests in the order of first appearance")

	p2, p4, p6 := prov(t, srcAdie, 2, "10/11/2026"), prov(t, srcAdie, 4, "12/11/2026"), prov(t, srcAdie, 6, "10/11/2026")
	adie1 := reqs[0]
	assert.Equal(t, number(t, "ADIE1"), adie1.Number)
	assert.Equal(t, srcAdie, adie1.Source)
	assert.Equal(t, 2, adie1.Line, "Line is the first line of the dossier")
	assert.Equal(t, map[string]dossier.Value{
		"Phase":   {Value: "1", Provenance: p2},          // equal on line 4: the earliest line's
		"DateMaj": {Value: "12/11/2026", Provenance: p4}, // different (the importer rejects such lines): the most recent
		"Nom":     {Value: "DUPONT", Provenance: p4},
		"Prenom":  {Value: "Élodie", Provenance: p4},
	}, adie1.Values().Map())
	assert.ElementsMatch(t, []dossier.Item{
		{ // line 4 carries the same date and type: merged field by field,
			// its ModaliteRDV more recent, line 2's DureeRDV kept
			Group: matrice.GroupRDV, Key: "20/01/2026|DIAGNOSTIC",
			Values: dossier.FieldsOf(map[string]dossier.Value{
				"DateRDV": {Value: "20/01/2026", Provenance: p2}, "TypeRDV": {Value: "DIAGNOSTIC", Provenance: p2},
				"ModaliteRDV": {Value: "DISTANCIEL", Provenance: p4}, "DureeRDV": {Value: "60", Provenance: p2},
			}),
		},
		{
			Group: matrice.GroupEvenement, Key: "05/02/2026|ATELIER",
			Values: dossier.FieldsOf(map[string]dossier.Value{
				"DateEvenement": {Value: "05/02/2026", Provenance: p4}, "TypeEvenement": {Value: "ATELIER", Provenance: p4},
				"IntituleEvenement": {Value: "Atelier BP", Provenance: p4},
			}),
		},
		{
			Group: matrice.GroupRDV, Key: "21/01/2026|SUIVI",
			Values: dossier.FieldsOf(map[string]dossier.Value{"DateRDV": {Value: "21/01/2026", Provenance: p6}, "TypeRDV": {Value: "SUIVI", Provenance: p6}}),
		},
	}, adie1.Items)

	adie2 := reqs[1]
	assert.Equal(t, 3, adie2.Line)
	p3 := prov(t, srcAdie, 3, "09/11/2026")
	assert.Equal(t, map[string]dossier.Value{
		"Phase": {Value: "1", Provenance: p3}, "DateMaj": {Value: "09/11/2026", Provenance: p3}, "Nom": {Value: "Martin", Provenance: p3},
	}, adie2.Values().Map())
	assert.Equal(t, []dossier.Item{{
		Group: matrice.GroupFinancement, Key: "PH-1",
		Values: dossier.FieldsOf(map[string]dossier.Value{
			"ReferenceFinancement": {Value: "PH-1", Provenance: p3}, "TypeFinancement": {Value: "PRET_HONNEUR", Provenance: p3},
			"MontantFinancement": {Value: "5000", Provenance: p3},
		}),
	}}, adie2.Items)

	sub := reqs[2]
	assert.Equal(t, dossier.Number{Version: 1, Oper: "ADIE", Index: "1"}, sub.Number, "a sub-version is its own dossier")
	assert.Equal(t, 5, sub.Line)
	assert.Empty(t, sub.Items, "a line without item values carries no item")
	assert.Len(t, sub.Values(), 2)
}

// TestGrouperRequestsEmpties: Requests hands over what the grouper holds and
// starts afresh.
func TestGrouperRequestsEmpties(t *testing.T) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	lines := groupedLines(t, m)
	g.Add(2, lines[2])
	g.Add(3, lines[3])
	require.Len(t, g.Requests(), 2)
	assert.Equal(t, 0, g.Len(), "Len after Requests")
	assert.Equal(t, 0, g.Bytes(), "Bytes after Requests")
	assert.Empty(t, g.Requests(), "a second Requests")

	g.Add(4, lines[4])
	reqs := g.Requests()
	require.Len(t, reqs, 1, "ADIE1 again, in a fresh request")
	assert.Equal(t, 4, reqs[0].Line)
	assert.Equal(t, "DUPONT", reqs[0].Values().Map()["Nom"].Value, "the flushed request's value is not remembered")
}

// TestGrouperIgnoresBadNumbers: lines whose number does not parse (the
// importer never accepts them) make no request.
func TestGrouperIgnoresBadNumbers(t *testing.T) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	for i, n := range []string{"", "adie1", "000-ADIE1", "12-ADIE1"} {
		g.Add(i+2, line(t, m, map[string]string{"NumeroDossier": n, "Nom": "Dupont", "DateRDV": "20/01/2026", "TypeRDV": "SUIVI"}))
	}
	assert.Equal(t, 0, g.Len())
	assert.Equal(t, 0, g.Bytes())
	assert.Empty(t, g.Requests())
}

// TestGrouperBytes: the estimate grows with what the grouper holds.
func TestGrouperBytes(t *testing.T) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	assert.Equal(t, 0, g.Bytes())
	steps := []struct {
		name   string
		fields map[string]string
	}{
		{"a new dossier", map[string]string{"NumeroDossier": "ADIE1"}},
		{"a new field", map[string]string{"NumeroDossier": "ADIE1", "Nom": "Dupont"}},
		{"a new item", map[string]string{"NumeroDossier": "ADIE1", "DateRDV": "20/01/2026", "TypeRDV": "SUIVI"}},
		{"another dossier", map[string]string{"NumeroDossier": "ADIE2"}},
	}
	for i, s := range steps {
		before := g.Bytes()
		g.Add(i+2, line(t, m, s.fields))
		assert.Greater(t, g.Bytes(), before, "%s: got Bytes %d, want more than %d", s.name, g.Bytes(), before)
	}
}

// TestGrouperOldest: Oldest takes the dossiers that appeared first, in
// order, until at least half of the memory is freed, and never nothing
// while the grouper holds something.
func TestGrouperOldest(t *testing.T) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	assert.Empty(t, g.Oldest(), "an empty grouper")

	nums := []string{"ADIE1", "ADIE2", "001-ADIE1", "ADIE3", "ADIE4", "ADIE5"}
	for i, n := range nums {
		g.Add(i+2, line(t, m, map[string]string{"NumeroDossier": n, "Nom": "Dupont", "DateRDV": "20/01/2026", "TypeRDV": "SUIVI"}))
	}
	// ADIE2 again, late: it still counts from its first appearance.
	g.Add(20, line(t, m, map[string]string{"NumeroDossier": "ADIE2", "Prenom": "Élodie"}))
	require.Equal(t, len(nums), g.Len())

	before := g.Bytes()
	taken := g.Oldest()
	require.NotEmpty(t, taken)
	assert.LessOrEqual(t, g.Bytes(), before/2, "got Bytes %d after Oldest, want at most half of %d", g.Bytes(), before)
	assert.Equal(t, len(nums)-len(taken), g.Len())
	var got []string
	for _, r := range taken {
		got = append(got, r.Number.String())
	}
	assert.Equal(t, nums[:len(taken)], got, "the oldest, in order of first appearance")
	assert.Contains(t, taken[1].Values().Map(), "Prenom", "ADIE2's later line is in its request")

	rest := g.Requests()
	got = nil
	for _, r := range rest {
		got = append(got, r.Number.String())
	}
	assert.Equal(t, nums[len(taken):], got, "Requests gives the others")

	g.Add(30, line(t, m, map[string]string{"NumeroDossier": "ADIE5", "Nom": "Dupont"}))
	g.Add(31, line(t, m, map[string]string{"NumeroDossier": "ADIE1", "Nom": "Dupont"}))
	taken = g.Oldest()
	require.NotEmpty(t, taken)
	assert.Equal(t, "ADIE5", taken[0].Number.String())
	assert.Equal(t, 30, taken[0].Line)

	one := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	one.Add(2, line(t, m, map[string]string{"NumeroDossier": "ADIE1"}))
	taken = one.Oldest()
	require.Len(t, taken, 1, "a lone dossier is taken")
	assert.Equal(t, 0, one.Len())
	assert.Equal(t, 0, one.Bytes())
	assert.Empty(t, one.Requests())
}

// TestGrouperFlushes: applying a dossier's requests from two takes gives the
// same dossier as one (Grouper's doc), for lines that agree as the importer
// makes them.
func TestGrouperFlushes(t *testing.T) {
	m := matrice.Default()
	l := dossier.NewLayout(m)
	lines := []values{
		line(t, m, map[string]string{"NumeroDossier": "ADIE1", "DateMaj": "10/11/2026", "Nom": "Dupont", "DateRDV": "20/01/2026", "TypeRDV": "SUIVI", "DureeRDV": "60"}),
		line(t, m, map[string]string{"NumeroDossier": "ADIE2", "DateMaj": "10/11/2026", "Nom": "Martin"}),
		line(t, m, map[string]string{"NumeroDossier": "ADIE1", "DateMaj": "10/11/2026", "Nom": "Dupont", "Prenom": "Élodie", "DateRDV": "20/01/2026", "TypeRDV": "SUIVI", "DureeRDV": "90"}),
		line(t, m, map[string]string{"NumeroDossier": "ADIE1", "DateMaj": "10/11/2026", "ReferenceFinancement": "PH-1", "TypeFinancement": "PRET_HONNEUR"}),
	}
	consolidate := func(flushAfter int, take func(*dossier.Grouper) []*dossier.Request) map[string][]byte {
		g := dossier.NewGrouper(l, srcAdie)
		views := map[string]*dossier.View{}
		apply := func(reqs []*dossier.Request) {
			for _, r := range reqs {
				v := views[r.Number.String()]
				if v == nil {
					v = dossier.NewView(r.Number, "adie", dossier.Provenance{Source: srcAdie, Line: r.Line})
					views[r.Number.String()] = v
				}
				v.Apply(r)
			}
		}
		for i, vals := range lines {
			g.Add(i+2, vals)
			if i+1 == flushAfter {
				apply(take(g))
			}
		}
		apply(g.Requests())
		out := map[string][]byte{}
		for k, v := range views {
			out[k] = storage(t, v)
		}
		return out
	}
	once := consolidate(0, nil)
	require.Len(t, once, 2)
	for flush := 1; flush < len(lines); flush++ {
		assert.Equal(t, once, consolidate(flush, (*dossier.Grouper).Requests), "Requests after line %d", flush+1)
		assert.Equal(t, once, consolidate(flush, (*dossier.Grouper).Oldest), "Oldest after line %d", flush+1)
	}
}
