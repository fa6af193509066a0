package importer

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Mode is how a file's rejected lines affect the rest of it.
type Mode string

// The modes of a partner (spec §6, after Chorus Pro).
const (
	// ModePartial skips bad lines; the good ones are kept. The default.
	ModePartial Mode = "partial"
	// ModeComplete rejects the whole file when one line is rejected.
	ModeComplete Mode = "complete"
)

// DefaultExamples is how many line errors of each check a Report keeps as
// examples.
const DefaultExamples = 5

// Validator judges partner files against a matrice. Set its fields before the
// first Open; it is then safe for concurrent use, each file being read by one
// goroutine.
type Validator struct {
	// Matrice is the matrice files are checked against. NewValidator sets it.
	Matrice *matrice.Matrice
	// Correspondences maps the partner's ENUM and BOOL values. Nil means none.
	Correspondences *matrice.Correspondences
	// Date, when set, is the file's date for the checks (the upper bound of
	// DATE fields without Max), instead of the date in its name.
	Date matrice.Date
	// Now gives today's date for a file whose name has no valid date and
	// Date is unset. Nil means time.Now.
	Now func() time.Time
	// Mode is ModePartial (the default, also when empty) or ModeComplete.
	Mode Mode
	// MaxRecordBytes bounds one record; a longer one rejects the file with a
	// syntax error. Zero means DefaultMaxRecordBytes.
	MaxRecordBytes int
	// SpillBytes is how much of the conflict check's memory stays in RAM
	// before spilling to temporary files in TempDir: its index of the
	// dossiers and their values (see DefaultSpillBytes). Zero means
	// DefaultSpillBytes.
	SpillBytes int
	// TempDir is where spill files go; "" means os.TempDir().
	TempDir string
	// Examples is how many errors of each check the report keeps. Zero means
	// DefaultExamples; negative means none.
	Examples int
	// Partner, when set, is the partner the files must come from: a file
	// name carrying another identifier is a name error.
	Partner string
	// RowNumbers numbers lines by record instead of by physical line: each
	// record, and each blank line, counts one, whatever line breaks its
	// quoted cells hold. Set it for a workbook converted one record per
	// worksheet row (blank rows as blank lines), so that line numbers are
	// the worksheet's row numbers (header = row 1).
	RowNumbers bool
	// Workers is how many goroutines check lines while another reads the
	// file ahead of Next; zero means runtime.GOMAXPROCS(0). With one, lines
	// are read and checked on the goroutine calling Next. Verdicts, their
	// order and the report are the same whatever the number; with more
	// than one, the reader is read by another goroutine (never by two at
	// once), so it must not share unsynchronised state with the caller.
	Workers int

	fpMask uint32 // tests: when set, narrows the conflict check's fingerprints
	// hashSeed, tests: when set, the conflict check's hash seed instead of
	// a new random one per file; the fuzz target sets it so that an input
	// takes the same paths at every execution.
	hashSeed *maphash.Seed
}

// LineChecker checks lines against what lies beyond the file, such as the
// consolidated store (package dossier's NumberChecker). CheckLine runs on
// every line whose cells are complete, after the field checks, the conflict
// check and the rules; it reports failures with row.Fail, which keeps at
// most one error per field. LineAccepted then learns from each accepted
// line. An error from either stops the reading (see File.Err).
type LineChecker interface {
	CheckLine(line int, row *matrice.Row) error
	LineAccepted(line int, row *matrice.Row) error
}

// LinePreparer is a LineChecker that learns the lines of a batch before
// checking them one by one, so as to look things up in bulk (package
// dossier's NumberChecker asks the store about a batch's numbers at once).
// File calls PrepareLines with the rows of a few batches' lines whose cells
// fit the header, in file order, before the first CheckLine of them; only
// each field's own checks have run on them. An error stops the reading.
type LinePreparer interface {
	LineChecker
	PrepareLines(rows []*matrice.Row) error
}

