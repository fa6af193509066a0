// Package xlsx turns between partner files and Excel workbooks: the
// conversion of a workbook built on the template into the partner CSV file
// it stands for, judged by the importer like any other (Convert, CSV); the
// template itself, built from the matrice (Template); and the XLSX twin of
// a rejects file (RejectsXLSX).
//
// Reading is this package's own: a streaming reader of the first sheet over
// archive/zip and an XML scanner of the few elements SpreadsheetML needs,
// in bounded memory and time whatever the workbook (sizes and ratios of
// parts checked while they inflate, rows and columns bounded, shared
// strings beyond a budget in a temporary file). Writing uses excelize.
//
// A workbook that breaks the template's rules (seed 000: "ne doivent y
// figurer que les valeurs des dossiers", "la structure du fichier ne doit
// pas être modifiée") is refused with importer file errors of code
// workbook, in English and in French, naming the cell, the sheet or the
// table.
package xlsx

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/xuri/excelize/v2"
)

// Workbooks implements eleader.Workbooks: it converts workbooks to CSV
// and writes the rejects' XLSX twin and the template. Its zero value uses
// the default limits.
type Workbooks struct {
	// Limits bound the conversion of one workbook.
	Limits Limits
}

var _ eleader.Workbooks = Workbooks{}

// MaxUnzipped bounds what CSV unpacks of a workbook: 1 GiB, far above what
// a workbook of 200,000 lines holds, far below what fills a disk.
const MaxUnzipped = 1 << 30

// Sheet is the name of the rejects sheet.
const Sheet = "Rejets"

// Column widths, in characters.
const (
	minWidth = 8
	maxWidth = 60
)

// RejectsXLSX writes the XLSX twin of a rejects CSV (the importer's: a BOM,
// ';', a header whose last or named column is Erreurs): a Ligne column
// first, holding the physical line of each rejected record in the partner's
// file (lines[i] for the i-th record), then the CSV's columns. Every cell is
// text, so that a value such as "=1+1" or "+33…" shows as written.
func (Workbooks) RejectsXLSX(rejects []byte, lines []int, w io.Writer) error {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(rejects, []byte("\xEF\xBB\xBF"))))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("xlsx: rejects: %w", err)
	}
	if len(records) == 0 {
		return errors.New("xlsx: rejects: no header")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(Sheet)
	if err != nil {
		return err
	}
	width := 0
	for _, rec := range records {
		width = max(width, len(rec))
	}
	width++ // Ligne
	widths := make([]int, width)
	row := func(i int, rec []string) []string {
		cells := make([]string, width)
		if i == 0 {
			cells[0] = "Ligne"
		} else if i-1 < len(lines) {
			cells[0] = strconv.Itoa(lines[i-1])
		}
		copy(cells[1:], rec)
		return cells
	}
	for i, rec := range records {
		for k, c := range row(i, rec) {
			widths[k] = max(widths[k], longestLine(c))
		}
	}
	for k, wd := range widths {
		if err := sw.SetColWidth(k+1, k+1, float64(min(max(wd+2, minWidth), maxWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}) // "@": text
	if err != nil {
		return err
	}
	for i, rec := range records {
		cells := row(i, rec)
		values := make([]any, len(cells))
		for k, c := range cells {
			style := textStyle
			if i == 0 {
				style = bold
			}
			values[k] = excelize.Cell{StyleID: style, Value: c} // a string value: never a formula
		}
		axis, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(axis, values); err != nil {
			return err
		}
	}
	// The autofilter goes in before Flush, which writes the sheet.
	last, _ := excelize.CoordinatesToCellName(width, max(len(records), 2))
	if err := f.AutoFilter(Sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// longestLine is the width of a cell's longest line, in characters.
func longestLine(s string) int {
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	return n
}
