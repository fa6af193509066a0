package xlsx

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"
)

// xmlScanner reads the XML of one part of a workbook as a stream of
// element tokens, without a tree and without allocating per token: names,
// attributes and text alias its buffer until the next call. It knows what
// SpreadsheetML needs — elements (compared by local name, any prefix
// dropped), attributes, character data with the five entities, character
// references, CDATA sections, comments and processing instructions — and
// refuses a DOCTYPE (a workbook never has one; entities are never
// expanded). Every loop consumes input, so that no input stalls it, and no
// token may exceed maxToken bytes, so that memory stays bounded.
type xmlScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	maxToken int
	started  bool

	// The current token.
	kind  tokenKind
	name  []byte // local name
	attrs []byte // a start tag's attributes, raw
	empty bool   // a start tag that closes itself: <x/>
}

type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
)

// errXML is a part that is not well-formed XML.
var errXML = errors.New("malformed XML")

// errToken is a token longer than maxToken.
var errToken = errors.New("an XML token is too long")

// errDoctype is a part with a DOCTYPE.
var errDoctype = errors.New("a DOCTYPE declaration")

const xmlBuffer = 64 << 10

func newXMLScanner(r io.Reader, maxToken int) *xmlScanner {
	return newXMLScannerSize(r, maxToken, xmlBuffer)
}

// newXMLScannerSize starts with a buffer of size bytes (at least 512, at
// most xmlBuffer): a small part needs no large buffer.
func newXMLScannerSize(r io.Reader, maxToken int, size int64) *xmlScanner {
	n := int(min(max(size+16, 512), xmlBuffer))
	return &xmlScanner{r: r, buf: make([]byte, n), maxToken: maxToken}
}

// fill reads more input after the unread bytes, moving them to the front
// and growing the buffer when they fill it (up to maxToken). It returns
// false at the end of the input.
func (x *xmlScanner) fill() (bool, error) {
	if x.eof {
		return false, nil
	}
	if x.pos > 0 {
		x.end = copy(x.buf, x.buf[x.pos:x.end])
		x.pos = 0
	}
	if x.end == len(x.buf) {
		if len(x.buf) >= x.maxToken {
			return false, errToken
		}
		nb := make([]byte, min(2*len(x.buf), x.maxToken))
		copy(nb, x.buf[:x.end])
		x.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := x.r.Read(x.buf[x.end:])
		x.end += n
		if err == io.EOF {
			x.eof = true
			return n > 0, nil
		}
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, io.ErrNoProgress
}

// start drops a UTF-8 byte order mark and refuses UTF-16.
func (x *xmlScanner) start() error {
	x.started = true
	for x.end-x.pos < 3 {
		ok, err := x.fill()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
	}
	head := x.buf[x.pos:x.end]
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		x.pos += 3
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return errXML
	}
	return nil
}

// next reads the next element token, skipping character data, comments,
// processing instructions and CDATA sections. At the end of the input it
// returns tokEOF.
func (x *xmlScanner) next() (tokenKind, error) {
	if !x.started {
		if err := x.start(); err != nil {
			return tokEOF, err
		}
	}
	for {
		i := bytes.IndexByte(x.buf[x.pos:x.end], '<')
		if i < 0 {
			x.pos = x.end // character data nobody asked for
			ok, err := x.fill()
			if err != nil {
				return tokEOF, err
			}
			if !ok {
				x.kind = tokEOF
				return tokEOF, nil
			}
			continue
		}
		x.pos += i
		kind, err := x.markup()
		if err != nil {
			return tokEOF, err
		}
		if kind != tokEOF {
			return kind, nil
		}
	}
}

// markup reads the markup at x.pos ('<'): an element's tag, returned as a
// token, or something skipped (tokEOF then means "go on").
func (x *xmlScanner) markup() (tokenKind, error) {
	for {
		data := x.buf[x.pos:x.end]
		if len(data) >= 2 {
			switch data[1] {
			case '!':
				if n, err := x.skipDeclaration(data); err != nil || n > 0 {
					x.pos += n
					return tokEOF, err
				}
			case '?':
				if k := bytes.Index(data[2:], []byte("?>")); k >= 0 {
					x.pos += 2 + k + 2
					return tokEOF, nil
				}
			default:
				if n := tagEnd(data); n > 0 {
					return x.tag(data[:n])
				}
			}
		}
		ok, err := x.fill()
		if err != nil {
			return tokEOF, err
		}
		if !ok {
			return tokEOF, errXML // markup cut by the end of the part
		}
	}
}

// skipDeclaration skips a comment or a CDATA section at the start of data
// ("<!"). It returns 0 when data does not hold it whole.
func (x *xmlScanner) skipDeclaration(data []byte) (int, error) {
	switch {
	case bytes.HasPrefix(data, []byte("<!--")):
		if k := bytes.Index(data[4:], []byte("-->")); k >= 0 {
			return 4 + k + 3, nil
		}
	case bytes.HasPrefix(data, []byte("<![CDATA[")):
		if k := bytes.Index(data[9:], []byte("]]>")); k >= 0 {
			return 9 + k + 3, nil
		}
	case len(data) >= 9 && (bytes.HasPrefix(data, []byte("<!DOCTYPE")) || bytes.HasPrefix(data, []byte("<!doctype"))):
		return 0, errDoctype
	case len(data) >= 9:
		return 0, errXML
	}
	return 0, nil
}

