package importer

import (
	"slices"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The advice and the names of the checks are entries of the catalog
// (package i18n, keys hint.* and check.*): the command line, the emails and
// the web pages give the same, in the reader's language.

// hintKeys are the advice per check code, line, store and file checks alike.
var hintKeys = map[string]string{
	string(matrice.CheckType):            "hint.type",
	string(matrice.CheckRequired):        "hint.required",
	string(matrice.CheckRequiredIf):      "hint.required_if",
	string(matrice.CheckRequiredClose):   "hint.required_close",
	string(matrice.CheckLength):          "hint.length",
	string(matrice.CheckRange):           "hint.range",
	string(matrice.CheckPattern):         "hint.pattern",
	string(matrice.CheckEnum):            "hint.enum",
	string(matrice.CheckRule):            "hint.rule",
	string(matrice.CheckCells):           "hint.cells",
	string(matrice.CheckConflict):        "hint.conflict",
	string(matrice.CheckOperator):        "hint.operator",
	string(matrice.CheckHIST):            "hint.hist",
	string(matrice.CheckSubversionMain):  "hint.subversion_main",
	string(matrice.CheckSubversionNext):  "hint.subversion_next",
	string(matrice.CheckSubversionOwner): "hint.subversion_owner",
	string(matrice.CheckSubversionPhase): "hint.subversion_phase",
	string(CodeName):                     "hint.name",
	string(CodeEncoding):                 "hint.encoding",
	string(CodeSeparator):                "hint.separator",
	string(CodeHeader):                   "hint.header",
	string(CodeEmpty):                    "hint.empty",
	string(CodeSyntax):                   "hint.syntax",
	string(CodeMode):                     "hint.mode",
	string(CodeWorkbook):                 "hint.workbook",
}

// ruleHintKeys advise on the standard rules.
var ruleHintKeys = map[string]string{
	"luhn":             "hint.rule.luhn",
	"date_order":       "hint.rule.date_order",
	"min_age":          "hint.rule.min_age",
	"subversion_phase": "hint.rule.subversion_phase",
}

// typeHintKeys advise on each type.
var typeHintKeys = map[matrice.Type]string{
	matrice.NUM:     "hint.type.num",
	matrice.DEC:     "hint.type.dec",
	matrice.DATE:    "hint.type.date",
	matrice.BOOL:    "hint.type.bool",
	matrice.EMAIL:   "hint.type.email",
	matrice.TEL:     "hint.type.tel",
	matrice.DOSSIER: "hint.type.dossier",
}

// checkLabelKeys name the checks for people.
var checkLabelKeys = map[string]string{
	string(matrice.CheckType):            "check.type",
	string(matrice.CheckRequired):        "check.required",
	string(matrice.CheckRequiredIf):      "check.required_if",
	string(matrice.CheckRequiredClose):   "check.required_close",
	string(matrice.CheckLength):          "check.length",
	string(matrice.CheckRange):           "check.range",
	string(matrice.CheckPattern):         "check.pattern",
	string(matrice.CheckEnum):            "check.enum",
	string(matrice.CheckRule):            "check.rule",
	string(matrice.CheckCells):           "check.cells",
	string(matrice.CheckConflict):        "check.conflict",
	string(matrice.CheckOperator):        "check.operator",
	string(matrice.CheckHIST):            "check.hist",
	string(matrice.CheckSubversionMain):  "check.subversion_main",
	string(matrice.CheckSubversionNext):  "check.subversion_next",
	string(matrice.CheckSubversionOwner): "check.subversion_owner",
	string(matrice.CheckSubversionPhase): "check.subversion_phase",
}

// Hint returns one line of advice, in l, for a check code, line, store or
// file check ("type", "encoding" …), or "" for a code it does not know.
func Hint(l i18n.Lang, code string) string {
	if key, ok := hintKeys[code]; ok {
		return l.Sprintf(key)
	}
	return ""
}

// TypeHint returns advice, in l, for a value that is not of type t; the
// advice of CheckType for a type without its own.
func TypeHint(l i18n.Lang, t matrice.Type) string {
	if key, ok := typeHintKeys[t]; ok {
		return l.Sprintf(key)
	}
	return Hint(l, string(matrice.CheckType))
}

// RuleHint returns advice, in l, for a failed rule of the standard set, or
// the generic advice of CheckRule.
func RuleHint(l i18n.Lang, rule string) string {
	if key, ok := ruleHintKeys[rule]; ok {
		return l.Sprintf(key)
	}
	return Hint(l, string(matrice.CheckRule))
}

// Hints returns the advice, in l, for a group of errors of one check: one
// per rule met among its examples for CheckRule; one per type for
// CheckType when m (the matrice of the file; it may be nil) is given; the
// check's own otherwise, none for a check without advice.
func Hints(l i18n.Lang, m *matrice.Matrice, check string, examples []LineError) []string {
	var out []string
	add := func(h string) {
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	for _, e := range examples {
		switch check {
		case string(matrice.CheckRule):
			if e.Rule != "" {
				add(RuleHint(l, e.Rule))
			}
		case string(matrice.CheckType):
			if m == nil {
				continue
			}
			if i, ok := m.Lookup(e.Field); ok {
				add(TypeHint(l, m.Field(i).Type))
			}
		}
	}
	if len(out) == 0 {
		add(Hint(l, check))
	}
	return out
}

// CheckLabel returns the name of a check for people, in l ("Type de
// valeur", "Value type" …); the code itself for a check it does not know.
func CheckLabel(l i18n.Lang, code string) string {
	if key, ok := checkLabelKeys[code]; ok {
		return l.Sprintf(key)
	}
	return code
}
