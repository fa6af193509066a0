package importer

import "github.com/entrepreneur-leader/eleader-go/importer/filename"

// MaxQuotedName is the longest file name a message quotes whole
// (filename.MaxQuotedName).
const MaxQuotedName = filename.MaxQuotedName

// CutName returns a name a client sent fit to quote in a message, on a
// terminal or in a log: filename.CutName, the one place names are cut.
func CutName(name string) string { return filename.CutName(name) }

// Printable returns s with its control characters and the bytes that are
// not UTF-8 replaced by '?' (filename.Printable).
func Printable(s string) string { return filename.Printable(s) }

// Cut returns s cut to at most n bytes between characters, followed by "…"
// when it was cut (filename.Cut).
func Cut(s string, n int) string { return filename.Cut(s, n) }