// tagEnd returns the length of the tag at the start of data, up to its '>'
// (a '>' inside a quoted attribute value does not end it), or 0 when data
// does not hold it whole.
func tagEnd(data []byte) int {
	k := bytes.IndexByte(data, '>')
	if k < 0 {
		return 0
	}
	// Most tags: no single quote, and an even number of double quotes
	// before the first '>', which therefore ends the tag.
	if head := data[:k]; bytes.IndexByte(head, '\'') < 0 && bytes.Count(head, []byte{'"'})%2 == 0 {
		return k + 1
	}
	for i := 1; i < len(data); i++ {
		switch c := data[i]; c {
		case '>':
			return i + 1
		case '"', '\'':
			k := bytes.IndexByte(data[i+1:], c)
			if k < 0 {
				return 0
			}
			i += 1 + k
		}
	}
	return 0
}

// tag reads a start or end tag, whole in t ("<…>"), and moves past it.
func (x *xmlScanner) tag(t []byte) (tokenKind, error) {
	x.pos += len(t)
	body := t[1 : len(t)-1]
	kind := tokStart
	if len(body) > 0 && body[0] == '/' {
		kind, body = tokEnd, body[1:]
	}
	x.empty = false
	if kind == tokStart && len(body) > 0 && body[len(body)-1] == '/' {
		x.empty, body = true, body[:len(body)-1]
	}
	n := 0
	for n < len(body) && !isSpace(body[n]) {
		n++
	}
	name := body[:n]
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	if len(name) == 0 {
		return tokEOF, errXML
	}
	x.kind, x.name, x.attrs = kind, name, body[n:]
	return kind, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// is reports whether the current token is a start or end of the element
// with local name name.
func (x *xmlScanner) is(kind tokenKind, name string) bool {
	return x.kind == kind && string(x.name) == name
}

// attr returns the raw value of the current start tag's attribute whose
// local name is name (any prefix dropped).
func (x *xmlScanner) attr(name string) ([]byte, bool) {
	a := x.attrs
	for {
		key, value, rest, ok := nextAttr(a)
		if !ok {
			return nil, false
		}
		a = rest
		if string(key) == name {
			return value, true
		}
	}
}

// nextAttr reads the first attribute of a: its local name, its raw value,
// and what follows.
func nextAttr(a []byte) (key, value, rest []byte, ok bool) {
	i := 0
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	a = a[i:]
	eq := bytes.IndexByte(a, '=')
	if eq <= 0 {
		return nil, nil, nil, false
	}
	key = a[:eq]
	for len(key) > 0 && isSpace(key[len(key)-1]) {
		key = key[:len(key)-1]
	}
	if k := bytes.LastIndexByte(key, ':'); k >= 0 {
		key = key[k+1:]
	}
	i = eq + 1
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if i == len(a) || (a[i] != '"' && a[i] != '\'') {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(a[i+1:], a[i])
	if end < 0 {
		return nil, nil, nil, false
	}
	return key, a[i+1 : i+1+end], a[i+2+end:], true
}

// attrText returns an attribute's value with its entities decoded, as a
// string ("" when absent).
func (x *xmlScanner) attrText(name string) (string, error) {
	raw, ok := x.attr(name)
	if !ok {
		return "", nil
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw), nil
	}
	out, err := appendUnescaped(nil, raw)
	return string(out), err
}

// text appends to dst the character data that follows the current token,
// up to the next element's tag (which next then reads), with entities and
// character references decoded, CDATA sections taken as they are, comments
// and processing instructions skipped, and line ends normalised to '\n'.
// At most max bytes are appended; beyond, errText.
func (x *xmlScanner) text(dst []byte, max int) ([]byte, error) {
	start := len(dst)
	for {
		data := x.buf[x.pos:x.end]
		i := bytes.IndexByte(data, '<')
		chunk := data
		if i >= 0 {
			chunk = data[:i]
		}
		// An entity or a CR cut by the buffer's end waits for more input.
		keep := 0
		if i < 0 && !x.eof {
			if k := bytes.LastIndexByte(chunk, '&'); k >= 0 && bytes.IndexByte(chunk[k:], ';') < 0 && len(chunk)-k < 16 {
				keep = len(chunk) - k
			} else if len(chunk) > 0 && chunk[len(chunk)-1] == '\r' {
				keep = 1
			}
		}
		var err error
		dst, err = appendText(dst, chunk[:len(chunk)-keep])
		if err != nil {
			return dst, err
		}
		if len(dst)-start > max {
			return dst, errText
		}
		x.pos += len(chunk) - keep
		if i < 0 {
			ok, err := x.fill()
			if err != nil {
				return dst, err
			}
			if !ok {
				if keep > 0 {
					return dst, errXML
				}
				return dst, nil
			}
			continue
		}
		// At a '<': a CDATA section is text; a comment or an instruction
		// is skipped; anything else ends the text.
		for x.end-x.pos < 9 && !x.eof {
			if _, err := x.fill(); err != nil {
				return dst, err
			}
		}
		data = x.buf[x.pos:x.end]
		switch {
		case bytes.HasPrefix(data, []byte("<![CDATA[")):
			for {
				data = x.buf[x.pos:x.end]
				if k := bytes.Index(data[9:], []byte("]]>")); k >= 0 {
					dst = append(dst, data[9:9+k]...)
					x.pos += 9 + k + 3
					break
				}
				ok, err := x.fill()
				if err != nil {
					return dst, err
				}
				if !ok {
					return dst, errXML
				}
			}
			if len(dst)-start > max {
				return dst, errText
			}
		case bytes.HasPrefix(data, []byte("<!--")), bytes.HasPrefix(data, []byte("<?")):
			if _, err := x.markup(); err != nil {
				return dst, err
			}
		default:
			return dst, nil
		}
	}
}

// errText is a text longer than allowed.
var errText = errors.New("a text is too long")

// appendText appends character data, decoding entities and normalising line
// ends ("\r\n" and "\r" become "\n", as an XML parser does).
func appendText(dst, s []byte) ([]byte, error) {
	for len(s) > 0 {
		i := bytes.IndexAny(s, "&\r")
		if i < 0 {
			return append(dst, s...), nil
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if s[0] == '\r' {
			dst = append(dst, '\n')
			s = s[1:]
			if len(s) > 0 && s[0] == '\n' {
				s = s[1:]
			}
			continue
		}
		var n int
		var err error
		dst, n, err = appendEntity(dst, s)
		if err != nil {
			return dst, err
		}
		s = s[n:]
	}
	return dst, nil
}

// appendUnescaped decodes the entities of an attribute value.
func appendUnescaped(dst, s []byte) ([]byte, error) {
	for len(s) > 0 {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...), nil
		}
		dst = append(dst, s[:i]...)
		var n int
		var err error
		dst, n, err = appendEntity(dst, s[i:])
		if err != nil {
			return dst, err
		}
		s = s[i+n:]
	}
	return dst, nil
}

