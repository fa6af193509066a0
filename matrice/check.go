package matrice

import (
	"encoding/binary"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Check is the stable code of a failed check on a line. The codes and their
// messages are those of the spec (§3); see Row.Message.
type Check string

// The checks of a line. A field gets at most one error: the first failing
// check in the order required (or required_if, required_close), type,
// length, range, pattern, enum. Rules run afterwards.
const (
	CheckType          Check = "type"           // the value is not of the field's type
	CheckRequired      Check = "required"       // empty, and ObligatoireImport is OUI
	CheckRequiredIf    Check = "required_if"    // empty, and ObligatoireImport's SI: condition holds
	CheckRequiredClose Check = "required_close" // empty, and the line closes a phase that needs it
	CheckLength        Check = "length"         // too few or too many characters
	CheckRange         Check = "range"          // below Min or above Max (or the file's date)
	CheckPattern       Check = "pattern"        // does not match Motif
	CheckEnum          Check = "enum"           // not one of Valeurs
	CheckRule          Check = "rule"           // a named cross-field rule fails
	CheckCells         Check = "cells"          // the line has too few cells, or too many non-empty ones
	CheckConflict      Check = "conflict"       // a DOSSIER field disagrees with an earlier line of the dossier

	// Checks against the consolidated store (spec §4), on the dossier number.
	CheckOperator        Check = "operator"         // a new number's operator code is not the partner's
	CheckHIST            Check = "hist"             // a HIST number that does not exist: they are never created
	CheckSubversionMain  Check = "subversion_main"  // a new sub-version whose main dossier does not exist
	CheckSubversionNext  Check = "subversion_next"  // a new sub-version that is not the highest + 1
	CheckSubversionOwner Check = "subversion_owner" // a sub-version updated by another partner than its creator
	CheckSubversionPhase Check = "subversion_phase" // a new sub-version on a phase other than 2
)

// Failure is one failed check of a row. Row.Message turns it into the
// spec's message; its value is the row's (trimmed, mapped) value of Field.
type Failure struct {
	// Field is the index of the field in the matrice.
	Field int
	// Check is the failed check.
	Check Check
	// Rule names the rule, for CheckRule.
	Rule string
	// Detail is the description of a check added with Row.Fail ("agrees with
	// line 12 ('Dupont')"), the words after "fails check for ".
	Detail string

	closing Closing
	key     int   // sort key: column position for fields, after them for rules
	control int32 // for a type error caused by a control character: the character + 1
}

// RowOptions configures the rows of one file.
type RowOptions struct {
	// Order lists the field indices in the file's column order; errors come
	// out in that order. Nil means the matrice's order. It must hold each
	// field index once.
	Order []int
	// FileDate is the file's date: DATE fields without Max must be on or
	// before it. Zero means no such bound.
	FileDate Date
	// Correspondences maps the partner's ENUM and BOOL values to the
	// matrice's before any check. Nil means none.
	Correspondences *Correspondences
	// Columns maps a line's cells to fields for ResetLine: cell j sets
	// field Columns[j], a negative one none (SetCells's cols). Nil means
	// no cell sets any field.
	Columns []int
}

// Row holds one line's values and checks them against a matrice. It is
// reusable line after line and allocates nothing per value while the line is
// valid. A Row is not safe for concurrent use: give each goroutine its own.
type Row struct {
	m      *Matrice
	pos    []int // field index → column position
	corr   []map[string][]byte
	vals   [][]byte
	dates  []Date
	state  []uint8 // ok, own check failed, other check failed
	fails  []Failure
	dateHi []Date   // per field: the DATE upper bound in force
	dateRM []string // per DATE field without Max: its range message
	cols   []int    // RowOptions.Columns
	covers bool     // cols gives every field a column
}

const (
	stateOK uint8 = iota
	stateOwnFailed
	stateFailed
)

// NewRow returns a Row for the lines of one file.
func (m *Matrice) NewRow(o RowOptions) *Row {
	n := len(m.fields)
	r := &Row{
		m:      m,
		pos:    make([]int, n),
		vals:   make([][]byte, n),
		dates:  make([]Date, n),
		state:  make([]uint8, n),
		dateHi: make([]Date, n),
		dateRM: make([]string, n),
	}
	for i := range r.pos {
		r.pos[i] = i
	}
	r.cols = slices.Clone(o.Columns)
	seen := make([]bool, n)
	set := 0
	for _, i := range r.cols {
		if i >= 0 && i < n && !seen[i] {
			seen[i] = true
			set++
		}
	}
	r.covers = set == n
	for p, i := range o.Order {
		if i >= 0 && i < n {
			r.pos[i] = p
		}
	}
	if c := o.Correspondences; c != nil {
		r.corr = make([]map[string][]byte, n)
		for i, f := range m.fields {
			r.corr[i] = c.byField[f.Name]
		}
	}
	for i, c := range m.cf {
		if c.kind != kindDATE {
			continue
		}
		r.dateHi[i] = c.dhi
		if !c.hasHi && !o.FileDate.IsZero() {
			r.dateHi[i] = o.FileDate
			r.dateRM[i] = rangeMessage(m.fields[i].Min, o.FileDate.String())
		}
	}
	return r
}

// Clone returns a new Row for the same file: the same options, with no
// value yet. It shares with r what does not change from line to line, so
// it costs less than NewRow; each Row is still for one goroutine.
func (r *Row) Clone() *Row {
	n := len(r.m.fields)
	return &Row{
		m:      r.m,
		pos:    r.pos,
		corr:   r.corr,
		vals:   make([][]byte, n),
		dates:  make([]Date, n),
		state:  make([]uint8, n),
		dateHi: r.dateHi,
		dateRM: r.dateRM,
		cols:   r.cols,
		covers: r.covers,
	}
}

// Matrice returns the matrice the row checks against.
func (r *Row) Matrice() *Matrice { return r.m }

// Reset clears the row for the next line.
func (r *Row) Reset() {
	clear(r.vals)
	clear(r.state)
	r.fails = r.fails[:0]
}

// Set stores the raw value of field i: trimmed of surrounding white space,
// then mapped through the correspondence table. The row keeps raw (or the
// table's value) until Reset: raw must not change meanwhile.
func (r *Row) Set(i int, raw []byte) {
	v := raw
	if n := len(v); n > 0 && (v[0] <= ' ' || v[0] == 0xC2 || v[n-1] <= ' ' || v[n-1] == 0xA0) {
		v = TrimSpace(v) // most values have nothing to trim: only look at their ends
	}
	if r.corr != nil && r.corr[i] != nil {
		if mapped, ok := r.corr[i][string(v)]; ok {
			v = mapped
		}
	}
	r.vals[i] = v
}

// SetCells sets the fields of a line from its cells in one call: field
// cols[j] takes cells[j], as Set would take it (trimmed, mapped); a column
// whose cols[j] is negative is not a field. len(cells) must be at least
// len(cols). It is Set for every column, without a call per cell.
func (r *Row) SetCells(cells [][]byte, cols []int) {
	cells = cells[:len(cols)]
	vals, corr := r.vals, r.corr
	for j, i := range cols {
		if uint(i) >= uint(len(vals)) {
			continue // negative: not a field
		}
		v := cells[j]
		if n := len(v); n > 0 && (v[0] <= ' ' || v[0] == 0xC2 || v[n-1] <= ' ' || v[n-1] == 0xA0) {
			v = TrimSpace(v)
		}
		if corr != nil && corr[i] != nil {
			if mapped, ok := corr[i][string(v)]; ok {
				v = mapped
			}
		}
		vals[i] = v
	}
}

// ResetLine is Reset then SetCells(cells, RowOptions.Columns), for the next
// line of a file: len(cells) must be at least len(Columns). When Columns
// gives every field a column, as a file's checked header does, the values
// are not cleared first, SetCells setting them all (clearing the values of
// rows no longer in the processor's caches cost 3 % of a file's
// validation).
func (r *Row) ResetLine(cells [][]byte) {
	clear(r.state)
	r.fails = r.fails[:0]
	if !r.covers {
		clear(r.vals)
	}
	r.SetCells(cells, r.cols)
}

// Value returns the value of field i as checked: trimmed and mapped.
func (r *Row) Value(i int) []byte { return r.vals[i] }

// Date returns the value of DATE field i once it passed its type check.
func (r *Row) Date(i int) Date { return r.dates[i] }

// Failed reports whether field i has an error.
func (r *Row) Failed(i int) bool { return r.state[i] != stateOK }

// Closing returns the closing obligations that apply to the row: those of
// its phase when DateFinPhase has a value.
func (r *Row) Closing() (Closing, bool) {
	m := r.m
	if m.dateFin < 0 || m.phase < 0 || len(r.vals[m.dateFin]) == 0 {
		return 0, false
	}
	switch string(r.vals[m.phase]) {
	case "1":
		return ClosePhase1, true
	case "2":
		if m.creation >= 0 && string(r.vals[m.creation]) == "OUI" {
			return ClosePhase2, true
		}
		return ClosePhase2SansCreation, true
	case "3":
		return ClosePhase3, true
	}
	return 0, false
}

// Check runs every field check, then the rules, and returns the failures:
// fields in the file's column order, then rules. The slice is reused by the
// next line.
func (r *Row) Check() []Failure {
	r.CheckFields()
	r.CheckRules()
	return r.Failures()
}

// CheckFields runs each field's own checks (obligation, type, length, range,
// pattern, enum), keeping the first failure of each field.
func (r *Row) CheckFields() {
	closing, closes := r.Closing()
	quietIf := uint8(1) // an empty value needs no check when these bits of its quiet are set
	if closes {
		quietIf |= 2 << closing
	}
	cf, vals := r.m.cf, r.vals[:len(r.m.cf)]
	quick := r.m.quick[:len(vals)]
	for i, v := range vals {
		if len(v) == 0 {
			if quick[i].quiet&quietIf == quietIf {
				continue // an empty cell that no obligation concerns, checked without a call
			}
			// An obligation that does not hold, as checkField finds it,
			// without the call (about one empty cell in five).
			if c := &cf[i]; !r.holds(&c.imp) && !(closes && r.holds(&c.close[closing])) {
				continue
			}
		} else {
			switch quick[i].fast {
			case fastEnum:
				if cf[i].enum.has(v) {
					continue
				}
			case fastBool:
				if string(v) == "OUI" || string(v) == "NON" {
					continue
				}
			case fastDate:
				c := &cf[i]
				if d, ok := ParseDate(v); ok && !(c.hasLo && d < c.dlo || r.dateHi[i] != 0 && d > r.dateHi[i]) {
					r.dates[i] = d
					continue
				}
			case fastText:
				c := &cf[i]
				if !hasControl(v) && (c.minLen == 0 && c.maxLen == 0 || c.lengthOK(v)) {
					continue
				}
			case fastNum:
				c := &cf[i]
				if allDigits(v) && len(v) >= c.minLen && (c.maxLen == 0 || len(v) <= c.maxLen) {
					continue // digits: as many characters as bytes
				}
			}
		}
		if check := r.checkField(&cf[i], i, v, closing, closes); check != "" {
			r.state[i] = stateOwnFailed
			f := Failure{Field: i, Check: check, closing: closing, key: r.pos[i]}
			if check == CheckType {
				if k, c := controlIndex(r.vals[i]); k >= 0 {
					f.control = c + 1
				}
			}
			r.fails = append(r.fails, f)
		}
	}
}

// checkField checks field i, whose compiled field is c and value v.
func (r *Row) checkField(c *compiledField, i int, v []byte, closing Closing, closes bool) Check {
	if len(v) == 0 {
		if r.holds(&c.imp) {
			if c.imp.kind == always {
				return CheckRequired
			}
			return CheckRequiredIf
		}
		if closes && r.holds(&c.close[closing]) {
			return CheckRequiredClose
		}
		return ""
	}

	// No value holds a control character (control.go). The types whose
	// own rule admits none (NUM, DEC, DATE, BOOL, TEL, DOSSIER) fail it
	// anyway, and CheckFields names the character; an ENUM value holding
	// one fails a later check, which orType turns into CheckType: only TXT
	// and EMAIL values are scanned, whether they fail or not.
	if c.kind == kindTXT || c.kind == kindEMAIL {
		if hasControl(v) {
			return CheckType
		}
	}
	// The type check, on the compiled kind: a switch on small integers,
	// where one on the Type strings would compare strings for every cell.
	var num decimal[[]byte] // NUM and DEC values, parsed only when bounded
	switch c.kind {
	case kindNUM:
		if !allDigits(v) {
			return CheckType
		}
		if c.hasLo || c.hasHi {
			num, _ = parseDecimal(v) // digits always parse
		}
	case kindDEC:
		var ok bool
		if num, ok = parseDecimal(v); !ok {
			return CheckType
		}
	case kindDATE:
		d, ok := ParseDate(v)
		if !ok {
			return CheckType
		}
		r.dates[i] = d
	case kindBOOL:
		if string(v) != "OUI" && string(v) != "NON" {
			return CheckType
		}
	case kindEMAIL:
		if !validEmail(v) {
			return CheckType
		}
	case kindTEL:
		if !validTel(v) {
			return CheckType
		}
	case kindDOSSIER:
		if !validDossier(v) {
			return CheckType
		}
	}

	if (c.minLen > 0 || c.maxLen > 0) && !c.lengthOK(v) {
		return c.orType(v, CheckLength)
	}

	switch c.kind {
	case kindNUM, kindDEC:
		if !c.hasLo && !c.hasHi {
			break
		}
		if x, ok := fixedOf(num); ok && c.fixed {
			if c.hasLo && x < c.fixedLo || c.hasHi && x > c.fixedHi {
				return CheckRange
			}
			break
		}
		if c.hasLo && compareDecimal(num, c.lo) < 0 || c.hasHi && compareDecimal(num, c.hi) > 0 {
			return CheckRange
		}
	case kindDATE:
		d := r.dates[i]
		if c.hasLo && d < c.dlo || r.dateHi[i] != 0 && d > r.dateHi[i] {
			return CheckRange
		}
	}

	if c.pattern != nil && !c.pattern.match(v) {
		return c.orType(v, CheckPattern)
	}
	if c.kind == kindENUM && !c.enum.has(v) {
		return c.orType(v, CheckEnum)
	}
	return ""
}

// orType returns the failed check of a value that was not scanned for
// control characters (an ENUM's): CheckType when it holds one.
func (c *compiledField) orType(v []byte, check Check) Check {
	if c.kind == kindENUM && hasControl(v) {
		return CheckType
	}
	return check
}

// lengthOK reports whether v has between minLen and maxLen characters
// (runes). A value of n bytes has between n/4 (rounded up) and n runes, so
// most values are decided without counting.
func (c *compiledField) lengthOK(v []byte) bool {
	n := len(v)
	if c.minLen <= (n+3)/4 && (c.maxLen == 0 || n <= c.maxLen) {
		return true
	}
	if n >= c.minLen && (c.maxLen == 0 || n <= c.maxLen) && isASCII(v) {
		return true // n ASCII bytes are n runes: a code (CodePostal, SIRET, a dossier number) is decided at once
	}
	runes := runeCount(v)
	return runes >= c.minLen && (c.maxLen == 0 || runes <= c.maxLen)
}

// isASCII reports whether v is ASCII, reading it eight bytes at a time.
func isASCII(v []byte) bool {
	var x uint64
	i := 0
	for ; i+8 <= len(v); i += 8 {
		x |= binary.LittleEndian.Uint64(v[i:])
	}
	for _, c := range v[i:] {
		x |= uint64(c)
	}
	return x&highs == 0
}

// runeCount is utf8.RuneCount without its allocation: for a non-ASCII
// value over 32 bytes, utf8.RuneCount converts the rest of it to a string,
// which allocates. Invalid bytes count one each, as there.
func runeCount(v []byte) int {
	n := 0
	for i := 0; i < len(v); n++ {
		if v[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(v[i:])
		i += size
	}
	return n
}

// holds reports whether an obligation requires a value on this row.
func (r *Row) holds(o *compiledObligation) bool {
	switch o.kind {
	case always:
		return true
	case ifSet:
		return len(r.vals[o.field]) > 0
	case ifEquals:
		return string(r.vals[o.field]) == o.value
	}
	return false
}

// requires reports whether obligation o requires a value, value giving the
// other fields' values.
func requires[S ~string | ~[]byte](o compiledObligation, value func(int) S) bool {
	switch o.kind {
	case always:
		return true
	case ifSet:
		return len(value(o.field)) > 0
	case ifEquals:
		return string(value(o.field)) == o.value
	}
	return false
}

// Fail records a failure of a check that is not the matrice's own (such as
// CheckConflict) on field i, unless the field already has an error. detail is
// the check's description, the words after "fails check for ".
func (r *Row) Fail(i int, check Check, detail string) {
	if r.state[i] != stateOK {
		return
	}
	r.state[i] = stateFailed
	r.fails = append(r.fails, Failure{Field: i, Check: check, Detail: detail, key: r.pos[i]})
}

// CheckRules runs the rules, in declaration order, on fields without an
// error. A rule runs only when its field and the fields it reads have a value
// that passed their own checks.
func (r *Row) CheckRules() {
	n := len(r.m.fields)
rules:
	for k, rule := range r.m.rules {
		if r.state[rule.field] != stateOK || len(r.vals[rule.field]) == 0 {
			continue
		}
		for _, j := range rule.reads {
			if r.state[j] == stateOwnFailed || len(r.vals[j]) == 0 {
				continue rules
			}
		}
		if !rule.holds(r) {
			r.state[rule.field] = stateFailed
			r.fails = append(r.fails, Failure{Field: rule.field, Check: CheckRule, Rule: rule.decl.Name, key: n + k})
		}
	}
}

// Failures returns the failures found so far: fields in the file's column
// order, then rules in declaration order. The slice is reused by the next line.
func (r *Row) Failures() []Failure {
	f := r.fails
	for i := 1; i < len(f); i++ {
		for j := i; j > 0 && f[j].key < f[j-1].key; j-- {
			f[j], f[j-1] = f[j-1], f[j]
		}
	}
	return f
}

// Message returns the spec's message for a failure of this row:
//
//	Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'
//
// A value holding a control character is shown with it escaped (see
// EscapeControls), and its type error names the character:
//
//	Attribute 'Nom' with value 'A\x00B' fails check for type is 'TXT' (control character U+0000)
func (r *Row) Message(f Failure) string {
	if f.control > 0 {
		return "Attribute '" + r.m.fields[f.Field].Name + "' with value '" + EscapeControls(r.vals[f.Field]) +
			"' fails check for " + r.describe(f) + controlDetail(f.control-1)
	}
	return "Attribute '" + r.m.fields[f.Field].Name + "' with value '" + string(r.vals[f.Field]) + "' fails check for " + r.describe(f)
}

// describe returns the words after "fails check for ".
func (r *Row) describe(f Failure) string {
	c := &r.m.cf[f.Field]
	switch f.Check {
	case CheckType:
		return c.typeMsg
	case CheckRequired:
		return "has a value"
	case CheckRequiredIf:
		return c.imp.msg
	case CheckRequiredClose:
		return "has a value to close phase " + strconv.Itoa(f.closing.Phase())
	case CheckLength:
		return c.lengthMsg
	case CheckRange:
		if r.dateRM[f.Field] != "" {
			return r.dateRM[f.Field]
		}
		return c.rangeMsg
	case CheckPattern:
		return c.patternMsg
	case CheckEnum:
		return c.enumMsg
	case CheckRule:
		return "rule '" + f.Rule + "'"
	}
	return f.Detail
}

// typeValid reports whether a non-empty value is valid for type t.
func typeValid(t Type, v []byte) bool {
	switch t {
	case NUM:
		return allDigits(v)
	case DEC:
		_, ok := parseDecimal(v)
		return ok
	case DATE:
		_, ok := ParseDate(v)
		return ok
	case BOOL:
		return string(v) == "OUI" || string(v) == "NON"
	case EMAIL:
		return validEmail(v)
	case TEL:
		return validTel(v)
	case DOSSIER:
		return validDossier(v)
	}
	return true
}
