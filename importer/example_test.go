package importer_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// A partner checks its export before sending it, line by line.
func ExampleValidator_Open() {
	header := "NumeroDossier;Civilite;Nom"
	m, err := matrice.New([]matrice.Field{
		{Name: "NumeroDossier", Group: matrice.GroupDossier, Type: matrice.DOSSIER, Import: matrice.Required},
		{Name: "Civilite", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: []string{"M", "MME"}, Import: matrice.Required},
		{Name: "Nom", Group: matrice.GroupDossier, Type: matrice.TXT, MaxLength: 100, Import: matrice.Required},
	})
	if err != nil {
		panic(err)
	}
	file := header + "\n" +
		"ADIE100876-AHG-4U;MME;Dupont\n" +
		"ADIE100877-BXK-2P;Mr;Martin\n" +
		"ADIE100876-AHG-4U;MME;DUPONT\n"

	f := importer.NewValidator(m).Open("20261116-adie.csv", strings.NewReader(file))
	defer f.Close()
	for f.Next() {
		for _, e := range f.Line().Errors {
			fmt.Println(e)
		}
	}
	r := f.Report()
	fmt.Printf("%s: %d lines, %d accepted, %d rejected, %d dossier(s)\n", r.Status, r.Lines, r.Accepted, r.Rejected, r.Dossiers)
	// Output:
	// 20261116-adie.csv:3: Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'
	// 20261116-adie.csv:4: Attribute 'Nom' with value 'DUPONT' fails check for agrees with line 2 ('Dupont')
	// partial: 3 lines, 1 accepted, 2 rejected, 1 dossier(s)
}

// The rejected lines go back to the partner with their errors.
func ExampleRejectsWriter() {
	file := "NumeroDossier;Nom\nADIE100876-AHG-4U;Dupont\nADIE100877-BXK-2P;\n"
	m, _ := matrice.New([]matrice.Field{
		{Name: "NumeroDossier", Group: matrice.GroupDossier, Type: matrice.DOSSIER, Import: matrice.Required},
		{Name: "Nom", Group: matrice.GroupDossier, Type: matrice.TXT, Import: matrice.Required},
	})
	f := importer.NewValidator(m).Open("20261116-adie.csv", strings.NewReader(file))
	defer f.Close()
	var out bytes.Buffer
	var rw *importer.RejectsWriter
	for f.Next() {
		if rw == nil {
			rw = importer.NewRejectsWriter(&out, f.Header())
		}
		rw.Write(f.Line())
	}
	rw.Flush()
	// The file starts with a UTF-8 byte order mark, for Excel.
	fmt.Print(strings.ReplaceAll(strings.TrimPrefix(out.String(), "\uFEFF"), "\r\n", "\n"))
	// Output:
	// NumeroDossier;Nom;Erreurs
	// ADIE100877-BXK-2P;;Attribute 'Nom' with value '' fails check for has a value
}

// A whole file at once, with its report.
func ExampleValidator_Validate() {
	v := importer.NewValidator(nil) // the default matrice cadre
	rep, err := v.Validate("export.csv", strings.NewReader("NumeroDossier,Phase\n"), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Status)
	for _, e := range rep.FileErrors {
		fmt.Println(e.Code)
	}
	// Output:
	// rejected
	// name
	// separator
}
