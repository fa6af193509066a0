package eleader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Workbooks reads and writes Excel workbooks: adapters/xlsx implements it.
type Workbooks interface {
	// RejectsXLSX writes the XLSX twin of a rejects CSV read from rejects,
	// with a Ligne column holding, for the i-th rejected record, the i-th
	// number of lines (decimal, one per line, as in RejectsPartLines). It
	// reads both as streams, in bounded memory; a rejects file of more
	// than MaxRejectsXLSX records is an error.
	RejectsXLSX(rejects, lines io.Reader, w io.Writer) error
	// CSV returns the partner file a workbook (its size bytes, read through
	// workbook) converts to for the matrice m: CSV, UTF-8, ';', one record
	// per worksheet row, to be judged with importer.Validator.RowNumbers.
	// Reading it gives the CSV then io.EOF, or, for a workbook that breaks
	// the template's rules or the bounds, importer.FileErrors (code
	// workbook). Close stops the conversion.
	CSV(ctx context.Context, workbook io.ReaderAt, size int64, m *matrice.Matrice) io.ReadCloser
}

// IsWorkbook reports whether a partner's file is a workbook: its name ends
// in .xlsx (the rule of package filename).
func IsWorkbook(name string) bool {
	n, err := filename.Parse(name)
	return err == nil && n.Workbook()
}

// MaxWorkbookSpool bounds a workbook copied to a temporary file to be
// converted (an Import whose Body is not a file).
const MaxWorkbookSpool = 4 << 30

// Texts of the workbook errors the service itself gives (the
// converter's are adapters/xlsx's).
var (
	msgNoWorkbooks = i18n.T("workbook.not_converted")
	msgSpool       = i18n.T("workbook.spool", i18n.Size(MaxWorkbookSpool))
)

// fileSource is what the validator reads of a partner's file: a CSV as it
// is; a workbook converted, numbered by rows. rest is what is left to read
// of the file for its SHA-256 once the validator is done.
type fileSource struct {
	r     io.Reader
	rest  io.Reader
	rows  bool
	close func()
}

// source prepares a file for the validator, every byte of body passing
// through hash. A workbook is converted with s.Workbooks, from body itself
// when it is a file (io.ReaderAt with Stat), else from a temporary copy of
// it (0600, removed at close). Problems of the workbook come as the
// reader's FileErrors; the error is for faults.
func (s *Service) source(ctx context.Context, name string, body io.Reader, hash io.Writer) (fileSource, error) {
	tee := io.TeeReader(body, hash)
	if !IsWorkbook(name) {
		return fileSource{r: tee, rest: tee, close: func() {}}, nil
	}
	if s.Workbooks == nil {
		src := rejectedSource(msgNoWorkbooks)
		src.rest = tee
		return src, nil
	}
	if f, ok := body.(interface {
		io.ReaderAt
		Stat() (fs.FileInfo, error)
	}); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			rc := s.Workbooks.CSV(ctx, f, info.Size(), s.matrice())
			return fileSource{r: rc, rest: tee, rows: true, close: func() { rc.Close() }}, nil
		}
	}
	tmp, err := os.CreateTemp("", "eleader-workbook-*")
	if err != nil {
		return fileSource{}, err
	}
	cleanup := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, io.LimitReader(contextReader{ctx, tee}, MaxWorkbookSpool+1))
	if err != nil {
		cleanup()
		return fileSource{}, err
	}
	if n > MaxWorkbookSpool {
		cleanup()
		src := rejectedSource(msgSpool)
		src.rest = tee
		return src, nil
	}
	rc := s.Workbooks.CSV(ctx, tmp, n, s.matrice())
	return fileSource{r: rc, rest: tee, rows: true, close: func() {
		rc.Close()
		cleanup()
	}}, nil
}

// rejectedSource is a file rejected before its first byte, with a
// workbook error.
func rejectedSource(msg i18n.Text) fileSource {
	err := importer.FileErrors{importer.NewFileError(importer.CodeWorkbook, 0, msg)}
	return fileSource{r: errReader{err}, close: func() {}}
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// contextReader stops a copy when its context ends.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Rejection is the cause of an EREJECTED error: the file errors that refuse
// a file at its deposit (never mode: line verdicts come with the import).
type Rejection struct {
	// File is the refused file's name.
	File string
	// Errors are its file errors, with their English and French texts.
	Errors []importer.FileError
}

func (r *Rejection) Error() string {
	msgs := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		msgs[i] = e.Message
	}
	return r.File + " is refused: " + strings.Join(msgs, "; ")
}

// CheckFile judges the file-level checks of a partner's file: name,
// encoding, separator, header, empty, syntax and, for a workbook, the
// template's rules (code workbook) — not mode, not line errors, nothing
// that needs the store. It reads the size bytes of body (a workbook is
// converted with s.Workbooks) and returns the file errors found, none when
// the file would be read to its lines. The error is for faults. Metrics,
// if set, counts it as a validation (status rejected when it found file
// errors).
func (s *Service) CheckFile(ctx context.Context, partner, name string, body io.ReaderAt, size int64) ([]importer.FileError, error) {
	started := time.Now()
	v := importer.NewValidator(s.matrice())
	v.Partner, v.Now, v.Examples = partner, s.Now, -1
	var src fileSource
	if IsWorkbook(name) {
		if s.Workbooks == nil {
			src = rejectedSource(msgNoWorkbooks)
		} else {
			rc := s.Workbooks.CSV(ctx, body, size, s.matrice())
			src = fileSource{r: rc, rows: true, close: func() { rc.Close() }}
		}
	} else {
		src = fileSource{r: io.NewSectionReader(body, 0, size), close: func() {}}
	}
	defer src.close()
	v.RowNumbers = src.rows
	f := v.Open(name, contextReader{ctx, src.r})
	defer f.Close()
	for f.Next() {
	}
	if err := f.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("check %s: %w", name, err)
	}
	rep := f.Report()
	out := DepositErrors(rep)
	status := rep.Status
	if len(out) > 0 {
		status = importer.StatusRejected
	}
	s.MetricsOf().Validation(status, time.Since(started))
	return out, nil
}

// DepositErrors returns the file errors of a verdict that refuse the file
// at its deposit: all of them but mode (in complete mode a rejected line
// rejects the file, a verdict of its import, not of its deposit). CheckFile
// and the dry run (Check) judge a deposit by it.
func DepositErrors(rep *importer.Report) []importer.FileError {
	var out []importer.FileError
	for _, e := range rep.FileErrors {
		if e.Code != importer.CodeMode {
			out = append(out, *e)
		}
	}
	return out
}

// rejection returns the EREJECTED error of a file refused at its deposit.
func rejection(name string, errs []importer.FileError) error {
	r := &Rejection{File: name, Errors: errs}
	return &Error{Code: EREJECTED, Message: r.Error(), Err: r}
}

// AsRejection returns the Rejection in err's chain, if any.
func AsRejection(err error) (*Rejection, bool) {
	var r *Rejection
	ok := errors.As(err, &r)
	return r, ok
}
