package importer

import (
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// FileName is the parsed name of a partner's file, AAAAMMDD-IDENTIFIANT.csv
// (or .xlsx for a workbook): the date of the export and the partner's
// identifier. The rule is package filename's.
type FileName struct {
	Date    matrice.Date
	Partner string
	// Ext is filename.CSV or filename.XLSX; "" means CSV.
	Ext string
}

func (n FileName) name() filename.Name {
	return filename.Name{Year: n.Date.Year(), Month: n.Date.Month(), Day: n.Date.Day(), Partner: n.Partner, Ext: n.Ext}
}

// String formats the name back, e.g. "20261116-adie.csv".
func (n FileName) String() string { return n.name().String() }

// Workbook reports whether the name is a workbook's (.xlsx).
func (n FileName) Workbook() bool { return n.Ext == filename.XLSX }

// RejectsName returns the name of the file's rejects,
// AAAAMMDD-IDENTIFIANT-rejets.csv (a workbook's too).
func (n FileName) RejectsName() string { return n.name().RejectsName() }

// ErrFileName is wrapped by every error of ParseFileName (it is
// filename.ErrInvalid).
var ErrFileName = filename.ErrInvalid

// FileNameError is the error of ParseFileName: the name's base (any
// directory removed), what is wrong (one of the Name… problems) and the
// reason in words. It wraps ErrFileName.
type FileNameError = filename.Error

// The problems of a file name, in FileNameError.Problem.
const (
	NameMissing   = filename.Missing   // no name at all
	NameExtension = filename.Extension // not .csv or .xlsx, in lower case
	NameWorkbook  = filename.Workbook  // a spreadsheet format other than .xlsx (.xls, .xlsm, .xlsb, .ods)
	NameDate      = filename.Date      // no date AAAAMMDD and dash, or not a real date
	NamePartner   = filename.Partner   // not a valid partner identifier
	NamePath      = filename.Path      // a directory or a control character: not a plain name (filename.Check)
)

// ParseFileName parses the base name of a partner's file (any directory is
// ignored) with filename.Parse. Its errors are *FileNameError, wrapping
// ErrFileName, and say what is wrong.
func ParseFileName(name string) (FileName, error) {
	n, err := filename.Parse(name)
	if err != nil {
		return FileName{}, err
	}
	return FileName{Date: matrice.NewDate(n.Year, n.Month, n.Day), Partner: n.Partner, Ext: n.Ext}, nil
}

// ValidPartner reports whether id is a valid partner identifier:
// [a-z0-9][a-z0-9_-]{1,62}.
func ValidPartner(id string) bool { return filename.ValidPartner(id) }
