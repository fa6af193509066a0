package dossier_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// formerlyConsolidated is dossier ADIE1 after the three partners'
// requests as the rules before items merged field by field made it, and
// stored it: a more recent item replaced the one held, whole, and kept one
// provenance, which each of its values now has.
func formerlyConsolidated(tb testing.TB) *dossier.View {
	tb.Helper()
	v := consolidated(tb)
	pf := prov(tb, source(tb, "franceactive", "17/11/2026"), 5, "12/11/2026")
	pi := prov(tb, source(tb, "initiative", "17/11/2026"), 5, "12/11/2026")
	item := func(it dossier.Item, p dossier.Provenance) dossier.Item {
		for k := range it.Values {
			it.Values[k].Value.Provenance = p
		}
		return it
	}
	v.Items = []dossier.Item{
		item(financing("PH-1", map[string]string{"MontantFinancement": "5500"}), pf),
		item(financing("PH-2", map[string]string{"MontantFinancement": "800"}), pi),
		item(rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "TELEPHONE"}), pi),
		item(rdv("22/01/2026", "SUIVI", nil), pf),
	}
	return v
}

// TestStorageEarlierFormatsStillRead: views stored by the first format
// (before names became indexes and Applied was kept) and by the second
// (before items merged field by field) decode to the views they held, each
// item value with its item's provenance; format 2's Applied, a request
// merged by the former rules, is not kept. Written again, they take the
// current format.
func TestStorageEarlierFormatsStillRead(t *testing.T) {
	tests := []struct {
		file   string
		format byte
		want   *dossier.View
	}{
		{"format1-consolidated.bin", 1, formerlyConsolidated(t)},
		{"format1-empty.bin", 1, newView(t, "ADIE1")},
		{"format2-consolidated.bin", 2, formerlyConsolidated(t)},
		{"format2-empty.bin", 2, newView(t, "ADIE1")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "storage", tt.file))
			require.NoError(t, err)
			require.Equal(t, tt.format, b[0], "a format %d document", tt.format)
			got, err := dossier.UnmarshalStorage(tt.want.Number, b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, got.Applied.IsZero(), "no Applied read")
			assert.True(t, dossier.StoredApplied(b).IsZero(), "no Applied read")
			again := storage(t, got)
			assert.Equal(t, byte(3), again[0], "written in the current format")
			back, err := dossier.UnmarshalStorage(tt.want.Number, again)
			require.NoError(t, err)
			assert.Equal(t, tt.want, back)
			if tt.format == 1 && len(got.Fields) > 0 {
				assert.Less(t, len(again), len(b), "the current format is smaller")
			}
		})
	}
	// The fixture of format 2 held an Applied: it is there, and ignored.
	b, err := os.ReadFile(filepath.Join("testdata", "storage", "format2-consolidated.bin"))
	require.NoError(t, err)
	assert.NotZero(t, b[1], "format2-consolidated.bin records an Applied")
}

// TestStorageKeepsApplied: Applied goes through the storage form, and
// StoredApplied reads it from the document's start alone.
func TestStorageKeepsApplied(t *testing.T) {
	v := newView(t, "ADIE1")
	reqs := threePartners(t)
	applyAll(v, reqs[0], reqs[1])
	_, dis := v.Apply(reqs[2])
	v.Applied = dossier.AppliedOf(reqs[2], dis)
	require.False(t, v.Applied.IsZero())

	b := storage(t, v)
	got, err := dossier.UnmarshalStorage(v.Number, b)
	require.NoError(t, err)
	assert.Equal(t, v, got)
	assert.Equal(t, v.Applied, dossier.StoredApplied(b[:dossier.StoredAppliedBytes]))
	assert.True(t, dossier.StoredApplied(b[:10]).IsZero(), "too short to tell")
	assert.True(t, dossier.StoredApplied(storage(t, newView(t, "ADIE1"))).IsZero(), "nothing applied")
}

