package xlsx

import (
	"bufio"
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// converter streams the first sheet of a workbook into CSV.
type converter struct {
	ctx    context.Context
	b      *book
	m      *matrice.Matrice
	lim    Limits
	out    *bufio.Writer
	styles []numFormat
	sst    *sharedStrings

	written int64
	discard bool // the workbook is refused already: rows are read for their cells' problems only

	// columns, from 1; set once the header row is read
	header  bool
	width   int       // the header's last named column
	fields  []int     // column → matrice field, -1 for none
	types   []colType // column → what its field's type asks of a number
	maxCol  int       // the last column that may hold a value
	pending int       // blank rows not written yet

	// the current row
	rowNum  int
	lastCol int    // the last cell's column, for the order check
	arena   []byte // its cells' values, one after another
	cells   []cell // in column order
	scratch []byte // a value being read
	text    []byte // a string being read
	formula []byte // a boolean cell's formula being read

	formulas, errValues *problem

	// rows, when set, is given each row with a value instead of the CSV:
	// the sheet as it is, for a matrice (Matrice), without the template's
	// rules (a formula gives its cached value), within the bounds.
	rows func(row int, cells []string) error
}

// cell is a value of the current row: arena[start:end] in column col.
type cell struct {
	col        int
	start, end int
}

// colType is what a column's matrice type asks of a cell.
type colType struct {
	kind matrice.Type
}

func newConverter(ctx context.Context, b *book, m *matrice.Matrice, out io.Writer) *converter {
	c := &converter{ctx: ctx, b: b, m: m, lim: b.lim, out: bufio.NewWriterSize(out, 32<<10)}
	c.maxCol = min(m.Len()+1+c.lim.ColumnMargin, maxColumns)
	c.discard = len(b.probs) > 0
	return c
}

// newSheetReader returns a converter that gives the sheet's rows to rows,
// at most maxCol columns wide.
func newSheetReader(ctx context.Context, b *book, maxCol int, rows func(row int, cells []string) error) *converter {
	return &converter{ctx: ctx, b: b, lim: b.lim, maxCol: maxCol, rows: rows, out: bufio.NewWriterSize(io.Discard, 16)}
}

func (c *converter) close() {
	if c.sst != nil {
		c.sst.close()
	}
}

func (c *converter) flush() error { return c.out.Flush() }

// problems returns every rule the workbook breaks: its structure's, then
// its cells'.
func (c *converter) problems() []*problem {
	probs := c.b.probs
	for _, p := range []*problem{c.formulas, c.errValues} {
		if p != nil {
			probs = append(probs, p)
		}
	}
	return probs
}

// run reads the styles, the shared strings, then the sheet's rows.
func (c *converter) run() error {
	b := c.b
	if b.stylesPart != "" && b.a.has(b.stylesPart) {
		err := b.readXML(b.stylesPart, c.lim.MaxPartBytes, func(x *xmlScanner) error {
			var err error
			c.styles, err = readStyles(x)
			return err
		})
		if err != nil {
			return err
		}
	}
	if b.stringsPart != "" && b.a.has(b.stringsPart) {
		c.sst = newSharedStrings(c.lim.StringsMemory, c.lim.TempDir)
		err := b.readXML(b.stringsPart, c.lim.MaxStringsBytes, func(x *xmlScanner) error {
			return readSharedStrings(x, maxCellBytes, c.lim.MaxStrings, c.sst)
		})
		if err != nil {
			if err.kind == probStrings {
				err.n = int64(c.lim.MaxStrings)
			}
			return err
		}
	}
	if err := c.ctx.Err(); err != nil {
		return err
	}
	pr, prob := b.a.open(b.sheetPart, c.lim.MaxSheetBytes)
	if prob != nil {
		return prob
	}
	defer pr.Close()
	err := c.sheet(newXMLScannerSize(pr, maxToken, int64(pr.f.UncompressedSize64)))
	if p := asProblem(err, b.sheetPart); p != nil && err != c.ctx.Err() {
		return p
	}
	return err
}

// sheet reads the worksheet's XML.
func (c *converter) sheet(x *xmlScanner) error {
	inData := false
	rows := 0
	for {
		k, err := x.next()
		if err != nil {
			return err
		}
		switch {
		case k == tokEOF:
			if inData {
				return errXML
			}
			return nil
		case !inData && x.is(tokStart, "sheetData"):
			inData = !x.empty
		case inData && x.is(tokEnd, "sheetData"):
			inData = false
		case inData && x.is(tokStart, "row"):
			if rows++; rows%1024 == 0 {
				if err := c.ctx.Err(); err != nil {
					return err
				}
			}
			if err := c.row(x); err != nil {
				return err
			}
		case !inData && x.is(tokStart, "sheetProtection"):
			for _, a := range []string{"password", "hashValue"} {
				if v, ok := x.attr(a); ok && len(v) > 0 {
					c.b.add(&problem{kind: probProtectedSheet, name: truncate(c.b.sheetName, 80)})
					c.discard = true
					break
				}
			}
		case x.is(tokStart, "worksheet"), x.is(tokStart, "sheetData"):
		case k == tokStart && !inData:
			if err := x.skip(); err != nil { // sheetViews, cols, conditional formats …
				return err
			}
		}
	}
}

// row reads one <row> and writes it.
func (c *converter) row(x *xmlScanner) error {
	r := c.rowNum + 1
	if v, ok := x.attr("r"); ok {
		n, ok := atoi(v)
		switch {
		case !ok || n < 1:
			return &problem{kind: probDamaged, detail: "a row has no valid number"}
		case n > maxRows:
			return &problem{kind: probRowFar, row: n}
		case n <= c.rowNum:
			return &problem{kind: probRowOrder, row: n, n: int64(c.rowNum)}
		}
		r = n
	}
	if r > maxRows {
		return &problem{kind: probRowFar, row: r}
	}
	c.pending += r - c.rowNum - 1
	c.rowNum, c.lastCol = r, 0
	c.arena, c.cells = c.arena[:0], c.cells[:0]
	if !x.empty {
		for {
			k, err := x.next()
			if err != nil {
				return err
			}
			if k == tokEOF {
				return errXML
			}
			if x.is(tokEnd, "row") {
				break
			}
			if x.is(tokStart, "c") {
				if err := c.cell(x); err != nil {
					return err
				}
				continue
			}
			if k == tokStart {
				if err := x.skip(); err != nil {
					return err
				}
			}
		}
	}
	return c.endRow()
}

// cell reads one <c> of the current row.
func (c *converter) cell(x *xmlScanner) error {
	col := c.lastCol + 1
	style, typ := -1, byte('n')
	for a := x.attrs; ; {
		key, v, rest, ok := nextAttr(a)
		if !ok {
			break
		}
		a = rest
		if len(key) != 1 {
			continue
		}
		switch key[0] {
		case 'r':
			cc, rr, ok := parseRef(v)
			if !ok || rr != c.rowNum || cc <= c.lastCol {
				return &problem{kind: probCellOrder, cells: []string{truncate(string(v), 12)}}
			}
			col = cc
		case 's':
			if n, ok := atoi(v); ok {
				style = n
			}
		case 't':
			switch {
			case len(v) == 0:
			case len(v) > 1 && v[0] == 'i': // inlineStr
				typ = 'i'
			case len(v) > 1 && v[0] == 's' && v[1] == 't': // str
				typ = 'f'
			default:
				typ = v[0]
			}
		}
	}
	if col > maxColumns {
		return &problem{kind: probCellOrder, cells: []string{cellName(col, c.rowNum)}}
	}
	c.lastCol = col
	formula, hasValue, inline := false, false, false
	constant := -1 // a boolean cell's formula TRUE() (1) or FALSE() (0): its value typed
	c.scratch = c.scratch[:0]
	done := x.empty
	if !done {
		// The common cell, <c …><v>123</v></c>, without tokens.
		if v, ok := x.simple("<v>", "</v>"); ok {
			c.scratch, hasValue = append(c.scratch, v...), true
		}
		done = x.closes("</c>")
	}
	if !done {
		for {
			k, err := x.next()
			if err != nil {
				return err
			}
			if k == tokEOF {
				return errXML
			}
			switch {
			case x.is(tokEnd, "c"):
			case x.is(tokStart, "f"):
				formula = true
				if typ == 'b' && !x.empty {
					// LibreOffice writes every boolean as <f>TRUE()</f><v>1</v>.
					var terr error
					if c.formula, terr = x.text(c.formula[:0], maxConstantFormula); terr == nil {
						constant = constantBool(c.formula)
					} else if terr != errText {
						return terr
					}
				}
				if err := x.skip(); err != nil {
					return err
				}
				continue
			case x.is(tokStart, "v"):
				if !x.empty {
					if c.scratch, err = x.text(c.scratch[:0], maxCellBytes); err != nil {
						return c.textError(err, col)
					}
					hasValue = true
				}
				continue
			case x.is(tokStart, "is"):
				if !x.empty {
					if c.scratch, err = readRich(x, c.scratch[:0], "is", maxCellBytes); err != nil {
						return c.textError(err, col)
					}
					c.scratch = decodeEscapes(c.scratch)
					hasValue, inline = true, true
				}
				continue
			case k == tokStart:
				if err := x.skip(); err != nil {
					return err
				}
				continue
			default:
				continue
			}
			break
		}
	}
	if formula && constant >= 0 && hasValue && !inline {
		// A typed boolean, not a computation: its cached value must agree.
		switch v := string(trimSpace(c.scratch)); {
		case constant == 1 && (v == "1" || v == "true"), constant == 0 && (v == "0" || v == "false"):
			formula = false
		}
	}
	if formula {
		c.formulas = group(c.formulas, probFormula, cellName(col, c.rowNum))
		c.discard = true
	}
	if !hasValue {
		return nil
	}
	start := len(c.arena)
	var err error
	if c.arena, err = c.value(c.arena, typ, inline, style, col); err != nil {
		return err
	}
	if len(c.arena) == start {
		return nil
	}
	if col > c.maxCol {
		if c.m == nil {
			return &problem{kind: probSheetWide, cells: []string{cellName(col, c.rowNum)}, n: int64(c.maxCol)}
		}
		return &problem{kind: probColumnFar, cells: []string{cellName(col, c.rowNum)}, n: int64(c.m.Len())}
	}
	v := c.arena[start:]
	if len(v) > maxCellChars && utf8.RuneCount(v) > maxCellChars {
		return &problem{kind: probCellTooLong, cells: []string{cellName(col, c.rowNum)}}
	}
	if !utf8.Valid(v) {
		return &problem{kind: probDamaged, detail: "cell " + cellName(col, c.rowNum) + " holds text that is not UTF-8"}
	}
	c.cells = append(c.cells, cell{col: col, start: start, end: len(c.arena)})
	return nil
}

// textError turns an error reading a cell's text into a problem.
func (c *converter) textError(err error, col int) error {
	if err == errText {
		return &problem{kind: probCellTooLong, cells: []string{cellName(col, c.rowNum)}}
	}
	return err
}

// maxConstantFormula bounds the formula text read of a boolean cell: longer
// is no TRUE() or FALSE().
const maxConstantFormula = 32

// constantBool tells whether a boolean cell's formula f is the constant
// TRUE() (1) or FALSE() (0) — case-insensitive, spaces allowed, with or
// without a leading '=' — or anything else (-1), which stays a formula.
func constantBool(f []byte) int {
	f = trimSpace(f)
	if len(f) > 0 && f[0] == '=' {
		f = trimSpace(f[1:])
	}
	val := -1
	for i, name := range []string{"FALSE", "TRUE"} {
		if len(f) >= len(name) && strings.EqualFold(string(f[:len(name)]), name) {
			val, f = i, trimSpace(f[len(name):])
			break
		}
	}
	if val < 0 || len(f) < 2 || f[0] != '(' || f[len(f)-1] != ')' || len(trimSpace(f[1:len(f)-1])) != 0 {
		return -1
	}
	return val
}

// group adds a cell to a problem of cells (formulas, error values).
func group(p *problem, kind problemKind, place string) *problem {
	if p == nil {
		p = &problem{kind: kind}
	}
	if len(p.cells) < maxPlaces {
		p.cells = append(p.cells, place)
	}
	p.count++
	return p
}

// value appends the text of a cell of type typ whose raw value is in
// c.scratch.
func (c *converter) value(dst []byte, typ byte, inline bool, style, col int) ([]byte, error) {
	raw := c.scratch
	if inline {
		return append(dst, raw...), nil
	}
	switch typ {
	case 's':
		i, ok := atoi(trimSpace(raw))
		if !ok || c.sst == nil {
			return dst, &problem{kind: probDamaged, detail: "cell " + cellName(col, c.rowNum) + " refers to a shared string that does not exist"}
		}
		s, ok, err := c.sst.get(i)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, &problem{kind: probDamaged, detail: "cell " + cellName(col, c.rowNum) + " refers to a shared string that does not exist"}
		}
		return append(dst, s...), nil
	case 'f': // str: a formula's text result
		return append(dst, decodeEscapes(raw)...), nil
	case 'b':
		v := trimSpace(raw)
		t := string(v) == "1" || string(v) == "true"
		switch {
		case c.typeOf(col).kind == matrice.BOOL && t:
			return append(dst, "OUI"...), nil
		case c.typeOf(col).kind == matrice.BOOL:
			return append(dst, "NON"...), nil
		case t:
			return append(dst, "VRAI"...), nil
		}
		return append(dst, "FAUX"...), nil
	case 'e':
		c.errValues = group(c.errValues, probErrorValue, cellName(col, c.rowNum)+" ("+truncate(string(trimSpace(raw)), 12)+")")
		c.discard = true
		return append(dst, trimSpace(raw)...), nil
	case 'd':
		v := trimSpace(raw)
		y, m, d, h, mi, s, hasTime, ok := parseISODate(v)
		if !ok {
			return append(dst, v...), nil
		}
		dst = appendTwo(dst, d)
		dst = append(dst, '/')
		dst = appendTwo(dst, m)
		dst = append(dst, '/')
		dst = strconv.AppendInt(dst, int64(y), 10)
		if hasTime {
			dst = append(dst, ' ')
			dst = appendTwo(dst, h)
			dst = append(dst, ':')
			dst = appendTwo(dst, mi)
			if s != 0 {
				dst = append(dst, ':')
				dst = appendTwo(dst, s)
			}
		}
		return dst, nil
	}
	return c.number(dst, trimSpace(raw), style, col), nil
}

