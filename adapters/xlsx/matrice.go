package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// MaxMatrice bounds a matrice workbook: 32 MiB, a thousand times the
// default matrice saved by Excel. A matrice is E#L's own file, read whole.
const MaxMatrice = 32 << 20

// maxMatriceUnzipped bounds what a matrice workbook unpacks to.
const maxMatriceUnzipped = 128 << 20

// LoadMatrice loads a matrice from the first sheet of an XLSX workbook with
// the standard rules; name is used in errors. See MatriceLoader.
func LoadMatrice(name string, r io.Reader) (*matrice.Matrice, error) {
	return MatriceLoader{}.Load(name, r)
}

// LoadMatriceFile loads a matrice from a file, chosen by its extension: a
// .csv file with matrice.LoadFile, a .xlsx workbook with LoadMatrice. The
// command line and E#L's service load a matrice file through it.
func LoadMatriceFile(path string) (*matrice.Matrice, error) {
	return MatriceLoader{}.LoadFile(path)
}

// MatriceLoader loads matrices from workbooks with Loader's rules (its
// zero value: the standard rules).
type MatriceLoader struct {
	matrice.Loader
}

// LoadFile loads a matrice from a .csv or .xlsx file, chosen by its
// extension.
func (l MatriceLoader) LoadFile(path string) (*matrice.Matrice, error) {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return l.Loader.LoadFile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return l.Load(filepath.Base(path), f)
}

// Load loads a matrice from the first sheet of an XLSX workbook, with the
// same columns as CSV, every cell read as the text the file holds; a DATE
// bound typed as an Excel date is read as that date (matrice.Loader's
// LoadSheet). A file that is not a workbook, or larger than MaxMatrice, is
// one *matrice.LoadError; the matrice's own problems are all reported, each
// naming its cell.
func (l MatriceLoader) Load(name string, r io.Reader) (m *matrice.Matrice, err error) {
	refuse := func(msg string) error { return &matrice.LoadError{Source: name, Field: -1, Msg: msg} }
	b, err := io.ReadAll(io.LimitReader(r, MaxMatrice+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > MaxMatrice {
		return nil, refuse(fmt.Sprintf("the workbook is larger than %d MiB: a matrice is far smaller", MaxMatrice>>20))
	}
	defer func() {
		// excelize reads what it is given; a damaged file must not stop
		// the program that loads it.
		if p := recover(); p != nil {
			m, err = nil, refuse(fmt.Sprintf("not a readable XLSX workbook (%v)", p))
		}
	}()
	// What the parts say they unpack to is bounded before anything is
	// inflated: a part claiming gigabytes is refused, never allocated.
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxMatriceUnzipped, UnzipXMLSizeLimit: maxMatriceUnzipped})
	if err != nil {
		return nil, refuse("not an XLSX workbook: " + err.Error())
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, refuse("the workbook has no sheet")
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, refuse(fmt.Sprintf("sheet %q: %v", sheets[0], err))
	}
	return l.LoadSheet(name, rows)
}
