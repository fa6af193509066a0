package matrice_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestDefaultValidLine is the baseline of the tests below: a full line and a
// line with only the import obligations pass.
func TestDefaultValidLine(t *testing.T) {
	require.Equal(t, 52, matrice.Default().Len())
	assert.Empty(t, checkDefault(t, validLine()))
	assert.Empty(t, checkDefault(t, minimalLine()))
}

// TestTypes checks each type's valid values (spec §1 table), one field at a time.
func TestTypes(t *testing.T) {
	tests := []struct {
		name  string
		typ   matrice.Type
		value string
		ok    bool
	}{
		{"TXT anything", matrice.TXT, "N'importe quoi ; même « ça » 😀", true},
		{"TXT digits", matrice.TXT, "123", true},

		{"NUM digits", matrice.NUM, "0123456789", true},
		{"NUM zero", matrice.NUM, "0", true},
		{"NUM many digits", matrice.NUM, "123456789012345678901234567890", true},
		{"NUM trimmed", matrice.NUM, "  42\t", true},
		{"NUM sign", matrice.NUM, "-1", false},
		{"NUM plus", matrice.NUM, "+1", false},
		{"NUM decimal point", matrice.NUM, "1.5", false},
		{"NUM decimal comma", matrice.NUM, "1,5", false},
		{"NUM inner space", matrice.NUM, "1 000", false},
		{"NUM letters", matrice.NUM, "12a", false},
		{"NUM arabic-indic digits", matrice.NUM, "١٢", false},
		{"NUM fullwidth digits", matrice.NUM, "１２", false},

		{"DEC integer", matrice.DEC, "12", true},
		{"DEC comma", matrice.DEC, "12,50", true},
		{"DEC point", matrice.DEC, "12.50", true},
		{"DEC negative", matrice.DEC, "-0,5", true},
		{"DEC negative integer", matrice.DEC, "-7", true},
		{"DEC leading zeros", matrice.DEC, "007.0", true},
		{"DEC plus", matrice.DEC, "+1", false},
		{"DEC leading point", matrice.DEC, ".5", false},
		{"DEC trailing point", matrice.DEC, "5.", false},
		{"DEC trailing comma", matrice.DEC, "5,", false},
		{"DEC thousands comma", matrice.DEC, "1,000.50", false},
		{"DEC thousands space", matrice.DEC, "1 000", false},
		{"DEC two points", matrice.DEC, "1.2.3", false},
		{"DEC minus alone", matrice.DEC, "-", false},
		{"DEC double minus", matrice.DEC, "--1", false},
		{"DEC exponent", matrice.DEC, "1e5", false},
		{"DEC sign after space", matrice.DEC, "- 1", false},

		{"DATE", matrice.DATE, "16/11/2026", true},
		{"DATE 29/02 leap year", matrice.DATE, "29/02/2024", true},
		{"DATE 29/02/2000 leap century", matrice.DATE, "29/02/2000", true},
		{"DATE 29/02 non-leap year", matrice.DATE, "29/02/2025", false},
		{"DATE 29/02/1900 non-leap century", matrice.DATE, "29/02/1900", false},
		{"DATE 31/04", matrice.DATE, "31/04/2026", false},
		{"DATE 31/12", matrice.DATE, "31/12/2026", true},
		{"DATE 32/01", matrice.DATE, "32/01/2026", false},
		{"DATE day 00", matrice.DATE, "00/01/2026", false},
		{"DATE month 13", matrice.DATE, "01/13/2026", false},
		{"DATE month 00", matrice.DATE, "01/00/2026", false},
		{"DATE short day and month", matrice.DATE, "1/2/2026", false},
		{"DATE ISO", matrice.DATE, "2026-01-02", false},
		{"DATE dashes", matrice.DATE, "02-01-2026", false},
		{"DATE two-digit year", matrice.DATE, "02/01/26", false},
		{"DATE with time", matrice.DATE, "02/01/2026 10:00", false},
		{"DATE compact", matrice.DATE, "20260102", false},

		{"BOOL OUI", matrice.BOOL, "OUI", true},
		{"BOOL NON", matrice.BOOL, "NON", true},
		{"BOOL lower case", matrice.BOOL, "oui", false},
		{"BOOL title case", matrice.BOOL, "Non", false},
		{"BOOL O", matrice.BOOL, "O", false},
		{"BOOL 1", matrice.BOOL, "1", false},
		{"BOOL TRUE", matrice.BOOL, "TRUE", false},

		{"EMAIL", matrice.EMAIL, "elodie.dupont@example.fr", true},
		{"EMAIL plus and subdomain", matrice.EMAIL, "p.nom+eleader@mail.example.org", true},
		{"EMAIL no dot in domain", matrice.EMAIL, "a@localhost", false},
		{"EMAIL no local part", matrice.EMAIL, "@example.fr", false},
		{"EMAIL no @", matrice.EMAIL, "a.example.fr", false},
		{"EMAIL two @", matrice.EMAIL, "a@b@example.fr", false},
		{"EMAIL @@", matrice.EMAIL, "a@@example.fr", false},
		{"EMAIL space", matrice.EMAIL, "a b@example.fr", false},
		{"EMAIL space in domain", matrice.EMAIL, "ab@example .fr", false},
		{"EMAIL tab", matrice.EMAIL, "a\tb@example.fr", false},

		{"TEL 10 digits", matrice.TEL, "0612345678", true},
		{"TEL spaces", matrice.TEL, "06 12 34 56 78", true},
		{"TEL dots", matrice.TEL, "06.12.34.56.78", true},
		{"TEL mixed", matrice.TEL, "01 23.45 67.89", true},
		{"TEL +33", matrice.TEL, "+33612345678", true},
		{"TEL +33 spaces", matrice.TEL, "+33 6 12 34 56 78", true},
		{"TEL +33 dots", matrice.TEL, "+33.1.23.45.67.89", true},
		{"TEL 00 prefix", matrice.TEL, "0012345678", false},
		{"TEL +33 then 0", matrice.TEL, "+330612345678", false},
		{"TEL 0033", matrice.TEL, "0033612345678", false},
		{"TEL other country", matrice.TEL, "+44612345678", false},
		{"TEL 9 digits", matrice.TEL, "061234567", false},
		{"TEL 11 digits", matrice.TEL, "06123456789", false},
		{"TEL no leading 0", matrice.TEL, "6123456789", false},
		{"TEL dashes", matrice.TEL, "06-12-34-56-78", false},
		{"TEL letter", matrice.TEL, "06 12 34 56 7a", false},
		{"TEL parentheses", matrice.TEL, "+33 (0)6 12 34 56 78", false},
		{"TEL long", matrice.TEL, "06 12 34 56 78 06 12 34 56 78", false},

		{"DOSSIER", matrice.DOSSIER, "ADIE100876-AHG-4U", true},
		{"DOSSIER version", matrice.DOSSIER, "001-ADIE100876-AHG-4U", true},
		{"DOSSIER digits operator", matrice.DOSSIER, "75011", true},
		{"DOSSIER HIST", matrice.DOSSIER, "HIST2019+_-x", true},
		{"DOSSIER four digits then dash index", matrice.DOSSIER, "0001-ADIE1", true},
		{"DOSSIER no index", matrice.DOSSIER, "ADIE", false},
		{"DOSSIER version without index", matrice.DOSSIER, "001-ADIE", false},
		{"DOSSIER version alone", matrice.DOSSIER, "001-", false},
		{"DOSSIER lower-case operator", matrice.DOSSIER, "adie100876", false},
		{"DOSSIER short version", matrice.DOSSIER, "01-ADIE1", false},
		{"DOSSIER two versions", matrice.DOSSIER, "001-002-ADIE1", false},
		{"DOSSIER space in index", matrice.DOSSIER, "ADIE10 0876", false},
		{"DOSSIER slash in index", matrice.DOSSIER, "ADIE10/876", false},
		{"DOSSIER accent in index", matrice.DOSSIER, "ADIE10é", false},
		{"DOSSIER dash in operator", matrice.DOSSIER, "AD-E100", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := matrice.Field{Name: "V", Group: matrice.GroupDossier, Type: tt.typ}
			m := newMatrice(t, f)
			got, codes := checkCodes(t, m, matrice.RowOptions{}, map[string]string{"V": tt.value})
			if tt.ok {
				assert.Empty(t, got, "value %q: got errors %v, want none", tt.value, got)
				return
			}
			want := msg("V", strings.TrimSpace(tt.value), "type is '"+string(tt.typ)+"'")
			assert.Equal(t, []string{want}, got, "value %q", tt.value)
			assert.Equal(t, []matrice.Check{matrice.CheckType}, codes)
		})
	}
}

