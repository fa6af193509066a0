// Package matrice loads, checks and compiles E#L's field matrix (the
// "matrice cadre") and checks one line's values against it.
//
// A matrice lists every column of a partner's file: its name (Champ), group,
// type, lengths, bounds, pattern, enum values and obligations, at import and
// to close each phase. It is loaded from CSV in the tabular form E#L
// distributes (LoadCSV, LoadFile), from the rows of a spreadsheet
// (Loader.LoadSheet: adapters/xlsx reads a workbook's first sheet into rows,
// so that this package needs no XLSX library) or built in Go (New); Default
// is the spec's matrice-cadre.csv, embedded.
//
// Loading checks the matrice and reports every problem at once, each naming
// its line and column (LoadErrors): unknown type or group, a bad regular
// expression, an ENUM without values, Min greater than Max, an SI: obligation
// naming an unknown field or value, a duplicate Champ, a header name with
// spaces or special characters.
//
// A loaded *Matrice is compiled once, immutable and safe for concurrent use.
// Checking a line goes through a Row, one per goroutine, reused line after
// line: Set each raw value, then Check. The check path allocates nothing,
// whether values are valid or not (TestCheckCellDoesNotAllocate): types are
// compiled to small integers, short ENUM lists are scanned, lengths are
// counted only when the byte length cannot decide, and a Motif made of ASCII
// character classes in sequence (most are) matches without the regexp
// package. Messages are built only when asked for (Row.Message), in the
// spec's exact words:
//
//	Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'
//
// No value may hold a control character (the C0 controls but TAB, LF and
// CR; DEL; the C1 controls): whatever the field's type, it is a type error
// naming the character, the value shown with it escaped (HasControl,
// EscapeControls):
//
//	Attribute 'Nom' with value 'A\x00B' fails check for type is 'TXT' (control character U+0000)
//
// Cross-field rules are named: luhn, date_order, min_age and
// subversion_phase are standard (StandardRules); E#L adds its own with
// RuleSet.Add and declares them in a matrice's optional Regles column, or in
// Field.Rules, without forking. A matrice file without a Regles column gets
// the default matrice's rule declarations on the fields it has.
//
// A partner's correspondence table (Champ;ValeurPartenaire;ValeurMatrice)
// maps its ENUM and BOOL values to the matrice's before any check.
package matrice
