package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"path"
	"strings"
)

// archive is a workbook's ZIP container, read through an io.ReaderAt: its
// parts are found by name (case-insensitively, as OPC says) and inflated as
// streams whose size and ratio are checked while they inflate.
type archive struct {
	zr    *zip.Reader
	parts map[string]*zip.File // by lower-case name, without a leading '/'
	lim   Limits
	// One part is read at a time: its inflater and buffer are reused.
	fl  io.ReadCloser
	raw *countingReader
}

// openArchive reads the ZIP's directory, after checking, from its end
// record, that it lists at most lim.MaxEntries entries in at most
// lim.MaxDirectoryBytes (archive/zip would load any number of them).
func openArchive(r io.ReaderAt, size int64, lim Limits) (*archive, *problem) {
	entries, dirSize, err := zipDirectory(r, size)
	if err != nil {
		return nil, &problem{kind: probNotWorkbook, detail: "not a ZIP file"}
	}
	if entries > uint64(lim.MaxEntries) || dirSize > uint64(lim.MaxDirectoryBytes) {
		return nil, &problem{kind: probTooManyParts, n: int64(entries)}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &problem{kind: probDamaged, detail: "its ZIP directory cannot be read"}
	}
	a := &archive{zr: zr, parts: make(map[string]*zip.File, len(zr.File)), lim: lim}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := a.parts[name]; dup {
			return nil, &problem{kind: probDamaged, detail: fmt.Sprintf("it holds the part %q twice", f.Name)}
		}
		a.parts[name] = f
	}
	return a, nil
}

// zipDirectory reads the end of a ZIP file: how many entries its central
// directory lists, and its size (ZIP64 included).
func zipDirectory(r io.ReaderAt, size int64) (entries, dirSize uint64, err error) {
	const endLen, maxComment = 22, 1<<16 - 1
	n := min(size, endLen+maxComment)
	if n < endLen {
		return 0, 0, errors.New("too short")
	}
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return 0, 0, err
	}
	at := -1
	for i := len(buf) - endLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == 0x06054b50 {
			at = i
			break
		}
	}
	if at < 0 {
		return 0, 0, errors.New("no end of central directory")
	}
	end := buf[at:]
	entries = uint64(binary.LittleEndian.Uint16(end[10:]))
	dirSize = uint64(binary.LittleEndian.Uint32(end[12:]))
	if entries != 0xFFFF && dirSize != 0xFFFFFFFF {
		return entries, dirSize, nil
	}
	// ZIP64: a locator just before the end record gives the ZIP64 end record.
	if at < 20 {
		loc := make([]byte, 20)
		off := size - n + int64(at) - 20
		if off < 0 {
			return 0, 0, errors.New("no ZIP64 locator")
		}
		if _, err := r.ReadAt(loc, off); err != nil {
			return 0, 0, err
		}
		return zip64Directory(r, size, loc)
	}
	return zip64Directory(r, size, buf[at-20:at])
}

func zip64Directory(r io.ReaderAt, size int64, loc []byte) (uint64, uint64, error) {
	if binary.LittleEndian.Uint32(loc) != 0x07064b50 {
		return 0, 0, errors.New("no ZIP64 locator")
	}
	off := binary.LittleEndian.Uint64(loc[8:])
	if off > uint64(size)-56 {
		return 0, 0, errors.New("bad ZIP64 locator")
	}
	rec := make([]byte, 56)
	if _, err := r.ReadAt(rec, int64(off)); err != nil {
		return 0, 0, err
	}
	if binary.LittleEndian.Uint32(rec) != 0x06064b50 {
		return 0, 0, errors.New("bad ZIP64 end record")
	}
	return binary.LittleEndian.Uint64(rec[32:]), binary.LittleEndian.Uint64(rec[40:]), nil
}

