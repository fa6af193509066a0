package dossier_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// newView is the empty view of num, created by adie's line 2.
func newView(tb testing.TB, num string) *dossier.View {
	tb.Helper()
	return dossier.NewView(number(tb, num), "adie", prov(tb, srcAdie, 2, "10/11/2026"))
}

// applyAll applies requests in order and returns the disagreements met.
func applyAll(v *dossier.View, reqs ...*dossier.Request) []dossier.Disagreement {
	var dis []dossier.Disagreement
	for _, r := range reqs {
		_, d := v.Apply(r)
		dis = append(dis, d...)
	}
	return dis
}

// source is a file of partner dated fileDate (JJ/MM/AAAA).
func source(tb testing.TB, partner, fileDate string) dossier.Source {
	tb.Helper()
	d := day(tb, fileDate)
	return dossier.Source{Partner: partner, File: d.ISO() + "-" + partner + ".csv", FileDate: d}
}

// TestApplyMostRecentWins: spec §5, DOSSIER fields take the most recent value,
// ordered by DateMaj, then file date, then line, whatever order the requests
// come in.
func TestApplyMostRecentWins(t *testing.T) {
	type at struct {
		dateMaj, fileDate string
		line              int
	}
	tests := []struct {
		name        string
		a, b        at
		wantBWinner bool
	}{
		{"newer DateMaj wins over a newer file and a later line", at{"10/11/2026", "20/11/2026", 9}, at{"11/11/2026", "16/11/2026", 2}, true},
		{"older DateMaj loses to an older file and an earlier line", at{"11/11/2026", "16/11/2026", 2}, at{"10/11/2026", "20/11/2026", 9}, false},
		{"same DateMaj: newer file wins over a later line", at{"10/11/2026", "16/11/2026", 9}, at{"10/11/2026", "17/11/2026", 2}, true},
		{"same DateMaj: older file loses", at{"10/11/2026", "17/11/2026", 2}, at{"10/11/2026", "16/11/2026", 9}, false},
		{"same DateMaj and file date: later line wins", at{"10/11/2026", "16/11/2026", 2}, at{"10/11/2026", "16/11/2026", 3}, true},
		{"same DateMaj and file date: earlier line loses", at{"10/11/2026", "16/11/2026", 3}, at{"10/11/2026", "16/11/2026", 2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pa := prov(t, source(t, "adie", tt.a.fileDate), tt.a.line, tt.a.dateMaj)
			pb := prov(t, source(t, "franceactive", tt.b.fileDate), tt.b.line, tt.b.dateMaj)
			ra := request(t, "ADIE1", pa, map[string]string{"Nom": "Dupont"})
			rb := request(t, "ADIE1", pb, map[string]string{"Nom": "DUPONT"})
			want := dossier.Value{Value: "Dupont", Provenance: pa}
			if tt.wantBWinner {
				want = dossier.Value{Value: "DUPONT", Provenance: pb}
			}

			v := newView(t, "ADIE1")
			ch, _ := v.Apply(ra)
			assert.Equal(t, dossier.Changes{Fields: 1}, ch, "first value")
			ch, _ = v.Apply(rb)
			wantCh := dossier.Changes{}
			if tt.wantBWinner {
				wantCh.Fields = 1
			}
			assert.Equal(t, wantCh, ch, "second value")
			assert.Equal(t, want, v.Fields.Map()["Nom"], "a then b")
			assert.Equal(t, want.Value, v.Value("Nom"))

			v = newView(t, "ADIE1")
			applyAll(v, rb, ra)
			assert.Equal(t, want, v.Fields.Map()["Nom"], "b then a")
		})
	}
}

