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
	v.Apply(&dossier.Request{Number: n, Source: adie, Line: 2, Fields: map[string]dossier.Value{
		"Nom":     {Value: "Dupont", Provenance: atAdie},
		"Commune": {Value: "Paris", Provenance: atAdie},
	}})
	// franceactive's line has a more recent DateMaj: its value wins, and
	// the two partners' disagreement is reported.
	ch, dis := v.Apply(&dossier.Request{Number: n, Source: frac, Line: 5, Fields: map[string]dossier.Value{
		"Nom":     {Value: "DUPONT", Provenance: atFrac},
		"Commune": {Value: "Paris", Provenance: atFrac},
	}})
	fmt.Println(ch.Fields, v.Value("Nom"), v.Fields["Nom"].Partner, v.Fields["Commune"].Partner)
	for _, d := range dis {
		fmt.Printf("%s %s: kept %q (%s), other %q (%s)\n", d.Number, d.Field, d.Kept.Value, d.Kept.Partner, d.Other.Value, d.Other.Partner)
	}
	// Applying it again changes nothing.
	ch, _ = v.Apply(&dossier.Request{Number: n, Source: frac, Line: 5, Fields: map[string]dossier.Value{
		"Nom": {Value: "DUPONT", Provenance: atFrac},
	}})
	fmt.Println(ch.Changed())
	// Output:
	// 1 DUPONT franceactive adie
	// ADIE100876-AHG-4U Nom: kept "DUPONT" (franceactive), other "Dupont" (adie)
	// false
}
