package main

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// errorTable writes validate --format csv|tsv: one line per error, after a
// header line, as qsv's validation-errors.tsv and frictionless's error
// tables do, so that a spreadsheet or a script reads them. Quoting follows
// RFC 4180 with either separator: a value holding the separator, a quote or
// a line break is quoted, its quotes doubled. A file error is a line whose
// line (when the error is not about one), dossier, field and value are
// empty, its check the file error's code. A file's file errors come first,
// then its line errors in file order; a file error that stopped the reading
// leaves no line error, as in the JSON: the lines are as many as the JSON's
// fileErrors and errors.
type errorTable struct {
	w *csv.Writer
}

// errorTableHeader names the columns: the keys of the spec's JSON.
var errorTableHeader = [...]string{"file", "line", "dossier", "field", "check", "message", "value"}

func newErrorTable(w io.Writer, comma rune) *errorTable {
	cw := csv.NewWriter(w)
	cw.Comma = comma
	return &errorTable{w: cw}
}

// header writes the header line.
func (t *errorTable) header() error {
	t.w.Write(errorTableHeader[:])
	t.w.Flush()
	return t.w.Error()
}

// file writes the errors of one file.
func (t *errorTable) file(rep *importer.Report, errs *importer.ErrorLog) error {
	for _, e := range rep.FileErrors {
		line := ""
		if e.Line > 0 {
			line = strconv.Itoa(e.Line)
		}
		t.w.Write([]string{rep.File, line, "", "", string(e.Code), e.Message, ""})
	}
	err := errs.Each(func(e *importer.LineError) error {
		return t.w.Write([]string{rep.File, strconv.Itoa(e.Line), e.Dossier, e.Field, string(e.Check), e.Message, e.Value})
	})
	t.w.Flush()
	if err != nil {
		return err
	}
	return t.w.Error()
}