// number appends a number cell's value (see Convert).
func (c *converter) number(dst, raw []byte, style, col int) []byte {
	if len(raw) == 0 {
		return dst
	}
	v, err := strconv.ParseFloat(unsafe.String(&raw[0], len(raw)), 64) // not kept: no copy needed
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return append(dst, raw...)
	}
	var f numFormat
	if style >= 0 && style < len(c.styles) {
		f = c.styles[style]
	}
	switch f.kind {
	case numDate, numTime:
		if out, ok := appendSerialDate(dst, v, c.b.date1904, f.kind == numDate); ok {
			return out
		}
	}
	width := int(f.pad)
	if c.typeOf(col).kind == matrice.TEL && v >= 1e8 && v < 1e9 {
		width = max(width, 10) // 0612345678, which no number holds
	}
	if width > 0 {
		start := len(dst)
		if out, ok := integerDigits(dst, v); ok {
			if n := len(out) - start; n < width {
				out = append(out, make([]byte, width-n)...)
				copy(out[start+width-n:], out[start:start+n])
				for i := start; i < start+width-n; i++ {
					out[i] = '0'
				}
			}
			return out
		}
	}
	return appendFloat(dst, v)
}

// typeOf returns what column col's field asks of numbers.
func (c *converter) typeOf(col int) colType {
	if col < len(c.types) {
		return c.types[col]
	}
	return colType{}
}

