package xlsx_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/xuri/excelize/v2"
)

// A workbook is judged as the CSV it converts to, its lines numbered by
// row: here, the example file as LibreOffice Calc saves it.
func ExampleWorkbooks_CSV() {
	f, err := os.Open("testdata/libreoffice/20261117-demo.xlsx")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	m := matrice.Default()
	csv := xlsx.Workbooks{}.CSV(context.Background(), f, info.Size(), m)
	defer csv.Close()
	v := importer.NewValidator(m)
	v.RowNumbers = true
	rep, err := v.Validate("20261117-demo.xlsx", csv, func(l *importer.Line) error {
		if len(l.Errors) > 0 && l.Errors[0].Field == "SIRET" {
			fmt.Println(l.Errors[0])
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Status, rep.Lines, "lines")
	// Output:
	// 20261117-demo.xlsx:3: Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'
	// 20261117-demo.xlsx:6: Attribute 'SIRET' with value '' fails check for has a value when 'CreationEntreprise' is 'OUI'
	// 20261117-demo.xlsx:12: Attribute 'SIRET' with value '12345678901234' fails check for rule 'luhn'
	// partial 15 lines
}

// A workbook that breaks the template's rules is refused with workbook
// file errors, in English and in French.
func ExampleWorkbooks_Convert() {
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "NumeroDossier")
	f.SetCellFormula("Sheet1", "A2", `"ADIE"&"100876"`)
	var wb bytes.Buffer
	f.Write(&wb)

	err := xlsx.Workbooks{}.Convert(context.Background(), bytes.NewReader(wb.Bytes()), int64(wb.Len()), nil, &bytes.Buffer{})
	var fes importer.FileErrors
	if errors.As(err, &fes) {
		fmt.Println(fes[0].Code, "-", fes[0].Message)
		fmt.Println(fes[0].In(i18n.French))
	}
	// Output:
	// workbook - cell A2 holds a formula: type its value instead
	// la cellule A2 contient une formule : saisissez la valeur
}

// A matrice kept as a workbook (the form E#L distributes it in) is read by
// this package's reader, within a matrice's bounds; its problems name their
// cell.
func ExampleWorkbooks_Matrice() {
	f := excelize.NewFile()
	rows := [][]any{
		{"Champ", "Groupe", "Type", "LongueurMin", "LongueurMax", "Min", "Max", "Motif", "Valeurs",
			"ObligatoireImport", "CloturePhase1", "CloturePhase2", "CloturePhase2SansCreation", "CloturePhase3", "Description"},
		{"NumeroDossier", "DOSSIER", "DOSSIER", 6, 64, nil, nil, nil, nil, "OUI", "OUI", "OUI", "OUI", "OUI", "Numéro"},
		{"Phase", "DOSSIER", "ENUM", nil, nil, nil, nil, nil, "1|2|3", "OUI", "OUI", "OUI", "OUI", "OUI", "Phase"},
	}
	for i, row := range rows {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row)
	}
	var wb bytes.Buffer
	f.Write(&wb)
	m, err := xlsx.Workbooks{}.Matrice(context.Background(), "matrice.xlsx", bytes.NewReader(wb.Bytes()), int64(wb.Len()), matrice.Loader{})
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Len(), "fields:", m.FieldName(0), m.FieldName(1))

	f.SetCellStr("Sheet1", "C3", "ENUMERATION")
	wb.Reset()
	f.Write(&wb)
	_, err = xlsx.Workbooks{}.Matrice(context.Background(), "matrice.xlsx", bytes.NewReader(wb.Bytes()), int64(wb.Len()), matrice.Loader{})
	fmt.Println(err)
	// Output:
	// 2 fields: NumeroDossier Phase
	// matrice.xlsx:3 (cell C3): column Type: unknown type "ENUMERATION" (want TXT, NUM, DEC, DATE, BOOL, ENUM, EMAIL, TEL, DOSSIER)
	// matrice.xlsx:3 (cell I3): column Valeurs: Valeurs only apply to ENUM fields, and Phase is ENUMERATION
}
