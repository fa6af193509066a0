package xlsx

import (
	"math"
	"strconv"
	"strings"
)

// How a cell's number format shows a number: what the conversion needs of
// it. The conversion follows the matrice, not the display: only whether the
// number is a date or a time, and zeros a format pads a code with, count.
type numKind uint8

const (
	numGeneral numKind = iota // a number
	numDate                   // a date, maybe with a time of day
	numTime                   // a time of day or a duration, without a date
)

// numFormat is what a cell style's number format means for the conversion.
type numFormat struct {
	kind numKind
	pad  uint8 // a format of n zeros ("00000"): integers show with n digits
}

// builtinFormat classifies Excel's built-in number formats by ID (ECMA-376
// §18.8.30, and the locale-dependent date formats of East Asian versions).
func builtinFormat(id int) numFormat {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return numFormat{kind: numDate}
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return numFormat{kind: numTime}
	}
	return numFormat{}
}

// classifyFormat reads a custom number format code: a date when its first
// section has a year, a day or a month token, a time when it has only
// hours, minutes or seconds, a zero-padding when it is only zeros. Quoted
// text, escaped characters, fill and spacing characters and bracketed
// colours, conditions and locales are not tokens; [h], [mm] and [ss]
// (elapsed time) are time tokens; AM/PM marks a time.
func classifyFormat(code string) numFormat {
	if code == "" || strings.EqualFold(code, "General") {
		return numFormat{}
	}
	var date, clock, month, digits bool
	zeros, other := 0, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch c {
		case ';':
			i = len(code) // the first section only
			continue
		case '"':
			if k := strings.IndexByte(code[i+1:], '"'); k >= 0 {
				i += 1 + k
			} else {
				i = len(code)
			}
			other = true
			continue
		case '\\', '_', '*':
			i++
			other = true
			continue
		case '[':
			k := strings.IndexByte(code[i+1:], ']')
			if k < 0 {
				i = len(code)
				continue
			}
			inner := strings.ToLower(code[i+1 : i+1+k])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				clock = true
			}
			i += 1 + k
			continue
		case '0':
			zeros++
			continue
		case '#', '?', '.', ',':
			digits = true
			continue
		}
		switch lower := c | 0x20; lower {
		case 'y', 'd', 'g', 'b':
			if lower == 'b' && i+1 < len(code) && (code[i+1] == '1' || code[i+1] == '2') {
				continue // b1, b2: calendars of East Asian formats
			}
			if lower == 'g' && strings.HasPrefix(strings.ToLower(code[i:]), "general") {
				i += len("general") - 1
				digits = true
				continue
			}
			date = true
		case 'm':
			month = true
		case 'h', 's':
			clock = true
		case 'a':
			rest := strings.ToLower(code[i:])
			switch {
			case strings.HasPrefix(rest, "am/pm"):
				i += 4
				clock = true
			case strings.HasPrefix(rest, "a/p"):
				i += 2
				clock = true
			default:
				other = true
			}
		case 'e':
			// 0.00E+00 (scientific), or an era year (e, ee) of some locales
			if i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-') {
				digits = true
				i++
			} else {
				date = true
			}
		default:
			other = true
		}
	}
	switch {
	case date, month && !clock:
		return numFormat{kind: numDate}
	case clock:
		return numFormat{kind: numTime}
	case zeros > 1 && !digits && !other && zeros <= 20:
		return numFormat{pad: uint8(zeros)}
	}
	return numFormat{}
}

// Serial dates: the last day a worksheet holds, 31/12/9999.
const (
	maxSerial1900 = 2958465
	maxSerial1904 = maxSerial1900 - 1462
)

