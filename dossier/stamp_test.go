package dossier_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
)

// TestStorageFormat1StillReads: views stored by the first format (before
// names became indexes and Applied was kept) decode to the same views.
func TestStorageFormat1StillReads(t *testing.T) {
	tests := []struct {
		file string
		want *dossier.View
	}{
		{"format1-consolidated.bin", consolidated(t)},
		{"format1-empty.bin", newView(t, "ADIE1")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "storage", tt.file))
			require.NoError(t, err)
			require.Equal(t, byte(1), b[0], "a format 1 document")
			got, err := dossier.UnmarshalStorage(tt.want.Number, b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, dossier.StoredApplied(b).IsZero(), "format 1 records no Applied")
			if len(got.Fields) > 0 {
				assert.Less(t, len(storage(t, got)), len(b), "format 2 is smaller")
			}
		})
	}
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
		"a value":      func(r *dossier.Request) { r.Fields["Nom"] = dossier.Value{Value: "DUPONT", Provenance: p} },
		"a field":      func(r *dossier.Request) { r.Fields["Commune"] = dossier.Value{Value: "Paris", Provenance: p} },
		"a provenance": func(r *dossier.Request) { f := r.Fields["Nom"]; f.Line = 3; r.Fields["Nom"] = f },
		"a source":     func(r *dossier.Request) { f := r.Fields["Nom"]; f.Source = srcFrac; r.Fields["Nom"] = f },
		"the line":     func(r *dossier.Request) { r.Line = 4 },
		"the number":   func(r *dossier.Request) { r.Number = number(t, "ADIE2") },
		"an item":      func(r *dossier.Request) { r.Items[0].Values["ModaliteRDV"] = "TELEPHONE" },
		"more items":   func(r *dossier.Request) { r.Items = append(r.Items, financing("PH-1", nil)) },
		"a name in a value": func(r *dossier.Request) {
			r.Fields["Nom"] = dossier.Value{Value: "Dupont\x05Prenom", Provenance: p}
		},
	}
	for name, change := range changes {
		r := base()
		change(r)
		assert.NotEqual(t, want, r.Hash(), "changing %s", name)
	}
}
