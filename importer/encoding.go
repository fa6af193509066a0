package importer

import (
	"bytes"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// sniffFormat recognises, from a file's first bytes, formats that are not CSV
// text at all, and says what to do. It returns the zero text for anything
// else.
func sniffFormat(head []byte) i18n.Text {
	switch {
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return msgUTF16
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return msgZip
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		return msgXLS
	}
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if n := bytes.Count(head, []byte{0}); n > 0 && n*3 >= len(head) {
		return msgNUL
	}
	return i18n.Text{}
}

// windows1252 gives the characters of bytes 0x80–0x9F in Windows-1252; 0 marks
// the five bytes it leaves undefined. Bytes 0xA0–0xFF are Latin-1.
var windows1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// cp1252Rune returns the Windows-1252 character of a byte ≥ 0x80.
func cp1252Rune(b byte) (rune, bool) {
	if b >= 0xA0 {
		return rune(b), true
	}
	r := windows1252[b-0x80]
	return r, r != 0
}

// describeBadEncoding explains the invalid UTF-8 byte at off in rec: which
// byte, where in its line, and whether the text looks like Windows-1252. It
// quotes no content of the line, which may be personal data.
func describeBadEncoding(rec []byte, off int) i18n.Text {
	lineStart := bytes.LastIndexByte(rec[:off], '\n') + 1
	lineEnd := bytes.IndexByte(rec[off:], '\n')
	if lineEnd < 0 {
		lineEnd = len(rec)
	} else {
		lineEnd += off
	}
	b := rec[off]
	col := utf8.RuneCount(rec[lineStart:off]) + 1
	var r rune
	if looksLike1252(rec[lineStart:lineEnd]) {
		r, _ = cp1252Rune(b)
	}
	return msgBadUTF8(b, col, r)
}

// looksLike1252 reports whether every byte of line that is not valid UTF-8 is
// a character of Windows-1252, and no control character but tab and CR
// appears: the usual result of saving a French text as "CSV" in Excel.
func looksLike1252(line []byte) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(line[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			continue
		}
		if _, ok := cp1252Rune(c); !ok {
			return false
		}
		i++
	}
	return true
}