// TestEmptyIsTypeValid: an empty value is valid for every type (spec §1).
func TestEmptyIsTypeValid(t *testing.T) {
	for _, typ := range matrice.Types {
		t.Run(string(typ), func(t *testing.T) {
			f := matrice.Field{Name: "V", Group: matrice.GroupDossier, Type: typ, MinLength: 3}
			if typ == matrice.ENUM {
				f.Values = []string{"A"}
			}
			m := newMatrice(t, f)
			for _, v := range []string{"", "   ", "\t \u00a0"} {
				got := check(t, m, matrice.RowOptions{FileDate: fileDate}, map[string]string{"V": v})
				assert.Empty(t, got, "value %q: got %v, want no error", v, got)
			}
		})
	}
}

// TestLength counts characters (runes), not bytes, and words the three
// messages of the length check.
func TestLength(t *testing.T) {
	between := matrice.Field{Name: "T", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 2, MaxLength: 5}
	atLeast := matrice.Field{Name: "T", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 2}
	atMost := matrice.Field{Name: "T", Group: matrice.GroupDossier, Type: matrice.TXT, MaxLength: 5}
	exactly := matrice.Field{Name: "T", Group: matrice.GroupDossier, Type: matrice.NUM, MinLength: 5, MaxLength: 5}
	atLeast10 := matrice.Field{Name: "T", Group: matrice.GroupDossier, Type: matrice.TXT, MinLength: 10}
	tests := []struct {
		name  string
		field matrice.Field
		value string
		want  string // "" when valid
	}{
		{"two accented runes, four bytes", between, "éé", ""},
		{"five accented runes, ten bytes", between, "ééééé", ""},
		{"six accented runes", between, "éèêëà€", "length is between 2 and 5"},
		{"one accented rune", between, "é", "length is between 2 and 5"},
		{"emoji counts one", between, "a😀", ""},
		{"trimmed before counting", between, "  ab  ", ""},
		{"trimmed to one", between, "  a  ", "length is between 2 and 5"},
		{"at least: short", atLeast, "a", "length is at least 2"},
		{"at least: long", atLeast, strings.Repeat("é", 1000), ""},
		{"at most: long", atMost, "abcdef", "length is at most 5"},
		{"at most: one", atMost, "a", ""},
		{"NUM 5 and 5: four digits", exactly, "7501", "length is between 5 and 5"},
		{"NUM 5 and 5: six digits", exactly, "750011", "length is between 5 and 5"},
		{"NUM 5 and 5: five digits", exactly, "75001", ""},
		{"at least 10: nine letters and an accented one, eleven bytes", atLeast10, "abcdefghé", "length is at least 10"},
		{"at least 10: ten letters, the last accented", atLeast10, "abcdefghié", ""},
		{"at least 10: sixteen ASCII bytes", atLeast10, "abcdefghijklmnop", ""},
		{"at least 10: eight accented letters, sixteen bytes", atLeast10, "éééééééé", "length is at least 10"},
		{"at least 10: an accent past the eighth byte", atLeast10, "abcdefghé", "length is at least 10"},
		{"at least 10: an accent amid the first eight bytes", atLeast10, "abcde\u00e9fgh", "length is at least 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatrice(t, tt.field)
			got, codes := checkCodes(t, m, matrice.RowOptions{}, map[string]string{"T": tt.value})
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("T", strings.TrimSpace(tt.value), tt.want)}, got)
			assert.Equal(t, []matrice.Check{matrice.CheckLength}, codes)
		})
	}
}

