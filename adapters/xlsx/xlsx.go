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
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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

// widthRows is how many rows, from the first, the column widths are
// measured on: read ahead, so that a rejects file of any length is written
// in one pass.
const widthRows = 1000

// RejectsXLSX writes the XLSX twin of a rejects CSV (the importer's: a BOM,
// ';', a header whose last or named column is Erreurs) read from rejects:
// a Ligne column first, holding the physical line of each rejected record
// in the partner's file (read from lines: decimal, one per line), then the
// CSV's columns. Every cell is text, so that a value such as "=1+1" or
// "+33…" shows as written. Both are read as streams and the sheet is
// written with excelize's StreamWriter (which keeps its rows in a temporary
// file beyond 16 MiB), the archive to w as it is made: memory stays flat
// whatever the rejects. Column
// widths are measured on the first widthRows rows. A rejects file of more
// records than a worksheet holds (eleader.MaxRejectsXLSX) is an error.
func (Workbooks) RejectsXLSX(rejects, lines io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(rejects, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	numbers := bufio.NewScanner(lines)
	// The first rows, read ahead for the widths.
	var head [][]string
	for len(head) <= widthRows {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("xlsx: rejects: %w", err)
		}
		head = append(head, rec)
	}
	if len(head) == 0 {
		return errors.New("xlsx: rejects: no header")
	}
	width := 0
	for _, rec := range head {
		width = max(width, len(rec))
	}
	width++ // Ligne
	f := excelize.NewFile()
	defer f.Close()
	// excelize's Write makes the whole workbook in a buffer first; its zip
	// writer, set here, writes the archive to w as it is made instead.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(Sheet)
	if err != nil {
		return err
	}
	var cells []string
	row := func(i int, rec []string) ([]string, error) {
		need := max(width, len(rec)+1)
		if cap(cells) < need {
			cells = make([]string, need)
		}
		cells = cells[:need]
		clear(cells)
		switch {
		case i == 0:
			cells[0] = "Ligne"
		case numbers.Scan():
			cells[0] = numbers.Text()
		case numbers.Err() != nil:
			return nil, fmt.Errorf("xlsx: rejects: lines: %w", numbers.Err())
		}
		copy(cells[1:], rec)
		return cells, nil
	}
	widths := make([]int, width)
	for _, rec := range head {
		for k, c := range rec {
			if k+1 < width {
				widths[k+1] = max(widths[k+1], longestLine(c))
			}
		}
	}
	widths[0] = len("Ligne") // and numbers of up to 8 digits, within minWidth
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}) // "@": text
	if err != nil {
		return err
	}
	for k, wd := range widths {
		if err := sw.SetColWidth(k+1, k+1, float64(min(max(wd+2, minWidth), maxWidth))); err != nil {
			return err
		}
	}
	// Every column is text, empty cells included (what a partner types in
	// them stays as typed); only cells with a value are written.
	if err := sw.SetColStyle(1, width, textStyle); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	var values []any
	n := 0 // rows written
	write := func(rec []string) error {
		if n >= excelize.TotalRows {
			return fmt.Errorf("xlsx: rejects: more than %d records, the rows of a worksheet", eleader.MaxRejectsXLSX)
		}
		cells, err := row(n, rec)
		if err != nil {
			return err
		}
		style := textStyle
		if n == 0 {
			style = bold
		}
		values = values[:0]
		for _, c := range cells {
			if c == "" {
				values = append(values, nil) // the column's style
				continue
			}
			values = append(values, excelize.Cell{StyleID: style, Value: c}) // a string value: never a formula
		}
		n++
		axis, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(axis, values)
	}
	for _, rec := range head {
		if err := write(rec); err != nil {
			return err
		}
	}
	head = nil
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("xlsx: rejects: %w", err)
		}
		if err := write(rec); err != nil {
			return err
		}
	}
	// The autofilter goes in before Flush, which writes the sheet.
	last, _ := excelize.CoordinatesToCellName(width, max(n, 2))
	if err := f.AutoFilter(Sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(io.Discard) // the archive went to w
}

// longestLine is the width of a cell's longest line, in characters.
func longestLine(s string) int {
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	return n
}
