package matrice

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// Control characters break terminals, spreadsheets and the tools
// downstream of E#L: a value holding one is refused with a type error that
// names it, whatever the field's type:
//
//	Attribute 'Nom' with value 'A\x00B' fails check for type is 'TXT' (control character U+0000)
//
// Refused: the C0 controls U+0000–U+001F but TAB, LF and CR; DEL U+007F;
// the C1 controls U+0080–U+009F. TAB, LF and CR stay: a quoted CSV cell may
// hold line breaks (Excel's Alt+Enter in an address), and a TAB is plain
// white space. The message shows each refused character as \xNN (C0, DEL)
// or \u00NN (C1), so that it can be printed.

// Words of 8 bytes, for hasControl's fast path.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// suspect reports whether one of the 8 bytes of x is below 0x20, 0x7F or
// 0xC2 (the first byte of the C1 controls, and of U+00A0–U+00BF): a byte
// controlIndex must look at.
func suspect(x uint64) bool {
	low := (x - 0x20*ones) &^ x & highs // a byte below 0x20 (its high bit clear)
	del := x ^ 0x7F*ones
	c2 := x ^ 0xC2*ones
	return low|((del-ones)&^del&highs)|((c2-ones)&^c2&highs) != 0
}

// hasControl reports whether v holds a refused control character. It
// allocates nothing and reads a value 8 bytes at a time, the last word
// overlapping the one before; only words with a suspect byte are looked at
// byte by byte.
func hasControl(v []byte) bool {
	n := len(v)
	if n < 8 {
		if n >= 4 {
			// Two words of 4 bytes, overlapping when n < 8, make one of 8.
			x := uint64(binary.LittleEndian.Uint32(v)) | uint64(binary.LittleEndian.Uint32(v[n-4:]))<<32
			if !suspect(x) {
				return false
			}
		}
		k, _ := controlFrom(v, 0)
		return k >= 0
	}
	for i := 0; i < n; i += 8 {
		if i > n-8 {
			i = n - 8
		}
		if suspect(binary.LittleEndian.Uint64(v[i:])) {
			k, _ := controlFrom(v, i)
			return k >= 0
		}
		if i == n-8 {
			break
		}
	}
	return false
}

// controlIndex returns the byte offset in v of the first refused control
// character and the character, or -1.
func controlIndex(v []byte) (int, rune) { return controlFrom(v, 0) }

// controlFrom is controlIndex from byte i on, i being at a character's
// start or on a continuation byte (which is never a control's first byte).
func controlFrom(v []byte, i int) (int, rune) {
	for ; i < len(v); i++ {
		switch c := v[i]; {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return i, rune(c)
			}
		case c == 0x7F:
			return i, 0x7F
		case c == 0xC2 && i+1 < len(v) && v[i+1] >= 0x80 && v[i+1] <= 0x9F:
			return i, rune(v[i+1]) // U+0080–U+009F, two bytes C2 80–C2 9F
		}
	}
	return -1, 0
}

// HasControl reports whether v holds a control character a value may not
// hold (see the package's checks): a C0 control other than TAB, LF and CR,
// DEL, or a C1 control.
func HasControl(v []byte) bool { return hasControl(v) }

// controlDetail is what a control character's type error adds to the
// type's words: " (control character U+0000)".
func controlDetail(r rune) string {
	h := strconv.FormatInt(int64(r), 16)
	for len(h) < 4 {
		h = "0" + h
	}
	return " (control character U+" + upper(h) + ")"
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// EscapeControls returns v with each refused control character written
// \xNN (C0 controls and DEL) or \u00NN (C1 controls), so that a value can be
// quoted in a message; other characters, TAB, LF and CR included, are kept.
func EscapeControls(v []byte) string {
	if !hasControl(v) {
		return string(v)
	}
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(v)+16)
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7F:
			out = append(out, '\\', 'x', hex[c>>4], hex[c&15])
			i++
			continue
		case c == 0xC2 && i+1 < len(v) && v[i+1] >= 0x80 && v[i+1] <= 0x9F:
			d := v[i+1]
			out = append(out, '\\', 'u', '0', '0', hex[d>>4], hex[d&15])
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		_, n := utf8.DecodeRune(v[i:])
		out = append(out, v[i:i+n]...)
		i += n
	}
	return string(out)
}
