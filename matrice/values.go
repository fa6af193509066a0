package matrice

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date packed as AAAAMMJJ (year*10000 + month*100 + day), so
// that dates compare as integers. The zero Date is "no date".
type Date int32

// NewDate returns the Date of year, month and day, which must be a real
// calendar date (see ValidDate).
func NewDate(year, month, day int) Date { return Date(year*10000 + month*100 + day) }

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, int(m), d)
}

// Year, Month and Day return the parts of d.
func (d Date) Year() int  { return int(d) / 10000 }
func (d Date) Month() int { return int(d) / 100 % 100 }
func (d Date) Day() int   { return int(d) % 100 }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == 0 }

// String formats d as JJ/MM/AAAA, the matrice's date format.
func (d Date) String() string {
	b := make([]byte, 0, 10)
	b = appendPadded(b, d.Day(), 2)
	b = append(b, '/')
	b = appendPadded(b, d.Month(), 2)
	b = append(b, '/')
	return string(appendPadded(b, d.Year(), 4))
}

// ISO formats d as AAAA-MM-JJ.
func (d Date) ISO() string {
	b := make([]byte, 0, 10)
	b = appendPadded(b, d.Year(), 4)
	b = append(b, '-')
	b = appendPadded(b, d.Month(), 2)
	b = append(b, '-')
	return string(appendPadded(b, d.Day(), 2))
}

// MarshalText formats d as AAAA-MM-JJ, and the zero Date as "": JSON shows
// dates this way.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.ISO()), nil
}

// UnmarshalText parses AAAA-MM-JJ (or "" for the zero Date).
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return fmt.Errorf("matrice: date %q is not AAAA-MM-JJ", b)
	}
	v, ok := dateOfDigits(b[0:4], b[5:7], b[8:10])
	if !ok {
		return fmt.Errorf("matrice: %q is not a calendar date", b)
	}
	*d = v
	return nil
}

func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// AddYears returns the anniversary of d n years later. A 29 February whose
// anniversary year is not a leap year gives 1 March.
func (d Date) AddYears(n int) Date {
	y, m, day := d.Year()+n, d.Month(), d.Day()
	if m == 2 && day == 29 && !isLeap(y) {
		m, day = 3, 1
	}
	return NewDate(y, m, day)
}

// ValidDate reports whether year, month and day form a real calendar date
// between the years 1 and 9999.
func ValidDate(year, month, day int) bool {
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(year, month int) int {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	default:
		return 31
	}
}

// ParseDate parses a JJ/MM/AAAA date, exactly two, two and four digits, that
// must be a real calendar date. It does not allocate.
func ParseDate[S ~string | ~[]byte](s S) (Date, bool) {
	if len(s) != 10 || s[2] != '/' || s[5] != '/' {
		return 0, false
	}
	// Every cell of a line holding dates goes through here: the digits
	// are read without a loop, a byte below '0' wrapping above 9.
	d0, d1, m0, m1 := s[0]-'0', s[1]-'0', s[3]-'0', s[4]-'0'
	y0, y1, y2, y3 := s[6]-'0', s[7]-'0', s[8]-'0', s[9]-'0'
	if d0 > 9 || d1 > 9 || m0 > 9 || m1 > 9 || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 {
		return 0, false
	}
	d, m := int(d0)*10+int(d1), int(m0)*10+int(m1)
	y := int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	if !ValidDate(y, m, d) {
		return 0, false
	}
	return NewDate(y, m, d), true
}

// ParseCompactDate parses an AAAAMMJJ date, as file names carry it.
func ParseCompactDate[S ~string | ~[]byte](s S) (Date, bool) {
	if len(s) != 8 {
		return 0, false
	}
	return dateOfDigits(s[0:4], s[4:6], s[6:8])
}

// dateOfDigits builds a date from the digits of its year, month and day.
func dateOfDigits[S ~string | ~[]byte](year, month, day S) (Date, bool) {
	y, ok1 := digits(year)
	m, ok2 := digits(month)
	d, ok3 := digits(day)
	if !ok1 || !ok2 || !ok3 || !ValidDate(y, m, d) {
		return 0, false
	}
	return NewDate(y, m, d), true
}

