package xlsx

import (
	"bufio"
	"context"
	"errors"
	"io"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Defaults of Limits, chosen far above what a workbook built on the
// template reaches (200,000 lines of 52 columns: a sheet of a few hundred
// MiB, packed 10 to 30 times) and far below what would exhaust a server.
const (
	// DefaultMaxCSVBytes bounds the CSV a workbook converts to: the size
	// limit of an uploaded file (eleader.DefaultMaxUpload).
	DefaultMaxCSVBytes = 512 << 20
	// DefaultMaxSheetBytes bounds the first sheet's XML, unpacked.
	DefaultMaxSheetBytes = 2 << 30
	// DefaultMaxStringsBytes bounds the shared strings' XML, unpacked.
	DefaultMaxStringsBytes = 1 << 30
	// DefaultMaxPartBytes bounds any other part, unpacked.
	DefaultMaxPartBytes = 64 << 20
	// DefaultMaxRatio bounds how many times its packed size a part may
	// unpack to, past DefaultRatioSlack bytes.
	DefaultMaxRatio = 200
	// DefaultRatioSlack is how much any part may unpack before its ratio
	// counts.
	DefaultRatioSlack = 16 << 20
	// DefaultMaxEntries bounds the entries of the ZIP directory, and
	// DefaultMaxDirectoryBytes its size.
	DefaultMaxEntries        = 10000
	DefaultMaxDirectoryBytes = 16 << 20
	// DefaultMaxStrings bounds the number of shared strings.
	DefaultMaxStrings = 1 << 24
	// DefaultStringsMemory is how many bytes of shared strings stay in
	// memory; the rest go to a temporary file.
	DefaultStringsMemory = 64 << 20
	// DefaultColumnMargin is how many columns beyond the matrice's (and
	// Erreurs) may hold values, which the importer then reports as cells
	// errors; a value further right refuses the workbook.
	DefaultColumnMargin = 16
)

// The worksheet's own bounds.
const (
	maxRows      = 1 << 20 // 1,048,576 rows
	maxColumns   = 1 << 14 // 16,384 columns, A to XFD
	maxCellChars = 32767   // characters in a cell
	maxCellBytes = 4 * maxCellChars
	maxToken     = 1 << 20 // the longest XML tag or CDATA section read
)

// Limits bound the work of converting one workbook; beyond any, the
// workbook is refused with a workbook error saying which. Zero fields mean
// the Default… values.
type Limits struct {
	// MaxCSVBytes bounds the CSV the workbook converts to
	// (DefaultMaxCSVBytes).
	MaxCSVBytes int64
	// MaxSheetBytes bounds the first sheet's XML, unpacked
	// (DefaultMaxSheetBytes).
	MaxSheetBytes int64
	// MaxStringsBytes bounds the shared strings' XML, unpacked
	// (DefaultMaxStringsBytes, at most 3 GiB).
	MaxStringsBytes int64
	// MaxPartBytes bounds any other part, unpacked (DefaultMaxPartBytes).
	MaxPartBytes int64
	// MaxRatio bounds a part's unpacked size over its packed size, once
	// RatioSlack bytes are unpacked (DefaultMaxRatio, DefaultRatioSlack).
	MaxRatio   int
	RatioSlack int64
	// MaxEntries and MaxDirectoryBytes bound the ZIP directory
	// (DefaultMaxEntries, DefaultMaxDirectoryBytes).
	MaxEntries        int
	MaxDirectoryBytes int
	// MaxStrings bounds the number of shared strings (DefaultMaxStrings).
	MaxStrings int
	// StringsMemory is how many bytes of shared strings stay in memory
	// (DefaultStringsMemory).
	StringsMemory int
	// ColumnMargin is how many columns beyond the matrice's and Erreurs
	// may hold values (DefaultColumnMargin).
	ColumnMargin int
	// TempDir is where shared strings beyond StringsMemory go; "" means
	// os.TempDir().
	TempDir string
}

// resolved returns l with its defaults.
func (l Limits) resolved() Limits {
	set := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	seti := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&l.MaxCSVBytes, DefaultMaxCSVBytes)
	set(&l.MaxSheetBytes, DefaultMaxSheetBytes)
	set(&l.MaxStringsBytes, DefaultMaxStringsBytes)
	l.MaxStringsBytes = min(l.MaxStringsBytes, 3<<30) // string offsets are 32-bit
	set(&l.MaxPartBytes, DefaultMaxPartBytes)
	seti(&l.MaxRatio, DefaultMaxRatio)
	set(&l.RatioSlack, DefaultRatioSlack)
	seti(&l.MaxEntries, DefaultMaxEntries)
	seti(&l.MaxDirectoryBytes, DefaultMaxDirectoryBytes)
	seti(&l.MaxStrings, DefaultMaxStrings)
	seti(&l.StringsMemory, DefaultStringsMemory)
	seti(&l.ColumnMargin, DefaultColumnMargin)
	return l
}