// endRow writes the current row, or counts it blank.
func (c *converter) endRow() error {
	last := 0
	for _, cl := range c.cells {
		if cl.end > cl.start {
			last = cl.col
		}
	}
	if last == 0 {
		c.pending++
		return nil
	}
	if c.rows != nil {
		row := make([]string, last)
		for _, cl := range c.cells {
			row[cl.col-1] = string(c.arena[cl.start:cl.end])
		}
		return c.rows(c.rowNum, row)
	}
	if !c.header {
		if !c.readHeader() {
			c.pending++ // only spaces: a blank row for the importer too
			return nil
		}
	}
	if c.discard {
		return nil
	}
	for ; c.pending > 0; c.pending-- {
		if err := c.write([]byte("\r\n")); err != nil {
			return err
		}
	}
	n := max(last, c.width)
	next := 0
	line := c.scratch[:0]
	for col := 1; col <= n; col++ {
		if col > 1 {
			line = append(line, ';')
		}
		if next < len(c.cells) && c.cells[next].col == col {
			line = appendCSV(line, c.arena[c.cells[next].start:c.cells[next].end])
			next++
		}
	}
	line = append(line, '\r', '\n')
	c.scratch = line
	return c.write(line)
}

// readHeader takes the current row as the header if it has a value that is
// not only spaces: its names give each column's matrice field.
func (c *converter) readHeader() bool {
	blank := true
	for _, cl := range c.cells {
		if len(matrice.TrimSpace(c.arena[cl.start:cl.end])) > 0 {
			blank = false
			break
		}
	}
	if blank {
		return false
	}
	c.header = true
	c.types = make([]colType, c.maxCol+1)
	for _, cl := range c.cells {
		name := matrice.TrimSpace(c.arena[cl.start:cl.end])
		if len(name) == 0 || cl.col > c.maxCol {
			continue
		}
		c.width = cl.col
		i, ok := c.m.Lookup(string(name))
		if !ok {
			continue
		}
		c.types[cl.col] = colType{kind: c.m.FieldType(i)}
	}
	return true
}