// TestRangeNumbers compares NUM and DEC values with their bounds exactly,
// whatever the number of digits, and words the three messages.
func TestRangeNumbers(t *testing.T) {
	dec := func(lo, hi string) matrice.Field {
		return matrice.Field{Name: "N", Group: matrice.GroupFinancement, Type: matrice.DEC, Min: lo, Max: hi}
	}
	num := func(lo, hi string) matrice.Field {
		return matrice.Field{Name: "N", Group: matrice.GroupFinancement, Type: matrice.NUM, Min: lo, Max: hi}
	}
	huge := "1000000000000000000000.000000000000000001"
	tests := []struct {
		name  string
		field matrice.Field
		value string
		want  string
	}{
		{"NUM inside", num("0", "999"), "999", ""},
		{"NUM lower bound", num("1", "600"), "1", ""},
		{"NUM below", num("1", "600"), "0", "value is between 1 and 600"},
		{"NUM above", num("1", "600"), "601", "value is between 1 and 600"},
		{"NUM leading zeros inside", num("1", "600"), "0000600", ""},
		{"NUM leading zeros above", num("1", "600"), "0000601", "value is between 1 and 600"},
		{"NUM at least", num("10", ""), "9", "value is at least 10"},
		{"NUM at most", num("", "10"), "11", "value is at most 10"},
		{"NUM beyond int64", num("", "99999999999999999999"), "100000000000000000000", "value is at most 99999999999999999999"},
		{"NUM just under a huge bound", num("", "99999999999999999999"), "99999999999999999999", ""},

		{"DEC comma value, point bound", dec("0", "100000000"), "100000000,00", ""},
		{"DEC above by a cent", dec("0", "100000000"), "100000000,01", "value is between 0 and 100000000"},
		{"DEC negative below zero", dec("0", "100000000"), "-1", "value is between 0 and 100000000"},
		{"DEC minus zero is zero", dec("0", "1"), "-0,000", ""},
		{"DEC negative bounds inside", dec("-10,5", "-2"), "-10.5", ""},
		{"DEC negative bounds below", dec("-10,5", "-2"), "-10.51", "value is between -10,5 and -2"},
		{"DEC negative bounds above", dec("-10,5", "-2"), "-1.99", "value is between -10,5 and -2"},
		{"DEC comma bound, point value", dec("0,25", ""), "0.2", "value is at least 0,25"},
		{"DEC trailing zeros equal", dec("", "0.1"), "0.10000", ""},
		{"DEC float64 would round", dec("", "0.1"), "0.10000000000000001", "value is at most 0.1"},
		{"DEC many digits equal", dec("", huge), huge, ""},
		{"DEC many digits above", dec("", huge), "1000000000000000000000.0000000000000000011", "value is at most " + huge},
		{"DEC many digits below", dec(huge, ""), "1000000000000000000000.0000000000000000009", "value is at least " + huge},
		{"DEC many integer digits", dec("", huge), "999999999999999999999.99999999999999999999", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatrice(t, tt.field)
			got, codes := checkCodes(t, m, matrice.RowOptions{}, map[string]string{"N": tt.value})
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("N", tt.value, tt.want)}, got)
			assert.Equal(t, []matrice.Check{matrice.CheckRange}, codes)
		})
	}
}

// TestRangeDates checks DATE bounds: Min and Max as dates, and the file's
// date as the upper bound when Max is empty; messages use JJ/MM/AAAA.
func TestRangeDates(t *testing.T) {
	date := func(lo, hi string) matrice.Field {
		return matrice.Field{Name: "D", Group: matrice.GroupDossier, Type: matrice.DATE, Min: lo, Max: hi}
	}
	tests := []struct {
		name  string
		field matrice.Field
		file  matrice.Date
		value string
		want  string
	}{
		{"both bounds: on Min", date("01/01/2015", "31/12/2030"), fileDate, "01/01/2015", ""},
		{"both bounds: on Max", date("01/01/2015", "31/12/2030"), fileDate, "31/12/2030", ""},
		{"both bounds: below", date("01/01/2015", "31/12/2030"), fileDate, "31/12/2014", "value is between 01/01/2015 and 31/12/2030"},
		{"both bounds: above", date("01/01/2015", "31/12/2030"), fileDate, "01/01/2031", "value is between 01/01/2015 and 31/12/2030"},
		{"Max wins over the file date", date("01/01/2015", "31/12/2030"), fileDate, "01/06/2027", ""},
		{"Max only", date("", "31/12/2030"), 0, "01/01/2031", "value is at most 31/12/2030"},
		{"Min, file date: on the file date", date("01/01/2015", ""), fileDate, "16/11/2026", ""},
		{"Min, file date: the day after", date("01/01/2015", ""), fileDate, "17/11/2026", "value is between 01/01/2015 and 16/11/2026"},
		{"Min, file date: below Min", date("01/01/2015", ""), fileDate, "31/12/2014", "value is between 01/01/2015 and 16/11/2026"},
		{"file date only", date("", ""), fileDate, "17/11/2026", "value is at most 16/11/2026"},
		{"file date only: far past", date("", ""), fileDate, "01/01/0001", ""},
		{"no file date: no upper bound", date("01/01/2015", ""), 0, "31/12/9999", ""},
		// RowOptions.FileDate: "Zero means no such bound", so Min is the only bound.
		{"no file date: below Min", date("01/01/2015", ""), 0, "31/12/2014", "value is at least 01/01/2015"},
		{"file date in another year", date("", ""), matrice.NewDate(2024, 2, 29), "01/03/2024", "value is at most 29/02/2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatrice(t, tt.field)
			got, codes := checkCodes(t, m, matrice.RowOptions{FileDate: tt.file}, map[string]string{"D": tt.value})
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg("D", tt.value, tt.want)}, got)
			assert.Equal(t, []matrice.Check{matrice.CheckRange}, codes)
		})
	}
}