// NewValidator returns a Validator for m (nil means matrice.Default()).
func NewValidator(m *matrice.Matrice) *Validator {
	if m == nil {
		m = matrice.Default()
	}
	return &Validator{Matrice: m}
}

// Open starts reading the file called name from r. Only the base of name
// counts: it must be AAAAMMDD-IDENTIFIANT.csv. Call Next until it returns
// false, then Report. checkers, if any, check each line further.
func (v *Validator) Open(name string, r io.Reader, checkers ...LineChecker) *File {
	f := &File{v: v, m: v.Matrice, r: r, checkers: checkers}
	f.rep.File = baseName(name)
	f.fn, f.nameErr = ParseFileName(name)
	f.rep.Partner, f.rep.Date = f.fn.Partner, f.fn.Date
	if f.nameErr != nil {
		f.nameMsg = msgName(f.nameErr)
	} else if v.Partner != "" && f.fn.Partner != v.Partner {
		f.nameMsg = msgOtherPartner(f.rep.File, f.fn.Partner, v.Partner)
		f.nameErr = fmt.Errorf("%w: %s", ErrFileName, english(f.nameMsg))
	}
	switch {
	case !v.Date.IsZero():
		f.rep.Date = v.Date
	case f.rep.Date.IsZero():
		now := time.Now
		if v.Now != nil {
			now = v.Now
		}
		f.rep.Date = matrice.DateOf(now())
	}
	return f
}