// TestProvenanceCompare: recency is DateMaj, then file date, then line
// (spec §5); partner and file only make the order total.
func TestProvenanceCompare(t *testing.T) {
	base := dossier.Provenance{Source: dossier.Source{Partner: "b", File: "f2", FileDate: matrice.NewDate(2026, 11, 16)}, Line: 5, Date: matrice.NewDate(2026, 11, 10)}
	with := func(change func(*dossier.Provenance)) dossier.Provenance {
		p := base
		change(&p)
		return p
	}
	tests := []struct {
		name string
		p    dossier.Provenance
		want int // sign of p.Compare(base)
	}{
		{"same", base, 0},
		{"later DateMaj, older file, earlier line", with(func(p *dossier.Provenance) {
			p.Date, p.FileDate, p.Line = matrice.NewDate(2026, 11, 11), matrice.NewDate(2026, 1, 1), 1
		}), 1},
		{"earlier DateMaj, newer file", with(func(p *dossier.Provenance) {
			p.Date, p.FileDate = matrice.NewDate(2026, 11, 9), matrice.NewDate(2026, 12, 1)
		}), -1},
		{"newer file, earlier line", with(func(p *dossier.Provenance) { p.FileDate, p.Line = matrice.NewDate(2026, 11, 17), 2 }), 1},
		{"older file, later line", with(func(p *dossier.Provenance) { p.FileDate, p.Line = matrice.NewDate(2026, 11, 15), 9 }), -1},
		{"later line", with(func(p *dossier.Provenance) { p.Line = 6 }), 1},
		{"earlier line", with(func(p *dossier.Provenance) { p.Line = 4 }), -1},
		{"undated", with(func(p *dossier.Provenance) { p.Date = 0 }), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.p.Compare(base), "p.Compare(base)")
			assert.Equal(t, -tt.want, base.Compare(tt.p), "base.Compare(p)")
		})
	}
	// Ties on the three keys are still ordered, and consistently.
	for _, p := range []dossier.Provenance{
		with(func(p *dossier.Provenance) { p.Partner = "a" }),
		with(func(p *dossier.Provenance) { p.File = "f1" }),
	} {
		c := p.Compare(base)
		assert.NotZero(t, c, "%+v", p)
		assert.Equal(t, -c, base.Compare(p), "%+v", p)
	}
}

// TestApplyEmptyNeverErases: spec §5, "empty values never erase".
func TestApplyEmptyNeverErases(t *testing.T) {
	m := matrice.Default()
	l := dossier.NewLayout(m)
	old := prov(t, srcAdie, 2, "10/11/2026")

	t.Run("an empty cell of a later file", func(t *testing.T) {
		v := newView(t, "ADIE1")
		v.Apply(request(t, "ADIE1", old, map[string]string{"Nom": "Dupont", "Prenom": "Élodie"}))
		g := dossier.NewGrouper(l, srcAdie2)
		g.Add(7, line(t, m, map[string]string{"NumeroDossier": "ADIE1", "DateMaj": "19/11/2026", "Nom": "", "Prenom": ""}))
		reqs := g.Requests()
		require.Len(t, reqs, 1)
		ch, dis := v.Apply(reqs[0])
		assert.Equal(t, dossier.Changes{Fields: 1}, ch, "only DateMaj is new")
		assert.Empty(t, dis)
		assert.Equal(t, dossier.Value{Value: "Dupont", Provenance: old}, v.Fields.Map()["Nom"])
	})
	// Apply's own doc says it too: a request carrying an empty value (which
	// a Grouper never makes, but anyone can build) must not erase.
	t.Run("an empty value in a more recent request", func(t *testing.T) {
		v := newView(t, "ADIE1")
		v.Apply(request(t, "ADIE1", old, map[string]string{"Nom": "Dupont"}))
		ch, dis := v.Apply(request(t, "ADIE1", prov(t, srcFrac, 3, "12/11/2026"), map[string]string{"Nom": ""}))
		assert.Equal(t, dossier.Changes{}, ch)
		assert.Empty(t, dis, "an empty value is no information, not a disagreement")
		assert.Equal(t, dossier.Value{Value: "Dupont", Provenance: old}, v.Fields.Map()["Nom"])
	})
}

// TestApplyEqualValueKeepsProvenance: a more recent line restating a value
// changes nothing, not even the value's provenance.
func TestApplyEqualValueKeepsProvenance(t *testing.T) {
	old := prov(t, srcAdie, 2, "10/11/2026")
	v := newView(t, "ADIE1")
	v.Apply(request(t, "ADIE1", old, map[string]string{"Nom": "Dupont"}))
	ch, dis := v.Apply(request(t, "ADIE1", prov(t, srcFrac, 4, "12/11/2026"), map[string]string{"Nom": "Dupont"}))
	assert.Equal(t, dossier.Changes{}, ch)
	assert.False(t, ch.Changed())
	assert.Empty(t, dis)
	assert.Equal(t, dossier.Value{Value: "Dupont", Provenance: old}, v.Fields.Map()["Nom"])
}