// TestSpecMessages reproduces each example of spec §3 on the default matrice.
// Where the order rule decides otherwise (README, "Decisions"), the example's
// message format is shown on another value.
func TestSpecMessages(t *testing.T) {
	noCreation := with(validLine(), "CreationEntreprise", "NON", "DateCreation", "", "FormeJuridique", "", "SIRET", "",
		"CodeNAF", "", "CodePostalEntreprise", "", "EmploisCrees", "", "EntrepriseActive", "", "ChiffreAffaires", "")
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"type", with(validLine(), "SIRET", "abc"),
			[]string{msg("SIRET", "abc", "type is 'NUM'")}},
		{"required", with(validLine(), "Nom", ""),
			[]string{msg("Nom", "", "has a value")}},
		{"required_if has a value", with(validLine(), "TypeRDV", ""),
			[]string{msg("TypeRDV", "", "has a value when 'DateRDV' has a value")}},
		{"required_if is", with(validLine(), "CodeQPV", ""),
			[]string{msg("CodeQPV", "", "has a value when 'QPV' is 'OUI'")}},
		{"SIRET to close phase 2 with creation: import obligation first", with(noCreation, "Phase", "2", "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI", "CreationEntreprise", "OUI",
			"DateCreation", "01/06/2026", "FormeJuridique", "SAS", "CodeNAF", "47.91B", "CodePostalEntreprise", "75002", "EmploisCrees", "2", "SIRET", ""),
			[]string{msg("SIRET", "", "has a value when 'CreationEntreprise' is 'OUI'")}},
		{"required_close SIRET phase 3 without creation", with(noCreation, "Phase", "3", "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI",
			"DateCreation", "01/06/2026", "FormeJuridique", "SAS", "CodeNAF", "47.91B", "CodePostalEntreprise", "75002", "EmploisCrees", "2",
			"EntrepriseActive", "NON", "ChiffreAffaires", "0"),
			[]string{msg("SIRET", "", "has a value to close phase 3")}},
		{"length", with(validLine(), "CodePostal", "7501"),
			[]string{msg("CodePostal", "7501", "length is between 5 and 5")}},
		{"length before range", with(validLine(), "EmploisCrees", "1200"),
			[]string{msg("EmploisCrees", "1200", "length is between 1 and 3")}},
		{"range", with(validLine(), "DureeRDV", "601"),
			[]string{msg("DureeRDV", "601", "value is between 1 and 600")}},
		{"range DEC", with(validLine(), "ChiffreAffaires", "100000000,01"),
			[]string{msg("ChiffreAffaires", "100000000,01", "value is between 0 and 100000000")}},
		{"range DATE against the file date", with(validLine(), "DateMaj", "20/11/2026"),
			[]string{msg("DateMaj", "20/11/2026", "value is between 01/01/2015 and 16/11/2026")}},
		{"length before pattern", with(validLine(), "CodeNAF", "4791"),
			[]string{msg("CodeNAF", "4791", "length is between 5 and 6")}},
		{"pattern", with(validLine(), "CodeNAF", "47.9B"),
			[]string{msg("CodeNAF", "47.9B", `matches '^[0-9]{2}\.?[0-9]{2}[A-Z]$'`)}},
		{"pattern lower case", with(validLine(), "CodeNAF", "4791b"),
			[]string{msg("CodeNAF", "4791b", `matches '^[0-9]{2}\.?[0-9]{2}[A-Z]$'`)}},
		{"pattern without point", with(validLine(), "CodeNAF", "4791B"), nil},
		{"enum", with(validLine(), "Civilite", "Mr"),
			[]string{msg("Civilite", "Mr", "is one of 'M', 'MME'")}},
		{"enum exact case", with(validLine(), "Civilite", "Mme"),
			[]string{msg("Civilite", "Mme", "is one of 'M', 'MME'")}},
		{"enum Phase", with(validLine(), "Phase", "4"),
			[]string{msg("Phase", "4", "is one of '1', '2', '3'")}},
		{"rule", with(validLine(), "SIRET", "12345678901234"),
			[]string{msg("SIRET", "12345678901234", "rule 'luhn'")}},
		{"BOOL type", with(validLine(), "QPV", "Oui"),
			[]string{msg("QPV", "Oui", "type is 'BOOL'")}},
		{"DATE type", with(validLine(), "DateAccueil", "31/04/2026"),
			[]string{msg("DateAccueil", "31/04/2026", "type is 'DATE'")}},
		{"TEL type", with(validLine(), "Telephone", "06-12-34-56-78"),
			[]string{msg("Telephone", "06-12-34-56-78", "type is 'TEL'")}},
		{"EMAIL type", with(validLine(), "Email", "elodie.dupont@example"),
			[]string{msg("Email", "elodie.dupont@example", "type is 'EMAIL'")}},
		{"DOSSIER type", with(validLine(), "NumeroDossier", "adie100876"),
			[]string{msg("NumeroDossier", "adie100876", "type is 'DOSSIER'")}},
		{"DOSSIER length", with(validLine(), "NumeroDossier", "ADIE1"),
			[]string{msg("NumeroDossier", "ADIE1", "length is between 6 and 64")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkDefault(t, tt.line)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestCheckCodes checks each failure's stable code.
func TestCheckCodes(t *testing.T) {
	tests := []struct {
		name string
		line map[string]string
		want matrice.Check
	}{
		{"type", with(validLine(), "SIRET", "abc"), matrice.CheckType},
		{"required", with(validLine(), "Nom", ""), matrice.CheckRequired},
		{"required_if", with(validLine(), "TypeRDV", ""), matrice.CheckRequiredIf},
		{"required_close", with(validLine(), "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI", "Prescripteur", ""), matrice.CheckRequiredClose},
		{"length", with(validLine(), "CodePostal", "7501"), matrice.CheckLength},
		{"range", with(validLine(), "DureeRDV", "0"), matrice.CheckRange},
		{"pattern", with(validLine(), "CodeNAF", "47.9B"), matrice.CheckPattern},
		{"enum", with(validLine(), "Civilite", "Mr"), matrice.CheckEnum},
		{"rule", with(validLine(), "SIRET", "12345678901234"), matrice.CheckRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := checkCodes(t, matrice.Default(), matrice.RowOptions{FileDate: fileDate}, tt.line)
			assert.Equal(t, []matrice.Check{tt.want}, got)
		})
	}
}

// TestClosingDefault applies the default matrice's closing columns to a line
// holding only its import obligations (spec §1: phase 1 → CloturePhase1;
// phase 2 with CreationEntreprise=OUI → CloturePhase2; phase 2 otherwise →
// CloturePhase2SansCreation; phase 3 → CloturePhase3).
func TestClosingDefault(t *testing.T) {
	closing := func(kv ...string) map[string]string {
		return with(with(minimalLine(), "DateFinPhase", "30/06/2026", "MotifFinPhase", "ABOUTI"), kv...)
	}
	close := func(phase string, fields ...string) []string {
		var out []string
		for _, f := range fields {
			out = append(out, msg(f, "", "has a value to close phase "+phase))
		}
		return out
	}
	creationIf := func(f string) string { return msg(f, "", "has a value when 'CreationEntreprise' is 'OUI'") }
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"not closing: no DateFinPhase", minimalLine(), nil},
		{"not closing: phase 2 without DateFinPhase", with(minimalLine(), "Phase", "2"), nil},
		{"phase 1", closing("Phase", "1"),
			close("1", "NiveauFormation", "SituationEntree", "BeneficiaireRSA", "Prescripteur", "IntituleProjet")},
		{"phase 2 with CreationEntreprise=OUI", closing("Phase", "2", "CreationEntreprise", "OUI"),
			append(append(close("2", "NiveauFormation", "SituationEntree", "BeneficiaireRSA", "IntituleProjet", "SecteurActivite"),
				creationIf("DateCreation"), creationIf("SIRET"), creationIf("FormeJuridique")),
				close("2", "CodeNAF", "CodePostalEntreprise", "EmploisCrees")...)},
		{"phase 2 with CreationEntreprise=NON", closing("Phase", "2", "CreationEntreprise", "NON"),
			close("2", "NiveauFormation", "SituationEntree", "BeneficiaireRSA", "IntituleProjet")},
		{"phase 2 with CreationEntreprise empty", closing("Phase", "2"),
			close("2", "NiveauFormation", "SituationEntree", "BeneficiaireRSA", "IntituleProjet", "CreationEntreprise")},
		{"phase 3", closing("Phase", "3", "CreationEntreprise", "NON"),
			close("3", "NiveauFormation", "SituationEntree", "IntituleProjet", "SecteurActivite", "DateCreation", "SIRET",
				"FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees", "EntrepriseActive", "ChiffreAffaires")},
		{"phase 3 missing the closing fields' own import obligation", closing("Phase", "3", "Nom", ""),
			append([]string{msg("Nom", "", "has a value")},
				close("3", "NiveauFormation", "SituationEntree", "IntituleProjet", "SecteurActivite", "CreationEntreprise",
					"DateCreation", "SIRET", "FormeJuridique", "CodeNAF", "CodePostalEntreprise", "EmploisCrees",
					"EntrepriseActive", "ChiffreAffaires")...)},
		{"invalid phase: no closing", closing("Phase", "4"),
			[]string{msg("Phase", "4", "is one of '1', '2', '3'")}},
		{"MotifFinPhase required by DateFinPhase at import, not at closing", closing("Phase", "1", "MotifFinPhase", "",
			"NiveauFormation", "5", "SituationEntree", "SALARIE", "BeneficiaireRSA", "NON", "Prescripteur", "AUTRE", "IntituleProjet", "Café"),
			[]string{msg("MotifFinPhase", "", "has a value when 'DateFinPhase' has a value")}},
		{"phase 1 complete", closing("Phase", "1", "NiveauFormation", "5", "SituationEntree", "SALARIE",
			"BeneficiaireRSA", "NON", "Prescripteur", "AUTRE", "IntituleProjet", "Café"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkDefault(t, tt.line)
			assert.Equal(t, tt.want, got)
		})
	}
}

