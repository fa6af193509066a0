package matrice

import (
	"fmt"
	"strings"
)

// Type is a field's value type, the matrice's Type column.
type Type string

// The types a matrice field may have. An empty value is valid for every type;
// obligations decide whether a field may be empty.
const (
	TXT     Type = "TXT"     // any text; lengths count characters (runes)
	NUM     Type = "NUM"     // digits only, [0-9]+
	DEC     Type = "DEC"     // -?[0-9]+([.,][0-9]+)?, comma or point, no thousands separator
	DATE    Type = "DATE"    // JJ/MM/AAAA, a real calendar date
	BOOL    Type = "BOOL"    // OUI or NON
	ENUM    Type = "ENUM"    // one of the field's Values, exact case
	EMAIL   Type = "EMAIL"   // one @, non-empty local part, a domain with a dot, no spaces
	TEL     Type = "TEL"     // 0[1-9]+8 digits or +33[1-9]+8 digits, spaces and dots ignored
	DOSSIER Type = "DOSSIER" // a dossier number {VERSION}{OPER}{INDEX}
)

// Types lists every type, in the order the documentation gives them.
var Types = []Type{TXT, NUM, DEC, DATE, BOOL, ENUM, EMAIL, TEL, DOSSIER}

// Group is a field's Groupe: what the field describes.
type Group string

// The groups of a matrice. DOSSIER fields describe the dossier and must agree
// across the lines of one dossier in a file; the other groups describe one item
// (an appointment, an event, a financing) carried by the line.
const (
	GroupDossier     Group = "DOSSIER"
	GroupRDV         Group = "RDV"
	GroupEvenement   Group = "EVENEMENT"
	GroupFinancement Group = "FINANCEMENT"
)

// Groups lists every group.
var Groups = []Group{GroupDossier, GroupRDV, GroupEvenement, GroupFinancement}

// Closing names one of the four closing obligations of a field.
type Closing int

// The closing obligations, in the matrice's column order. A line whose
// DateFinPhase has a value closes its phase: phase 1 uses ClosePhase1; phase 2
// with CreationEntreprise=OUI uses ClosePhase2; phase 2 otherwise
// ClosePhase2SansCreation; phase 3 ClosePhase3.
const (
	ClosePhase1 Closing = iota
	ClosePhase2
	ClosePhase2SansCreation
	ClosePhase3
	numClosings
)

// Phase is the phase number a closing obligation closes (1, 2 or 3).
func (c Closing) Phase() int {
	switch c {
	case ClosePhase1:
		return 1
	case ClosePhase2, ClosePhase2SansCreation:
		return 2
	default:
		return 3
	}
}

// Column is the matrice column holding the closing obligation.
func (c Closing) Column() string { return closingColumns[c] }

var closingColumns = [numClosings]string{"CloturePhase1", "CloturePhase2", "CloturePhase2SansCreation", "CloturePhase3"}

// Obligation says when a field must have a value: "OUI" (always), "NON"
// (never), "SI:Champ" (when Champ has a value) or "SI:Champ=VALEUR" (when
// Champ equals VALEUR, after trimming and correspondence). The empty
// Obligation means NON.
type Obligation string

// The unconditional obligations.
const (
	Required Obligation = "OUI"
	Optional Obligation = "NON"
)

// RequiredIf returns the obligation "SI:field": required when field has a value.
func RequiredIf(field string) Obligation { return Obligation("SI:" + field) }

// RequiredIfEquals returns the obligation "SI:field=value": required when field
// equals value.
func RequiredIfEquals(field, value string) Obligation {
	return Obligation("SI:" + field + "=" + value)
}

// obligationKind is the parsed form of an Obligation.
type obligationKind uint8

const (
	never obligationKind = iota
	always
	ifSet
	ifEquals
)

// parse splits an obligation into its kind, the field it names and the value
// it compares with. It reports a malformed obligation.
func (o Obligation) parse() (kind obligationKind, field, value string, err error) {
	s := strings.TrimSpace(string(o))
	switch s {
	case "", string(Optional):
		return never, "", "", nil
	case string(Required):
		return always, "", "", nil
	}
	rest, ok := strings.CutPrefix(s, "SI:")
	if !ok {
		return never, "", "", fmt.Errorf("%q is not an obligation: want OUI, NON, SI:Champ or SI:Champ=VALEUR", s)
	}
	field, value, hasValue := strings.Cut(rest, "=")
	field, value = strings.TrimSpace(field), strings.TrimSpace(value)
	switch {
	case field == "":
		return never, "", "", fmt.Errorf("%q names no field: want SI:Champ or SI:Champ=VALEUR", s)
	case hasValue && value == "":
		return never, "", "", fmt.Errorf("%q compares with an empty value: write SI:%s to require a value when %s has one", s, field, field)
	case hasValue:
		return ifEquals, field, value, nil
	default:
		return ifSet, field, "", nil
	}
}

