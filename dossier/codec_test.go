package dossier_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// consolidated is dossier ADIE1 after the three partners' requests.
func consolidated(tb testing.TB) *dossier.View {
	tb.Helper()
	v := newView(tb, "ADIE1")
	applyAll(v, threePartners(tb)...)
	return v
}

func TestStorageRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		v    func(testing.TB) *dossier.View
	}{
		{"empty view", func(tb testing.TB) *dossier.View { return newView(tb, "ADIE1") }},
		{"three partners", consolidated},
		{"sub-version, undated", func(tb testing.TB) *dossier.View {
			v := dossier.NewView(number(tb, "001-ADIE1"), "franceactive", dossier.Provenance{Source: srcFrac, Line: 9})
			v.Apply(request(tb, "001-ADIE1", dossier.Provenance{Source: srcFrac, Line: 9}, map[string]string{"Nom": "D'Artagnan ; \"x\"", "Prenom": "Zoë"}, financing("F|1", nil)))
			return v
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v(t)
			b := storage(t, v)
			got, err := dossier.UnmarshalStorage(v.Number, b)
			require.NoError(t, err)
			assert.Equal(t, v, got)
			assert.Equal(t, string(b), string(storage(t, got)), "encode → decode → encode")
		})
	}
}

// TestStorageDeterministic: equal views give equal bytes, whatever order
// their maps were filled in.
func TestStorageDeterministic(t *testing.T) {
	build := func(names []string, itemOrder []int) *dossier.View {
		v := newView(t, "ADIE1")
		pa, pf := prov(t, srcAdie, 2, "10/11/2026"), prov(t, srcFrac, 3, "12/11/2026")
		vals := map[string]dossier.Value{
			"Nom":     {Value: "Dupont", Provenance: pf},
			"Prenom":  {Value: "Élodie", Provenance: pa},
			"Commune": {Value: "Paris", Provenance: pf},
			"Phase":   {Value: "1", Provenance: pa},
		}
		for _, n := range names {
			v.Fields.Set(n, vals[n])
		}
		items := []dossier.Item{
			rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "PRESENTIEL", "DureeRDV": "60"}),
			financing("PH-1", map[string]string{"MontantFinancement": "5000", "TypeFinancement": "PRET_HONNEUR"}),
			rdv("21/01/2026", "SUIVI", nil),
		}
		r := &dossier.Request{Number: v.Number, Source: srcFrac, Line: 3, Fields: dossier.FieldsOf(map[string]dossier.Value{})}
		for _, i := range itemOrder {
			r.Items = append(r.Items, withProvenance(items[i], pf))
		}
		v.Apply(r)
		return v
	}
	a := build([]string{"Nom", "Prenom", "Commune", "Phase"}, []int{0, 1, 2})
	b := build([]string{"Phase", "Commune", "Prenom", "Nom"}, []int{2, 1, 0})
	require.Equal(t, a, b)
	want := storage(t, a)
	assert.Equal(t, string(want), string(storage(t, b)))
	for range 20 {
		assert.Equal(t, string(want), string(storage(t, a)), "the same view encoded again")
	}
}

// TestUnmarshalStorageCorrupt: a damaged document is an error naming the
// dossier and wrapping ErrCorrupt, never a panic or a half view.
func TestUnmarshalStorageCorrupt(t *testing.T) {
	valid := storage(t, consolidated(t))
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"JSON", []byte(`{"v":1,"o":"adie"}`)},
		{"unknown format", append([]byte{9}, valid[1:]...)},
		{"trailing byte", append(append([]byte{}, valid...), 0)},
		{"owner longer than the document", []byte("\x01\x050000")},
		{"huge owner length", []byte("\x01\xff\xff\xff\xff\xff\xff\xff\xff\x7f")},
		{"varint overflow", []byte("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")},
		// owner "", created (source 1, line 2, date 0), 1 source ("a", "f", 0), no field, no item
		{"created source out of range", []byte("\x01\x00\x01\x02\x00\x01\x01a\x01f\x00\x00\x00")},
		// the same with created source 0, then a field whose source is 5
		{"field source out of range", []byte("\x01\x00\x00\x02\x00\x01\x01a\x01f\x00\x01\x01N\x01v\x05\x02\x00\x00")},
		// format 3: no applied, owner "", created (0, 2, 0), 1 source, no
		// field, 1 item (RDV, key "k", prov (0, 2, 0), 1 value "N" = "v",
		// then its flag)
		{"bad provenance flag", []byte("\x03\x00\x00\x00\x02\x00\x01\x01a\x01f\x00\x00\x01\x6b\x01k\x00\x02\x00\x01\x02N\x01v\x02")},
		{"own provenance missing", []byte("\x03\x00\x00\x00\x02\x00\x01\x01a\x01f\x00\x00\x01\x6b\x01k\x00\x02\x00\x01\x02N\x01v\x01")},
		{"flag missing", []byte("\x03\x00\x00\x00\x02\x00\x01\x01a\x01f\x00\x00\x01\x6b\x01k\x00\x02\x00\x01\x02N\x01v")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v *dossier.View
			var err error
			require.NotPanics(t, func() { v, err = dossier.UnmarshalStorage(number(t, "ADIE1"), tt.in) })
			require.Error(t, err, "got view %+v", v)
			assert.Nil(t, v)
			assert.ErrorIs(t, err, dossier.ErrCorrupt)
			assert.Contains(t, err.Error(), "ADIE1", "the error names the dossier")
		})
	}
}