// TestAppliedOf: applying again the request a view records changes nothing
// and meets the disagreements it counts — the promise a re-import relies on
// to skip reading the view.
func TestAppliedOf(t *testing.T) {
	reqs := threePartners(t)
	orders := [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for _, o := range orders {
		v := newView(t, "ADIE1")
		applyAll(v, reqs[o[0]], reqs[o[1]])
		last := reqs[o[2]]
		_, dis := v.Apply(last)
		a := dossier.AppliedOf(last, dis)
		before := storage(t, v)
		ch, again := v.Apply(last)
		assert.False(t, ch.Changed(), "order %v: applied again, something changed", o)
		assert.Len(t, again, a.Disagreements, "order %v: disagreements met again", o)
		assert.Equal(t, string(before), string(storage(t, v)), "order %v", o)
	}
}

// TestRequestHash: equal requests hash alike whatever order their maps
// were filled in; any difference changes the hash.
func TestRequestHash(t *testing.T) {
	p := prov(t, srcAdie, 2, "10/11/2026")
	base := func() *dossier.Request {
		return request(t, "ADIE1", p, map[string]string{"Nom": "Dupont", "Prenom": "Élodie", "Phase": "1"},
			rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "PRESENTIEL"}))
	}
	want := base().Hash()
	for range 20 {
		assert.Equal(t, want, base().Hash(), "the same request")
	}
	changes := map[string]func(r *dossier.Request){
		"a value":      func(r *dossier.Request) { r.Fields.Set("Nom", dossier.Value{Value: "DUPONT", Provenance: p}) },
		"a field":      func(r *dossier.Request) { r.Fields.Set("Commune", dossier.Value{Value: "Paris", Provenance: p}) },
		"a provenance": func(r *dossier.Request) { f := r.Fields.Map()["Nom"]; f.Line = 3; r.Fields.Set("Nom", f) },
		"a source":     func(r *dossier.Request) { f := r.Fields.Map()["Nom"]; f.Source = srcFrac; r.Fields.Set("Nom", f) },
		"the line":     func(r *dossier.Request) { r.Line = 4 },
		"the number":   func(r *dossier.Request) { r.Number = number(t, "ADIE2") },
		"an item": func(r *dossier.Request) {
			r.Items[0].Values.Set("ModaliteRDV", dossier.Value{Value: "TELEPHONE", Provenance: p})
		},
		"an item value's provenance": func(r *dossier.Request) {
			v, _ := r.Items[0].Values.Get("ModaliteRDV")
			v.Line = 7
			r.Items[0].Values.Set("ModaliteRDV", v)
		},
		"more items": func(r *dossier.Request) { r.Items = append(r.Items, financing("PH-1", nil)) },
		"a name in a value": func(r *dossier.Request) {
			r.Fields.Set("Nom", dossier.Value{Value: "Dupont\x05Prenom", Provenance: p})
		},
	}
	for name, change := range changes {
		r := base()
		change(r)
		assert.NotEqual(t, want, r.Hash(), "changing %s", name)
	}
}

// TestHashOfGroupersForm: a Grouper's request hashes from its compact
// form to the bytes the same request holding Fields hashes to, before and
// after its values are made (Values), lines in any order.
func TestHashOfGroupersForm(t *testing.T) {
	m := matrice.Default()
	l := dossier.NewLayout(m)
	lines := []map[string]string{
		{"NumeroDossier": "ADIE1", "Nom": "Dupont", "Prenom": "Élodie", "DateMaj": "12/11/2026", "DateRDV": "20/01/2026", "TypeRDV": "SUIVI"},
		{"NumeroDossier": "ADIE1", "Nom": "Dupont", "Commune": "Paris", "DateMaj": "10/11/2026", "Phase": "1"},
		{"NumeroDossier": "ADIE1", "Conseiller": "Claire", "DateMaj": "11/11/2026", "ReferenceFinancement": "PH-1", "MontantFinancement": "5000"},
	}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}} {
		g := dossier.NewGrouper(l, srcAdie)
		for k, i := range order {
			g.Add(2+k, line(t, m, lines[i]))
		}
		reqs := g.Requests()
		require.Len(t, reqs, 1)
		r := reqs[0]
		h := r.Hash()
		f := r.Values()
		require.Len(t, f, 6, "Nom, Prenom, DateMaj, Commune, Phase, Conseiller")
		assert.Equal(t, "Dupont", f.Map()["Nom"].Value)
		assert.Equal(t, 2+slices.Index(order, 1), f.Map()["Nom"].Line, "an equal value keeps the earliest DateMaj's provenance")
		assert.Equal(t, "12/11/2026", f.Map()["DateMaj"].Value, "the most recent")
		byHand := &dossier.Request{Number: r.Number, Source: r.Source, Line: r.Line, Fields: f, Items: r.Items}
		assert.Equal(t, h, byHand.Hash(), "order %v", order)
		again := dossier.NewGrouper(l, srcAdie)
		for k, i := range order {
			again.Add(2+k, line(t, m, lines[i]))
		}
		r2 := again.Requests()[0]
		r2.Values() // made before hashing
		assert.Equal(t, h, r2.Hash(), "order %v, values made first", order)
	}
}
