package filename

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuotedName is the longest file name a message quotes whole: a valid
// name (AAAAMMJJ-IDENTIFIANT.xlsx) has at most 77 bytes. A longer one is
// quoted by its start and its end (CutName).
const MaxQuotedName = 96

// CutName returns a file name (or any name a client sent) fit to quote in
// a message, on a terminal or in a log: itself when it has at most
// MaxQuotedName bytes, else its first 60 and last 24 bytes around "…", cut
// between characters, so that an error never echoes a 60 KB name; control
// characters and bytes that are not UTF-8 become '?'. Every message that
// names a file a client sent goes through it.
func CutName(name string) string {
	name = Printable(name)
	if len(name) > MaxQuotedName {
		name = cutMiddle(name, 60, 24)
	}
	return name
}

// Printable returns s with its control characters and the bytes that are
// not UTF-8 replaced by '?': text from outside (a name, a certificate's
// subject) fit to print.
func Printable(s string) string {
	if isPrintable(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.IsControl(r) {
			b = append(b, '?')
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// isPrintable reports whether s is UTF-8 without control characters.
func isPrintable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// Cut returns s cut to at most n bytes between characters, followed by "…"
// when it was cut.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return CutBytes(s, n) + "…"
}

// CutBytes returns s cut to at most n bytes between characters, without a
// mark: for a name that must fit a bound (a file name's 255 bytes).
func CutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:runeStart(s, n)]
}

// cutMiddle keeps the first head and last tail bytes of s, between
// characters, around "…".
func cutMiddle(s string, head, tail int) string {
	end := len(s) - tail
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[:runeStart(s, head)] + "…" + s[end:]
}

// runeStart returns the largest i ≤ n at which a character of s starts.
func runeStart(s string, n int) int {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
