package importer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// DefaultMaxRecordBytes is the default longest record, quoted newlines
// included. A longer one is almost always a quote that is never closed; the
// limit keeps memory bounded whatever the input.
const DefaultMaxRecordBytes = 1 << 20

const initialBuffer = 64 << 10

// scanner splits a ';'-separated file into records without copying: fields
// alias its buffer (or, for quoted fields holding "", a scratch buffer). It
// follows encoding/csv's quoting rules, leniently: a quote inside an unquoted
// field is kept as text, and text after a closing quote is appended to the
// field.
//
// It reads one record at a time (next: the fields are valid until the next
// call), or a batch of records at a time (scanBatch: the fields alias the
// batch's own buffers, valid until the batch is reused).
type scanner struct {
	r         io.Reader
	buf       []byte
	pos, end  int // unread data is buf[pos:end]
	eof       bool
	line      int // physical line where buf[pos] starts
	maxRecord int
	rows      bool         // number records, not physical lines (Validator.RowNumbers)
	read      atomic.Int64 // bytes read from r; read while another goroutine reads r

	// the current record: fields[fieldMark:]
	fields    [][]byte
	fieldMark int
	scratch   []byte // unescaped text; only appended to while records alias it
	start     int    // its physical line
	raw       []byte
}

// scanError is a problem that rejects the whole file.
type scanError struct {
	code FileCheck
	line int
	msg  i18n.Text
}

func (e *scanError) Error() string { return "line " + strconv.Itoa(e.line) + ": " + english(e.msg) }

func newScanner(r io.Reader, maxRecord int) *scanner {
	return &scanner{r: r, buf: make([]byte, initialBuffer), line: 1, maxRecord: maxRecord}
}

// dropBOM skips a UTF-8 byte order mark at the start of the input.
func (s *scanner) dropBOM() error {
	for s.end-s.pos < 3 && !s.eof {
		if err := s.fill(true); err != nil {
			return err
		}
	}
	if bytes.HasPrefix(s.buf[s.pos:s.end], utf8BOM) {
		s.pos += len(utf8BOM)
	}
	return nil
}

var utf8BOM = []byte("\xEF\xBB\xBF")

// peek returns up to n unread bytes (for sniffing the file's encoding).
func (s *scanner) peek(n int) []byte {
	return s.buf[s.pos:min(s.end, s.pos+n)]
}

