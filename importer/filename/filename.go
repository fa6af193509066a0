// Package filename is the one rule for the names of partners' files:
// AAAAMMDD-IDENTIFIANT.csv, or AAAAMMDD-IDENTIFIANT.xlsx for a workbook —
// the export's date, a dash, the partner's identifier.
//
// It depends on the standard library only, so that a partner's program (the
// Go client, eleader/client) checks names exactly as E#L does without
// pulling in the validator. Every package that judges a file name calls
// Parse (or Check, for a name received from outside): the importer, the
// service's front door, the HTTP API, the client and the command line.
//
// The export is identified by its date: 20261125-bge.csv and
// 20261125-bge.xlsx are two names of one export (Name.Export), and E#L
// accepts one file per export date and partner.
package filename

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// The extensions of a partner's file.
const (
	CSV  = ".csv"  // a CSV file, UTF-8, ';'
	XLSX = ".xlsx" // an Excel workbook built on the template
)

// Name is a parsed file name: the export's date, the partner and the
// extension.
type Name struct {
	Year, Month, Day int
	Partner          string
	// Ext is CSV or XLSX.
	Ext string
}

// String formats the name back, e.g. "20261116-adie.csv".
func (n Name) String() string {
	ext := n.Ext
	if ext == "" {
		ext = CSV
	}
	return n.Export() + ext
}

// Export returns the name without its extension, "20261116-adie": the
// export it names. Two names with the same Export are the same export, sent
// once as CSV or as a workbook.
func (n Name) Export() string {
	return fmt.Sprintf("%04d%02d%02d-%s", n.Year, n.Month, n.Day, n.Partner)
}

// Workbook reports whether the name is a workbook's (.xlsx).
func (n Name) Workbook() bool { return n.Ext == XLSX }

// Names returns every name of the export: its CSV name, then its workbook
// name.
func (n Name) Names() []string {
	return []string{n.Export() + CSV, n.Export() + XLSX}
}

// ExportNames returns the names under which the export of a partner's file
// is known, the one place that pairs twins: name itself, then its name with
// the other extension (20261125-bge.csv and 20261125-bge.xlsx are one
// export, sent once). A name that follows no nomenclature comes back alone.
func ExportNames(name string) []string {
	n, err := Parse(name)
	if err != nil {
		return []string{name}
	}
	twin := n.Export() + CSV
	if !n.Workbook() {
		twin = n.Export() + XLSX
	}
	return []string{name, twin}
}

// RejectsName returns the name of the export's rejects file,
// AAAAMMDD-IDENTIFIANT-rejets.csv (also for a workbook: rejects are CSV,
// with an XLSX twin named like it, .xlsx).
func (n Name) RejectsName() string { return n.Export() + "-rejets" + CSV }

// ErrInvalid is wrapped by every error of Parse and Check.
var ErrInvalid = errors.New("invalid file name")

// The problems of a file name, in Error.Problem.
const (
	Missing   = "missing"   // no name at all
	Extension = "extension" // not .csv or .xlsx (in lower case)
	Workbook  = "workbook"  // a spreadsheet format other than .xlsx: .xls, .xlsm, .xlsb, .ods
	Date      = "date"      // no date AAAAMMDD and dash, or not a real date
	Partner   = "partner"   // not a valid partner identifier
	Path      = "path"      // a directory or a control character: not a plain name (Check)
)

// Error is the error of Parse and Check: the name (its base for Parse;
// control characters shown as '?'), what is wrong (one of the problems
// above) and the reason in words, in English. It wraps ErrInvalid.
type Error struct {
	Name    string
	Problem string
	Reason  string
	// Key is the reason's entry in eleader's catalog of texts (package
	// i18n, "filename.date" …), whose English is Reason, and Arg what it
	// quotes ("" for nothing): the importer shows the reason in French
	// with them. This package names the entry without importing the
	// catalog, so that it keeps to the standard library.
	Key, Arg string
}