// closingMatrice has one field per closing obligation, plus fields with an
// import obligation and a conditional closing obligation.
func closingMatrice(tb testing.TB) *matrice.Matrice {
	tb.Helper()
	o, n := matrice.Required, matrice.Optional
	d := matrice.GroupDossier
	return newMatrice(tb,
		matrice.Field{Name: "Phase", Group: d, Type: matrice.ENUM, Values: []string{"1", "2", "3"}},
		matrice.Field{Name: "DateFinPhase", Group: d, Type: matrice.DATE},
		matrice.Field{Name: "CreationEntreprise", Group: d, Type: matrice.BOOL},
		matrice.Field{Name: "A", Group: d, Type: matrice.TXT, Close: [4]matrice.Obligation{o, n, n, n}},
		matrice.Field{Name: "B", Group: d, Type: matrice.TXT, Close: [4]matrice.Obligation{n, o, n, n}},
		matrice.Field{Name: "C", Group: d, Type: matrice.TXT, Close: [4]matrice.Obligation{n, n, o, n}},
		matrice.Field{Name: "D", Group: d, Type: matrice.TXT, Close: [4]matrice.Obligation{n, n, n, o}},
		matrice.Field{Name: "E", Group: d, Type: matrice.TXT, Import: o, Close: [4]matrice.Obligation{o, o, o, o}},
		matrice.Field{Name: "F", Group: d, Type: matrice.TXT, Import: matrice.RequiredIf("G"), Close: [4]matrice.Obligation{o, o, o, o}},
		matrice.Field{Name: "G", Group: d, Type: matrice.TXT},
		matrice.Field{Name: "H", Group: d, Type: matrice.TXT, Close: [4]matrice.Obligation{matrice.RequiredIfEquals("CreationEntreprise", "OUI"), n, n, matrice.RequiredIf("G")}},
	)
}