// fill reads more input. When mayMove is true, nothing aliases the data
// before the unread bytes: they move to the front of the buffer, which grows
// when they fill it. Otherwise records alias the whole buffer, and a full
// buffer gives errBufferFull.
func (s *scanner) fill(mayMove bool) error {
	if mayMove && s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if !mayMove {
			return errBufferFull
		}
		// A record that fits the initial buffer was never too long:
		// batches, whose buffers start smaller, grow to it too.
		limit := max(s.maxRecord, initialBuffer)
		if len(s.buf) >= limit {
			return errRecordTooLong
		}
		nb := make([]byte, min(2*len(s.buf), limit+1))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		s.read.Add(int64(n))
		if err == io.EOF {
			s.eof = true
			return nil
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
	return io.ErrNoProgress
}

var (
	errRecordTooLong = errors.New("record too long")
	errBufferFull    = errors.New("buffer full")
)

// next reads the next record. It returns false at the end of the input, with
// a *scanError when the file is rejected (bad UTF-8, a quote never closed, a
// record too long) or the reader's error.
func (s *scanner) next() (bool, error) {
	s.fields, s.fieldMark, s.scratch = s.fields[:0], 0, s.scratch[:0]
	for {
		if s.pos == s.end && s.eof {
			return false, nil
		}
		n, nl, status := s.parse(s.buf[s.pos:s.end], s.eof)
		switch status {
		case parsed:
			s.raw = s.buf[s.pos : s.pos+n]
			s.start = s.line
			if !utf8.Valid(s.raw) {
				return false, s.encodingError()
			}
			s.pos += n
			s.line += s.lines(nl)
			return true, nil
		case unclosed:
			return false, s.unclosedError()
		}
		if err := s.fill(true); err != nil {
			if err == errRecordTooLong {
				return false, s.tooLongError()
			}
			return false, err
		}
	}
}

// lines is how far a record of nl physical line ends moves the line
// number: nl, or one per record when numbering rows.
func (s *scanner) lines(nl int) int {
	if s.rows {
		return 1
	}
	return nl
}

func (s *scanner) unclosedError() *scanError {
	return &scanError{code: CodeSyntax, line: s.line, msg: msgUnclosed}
}

func (s *scanner) tooLongError() *scanError {
	return &scanError{code: CodeSyntax, line: s.line, msg: msgTooLong(s.maxRecord)}
}

// encodingError describes the first invalid UTF-8 byte of the current record.
func (s *scanner) encodingError() *scanError { return encodingErrorAt(s.raw, s.line, s.rows) }

// encodingErrorAt describes the first invalid UTF-8 byte of raw, a record
// starting on line; numbering rows (Validator.RowNumbers), the record is
// one line whatever line breaks it holds.
func encodingErrorAt(raw []byte, line int, rows bool) *scanError {
	off := firstInvalidUTF8(raw)
	if !rows {
		line += bytes.Count(raw[:off], []byte{'\n'})
	}
	return &scanError{code: CodeEncoding, line: line, msg: describeBadEncoding(raw, off)}
}

type parseStatus int

const (
	parsed   parseStatus = iota
	needMore             // the record may go on beyond data
	unclosed             // at EOF inside a quoted field
)

// parse splits the record at the start of data into s.fields, after
// s.fieldMark. It returns the bytes consumed, including the line end, and the
// newlines among them. Unescaped text is appended to s.scratch, never
// overwriting what is there: fields of earlier records may alias it. An
// incomplete record leaves s.fields and s.scratch as they were.
func (s *scanner) parse(data []byte, atEOF bool) (n, newlines int, status parseStatus) {
	mark := len(s.scratch)
	n, newlines, status = s.split(data, atEOF)
	if status != parsed {
		s.fields, s.scratch = s.fields[:s.fieldMark], s.scratch[:mark]
	}
	return n, newlines, status
}

// bound finds where the record at the start of data ends, as parse does,
// without keeping its fields: a line without a quote ends at its line end
// (quoted is false: splitPlain splits it); a line holding one is parsed,
// since a quoted cell may hold line ends.
func (s *scanner) bound(data []byte, atEOF bool) (n, newlines int, quoted bool, status parseStatus) {
	lineEnd := bytes.IndexByte(data, '\n')
	if lineEnd < 0 {
		if !atEOF {
			return 0, 0, false, needMore
		}
		lineEnd = len(data)
	}
	if bytes.IndexByte(data[:lineEnd], '"') < 0 {
		if lineEnd < len(data) {
			return lineEnd + 1, 1, false, parsed
		}
		return len(data), 0, false, parsed
	}
	n, newlines, status = recordEnd(data, lineEnd, atEOF)
	return n, newlines, true, status
}

// recordEnd finds where the record at the start of data ends as split
// does, without splitting it: at the first line end outside a quoted cell.
// lineEnd is the index of data's first '\n' (len(data) at the end of the
// input without one). It jumps from quote to quote: a quote starting a cell
// (at the record's start or after a ';') opens a quoted cell, closed by the
// next quote not followed by another; any other quote is text.
//
// Its walk to a cell's closing quote and to the line end past it is split's,
// written again on purpose: split copies each "" pair's text to its scratch
// as it meets it, recordEnd skips it. One walk serving both would take a
// callback or a second pass over escaped cells on the hot path of every
// quoted cell (BENCHMARKS.md, go test -bench Scanner ./importer/); a change
// to one walk goes into the other (FuzzBatchesMatchScanner compares them).
func recordEnd(data []byte, lineEnd int, atEOF bool) (n, newlines int, status parseStatus) {
	p := 0
	for {
		q := bytes.IndexByte(data[p:lineEnd], '"')
		if q < 0 {
			break
		}
		q += p
		if q > 0 && data[q-1] != ';' {
			p = q + 1 // a quote inside an unquoted cell
			continue
		}
		j := q + 1
		for {
			k := bytes.IndexByte(data[j:], '"')
			if k < 0 {
				if atEOF {
					return 0, 0, unclosed
				}
				return 0, 0, needMore
			}
			j += k
			if j+1 == len(data) && !atEOF {
				return 0, 0, needMore // "" might straddle the end of data
			}
			if j+1 < len(data) && data[j+1] == '"' {
				j += 2
				continue
			}
			break
		}
		if j > lineEnd { // the cell holds line ends (none before lineEnd)
			newlines += bytes.Count(data[q+1:j], []byte{'\n'})
		}
		p = j + 1
		if p > lineEnd {
			k := bytes.IndexByte(data[p:], '\n')
			switch {
			case k >= 0:
				lineEnd = p + k
			case atEOF:
				lineEnd = len(data)
			default:
				return 0, 0, needMore
			}
		}
	}
	if lineEnd < len(data) {
		return lineEnd + 1, newlines + 1, parsed
	}
	return len(data), newlines, parsed
}

// splitPlain appends to fields the cells of line, a record without a quote
// (its line end included, if any): the text between its separators, as
// split finds it, the last cell without the \r of a CRLF. It looks at
// eight bytes at a time: a cell is a few bytes long, a line hundreds.
func splitPlain(fields [][]byte, line []byte) [][]byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return splitRun(fields, line)
}

