package matrice

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gocarina/gocsv"
)

// The columns of a matrice file, in the spec's order (§1). Regles is this
// project's optional extension: named cross-field rules per field.
var (
	matriceColumns = []string{
		"Champ", "Groupe", "Type", "LongueurMin", "LongueurMax", "Min", "Max", "Motif", "Valeurs",
		"ObligatoireImport", "CloturePhase1", "CloturePhase2", "CloturePhase2SansCreation", "CloturePhase3",
		"Description",
	}
	rulesColumn = "Regles"
)

// matriceRow is one line of a matrice file as text, filled by gocsv from the
// header names.
type matriceRow struct {
	Champ                     string `csv:"Champ"`
	Groupe                    string `csv:"Groupe"`
	Type                      string `csv:"Type"`
	LongueurMin               string `csv:"LongueurMin"`
	LongueurMax               string `csv:"LongueurMax"`
	Min                       string `csv:"Min"`
	Max                       string `csv:"Max"`
	Motif                     string `csv:"Motif"`
	Valeurs                   string `csv:"Valeurs"`
	ObligatoireImport         string `csv:"ObligatoireImport"`
	CloturePhase1             string `csv:"CloturePhase1"`
	CloturePhase2             string `csv:"CloturePhase2"`
	CloturePhase2SansCreation string `csv:"CloturePhase2SansCreation"`
	CloturePhase3             string `csv:"CloturePhase3"`
	Description               string `csv:"Description"`
	Regles                    string `csv:"Regles"`
}

//go:embed matrice-cadre.csv
var defaultCSV []byte

// DefaultCSV returns the default matrice as E#L distributes it (UTF-8, ';').
func DefaultCSV() []byte { return bytes.Clone(defaultCSV) }

var defaultMatrice = sync.OnceValue(func() *Matrice {
	m, err := LoadCSV("matrice-cadre.csv", bytes.NewReader(defaultCSV))
	if err != nil {
		panic("eleader: the embedded default matrice does not load: " + err.Error())
	}
	return m
})

// Default returns the default matrice (the spec's matrice-cadre.csv, embedded),
// with the standard rules. It is compiled once and shared.
func Default() *Matrice { return defaultMatrice() }

// LoadFile loads a matrice from a .csv file with the standard rules.
func LoadFile(path string) (*Matrice, error) { return Loader{}.LoadFile(path) }

// LoadCSV loads a matrice from CSV with the standard rules; name is used in errors.
func LoadCSV(name string, r io.Reader) (*Matrice, error) { return Loader{}.LoadCSV(name, r) }

// LoadFile loads a matrice from a .csv file. A workbook (.xlsx) is loaded
// by adapters/xlsx (LoadMatrice, LoadMatriceFile), so that this package and
// the validator need no XLSX library: here it is an error saying so, as is
// any other extension.
func (l Loader) LoadFile(path string) (*Matrice, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
	case ".xlsx":
		return nil, fmt.Errorf("matrice %s: a workbook is loaded by adapters/xlsx (xlsx.LoadMatriceFile), not by package matrice", path)
	default:
		return nil, fmt.Errorf("matrice %s: want a .csv file (or a .xlsx workbook, through adapters/xlsx)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return l.LoadCSV(filepath.Base(path), f)
}

// LoadCSV loads a matrice from CSV: UTF-8 (a BOM is dropped), ';'-separated,
// with the columns of the spec (§1) in any order and an optional Regles column.
// A source without a Regles column gets the default matrice's rules on the
// fields it has. Every problem is reported at once as LoadErrors, each naming
// its line and column.
func (l Loader) LoadCSV(name string, r io.Reader) (*Matrice, error) {
	rows, lines, err := readCSV(name, r)
	if err != nil {
		return nil, err
	}
	return l.fromRows(name, rows, lines, nil)
}

// LoadSheet loads a matrice from the rows of a spreadsheet's sheet, each
// cell as the text the file holds (a number as its digits, a date as its
// serial number of days): row i is the sheet's row i+1 (an empty row is an
// empty slice), with the same columns as CSV. A DATE bound typed as a date
// (a serial number of days since 30/12/1899, Excel's) is read as that date.
// Errors name the row and the cell (LoadError.Cell). adapters/xlsx reads a
// workbook's first sheet into rows and calls it.
func (l Loader) LoadSheet(name string, rows [][]string) (*Matrice, error) {
	lines := make([]int, len(rows))
	for i := range lines {
		lines[i] = i + 1
	}
	return l.fromRows(name, rows, lines, excelDates)
}

// readCSV reads every record of a small CSV file (a matrice or a
// correspondence table) with the line where each starts.
func readCSV(name string, r io.Reader) (rows [][]string, lines []int, err error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &LoadError{Source: name, Line: pe.StartLine, Field: -1, Msg: pe.Err.Error()}
			}
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		for _, cell := range rec {
			if !utf8.ValidString(cell) {
				return nil, nil, &LoadError{Source: name, Line: line, Field: -1, Msg: "not UTF-8 text: save the file as CSV UTF-8"}
			}
		}
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	return rows, lines, nil
}