// Validate reads a whole file, calling each (if not nil) for every line, and
// returns the report. An error from each stops the reading and is returned;
// so are read errors. Verdicts are final only when the report has no file
// error: a file error found late (bad encoding, an unclosed quote) rejects
// the lines already seen.
func (v *Validator) Validate(name string, r io.Reader, each func(*Line) error) (*Report, error) {
	f := v.Open(name, r)
	defer f.Close()
	for f.Next() {
		if each != nil {
			if err := each(f.Line()); err != nil {
				return nil, err
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return f.Report(), nil
}

// ValidateFile is Validate on the file at path.
func (v *Validator) ValidateFile(path string, each func(*Line) error) (*Report, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return v.Validate(path, r, each)
}

// File reads one partner file line by line. It is not safe for concurrent use.
type File struct {
	v        *Validator
	checkers []LineChecker
	m        *matrice.Matrice
	r        io.Reader
	sc       *scanner
	row      *matrice.Row // the current line's
	table    *dossierTable
	state    int
	err      error

	proto    *matrice.Row   // the rows of the lines are its clones
	workers  int            // Validator.Workers, resolved
	pipe     *pipeline      // nil while lines are read on Next's goroutine
	cur      *batch         // the batch of the current line
	ahead    []*batch       // the batches after it, read and checked, taken from the pipeline
	prepared int            // how many of cur and ahead prepare gave the LinePreparers
	next     int            // the index in cur of the next line
	prepRows []*matrice.Row // scratch for prepare

	fn      FileName
	nameErr error
	nameMsg i18n.Text
	header  []string // the header's named cells, trimmed
	cols    []int    // column → field index, -1 for Erreurs
	keyCol  int      // column of the dossier number, or -1
	line    Line
	rep     Report
	checks  map[matrice.Check]int // index in rep.Checks
}

const (
	stateNew = iota
	stateReading
	stateDone
)

// Next reads the next line and judges it. It returns false at the end of the
// file, when a file error rejects it, or on a read error (see Err).
func (f *File) Next() bool {
	switch f.state {
	case stateDone:
		return false
	case stateNew:
		f.state = stateReading
		if !f.start() {
			f.finish()
			return false
		}
	}
	for {
		b := f.cur
		if b == nil || f.next == len(b.recs) {
			if b != nil && (b.err != nil || b.eof) {
				if b.err != nil {
					f.scanFailed(b.err)
				}
				f.finish()
				return false
			}
			f.cur, f.next = f.nextBatch(), 0
			if err := f.prepare(); err != nil {
				f.err = err
				f.finish()
				return false
			}
			continue
		}
		i := f.next
		f.next++
		if err := f.judge(b, i); err != nil {
			f.err = err
			f.finish()
			return false
		}
		return true
	}
}

// Line returns the line Next just read. It and its cells are valid until the
// next call to Next; its errors may be kept.
func (f *File) Line() *Line { return &f.line }

// Err returns the read error that stopped Next, if any. File errors are not
// read errors: they are in the report.
func (f *File) Err() error { return f.err }

// Header returns the header's named cells, trimmed, in file order (Erreurs
// included), once Next has been called.
func (f *File) Header() []string { return f.header }

// BytesRead returns how many bytes were read from the file so far.
func (f *File) BytesRead() int64 {
	if f.sc == nil {
		return 0
	}
	return f.sc.read.Load()
}

// Report returns the file's report. Before Next has returned false it holds
// the counts so far.
func (f *File) Report() *Report { return &f.rep }

// Stop ends the reading before the end of the file (a caller's limit on
// errors, eleader validate --max-errors): the report then describes the
// lines read so far, its status computed on them, and Truncated is set.
// After Stop, Next returns false. Stop does nothing once the file is done.
func (f *File) Stop() {
	if f.state != stateReading {
		return
	}
	f.rep.Truncated = true
	f.finish()
}

// Close releases the temporary resources of the file (Next does it at the
// end) and stops reading ahead. It does not close the reader, which is no
// longer read once Close returns.
func (f *File) Close() error {
	f.state = stateDone
	f.stopPipeline()
	if f.table != nil {
		err := f.table.close()
		f.table = nil
		return err
	}
	return nil
}

// start checks the name, encoding, separator and header. It reports whether
// lines can be read.
func (f *File) start() bool {
	v := f.v
	if f.nameErr != nil {
		f.fileError(CodeName, 0, f.nameMsg)
	}
	maxRecord := v.MaxRecordBytes
	if maxRecord <= 0 {
		maxRecord = DefaultMaxRecordBytes
	}
	f.sc = newScanner(f.r, maxRecord)
	f.sc.rows = v.RowNumbers
	if err := f.sc.dropBOM(); err != nil {
		f.scanFailed(err)
		return false
	}
	if msg := sniffFormat(f.sc.peek(4096)); !msg.IsZero() {
		f.fileError(CodeEncoding, 1, msg)
		return false
	}
	for {
		ok, err := f.sc.next()
		if err != nil {
			f.scanFailed(err)
			return false
		}
		if !ok {
			f.fileError(CodeEmpty, 0, msgEmpty)
			return false
		}
		if !blank(f.sc.fields) {
			break
		}
	}
	if !f.readHeader() || f.nameErr != nil {
		return false
	}
	f.keyCol = -1
	for j, i := range f.cols {
		if i >= 0 && i == f.m.Key() {
			f.keyCol = j
		}
	}
	order := make([]int, 0, f.m.Len())
	for _, i := range f.cols {
		if i >= 0 {
			order = append(order, i)
		}
	}
	f.proto = f.m.NewRow(matrice.RowOptions{Order: order, FileDate: f.rep.Date, Correspondences: v.Correspondences, Columns: f.cols})
	spill := v.SpillBytes
	if spill <= 0 {
		spill = DefaultSpillBytes
	}
	f.table = newDossierTable(f.m, spill, v.TempDir)
	if v.fpMask != 0 {
		f.table.fpMask = v.fpMask
	}
	if v.hashSeed != nil {
		f.table.seed = *v.hashSeed
	}
	f.checks = map[matrice.Check]int{}
	f.workers = v.Workers
	if f.workers <= 0 {
		f.workers = runtime.GOMAXPROCS(0)
	}
	return true
}

// readHeader checks the header record: separator, then names.
func (f *File) readHeader() bool {
	line := f.sc.start
	names := make([]string, len(f.sc.fields))
	for i, c := range f.sc.fields {
		names[i] = string(matrice.TrimSpace(c))
	}
	for len(names) > 0 && names[len(names)-1] == "" {
		names = names[:len(names)-1]
	}
	f.header = names
	if len(names) == 1 {
		if tabs, n := otherSeparator(names[0]); n > 0 {
			f.fileError(CodeSeparator, line, msgSeparator(tabs))
			return false
		}
	}
	var missing, blanks []string
	var unknown []unknownColumn
	var dups [][3]string
	f.cols = make([]int, len(names))
	seen := make(map[string]int, len(names))
	for j, n := range names {
		f.cols[j] = -1
		switch {
		case n == "":
			blanks = append(blanks, strconv.Itoa(j+1))
		case n == matrice.ErrorsColumn:
			// a corrected rejects file sent back: its errors are ignored
		default:
			if first, dup := seen[n]; dup {
				dups = append(dups, [3]string{headerName(n), strconv.Itoa(first + 1), strconv.Itoa(j + 1)})
				continue
			}
			seen[n] = j
			i, ok := f.m.Lookup(n)
			if !ok {
				unknown = append(unknown, unknownColumn{headerName(n), f.suggest(n)})
				continue
			}
			f.cols[j] = i
		}
	}
	for i := range f.m.Len() {
		if _, ok := seen[f.m.FieldName(i)]; !ok {
			missing = append(missing, f.m.FieldName(i))
		}
	}
	if len(missing)+len(unknown)+len(dups)+len(blanks) == 0 {
		return true
	}
	f.fileError(CodeHeader, line, msgHeader(missing, unknown, dups, blanks))
	return false
}

// maxHeaderNames is how many names of a kind (unknown, duplicate …) a
// header error lists: a header of thousands of columns gets a message of a
// few KB.
const maxHeaderNames = 60

// headerName is a column name a file gave, fit to quote in a message: its
// control characters escaped (matrice.EscapeControls), cut past 64 bytes.
func headerName(n string) string {
	return Cut(matrice.EscapeControls([]byte(n)), 64)
}

// suggest proposes the matrice column an unknown name was probably meant to be.
func (f *File) suggest(name string) string {
	norm := func(s string) string {
		return strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(s))
	}
	want := norm(name)
	for i := range f.m.Len() {
		if n := f.m.FieldName(i); norm(n) == want {
			return n
		}
	}
	return ""
}

// otherSeparator reports which other separator a one-cell header uses:
// tabs (true) or commas, and how many.
func otherSeparator(h string) (bool, int) {
	commas, tabs := strings.Count(h, ","), strings.Count(h, "\t")
	if tabs > commas {
		return true, tabs
	}
	return false, commas
}

// prepare gives the rows of the current batch's lines to the checkers that
// are LinePreparers, unless it already did: with those of the few batches
// after it (readAhead), so that a checker asking a store about numbers asks
// once for them all.
func (f *File) prepare() error {
	if f.prepared > 0 {
		f.prepared-- // the current batch was prepared with an earlier one
		if f.prepared > 0 {
			return nil
		}
	}
	var preparers []LinePreparer
	for _, c := range f.checkers {
		if p, ok := c.(LinePreparer); ok {
			preparers = append(preparers, p)
		}
	}
	if len(preparers) == 0 {
		return nil
	}
	f.readAhead()
	rows := f.prepRows[:0]
	for _, b := range append([]*batch{f.cur}, f.ahead...) {
		for i, r := range b.recs {
			if r.cellOK {
				rows = append(rows, b.rows[i])
			}
		}
	}
	f.prepRows = rows
	f.prepared = 1 + len(f.ahead)
	for _, p := range preparers {
		if err := p.PrepareLines(rows); err != nil {
			return err
		}
	}
	return nil
}

// judge completes the checks of record i of b, whose own checks are done
// (checkBatch): the conflict check, the rules, the LineCheckers, in file
// order.
func (f *File) judge(b *batch, i int) error {
	rec := &b.recs[i]
	fields := b.cells(i)
	l := &f.line
	l.Number, l.Cells, l.Errors, l.file = rec.line, fields, l.Errors[:0], f
	l.cellsOK = false
	f.rep.Lines++

	if !rec.cellOK {
		l.Errors = append(l.Errors, &LineError{
			File: f.rep.File, Line: l.Number, Dossier: l.Dossier(), Check: matrice.CheckCells,
			Message: fmt.Sprintf("Line has %d cells, header has %d", len(fields), len(f.header)),
		})
		f.rejected(l)
		return nil
	}
	l.cellsOK = true
	row := b.rows[i]
	f.row = row
	f.table.given(rec.line, rec.hashes, b.dvals[rec.hashes.start:rec.hashes.end])
	err := f.table.check(row, l.Number, func(field, earlier int, value []byte) {
		row.Fail(field, matrice.CheckConflict, "agrees with line "+strconv.Itoa(earlier)+" ('"+string(value)+"')")
	})
	if err != nil {
		return err
	}
	row.CheckRules()
	for _, c := range f.checkers {
		if err := c.CheckLine(l.Number, row); err != nil {
			return err
		}
	}
	fails := row.Failures()
	if len(fails) == 0 {
		f.rep.Accepted++
		for _, c := range f.checkers {
			if err := c.LineAccepted(l.Number, row); err != nil {
				return err
			}
		}
		return f.table.accept(row, l.Number)
	}
	dossier := l.Dossier()
	for _, fl := range fails {
		l.Errors = append(l.Errors, &LineError{
			File: f.rep.File, Line: l.Number, Dossier: dossier, Field: f.m.FieldName(fl.Field),
			Value: string(row.Value(fl.Field)), Check: fl.Check, Message: row.Message(fl), Rule: fl.Rule,
		})
	}
	f.rejected(l)
	return nil
}

// rejected counts a rejected line and keeps examples of its errors.
func (f *File) rejected(l *Line) {
	f.rep.Rejected++
	max := f.v.Examples
	if max == 0 {
		max = DefaultExamples
	}
	for _, e := range l.Errors {
		k, ok := f.checks[e.Check]
		if !ok {
			k = len(f.rep.Checks)
			f.checks[e.Check] = k
			f.rep.Checks = append(f.rep.Checks, CheckSummary{Check: e.Check})
		}
		s := &f.rep.Checks[k]
		s.Count++
		if len(s.Examples) < max {
			s.Examples = append(s.Examples, e)
		}
	}
}

// scanFailed turns a scanner error into a file error or a read error. A
// reader rejects the file by returning FileErrors (a workbook's converter
// does): they become the file's errors.
func (f *File) scanFailed(err error) {
	var se *scanError
	if errors.As(err, &se) {
		f.fileError(se.code, se.line, se.msg)
		return
	}
	var fes FileErrors
	if errors.As(err, &fes) && len(fes) > 0 {
		for _, e := range fes {
			c := *e
			c.File = f.rep.File
			f.rep.FileErrors = append(f.rep.FileErrors, &c)
		}
		return
	}
	f.err = fmt.Errorf("read %s: %w", f.rep.File, err)
}

func (f *File) fileError(code FileCheck, line int, msg i18n.Text) {
	f.rep.FileErrors = append(f.rep.FileErrors, newFileError(f.rep.File, code, line, msg))
}

// finish completes the report.
func (f *File) finish() {
	f.state = stateDone
	rep := &f.rep
	if f.sc != nil {
		rep.Bytes = f.sc.read.Load()
	}
	if f.table != nil {
		rep.Dossiers = f.table.count()
	}
	f.Close()
	if len(rep.FileErrors) > 0 || f.err != nil {
		// a file error stops the reading: no line counts
		rep.Lines, rep.Accepted, rep.Rejected, rep.Dossiers, rep.Checks = 0, 0, 0, 0, nil
		rep.Status = StatusRejected
		return
	}
	switch {
	case rep.Rejected == 0:
		rep.Status = StatusAccepted
	case rep.Accepted == 0:
		rep.Status = StatusRejected
	default:
		rep.Status = StatusPartial
	}
	if f.v.Mode == ModeComplete && rep.Rejected > 0 {
		rep.Status = StatusRejected
		f.fileError(CodeMode, 0, msgMode(rep.Rejected, rep.Lines))
	}
}

// blank reports whether every cell of a record is empty or white space: a
// blank line, or a row of Excel's padding (";;;;").
func blank(fields [][]byte) bool {
	for _, c := range fields {
		if len(matrice.TrimSpace(c)) > 0 {
			return false
		}
	}
	return true
}

// emptyFrom reports whether every cell from index n on is empty.
func emptyFrom(fields [][]byte, n int) bool {
	for _, c := range fields[min(n, len(fields)):] {
		if len(matrice.TrimSpace(c)) > 0 {
			return false
		}
	}
	return true
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// Line is one record of a file and its verdict.
type Line struct {
	// Number is the physical line where the record starts (header = 1), or
	// its row with Validator.RowNumbers.
	Number int
	// Cells are the record's cells as read: unquoted, not trimmed, in file
	// order. They are valid until the next call to File.Next.
	Cells [][]byte
	// Errors are the line's failed checks: fields in the file's column order,
	// then rules. Empty when the line is accepted. The slice is reused; the
	// errors may be kept.
	Errors []*LineError

	file    *File
	cellsOK bool
}

// Header returns the file's header (see File.Header).
func (l *Line) Header() []string {
	if l.file == nil {
		return nil
	}
	return l.file.header
}

// Accepted reports whether the line passed every check.
func (l *Line) Accepted() bool { return len(l.Errors) == 0 }

// Dossier returns the line's dossier number, trimmed ("" when the line has no
// such cell).
func (l *Line) Dossier() string {
	f := l.file
	if f == nil || f.keyCol < 0 || f.keyCol >= len(l.Cells) {
		return ""
	}
	return string(matrice.TrimSpace(l.Cells[f.keyCol]))
}

// Value returns the checked value (trimmed, mapped) of the matrice field at
// index i, or nil when the line has a cells error. It is valid until the
// next call to File.Next.
func (l *Line) Value(i int) []byte {
	if !l.cellsOK {
		return nil
	}
	return l.file.row.Value(i)
}

// Report is the verdict on one file: counts, file errors, and the line
// errors grouped by check. The full list of line errors comes line by line
// from File.Next (see ErrorLog).
type Report struct {
	// File is the file's base name.
	File string
	// Partner and Date come from the file name ("" and today's date when it is
	// invalid); Date is Validator.Date when set.
	Partner string
	Date    matrice.Date
	// Status is the verdict.
	Status Status
	// Lines counts data records (blank lines excluded); Lines = Accepted + Rejected.
	Lines, Accepted, Rejected int
	// Dossiers counts distinct dossier numbers among accepted lines (a
	// sub-version counts on its own).
	Dossiers int
	// FileErrors are the errors that reject the whole file. When one stopped
	// the reading, the counts are 0.
	FileErrors []*FileError
	// Checks summarises the line errors per check, in order of first
	// appearance.
	Checks []CheckSummary
	// Bytes is the number of bytes read: the whole file, unless a file
	// error stopped the reading, which may have gone ahead of the lines
	// judged (see Validator.Workers).
	Bytes int64
	// Truncated reports that File.Stop ended the reading before the end of
	// the file: the counts and the status are those of the lines read.
	Truncated bool
}

// Stopped reports whether a file error stopped the reading (every file error
// but mode): then no line counts.
func (r *Report) Stopped() bool {
	for _, e := range r.FileErrors {
		if e.Code != CodeMode {
			return true
		}
	}
	return false
}

// CheckSummary counts the line errors of one check and keeps the first ones.
type CheckSummary struct {
	Check    matrice.Check
	Count    int
	Examples []*LineError
}