// splitRun appends to fields the cells of run, text without a line end
// whose cells do not start with a quote: the text between its separators.
func splitRun(fields [][]byte, line []byte) [][]byte {
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:i+8:i+8]) ^ sepBytes // a full slice: no bounds check left in Uint64
		z := ^((x&low7Bits + low7Bits) | x | low7Bits)              // see sepBytes
		for z != 0 {
			end := i + bits.TrailingZeros64(z)>>3
			fields = append(fields, line[start:end:end])
			start = end + 1
			z &= z - 1
		}
	}
	for ; i < len(line); i++ {
		if line[i] == ';' {
			fields = append(fields, line[start:i:i])
			start = i + 1
		}
	}
	return append(fields, line[start:len(line):len(line)])
}

// splitQuoted appends to fields the cells of line, a whole record holding
// a quote (its line end included, if any), as split finds them, when no
// quoted cell has text after its closing quote; the text of a cell holding
// a "" pair goes to scratch, as split puts it, never overwriting what is
// there. It reports false otherwise, having appended some cells maybe:
// split then splits the record. The record is whole (scanBatch found its
// end): a line end in it is in a quoted cell, kept in its text as split
// keeps it, and only its last line end and a \r before it are not text.
// It walks the record once, runs of plain cells eight bytes at a time,
// where split checks at every cell whether the record goes on.
func splitQuoted(fields [][]byte, scratch, line []byte) ([][]byte, []byte, bool) {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	for i := 0; ; {
		if i < len(line) && line[i] == '"' {
			k := bytes.IndexByte(line[i+1:], '"')
			if k < 0 {
				return fields, scratch, false // not closed before the line end: split judges
			}
			j := i + 1 + k
			var field []byte
			if j+1 < len(line) && line[j+1] == '"' {
				if field, scratch, j = unescape(scratch, line, i+1, j); j < 0 {
					return fields, scratch, false
				}
			} else {
				field = line[i+1 : j : j]
			}
			if j+1 < len(line) && line[j+1] != ';' {
				return fields, scratch, false // text after the closing quote
			}
			fields = append(fields, field)
			if j+1 == len(line) {
				return fields, scratch, true
			}
			i = j + 2
			continue
		}
		end := plainRunEnd(line, i, len(line))
		if end == len(line) {
			return splitRun(fields, line[i:]), scratch, true
		}
		if end == i {
			fields = append(fields, line[i:i:i]) // an empty cell before a quoted one
		} else {
			fields = splitRun(fields, line[i:end])
		}
		i = end + 1
	}
}

// unescape appends to scratch the text of the quoted cell of line that
// starts at start (after its opening quote) and holds a "" pair at j, and
// returns it and the index of its closing quote, or -1 when it is not
// closed before the line end.
func unescape(scratch, line []byte, start, j int) (field, _ []byte, end int) {
	mark, seg := len(scratch), start
	for {
		if j+1 < len(line) && line[j+1] == '"' {
			scratch = append(scratch, line[seg:j+1]...)
			j += 2
			seg = j
		} else {
			break
		}
		k := bytes.IndexByte(line[j:], '"')
		if k < 0 {
			return nil, scratch, -1
		}
		j += k
	}
	scratch = append(scratch, line[seg:j]...)
	return scratch[mark:len(scratch):len(scratch)], scratch, j
}

// plainRunEnd returns where the cells starting at data[i], the first of
// which does not start with a quote, give way to one that does: the index
// of the ';' before it, or lineEnd. It returns i when the run is a single
// cell, which split then takes on its own.
//
// It looks for quotes, rare, rather than for ";\"" (bytes.Index stops at
// every ';', one every few bytes): a quote after a ';' ends the run.
func plainRunEnd(data []byte, i, lineEnd int) int {
	for p := i; ; {
		k := bytes.IndexByte(data[p:lineEnd], '"')
		if k < 0 {
			return lineEnd
		}
		q := p + k // data[i] is not a quote: q > i
		if data[q-1] == ';' {
			return q - 1 // i when the run is an empty cell
		}
		p = q + 1
	}
}

// indexSep returns the index of the first ';' in b, or -1. Most cells are
// a few bytes long: eight bytes at a time find their end sooner than
// bytes.IndexByte, whose start costs more than it saves.
func indexSep(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:i+8:i+8]) ^ sepBytes
		if z := ^((x&low7Bits + low7Bits) | x | low7Bits); z != 0 {
			return i + bits.TrailingZeros64(z)>>3
		}
	}
	for ; i < len(b); i++ {
		if b[i] == ';' {
			return i
		}
	}
	return -1
}

