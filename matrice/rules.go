package matrice

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// RuleFunc compiles one declaration of a named cross-field rule into a check.
// It resolves the declaration's arguments once, when the matrice is compiled,
// and reports arguments that do not fit.
type RuleFunc func(d RuleDecl) (RuleCheck, error)

// RuleDecl is a rule declaration being compiled: a rule named on a field.
type RuleDecl struct {
	// Rule is the declaration: the rule's name and arguments.
	Rule
	// Field is the index of the field the rule is declared on, the field its
	// error is reported on.
	Field int

	m *Matrice
}

// FieldType returns the type of the field the rule is declared on.
func (d RuleDecl) FieldType() Type { return d.m.fields[d.Field].Type }

// Lookup resolves a field named by an argument. It fails when the field is
// unknown, or when types are given and the field has none of them.
func (d RuleDecl) Lookup(name string, types ...Type) (int, error) {
	i, ok := d.m.index[name]
	if !ok {
		return 0, fmt.Errorf("rule %s names unknown field %q", d.Name, name)
	}
	if len(types) > 0 && !slices.Contains(types, d.m.fields[i].Type) {
		return 0, fmt.Errorf("rule %s needs field %s to be %s, not %s", d.Name, name, typeList(types, " or "), d.m.fields[i].Type)
	}
	return i, nil
}

// NeedType fails unless the field the rule is declared on has one of types.
func (d RuleDecl) NeedType(types ...Type) error {
	if t := d.FieldType(); !slices.Contains(types, t) {
		return fmt.Errorf("rule %s applies to %s fields, not %s", d.Name, typeList(types, " or "), t)
	}
	return nil
}

// NeedArgs fails unless the declaration has exactly n arguments; usage shows
// how to write it.
func (d RuleDecl) NeedArgs(n int, usage string) error {
	if len(d.Args) != n {
		return fmt.Errorf("rule %s takes %d argument(s): write %s", d.Name, n, usage)
	}
	return nil
}

// RuleCheck is a compiled rule.
type RuleCheck struct {
	// Reads are the other fields the rule reads. The rule runs only when its
	// own field and every field of Reads have a value that passed its own checks.
	Reads []int
	// Holds reports whether the row satisfies the rule. It runs on the hot
	// path: it must not allocate nor keep the row.
	Holds func(r *Row) bool
}

// RuleSet is the set of named rules a matrice may declare. A RuleSet is
// filled before matrices are loaded with it and must not change afterwards.
type RuleSet struct {
	rules map[string]RuleFunc
}

// NewRuleSet returns an empty RuleSet.
func NewRuleSet() *RuleSet { return &RuleSet{rules: map[string]RuleFunc{}} }

// StandardRules returns a new RuleSet holding the rules of the default
// matrice, to which more may be added:
//
//	luhn                      NUM field: Luhn checksum; numbers starting
//	                          356000000 (La Poste SIRETs) instead need a digit
//	                          sum divisible by 5.
//	date_order(Other)         DATE field: on or after the DATE field Other.
//	min_age(Years, Other)     DATE field (a birth date): the Years-th birthday
//	                          is on or before the DATE field Other; a birth on
//	                          29 February counts as 1 March, every year.
//	subversion_phase(Phase,V) DOSSIER field: a number with a VERSION only when
//	                          the field Phase equals V.
func StandardRules() *RuleSet {
	s := NewRuleSet()
	s.Add("luhn", luhnRule)
	s.Add("date_order", dateOrderRule)
	s.Add("min_age", minAgeRule)
	s.Add("subversion_phase", subversionPhaseRule)
	return s
}

// Add registers f under name, replacing any rule of that name.
func (s *RuleSet) Add(name string, f RuleFunc) { s.rules[name] = f }

// Names returns the names of the rules, sorted.
func (s *RuleSet) Names() []string { return slices.Sorted(maps.Keys(s.rules)) }