// Rule attaches a named cross-field rule to the field it is declared on, the
// field its error is reported on. Args are the rule's arguments, for example
// {"DateDebutPhase"} for date_order. In a matrice file, the optional Regles
// column declares rules as `name` or `name(arg, arg)`, several separated by |.
type Rule struct {
	Name string
	Args []string
}

// String formats the rule as the Regles column writes it.
func (r Rule) String() string {
	if len(r.Args) == 0 {
		return r.Name
	}
	return r.Name + "(" + strings.Join(r.Args, ", ") + ")"
}

// ParseRules parses a Regles cell: rule declarations separated by |, each
// `name` or `name(arg, arg)`. An empty cell declares no rule.
func ParseRules(s string) ([]Rule, error) {
	var rules []Rule
	for decl := range strings.SplitSeq(s, "|") {
		decl = strings.TrimSpace(decl)
		if decl == "" {
			if strings.TrimSpace(s) == "" {
				return nil, nil
			}
			return nil, fmt.Errorf("%q has an empty rule between two |", s)
		}
		name, args, hasArgs := strings.Cut(decl, "(")
		name = strings.TrimSpace(name)
		if !validName(name) {
			return nil, fmt.Errorf("%q is not a rule name: letters, digits and _ only", name)
		}
		r := Rule{Name: name}
		if hasArgs {
			inner, ok := strings.CutSuffix(strings.TrimSpace(args), ")")
			if !ok || strings.ContainsAny(inner, "()") {
				return nil, fmt.Errorf("%q: arguments are written name(arg, arg)", decl)
			}
			for a := range strings.SplitSeq(inner, ",") {
				a = strings.TrimSpace(a)
				if a == "" {
					return nil, fmt.Errorf("%q has an empty argument", decl)
				}
				r.Args = append(r.Args, a)
			}
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// formatRules is the inverse of ParseRules.
func formatRules(rules []Rule) string {
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = r.String()
	}
	return strings.Join(parts, "|")
}

// validName reports whether s is a valid header or rule name: an ASCII letter
// then ASCII letters, digits or underscores. E#L's header names take no
// spaces and no special characters (seed 000, API §2.1.2).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case ('0' <= c && c <= '9' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

// Field is one row of a matrice: one column of a partner's file. The CSV
// column each member comes from is given by its csv tag.
type Field struct {
	// Name is the header name (Champ): an ASCII letter, then letters, digits or _.
	Name string `csv:"Champ" validate:"required,champ"`
	// Group is what the field describes (Groupe).
	Group Group `csv:"Groupe" validate:"required,group"`
	// Type is the value type.
	Type Type `csv:"Type" validate:"required,type"`
	// MinLength and MaxLength bound the length in characters; 0 means no bound.
	MinLength int `csv:"LongueurMin" validate:"gte=0"`
	MaxLength int `csv:"LongueurMax" validate:"gte=0"`
	// Min and Max bound NUM and DEC values (numbers) and DATE values
	// (JJ/MM/AAAA); empty means no bound, except that a DATE without Max is at
	// most the file's date.
	Min string `csv:"Min"`
	Max string `csv:"Max"`
	// Pattern is a regular expression (RE2 syntax) the whole value must match.
	Pattern string `csv:"Motif"`
	// Values are the codes of an ENUM field, exact case.
	Values []string `csv:"Valeurs" validate:"required_if=Type ENUM,excluded_unless=Type ENUM,dive,required"`
	// Import is the obligation at import (ObligatoireImport).
	Import Obligation `csv:"ObligatoireImport" validate:"obligation"`
	// Close are the closing obligations, indexed by Closing.
	Close [numClosings]Obligation `csv:"-" validate:"dive,obligation"`
	// Description documents the field for partners.
	Description string `csv:"Description"`
	// Rules are the named cross-field rules reported on this field.
	Rules []Rule `csv:"-"`
}
