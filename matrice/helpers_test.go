package matrice_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// fileDate is the date of the files the tests pretend to check (spec §3's
// DateMaj example uses it).
var fileDate = matrice.NewDate(2026, 11, 16)

// msg builds the spec's message (§3) from its parts.
func msg(field, value, check string) string {
	return "Attribute '" + field + "' with value '" + value + "' fails check for " + check
}

// validLine is a line of the default matrice that passes every check on
// fileDate: all 52 fields filled, phase 1 not closed.
func validLine() map[string]string {
	return map[string]string{
		"NumeroDossier":           "ADIE100876-AHG-4U",
		"Phase":                   "1",
		"DateDebutPhase":          "15/01/2026",
		"DateFinPhase":            "",
		"MotifFinPhase":           "",
		"DateMaj":                 "10/11/2026",
		"Conseiller":              "Claire Martin",
		"Civilite":                "MME",
		"Nom":                     "Dupont",
		"Prenom":                  "Élodie",
		"NomNaissance":            "Lefèvre",
		"DateNaissance":           "12/03/1990",
		"Email":                   "elodie.dupont@example.fr",
		"Telephone":               "06 12 34 56 78",
		"Adresse":                 "12 rue de la Paix",
		"CodePostal":              "75002",
		"Commune":                 "Paris",
		"QPV":                     "OUI",
		"CodeQPV":                 "QN07501M",
		"NiveauFormation":         "5",
		"SituationEntree":         "DEMANDEUR_EMPLOI",
		"BeneficiaireRSA":         "NON",
		"RQTH":                    "NON",
		"Prescripteur":            "FRANCE_TRAVAIL",
		"DateAccueil":             "10/01/2026",
		"ConsentementRGPD":        "OUI",
		"IntituleProjet":          "Épicerie fine",
		"SecteurActivite":         "G",
		"FormeJuridiqueEnvisagee": "MICRO",
		"CreationEntreprise":      "OUI",
		"DateCreation":            "01/06/2026",
		"SIRET":                   "73282932000074",
		"FormeJuridique":          "MICRO",
		"CodeNAF":                 "47.91B",
		"CodePostalEntreprise":    "75002",
		"EmploisCrees":            "1",
		"EntrepriseActive":        "OUI",
		"ChiffreAffaires":         "12500,50",
		"ReferenceFinancement":    "PH-2026-001",
		"TypeFinancement":         "PRET_HONNEUR",
		"MontantFinancement":      "5000",
		"DateFinancement":         "15/05/2026",
		"OrganismeFinanceur":      "Initiative Paris",
		"ReseauFinancement":       "INITIATIVE",
		"DateRDV":                 "20/01/2026",
		"TypeRDV":                 "DIAGNOSTIC",
		"ModaliteRDV":             "PRESENTIEL",
		"DureeRDV":                "60",
		"DateEvenement":           "05/02/2026",
		"TypeEvenement":           "ATELIER",
		"IntituleEvenement":       "Atelier business plan",
		"DureeEvenement":          "120",
	}
}

// minimalLine holds only the fields the default matrice requires at import
// (ObligatoireImport = OUI), with QPV = NON so that CodeQPV is not required.
func minimalLine() map[string]string {
	return map[string]string{
		"NumeroDossier":    "ADIE100876-AHG-4U",
		"Phase":            "1",
		"DateDebutPhase":   "15/01/2026",
		"DateMaj":          "10/11/2026",
		"Civilite":         "M",
		"Nom":              "Martin",
		"Prenom":           "Paul",
		"DateNaissance":    "01/02/1985",
		"CodePostal":       "93200",
		"Commune":          "Saint-Denis",
		"QPV":              "NON",
		"DateAccueil":      "10/01/2026",
		"ConsentementRGPD": "OUI",
	}
}

// with returns a copy of line with the given name, value pairs set.
func with(line map[string]string, kv ...string) map[string]string {
	out := maps.Clone(line)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// newMatrice compiles fields, failing the test when they do not compile.
func newMatrice(tb testing.TB, fields ...matrice.Field) *matrice.Matrice {
	tb.Helper()
	m, err := matrice.New(fields)
	require.NoError(tb, err)
	return m
}

// check sets every value of line on a fresh row of m and returns the
// failures' messages. Fields of m missing from line are empty.
func check(tb testing.TB, m *matrice.Matrice, o matrice.RowOptions, line map[string]string) []string {
	tb.Helper()
	msgs, _ := checkCodes(tb, m, o, line)
	return msgs
}

// checkCodes is check returning the failures' codes as well.
func checkCodes(tb testing.TB, m *matrice.Matrice, o matrice.RowOptions, line map[string]string) ([]string, []matrice.Check) {
	tb.Helper()
	r := m.NewRow(o)
	r.Reset()
	for name, v := range line {
		i, ok := m.Lookup(name)
		require.True(tb, ok, "field %s is not in the matrice", name)
		r.Set(i, []byte(v))
	}
	var msgs []string
	var codes []matrice.Check
	for _, f := range r.Check() {
		msgs = append(msgs, r.Message(f))
		codes = append(codes, f.Check)
	}
	return msgs, codes
}

// checkDefault checks line against the default matrice on fileDate.
func checkDefault(tb testing.TB, line map[string]string) []string {
	tb.Helper()
	return check(tb, matrice.Default(), matrice.RowOptions{FileDate: fileDate}, line)
}

// loadErrors returns the *LoadError values of err, which must be a load error.
func loadErrors(tb testing.TB, err error) []*matrice.LoadError {
	tb.Helper()
	require.Error(tb, err)
	var list matrice.LoadErrors
	if errors.As(err, &list) {
		require.NotEmpty(tb, list)
		return list
	}
	var one *matrice.LoadError
	require.ErrorAs(tb, err, &one)
	return []*matrice.LoadError{one}
}

// matriceHeader is the header of a matrice file (spec §1).
const matriceHeader = "Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description"

// csvMatrice joins the header and lines into a matrice file.
func csvMatrice(lines ...string) string {
	return matriceHeader + "\n" + strings.Join(lines, "\n") + "\n"
}
