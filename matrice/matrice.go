package matrice

import (
	"errors"
	"fmt"
	"reflect"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// Names of the fields that decide which closing obligations apply to a line.
// A matrice without them has no closing obligations in force.
const (
	FieldPhase              = "Phase"
	FieldDateFinPhase       = "DateFinPhase"
	FieldCreationEntreprise = "CreationEntreprise"
)

// ErrorsColumn is the column a rejects file adds. A partner's file may carry
// it (a corrected rejects file sent back): it is ignored. No field may take
// its name.
const ErrorsColumn = "Erreurs"

// Matrice is a compiled field matrix. It is immutable and safe for concurrent
// use; compile it once and share it.
type Matrice struct {
	name   string
	fields []Field
	index  map[string]int
	cf     []compiledField
	quick  []quickCheck // per field, what CheckFields decides without a call
	rules  []compiledRule
	key    int // the DOSSIER-type field, or -1

	phase, dateFin, creation int // closing context fields, or -1
}

// compiledField is a field ready to check values.
type compiledField struct {
	// What the check of every cell reads comes first, in few cache lines.
	kind           typeKind
	hasLo, hasHi   bool // for DATE, !hasHi means "the file's date"
	fixed          bool // NUM and DEC bounds are fixedLo and fixedHi too
	minLen, maxLen int
	dlo, dhi       Date     // DATE bounds
	fixedLo        int64    // NUM and DEC bounds in fixed point (see fixedOf)
	fixedHi        int64    //
	pattern        *pattern // nil without Motif
	imp            compiledObligation
	enum           enumSet

	lo, hi       decimal[string] // NUM and DEC bounds
	close        [numClosings]compiledObligation
	dossierGroup bool

	// message parts built once
	typeMsg, lengthMsg, rangeMsg, patternMsg, enumMsg string
}

// quickCheck is what Row.CheckFields decides about a field without calling
// checkField, in two bytes, so that its loop reads one small array.
type quickCheck struct {
	quiet uint8 // when an empty value needs no check: see quietBits
	fast  uint8 // how a value is accepted: see fastKind
}

// quietBits says when an empty value of c needs no check, in bits that
// Row.CheckFields tests without reading c: bit 0 set when no import
// obligation concerns it, bit 1+k when closing k does not either.
func (c *compiledField) quietBits() uint8 {
	var q uint8
	if c.imp.kind == never {
		q |= 1
	}
	for k := range numClosings {
		if c.close[k].kind == never {
			q |= 2 << k
		}
	}
	return q
}

// How Row.CheckFields accepts a non-empty value of a field without calling
// checkField, for the fields without a pattern whose checks are few: a
// value it does not accept so goes through checkField, which then finds
// the failure (or accepts it, as the fast check would have had it looked
// further).
const (
	fastNone uint8 = iota
	fastEnum       // ENUM without length: accepted when one of the codes
	fastBool       // BOOL without length: accepted when OUI or NON
	fastDate       // DATE without length: accepted when a date within its bounds
	fastText       // TXT: accepted when free of control characters and of the right length
	fastNum        // NUM without Min or Max: accepted when digits of the right length
)

// fastKind returns c's fast check.
func (c *compiledField) fastKind() uint8 {
	if c.pattern != nil {
		return fastNone
	}
	bounded := c.minLen > 0 || c.maxLen > 0
	switch {
	case c.kind == kindTXT:
		return fastText
	case c.kind == kindNUM && !c.hasLo && !c.hasHi:
		return fastNum
	case bounded:
		return fastNone
	case c.kind == kindENUM:
		return fastEnum
	case c.kind == kindBOOL:
		return fastBool
	case c.kind == kindDATE:
		return fastDate
	}
	return fastNone
}

// typeKind is a Type compiled to a small integer, for the check path.
type typeKind uint8

const (
	kindTXT typeKind = iota
	kindNUM
	kindDEC
	kindDATE
	kindBOOL
	kindENUM
	kindEMAIL
	kindTEL
	kindDOSSIER
)

// kindOf compiles a type; an unknown type, refused by the loader, is TXT.
func kindOf(t Type) typeKind {
	switch t {
	case NUM:
		return kindNUM
	case DEC:
		return kindDEC
	case DATE:
		return kindDATE
	case BOOL:
		return kindBOOL
	case ENUM:
		return kindENUM
	case EMAIL:
		return kindEMAIL
	case TEL:
		return kindTEL
	case DOSSIER:
		return kindDOSSIER
	}
	return kindTXT
}

// enumSet holds an ENUM field's codes. One-byte codes (A, 1, M…) are a bit
// set; a handful of longer codes are scanned, which is faster than hashing;
// longer lists use a map.
type enumSet struct {
	bytes [4]uint64 // one-byte codes
	list  []string  // longer codes
	set   map[string]struct{}
}

// enumScan is the longest list enumSet scans.
const enumScan = 8

func (e *enumSet) add(v string) {
	if len(v) == 1 {
		e.bytes[v[0]>>6] |= 1 << (v[0] & 63)
		return
	}
	e.list = append(e.list, v)
	if len(e.list) > enumScan {
		if e.set == nil {
			e.set = make(map[string]struct{}, 2*len(e.list))
			for _, x := range e.list {
				e.set[x] = struct{}{}
			}
		}
		e.set[v] = struct{}{}
	}
}

// has reports whether v is one of the codes, exact case. It does not
// allocate: string(v) only converts for the comparison or the lookup.
func (e *enumSet) has(v []byte) bool {
	if len(v) == 1 {
		return e.bytes[v[0]>>6]&(1<<(v[0]&63)) != 0
	}
	if e.set != nil {
		_, ok := e.set[string(v)]
		return ok
	}
	for _, x := range e.list {
		if x == string(v) {
			return true
		}
	}
	return false
}

type compiledObligation struct {
	kind  obligationKind
	field int
	value string
	msg   string // "has a value when 'X' is 'V'"
}

type compiledRule struct {
	decl  Rule
	field int
	reads []int
	holds func(*Row) bool
}

// Name returns the name the matrice was loaded from ("" when built in Go).
func (m *Matrice) Name() string { return m.name }

// Len returns the number of fields.
func (m *Matrice) Len() int { return len(m.fields) }

// Fields returns a copy of the fields, in matrice order.
func (m *Matrice) Fields() []Field {
	out := make([]Field, len(m.fields))
	for i, f := range m.fields {
		out[i] = f.clone()
	}
	return out
}

// Field returns a copy of the field at index i.
func (m *Matrice) Field(i int) Field { return m.fields[i].clone() }

// FieldName returns the name of the field at index i.
func (m *Matrice) FieldName(i int) string { return m.fields[i].Name }

// FieldType returns the type of the field at index i.
func (m *Matrice) FieldType(i int) Type { return m.fields[i].Type }

// MissingToClose returns, in matrice order, the indices of the fields that
// closing c requires (OUI, or an SI: condition that holds on value) and that
// value gives no value for. value returns a field's value ("" for none).
func (m *Matrice) MissingToClose(c Closing, value func(i int) string) []int {
	var missing []int
	for i := range m.cf {
		if requires(m.cf[i].close[c], value) && value(i) == "" {
			missing = append(missing, i)
		}
	}
	return missing
}

// FieldGroup returns the group of the field at index i.
func (m *Matrice) FieldGroup(i int) Group { return m.fields[i].Group }

// Lookup returns the index of the field named name.
func (m *Matrice) Lookup(name string) (int, bool) {
	i, ok := m.index[name]
	return i, ok
}

// Key returns the index of the field of type DOSSIER, the dossier number that
// groups lines, or -1 when the matrice has none.
func (m *Matrice) Key() int { return m.key }

// Rules returns the rule declarations in force, in the order they run, each
// with the field it is reported on.
func (m *Matrice) Rules() []FieldRule {
	out := make([]FieldRule, len(m.rules))
	for i, r := range m.rules {
		out[i] = FieldRule{Field: m.fields[r.field].Name, Rule: Rule{Name: r.decl.Name, Args: slices.Clone(r.decl.Args)}}
	}
	return out
}

// FieldRule is a rule declaration with the field it is reported on.
type FieldRule struct {
	Field string
	Rule  Rule
}

func (f Field) clone() Field {
	f.Values = slices.Clone(f.Values)
	f.Rules = slices.Clone(f.Rules)
	for i := range f.Rules {
		f.Rules[i].Args = slices.Clone(f.Rules[i].Args)
	}
	return f
}

// Loader loads and compiles matrices. The zero Loader uses StandardRules.
type Loader struct {
	// Rules are the named rules a matrice may declare. Nil means StandardRules().
	Rules *RuleSet
}

// New compiles a matrice built in Go, with the standard rules. Each field's
// Rules declare its cross-field rules; none is added implicitly.
func New(fields []Field) (*Matrice, error) { return Loader{}.New(fields) }

// New compiles a matrice built in Go. It returns LoadErrors naming each bad
// field (by its 0-based index in Field) and column.
func (l Loader) New(fields []Field) (*Matrice, error) {
	pos := make([]position, len(fields))
	for i := range pos {
		pos[i] = position{field: i}
	}
	return l.compile("", fields, pos, false, &errorList{})
}

// structValidator checks the structure of one field; go-playground/validator
// caches struct metadata, so it is built once and shared (it is safe for
// concurrent use and never changed after construction).
var structValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(sf reflect.StructField) string {
		if tag := strings.Split(sf.Tag.Get("csv"), ",")[0]; tag != "" && tag != "-" {
			return tag
		}
		return sf.Name
	})
	must := func(err error) {
		if err != nil {
			panic(err) // programming error in the tags below, caught by every test
		}
	}
	must(v.RegisterValidation("champ", func(fl validator.FieldLevel) bool { return validName(fl.Field().String()) }))
	must(v.RegisterValidation("group", func(fl validator.FieldLevel) bool {
		return slices.Contains(Groups, Group(fl.Field().String()))
	}))
	must(v.RegisterValidation("type", func(fl validator.FieldLevel) bool {
		return slices.Contains(Types, Type(fl.Field().String()))
	}))
	must(v.RegisterValidation("obligation", func(fl validator.FieldLevel) bool {
		_, _, _, err := Obligation(fl.Field().String()).parse()
		return err == nil
	}))
	return v
})