// appendEntity decodes the entity or character reference at the start of
// s ('&'), returning how many bytes it took.
func appendEntity(dst, s []byte) ([]byte, int, error) {
	end := bytes.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return dst, 0, errXML
	}
	ref := s[1:end]
	switch string(ref) {
	case "lt":
		return append(dst, '<'), end + 1, nil
	case "gt":
		return append(dst, '>'), end + 1, nil
	case "amp":
		return append(dst, '&'), end + 1, nil
	case "quot":
		return append(dst, '"'), end + 1, nil
	case "apos":
		return append(dst, '\''), end + 1, nil
	}
	if ref[0] != '#' || len(ref) < 2 {
		return dst, 0, errXML
	}
	r, base, digits := rune(0), rune(10), ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return dst, 0, errXML
	}
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return dst, 0, errXML
		}
		r = r*base + d
		if r > utf8.MaxRune {
			return dst, 0, errXML
		}
	}
	if r == 0 || !utf8.ValidRune(r) {
		return dst, 0, errXML
	}
	return utf8.AppendRune(dst, r), end + 1, nil
}

// skip skips the rest of the current start tag's element, up to its end
// tag (nothing for an empty element).
func (x *xmlScanner) skip() error {
	if x.kind != tokStart || x.empty {
		return nil
	}
	depth := 1
	for depth > 0 {
		k, err := x.next()
		if err != nil {
			return err
		}
		switch {
		case k == tokEOF:
			return errXML
		case k == tokStart && !x.empty:
			depth++
		case k == tokEnd:
			depth--
		}
	}
	return nil
}

// simple reads, when the input at the scanner's position is exactly
// <name>TEXT</name> with TEXT free of markup, entities and carriage
// returns, and whole in the buffer, that element: it returns TEXT
// (aliasing the buffer until the next call) and moves past it. Otherwise it
// returns false and moves nothing, for next to read the element: the fast
// path of a cell's <v>.
func (x *xmlScanner) simple(open, close string) ([]byte, bool) {
	data := x.buf[x.pos:x.end]
	if !bytes.HasPrefix(data, []byte(open)) {
		return nil, false
	}
	body := data[len(open):]
	k := bytes.IndexByte(body, '<')
	if k < 0 || !bytes.HasPrefix(body[k:], []byte(close)) {
		return nil, false
	}
	text := body[:k]
	if bytes.IndexByte(text, '&') >= 0 || bytes.IndexByte(text, '\r') >= 0 {
		return nil, false
	}
	x.pos += len(open) + k + len(close)
	return text, true
}

// closes reports whether the input at the scanner's position is the end
// tag close, whole in the buffer, and moves past it.
func (x *xmlScanner) closes(close string) bool {
	if bytes.HasPrefix(x.buf[x.pos:x.end], []byte(close)) {
		x.pos += len(close)
		return true
	}
	return false
}