// TestClosingSmall checks which closing column applies, and that a field
// missing under an import obligation is not reported again under a closing one.
func TestClosingSmall(t *testing.T) {
	m := closingMatrice(t)
	base := map[string]string{"E": "e", "DateFinPhase": "30/06/2026"}
	close := func(phase string, fields ...string) []string {
		var out []string
		for _, f := range fields {
			out = append(out, msg(f, "", "has a value to close phase "+phase))
		}
		return out
	}
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"phase 1", with(base, "Phase", "1"), close("1", "A", "F")},
		{"phase 2 with creation", with(base, "Phase", "2", "CreationEntreprise", "OUI"), close("2", "B", "F")},
		{"phase 2 without creation", with(base, "Phase", "2", "CreationEntreprise", "NON"), close("2", "C", "F")},
		{"phase 2, creation empty", with(base, "Phase", "2"), close("2", "C", "F")},
		{"phase 2, creation invalid", with(base, "Phase", "2", "CreationEntreprise", "oui"),
			append([]string{msg("CreationEntreprise", "oui", "type is 'BOOL'")}, close("2", "C", "F")...)},
		{"phase 3", with(base, "Phase", "3"), close("3", "D", "F")},
		{"no DateFinPhase", with(base, "Phase", "1", "DateFinPhase", ""), nil},
		{"DateFinPhase of spaces is empty", with(base, "Phase", "1", "DateFinPhase", "   "), nil},
		{"no Phase", with(base, "Phase", ""), nil},
		{"import obligation reported once", with(base, "Phase", "1", "E", ""),
			[]string{msg("A", "", "has a value to close phase 1"), msg("E", "", "has a value"), msg("F", "", "has a value to close phase 1")}},
		{"conditional import obligation reported once", with(base, "Phase", "1", "G", "g"),
			[]string{msg("A", "", "has a value to close phase 1"), msg("F", "", "has a value when 'G' has a value")}},
		{"conditional closing SI:X=V holds", with(base, "Phase", "1", "CreationEntreprise", "OUI"), close("1", "A", "F", "H")},
		{"conditional closing SI:X=V does not hold", with(base, "Phase", "1", "CreationEntreprise", "NON"), close("1", "A", "F")},
		{"conditional closing SI:X holds", with(base, "Phase", "3", "G", "g"),
			[]string{msg("D", "", "has a value to close phase 3"), msg("F", "", "has a value when 'G' has a value"), msg("H", "", "has a value to close phase 3")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, m, matrice.RowOptions{}, tt.line)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestOneErrorPerField checks the order obligation, type, length, range,
// pattern, enum: a field gets the first failing check only.
func TestOneErrorPerField(t *testing.T) {
	m := newMatrice(t,
		matrice.Field{Name: "N", Group: matrice.GroupDossier, Type: matrice.NUM, MaxLength: 3, Min: "10", Max: "500", Pattern: "[1-4][0-9]*"},
		matrice.Field{Name: "E", Group: matrice.GroupDossier, Type: matrice.ENUM, MaxLength: 3, Pattern: "[A-C]+", Values: []string{"AA", "BBB", "CCCC", "ZZ"}},
		matrice.Field{Name: "R", Group: matrice.GroupDossier, Type: matrice.NUM, Import: matrice.Required, MinLength: 2, Min: "50"},
	)
	tests := []struct {
		name  string
		field string
		value string
		want  string
		code  matrice.Check
	}{
		{"type before length", "N", "abcd", "type is 'NUM'", matrice.CheckType},
		{"length before range and pattern", "N", "9999", "length is at most 3", matrice.CheckLength},
		{"range before pattern", "N", "9", "value is between 10 and 500", matrice.CheckRange},
		{"range before pattern, long enough", "N", "600", "value is between 10 and 500", matrice.CheckRange},
		{"pattern", "N", "50", "matches '[1-4][0-9]*'", matrice.CheckPattern},
		{"NUM passes", "N", "499", "", ""},
		{"length before pattern and enum", "E", "CCCC", "length is at most 3", matrice.CheckLength},
		{"pattern before enum", "E", "ZZ", "matches '[A-C]+'", matrice.CheckPattern},
		{"pattern before enum, not a code", "E", "ab", "matches '[A-C]+'", matrice.CheckPattern},
		{"enum", "E", "AB", "is one of 'AA', 'BBB', 'CCCC', 'ZZ'", matrice.CheckEnum},
		{"ENUM passes", "E", "BBB", "", ""},
		{"obligation", "R", "", "has a value", matrice.CheckRequired},
		{"length before range", "R", "5", "length is at least 2", matrice.CheckLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := map[string]string{"R": "99", tt.field: tt.value}
			got, codes := checkCodes(t, m, matrice.RowOptions{}, line)
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{msg(tt.field, tt.value, tt.want)}, got)
			assert.Equal(t, []matrice.Check{tt.code}, codes)
		})
	}
}

// TestErrorOrder: a line's errors come in the file's column order (the Order
// given to NewRow), then rules (spec §3).
func TestErrorOrder(t *testing.T) {
	m := matrice.Default()
	line := with(validLine(), "Nom", "", "SIRET", "12345678901234", "Civilite", "Mr", "CodePostal", "7501")
	nom := msg("Nom", "", "has a value")
	civ := msg("Civilite", "Mr", "is one of 'M', 'MME'")
	cp := msg("CodePostal", "7501", "length is between 5 and 5")
	luhn := msg("SIRET", "12345678901234", "rule 'luhn'")

	t.Run("matrice order", func(t *testing.T) {
		got := check(t, m, matrice.RowOptions{FileDate: fileDate}, line)
		assert.Equal(t, []string{civ, nom, cp, luhn}, got)
	})
	t.Run("reversed file order", func(t *testing.T) {
		order := make([]int, m.Len())
		for i := range order {
			order[i] = m.Len() - 1 - i
		}
		got := check(t, m, matrice.RowOptions{FileDate: fileDate, Order: order}, line)
		assert.Equal(t, []string{cp, nom, civ, luhn}, got)
	})
	t.Run("small matrice, shuffled order", func(t *testing.T) {
		small := newMatrice(t,
			matrice.Field{Name: "A", Group: matrice.GroupDossier, Type: matrice.NUM, Import: matrice.Required},
			matrice.Field{Name: "B", Group: matrice.GroupDossier, Type: matrice.NUM, Rules: []matrice.Rule{{Name: "luhn"}}},
			matrice.Field{Name: "C", Group: matrice.GroupDossier, Type: matrice.BOOL},
			matrice.Field{Name: "D", Group: matrice.GroupDossier, Type: matrice.NUM, Rules: []matrice.Rule{{Name: "luhn"}}},
		)
		line := map[string]string{"A": "", "B": "12", "C": "oui", "D": "13"}
		got := check(t, small, matrice.RowOptions{Order: []int{3, 2, 1, 0}}, line)
		assert.Equal(t, []string{
			msg("C", "oui", "type is 'BOOL'"),
			msg("A", "", "has a value"),
			msg("B", "12", "rule 'luhn'"),
			msg("D", "13", "rule 'luhn'"),
		}, got)
	})
}