// file returns the part of that name (any leading '/', any case), or nil.
func (a *archive) file(name string) *zip.File {
	return a.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// has reports whether the archive holds a part of that name.
func (a *archive) has(name string) bool { return a.file(name) != nil }

// open inflates a part as a stream of at most max bytes, whose ratio to the
// compressed bytes read stays under lim.MaxRatio (past a first
// lim.RatioSlack bytes): beyond either, reading fails with a *problem. At
// its end, the part's size and CRC-32 are checked against the directory's.
func (a *archive) open(name string, max int64) (*partReader, *problem) {
	f := a.file(name)
	if f == nil {
		return nil, &problem{kind: probDamaged, detail: fmt.Sprintf("the part %q is missing", name)}
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, &problem{kind: probPartTooLarge, part: f.Name, n: max}
	}
	if f.Flags&0x1 != 0 {
		return nil, &problem{kind: probProtected}
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, &problem{kind: probDamaged, detail: fmt.Sprintf("the part %q cannot be read", f.Name)}
	}
	if a.raw == nil {
		a.raw = &countingReader{br: bufio.NewReaderSize(raw, 32<<10)}
	} else {
		a.raw.br.Reset(raw)
	}
	a.raw.n = 0
	p := &partReader{f: f, raw: a.raw, max: max, ratio: int64(a.lim.MaxRatio), slack: a.lim.RatioSlack, crc: crc32.NewIEEE()}
	switch f.Method {
	case zip.Store:
		p.r = a.raw
	case zip.Deflate:
		if a.fl == nil {
			a.fl = flate.NewReader(a.raw)
		} else if err := a.fl.(flate.Resetter).Reset(a.raw, nil); err != nil {
			return nil, &problem{kind: probDamaged, detail: fmt.Sprintf("the part %q cannot be inflated", f.Name)}
		}
		p.r = a.fl
	default:
		return nil, &problem{kind: probDamaged, detail: fmt.Sprintf("the part %q is compressed with method %d, which XLSX does not use", f.Name, f.Method)}
	}
	return p, nil
}

// partReader is a part being inflated, within its bounds.
type partReader struct {
	f            *zip.File
	raw          *countingReader
	r            io.Reader
	n, max       int64
	ratio, slack int64
	crc          hash.Hash32
	done         bool
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.done {
		return 0, io.EOF
	}
	n, err := p.r.Read(b)
	p.n += int64(n)
	p.crc.Write(b[:n])
	if p.n > p.max {
		return 0, &problem{kind: probPartTooLarge, part: p.f.Name, n: p.max}
	}
	if p.n > p.slack && p.n > p.ratio*max(p.raw.n, 1) {
		return 0, &problem{kind: probRatio, part: p.f.Name, n: p.ratio}
	}
	if err == io.EOF {
		p.done = true
		if uint64(p.n) != p.f.UncompressedSize64 || p.crc.Sum32() != p.f.CRC32 {
			return n, &problem{kind: probDamaged, detail: fmt.Sprintf("the part %q does not match its checksum", p.f.Name)}
		}
		return n, io.EOF
	}
	if err != nil {
		return n, &problem{kind: probDamaged, detail: fmt.Sprintf("the part %q cannot be inflated", p.f.Name)}
	}
	return n, nil
}

// Close ends the part's reading (the archive keeps the inflater for the
// next part).
func (p *partReader) Close() error { return nil }

// countingReader counts the compressed bytes read: a bufio.Reader, so that
// the inflater reads it byte by byte without a buffer of its own.
type countingReader struct {
	br *bufio.Reader
	n  int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.br.Read(b)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// resolve returns the part a relationship's target names, from the part
// source: relative to source's folder, or absolute.
func resolve(source, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir("/"+source), target)), "/")
}

// relsOf returns the name of the relationships part of a part:
// xl/workbook.xml → xl/_rels/workbook.xml.rels.
func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// sniff names, from its first bytes, what a file that is not an XLSX
// workbook is; "" when it looks like a ZIP.
func sniff(head []byte) problemKind {
	switch {
	case len(head) == 0:
		return probEmpty
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return 0
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return probCFB
	case bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return probXML2003
	case bytes.HasPrefix(head, []byte("<?xml")), bytes.HasPrefix(head, []byte("<")) && bytes.Contains(bytes.ToLower(head), []byte("<html")):
		return probHTML
	case looksLikeText(head):
		return probText
	}
	return probNotWorkbook
}

// looksLikeText reports whether head is text (UTF-8 or a single-byte
// encoding): no NUL, few control characters.
func looksLikeText(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	if len(head) == 0 {
		return false
	}
	bad := 0
	for _, c := range head {
		if c == 0 {
			return false
		}
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' {
			bad++
		}
	}
	return bad*100 < len(head)
}

// cfbEncrypted reports whether a compound file (the container of .xls
// workbooks, and of encrypted .xlsx ones) holds an encrypted package: its
// first directory sector names EncryptionInfo or EncryptedPackage.
func cfbEncrypted(r io.ReaderAt, size int64) bool {
	hdr := make([]byte, 512)
	if _, err := r.ReadAt(hdr, 0); err != nil {
		return false
	}
	shift := binary.LittleEndian.Uint16(hdr[30:])
	if shift != 9 && shift != 12 {
		return false
	}
	sector := int64(1) << shift
	first := int64(binary.LittleEndian.Uint32(hdr[48:]))
	off := (first + 1) * sector
	if first >= 0xFFFFFFFA || off+sector > size {
		return false
	}
	dir := make([]byte, sector)
	if _, err := r.ReadAt(dir, off); err != nil {
		return false
	}
	for i := 0; i+128 <= len(dir); i += 128 {
		n := int(binary.LittleEndian.Uint16(dir[i+64:]))
		if n < 2 || n > 64 {
			continue
		}
		name := make([]rune, 0, n/2)
		for k := 0; k+1 < n-2; k += 2 {
			name = append(name, rune(binary.LittleEndian.Uint16(dir[i+k:])))
		}
		switch string(name) {
		case "EncryptionInfo", "EncryptedPackage":
			return true
		}
	}
	return false
}