func (l Limits) maxToken() int { return maxToken }

// Convert writes the CSV partner file a workbook converts to, for the
// matrice m (nil means matrice.Default()), reading the size bytes of the
// workbook through r, in bounded memory and time (w.Limits).
//
// The CSV is what the importer judges (Validator.RowNumbers set): UTF-8,
// ';', CRLF, one record per worksheet row of the first sheet, a blank row
// an empty line (rows after the last one with a value are left out), so
// that line numbers are row numbers. Cells convert by the matrice's type of
// their column (found from the header, the first row with a value), not by
// how the workbook displays them:
//   - a date cell (a number whose style's format is a date: built-in or
//     custom, any order of day, month and year, long French dates …) is
//     JJ/MM/AAAA, followed by its time of day when it has one; a time is
//     HH:MM[:SS];
//   - a number is its exact value in plain digits, never an exponent,
//     rounded to Excel's 15 significant digits (1500.5; 81234567800013);
//     a whole number whose format is zeros ("00000") has the digits the
//     format shows (01000), and a 9-digit number in a TEL column gets back
//     the leading 0 a spreadsheet drops from 0612345678 (no number is a
//     phone number otherwise). Other numbers are as the cell holds them: a
//     postcode typed 7501 stays 7501 (and fails its length check);
//   - TRUE and FALSE are OUI and NON in a BOOL column, VRAI and FAUX
//     elsewhere; a boolean cell holding the formula TRUE() or FALSE()
//     (any case, spaces, a leading '=') with the value it gives — how
//     LibreOffice saves every boolean — is such a typed boolean, not a
//     formula;
//   - text (shared, inline, rich) is as typed.
//
// A workbook that breaks the template's rules — a formula, an error value,
// an added sheet, a table, a pivot table, an external link or data
// connection, a password, another format named .xlsx — or the bounds, is
// refused: the error is an importer.FileErrors of code workbook, one per
// rule, naming the cells, sheet or table (in English and in French). Any
// other error is an I/O error or ctx's.
func (w Workbooks) Convert(ctx context.Context, r io.ReaderAt, size int64, m *matrice.Matrice, out io.Writer) error {
	if m == nil {
		m = matrice.Default()
	}
	lim := w.Limits.resolved()
	b, prob := inspect(r, size, lim)
	if prob != nil {
		return fileErrors([]*problem{prob})
	}
	c := newConverter(ctx, b, m, out)
	defer c.close()
	if err := c.run(); err != nil {
		var p *problem
		if errors.As(err, &p) {
			return fileErrors(append(b.probs, p))
		}
		return err
	}
	if probs := c.problems(); len(probs) > 0 {
		return fileErrors(probs)
	}
	return c.flush()
}

// CSV returns the CSV partner file a workbook converts to (see Convert) as
// a stream, converted while it is read: a read returns the CSV, then, when
// the workbook breaks the template's rules or the bounds, the
// importer.FileErrors of Convert (which the importer turns into the file's
// errors), or io.EOF. Close stops the conversion; call it when done.
func (w Workbooks) CSV(ctx context.Context, r io.ReaderAt, size int64, m *matrice.Matrice) io.ReadCloser {
	ctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		bw := bufio.NewWriterSize(pw, 64<<10)
		err := w.Convert(ctx, r, size, m, bw)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
	}()
	return &csvStream{PipeReader: pr, cancel: cancel, done: done}
}

// csvStream is the reading end of a conversion.
type csvStream struct {
	*io.PipeReader
	cancel context.CancelFunc
	done   chan struct{}
}

// Close stops the conversion and waits for it to end.
func (s *csvStream) Close() error {
	s.cancel()
	s.PipeReader.CloseWithError(errors.New("xlsx: conversion stopped"))
	<-s.done
	return nil
}