// header is the checked header of a matrice file or correspondence table.
type header struct {
	names []string       // trimmed names, trailing blanks dropped
	index map[string]int // name → column
}

// readHeader checks a header against the required and optional columns.
func readHeader(name string, row []string, line int, required, optional []string) (header, error) {
	errs := &errorList{source: name}
	pos := position{line: line, field: -1}
	h := header{index: map[string]int{}}
	for _, c := range row {
		h.names = append(h.names, strings.TrimSpace(c))
	}
	for len(h.names) > 0 && h.names[len(h.names)-1] == "" {
		h.names = h.names[:len(h.names)-1]
	}
	if len(h.names) == 1 && strings.ContainsAny(h.names[0], ",\t") {
		errs.add(pos, "", "the header is not separated by ';': save the file as CSV with ';' separators")
		return h, errs.err()
	}
	for i, n := range h.names {
		switch {
		case n == "":
			errs.add(pos, "", fmt.Sprintf("column %d has no name", i+1))
		case !contains(required, n) && !contains(optional, n):
			errs.add(pos, "", fmt.Sprintf("unknown column %q (want %s)", n, strings.Join(append(required, optional...), ", ")))
		default:
			if first, dup := h.index[n]; dup {
				errs.add(pos, "", fmt.Sprintf("column %q appears twice (columns %d and %d)", n, first+1, i+1))
			}
			h.index[n] = i
		}
	}
	for _, n := range required {
		if _, ok := h.index[n]; !ok {
			errs.add(pos, "", fmt.Sprintf("missing column %q", n))
		}
	}
	return h, errs.err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rowsReader hands rows already read to gocsv, which maps them to structs by
// header name. (gocsv's package-level reader settings are never touched.)
type rowsReader struct {
	rows [][]string
	next int
}

func (r *rowsReader) Read() ([]string, error) {
	if r.next >= len(r.rows) {
		return nil, io.EOF
	}
	r.next++
	return r.rows[r.next-1], nil
}

func (r *rowsReader) ReadAll() ([][]string, error) {
	rest := r.rows[r.next:]
	r.next = len(r.rows)
	return rest, nil
}

// dataRows drops blank rows after the header (Excel's padding) and pads or
// cuts the others to the header's width. When the last column is free text
// (Description), cells beyond the header belong to it: the spec's own
// matrice-cadre.csv writes descriptions holding " ; " unquoted. Elsewhere a
// non-empty cell beyond the header is reported.
func dataRows(name string, h header, rows [][]string, lines []int, freeText string) (kept [][]string, keptLines []int, err error) {
	errs := &errorList{source: name}
	width := len(h.names)
	joinExtra := freeText != "" && h.names[width-1] == freeText
	kept = append(kept, h.names)
	keptLines = append(keptLines, lines[0])
	for i, row := range rows[1:] {
		blank := true
		for j, c := range row {
			if strings.TrimSpace(c) == "" {
				continue
			}
			blank = false
			if j >= width && !joinExtra {
				errs.add(position{line: lines[i+1], field: -1}, "", fmt.Sprintf("cell %d is beyond the header's %d columns", j+1, width))
				break
			}
		}
		if blank {
			continue
		}
		padded := make([]string, width)
		copy(padded, row)
		if joinExtra && len(row) > width {
			padded[width-1] = strings.TrimRight(strings.Join(row[width-1:], ";"), "; ")
		}
		kept = append(kept, padded)
		keptLines = append(keptLines, lines[i+1])
	}
	return kept, keptLines, errs.err()
}

// cellConverter rewrites cells of a source before they are parsed (XLSX dates).
type cellConverter func(row *matriceRow)

// fromRows builds a matrice from the rows of a CSV file or XLSX sheet.
func (l Loader) fromRows(name string, rows [][]string, lines []int, convert cellConverter) (*Matrice, error) {
	if len(rows) == 0 {
		return nil, &LoadError{Source: name, Field: -1, Msg: "empty: no header line"}
	}
	h, err := readHeader(name, rows[0], lines[0], matriceColumns, []string{rulesColumn})
	if err != nil {
		return nil, err
	}
	rows, lines, err = dataRows(name, h, rows, lines, "Description")
	if err != nil {
		return nil, err
	}
	var raws []matriceRow
	if len(rows) > 1 {
		if err := gocsv.UnmarshalCSV(&rowsReader{rows: rows}, &raws); err != nil {
			return nil, &LoadError{Source: name, Field: -1, Msg: err.Error()}
		}
	}
	var cells map[string]int
	if convert != nil {
		cells = h.index
	}
	errs := &errorList{source: name}
	fields := make([]Field, len(raws))
	pos := make([]position, len(raws))
	for i := range raws {
		pos[i] = position{line: lines[i+1], field: -1, cells: cells}
		if convert != nil {
			convert(&raws[i])
		}
		fields[i] = raws[i].field(pos[i], errs)
	}
	_, hasRules := h.index[rulesColumn]
	return l.compile(name, fields, pos, !hasRules, errs)
}

// field converts a row of text to a Field, reporting cells that cannot be
// converted (they are left empty, so that the rest is still checked).
func (r *matriceRow) field(pos position, errs *errorList) Field {
	length := func(column, s string) int {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			errs.add(pos, column, fmt.Sprintf("%q is not a length: want a whole number of characters, 1 or more, or nothing", s))
			return 0
		}
		return n
	}
	f := Field{
		Name:        strings.TrimSpace(r.Champ),
		Group:       Group(strings.TrimSpace(r.Groupe)),
		Type:        Type(strings.TrimSpace(r.Type)),
		MinLength:   length("LongueurMin", r.LongueurMin),
		MaxLength:   length("LongueurMax", r.LongueurMax),
		Min:         strings.TrimSpace(r.Min),
		Max:         strings.TrimSpace(r.Max),
		Pattern:     strings.TrimSpace(r.Motif),
		Import:      Obligation(strings.TrimSpace(r.ObligatoireImport)),
		Description: strings.TrimSpace(r.Description),
	}
	f.Close = [numClosings]Obligation{
		Obligation(strings.TrimSpace(r.CloturePhase1)),
		Obligation(strings.TrimSpace(r.CloturePhase2)),
		Obligation(strings.TrimSpace(r.CloturePhase2SansCreation)),
		Obligation(strings.TrimSpace(r.CloturePhase3)),
	}
	if v := strings.TrimSpace(r.Valeurs); v != "" {
		f.Values = strings.Split(v, "|")
	}
	rules, err := ParseRules(r.Regles)
	if err != nil {
		errs.add(pos, rulesColumn, err.Error())
	}
	f.Rules = rules
	return f
}

// excelDates reads DATE bounds that Excel typed as dates (a serial number of
// days) as JJ/MM/AAAA.
func excelDates(r *matriceRow) {
	if Type(strings.TrimSpace(r.Type)) != DATE {
		return
	}
	r.Min, r.Max = excelDate(r.Min), excelDate(r.Max)
}

// excelDate converts an Excel date serial (days since 30/12/1899) to
// JJ/MM/AAAA; other text is returned as it is.
func excelDate(s string) string {
	s = strings.TrimSpace(s)
	whole, _, _ := strings.Cut(s, ".")
	n, err := strconv.Atoi(whole)
	if err != nil || n < 1 || n > 2958465 { // 31/12/9999
		return s
	}
	return DateOf(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)).String()
}
