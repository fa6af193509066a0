package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/xuri/excelize/v2"
)

// TemplateSheet is the name of the template's sheet.
const TemplateSheet = "Dossiers"

// Excel's limits on a data validation: an inline list of at most 255
// characters, an input message title of 32 and a message of 255.
const (
	maxInlineList   = 255
	maxPromptTitle  = 32
	maxPromptText   = 255
	templateLastRow = maxRows
)

// Template writes the workbook partners fill in, built from the matrice m
// (nil means matrice.Default()): one sheet, TemplateSheet, whose first row
// names the columns (bold, frozen), every column formatted as text (so
// that Excel keeps leading zeros, dates as typed, and computes nothing),
// as wide as its content needs; every column has an input message with
// the field's description, type and format, and every ENUM and BOOL column
// a drop-down list of the matrice's values. A list too long for Excel's
// 255 characters (or holding a comma) comes from a hidden sheet,
// ListSheet, which the conversion knows as the template's own. A workbook
// filled in it converts back to the values typed.
func (Workbooks) Template(m *matrice.Matrice, w io.Writer) error {
	if m == nil {
		m = matrice.Default()
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TemplateSheet); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	n := m.Len()
	last, _ := excelize.ColumnNumberToName(n)
	if err := f.SetColStyle(TemplateSheet, "A:"+last, text); err != nil {
		return err
	}
	lists := 0 // columns of ListSheet used
	for i := range n {
		field := m.Field(i)
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(TemplateSheet, col+"1", field.Name); err != nil {
			return err
		}
		if err := f.SetColWidth(TemplateSheet, col, col, float64(columnWidth(field))); err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateLastRow)
		dv.SetInput(clip(field.Name, maxPromptTitle), prompt(field))
		if values := listValues(field); values != nil {
			if inlineList(values) {
				if err := dv.SetDropList(values); err != nil {
					return err
				}
			} else {
				lists++
				ref, err := writeList(f, lists, values)
				if err != nil {
					return err
				}
				dv.SetSqrefDropList(ref)
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, clip(field.Name, maxPromptTitle),
				clip("Choisissez une valeur de la liste : "+strings.Join(values, ", "), maxPromptText))
		}
		if err := f.AddDataValidation(TemplateSheet, dv); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(TemplateSheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetPanes(TemplateSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if lists > 0 {
		if err := f.SetSheetVisible(ListSheet, false, true); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// listValues returns the drop-down values of an ENUM or BOOL field, nil
// for another type.
func listValues(f matrice.Field) []string {
	switch f.Type {
	case matrice.ENUM:
		return f.Values
	case matrice.BOOL:
		return []string{"OUI", "NON"}
	}
	return nil
}

// inlineList reports whether values fit an inline list: at most 255
// characters in all, no value holding a comma or a quote.
func inlineList(values []string) bool {
	n := len(values) - 1
	for _, v := range values {
		if strings.ContainsAny(v, `,"`) {
			return false
		}
		n += utf8.RuneCountInString(v)
	}
	return n <= maxInlineList
}

// writeList writes values in column k of ListSheet (created for the first)
// and returns the reference of their cells.
func writeList(f *excelize.File, k int, values []string) (string, error) {
	if k == 1 {
		if _, err := f.NewSheet(ListSheet); err != nil {
			return "", err
		}
	}
	col, _ := excelize.ColumnNumberToName(k)
	for i, v := range values {
		if err := f.SetCellStr(ListSheet, col+strconv.Itoa(i+1), v); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s!$%s$1:$%s$%d", ListSheet, col, col, len(values)), nil
}

// typeLabels say what a type's values look like (entries of the catalog).
var typeLabels = map[matrice.Type]string{
	matrice.TXT:     "template.text",
	matrice.NUM:     "template.num",
	matrice.DEC:     "template.dec",
	matrice.DATE:    "template.date",
	matrice.BOOL:    "template.bool",
	matrice.ENUM:    "template.enum",
	matrice.EMAIL:   "template.email",
	matrice.TEL:     "template.tel",
	matrice.DOSSIER: "template.dossier",
}

// templateLang is the language of the template partners fill in: theirs.
const templateLang = i18n.French

// prompt is a field's input message, in French: its type and format,
// whether it is required at import, then its description, within 255
// characters.
func prompt(f matrice.Field) string {
	l := templateLang
	head := l.Sprintf("template.type", l.Sprintf(typeLabels[f.Type]))
	switch {
	case f.MinLength > 0 && f.MinLength == f.MaxLength:
		head += l.Sprintf("template.length", f.MinLength)
	case f.MaxLength > 0:
		head += l.Sprintf("template.max_length", f.MaxLength)
	}
	if f.Import == matrice.Required {
		head += l.Sprintf("template.required")
	} else {
		head += "."
	}
	if f.Description == "" {
		return clip(head, maxPromptText)
	}
	return clip(head+"\n"+f.Description, maxPromptText)
}

// clip shortens s to n characters, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// columnWidth is a column's width, in characters: its name, or what its
// values need.
func columnWidth(f matrice.Field) int {
	w := utf8.RuneCountInString(f.Name)
	switch f.Type {
	case matrice.DATE:
		w = max(w, 11)
	case matrice.EMAIL, matrice.DOSSIER:
		w = max(w, 26)
	case matrice.TEL:
		w = max(w, 15)
	case matrice.TXT:
		w = max(w, min(f.MaxLength, 30))
	}
	for _, v := range listValues(f) {
		w = max(w, utf8.RuneCountInString(v))
	}
	return min(max(w+2, minWidth), maxWidth)
}
