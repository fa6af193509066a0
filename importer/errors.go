package importer

import (
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/entrepreneur-leader/eleader-go/wire"
)

// LineError is one failed check of one line, like encoding/csv's ParseError.
// Its JSON form is the spec's (§9): line, dossier, field, value, check, message.
type LineError struct {
	// File is the file's name (not in JSON: the report names it).
	File string `json:"-"`
	// Line is the physical line where the record starts (the worksheet row
	// with Validator.RowNumbers), 1-indexed; the header
	// is line 1 (after any blank lines before it).
	Line int `json:"line"`
	// Dossier is the line's dossier number, as written (trimmed).
	Dossier string `json:"dossier"`
	// Field is the column at fault, "" for a cells error.
	Field string `json:"field"`
	// Value is the value checked: trimmed, and mapped by the partner's
	// correspondence table.
	Value string `json:"value"`
	// Check is the stable code of the failed check.
	Check matrice.Check `json:"check"`
	// Message is the spec's message (§3), e.g. "Attribute 'SIRET' with value
	// 'abc' fails check for type is 'NUM'".
	Message string `json:"message"`
	// Rule names the failed rule, for CheckRule (not in JSON: the message
	// names it).
	Rule string `json:"-"`
}

// Error formats the error as "file:line: message".
func (e *LineError) Error() string {
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message
}

// Unwrap returns CheckErr(e.Check), for errors.Is.
func (e *LineError) Unwrap() error { return checkError(e.Check) }

// Wire returns the error's JSON form, for a verdict built of wire types.
func (e *LineError) Wire() wire.LineError {
	return wire.LineError{Line: e.Line, Dossier: e.Dossier, Field: e.Field, Value: e.Value, Check: string(e.Check), Message: e.Message}
}

// checkError makes a check code usable with errors.Is.
type checkError string

func (c checkError) Error() string { return "check " + string(c) + " failed" }

// CheckErr returns the error that a LineError of check c, or a FileError of
// code c, unwraps to:
//
//	errors.Is(err, importer.CheckErr(matrice.CheckType))
//	errors.Is(err, importer.CheckErr(importer.CodeEncoding))
func CheckErr[C matrice.Check | FileCheck](c C) error { return checkError(c) }

// FileCheck is the stable code of a file error, one that rejects the whole file.
type FileCheck string

// The file errors of the spec (§2).
const (
	CodeName      FileCheck = "name"      // the name is not AAAAMMDD-IDENTIFIANT.csv
	CodeEncoding  FileCheck = "encoding"  // not UTF-8
	CodeSeparator FileCheck = "separator" // the header splits on ',' or tab, not ';'
	CodeHeader    FileCheck = "header"    // missing, unknown, duplicate or blank named columns
	CodeEmpty     FileCheck = "empty"     // no header line
	CodeSyntax    FileCheck = "syntax"    // a quote never closed
	CodeMode      FileCheck = "mode"      // complete mode and a rejected line
	CodeWorkbook  FileCheck = "workbook"  // an XLSX workbook that breaks the template's rules, or beyond the bounds
)

// FileError rejects a whole file. Its JSON form is {"code","message"}.
type FileError struct {
	// File is the file's name.
	File string `json:"-"`
	// Code is the stable code.
	Code FileCheck `json:"code"`
	// Line is the physical line at fault, 0 when the error is not about one
	// line (name, empty, mode). The message names it too.
	Line int `json:"-"`
	// Message says what is wrong and how to fix it, in English: the JSON's.
	Message string `json:"message"`
	// Text is the message as an entry of the catalog, to show in the
	// language of who reads it (In); the zero Text for a file error read
	// back from a store, which keeps the Message only.
	Text i18n.Text `json:"-"`
}

// In returns the message in l: Text rendered in l, or Message when the
// error has no Text.
func (e *FileError) In(l i18n.Lang) string {
	if e.Text.IsZero() {
		return e.Message
	}
	return l.Text(e.Text)
}

// Error formats the error as "file:line: message".
func (e *FileError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return e.File + ": " + e.Message
}

// Unwrap returns CheckErr(e.Code), for errors.Is.
func (e *FileError) Unwrap() error { return checkError(e.Code) }

// Wire returns the error's JSON form ({"code","message"}), for a verdict
// built of wire types.
func (e *FileError) Wire() wire.FileError {
	return wire.FileError{Code: string(e.Code), Message: e.Message}
}

// FileErrors are the errors that reject a whole file, as an error: a reader
// given to Validator.Open (a workbook's converter) returns them to reject
// the file it reads, and they become the report's file errors (their File
// is set to the file's name).
type FileErrors []*FileError

func (e FileErrors) Error() string {
	msgs := make([]string, len(e))
	for i, fe := range e {
		msgs[i] = fe.Error()
	}
	return strings.Join(msgs, "; ")
}

// NewFileError returns a file error of code about line (0 when it is about
// no line in particular), with its message, an entry of the catalog; a
// line prefixes it ("line 3: …", "ligne 3 : …").
func NewFileError(code FileCheck, line int, msg i18n.Text) *FileError {
	return newFileError("", code, line, msg)
}

func newFileError(file string, code FileCheck, line int, msg i18n.Text) *FileError {
	msg = withLine(msg, line)
	return &FileError{File: file, Code: code, Line: line, Message: english(msg), Text: msg}
}

// Status is a file's verdict.
type Status string

// The verdicts of a file (§9).
const (
	StatusAccepted Status = "accepted" // no line rejected
	StatusPartial  Status = "partial"  // some lines rejected, at least one accepted
	StatusRejected Status = "rejected" // a file error, or every line rejected
)
