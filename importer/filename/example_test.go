package filename_test

import (
	"fmt"

	"github.com/entrepreneur-leader/eleader-go/importer/filename"
)

func ExampleParse() {
	n, err := filename.Parse("exports/20261125-bge.xlsx")
	fmt.Println(n.Partner, n.Year, n.Month, n.Day, n.Workbook(), err)
	fmt.Println(n.Export(), n.Names())
	_, err = filename.Parse("20261125-bge.xls")
	fmt.Println(err)
	// Output:
	// bge 2026 11 25 true <nil>
	// 20261125-bge [20261125-bge.csv 20261125-bge.xlsx]
	// invalid file name: "20261125-bge.xls" is not AAAAMMDD-IDENTIFIANT.csv or .xlsx (for example 20261116-adie.csv): a .xls file is not accepted: save the workbook as an Excel workbook (.xlsx) or as CSV UTF-8 (';' separators)
}
