package importer

import (
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// hints holds one piece of advice per check code, line and file checks alike.
var hints = map[string]string{
	string(matrice.CheckType):          "each column has a type: dates are JJ/MM/AAAA, NUM is digits only, DEC is like 1234,56 (no thousands separator), BOOL is OUI or NON, TEL is 0XXXXXXXXX or +33XXXXXXXXX",
	string(matrice.CheckRequired):      "fill the field: the matrice requires it at import",
	string(matrice.CheckRequiredIf):    "fill the field, or empty the field it depends on: the matrice requires it when that field has (that) value",
	string(matrice.CheckRequiredClose): "a line with DateFinPhase closes its phase: fill the fields the matrice requires to close it, or leave DateFinPhase empty",
	string(matrice.CheckLength):        "lengths count characters, accents included as one",
	string(matrice.CheckRange):         "the value is outside the matrice's bounds; a date cannot be after the file's date",
	string(matrice.CheckPattern):       "the whole value must match the matrice's pattern",
	string(matrice.CheckEnum):          "use the matrice's codes, exact case, or send E#L a correspondence table for your own values",
	string(matrice.CheckRule):          "the value breaks a rule linking it to other fields of the line",
	string(matrice.CheckCells):         "the line has more or fewer cells than the header: a ';' inside a cell needs the cell in double quotes",
	string(matrice.CheckConflict):      "every line of a dossier must carry the same dossier values (an empty value is fine): align this line on the earlier one",
	string(CodeName):                   "name the file AAAAMMDD-IDENTIFIANT.csv (or .xlsx for a workbook), with the export's date and your identifier, e.g. 20261116-adie.csv",
	string(CodeEncoding):               "re-save the file as CSV UTF-8 (in Excel: File › Save as › \"CSV UTF-8 (comma delimited)\", then check the separator is ';')",
	string(CodeSeparator):              "the separator is ';': in Excel with French settings, \"CSV UTF-8\" uses ';'; elsewhere set the list separator to ';'",
	string(CodeHeader):                 "the first line names the matrice's columns exactly (letters, digits and _, case included), in any order; start from the template",
	string(CodeEmpty):                  "the file needs a header line naming the matrice's columns, then one line per dossier request",
	string(CodeSyntax):                 "a cell opening with a double quote must close it; a quote inside a quoted cell is written twice (\"\")",
	string(CodeMode):                   "in complete mode one rejected line rejects the file: correct every rejected line, then send the whole file again",
	string(CodeWorkbook):               "a workbook holds the template's sheet and the dossiers' values only: no formula, no other sheet, no table, no link, no password; start from the template (eleader matrice template --xlsx)",
}

// ruleHints advise on the standard rules.
var ruleHints = map[string]string{
	"luhn":             "luhn: a SIRET's last digit is a Luhn check digit; check the digits against the company's Kbis or INSEE notice",
	"date_order":       "date_order: a phase cannot end before it starts (DateFinPhase ≥ DateDebutPhase)",
	"min_age":          "min_age: the beneficiary is at least 16 at DateDebutPhase; check both dates",
	"subversion_phase": "subversion_phase: a number starting with a version (001-) is a sub-version, only allowed on phase 2",
}

// typeHints advise on each type.
var typeHints = map[matrice.Type]string{
	matrice.NUM:     "NUM: digits only, no spaces, signs or decimals",
	matrice.DEC:     "DEC: a number like 1234,56 or -12.5: no thousands separator, no currency",
	matrice.DATE:    "DATE: dates are JJ/MM/AAAA, a real calendar date, e.g. 16/11/2026",
	matrice.BOOL:    "BOOL: OUI or NON, in capitals (or map your values with a correspondence table)",
	matrice.EMAIL:   "EMAIL: one @, a name before it, a domain with a dot after it, no spaces",
	matrice.TEL:     "TEL: 10 digits starting with 0, or +33 and 9 digits; spaces and dots are allowed",
	matrice.DOSSIER: "DOSSIER: {VERSION}{OPER}{INDEX}, e.g. ADIE100876-AHG-4U or 001-ADIE100876-AHG-4U: 4 capitals or digits, then letters, digits, + _ -",
}

// TypeHint returns advice for a value that is not of type t.
func TypeHint(t matrice.Type) string {
	if h, ok := typeHints[t]; ok {
		return h
	}
	return hints[string(matrice.CheckType)]
}

// Hint returns one line of advice for a check code, line or file check
// ("type", "encoding" …) or a check against E#L's store (dossier's:
// "operator" …), or "".
func Hint(code string) string {
	if h, ok := hints[code]; ok {
		return h
	}
	return dossier.CheckHint(matrice.Check(code))
}

// RuleHint returns advice for a failed rule of the standard set, or the
// generic advice of CheckRule.
func RuleHint(rule string) string {
	if h, ok := ruleHints[rule]; ok {
		return h
	}
	return hints[string(matrice.CheckRule)]
}
