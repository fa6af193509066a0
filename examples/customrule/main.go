// Command customrule shows how E#L adds a cross-field rule without forking:
// register it by name, then declare it in the matrice's Regles column (or in
// matrice.Field.Rules).
//
// Here, "same_dept" checks that a company's postcode is in the same
// département as the beneficiary's, for a programme limited to one area.
//
//	go run ./examples/customrule
package main

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// sameDept is declared on a postcode field as same_dept(OtherPostcodeField).
func sameDept(d matrice.RuleDecl) (matrice.RuleCheck, error) {
	if err := d.NeedArgs(1, "same_dept(PostcodeField)"); err != nil {
		return matrice.RuleCheck{}, err
	}
	other, err := d.Lookup(d.Args[0], matrice.NUM)
	if err != nil {
		return matrice.RuleCheck{}, err
	}
	self := d.Field
	return matrice.RuleCheck{
		Reads: []int{other},
		// Runs on the hot path: no allocation, no retained row.
		Holds: func(r *matrice.Row) bool {
			a, b := r.Value(self), r.Value(other)
			return len(a) >= 2 && len(b) >= 2 && bytes.Equal(a[:2], b[:2])
		},
	}, nil
}

const matriceCSV = `Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description;Regles
NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;Numéro de dossier;
CodePostal;DOSSIER;NUM;5;5;;;;;OUI;OUI;OUI;OUI;OUI;Code postal du bénéficiaire;
CodePostalEntreprise;DOSSIER;NUM;5;5;;;;;NON;NON;NON;NON;NON;Code postal de l'entreprise;same_dept(CodePostal)
`

func main() {
	rules := matrice.StandardRules()
	rules.Add("same_dept", sameDept)
	m, err := matrice.Loader{Rules: rules}.LoadCSV("matrice.csv", strings.NewReader(matriceCSV))
	if err != nil {
		log.Fatal(err)
	}
	file := "NumeroDossier;CodePostal;CodePostalEntreprise\n" +
		"ADIE100876-AHG-4U;93200;93100\n" +
		"ADIE100877-BXK-2P;93200;75011\n"
	rep, err := importer.NewValidator(m).Validate("20261116-adie.csv", strings.NewReader(file), func(l *importer.Line) error {
		for _, e := range l.Errors {
			fmt.Println(e)
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Status)
}
