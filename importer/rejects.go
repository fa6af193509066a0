package importer

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// ErrorsSeparator joins a line's messages in the Erreurs cell of a rejects file.
const ErrorsSeparator = " | "

// RejectsWriter writes a rejects file (spec §6): the header and the rejected
// lines with their original cells untouched, plus an Erreurs column holding
// the line's messages. It is UTF-8 with a byte order mark (so that Excel
// reads the accents right), ';'-separated, with CRLF line ends; the importer
// drops the mark and ignores Erreurs, so a corrected rejects file can be sent
// back as it is. When the file already had an Erreurs column, that column
// receives the new errors.
type RejectsWriter struct {
	w      *bufio.Writer
	header []string
	errCol int // the column receiving the messages
	width  int // columns per line
	err    error
	cells  [][]byte
	lines  int
}

// NewRejectsWriter returns a writer for the rejects of a file whose header is
// header (File.Header). It writes the header at once.
func NewRejectsWriter(w io.Writer, header []string) *RejectsWriter {
	rw := &RejectsWriter{w: bufio.NewWriter(w), header: header, errCol: len(header), width: len(header) + 1}
	for i, h := range header {
		if h == matrice.ErrorsColumn {
			rw.errCol, rw.width = i, len(header)
			break
		}
	}
	rw.writeBytes(utf8BOM)
	cells := make([][]byte, rw.width)
	for i, h := range header {
		cells[i] = []byte(h)
	}
	cells[rw.errCol] = []byte(matrice.ErrorsColumn)
	rw.writeRecord(cells)
	return rw
}

// Write writes a rejected line. Accepted lines are skipped.
func (rw *RejectsWriter) Write(l *Line) error {
	if l.Accepted() {
		return rw.err
	}
	msgs := make([]string, len(l.Errors))
	for i, e := range l.Errors {
		msgs[i] = e.Message
	}
	errs := []byte(strings.Join(msgs, ErrorsSeparator))
	n := len(rw.header)
	rw.cells = rw.cells[:0]
	for j := range n {
		switch {
		case j == rw.errCol:
			rw.cells = append(rw.cells, errs)
		case j < len(l.Cells):
			rw.cells = append(rw.cells, l.Cells[j])
		default:
			rw.cells = append(rw.cells, nil)
		}
	}
	if rw.errCol == n {
		rw.cells = append(rw.cells, errs)
	}
	// Cells beyond the header (a cells error) are kept, after the columns.
	if len(l.Cells) > n {
		rw.cells = append(rw.cells, l.Cells[n:]...)
		for len(rw.cells) > rw.width && len(matrice.TrimSpace(rw.cells[len(rw.cells)-1])) == 0 {
			rw.cells = rw.cells[:len(rw.cells)-1]
		}
	}
	rw.writeRecord(rw.cells)
	rw.lines++
	return rw.err
}

// Lines returns how many lines were written, the header excluded.
func (rw *RejectsWriter) Lines() int { return rw.lines }

// Flush writes any buffered data and returns the first error met.
func (rw *RejectsWriter) Flush() error {
	if rw.err == nil {
		rw.err = rw.w.Flush()
	}
	return rw.err
}

func (rw *RejectsWriter) writeRecord(cells [][]byte) {
	for i, c := range cells {
		if i > 0 {
			rw.writeBytes([]byte{';'})
		}
		if bytes.ContainsAny(c, ";\"\r\n") {
			rw.writeBytes([]byte{'"'})
			rw.writeBytes(bytes.ReplaceAll(c, []byte{'"'}, []byte{'"', '"'}))
			rw.writeBytes([]byte{'"'})
		} else {
			rw.writeBytes(c)
		}
	}
	rw.writeBytes([]byte("\r\n"))
}

func (rw *RejectsWriter) writeBytes(b []byte) {
	if rw.err == nil {
		_, rw.err = rw.w.Write(b)
	}
}