// TestRowReuse: Reset clears a row; a second line does not see the first's
// values or errors.
func TestRowReuse(t *testing.T) {
	m := matrice.Default()
	r := m.NewRow(matrice.RowOptions{FileDate: fileDate})
	set := func(line map[string]string) []string {
		r.Reset()
		for name, v := range line {
			i, ok := m.Lookup(name)
			require.True(t, ok)
			r.Set(i, []byte(v))
		}
		var out []string
		for _, f := range r.Check() {
			out = append(out, r.Message(f))
		}
		return out
	}
	assert.Equal(t, []string{msg("Civilite", "Mr", "is one of 'M', 'MME'")}, set(with(validLine(), "Civilite", "Mr")))
	assert.Empty(t, set(validLine()))
	assert.Equal(t, []string{msg("Nom", "", "has a value")}, set(with(minimalLine(), "Nom", "")))
}

// TestTrim: values are trimmed before any check and kept trimmed; a value of
// only spaces is empty (spec §1).
func TestTrim(t *testing.T) {
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"spaces around a valid value", with(validLine(), "CodePostal", "  75002  ", "Civilite", "\tMME "), nil},
		{"no-break spaces", with(validLine(), "CodePostal", "\u00a075002\u00a0"), nil},
		{"message quotes the trimmed value", with(validLine(), "Civilite", "  Mr  "), []string{msg("Civilite", "Mr", "is one of 'M', 'MME'")}},
		{"length counted after trimming", with(validLine(), "CodePostal", " 7501 "), []string{msg("CodePostal", "7501", "length is between 5 and 5")}},
		{"only spaces is empty", with(validLine(), "Nom", "     "), []string{msg("Nom", "", "has a value")}},
		{"only tabs and no-break spaces is empty", with(validLine(), "Nom", "\t\u00a0 "), []string{msg("Nom", "", "has a value")}},
		{"condition field of spaces is empty", with(validLine(), "DateRDV", "   ", "TypeRDV", "", "ModaliteRDV", ""), nil},
		{"condition compares the trimmed value", with(validLine(), "QPV", " OUI ", "CodeQPV", " "), []string{msg("CodeQPV", "", "has a value when 'QPV' is 'OUI'")}},
		{"inner spaces kept", with(validLine(), "CodePostal", "75 002"), []string{msg("CodePostal", "75 002", "type is 'NUM'")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, checkDefault(t, tt.line))
		})
	}
	t.Run("Value returns the trimmed value", func(t *testing.T) {
		m := matrice.Default()
		r := m.NewRow(matrice.RowOptions{})
		i, _ := m.Lookup("Nom")
		r.Set(i, []byte("  Dupont \t"))
		assert.Equal(t, "Dupont", string(r.Value(i)))
	})
}

// TestRequiredIf checks both conditional forms on a small matrice, including
// a condition field whose value failed its own check.
func TestRequiredIf(t *testing.T) {
	m := newMatrice(t,
		matrice.Field{Name: "Q", Group: matrice.GroupDossier, Type: matrice.BOOL},
		matrice.Field{Name: "K", Group: matrice.GroupDossier, Type: matrice.TXT, Import: matrice.RequiredIfEquals("Q", "OUI")},
		matrice.Field{Name: "D", Group: matrice.GroupRDV, Type: matrice.DATE},
		matrice.Field{Name: "T", Group: matrice.GroupRDV, Type: matrice.TXT, Import: matrice.RequiredIf("D")},
	)
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"Q=OUI, K empty", map[string]string{"Q": "OUI"}, []string{msg("K", "", "has a value when 'Q' is 'OUI'")}},
		{"Q=OUI, K set", map[string]string{"Q": "OUI", "K": "x"}, nil},
		{"Q=NON", map[string]string{"Q": "NON"}, nil},
		{"Q=oui is not OUI", map[string]string{"Q": "oui"}, []string{msg("Q", "oui", "type is 'BOOL'")}},
		{"D set, T empty", map[string]string{"D": "01/01/2026"}, []string{msg("T", "", "has a value when 'D' has a value")}},
		{"D set but invalid still has a value", map[string]string{"D": "2026-01-01"},
			[]string{msg("D", "2026-01-01", "type is 'DATE'"), msg("T", "", "has a value when 'D' has a value")}},
		{"D empty, T set", map[string]string{"T": "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, check(t, m, matrice.RowOptions{}, tt.line))
		})
	}
}

// TestRulesAfterOwnChecks: rules run only on values that passed their own
// checks, and are not reported on a field that already has an error.
func TestRulesAfterOwnChecks(t *testing.T) {
	closed := with(validLine(), "MotifFinPhase", "ABOUTI")
	tests := []struct {
		name string
		line map[string]string
		want []string
	}{
		{"SIRET too short: length, not luhn", with(validLine(), "SIRET", "1234567890123"),
			[]string{msg("SIRET", "1234567890123", "length is between 14 and 14")}},
		{"DateFinPhase before Min: range, not date_order", with(closed, "DateFinPhase", "31/12/2014"),
			[]string{msg("DateFinPhase", "31/12/2014", "value is between 01/01/2015 and 16/11/2026")}},
		{"DateFinPhase after the file date: range only", with(closed, "DateDebutPhase", "01/12/2026", "DateFinPhase", "20/11/2026"),
			[]string{msg("DateDebutPhase", "01/12/2026", "value is between 01/01/2015 and 16/11/2026"),
				msg("DateFinPhase", "20/11/2026", "value is between 01/01/2015 and 16/11/2026")}},
		{"DateDebutPhase invalid: no date_order", with(closed, "DateDebutPhase", "2026-01-15", "DateFinPhase", "01/01/2016"),
			[]string{msg("DateDebutPhase", "2026-01-15", "type is 'DATE'")}},
		{"DateDebutPhase invalid: no min_age", with(validLine(), "DateDebutPhase", "31/02/2026", "DateNaissance", "01/01/2020"),
			[]string{msg("DateDebutPhase", "31/02/2026", "type is 'DATE'")}},
		{"Phase invalid: no subversion_phase", with(validLine(), "Phase", "4", "NumeroDossier", "001-ADIE100876-AHG-4U"),
			[]string{msg("Phase", "4", "is one of '1', '2', '3'")}},
		{"rule field's own error first", with(validLine(), "NumeroDossier", "001-ADIE"),
			[]string{msg("NumeroDossier", "001-ADIE", "type is 'DOSSIER'")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, checkDefault(t, tt.line))
		})
	}
}