// compile checks fields and builds the matrice. implicitRules adds the
// standard declarations to a matrice whose source has no Regles column. It
// adds its errors to those already in errs (from reading the source), so that
// every problem is reported at once.
func (l Loader) compile(name string, fields []Field, pos []position, implicitRules bool, errs *errorList) (*Matrice, error) {
	rules := l.Rules
	if rules == nil {
		rules = StandardRules()
	}
	errs.source = name
	m := &Matrice{name: name, index: make(map[string]int, len(fields)), key: -1, phase: -1, dateFin: -1, creation: -1}
	m.fields = make([]Field, len(fields))
	for i, f := range fields {
		m.fields[i] = f.clone()
	}
	if len(fields) == 0 {
		errs.add(position{field: -1}, "", "the matrice has no field")
		return nil, errs.err()
	}

	// Structure of each field, then names.
	structOK := make([]bool, len(fields))
	for i := range m.fields {
		f := &m.fields[i]
		f.Name = strings.TrimSpace(f.Name)
		structOK[i] = checkStruct(f, pos[i], errs)
		if first, dup := m.index[f.Name]; dup && f.Name != "" {
			errs.add(pos[i], "Champ", fmt.Sprintf("duplicate field %q (already %s)", f.Name, describePos(pos[first])))
			continue
		}
		if f.Name == ErrorsColumn {
			errs.add(pos[i], "Champ", fmt.Sprintf("%q is reserved for the error column of rejects files", ErrorsColumn))
		}
		m.index[f.Name] = i
	}

	m.cf = make([]compiledField, len(fields))
	for i := range m.fields {
		if structOK[i] {
			m.compileField(i, pos[i], errs)
		}
	}

	// Cross-field references: obligations, the dossier key, closing context,
	// rules. Fields with a broken structure are not looked into.
	for i := range m.fields {
		f := &m.fields[i]
		c := &m.cf[i]
		if !structOK[i] {
			continue
		}
		c.imp = m.compileObligation(i, f.Import, "ObligatoireImport", pos[i], structOK, errs)
		for k := range numClosings {
			c.close[k] = m.compileObligation(i, f.Close[k], Closing(k).Column(), pos[i], structOK, errs)
		}
		if f.Type == DOSSIER {
			if m.key >= 0 {
				errs.add(pos[i], "Type", fmt.Sprintf("a matrice has one dossier number: %s is already of type DOSSIER", m.fields[m.key].Name))
			} else {
				m.key = i
			}
		}
	}
	m.phase, m.dateFin, m.creation = m.indexOr(FieldPhase), m.indexOr(FieldDateFinPhase), m.indexOr(FieldCreationEntreprise)
	m.quick = make([]quickCheck, len(m.cf))
	for i := range m.cf {
		m.quick[i] = quickCheck{quiet: m.cf[i].quietBits(), fast: m.cf[i].fastKind()}
	}

	if len(errs.errs) > 0 {
		implicitRules = false // their fitting test needs sound fields
	}
	if implicitRules {
		for _, d := range standardDeclarations {
			i, ok := m.index[d.field]
			if !ok {
				continue
			}
			f, ok := rules.rules[d.rule.Name]
			if !ok {
				continue
			}
			if _, err := f(RuleDecl{Rule: d.rule, Field: i, m: m}); err == nil {
				m.fields[i].Rules = append(m.fields[i].Rules, d.rule)
			}
		}
	}
	for i := range m.fields {
		if !structOK[i] {
			continue
		}
		for _, r := range m.fields[i].Rules {
			f, ok := rules.rules[r.Name]
			if !ok {
				errs.add(pos[i], "Regles", fmt.Sprintf("unknown rule %q (known: %s)", r.Name, strings.Join(rules.Names(), ", ")))
				continue
			}
			check, err := f(RuleDecl{Rule: r, Field: i, m: m})
			if err != nil {
				errs.add(pos[i], "Regles", err.Error())
				continue
			}
			m.rules = append(m.rules, compiledRule{decl: r, field: i, reads: check.Reads, holds: check.Holds})
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Matrice) indexOr(name string) int {
	if i, ok := m.index[name]; ok {
		return i
	}
	return -1
}

func describePos(p position) string {
	switch {
	case p.line > 0:
		return fmt.Sprintf("on line %d", p.line)
	case p.field >= 0:
		return fmt.Sprintf("field %d", p.field+1)
	}
	return "above"
}

// checkStruct runs the struct tags of Field and reports each failure on its
// column. It reports whether the field is well formed.
func checkStruct(f *Field, pos position, errs *errorList) bool {
	err := structValidator().Struct(f)
	if err == nil {
		return true
	}
	verrs, ok := err.(validator.ValidationErrors)
	if !ok {
		errs.add(pos, "", err.Error())
		return false
	}
	for _, fe := range verrs {
		column, msg := describeFieldError(f, fe)
		errs.add(pos, column, msg)
	}
	return false
}

// describeFieldError turns a validator failure into a column and a message
// saying what was expected.
func describeFieldError(f *Field, fe validator.FieldError) (column, msg string) {
	column = fe.Field()
	if i, ok := indexSuffix(column, "Close"); ok && i < int(numClosings) {
		column = Closing(i).Column()
	}
	if _, ok := indexSuffix(column, "Valeurs"); ok {
		column = "Valeurs"
	}
	value := fmt.Sprint(fe.Value())
	switch fe.Tag() {
	case "required":
		if column == "Valeurs" {
			return column, "has an empty value between two |"
		}
		return column, "is empty"
	case "champ":
		return column, fmt.Sprintf("%q is not a valid header name: an ASCII letter, then letters, digits or _ (no spaces, accents or special characters)", value)
	case "group":
		return column, fmt.Sprintf("unknown group %q (want %s)", value, groupList())
	case "type":
		return column, fmt.Sprintf("unknown type %q (want %s)", value, typeList(Types, ", "))
	case "gte":
		return column, fmt.Sprintf("%s is negative", value)
	case "required_if":
		return column, "an ENUM field needs its codes in Valeurs, separated by |"
	case "excluded_unless":
		return column, fmt.Sprintf("Valeurs only apply to ENUM fields, and %s is %s", f.Name, f.Type)
	case "obligation":
		_, _, _, err := Obligation(value).parse()
		if err != nil {
			return column, err.Error()
		}
	}
	return column, fmt.Sprintf("fails %s", fe.Tag())
}

// indexSuffix parses "name[i]".
func indexSuffix(s, name string) (int, bool) {
	rest, ok := strings.CutPrefix(s, name+"[")
	if !ok {
		return 0, false
	}
	n, ok := digits(strings.TrimSuffix(rest, "]"))
	return n, ok
}

func typeList(types []Type, sep string) string {
	s := make([]string, len(types))
	for i, t := range types {
		s[i] = string(t)
	}
	return strings.Join(s, sep)
}

func groupList() string {
	s := make([]string, len(Groups))
	for i, g := range Groups {
		s[i] = string(g)
	}
	return strings.Join(s, ", ")
}

// compileField checks and compiles one field's own settings.
func (m *Matrice) compileField(i int, pos position, errs *errorList) {
	f := &m.fields[i]
	c := &m.cf[i]
	c.kind = kindOf(f.Type)
	c.dossierGroup = f.Group == GroupDossier
	c.typeMsg = "type is '" + string(f.Type) + "'"

	c.minLen, c.maxLen = f.MinLength, f.MaxLength
	switch {
	case c.maxLen > 0 && c.minLen > c.maxLen:
		errs.add(pos, "LongueurMin", fmt.Sprintf("LongueurMin %d is greater than LongueurMax %d", c.minLen, c.maxLen))
	case c.minLen > 0 && c.maxLen > 0:
		c.lengthMsg = fmt.Sprintf("length is between %d and %d", c.minLen, c.maxLen)
	case c.minLen > 0:
		c.lengthMsg = fmt.Sprintf("length is at least %d", c.minLen)
	case c.maxLen > 0:
		c.lengthMsg = fmt.Sprintf("length is at most %d", c.maxLen)
	}

	f.Min, f.Max = strings.TrimSpace(f.Min), strings.TrimSpace(f.Max)
	switch f.Type {
	case NUM, DEC:
		const want = "is not a number (want digits, a sign and a decimal point or comma)"
		var okLo, okHi bool
		c.lo, c.hasLo, okLo = parseBound(f.Min, "Min", want, parseDecimal[string], pos, errs)
		c.hi, c.hasHi, okHi = parseBound(f.Max, "Max", want, parseDecimal[string], pos, errs)
		if okLo && okHi && c.hasLo && c.hasHi && compareDecimal(c.lo, c.hi) > 0 {
			errs.add(pos, "Min", fmt.Sprintf("Min %s is greater than Max %s", f.Min, f.Max))
		}
		var fixLo, fixHi bool
		c.fixedLo, fixLo = fixedOf(c.lo)
		c.fixedHi, fixHi = fixedOf(c.hi)
		c.fixed = (!c.hasLo || fixLo) && (!c.hasHi || fixHi)
		c.rangeMsg = rangeMessage(f.Min, f.Max)
	case DATE:
		const want = "is not a date JJ/MM/AAAA"
		var okLo, okHi bool
		c.dlo, c.hasLo, okLo = parseBound(f.Min, "Min", want, ParseDate[string], pos, errs)
		c.dhi, c.hasHi, okHi = parseBound(f.Max, "Max", want, ParseDate[string], pos, errs)
		if okLo && okHi && c.hasLo && c.hasHi && c.dlo > c.dhi {
			errs.add(pos, "Min", fmt.Sprintf("Min %s is after Max %s", f.Min, f.Max))
		}
		c.rangeMsg = rangeMessage(f.Min, f.Max) // without Max, NewRow adds the file's date
	default:
		if f.Min != "" {
			errs.add(pos, "Min", fmt.Sprintf("Min only applies to NUM, DEC and DATE fields, and %s is %s", f.Name, f.Type))
		}
		if f.Max != "" {
			errs.add(pos, "Max", fmt.Sprintf("Max only applies to NUM, DEC and DATE fields, and %s is %s", f.Name, f.Type))
		}
	}

	f.Pattern = strings.TrimSpace(f.Pattern)
	if f.Pattern != "" {
		p, err := compilePattern(f.Pattern)
		if err != nil {
			errs.add(pos, "Motif", fmt.Sprintf("bad regular expression %q: %v", f.Pattern, regexpReason(err)))
		} else {
			c.pattern = &p
			c.patternMsg = "matches '" + f.Pattern + "'"
		}
	}

	if f.Type == ENUM {
		quoted := make([]string, len(f.Values))
		for k, v := range f.Values {
			v = strings.TrimSpace(v)
			f.Values[k] = v
			if c.enum.has([]byte(v)) {
				errs.add(pos, "Valeurs", fmt.Sprintf("value %q is listed twice", v))
			}
			c.enum.add(v)
			quoted[k] = "'" + v + "'"
		}
		c.enumMsg = "is one of " + strings.Join(quoted, ", ")
	}
}

// parseBound parses a Min or Max cell: has tells whether there is a bound,
// ok whether the cell is usable (empty, or parsed). A cell that does not parse
// is reported on column.
func parseBound[T any](cell, column, want string, parse func(string) (T, bool), pos position, errs *errorList) (v T, has, ok bool) {
	if cell == "" {
		return v, false, true
	}
	if v, ok = parse(cell); !ok {
		errs.add(pos, column, fmt.Sprintf("%q %s", cell, want))
	}
	return v, ok, ok
}

// regexpReason shortens a regexp error to its reason.
func regexpReason(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Sprintf("%s %q", se.Code, se.Expr)
	}
	return err.Error()
}

// rangeMessage is the check description of a range; lo and hi are as written
// in the matrice (DATE uses it only when it has a Max).
func rangeMessage(lo, hi string) string {
	switch {
	case lo != "" && hi != "":
		return "value is between " + lo + " and " + hi
	case lo != "":
		return "value is at least " + lo
	case hi != "":
		return "value is at most " + hi
	}
	return ""
}

// compileObligation resolves the field an obligation names; it checks the
// value compared with against that field when the field is sound.
func (m *Matrice) compileObligation(self int, o Obligation, column string, pos position, sound []bool, errs *errorList) compiledObligation {
	kind, name, value, err := o.parse()
	if err != nil {
		errs.add(pos, column, err.Error())
		return compiledObligation{}
	}
	c := compiledObligation{kind: kind, field: -1, value: value}
	switch kind {
	case never:
		return c
	case always:
		c.msg = "has a value"
		return c
	}
	i, ok := m.index[name]
	switch {
	case !ok:
		errs.add(pos, column, fmt.Sprintf("%s names unknown field %q", o, name))
		return compiledObligation{}
	case i == self:
		errs.add(pos, column, fmt.Sprintf("%s makes %s depend on itself", o, name))
		return compiledObligation{}
	}
	c.field = i
	if kind == ifSet {
		c.msg = "has a value when '" + name + "' has a value"
		return c
	}
	other := m.fields[i]
	switch {
	case !sound[i]:
	case other.Type == ENUM:
		if !slices.Contains(other.Values, value) {
			errs.add(pos, column, fmt.Sprintf("%s: %q is not a value of %s (want %s)", o, value, name, strings.Join(other.Values, ", ")))
		}
	case other.Type == BOOL:
		if value != "OUI" && value != "NON" {
			errs.add(pos, column, fmt.Sprintf("%s: %s is BOOL, its values are OUI and NON", o, name))
		}
	default:
		if !typeValid(other.Type, []byte(value)) {
			errs.add(pos, column, fmt.Sprintf("%s: %q is never a valid %s value of %s", o, value, other.Type, name))
		}
	}
	c.msg = "has a value when '" + name + "' is '" + value + "'"
	return c
}
