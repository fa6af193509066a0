package dossier_test

import (
	"errors"
	"fmt"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

func ExampleParseNumber() {
	n, err := dossier.ParseNumber("001-ADIE100876-AHG-4U")
	if err != nil {
		panic(err)
	}
	fmt.Println(n.Version, n.Oper, n.Index)
	fmt.Println(n.Main(), n.IsSub())
	next, _ := n.Next(n.Version)
	fmt.Println(next)

	_, err = dossier.ParseNumber("12-ADIE1")
	var ne *dossier.NumberError
	if errors.As(err, &ne) {
		fmt.Println(ne.Part, errors.Is(err, dossier.ErrSyntax))
	}
	// Output:
	// 1 ADIE 100876-AHG-4U
	// ADIE100876-AHG-4U true
	// 002-ADIE100876-AHG-4U
	// VERSION true
}

func ExampleView_Apply() {
	n, _ := dossier.ParseNumber("ADIE100876-AHG-4U")
	adie := dossier.Source{Partner: "adie", File: "20261116-adie.csv", FileDate: matrice.NewDate(2026, 11, 16)}
	frac := dossier.Source{Partner: "franceactive", File: "20261117-franceactive.csv", FileDate: matrice.NewDate(2026, 11, 17)}
	atAdie := dossier.Provenance{Source: adie, Line: 2, Date: matrice.NewDate(2026, 11, 10)}
	atFrac := dossier.Provenance{Source: frac, Line: 5, Date: matrice.NewDate(2026, 11, 12)}

	v := dossier.NewView(n, "adie", atAdie)
	v.Apply(&dossier.Request{Number: n, Source: adie, Line: 2, Fields: dossier.FieldsOf(map[string]dossier.Value{
		"Nom":     {Value: "Dupont", Provenance: atAdie},
		"Commune": {Value: "Paris", Provenance: atAdie},
	})})
	// franceactive's line has a more recent DateMaj: its value wins, and
	// the two partners' disagreement is reported.
	ch, dis := v.Apply(&dossier.Request{Number: n, Source: frac, Line: 5, Fields: dossier.FieldsOf(map[string]dossier.Value{
		"Nom":     {Value: "DUPONT", Provenance: atFrac},
		"Commune": {Value: "Paris", Provenance: atFrac},
	})})
	fmt.Println(ch.Fields, v.Value("Nom"), v.Fields.Map()["Nom"].Partner, v.Fields.Map()["Commune"].Partner)
	for _, d := range dis {
		fmt.Printf("%s %s: kept %q (%s), other %q (%s)\n", d.Number, d.Field, d.Kept.Value, d.Kept.Partner, d.Other.Value, d.Other.Partner)
	}
	// Applying it again changes nothing.
	ch, _ = v.Apply(&dossier.Request{Number: n, Source: frac, Line: 5, Fields: dossier.FieldsOf(map[string]dossier.Value{
		"Nom": {Value: "DUPONT", Provenance: atFrac},
	})})
	fmt.Println(ch.Changed())
	// Output:
	// 1 DUPONT franceactive adie
	// ADIE100876-AHG-4U Nom: kept "DUPONT" (franceactive), other "Dupont" (adie)
	// false
}

// Two partners send one RDV (same date and type) with different fields:
// the item merges field by field, each value with its provenance.
func ExampleView_Apply_items() {
	n, _ := dossier.ParseNumber("ADIE000001")
	adie := dossier.Provenance{Source: dossier.Source{Partner: "adie", File: "20261110-adie.csv", FileDate: matrice.NewDate(2026, 11, 10)},
		Line: 2, Date: matrice.NewDate(2026, 11, 5)}
	frac := dossier.Provenance{Source: dossier.Source{Partner: "frac", File: "20261111-frac.csv", FileDate: matrice.NewDate(2026, 11, 11)},
		Line: 2, Date: matrice.NewDate(2026, 11, 6)}
	rdv := func(p dossier.Provenance, values map[string]string) dossier.Item {
		it := dossier.Item{Group: matrice.GroupRDV, Key: "05/03/2026|DIAGNOSTIC"}
		for name, v := range values {
			it.Values.Set(name, dossier.Value{Value: v, Provenance: p})
		}
		return it
	}
	v := dossier.NewView(n, "adie", adie)
	v.Apply(&dossier.Request{Number: n, Source: adie.Source, Line: 2, Items: []dossier.Item{rdv(adie, map[string]string{
		"DateRDV": "05/03/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "PRESENTIEL", "DureeRDV": "15"})}})
	// frac's line is more recent, and has no DureeRDV.
	_, dis := v.Apply(&dossier.Request{Number: n, Source: frac.Source, Line: 2, Items: []dossier.Item{rdv(frac, map[string]string{
		"DateRDV": "05/03/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "TELEPHONE"})}})
	it := v.Items[0]
	for _, name := range []string{"ModaliteRDV", "DureeRDV"} {
		val, _ := it.Values.Get(name)
		fmt.Printf("%s %s (%s line %d)\n", name, val.Value, val.Partner, val.Line)
	}
	for _, d := range dis {
		fmt.Printf("%s %s %s: kept %q (%s), other %q (%s)\n", d.Group, d.Key, d.Field, d.Kept.Value, d.Kept.Partner, d.Other.Value, d.Other.Partner)
	}
	// Output:
	// ModaliteRDV TELEPHONE (frac line 2)
	// DureeRDV 15 (adie line 2)
	// RDV 05/03/2026|DIAGNOSTIC ModaliteRDV: kept "TELEPHONE" (frac), other "PRESENTIEL" (adie)
}