// TestApplyItems: spec §5, RDVs, events and financings accumulate,
// deduplicated by (date, type) and, for financings, ReferenceFinancement;
// an item brought again merges into the one held, value by value.
func TestApplyItems(t *testing.T) {
	p1 := prov(t, srcAdie, 2, "10/11/2026")
	p2 := prov(t, srcFrac, 3, "12/11/2026")
	older := prov(t, srcInit, 4, "01/11/2026")
	diag := rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "PRESENTIEL"})
	diagMoved := rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "TELEPHONE"})
	suivi := rdv("21/01/2026", "SUIVI", nil)
	ph1 := financing("PH-1", map[string]string{"MontantFinancement": "5000"})
	ph1More := financing("PH-1", map[string]string{"MontantFinancement": "6000"})
	atelier := dossier.Item{Group: matrice.GroupEvenement, Key: "20/01/2026|ATELIER", Values: itemValues(map[string]string{"DateEvenement": "20/01/2026", "TypeEvenement": "ATELIER"})}
	// A financing whose reference looks like an RDV key is another item.
	lookalike := financing("20/01/2026|DIAGNOSTIC", nil)

	v := newView(t, "ADIE1")
	ch, _ := v.Apply(request(t, "ADIE1", p1, nil, diag, ph1))
	assert.Equal(t, dossier.Changes{Items: 2}, ch, "two new items")

	ch, _ = v.Apply(request(t, "ADIE1", p2, nil, diag, suivi, atelier, lookalike))
	assert.Equal(t, dossier.Changes{Items: 3}, ch, "the same RDV again is not added")
	assert.Len(t, v.Items, 5)

	ch, _ = v.Apply(request(t, "ADIE1", older, nil, diagMoved, ph1More))
	assert.Equal(t, dossier.Changes{Items: 2}, ch, "older values do not replace; the keys, equal, take the older provenance")
	ch, _ = v.Apply(request(t, "ADIE1", older, nil, diagMoved, ph1More))
	assert.Equal(t, dossier.Changes{}, ch, "the same again")

	ch, _ = v.Apply(request(t, "ADIE1", p2, nil, diagMoved, ph1More))
	assert.Equal(t, dossier.Changes{Items: 2}, ch, "more recent values replace")
	require.Len(t, v.Items, 5)

	byKey := map[string]dossier.Item{}
	for _, it := range v.Items {
		k := string(it.Group) + " " + it.Key
		_, dup := byKey[k]
		require.False(t, dup, "item %s twice", k)
		byKey[k] = it
	}
	assert.Equal(t, map[string]dossier.Value{
		"DateRDV":     {Value: "20/01/2026", Provenance: older}, // equal values: the earliest line's provenance
		"TypeRDV":     {Value: "DIAGNOSTIC", Provenance: older},
		"ModaliteRDV": {Value: "TELEPHONE", Provenance: p2},
	}, byKey["RDV 20/01/2026|DIAGNOSTIC"].Values.Map())
	assert.Equal(t, map[string]dossier.Value{
		"ReferenceFinancement": {Value: "PH-1", Provenance: older},
		"MontantFinancement":   {Value: "6000", Provenance: p2},
	}, byKey["FINANCEMENT PH-1"].Values.Map())
	assert.Contains(t, byKey, "RDV 21/01/2026|SUIVI")
	assert.Contains(t, byKey, "EVENEMENT 20/01/2026|ATELIER")
	assert.Contains(t, byKey, "FINANCEMENT 20/01/2026|DIAGNOSTIC")
}

// TestApplyTwice: spec §5, importing the same file twice changes nothing.
func TestApplyTwice(t *testing.T) {
	reqs := threePartners(t)
	v := newView(t, "ADIE1")
	applyAll(v, reqs...)
	before := storage(t, v)
	for _, r := range reqs {
		ch, _ := v.Apply(r)
		assert.Equal(t, dossier.Changes{}, ch, "%s again", r.Source.File)
	}
	assert.Equal(t, string(before), string(storage(t, v)))

	one := newView(t, "ADIE1")
	ch, _ := one.Apply(reqs[0])
	require.True(t, ch.Changed())
	b := storage(t, one)
	ch, dis := one.Apply(reqs[0])
	assert.Equal(t, dossier.Changes{}, ch)
	assert.Empty(t, dis)
	assert.Equal(t, string(b), string(storage(t, one)))
}

