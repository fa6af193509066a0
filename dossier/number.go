package dossier

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// HIST is the operator code of dossiers from a history import: partners may
// update them but never create one.
const HIST = "HIST"

// MaxVersion is the highest sub-version a number can carry (three digits).
const MaxVersion = 999

// Number is a dossier number {VERSION}{OPER}{INDEX}: VERSION is optional,
// three digits and a dash ("001-"); OPER is the operator code, four
// characters [A-Z0-9]; INDEX is the operator's index, [A-Za-z0-9+_-]+.
// Example: 001-ADIE100876-AHG-4U is version 1, operator ADIE, index
// 100876-AHG-4U.
type Number struct {
	// Version is 0 for a main number, 1–999 for a sub-version.
	Version int
	// Oper is the operator code of the operator who first received the
	// beneficiary (HIST for history imports).
	Oper string
	// Index is unique at that operator.
	Index string
}

// The parts of a number, as NumberError names them.
const (
	PartVersion = "VERSION"
	PartOper    = "OPER"
	PartIndex   = "INDEX"
)

// ErrSyntax is wrapped by every NumberError.
var ErrSyntax = errors.New("invalid dossier number")

// NumberError reports a number that does not parse, naming the part at fault,
// like strconv.NumError.
type NumberError struct {
	Input string // the text given
	Part  string // PartVersion, PartOper or PartIndex ("" for the whole number)
	Err   error  // what is wrong with it
}

func (e *NumberError) Error() string {
	where := ""
	if e.Part != "" {
		where = " " + e.Part
	}
	return "dossier: number " + strconv.Quote(e.Input) + where + ": " + e.Err.Error()
}

// Unwrap returns ErrSyntax, for errors.Is.
func (e *NumberError) Unwrap() error { return ErrSyntax }

// ParseNumber parses a dossier number. Its errors are *NumberError. A version
// of 000 is refused: sub-versions are numbered from 001.
func ParseNumber(s string) (Number, error) {
	bad := func(part, format string, a ...any) (Number, error) {
		return Number{}, &NumberError{Input: s, Part: part, Err: fmt.Errorf(format, a...)}
	}
	var n Number
	rest := s
	if dash := strings.IndexByte(s, '-'); dash > 0 && dash <= 3 && allDigits(s[:dash]) {
		if dash != 3 { // "12-ADIE…": a version missing a digit
			return bad(PartVersion, "%q: a version is three digits and a dash, like 001-", s[:dash+1])
		}
		n.Version, _ = strconv.Atoi(s[:3])
		if n.Version == 0 {
			return bad(PartVersion, "000: sub-versions are numbered from 001")
		}
		rest = s[4:]
	}
	if len(rest) < 4 {
		return bad(PartOper, "want four characters A-Z or 0-9, then the index")
	}
	for i := 0; i < 4; i++ {
		if c := rest[i]; !isDigit(c) && (c < 'A' || c > 'Z') {
			return bad(PartOper, "%q: want four characters A-Z or 0-9", rest[:4])
		}
	}
	n.Oper, n.Index = rest[:4], rest[4:]
	if n.Index == "" {
		return bad(PartIndex, "empty: the operator's index follows the operator code")
	}
	for i := 0; i < len(n.Index); i++ {
		if c := n.Index[i]; !isDigit(c) && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '+' && c != '_' && c != '-' {
			return bad(PartIndex, "%q: want letters, digits, +, _ or - only", n.Index)
		}
	}
	return n, nil
}

// String formats the number: "001-ADIE100876-AHG-4U" or "ADIE100876-AHG-4U".
func (n Number) String() string {
	if n.Version == 0 {
		return n.Oper + n.Index
	}
	if n.Version < 0 || n.Version > 999 {
		return fmt.Sprintf("%03d-%s%s", n.Version, n.Oper, n.Index)
	}
	v := n.Version
	b := make([]byte, 0, 4+len(n.Oper)+len(n.Index))
	b = append(b, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10), '-')
	b = append(append(b, n.Oper...), n.Index...)
	return string(b)
}

// IsSub reports whether the number is a sub-version.
func (n Number) IsSub() bool { return n.Version > 0 }

// IsHIST reports whether the number comes from a history import.
func (n Number) IsHIST() bool { return n.Oper == HIST }

// Main returns the main number of a sub-version (the number itself for a
// main number).
func (n Number) Main() Number { return Number{Oper: n.Oper, Index: n.Index} }

// Sub returns the sub-version v of the number's main dossier.
func (n Number) Sub(v int) Number { return Number{Version: v, Oper: n.Oper, Index: n.Index} }

// Next returns the sub-version after highest (0 when the dossier has none
// yet): the number a new sub-version must take. It fails past MaxVersion.
func (n Number) Next(highest int) (Number, error) {
	if highest >= MaxVersion {
		return Number{}, fmt.Errorf("dossier %s already has sub-version %03d, the last possible", n.Main(), MaxVersion)
	}
	return n.Sub(highest + 1), nil
}

// Compare orders numbers by main number (operator, then index), then
// version: a main dossier comes before its sub-versions.
func Compare(a, b Number) int {
	if c := strings.Compare(a.Oper, b.Oper); c != 0 {
		return c
	}
	if c := strings.Compare(a.Index, b.Index); c != 0 {
		return c
	}
	switch {
	case a.Version < b.Version:
		return -1
	case a.Version > b.Version:
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