// digits parses a short run of ASCII digits.
func digits[S ~string | ~[]byte](s S) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// allDigits reports whether s is one or more ASCII digits (type NUM).
func allDigits(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// decimal is a number split into its sign, its integer digits without leading
// zeros and its fraction digits without trailing zeros. It aliases the text
// it was parsed from.
type decimal[S ~string | ~[]byte] struct {
	neg        bool
	whole, fra S
}

// parseDecimal parses -?[0-9]+([.,][0-9]+)? (type DEC; NUM values are the
// subset without sign nor fraction). It does not allocate.
func parseDecimal[S ~string | ~[]byte](s S) (decimal[S], bool) {
	var d decimal[S]
	if len(s) > 0 && s[0] == '-' {
		d.neg = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return d, false
	}
	d.whole = s[:i]
	if i < len(s) {
		if s[i] != '.' && s[i] != ',' {
			return d, false
		}
		j := i + 1
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		if j == i+1 || j != len(s) {
			return d, false
		}
		d.fra = s[i+1:]
	}
	for len(d.whole) > 0 && d.whole[0] == '0' {
		d.whole = d.whole[1:]
	}
	for len(d.fra) > 0 && d.fra[len(d.fra)-1] == '0' {
		d.fra = d.fra[:len(d.fra)-1]
	}
	if len(d.whole) == 0 && len(d.fra) == 0 {
		d.neg = false // -0 is 0
	}
	return d, true
}

// Fixed point: a decimal of at most fixedWhole integer digits and
// fixedFraction fraction digits is an int64 counting 10^-fixedFraction, so
// that the check path compares bounds as integers.
const (
	fixedWhole    = 14
	fixedFraction = 4
)

// fixedOf returns d in fixed point, when it fits.
func fixedOf[S ~string | ~[]byte](d decimal[S]) (int64, bool) {
	if len(d.whole) > fixedWhole || len(d.fra) > fixedFraction {
		return 0, false
	}
	var x int64
	for i := 0; i < len(d.whole); i++ {
		x = x*10 + int64(d.whole[i]-'0')
	}
	for i := 0; i < fixedFraction; i++ {
		x *= 10
		if i < len(d.fra) {
			x += int64(d.fra[i] - '0')
		}
	}
	if d.neg {
		x = -x
	}
	return x, true
}

// compareDecimal returns -1, 0 or +1 as a is less than, equal to or greater
// than b, exactly, whatever the number of digits.
func compareDecimal[A ~string | ~[]byte, B ~string | ~[]byte](a decimal[A], b decimal[B]) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := compareMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func compareMagnitude[A ~string | ~[]byte, B ~string | ~[]byte](a decimal[A], b decimal[B]) int {
	if len(a.whole) != len(b.whole) {
		if len(a.whole) < len(b.whole) {
			return -1
		}
		return 1
	}
	for i := 0; i < len(a.whole); i++ {
		if a.whole[i] != b.whole[i] {
			if a.whole[i] < b.whole[i] {
				return -1
			}
			return 1
		}
	}
	n := max(len(a.fra), len(b.fra))
	for i := 0; i < n; i++ {
		var x, y byte = '0', '0'
		if i < len(a.fra) {
			x = a.fra[i]
		}
		if i < len(b.fra) {
			y = b.fra[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// validEmail reports whether s has one @, a non-empty local part, a domain
// with a dot, and no white space.
func validEmail(s []byte) bool {
	at := -1
	for i, c := range s {
		switch c {
		case '@':
			if at >= 0 {
				return false
			}
			at = i
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return false
		}
	}
	if at <= 0 {
		return false
	}
	for _, c := range s[at+1:] {
		if c == '.' {
			return true
		}
	}
	return false
}

// validTel reports whether s, once its spaces and dots are removed, is
// 0[1-9][0-9]{8} or \+33[1-9][0-9]{8}.
func validTel(s []byte) bool {
	if len(s) == 10 && s[0] == '0' && s[1] != '0' && allDigits(s) {
		return true // the usual form, without separators
	}
	var buf [16]byte
	n := 0
	for _, c := range s {
		if c == ' ' || c == '.' {
			continue
		}
		if n == len(buf) {
			return false
		}
		buf[n] = c
		n++
	}
	t := buf[:n]
	switch {
	case len(t) == 10 && t[0] == '0':
		t = t[1:]
	case len(t) == 12 && t[0] == '+' && t[1] == '3' && t[2] == '3':
		t = t[3:]
	default:
		return false
	}
	return t[0] != '0' && allDigits(t)
}

// validDossier reports whether s is a dossier number {VERSION}{OPER}{INDEX}:
// VERSION optional, three digits and a dash; OPER four [A-Z0-9]; INDEX one or
// more [A-Za-z0-9+_-]. Package dossier parses numbers into their parts; its
// tests check that both agree.
func validDossier(s []byte) bool {
	if HasVersion(s) {
		s = s[4:]
	}
	if len(s) < 5 {
		return false
	}
	for _, c := range s[:4] {
		if !isDigit(c) && (c < 'A' || c > 'Z') {
			return false
		}
	}
	for _, c := range s[4:] {
		if !indexBytes[c] {
			return false
		}
	}
	return true
}

// indexBytes tells the bytes isIndexByte accepts, for validDossier's loop.
var indexBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = isIndexByte(byte(c))
	}
	return t
}()

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIndexByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '+' || c == '_' || c == '-'
}

// TrimSpace trims white space (ASCII spaces, tabs, CR, LF, and the no-break
// space U+00A0 Excel likes to leave) from both ends of s, without allocating.
func TrimSpace(s []byte) []byte {
	for len(s) > 0 {
		if c := s[0]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
			s = s[1:]
		} else if c == 0xC2 && len(s) > 1 && s[1] == 0xA0 {
			s = s[2:]
		} else {
			break
		}
	}
	for len(s) > 0 {
		n := len(s)
		if c := s[n-1]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
			s = s[:n-1]
		} else if c == 0xA0 && n > 1 && s[n-2] == 0xC2 {
			s = s[:n-2]
		} else {
			break
		}
	}
	return s
}