// threePartners are three partners' requests for dossier ADIE1, with
// different values; franceactive and initiative tie on DateMaj, file date
// and line, so only the provenance's remaining order separates them.
func threePartners(tb testing.TB) []*dossier.Request {
	tb.Helper()
	pa := prov(tb, source(tb, "adie", "16/11/2026"), 2, "10/11/2026")
	pf := prov(tb, source(tb, "franceactive", "17/11/2026"), 5, "12/11/2026")
	pi := prov(tb, source(tb, "initiative", "17/11/2026"), 5, "12/11/2026")
	return []*dossier.Request{
		request(tb, "ADIE1", pa,
			map[string]string{"Nom": "Dupont", "Prenom": "Elodie", "Commune": "Paris", "CodePostal": "75002", "Phase": "1"},
			rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "PRESENTIEL"}),
			financing("PH-1", map[string]string{"MontantFinancement": "5000"}),
		),
		request(tb, "ADIE1", pf,
			map[string]string{"Nom": "DUPONT", "Commune": "Paris 2e", "Phase": "2"},
			rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "DISTANCIEL"}),
			rdv("22/01/2026", "SUIVI", nil),
			financing("PH-1", map[string]string{"MontantFinancement": "5500"}),
		),
		request(tb, "ADIE1", pi,
			map[string]string{"Nom": "Dupont-Martin", "Prenom": "Élodie", "Phase": "3"},
			rdv("20/01/2026", "DIAGNOSTIC", map[string]string{"ModaliteRDV": "TELEPHONE"}),
			financing("PH-2", map[string]string{"MontantFinancement": "800"}),
		),
	}
}

// TestApplyOrderIndependent: the requests of three partners, applied in
// every order, give the same dossier, values and provenance alike.
func TestApplyOrderIndependent(t *testing.T) {
	reqs := threePartners(t)
	orders := [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	var first *dossier.View
	var firstBytes []byte
	for _, o := range orders {
		v := newView(t, "ADIE1")
		applyAll(v, reqs[o[0]], reqs[o[1]], reqs[o[2]])
		b := storage(t, v)
		if first == nil {
			first, firstBytes = v, b
			continue
		}
		assert.Equal(t, first, v, "order %v", o)
		assert.Equal(t, string(firstBytes), string(b), "order %v", o)
	}

	// What §5 decides on its own: the most recent DateMaj.
	pa, pf, pi := reqs[0].Values().Map()["Nom"].Provenance, reqs[1].Values().Map()["Nom"].Provenance, reqs[2].Values().Map()["Nom"].Provenance
	assert.Equal(t, dossier.Value{Value: "Élodie", Provenance: pi}, first.Fields.Map()["Prenom"])
	assert.Equal(t, dossier.Value{Value: "Paris 2e", Provenance: pf}, first.Fields.Map()["Commune"])
	assert.Equal(t, dossier.Value{Value: "75002", Provenance: pa}, first.Fields.Map()["CodePostal"])
	assert.Contains(t, []string{"DUPONT", "Dupont-Martin"}, first.Value("Nom"))
	assert.Len(t, first.Items, 4, "RDV 20/01 and 22/01, financings PH-1 and PH-2")
	for _, it := range first.Items {
		if it.Group == matrice.GroupFinancement && it.Key == "PH-1" {
			assert.Equal(t, "5500", it.Value("MontantFinancement"))
		}
		if it.Group == matrice.GroupRDV && it.Key == "20/01/2026|DIAGNOSTIC" {
			assert.NotEqual(t, "PRESENTIEL", it.Value("ModaliteRDV"), "the oldest RDV lost")
		}
	}
}

// TestApplyDisagreements: two partners giving different values to a field
// are reported, with the value kept and the other, whichever comes first; a
// partner correcting itself is not a disagreement.
func TestApplyDisagreements(t *testing.T) {
	pAdie := prov(t, srcAdie, 2, "10/11/2026")
	pAdieLater := prov(t, srcAdie2, 4, "19/11/2026")
	pFrac := prov(t, srcFrac, 3, "12/11/2026")
	pFracOlder := prov(t, srcFrac, 3, "01/11/2026")
	tests := []struct {
		name   string
		num    string
		a, b   *dossier.Request
		want   []dossier.Disagreement
		winner string
	}{
		{
			name: "another partner, more recent",
			num:  "ADIE1",
			a:    request(t, "ADIE1", pAdie, map[string]string{"Nom": "Dupont"}),
			b:    request(t, "ADIE1", pFrac, map[string]string{"Nom": "DUPONT"}),
			want: []dossier.Disagreement{{
				Number: "ADIE1", Field: "Nom",
				Kept:  dossier.Value{Value: "DUPONT", Provenance: pFrac},
				Other: dossier.Value{Value: "Dupont", Provenance: pAdie},
			}},
			winner: "DUPONT",
		},
		{
			name: "another partner, older, on a sub-version",
			num:  "001-ADIE1",
			a:    request(t, "001-ADIE1", pAdie, map[string]string{"Nom": "Dupont", "Prenom": "Élodie"}),
			b:    request(t, "001-ADIE1", pFracOlder, map[string]string{"Nom": "DUPONT", "Prenom": "Élodie"}),
			want: []dossier.Disagreement{{
				Number: "001-ADIE1", Field: "Nom",
				Kept:  dossier.Value{Value: "Dupont", Provenance: pAdie},
				Other: dossier.Value{Value: "DUPONT", Provenance: pFracOlder},
			}},
			winner: "Dupont",
		},
		{
			name:   "same partner correcting itself",
			num:    "ADIE1",
			a:      request(t, "ADIE1", pAdie, map[string]string{"Nom": "Dupont"}),
			b:      request(t, "ADIE1", pAdieLater, map[string]string{"Nom": "DUPONT"}),
			winner: "DUPONT",
		},
		{
			name:   "another partner, same value",
			num:    "ADIE1",
			a:      request(t, "ADIE1", pAdie, map[string]string{"Nom": "Dupont"}),
			b:      request(t, "ADIE1", pFrac, map[string]string{"Nom": "Dupont"}),
			winner: "Dupont",
		},
		{
			name:   "another partner, another field",
			num:    "ADIE1",
			a:      request(t, "ADIE1", pAdie, map[string]string{"Nom": "Dupont"}),
			b:      request(t, "ADIE1", pFrac, map[string]string{"Prenom": "Élodie"}),
			winner: "Dupont",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range [][2]*dossier.Request{{tt.a, tt.b}, {tt.b, tt.a}} {
				v := newView(t, tt.num)
				got := applyAll(v, order[0], order[1])
				if len(tt.want) == 0 {
					assert.Empty(t, got, "%s first", order[0].Source.File)
				} else {
					assert.Equal(t, tt.want, got, "%s first", order[0].Source.File)
				}
				assert.Equal(t, tt.winner, v.Value("Nom"), "%s first", order[0].Source.File)
			}
		})
	}
}

