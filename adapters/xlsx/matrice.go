package xlsx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Bounds of a matrice workbook, whose matrice is a few dozen rows, on top
// of Limits' (its sizes and ratios, checked as the parts unpack): a
// workbook beyond them is refused at once, in bounded memory and time.
const (
	// MaxMatriceBytes bounds the workbook's file.
	MaxMatriceBytes = 16 << 20
	// MaxMatriceRows bounds the rows of its first sheet, blank ones
	// included, MaxMatriceColumns the columns that may hold a value, and
	// MaxMatriceCells the cells with a value.
	MaxMatriceRows    = 10_000
	MaxMatriceColumns = 64
	MaxMatriceCells   = 100_000
)

// matriceLimits are the Limits of a matrice workbook, unless w's are
// lower.
func (w Workbooks) matriceLimits() Limits {
	l := w.Limits.resolved()
	l.MaxSheetBytes = min(l.MaxSheetBytes, 64<<20)
	l.MaxStringsBytes = min(l.MaxStringsBytes, 64<<20)
	l.MaxPartBytes = min(l.MaxPartBytes, 16<<20)
	l.MaxStrings = min(l.MaxStrings, MaxMatriceCells)
	l.StringsMemory = min(l.StringsMemory, 16<<20)
	return l
}

// errMatriceBound stops the reading of a sheet beyond a matrice's bounds.
var errMatriceBound = errors.New("beyond a matrice's bounds")

// Matrice loads a matrice with l from the first sheet of a workbook (the
// size bytes of r): the columns of a matrice file (spec §1: Champ, Groupe,
// Type …, and Regles), its first row with a value the header, each cell as
// text — a number as its plain digits, a date cell JJ/MM/AAAA — read by
// this package's reader, within Limits and the MaxMatrice… bounds. A
// matrice workbook is E#L's, not a partner's: the template's rules do not
// apply (other sheets are ignored, a formula gives its cached value). Every
// problem is a matrice.LoadError (or LoadErrors) naming name, and, for the
// matrice's own checks, the cell (C4).
func (w Workbooks) Matrice(ctx context.Context, name string, r io.ReaderAt, size int64, l matrice.Loader) (*matrice.Matrice, error) {
	// A matrice's load errors are in English, as package matrice's own
	// (LoadError.Msg): E#L's operators read them, not partners.
	fail := func(msg i18n.Text) error {
		return &matrice.LoadError{Source: name, Field: -1, Msg: i18n.English.Text(msg)}
	}
	if size > MaxMatriceBytes {
		return nil, fail(i18n.T("workbook.matrice_too_large", MaxMatriceBytes>>20))
	}
	b, prob := inspect(r, size, w.matriceLimits())
	if prob != nil {
		return nil, fail(prob.text())
	}
	var rows [][]string
	var lines []int
	cells := 0
	var bound i18n.Text
	c := newSheetReader(ctx, b, MaxMatriceColumns, func(row int, cs []string) error {
		switch cells += len(cs); {
		case row > MaxMatriceRows:
			bound = i18n.T("workbook.matrice_row_far", row, MaxMatriceRows)
		case cells > MaxMatriceCells:
			bound = i18n.T("workbook.matrice_cells", MaxMatriceCells)
		default:
			rows, lines = append(rows, cs), append(lines, row)
			return nil
		}
		return errMatriceBound
	})
	defer c.close()
	err := c.run()
	var p *problem
	switch {
	case !bound.IsZero():
		return nil, fail(bound)
	case errors.As(err, &p):
		return nil, fail(p.text())
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return l.LoadSheet(name, rows, lines)
}

// LoadMatriceFile loads a matrice, with the standard rules, from a .csv
// file (matrice.LoadCSV) or an .xlsx workbook (Workbooks.Matrice, with the
// default limits), chosen by its extension.
func LoadMatriceFile(path string) (*matrice.Matrice, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return matrice.LoadCSV(name, f)
	case ".xlsx":
		info, err := f.Stat()
		if err != nil {
			return nil, err
		}
		return Workbooks{}.Matrice(context.Background(), name, f, info.Size(), matrice.Loader{})
	}
	return nil, fmt.Errorf("matrice %s: want a .csv or .xlsx file", path)
}
