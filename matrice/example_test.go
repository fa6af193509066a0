package matrice_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// A matrice in the tabular form E#L distributes: one line per column of a
// partner's file.
func ExampleLoadCSV() {
	const src = `Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description
NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;Numéro de dossier
Civilite;DOSSIER;ENUM;;;;;;M|MME;OUI;OUI;OUI;OUI;OUI;Civilité
EmploisCrees;DOSSIER;NUM;1;3;0;999;;;NON;NON;OUI;NON;OUI;Emplois créés
`
	m, err := matrice.LoadCSV("matrice.csv", strings.NewReader(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range m.Fields() {
		fmt.Println(f.Name, f.Type, f.Import)
	}

	// Loading reports every problem with its line and column.
	_, err = matrice.LoadCSV("matrice.csv", strings.NewReader(strings.Replace(src, ";ENUM;", ";ENUMERATION;", 1)))
	var e *matrice.LoadError
	if errors.As(err, &e) {
		fmt.Println(e.Line, e.Column)
	}
	// Output:
	// NumeroDossier DOSSIER OUI
	// Civilite ENUM OUI
	// EmploisCrees NUM NON
	// 3 Type
}

// The default matrice is the spec's matrice-cadre.csv, embedded.
func ExampleDefault() {
	m := matrice.Default()
	fmt.Println(m.Len(), "fields; dossier number:", m.FieldName(m.Key()))
	i, _ := m.Lookup("Civilite")
	fmt.Println(m.Field(i).Type, m.Field(i).Values)
	for _, r := range m.Rules() {
		fmt.Println(r.Field, r.Rule)
	}
	// Output:
	// 52 fields; dossier number: NumeroDossier
	// ENUM [M MME]
	// NumeroDossier subversion_phase(Phase, 2)
	// DateFinPhase date_order(DateDebutPhase)
	// DateNaissance min_age(16, DateDebutPhase)
	// SIRET luhn
}

// Checking lines: one Row per goroutine, reused line after line.
func ExampleRow_Check() {
	m := matrice.Default()
	row := m.NewRow(matrice.RowOptions{FileDate: matrice.NewDate(2026, 11, 16)})

	line := map[string]string{
		"NumeroDossier": "ADIE100876-AHG-4U", "Phase": "1", "DateDebutPhase": "15/01/2026",
		"DateMaj": "20/11/2026", "Civilite": "Mr", "Nom": "", "Prenom": "Paul",
		"DateNaissance": "01/02/1985", "CodePostal": "93200", "Commune": "Saint-Denis",
		"QPV": "NON", "DateAccueil": "10/01/2026", "ConsentementRGPD": "OUI",
		"SIRET": "12345678901234",
	}
	row.Reset()
	for name, value := range line {
		i, _ := m.Lookup(name)
		row.Set(i, []byte(value))
	}
	for _, f := range row.Check() {
		fmt.Printf("%s: %s\n", f.Check, row.Message(f))
	}
	// Output:
	// range: Attribute 'DateMaj' with value '20/11/2026' fails check for value is between 01/01/2015 and 16/11/2026
	// enum: Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'
	// required: Attribute 'Nom' with value '' fails check for has a value
	// rule: Attribute 'SIRET' with value '12345678901234' fails check for rule 'luhn'
}