// TestApplyDateMajNotADisagreement: DateMaj, the ordering key, differs
// between any two partners' lines; it is not compared (README,
// "Consolidation").
func TestApplyDateMajNotADisagreement(t *testing.T) {
	pa := prov(t, srcAdie, 2, "10/11/2026")
	pf := prov(t, srcFrac, 3, "12/11/2026")
	for _, order := range [][2]*dossier.Request{
		{request(t, "ADIE1", pa, map[string]string{"DateMaj": "10/11/2026", "Nom": "Dupont"}), request(t, "ADIE1", pf, map[string]string{"DateMaj": "12/11/2026", "Nom": "Dupont"})},
		{request(t, "ADIE1", pf, map[string]string{"DateMaj": "12/11/2026", "Nom": "Dupont"}), request(t, "ADIE1", pa, map[string]string{"DateMaj": "10/11/2026", "Nom": "Dupont"})},
	} {
		v := newView(t, "ADIE1")
		assert.Empty(t, applyAll(v, order[0], order[1]))
		assert.Equal(t, dossier.Value{Value: "12/11/2026", Provenance: pf}, v.Fields.Map()["DateMaj"])
	}
}

// TestApplyDisagreementsThreePartners: a third partner disagreeing with the
// value kept is reported against that value.
func TestApplyDisagreementsThreePartners(t *testing.T) {
	pa := prov(t, srcAdie, 2, "10/11/2026")
	pf := prov(t, srcFrac, 3, "12/11/2026")
	pi := prov(t, srcInit, 4, "11/11/2026")
	v := newView(t, "ADIE1")
	applyAll(v, request(t, "ADIE1", pa, map[string]string{"Nom": "Dupont"}), request(t, "ADIE1", pf, map[string]string{"Nom": "DUPONT"}))
	_, dis := v.Apply(request(t, "ADIE1", pi, map[string]string{"Nom": "Dupond"}))
	assert.Equal(t, []dossier.Disagreement{{
		Number: "ADIE1", Field: "Nom",
		Kept:  dossier.Value{Value: "DUPONT", Provenance: pf},
		Other: dossier.Value{Value: "Dupond", Provenance: pi},
	}}, dis)
}

