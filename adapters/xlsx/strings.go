package xlsx

import (
	"bufio"
	"errors"
	"io"
	"os"
	"unicode/utf8"
)

// errTooManyStrings is a workbook with more shared strings than allowed.
var errTooManyStrings = errors.New("too many shared strings")

// sharedStrings holds a workbook's shared strings (sharedStrings.xml), which
// cells of type s refer to by index, in bounded memory: the first ones in
// memory, up to a budget, the rest in a temporary file read back through a
// window. Workbooks number their strings in order of first use, so the rows
// that follow meet them in nearly that order, and the window mostly hits.
type sharedStrings struct {
	mem     []byte
	ends    []uint32 // ends[i]: where string i ends, in mem then in the file
	budget  int
	spillAt int // len(mem) when the spill began, -1 before
	tmpDir  string
	file    *os.File
	w       *bufio.Writer
	size    int64 // bytes in the file
	win     []byte
	winOff  int64 // the window's offset in the file
	winLen  int
}

// spillWindow is how much of the spill file one read brings back.
const spillWindow = 1 << 20

func newSharedStrings(budget int, tmpDir string) *sharedStrings {
	return &sharedStrings{budget: budget, spillAt: -1, tmpDir: tmpDir}
}

// len returns the number of strings.
func (s *sharedStrings) len() int { return len(s.ends) }

// add appends a string.
func (s *sharedStrings) add(b []byte) error {
	if s.spillAt < 0 && len(s.mem)+len(b) <= s.budget {
		s.mem = append(s.mem, b...)
		s.ends = append(s.ends, uint32(len(s.mem)))
		return nil
	}
	if s.file == nil {
		f, err := os.CreateTemp(s.tmpDir, "eleader-xlsx-strings-*")
		if err != nil {
			return err
		}
		os.Remove(f.Name()) // gone even if the process dies, where the system allows it
		s.file, s.w, s.spillAt = f, bufio.NewWriterSize(f, 64<<10), len(s.mem)
	}
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	s.size += int64(len(b))
	s.ends = append(s.ends, uint32(int64(s.spillAt)+s.size))
	return nil
}

// done ends the additions.
func (s *sharedStrings) done() error {
	if s.w != nil {
		return s.w.Flush()
	}
	return nil
}

// get returns string i (valid until the next call), or false when there is
// no such string.
func (s *sharedStrings) get(i int) ([]byte, bool, error) {
	if i < 0 || i >= len(s.ends) {
		return nil, false, nil
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	end := s.ends[i]
	if s.spillAt < 0 || int(end) <= s.spillAt {
		return s.mem[start:end], true, nil
	}
	from, to := int64(start)-int64(s.spillAt), int64(end)-int64(s.spillAt)
	if from < 0 { // the first string of the file
		from = 0
	}
	if from < s.winOff || to > s.winOff+int64(s.winLen) {
		n := max(spillWindow, int(to-from))
		if cap(s.win) < n {
			s.win = make([]byte, n)
		}
		s.win = s.win[:n]
		got, err := s.file.ReadAt(s.win, from)
		if err != nil && err != io.EOF {
			return nil, false, err
		}
		s.winOff, s.winLen = from, got
		if int64(got) < to-from {
			return nil, false, io.ErrUnexpectedEOF
		}
	}
	return s.win[from-s.winOff : to-s.winOff], true, nil
}

// close removes the temporary file.
func (s *sharedStrings) close() {
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}

// readSharedStrings reads sharedStrings.xml: each <si>'s text, its runs'
// texts joined (phonetic runs, rPh, left out), with _xHHHH_ escapes
// decoded. At most maxCount strings, each of at most maxCell bytes.
func readSharedStrings(x *xmlScanner, maxCell, maxCount int, s *sharedStrings) error {
	var buf []byte
	for {
		k, err := x.next()
		if err != nil {
			return err
		}
		if k == tokEOF {
			return s.done()
		}
		if !x.is(tokStart, "si") {
			continue
		}
		if s.len() >= maxCount {
			return errTooManyStrings
		}
		buf = buf[:0]
		if !x.empty {
			if buf, err = readRich(x, buf, "si", maxCell); err != nil {
				return err
			}
		}
		buf = decodeEscapes(buf)
		if !utf8.Valid(buf) {
			return errXML
		}
		if err := s.add(buf); err != nil {
			return err
		}
	}
}

// readRich reads the text of a rich string up to the end tag of element
// (si or is): the <t> elements, directly or in runs (<r>), without the
// phonetic runs (<rPh>) and properties.
func readRich(x *xmlScanner, dst []byte, element string, maxCell int) ([]byte, error) {
	for {
		k, err := x.next()
		if err != nil {
			return dst, err
		}
		switch {
		case k == tokEOF:
			return dst, errXML
		case x.is(tokEnd, element):
			return dst, nil
		case x.is(tokStart, "t"):
			if x.empty {
				continue
			}
			if dst, err = x.text(dst, maxCell-len(dst)); err != nil {
				return dst, err
			}
		case x.is(tokStart, "rPh"), x.is(tokStart, "phoneticPr"), x.is(tokStart, "rPr"):
			if err := x.skip(); err != nil {
				return dst, err
			}
		}
	}
}

// decodeEscapes decodes, in place, the _xHHHH_ escapes of OOXML strings:
// _x000D_ is a carriage return, _x005F_ an underscore (so _x005F_x000D_ is
// the text "_x000D_"). An escape of a character that cannot be text (a
// lone surrogate, NUL) stays as written.
func decodeEscapes(b []byte) []byte {
	i := indexEscape(b, 0)
	if i < 0 {
		return b
	}
	out := b[:i]
	for i < len(b) {
		if r, ok := escapeAt(b, i); ok {
			out = utf8.AppendRune(out, r)
			i += 7
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func indexEscape(b []byte, from int) int {
	for i := from; i+7 <= len(b); i++ {
		if b[i] == '_' && b[i+1] == 'x' {
			if _, ok := escapeAt(b, i); ok {
				return i
			}
		}
	}
	return -1
}

// escapeAt reads _xHHHH_ at b[i].
func escapeAt(b []byte, i int) (rune, bool) {
	if i+7 > len(b) || b[i] != '_' || b[i+1] != 'x' || b[i+6] != '_' {
		return 0, false
	}
	var r rune
	for _, c := range b[i+2 : i+6] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	if r == 0 || (r >= 0xD800 && r <= 0xDFFF) {
		return 0, false
	}
	return r, true
}
