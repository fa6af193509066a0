package importer

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// FileName is the parsed name of a partner's file, AAAAMMDD-IDENTIFIANT.csv:
// the date of the export and the partner's identifier.
type FileName struct {
	Date    matrice.Date
	Partner string
}

// String formats the name back, e.g. "20261116-adie.csv".
func (n FileName) String() string {
	return fmt.Sprintf("%04d%02d%02d-%s.csv", n.Date.Year(), n.Date.Month(), n.Date.Day(), n.Partner)
}

// RejectsName returns the name of the file's rejects, AAAAMMDD-IDENTIFIANT-rejets.csv.
func (n FileName) RejectsName() string {
	return strings.TrimSuffix(n.String(), ".csv") + "-rejets.csv"
}

// ErrFileName is wrapped by every error of ParseFileName.
var ErrFileName = errors.New("invalid file name")

// The problems of a file name, in FileNameError.Problem.
const (
	NameMissing   = "missing"   // no name at all
	NameExtension = "extension" // not .csv (or .CSV)
	NameWorkbook  = "workbook"  // an Excel workbook (.xlsx, .xls)
	NameDate      = "date"      // no date AAAAMMDD and dash, or not a real date
	NamePartner   = "partner"   // not a valid partner identifier
	NamePath      = "path"      // a directory or a control character: not a plain name (CheckUploadName)
)

// FileNameError is the error of ParseFileName: the name's base (any
// directory removed), whole, what is wrong (one of the Name… problems) and
// the reason in words, which quotes parts of the name cut (CutName). It
// wraps ErrFileName.
type FileNameError struct {
	Name    string
	Problem string
	Reason  string
}

// Error says what is wrong, quoting the name cut as CutName does: an error
// never echoes a 60 KB name.
func (e *FileNameError) Error() string {
	return fmt.Sprintf("%v: %q is not AAAAMMDD-IDENTIFIANT.csv (for example 20261116-adie.csv): %s", ErrFileName, CutName(e.Name), e.Reason)
}

// Unwrap returns ErrFileName.
func (e *FileNameError) Unwrap() error { return ErrFileName }

// ParseFileName parses the base name of a partner's file (any directory is
// ignored). Its errors are *FileNameError, wrapping ErrFileName, and say what
// is wrong.
func ParseFileName(name string) (FileName, error) {
	base := baseName(name)
	bad := func(problem, reason string) (FileName, error) {
		return FileName{}, &FileNameError{Name: base, Problem: problem, Reason: reason}
	}
	stem, ok := strings.CutSuffix(base, ".csv")
	if !ok {
		ext := filepath.Ext(base)
		switch strings.ToLower(ext) {
		case ".csv":
			return bad(NameExtension, "the extension must be .csv, in lower case")
		case ".xlsx", ".xls":
			return bad(NameWorkbook, "an Excel workbook must be saved as CSV UTF-8 (';' separators) first")
		case "":
			if base == "" {
				return bad(NameMissing, "the name is missing")
			}
			return bad(NameExtension, "the name must end in .csv")
		}
		return bad(NameExtension, fmt.Sprintf("the extension must be .csv, not %s", CutName(ext)))
	}
	date, partner, ok := strings.Cut(stem, "-")
	if !ok || len(date) != 8 {
		return bad(NameDate, "it must start with the export's date, AAAAMMDD, then a dash")
	}
	d, ok := matrice.ParseCompactDate(date)
	if !ok {
		return bad(NameDate, fmt.Sprintf("%s is not a valid date AAAAMMDD", date))
	}
	if !ValidPartner(partner) {
		return bad(NamePartner, fmt.Sprintf("the identifier %q must be 2 to 63 characters: lower-case letters, digits, _ and -, starting with a letter or a digit", CutName(partner)))
	}
	return FileName{Date: d, Partner: partner}, nil
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