// The closing obligations of the default matrice (spec's matrice-cadre.csv,
// columns CloturePhase1 … CloturePhase3), for a dossier with no value.
var (
	closePhase1 = []string{"Phase", "DateDebutPhase", "DateFinPhase", "MotifFinPhase", "Civilite", "Nom", "Prenom",
		"DateNaissance", "CodePostal", "Commune", "QPV", "NiveauFormation", "SituationEntree", "BeneficiaireRSA",
		"Prescripteur", "DateAccueil", "ConsentementRGPD", "IntituleProjet"}
	closePhase2SansCreation = []string{"Phase", "DateDebutPhase", "DateFinPhase", "MotifFinPhase", "Civilite", "Nom", "Prenom",
		"DateNaissance", "CodePostal", "Commune", "QPV", "NiveauFormation", "SituationEntree", "BeneficiaireRSA",
		"DateAccueil", "ConsentementRGPD", "IntituleProjet", "CreationEntreprise"}
	closePhase3 = []string{"Phase", "DateDebutPhase", "DateFinPhase", "MotifFinPhase", "Civilite", "Nom", "Prenom",
		"DateNaissance", "CodePostal", "Commune", "QPV", "NiveauFormation", "SituationEntree",
		"DateAccueil", "ConsentementRGPD", "IntituleProjet", "SecteurActivite", "CreationEntreprise", "DateCreation",
		"SIRET", "FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees", "EntrepriseActive", "ChiffreAffaires"}
)

// phase1Values fill every phase 1 closing obligation but Phase, DateFinPhase
// and MotifFinPhase.
func phase1Values(more map[string]string) map[string]string {
	f := map[string]string{
		"DateDebutPhase": "15/01/2026", "Civilite": "MME", "Nom": "Dupont", "Prenom": "Élodie",
		"DateNaissance": "12/03/1990", "CodePostal": "75002", "Commune": "Paris", "QPV": "NON",
		"NiveauFormation": "5", "SituationEntree": "DEMANDEUR_EMPLOI", "BeneficiaireRSA": "NON",
		"Prescripteur": "FRANCE_TRAVAIL", "DateAccueil": "10/01/2026", "ConsentementRGPD": "OUI",
		"IntituleProjet": "Épicerie fine",
	}
	for k, v := range more {
		f[k] = v
	}
	return f
}