// decode runs UnmarshalStorage, turning a panic into its message.
func decode(b []byte) (v *dossier.View, panicked any, err error) {
	defer func() { panicked = recover() }()
	v, err = dossier.UnmarshalStorage(dossier.Number{Oper: "ADIE", Index: "1"}, b)
	return v, nil, err
}

// TestUnmarshalStorageTruncated: every strict prefix of a stored view lacks
// what its counts promise: an ErrCorrupt error, never a panic.
func TestUnmarshalStorageTruncated(t *testing.T) {
	valid := storage(t, consolidated(t))
	var panics []string
	for k := range len(valid) {
		v, p, err := decode(valid[:k])
		switch {
		case p != nil:
			panics = append(panics, fmt.Sprintf("%d: %v", k, p))
		case err == nil || v != nil:
			t.Errorf("%d of %d bytes: got view %v and error %v, want an error", k, len(valid), v, err)
		case !errors.Is(err, dossier.ErrCorrupt):
			t.Errorf("%d of %d bytes: got %v, want ErrCorrupt", k, len(valid), err)
		}
	}
	assert.Empty(t, panics, "got %d panics out of %d prefixes", len(panics), len(valid))
}

// TestUnmarshalStorageFlipped: any one byte changed decodes or fails, never
// panics.
func TestUnmarshalStorageFlipped(t *testing.T) {
	valid := storage(t, consolidated(t))
	var panics []string
	for k := range len(valid) {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			in := append([]byte{}, valid...)
			in[k] ^= x
			if _, p, _ := decode(in); p != nil {
				panics = append(panics, fmt.Sprintf("byte %d ^ %#x: %v", k, x, p))
			}
		}
	}
	assert.Empty(t, panics, "got %d panics out of %d changed documents", len(panics), 3*len(valid))
}

// FuzzUnmarshalStorage: any bytes decode to a view or an error, never a
// panic; a decoded view encodes and decodes again.
func FuzzUnmarshalStorage(f *testing.F) {
	f.Add(storage(f, consolidated(f)))
	f.Add(storage(f, newView(f, "ADIE1")))
	for _, name := range []string{"format1-consolidated.bin", "format2-consolidated.bin"} {
		b, err := os.ReadFile(filepath.Join("testdata", "storage", name))
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"v":1,"o":"adie","c":{"s":0},"s":[{"p":"adie"}],"f":{"Nom":{"v":"Dupont","s":0,"l":2,"d":"2026-11-10"}},"i":[{"g":"RDV","k":"x","x":null,"s":0}]}`))
	f.Add([]byte(`{"v":1,"c":{"s":-1}}`))
	f.Add([]byte(`null`))
	n := dossier.Number{Oper: "ADIE", Index: "1"}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, p, err := decode(b)
		if p != nil {
			t.Fatalf("UnmarshalStorage(%q) panics: %v", b, p)
		}
		if err != nil {
			if v != nil {
				t.Fatalf("got a view and an error %v", err)
			}
			return
		}
		if v == nil {
			t.Fatal("got no view and no error")
		}
		if v.Number != n {
			t.Errorf("got number %v, want %v", v.Number, n)
		}
		for i := 1; i < len(v.Fields); i++ {
			if v.Fields[i-1].Name >= v.Fields[i].Name {
				t.Errorf("fields %q then %q: not sorted by name, each once", v.Fields[i-1].Name, v.Fields[i].Name)
			}
		}
		again, err := v.MarshalStorage()
		if err != nil {
			t.Fatalf("decoded view does not encode: %v", err)
		}
		if _, err := dossier.UnmarshalStorage(n, again); err != nil {
			t.Fatalf("re-encoded view does not decode: %v\n%s", err, again)
		}
		// A decoded view takes requests.
		v.Apply(&dossier.Request{Number: n, Source: srcAdie, Line: 2, Fields: dossier.FieldsOf(map[string]dossier.Value{
			"Nom": {Value: "Dupont", Provenance: dossier.Provenance{Source: srcAdie, Line: 2, Date: matrice.NewDate(2026, 11, 10)}},
		}), Items: []dossier.Item{financing("PH-1", nil)}})
	})
}
