// Package xlsx turns between partner files and Excel workbooks, with
// excelize: the XLSX twin of a rejects file, written for a person (every
// cell text, never a formula; a frozen header; an autofilter; columns as
// wide as their content), and the conversion of a workbook built on the
// template into a partner CSV file (UTF-8, ';').
package xlsx

import (
	"bufio"
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

// Workbooks implements eleader.Workbooks.
type Workbooks struct{}

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

// CSV converts the first sheet of a workbook built on the template into a
// partner CSV file: UTF-8, ';', CRLF, every cell as the workbook shows it
// (a date typed as a date comes out as Excel formats it: type dates as text
// in JJ/MM/AAAA, as the template does). Trailing empty rows and columns are
// left out. The importer then judges the CSV like any other.
func (Workbooks) CSV(workbook io.Reader, w io.Writer) error {
	// A workbook is a zip: bound what it may unpack to (a zip bomb).
	f, err := excelize.OpenReader(workbook, excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return fmt.Errorf("not an XLSX workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return errors.New("the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheets[0], err)
	}
	defer rows.Close()
	cw := &recordWriter{w: bufio.NewWriter(w)}
	width, blank := 0, 0
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("sheet %q: %w", sheets[0], err)
		}
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if width == 0 {
			width = len(cells) // the header
		}
		if len(cells) == 0 {
			blank++ // written only if a row follows
			continue
		}
		for ; blank > 0; blank-- {
			if err := cw.Write(make([]string, width)); err != nil {
				return err
			}
		}
		if len(cells) < width {
			cells = append(cells, make([]string, width-len(cells))...)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return err
	}
	return cw.flush()
}

// recordWriter writes CSV records as Excel's own "CSV UTF-8" export does:
// ';' between cells, CRLF after each row, and a line break inside a cell
// kept as it is (encoding/csv's UseCRLF would turn it into CRLF, changing
// the value).
type recordWriter struct {
	w   *bufio.Writer
	err error
}

func (r *recordWriter) Write(cells []string) error {
	for i, c := range cells {
		if i > 0 {
			r.w.WriteByte(';')
		}
		if c == "" || !strings.ContainsAny(c, ";\"\r\n") && c[0] != ' ' && c[len(c)-1] != ' ' {
			r.w.WriteString(c)
			continue
		}
		r.w.WriteByte('"')
		r.w.WriteString(strings.ReplaceAll(c, `"`, `""`))
		r.w.WriteByte('"')
	}
	_, err := r.w.WriteString("\r\n")
	if r.err == nil {
		r.err = err
	}
	return r.err
}

func (r *recordWriter) flush() error {
	if err := r.w.Flush(); r.err == nil {
		r.err = err
	}
	return r.err
}

// Template writes the workbook partners fill in: one sheet whose first row
// holds the columns, every column formatted as text (so that Excel keeps
// leading zeros, dates as typed, and never computes a formula).
func (Workbooks) Template(columns []string, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Dossiers"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(columns))
	if err := f.SetColStyle(sheet, "A:"+last, text); err != nil {
		return err
	}
	for i, c := range columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, c); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, float64(min(max(len(c)+2, minWidth), maxWidth)))
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(w)
}