// TestStatus: spec §5, a dossier view tells, per phase, what is still missing
// to close it, from the matrice's closing obligations (§1: phase 2 with
// CreationEntreprise=OUI uses CloturePhase2, otherwise
// CloturePhase2SansCreation).
func TestStatus(t *testing.T) {
	closed := map[string]string{"DateFinPhase": "30/06/2026", "MotifFinPhase": "ABOUTI"}
	with := func(maps ...map[string]string) map[string]string {
		out := phase1Values(nil)
		for _, m := range maps {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name   string
		fields map[string]string
		want   []dossier.PhaseStatus
	}{
		{
			name:   "empty dossier",
			fields: nil,
			want: []dossier.PhaseStatus{
				{Phase: 1, Closing: "CloturePhase1", Missing: closePhase1},
				{Phase: 2, Closing: "CloturePhase2SansCreation", Missing: closePhase2SansCreation},
				{Phase: 3, Closing: "CloturePhase3", Missing: closePhase3},
			},
		},
		{
			name:   "phase 1 closed",
			fields: with(closed, map[string]string{"Phase": "1"}),
			want: []dossier.PhaseStatus{
				{Phase: 1, Closing: "CloturePhase1", Missing: []string{}, Closed: true},
				{Phase: 2, Closing: "CloturePhase2SansCreation", Missing: []string{"CreationEntreprise"}},
				{Phase: 3, Closing: "CloturePhase3", Missing: []string{"SecteurActivite", "CreationEntreprise", "DateCreation",
					"SIRET", "FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees", "EntrepriseActive", "ChiffreAffaires"}},
			},
		},
		{
			name:   "QPV=OUI needs CodeQPV",
			fields: with(map[string]string{"Phase": "1", "QPV": "OUI"}),
			want: []dossier.PhaseStatus{
				{Phase: 1, Closing: "CloturePhase1", Missing: []string{"DateFinPhase", "MotifFinPhase", "CodeQPV"}},
				{Phase: 2, Closing: "CloturePhase2SansCreation", Missing: []string{"DateFinPhase", "MotifFinPhase", "CodeQPV", "CreationEntreprise"}},
				{Phase: 3, Closing: "CloturePhase3", Missing: []string{"DateFinPhase", "MotifFinPhase", "CodeQPV", "SecteurActivite",
					"CreationEntreprise", "DateCreation", "SIRET", "FormeJuridique", "CodeNAF", "CodePostalEntreprise",
					"EmploisCrees", "EntrepriseActive", "ChiffreAffaires"}},
			},
		},
		{
			name:   "phase 2 with a creation, open",
			fields: with(map[string]string{"Phase": "2", "CreationEntreprise": "OUI", "SIRET": "73282932000074"}),
			want: []dossier.PhaseStatus{
				{Phase: 1, Closing: "CloturePhase1", Missing: []string{"DateFinPhase", "MotifFinPhase"}},
				{Phase: 2, Closing: "CloturePhase2", Missing: []string{"DateFinPhase", "MotifFinPhase", "SecteurActivite",
					"DateCreation", "FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees"}},
				{Phase: 3, Closing: "CloturePhase3", Missing: []string{"DateFinPhase", "MotifFinPhase", "SecteurActivite",
					"DateCreation", "FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees", "EntrepriseActive", "ChiffreAffaires"}},
			},
		},
		{
			name:   "phase 2 without a creation, closed",
			fields: with(closed, map[string]string{"Phase": "2", "CreationEntreprise": "NON"}),
			want: []dossier.PhaseStatus{
				{Phase: 1, Closing: "CloturePhase1", Missing: []string{}},
				{Phase: 2, Closing: "CloturePhase2SansCreation", Missing: []string{}, Closed: true},
				{Phase: 3, Closing: "CloturePhase3", Missing: []string{"SecteurActivite", "DateCreation",
					"SIRET", "FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees", "EntrepriseActive", "ChiffreAffaires"}},
			},
		},
		{
			name: "phase 3 closed",
			fields: with(closed, map[string]string{"Phase": "3", "CreationEntreprise": "OUI", "SecteurActivite": "G",
				"DateCreation": "01/06/2026", "SIRET": "73282932000074", "FormeJuridique": "MICRO", "CodeNAF": "47.91B",
				"CodePostalEntreprise": "75002", "EmploisCrees": "1", "EntrepriseActive": "OUI", "ChiffreAffaires": "12500,50"}),
			want: []dossier.PhaseStatus{
				{Phase: 1, Closing: "CloturePhase1", Missing: []string{}},
				{Phase: 2, Closing: "CloturePhase2", Missing: []string{}},
				{Phase: 3, Closing: "CloturePhase3", Missing: []string{}, Closed: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(t, "ADIE1")
			v.Apply(request(t, "ADIE1", prov(t, srcAdie, 2, "10/11/2026"), tt.fields))
			assert.Equal(t, tt.want, v.Status(matrice.Default()))
		})
	}
}

// TestStatusItems: an item field is missing when none of the dossier's
// items has it.
func TestStatusItems(t *testing.T) {
	var oui, siDate [4]matrice.Obligation
	oui[matrice.ClosePhase1] = matrice.Required
	siDate[matrice.ClosePhase1] = matrice.RequiredIf("DateRDV")
	var fin [4]matrice.Obligation
	fin[matrice.ClosePhase3] = matrice.Required
	all := [4]matrice.Obligation{matrice.Required, matrice.Required, matrice.Required, matrice.Required}
	m := newMatrice(t,
		matrice.Field{Name: "Num", Group: matrice.GroupDossier, Type: matrice.DOSSIER, Close: all},
		matrice.Field{Name: "Phase", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"1", "2", "3"}},
		matrice.Field{Name: "DateFinPhase", Group: matrice.GroupDossier, Type: matrice.DATE},
		matrice.Field{Name: "DateRDV", Group: matrice.GroupRDV, Type: matrice.DATE, Close: oui},
		matrice.Field{Name: "TypeRDV", Group: matrice.GroupRDV, Type: matrice.ENUM, Values: []string{"A", "B"}, Close: siDate},
		matrice.Field{Name: "ReferenceFinancement", Group: matrice.GroupFinancement, Type: matrice.TXT, Close: fin},
	)
	rdvItem := func(vals map[string]string) dossier.Item {
		return dossier.Item{Group: matrice.GroupRDV, Key: vals["DateRDV"] + "|" + vals["TypeRDV"], Values: itemValues(vals)}
	}
	tests := []struct {
		name   string
		items  []dossier.Item
		phase1 []string
		phase3 []string
	}{
		{"no item", nil, []string{"DateRDV"}, []string{"ReferenceFinancement"}},
		{"an RDV without its type", []dossier.Item{rdvItem(map[string]string{"DateRDV": "01/02/2026"})}, []string{"TypeRDV"}, []string{"ReferenceFinancement"}},
		{"the fields spread over two RDVs", []dossier.Item{
			rdvItem(map[string]string{"TypeRDV": "A"}),
			rdvItem(map[string]string{"DateRDV": "01/02/2026"}),
		}, []string{}, []string{"ReferenceFinancement"}},
		{"a financing", []dossier.Item{financing("PH-1", nil)}, []string{"DateRDV"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(t, "ADIE1")
			v.Apply(request(t, "ADIE1", prov(t, srcAdie, 2, "10/11/2026"), nil, tt.items...))
			st := v.Status(m)
			require.Len(t, st, 3)
			assert.Equal(t, tt.phase1, st[0].Missing, "phase 1")
			assert.Equal(t, []string{}, st[1].Missing, "phase 2: the number is never missing")
			assert.Equal(t, tt.phase3, st[2].Missing, "phase 3")
		})
	}
}

// TestStatusClosed: only the current phase is closed, and only when its
// DateFinPhase is set.
func TestStatusClosed(t *testing.T) {
	tests := []struct {
		name   string
		fields map[string]string
		want   [3]bool
	}{
		{"phase 1 open", map[string]string{"Phase": "1"}, [3]bool{}},
		{"phase 1 closed", map[string]string{"Phase": "1", "DateFinPhase": "30/06/2026"}, [3]bool{true, false, false}},
		{"phase 2 closed", map[string]string{"Phase": "2", "DateFinPhase": "30/06/2026"}, [3]bool{false, true, false}},
		{"phase 3 closed", map[string]string{"Phase": "3", "DateFinPhase": "30/06/2026"}, [3]bool{false, false, true}},
		{"no phase", map[string]string{"DateFinPhase": "30/06/2026"}, [3]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(t, "ADIE1")
			v.Apply(request(t, "ADIE1", prov(t, srcAdie, 2, "10/11/2026"), tt.fields))
			assert.Equal(t, tt.fields["Phase"], v.Phase())
			st := v.Status(matrice.Default())
			require.Len(t, st, 3)
			for i, ps := range st {
				assert.Equal(t, tt.want[i], ps.Closed, "phase %d", ps.Phase)
			}
		})
	}
}