// Error says what is wrong, quoting the name cut (CutName): an error never
// echoes a 60 KB name.
func (e *Error) Error() string {
	return fmt.Sprintf("%v: %q is not AAAAMMDD-IDENTIFIANT.csv or .xlsx (for example 20261116-adie.csv): %s", ErrInvalid, CutName(e.Name), e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// Parse parses the base name of a partner's file (any directory is
// ignored). Its errors are *Error, wrapping ErrInvalid, and say what is
// wrong.
func Parse(name string) (Name, error) {
	base := name
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		base = name[i+1:]
	}
	bad := func(problem, key, arg, reason string) (Name, error) {
		return Name{}, &Error{Name: base, Problem: problem, Reason: reason, Key: key, Arg: arg}
	}
	ext := ""
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		ext = base[i:]
	}
	switch {
	case ext == CSV, ext == XLSX:
	case base == "":
		return bad(Missing, "filename.missing", "", "the name is missing")
	case ext == "":
		return bad(Extension, "filename.no_extension", "", "the name must end in .csv (or .xlsx for a workbook)")
	case strings.EqualFold(ext, CSV), strings.EqualFold(ext, XLSX):
		return bad(Extension, "filename.extension_case", "", "the extension must be .csv or .xlsx, in lower case")
	case isSpreadsheet(ext):
		lower := strings.ToLower(ext)
		return bad(Workbook, "filename.spreadsheet", lower, fmt.Sprintf("a %s file is not accepted: save the workbook as an Excel workbook (.xlsx) or as CSV UTF-8 (';' separators)", lower))
	default:
		return bad(Extension, "filename.extension", CutName(ext), fmt.Sprintf("the extension must be .csv or .xlsx, not %s", CutName(ext)))
	}
	stem := base[:len(base)-len(ext)]
	date, partner, ok := strings.Cut(stem, "-")
	if !ok || len(date) != 8 {
		return bad(Date, "filename.date", "", "it must start with the export's date, AAAAMMDD, then a dash")
	}
	y, m, d, ok := parseDate(date)
	if !ok {
		return bad(Date, "filename.bad_date", date, fmt.Sprintf("%s is not a valid date AAAAMMDD", date))
	}
	if !ValidPartner(partner) {
		return bad(Partner, "filename.partner", CutName(partner), fmt.Sprintf("the identifier %q must be 2 to 63 characters: lower-case letters, digits, _ and -, starting with a letter or a digit", CutName(partner)))
	}
	return Name{Year: y, Month: m, Day: d, Partner: partner, Ext: ext}, nil
}

// isSpreadsheet reports whether ext is the extension of a spreadsheet format
// other than .xlsx, which a partner should save again.
func isSpreadsheet(ext string) bool {
	switch strings.ToLower(ext) {
	case ".xls", ".xlsm", ".xlsb", ".xltx", ".xltm", ".ods", ".fods", ".numbers":
		return true
	}
	return false
}

// Check checks a name received from outside (an upload's name): a plain
// name, without directory or control character, that Parse accepts. Its
// errors are *Error; the problem is Path for a directory or a control
// character.
func Check(name string) (Name, error) {
	switch {
	case name == "":
		return Name{}, &Error{Problem: Missing, Reason: "the name is missing", Key: "filename.missing"}
	case strings.ContainsAny(name, `/\`):
		return Name{}, &Error{Name: name, Problem: Path, Reason: "the name contains a directory: send the file's name only", Key: "filename.directory"}
	case strings.ContainsFunc(name, unicode.IsControl):
		return Name{}, &Error{Name: Printable(name), Problem: Path, Reason: "the name contains a control character", Key: "filename.control"}
	}
	return Parse(name)
}

// parseDate reads AAAAMMDD: a real calendar date.
func parseDate(s string) (y, m, d int, ok bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, 0, 0, false
		}
		n = n*10 + int(c-'0')
	}
	y, m, d = n/10000, n/100%100, n%100
	return y, m, d, ValidDate(y, m, d)
}

// ValidDate reports whether year-month-day is a real calendar date of the
// years 1 to 9999.
func ValidDate(year, month, day int) bool {
	if year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// ValidPartner reports whether id is a valid partner identifier:
// [a-z0-9][a-z0-9_-]{1,62}.
func ValidPartner(id string) bool {
	if len(id) < 2 || len(id) > 63 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}