// write writes CSV bytes, within the bound.
func (c *converter) write(b []byte) error {
	c.written += int64(len(b))
	if c.written > c.lim.MaxCSVBytes {
		return &problem{kind: probCSVTooLarge, n: c.lim.MaxCSVBytes}
	}
	_, err := c.out.Write(b)
	return err
}

// appendCSV appends a cell, quoted when it holds ';', a quote, a line
// break, or spaces around it (Excel's "CSV UTF-8" does so); a line break
// inside stays as it is.
func appendCSV(dst, v []byte) []byte {
	quote := len(v) > 0 && (v[0] == ' ' || v[len(v)-1] == ' ')
	if !quote {
		for _, b := range v {
			if b == ';' || b == '"' || b == '\n' || b == '\r' {
				quote = true
				break
			}
		}
	}
	if !quote {
		return append(dst, v...)
	}
	dst = append(dst, '"')
	for _, b := range v {
		if b == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, b)
	}
	return append(dst, '"')
}

// parseRef reads a cell reference, "AB12" (a '$' before either part is
// allowed): its column, from 1, and row.
func parseRef(ref []byte) (col, row int, ok bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > maxColumns {
			return 0, 0, false
		}
	}
	if col == 0 {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	row, ok = atoi(ref[i:])
	return col, row, ok && row > 0
}

// cellName writes a cell's reference, "AB12".
func cellName(col, row int) string {
	var b [16]byte
	i := 8
	for col > 0 && i > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(strconv.AppendInt(append([]byte(nil), b[i:8]...), int64(row), 10))
}

// atoi reads a non-negative decimal of at most 10 digits.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