// appendSerialDate appends the date (and time of day, when it has one) of
// an Excel serial date, JJ/MM/AAAA[ HH:MM[:SS]], in the 1900 or the 1904
// date system. Serial 60 of the 1900 system is Excel's 29/02/1900, which
// never existed (it comes out as such, and fails a DATE check), and serial
// 0 is its 00/01/1900. It returns false for a number no date is (negative,
// beyond 9999, not finite).
func appendSerialDate(dst []byte, v float64, date1904, withDate bool) ([]byte, bool) {
	limit := float64(maxSerial1900 + 1)
	if date1904 {
		limit = maxSerial1904 + 1
	}
	if math.IsNaN(v) || v < 0 || v >= limit {
		return dst, false
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	if secs >= 86400 {
		days++
		secs = 0
	}
	if withDate {
		n := int(days)
		var y, m, d int
		switch {
		case date1904:
			y, m, d = civil(n + daysTo1904)
		case n == 0:
			y, m, d = 1900, 1, 0
		case n == 60:
			y, m, d = 1900, 2, 29
		case n < 60:
			y, m, d = civil(n + daysTo1899Dec31)
		default:
			y, m, d = civil(n + daysTo1899Dec30)
		}
		dst = appendTwo(dst, d)
		dst = append(dst, '/')
		dst = appendTwo(dst, m)
		dst = append(dst, '/')
		dst = strconv.AppendInt(dst, int64(y), 10)
		if secs == 0 {
			return dst, true
		}
		dst = append(dst, ' ')
	} else {
		secs += days * 86400 // a duration may go beyond a day
	}
	s := int64(secs)
	h, mi, se := s/3600, s/60%60, s%60
	if h < 10 {
		dst = append(dst, '0')
	}
	dst = strconv.AppendInt(dst, h, 10)
	dst = append(dst, ':')
	dst = appendTwo(dst, int(mi))
	if se != 0 {
		dst = append(dst, ':')
		dst = appendTwo(dst, int(se))
	}
	return dst, true
}

func appendTwo(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10%10), byte('0'+n%10))
}

// Days from 1970-01-01 to the epochs of the serial dates.
const (
	daysTo1899Dec30 = -25569
	daysTo1899Dec31 = -25568
	daysTo1904      = -24107
)

// civil returns the date of a day counted from 1970-01-01 (Howard
// Hinnant's days_from_civil, inverted).
func civil(days int) (y, m, d int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// appendNumber appends a number cell's value in plain digits, without an
// exponent: the shortest decimal that reads back as the same float64
// (strconv.FormatFloat(v, 'f', -1, 64)), rounded to 15 significant digits
// when it has more (Excel's and LibreOffice's precision: 1500.4999999999998
// is the 1500.5 they show). A value that is not a finite number is
// appended as written.
func appendNumber(dst, raw []byte) []byte {
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return append(dst, raw...)
	}
	return appendFloat(dst, v)
}

func appendFloat(dst []byte, v float64) []byte {
	if v == 0 {
		return append(dst, '0') // also -0
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', -1, 64)
	if significant(dst[start:]) <= 15 {
		return dst
	}
	var tmp [32]byte
	r, _ := strconv.ParseFloat(string(strconv.AppendFloat(tmp[:0], v, 'e', 14, 64)), 64)
	return strconv.AppendFloat(dst[:start], r, 'f', -1, 64)
}

// significant counts the significant digits of a plain decimal.
func significant(s []byte) int {
	n, started := 0, false
	trailing := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			continue
		}
		if c != '0' {
			started = true
		}
		if !started {
			continue
		}
		n++
		if c == '0' {
			trailing++
		} else {
			trailing = 0
		}
	}
	if !containsDot(s) {
		return n - trailing // 1500000000000000000000: trailing zeros of an integer are not digits of precision
	}
	return n
}

func containsDot(s []byte) bool {
	for _, c := range s {
		if c == '.' {
			return true
		}
	}
	return false
}

// integerDigits returns the digits of a non-negative whole number below
// 10^15, or false.
func integerDigits(dst []byte, v float64) ([]byte, bool) {
	if v < 0 || v >= 1e15 || v != math.Trunc(v) {
		return dst, false
	}
	return strconv.AppendInt(dst, int64(v), 10), true
}

// parseISODate reads the value of a cell of type d, ISO 8601:
// AAAA-MM-JJ, optionally followed by THH:MM[:SS[.fff]] and a zone (ignored).
func parseISODate(s []byte) (y, m, d, h, mi, sec int, hasTime, ok bool) {
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, len(b) > 0
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return
	}
	var ok1, ok2, ok3 bool
	y, ok1 = num(s[:4])
	m, ok2 = num(s[5:7])
	d, ok3 = num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return
	}
	rest := s[10:]
	if len(rest) == 0 {
		return y, m, d, 0, 0, 0, false, true
	}
	if rest[0] != 'T' && rest[0] != ' ' || len(rest) < 6 || rest[3] != ':' {
		return
	}
	h, ok1 = num(rest[1:3])
	mi, ok2 = num(rest[4:6])
	if !ok1 || !ok2 || h > 23 || mi > 59 {
		return
	}
	rest = rest[6:]
	if len(rest) >= 3 && rest[0] == ':' {
		if sec, ok1 = num(rest[1:3]); !ok1 || sec > 59 {
			return
		}
	}
	return y, m, d, h, mi, sec, h != 0 || mi != 0 || sec != 0, true
}