// TestFail: a check added with Row.Fail (such as conflict) is not added to a
// field that already has an error, and a rule is not reported on a field
// that has one.
func TestFail(t *testing.T) {
	m := matrice.Default()
	r := m.NewRow(matrice.RowOptions{FileDate: fileDate})
	r.Reset()
	for name, v := range with(validLine(), "SIRET", "12345678901234", "Civilite", "Mr") {
		i, _ := m.Lookup(name)
		r.Set(i, []byte(v))
	}
	nom, _ := m.Lookup("Nom")
	civ, _ := m.Lookup("Civilite")
	siret, _ := m.Lookup("SIRET")
	r.CheckFields()
	r.Fail(nom, matrice.CheckConflict, "agrees with line 12 ('Durand')")
	r.Fail(civ, matrice.CheckConflict, "agrees with line 12 ('M')")
	r.Fail(siret, matrice.CheckConflict, "agrees with line 12 ('73282932000074')")
	r.CheckRules()
	var got []string
	for _, f := range r.Failures() {
		got = append(got, r.Message(f))
	}
	assert.Equal(t, []string{
		msg("Civilite", "Mr", "is one of 'M', 'MME'"),
		msg("Nom", "Dupont", "agrees with line 12 ('Durand')"),
		msg("SIRET", "12345678901234", "agrees with line 12 ('73282932000074')"),
	}, got)
	assert.True(t, r.Failed(nom))
	assert.False(t, r.Failed(0))
}

// TestConcurrentRows: a compiled matrice is shared by rows in several
// goroutines (run with -race).
func TestConcurrentRows(t *testing.T) {
	m := matrice.Default()
	c := loadAdie(t)
	lines := []map[string]string{
		validLine(),
		with(validLine(), "Civilite", "Mr"),
		with(validLine(), "Civilite", "Madame", "SIRET", "12345678901234"),
		closedPhase3(),
	}
	want := [][]string{
		nil,
		{msg("Civilite", "Mr", "is one of 'M', 'MME'")},
		{msg("SIRET", "12345678901234", "rule 'luhn'")},
		nil,
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(lines)*50)
	for g := range 8 {
		wg.Go(func() {
			o := matrice.RowOptions{FileDate: fileDate, Correspondences: c}
			r := m.NewRow(o)
			for n := range 50 {
				k := (g + n) % len(lines)
				r.Reset()
				for name, v := range lines[k] {
					i, _ := m.Lookup(name)
					r.Set(i, []byte(v))
				}
				var got []string
				for _, f := range r.Check() {
					got = append(got, r.Message(f))
				}
				if !slices.Equal(got, want[k]) {
					errs <- strings.Join(got, " | ")
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("got %s", e)
	}
}

// TestCloneChecksLikeNewRow: a clone judges like a row of the same options,
// on its own values, whatever its original holds.
func TestCloneChecksLikeNewRow(t *testing.T) {
	m := matrice.Default()
	o := matrice.RowOptions{FileDate: fileDate, Order: reversed(m.Len()), Correspondences: loadAdie(t)}
	lines := []map[string]string{
		validLine(),
		with(validLine(), "Civilite", "Madame", "DateMaj", "20/11/2026", "SIRET", "12345678901234"),
		with(closedPhase3(), "Nom", "", "CodePostal", "7501"),
	}
	r := m.NewRow(o)
	c := r.Clone()
	for _, line := range lines {
		want := check(t, m, o, line)
		r.Reset()
		r.Set(0, []byte("garbage")) // the original's values are its own
		c.Reset()
		for name, v := range line {
			i, _ := m.Lookup(name)
			c.Set(i, []byte(v))
		}
		var got []string
		for _, f := range c.Check() {
			got = append(got, c.Message(f))
		}
		assert.Equal(t, want, got)
	}
}

// TestResetLine sets a row's values from two lines in turn: the second's
// values are those of a fresh row given the second line alone, whether the
// columns give every field one (values not cleared) or leave one out (it
// is cleared, even when another is given twice), and its failures are the
// second line's only.
func TestResetLine(t *testing.T) {
	m := newMatrice(t,
		matrice.Field{Name: "A", Group: matrice.GroupDossier, Type: matrice.TXT},
		matrice.Field{Name: "B", Group: matrice.GroupDossier, Type: matrice.NUM},
		matrice.Field{Name: "C", Group: matrice.GroupDossier, Type: matrice.TXT},
	)
	cells := func(s ...string) [][]byte {
		var out [][]byte
		for _, c := range s {
			out = append(out, []byte(c))
		}
		return out
	}
	tests := []struct {
		name         string
		columns      []int
		first, other [][]byte
		want         []string // A, B, C after other
		wantFails    int
	}{
		{"every field", []int{2, 0, 1}, cells("c1", " a1 ", "x"), cells("c2", "a2", "7"), []string{"a2", "7", "c2"}, 0},
		{"every field, an extra column", []int{0, -1, 1, 2}, cells("a1", "e", "x", "c1"), cells("a2", "e", "8", ""), []string{"a2", "8", ""}, 0},
		{"C left out", []int{0, 1}, cells("a1", "x"), cells("a2", "9"), []string{"a2", "9", ""}, 0},
		{"B twice, C left out", []int{1, 0, 1}, cells("1", "a1", "x"), cells("2", "a2", "3"), []string{"a2", "3", ""}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.NewRow(matrice.RowOptions{Columns: tt.columns}).Clone()
			r.ResetLine(tt.first)
			r.CheckFields()
			require.NotEmpty(t, r.Failures(), "the first line fails B's type check")
			r.Set(2, []byte("stale")) // C set otherwise: the next line's C, or empty
			r.ResetLine(tt.other)
			r.CheckFields()
			var got []string
			for i := range m.Len() {
				got = append(got, string(r.Value(i)))
			}
			assert.Equal(t, tt.want, got)
			assert.Len(t, r.Failures(), tt.wantFails)
			assert.False(t, r.Failed(1))
		})
	}
}
