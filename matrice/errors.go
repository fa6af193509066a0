package matrice

import (
	"strconv"
	"strings"
)

// LoadError is one problem found while loading or compiling a matrice or a
// correspondence table: where it is and what is wrong.
type LoadError struct {
	// Source names the matrice: its file name, or "" for a matrice built in Go.
	Source string
	// Line is the 1-based line (CSV: the physical line where the record
	// starts; XLSX: the sheet's row), 0 for a matrice built in Go.
	Line int
	// Cell is the XLSX cell reference ("E12"), or "".
	Cell string
	// Field is the index of the field in a matrice built in Go, or -1.
	Field int
	// Column is the matrice column at fault ("Type", "Motif" …), or "" when the
	// whole line is.
	Column string
	// Msg says what is wrong and what was expected.
	Msg string
}

// Error formats the error as "source:line: column Column: message".
func (e *LoadError) Error() string {
	var b strings.Builder
	switch {
	case e.Line > 0:
		if e.Source != "" {
			b.WriteString(e.Source)
			b.WriteByte(':')
		} else {
			b.WriteString("line ")
		}
		b.WriteString(strconv.Itoa(e.Line))
		if e.Cell != "" {
			b.WriteString(" (cell " + e.Cell + ")")
		}
		b.WriteString(": ")
	case e.Field >= 0:
		b.WriteString("field " + strconv.Itoa(e.Field+1) + ": ")
	case e.Source != "":
		b.WriteString(e.Source + ": ")
	}
	if e.Column != "" {
		b.WriteString("column " + e.Column + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// LoadErrors is every problem found in one matrice or correspondence table.
// Load functions return it (as an error) so that all problems can be fixed at
// once; errors.As finds the *LoadError inside.
type LoadErrors []*LoadError

// Error joins the errors, one per line.
func (l LoadErrors) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap gives access to each *LoadError.
func (l LoadErrors) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// errorList collects positioned errors while loading.
type errorList struct {
	source string
	errs   LoadErrors
}

func (l *errorList) add(pos position, column, msg string) {
	l.errs = append(l.errs, &LoadError{Source: l.source, Line: pos.line, Cell: pos.cell(column), Field: pos.field, Column: column, Msg: msg})
}

func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs
}

// position locates a row of a matrice or correspondence table in its source.
type position struct {
	line  int            // 1-based line, 0 when built in Go
	field int            // index of a field built in Go, -1 otherwise
	cells map[string]int // XLSX: column name → 0-based column, nil for CSV
}

func (p position) cell(column string) string {
	if p.cells == nil || column == "" {
		return ""
	}
	i, ok := p.cells[column]
	if !ok {
		return ""
	}
	return columnLetters(i) + strconv.Itoa(p.line)
}

// columnLetters converts a 0-based column index to Excel's letters (0 → A).
func columnLetters(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
