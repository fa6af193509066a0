package dossier_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// fullLine is an accepted line of the default matrice with every DOSSIER
// field and one item of each group, as partners' files mostly are.
func fullLine(num string, rdvDay int) map[string]string {
	return map[string]string{
		"NumeroDossier": num, "Phase": "2", "DateDebutPhase": "15/01/2026", "DateMaj": "10/11/2026",
		"Conseiller": "Claire Martin", "Civilite": "MME", "Nom": "Dupont", "Prenom": "Élodie", "NomNaissance": "Lefèvre",
		"DateNaissance": "12/03/1990", "Email": "elodie.dupont@example.fr", "Telephone": "06 12 34 56 78",
		"Adresse": "12 rue de la Paix", "CodePostal": "75002", "Commune": "Paris", "QPV": "OUI", "CodeQPV": "QN07501M",
		"NiveauFormation": "5", "SituationEntree": "DEMANDEUR_EMPLOI", "BeneficiaireRSA": "NON", "RQTH": "NON",
		"Prescripteur": "FRANCE_TRAVAIL", "DateAccueil": "10/01/2026", "ConsentementRGPD": "OUI",
		"IntituleProjet": "Épicerie fine", "SecteurActivite": "G", "FormeJuridiqueEnvisagee": "MICRO",
		"CreationEntreprise": "OUI", "DateCreation": "01/06/2026", "SIRET": "73282932000074", "FormeJuridique": "MICRO",
		"CodeNAF": "47.91B", "CodePostalEntreprise": "75002", "EmploisCrees": "1", "EntrepriseActive": "OUI",
		"ChiffreAffaires": "12500,50", "ReferenceFinancement": "PH-2026-001", "TypeFinancement": "PRET_HONNEUR",
		"MontantFinancement": "5000", "DateFinancement": "15/05/2026", "OrganismeFinanceur": "Initiative Paris",
		"ReseauFinancement": "INITIATIVE", "DateRDV": fmt.Sprintf("%02d/01/2026", rdvDay), "TypeRDV": "DIAGNOSTIC",
		"ModaliteRDV": "PRESENTIEL", "DureeRDV": "60", "DateEvenement": "05/02/2026", "TypeEvenement": "ATELIER",
		"IntituleEvenement": "Atelier business plan", "DureeEvenement": "120",
	}
}

// benchRequest groups two full lines of one dossier into its request.
func benchRequest(tb testing.TB) *dossier.Request {
	tb.Helper()
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	g.Add(2, line(tb, m, fullLine("ADIE100876-AHG-4U", 20)))
	g.Add(3, line(tb, m, fullLine("ADIE100876-AHG-4U", 21)))
	reqs := g.Requests()
	require.Len(tb, reqs, 1)
	return reqs[0]
}

// BenchmarkGrouperAdd measures grouping one line of a new dossier.
func BenchmarkGrouperAdd(b *testing.B) {
	m := matrice.Default()
	l := dossier.NewLayout(m)
	lines := make([]values, 1000)
	for i := range lines {
		lines[i] = line(b, m, fullLine(fmt.Sprintf("ADIE%06d", i), 20))
	}
	g := dossier.NewGrouper(l, srcAdie)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(lines) {
			g.Requests()
			i = 0
		}
		g.Add(i+2, lines[i])
		i++
	}
}

// BenchmarkCreateView measures what a first import does per new dossier:
// apply its request to a new view, record it, encode it.
func BenchmarkCreateView(b *testing.B) {
	r := benchRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		v := dossier.NewView(r.Number, "adie", dossier.Provenance{Source: srcAdie, Line: 2})
		_, dis := v.Apply(r)
		v.Applied = dossier.AppliedOf(r, dis)
		if _, err := v.MarshalStorage(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRequestHash measures what a re-import does per unchanged
// dossier, the view left unread.
func BenchmarkRequestHash(b *testing.B) {
	m := matrice.Default()
	g := dossier.NewGrouper(dossier.NewLayout(m), srcAdie)
	l := line(b, m, fullLine("ADIE100876-AHG-4U", 20))
	b.ReportAllocs()
	for b.Loop() {
		g.Add(2, l)
		g.Requests()[0].Hash()
	}
}

// BenchmarkUnmarshalStorage measures reading a stored view back.
func BenchmarkUnmarshalStorage(b *testing.B) {
	r := benchRequest(b)
	v := dossier.NewView(r.Number, "adie", dossier.Provenance{Source: srcAdie, Line: 2})
	v.Apply(r)
	data := storage(b, v)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dossier.UnmarshalStorage(r.Number, data); err != nil {
			b.Fatal(err)
		}
	}
}
