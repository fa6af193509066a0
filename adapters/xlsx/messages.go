package xlsx

import (
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The texts of the workbook errors (file error code workbook) are entries
// of the catalog (package i18n, keys workbook.*), in English (the command
// line, the JSON) and in French (the web page, the emails).

// problemKind is one rule a workbook breaks.
type problemKind uint8

const (
	probNone problemKind = iota
	probEmpty
	probText
	probHTML
	probXML2003
	probCFB
	probODS
	probXLSB
	probMacro
	probNotWorkbook
	probDamaged
	probXML
	probProtected
	probProtectedSheet
	probProtectedStructure
	probTooManyParts
	probPartTooLarge
	probRatio
	probNoSheet
	probChartFirst
	probSheetAdded
	probTable
	probPivot
	probExternal
	probFormula
	probErrorValue
	probRowFar
	probRowOrder
	probCellOrder
	probColumnFar
	probSheetWide // a value beyond the columns a sheet read as it is may have
	probCellTooLong
	probCSVTooLarge
	probStrings
)

// problem is one broken rule, with what its message names: a part, a
// sheet, a table, a target, cells, a number.
type problem struct {
	kind   problemKind
	part   string
	name   string   // a sheet, a table, an external target
	cells  []string // the first cells at fault ("AO5", or "C7 (#N/A)")
	count  int      // how many cells in all
	n      int64
	row    int
	detail string // English only (an error of the system): for E#L, about a damaged file
}

func (p *problem) Error() string { return i18n.English.Text(p.text()) }

// maxPlaces is how many cells a message names before "and N more".
const maxPlaces = 10

// places lists cells for a message: "AO5", "AO5, AO6 and AO7",
// "AO5, …, AO14 and 990 more" ("et 990 autres").
func places(cells []string, count int) any {
	items := make([]any, len(cells))
	for i, c := range cells {
		items[i] = c
	}
	switch {
	case len(cells) == 1 && count <= 1:
		return cells[0]
	case count > len(cells):
		return i18n.T("workbook.places_more", i18n.Join("sep.comma", items...), count-len(cells))
	}
	return i18n.T("workbook.places", i18n.Join("sep.comma", items[:len(items)-1]...), cells[len(cells)-1])
}

// text returns the problem's message, an entry of the catalog.
func (p *problem) text() i18n.Text {
	switch p.kind {
	case probEmpty:
		return i18n.T("workbook.empty")
	case probText:
		return i18n.T("workbook.text")
	case probHTML:
		return i18n.T("workbook.web_page")
	case probXML2003:
		return i18n.T("workbook.xml2003")
	case probCFB:
		return i18n.T("workbook.cfb")
	case probODS:
		return i18n.T("workbook.ods")
	case probXLSB:
		return i18n.T("workbook.xlsb")
	case probMacro:
		return i18n.T("workbook.macro")
	case probNotWorkbook:
		return i18n.T("workbook.not_workbook", p.detail)
	case probDamaged:
		return i18n.T("workbook.damaged", p.detail)
	case probXML:
		return i18n.T("workbook.damaged", i18n.T("workbook.part_not_xml", p.part))
	case probProtected:
		return i18n.T("workbook.protected")
	case probProtectedStructure:
		return i18n.T("workbook.protected_structure")
	case probProtectedSheet:
		return i18n.T("workbook.protected_sheet", p.name)
	case probTooManyParts:
		return i18n.T("workbook.too_many_parts", p.n)
	case probPartTooLarge:
		return i18n.T("workbook.part_too_large", p.part, i18n.Size(p.n))
	case probRatio:
		return i18n.T("workbook.ratio", p.part, p.n)
	case probNoSheet:
		return i18n.T("workbook.no_sheet")
	case probChartFirst:
		return i18n.T("workbook.chart_first", p.name)
	case probSheetAdded:
		return i18n.T("workbook.sheet_added", p.name)
	case probTable:
		return i18n.T("workbook.table", p.name)
	case probPivot:
		return i18n.T("workbook.pivot", p.name)
	case probExternal:
		return i18n.T("workbook.external", p.name)
	case probFormula:
		if p.count <= 1 {
			return i18n.T("workbook.formula", p.cells[0])
		}
		return i18n.T("workbook.formulas", places(p.cells, p.count))
	case probErrorValue:
		if p.count <= 1 {
			return i18n.T("workbook.error_value", p.cells[0])
		}
		return i18n.T("workbook.error_values", places(p.cells, p.count))
	case probRowFar:
		return i18n.T("workbook.row_far", p.row, maxRows)
	case probRowOrder:
		return i18n.T("workbook.row_order", p.row, p.n)
	case probCellOrder:
		return i18n.T("workbook.cell_order", p.cells[0])
	case probColumnFar:
		return i18n.T("workbook.column_far", p.cells[0], p.n)
	case probSheetWide:
		return i18n.T("workbook.sheet_wide", p.cells[0], p.n)
	case probCellTooLong:
		if len(p.cells) == 0 {
			return i18n.T("workbook.text_too_long", maxCellChars)
		}
		return i18n.T("workbook.cell_too_long", p.cells[0], maxCellChars)
	case probCSVTooLarge:
		return i18n.T("workbook.csv_too_large", i18n.Size(p.n))
	case probStrings:
		return i18n.T("workbook.strings", p.n)
	}
	return i18n.T("workbook.broken")
}

// fileErrors turns problems into the importer's file errors, code workbook.
func fileErrors(probs []*problem) importer.FileErrors {
	out := make(importer.FileErrors, len(probs))
	for i, p := range probs {
		out[i] = importer.NewFileError(importer.CodeWorkbook, 0, p.text())
	}
	return out
}