// TestFieldsJSON: a view's Fields read and write the JSON of a map by field
// name — the API's and the CLI's output as before they were a slice —,
// escaped or not as the encoder says.
func TestFieldsJSON(t *testing.T) {
	p := prov(t, srcAdie, 2, "10/11/2026")
	m := map[string]dossier.Value{
		"Nom": {Value: "Dupont <&> \"é\"", Provenance: p}, "Commune": {Value: "Paris\u2028", Provenance: p},
		"Prenom": {Value: "Zoé", Provenance: p},
	}
	for _, escape := range []bool{true, false} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(escape)
		require.NoError(t, enc.Encode(map[string]any{"fields": m}))
		enc = json.NewEncoder(&got)
		enc.SetEscapeHTML(escape)
		require.NoError(t, enc.Encode(map[string]any{"fields": dossier.FieldsOf(m)}))
		assert.Equal(t, want.String(), got.String(), "escape HTML %v", escape)
	}
	for _, in := range []string{`{}`, `null`, `{"Prenom":{"value":"Zoé"},"Nom":{"value":"Dupont","line":3}}`} {
		var f dossier.Fields
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		var wantMap map[string]dossier.Value
		require.NoError(t, json.Unmarshal([]byte(in), &wantMap))
		assert.Equal(t, dossier.FieldsOf(wantMap), f, in)
		assert.True(t, slices.IsSortedFunc(f, func(a, b dossier.NamedValue) int { return strings.Compare(a.Name, b.Name) }), in)
	}
	empty, err := json.Marshal(dossier.NewView(number(t, "ADIE1"), "adie", p))
	require.NoError(t, err)
	assert.Contains(t, string(empty), `"fields":{}`, "a view without values has an empty object, as an empty map gave")
}