// For finding ';' eight bytes at a time: in x = word ^ sepBytes, a ';'
// byte is 0, and ^((x&low7Bits + low7Bits) | x | low7Bits) has the high bit
// of each byte that is 0 set, exactly (no borrow between bytes, unlike the
// shorter (x-0x01…) & ^x & 0x80…).
const (
	sepBytes = 0x3b3b3b3b3b3b3b3b
	low7Bits = 0x7f7f7f7f7f7f7f7f
)

// split is parse's work.
func (s *scanner) split(data []byte, atEOF bool) (n, newlines int, status parseStatus) {
	// The fields are appended to a local slice, stored back when the
	// record is parsed: appending to s.fields would write its header back
	// to memory at every field.
	fields := s.fields[:s.fieldMark]

	// lineEnd is the index of the '\n' ending the current physical line, or
	// len(data) for a last line without one.
	lineEnd := bytes.IndexByte(data, '\n')
	if lineEnd < 0 {
		if !atEOF {
			return 0, 0, needMore
		}
		lineEnd = len(data)
	}
	i := 0
	for {
		var field []byte
		if i < len(data) && data[i] == '"' {
			// Quoted field: up to the quote not followed by another.
			j := i + 1
			seg := j
			escaped := false
			mark := len(s.scratch)
			for {
				k := bytes.IndexByte(data[j:], '"')
				if k < 0 {
					if atEOF {
						return 0, 0, unclosed
					}
					return 0, 0, needMore
				}
				j += k
				if j+1 == len(data) && !atEOF {
					return 0, 0, needMore // "" might straddle the end of data
				}
				if j+1 < len(data) && data[j+1] == '"' {
					s.scratch = append(s.scratch, data[seg:j+1]...)
					escaped = true
					j += 2
					seg = j
					continue
				}
				break
			}
			if escaped {
				s.scratch = append(s.scratch, data[seg:j]...)
				field = s.scratch[mark:len(s.scratch):len(s.scratch)]
			} else {
				field = data[i+1 : j]
			}
			if j > lineEnd { // the cell holds line ends (none before lineEnd)
				newlines += bytes.Count(data[i+1:j], []byte{'\n'})
			}
			i = j + 1
			if i > lineEnd {
				k := bytes.IndexByte(data[i:], '\n')
				switch {
				case k >= 0:
					lineEnd = i + k
				case atEOF:
					lineEnd = len(data)
				default:
					return 0, 0, needMore
				}
			}
			// Text after the closing quote, before the separator, is kept.
			if i < lineEnd && data[i] != ';' && !(data[i] == '\r' && i+1 == lineEnd) {
				k := bytes.IndexByte(data[i:lineEnd], ';')
				tail := lineEnd
				if k >= 0 {
					tail = i + k
				}
				mark := len(s.scratch)
				s.scratch = append(s.scratch, field...)
				s.scratch = append(s.scratch, data[i:tail]...)
				field = s.scratch[mark:len(s.scratch):len(s.scratch)]
				i = tail
			}
			if i < lineEnd && data[i] == '\r' {
				i = lineEnd
			}
		} else if end := plainRunEnd(data, i, lineEnd); end > i {
			// Cells without a quote at their start, up to the next one
			// that has one or the line end: split at once.
			run := data[i:end]
			if end == lineEnd && len(run) > 0 && run[len(run)-1] == '\r' {
				run = run[:len(run)-1]
			}
			fields = splitRun(fields, run)
			if end < lineEnd { // at the ';' before a quoted cell
				i = end + 1
				continue
			}
			s.fields = fields
			if lineEnd < len(data) {
				return lineEnd + 1, newlines + 1, parsed
			}
			return len(data), newlines, parsed
		} else {
			k := indexSep(data[i:lineEnd])
			if k < 0 {
				field = data[i:lineEnd]
				if len(field) > 0 && field[len(field)-1] == '\r' {
					field = field[:len(field)-1]
				}
				i = lineEnd
			} else {
				field = data[i : i+k]
				i += k
			}
		}
		fields = append(fields, field)
		if i < lineEnd { // at a ';'
			i++
			continue
		}
		s.fields = fields
		if lineEnd < len(data) {
			return lineEnd + 1, newlines + 1, parsed
		}
		return len(data), newlines, parsed
	}
}

// firstInvalidUTF8 returns the offset of the first byte of b that is not part
// of valid UTF-8.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
