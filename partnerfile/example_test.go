package partnerfile_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/entrepreneur-leader/eleader-go/partnerfile"
)

// A partner's exporter turns its dossiers into the file E#L takes, then
// checks it with the validator before sending it.
func ExampleWrite() {
	rows := []partnerfile.Row{{
		NumeroDossier: "DEMO000001", Phase: "1", DateDebutPhase: partnerfile.NewDate(2026, 3, 1),
		DateMaj: partnerfile.NewDate(2026, 11, 10), Civilite: "MME", Nom: "Dupont", Prenom: "Amélie",
		DateNaissance: partnerfile.NewDate(1990, 5, 12), CodePostal: "93200", Commune: "Saint-Denis",
		QPV: "OUI", CodeQPV: "QN09301M", DateAccueil: partnerfile.NewDate(2026, 3, 1), ConsentementRGPD: "OUI",
		IntituleProjet: `Épicerie; produits "bio"`,
	}}
	var file bytes.Buffer
	if err := partnerfile.Write(&file, rows); err != nil {
		log.Fatal(err)
	}
	line := strings.SplitN(file.String(), "\r\n", 3)[1]
	fmt.Println(strings.Join(strings.Split(line, ";")[:12], ";")) // its first 12 cells

	f := importer.NewValidator(matrice.Default()).Open("20261116-demo.csv", &file)
	defer f.Close()
	for f.Next() {
	}
	rep := f.Report()
	fmt.Println(rep.Status, rep.Lines, "line")
	// Output:
	// DEMO000001;1;01/03/2026;;;10/11/2026;;MME;Dupont;Amélie;;12/05/1990
	// accepted 1 line
}

// Rows produced one at a time (from a database cursor, say) go through a
// channel: the file is written as they come, in bounded memory.
func ExampleWriteChan() {
	rows := make(chan partnerfile.Row)
	go func() {
		defer close(rows)
		for i := range 3 {
			rows <- partnerfile.Row{
				NumeroDossier: fmt.Sprintf("DEMO00000%d", i+1), Phase: "1", DateDebutPhase: partnerfile.NewDate(2026, 3, 1),
				DateMaj: partnerfile.NewDate(2026, 11, 10), Civilite: "M", Nom: "Martin", Prenom: "Paul",
				DateNaissance: partnerfile.NewDate(1988, 1, 20), CodePostal: "75019", Commune: "Paris",
				QPV: "NON", DateAccueil: partnerfile.NewDate(2026, 3, 1), ConsentementRGPD: "OUI",
			}
		}
	}()
	var file bytes.Buffer
	if err := partnerfile.WriteChan(&file, rows); err != nil {
		log.Fatal(err)
	}
	f := importer.NewValidator(matrice.Default()).Open("20261116-demo.csv", &file)
	defer f.Close()
	for f.Next() {
	}
	rep := f.Report()
	fmt.Println(rep.Status, rep.Lines, "lines,", rep.Dossiers, "dossiers")
	// Output:
	// accepted 3 lines, 3 dossiers
}