// standardDeclarations are the rules of the default matrice. A matrice file
// without a Regles column gets those whose fields it has, with fitting types,
// so that the spec's default matrice, loaded from its file, judges like the
// embedded one.
var standardDeclarations = []struct {
	field string
	rule  Rule
}{
	{"NumeroDossier", Rule{Name: "subversion_phase", Args: []string{"Phase", "2"}}},
	{"DateFinPhase", Rule{Name: "date_order", Args: []string{"DateDebutPhase"}}},
	{"DateNaissance", Rule{Name: "min_age", Args: []string{"16", "DateDebutPhase"}}},
	{"SIRET", Rule{Name: "luhn"}},
}

func luhnRule(d RuleDecl) (RuleCheck, error) {
	if err := d.NeedArgs(0, "luhn"); err != nil {
		return RuleCheck{}, err
	}
	if err := d.NeedType(NUM, TXT); err != nil {
		return RuleCheck{}, err
	}
	i := d.Field
	return RuleCheck{Holds: func(r *Row) bool { return luhn(r.Value(i)) }}, nil
}

// laPoste is the SIRET prefix of La Poste's establishments, whose SIRETs do
// not follow Luhn but have a digit sum divisible by 5.
const laPoste = "356000000"

// luhn reports whether s is digits with a valid Luhn checksum, or a La Poste
// SIRET with a digit sum divisible by 5.
func luhn(s []byte) bool {
	if !allDigits(s) {
		return false
	}
	if len(s) == 14 && string(s[:len(laPoste)]) == laPoste {
		sum := 0
		for _, c := range s {
			sum += int(c - '0')
		}
		return sum%5 == 0
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		n := int(s[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

func dateOrderRule(d RuleDecl) (RuleCheck, error) {
	if err := d.NeedArgs(1, "date_order(OtherDateField)"); err != nil {
		return RuleCheck{}, err
	}
	if err := d.NeedType(DATE); err != nil {
		return RuleCheck{}, err
	}
	other, err := d.Lookup(d.Args[0], DATE)
	if err != nil {
		return RuleCheck{}, err
	}
	i := d.Field
	return RuleCheck{Reads: []int{other}, Holds: func(r *Row) bool { return r.Date(i) >= r.Date(other) }}, nil
}

func minAgeRule(d RuleDecl) (RuleCheck, error) {
	if err := d.NeedArgs(2, "min_age(Years, DateField)"); err != nil {
		return RuleCheck{}, err
	}
	if err := d.NeedType(DATE); err != nil {
		return RuleCheck{}, err
	}
	years, err := strconv.Atoi(d.Args[0])
	if err != nil || years < 0 || years > 200 {
		return RuleCheck{}, fmt.Errorf("rule min_age: %q is not a number of years", d.Args[0])
	}
	other, err := d.Lookup(d.Args[1], DATE)
	if err != nil {
		return RuleCheck{}, err
	}
	i := d.Field
	return RuleCheck{Reads: []int{other}, Holds: func(r *Row) bool { return birthday(r.Date(i), years) <= r.Date(other) }}, nil
}

// birthday returns the date a person born on birth turns years old. Spec §1:
// "29 February counts as 1 March", whatever the year.
func birthday(birth Date, years int) Date {
	if birth.Month() == 2 && birth.Day() == 29 {
		return NewDate(birth.Year()+years, 3, 1)
	}
	return birth.AddYears(years)
}

func subversionPhaseRule(d RuleDecl) (RuleCheck, error) {
	if err := d.NeedArgs(2, "subversion_phase(PhaseField, Value)"); err != nil {
		return RuleCheck{}, err
	}
	if err := d.NeedType(DOSSIER); err != nil {
		return RuleCheck{}, err
	}
	phase, err := d.Lookup(d.Args[0])
	if err != nil {
		return RuleCheck{}, err
	}
	want := d.Args[1]
	i := d.Field
	return RuleCheck{Reads: []int{phase}, Holds: func(r *Row) bool {
		return !HasVersion(r.Value(i)) || string(r.Value(phase)) == want
	}}, nil
}

// HasVersion reports whether a dossier number starts with a sub-version
// (three digits and a dash).
func HasVersion[S ~string | ~[]byte](number S) bool {
	return len(number) >= 4 && number[3] == '-' && isDigit(number[0]) && isDigit(number[1]) && isDigit(number[2])
}
