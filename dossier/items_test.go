package dossier_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestApplyItemKeepsEveryValue is issue 15's case: a second partner sends
// an RDV with the same date and type as the first's, without DureeRDV and
// with another ModaliteRDV. Whatever the order, the dossier keeps the
// first's DureeRDV, takes the more recent ModaliteRDV, each with its
// provenance, and records the disagreement on the item's field; applying
// either request again changes nothing.
func TestApplyItemKeepsEveryValue(t *testing.T) {
	pa := prov(t, srcAdie, 2, "05/11/2026")
	pf := prov(t, srcFrac, 2, "06/11/2026")
	adie := request(t, "ADIE1", pa, nil, rdv("05/03/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "PRESENTIEL", "DureeRDV": "15"}))
	frac := request(t, "ADIE1", pf, nil, rdv("05/03/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "TELEPHONE"}))
	want := []dossier.Item{{Group: matrice.GroupRDV, Key: "05/03/2026|DIAGNOSTIC", Values: dossier.FieldsOf(map[string]dossier.Value{
		"DateRDV":     {Value: "05/03/2026", Provenance: pa},
		"TypeRDV":     {Value: "DIAGNOSTIC", Provenance: pa},
		"ModaliteRDV": {Value: "TELEPHONE", Provenance: pf},
		"DureeRDV":    {Value: "15", Provenance: pa},
	})}}
	wantDis := []dossier.Disagreement{{
		Number: "ADIE1", Group: matrice.GroupRDV, Key: "05/03/2026|DIAGNOSTIC", Field: "ModaliteRDV",
		Kept:  dossier.Value{Value: "TELEPHONE", Provenance: pf},
		Other: dossier.Value{Value: "PRESENTIEL", Provenance: pa},
	}}
	var first []byte
	for _, order := range [][2]*dossier.Request{{adie, frac}, {frac, adie}} {
		name := order[0].Source.Partner + " first"
		v := newView(t, "ADIE1")
		_, none := v.Apply(order[0])
		assert.Empty(t, none, name)
		ch, dis := v.Apply(order[1])
		assert.Equal(t, dossier.Changes{Items: 1}, ch, name)
		assert.Equal(t, wantDis, dis, name)
		assert.Equal(t, want, v.Items, name)
		b := storage(t, v)
		if first == nil {
			first = b
		}
		assert.Equal(t, string(first), string(b), "%s: the same bytes", name)

		for _, r := range order {
			ch, dis := v.Apply(r)
			assert.False(t, ch.Changed(), "%s: %s again", name, r.Source.File)
			a := dossier.AppliedOf(r, wantDis)
			assert.Len(t, dis, a.Disagreements, "%s: %s again meets the disagreements AppliedOf counts", name, r.Source.File)
		}
		assert.Equal(t, string(first), string(storage(t, v)), "%s: applied again", name)
	}
	assert.Equal(t, 1, dossier.AppliedOf(adie, wantDis).Disagreements, "adie's value lost")
	assert.Zero(t, dossier.AppliedOf(frac, wantDis).Disagreements, "frac's value won")
}

// TestApplyItemFields: each of an item's fields follows the DOSSIER fields'
// rule on its own.
func TestApplyItemFields(t *testing.T) {
	held := prov(t, srcAdie, 4, "10/11/2026")
	tests := []struct {
		name     string
		in       dossier.Provenance
		value    string // ModaliteRDV the request brings; DureeRDV is left out
		want     dossier.Value
		changed  bool
		disagree bool
	}{
		{"another partner, more recent", prov(t, srcFrac, 2, "12/11/2026"), "TELEPHONE", dossier.Value{Value: "TELEPHONE", Provenance: prov(t, srcFrac, 2, "12/11/2026")}, true, true},
		{"another partner, older", prov(t, srcFrac, 2, "01/11/2026"), "TELEPHONE", dossier.Value{Value: "PRESENTIEL", Provenance: held}, false, true},
		{"another partner, same DateMaj, newer file", prov(t, srcFrac, 2, "10/11/2026"), "TELEPHONE", dossier.Value{Value: "TELEPHONE", Provenance: prov(t, srcFrac, 2, "10/11/2026")}, true, true},
		{"another partner, same DateMaj, older file", prov(t, srcInit, 9, "10/11/2026"), "TELEPHONE", dossier.Value{Value: "PRESENTIEL", Provenance: held}, false, true},
		{"the same partner correcting itself", prov(t, srcAdie2, 2, "19/11/2026"), "TELEPHONE", dossier.Value{Value: "TELEPHONE", Provenance: prov(t, srcAdie2, 2, "19/11/2026")}, true, false},
		{"the same value, more recent", prov(t, srcFrac, 2, "12/11/2026"), "PRESENTIEL", dossier.Value{Value: "PRESENTIEL", Provenance: held}, false, false},
		{"the same value, older: the earliest line's provenance", prov(t, srcFrac, 2, "01/11/2026"), "PRESENTIEL", dossier.Value{Value: "PRESENTIEL", Provenance: prov(t, srcFrac, 2, "01/11/2026")}, true, false},
		{"an empty value never erases", prov(t, srcFrac, 2, "12/11/2026"), "", dossier.Value{Value: "PRESENTIEL", Provenance: held}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(t, "ADIE1")
			v.Apply(request(t, "ADIE1", held, nil, rdv("05/03/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "PRESENTIEL", "DureeRDV": "15"})))
			it := rdv("05/03/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": tt.value})
			// The key's values are the same: only a more recent request
			// leaves their provenance.
			ch, dis := v.Apply(request(t, "ADIE1", tt.in, nil, it))
			require.Len(t, v.Items, 1)
			got := v.Items[0]
			assert.Equal(t, tt.want, got.Values.Map()["ModaliteRDV"])
			assert.Equal(t, dossier.Value{Value: "15", Provenance: held}, got.Values.Map()["DureeRDV"], "a value the request lacks is kept")
			keyProv := held
			if tt.in.Compare(held) < 0 {
				keyProv = tt.in
			}
			assert.Equal(t, dossier.Value{Value: "05/03/2026", Provenance: keyProv}, got.Values.Map()["DateRDV"])
			assert.Equal(t, tt.changed || keyProv != held, ch.Changed())
			if tt.disagree {
				require.Len(t, dis, 1)
				assert.Equal(t, "ModaliteRDV", dis[0].Field)
				assert.Equal(t, matrice.GroupRDV, dis[0].Group)
				assert.Equal(t, "05/03/2026|DIAGNOSTIC", dis[0].Key)
				assert.Equal(t, tt.want, dis[0].Kept)
			} else {
				assert.Empty(t, dis)
			}
		})
	}
}

// TestApplyDisagreementsOrder: DOSSIER fields by name, then items by group
// and key, each by field.
func TestApplyDisagreementsOrder(t *testing.T) {
	pa := prov(t, srcAdie, 2, "10/11/2026")
	pf := prov(t, srcFrac, 3, "12/11/2026")
	v := newView(t, "ADIE1")
	v.Apply(request(t, "ADIE1", pa, map[string]string{"Nom": "Dupont", "Commune": "Paris"},
		rdv("05/03/2026", "SUIVI", map[string]string{"ModaliteRDV": "PRESENTIEL", "DureeRDV": "30"}),
		rdv("01/03/2026", "DIAGNOSTIC", map[string]string{"DureeRDV": "60"}),
		financing("PH-1", map[string]string{"MontantFinancement": "5000", "TypeFinancement": "PRET_HONNEUR"})))
	_, dis := v.Apply(request(t, "ADIE1", pf, map[string]string{"Nom": "DUPONT", "Commune": "Paris 2e"},
		financing("PH-1", map[string]string{"MontantFinancement": "6000", "TypeFinancement": "GARANTIE"}),
		rdv("05/03/2026", "SUIVI", map[string]string{"ModaliteRDV": "TELEPHONE", "DureeRDV": "45"}),
		rdv("01/03/2026", "DIAGNOSTIC", map[string]string{"DureeRDV": "90"})))
	var got []string
	for _, d := range dis {
		got = append(got, fmt.Sprintf("%s %s %s", d.Group, d.Key, d.Field))
	}
	assert.Equal(t, []string{
		"  Commune", "  Nom",
		"FINANCEMENT PH-1 MontantFinancement", "FINANCEMENT PH-1 TypeFinancement",
		"RDV 01/03/2026|DIAGNOSTIC DureeRDV",
		"RDV 05/03/2026|SUIVI DureeRDV", "RDV 05/03/2026|SUIVI ModaliteRDV",
	}, got)
}

// TestApplyDoesNotChangeTheRequest: a view shares a request's values but
// never changes them in place: merging more into the view leaves the
// request, and its hash, as they were — DOSSIER values and items alike.
func TestApplyDoesNotChangeTheRequest(t *testing.T) {
	pa := prov(t, srcAdie, 2, "10/11/2026")
	pf := prov(t, srcFrac, 3, "12/11/2026")
	r := request(t, "ADIE1", pa, map[string]string{"Nom": "Dupont", "Phase": "1"}, rdv("05/03/2026", "SUIVI", map[string]string{"ModaliteRDV": "PRESENTIEL"}))
	h := r.Hash()
	v := newView(t, "ADIE1")
	v.Apply(r)
	v.Apply(request(t, "ADIE1", pf, map[string]string{"Nom": "DUPONT", "Commune": "Paris", "Phase": "2"},
		rdv("05/03/2026", "SUIVI", map[string]string{"ModaliteRDV": "TELEPHONE", "DureeRDV": "45"})))
	assert.Equal(t, "DUPONT", v.Value("Nom"), "the view changed")
	assert.Equal(t, "Paris", v.Value("Commune"))
	assert.Equal(t, "TELEPHONE", v.Items[0].Value("ModaliteRDV"))
	assert.Equal(t, "PRESENTIEL", r.Items[0].Value("ModaliteRDV"))
	assert.NotContains(t, r.Items[0].Values.Map(), "DureeRDV")
	assert.Equal(t, map[string]dossier.Value{"Nom": {Value: "Dupont", Provenance: pa}, "Phase": {Value: "1", Provenance: pa}}, r.Fields.Map())
	again := request(t, "ADIE1", pa, map[string]string{"Nom": "Dupont", "Phase": "1"}, rdv("05/03/2026", "SUIVI", map[string]string{"ModaliteRDV": "PRESENTIEL"}))
	assert.Equal(t, again.Hash(), h)
	v.Fields = append(v.Fields, dossier.NamedValue{Name: "Zz", Value: dossier.Value{Value: "x"}})
	assert.Len(t, r.Fields, 2, "appending to a view's values never writes into the request's")
}

// TestGrouperMergesAnItemsLines: lines of one file carrying one item (its
// key) merge field by field, as requests do: a value a later line lacks is
// kept.
func TestGrouperMergesAnItemsLines(t *testing.T) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	base := map[string]string{"NumeroDossier": "ADIE1", "DateMaj": "10/11/2026", "ReferenceFinancement": "PH-1"}
	with := func(kv ...string) map[string]string {
		f := map[string]string{}
		for k, v := range base {
			f[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			f[kv[i]] = kv[i+1]
		}
		return f
	}
	g.Add(2, line(t, m, with("MontantFinancement", "5000", "OrganismeFinanceur", "Initiative Paris")))
	g.Add(3, line(t, m, with("MontantFinancement", "5500", "TypeFinancement", "PRET_HONNEUR")))
	g.Add(4, line(t, m, with("DateFinancement", "15/05/2026")))
	reqs := g.Requests()
	require.Len(t, reqs, 1)
	require.Len(t, reqs[0].Items, 1)
	p2, p3, p4 := prov(t, srcAdie, 2, "10/11/2026"), prov(t, srcAdie, 3, "10/11/2026"), prov(t, srcAdie, 4, "10/11/2026")
	assert.Equal(t, map[string]dossier.Value{
		"ReferenceFinancement": {Value: "PH-1", Provenance: p2},
		"MontantFinancement":   {Value: "5500", Provenance: p3},
		"OrganismeFinanceur":   {Value: "Initiative Paris", Provenance: p2},
		"TypeFinancement":      {Value: "PRET_HONNEUR", Provenance: p3},
		"DateFinancement":      {Value: "15/05/2026", Provenance: p4},
	}, reqs[0].Items[0].Values.Map())
}

// randomRequests are n partners' requests for one dossier, each with a few
// DOSSIER values and items drawn from a small set of keys, some values
// empty. Every non-empty value is unique to its request and field, and
// provenances are distinct: the consolidated view is then independent of
// the order of application, provenance included.
func randomRequests(tb testing.TB, rng *rand.Rand, n int) []*dossier.Request {
	tb.Helper()
	partners := []dossier.Source{srcAdie, srcFrac, srcInit, srcAdie2}
	keys := []dossier.Item{
		rdv("05/03/2026", "DIAGNOSTIC", nil), rdv("12/03/2026", "SUIVI", nil), financing("PH-1", nil), financing("PH-2", nil),
		{Group: matrice.GroupEvenement, Key: "20/01/2026|ATELIER", Values: itemValues(map[string]string{"DateEvenement": "20/01/2026", "TypeEvenement": "ATELIER"})},
	}
	more := map[matrice.Group][]string{
		matrice.GroupRDV:         {"ModaliteRDV", "DureeRDV"},
		matrice.GroupFinancement: {"MontantFinancement", "TypeFinancement", "OrganismeFinanceur"},
		matrice.GroupEvenement:   {"IntituleEvenement", "DureeEvenement"},
	}
	var out []*dossier.Request
	for k := range n {
		src := partners[k%len(partners)]
		p := dossier.Provenance{Source: src, Line: 2 + rng.IntN(50), Date: matrice.NewDate(2026, 11, 1+rng.IntN(20))}
		p.Line = p.Line*10 + k // distinct provenances
		fields := map[string]string{}
		for _, f := range []string{"Nom", "Prenom", "Commune", "Conseiller"} {
			if rng.IntN(3) > 0 {
				fields[f] = fmt.Sprintf("%s-%d", f, k)
			}
		}
		var items []dossier.Item
		for _, key := range keys {
			if rng.IntN(2) == 0 {
				continue
			}
			vals := map[string]string{}
			for _, v := range key.Values {
				vals[v.Name] = v.Value.Value
			}
			for _, f := range more[key.Group] {
				switch rng.IntN(3) {
				case 0:
					vals[f] = fmt.Sprintf("%s-%d", f, k)
				case 1:
					vals[f] = "" // an empty value (a hand-made request: a Grouper leaves them out)
				}
			}
			items = append(items, dossier.Item{Group: key.Group, Key: key.Key, Values: itemValues(vals)})
		}
		out = append(out, request(tb, "ADIE1", p, fields, items...))
	}
	return out
}

// TestApplyItemsProperties: for random requests of several partners,
// every order of application gives the same view, byte for byte; applying
// any request again changes nothing and meets the disagreements AppliedOf
// counts; no empty value is ever kept.
func TestApplyItemsProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	for round := range 200 {
		reqs := randomRequests(t, rng, 2+round%3)
		var want []byte
		for range 6 {
			order := slices.Clone(reqs)
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			v := newView(t, "ADIE1")
			var last []dossier.Disagreement
			for _, r := range order {
				_, last = v.Apply(r)
			}
			b := storage(t, v)
			if want == nil {
				want = b
			}
			require.Equal(t, string(want), string(b), "round %d: another order gives another view", round)
			for _, it := range v.Items {
				for _, val := range it.Values {
					require.NotEmpty(t, val.Value.Value, "round %d: %s %s %s empty", round, it.Group, it.Key, val.Name)
				}
			}
			lastReq := order[len(order)-1]
			a := dossier.AppliedOf(lastReq, last)
			for _, r := range order {
				ch, dis := v.Apply(r)
				require.False(t, ch.Changed(), "round %d: applied again, something changed", round)
				if r == lastReq {
					require.Len(t, dis, a.Disagreements, "round %d: AppliedOf", round)
				}
			}
			require.Equal(t, string(want), string(storage(t, v)), "round %d: applied again", round)
		}
	}
}

// TestGrouperSplitEquivalence: a file's lines grouped in one request per
// dossier, or taken in several (the grouper's memory bound), give the same
// views, items included — for lines whose values are unique per line and
// field, as an importer's file of one DateMaj per dossier has.
func TestGrouperSplitEquivalence(t *testing.T) {
	m := matrice.Default()
	layout := dossier.NewLayout(m)
	rng := rand.New(rand.NewPCG(15, 4))
	for round := range 100 {
		var lines []values
		for k := range 30 {
			f := map[string]string{"NumeroDossier": fmt.Sprintf("ADIE%d", rng.IntN(4)), "DateMaj": "10/11/2026", "Nom": "Dupont"}
			switch rng.IntN(3) {
			case 0:
				f["DateRDV"], f["TypeRDV"] = "05/03/2026", "SUIVI"
				if rng.IntN(2) == 0 {
					f["ModaliteRDV"] = fmt.Sprintf("M%d", k)
				}
				if rng.IntN(2) == 0 {
					f["DureeRDV"] = fmt.Sprint(k)
				}
			case 1:
				f["ReferenceFinancement"] = fmt.Sprintf("PH-%d", rng.IntN(2))
				if rng.IntN(2) == 0 {
					f["MontantFinancement"] = fmt.Sprint(1000 + k)
				}
			}
			lines = append(lines, line(t, m, f))
		}
		views := func(split int) map[string]string {
			out := map[string]*dossier.View{}
			apply := func(reqs []*dossier.Request) {
				for _, r := range reqs {
					v := out[r.Number.String()]
					if v == nil {
						v = dossier.NewView(r.Number, "adie", dossier.Provenance{Source: srcAdie, Line: r.Line})
						out[r.Number.String()] = v
					}
					v.Apply(r)
				}
			}
			g := dossier.NewGrouper(layout, srcAdie)
			for k, l := range lines {
				g.Add(k+2, l)
				if split > 0 && (k+1)%split == 0 {
					apply(g.Requests())
				}
			}
			apply(g.Requests())
			enc := map[string]string{}
			for n, v := range out {
				enc[n] = string(storage(t, v))
			}
			return enc
		}
		whole := views(0)
		for _, split := range []int{1, 2, 7} {
			require.Equal(t, whole, views(split), "round %d: split every %d lines", round, split)
		}
	}
}
