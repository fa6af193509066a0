package importer

import (
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/require"
)

// fields is a line as a test writes it: field name → cell.
type fields map[string]string

// with returns a copy of f with some cells changed.
func (f fields) with(kv ...string) fields {
	g := make(fields, len(f))
	for k, v := range f {
		g[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		g[kv[i]] = kv[i+1]
	}
	return g
}

// phase1 is a valid line of the default matrice: a dossier in phase 1, not
// closed, with one appointment.
func phase1() fields {
	return fields{
		"NumeroDossier": "ADIE100876-AHG-4U", "Phase": "1", "DateDebutPhase": "01/03/2026", "DateMaj": "10/11/2026",
		"Conseiller": "Claire Martin", "Civilite": "MME", "Nom": "Dupont", "Prenom": "Amélie", "DateNaissance": "12/05/1990",
		"Email": "amelie.dupont@example.fr", "Telephone": "06 12 34 56 78", "Adresse": "12 rue de la Paix",
		"CodePostal": "93200", "Commune": "Saint-Denis", "QPV": "OUI", "CodeQPV": "QN09301M", "NiveauFormation": "5",
		"SituationEntree": "DEMANDEUR_EMPLOI", "BeneficiaireRSA": "NON", "RQTH": "NON", "Prescripteur": "FRANCE_TRAVAIL",
		"DateAccueil": "01/03/2026", "ConsentementRGPD": "OUI", "IntituleProjet": "Épicerie fine", "SecteurActivite": "G",
		"FormeJuridiqueEnvisagee": "MICRO", "DateRDV": "05/03/2026", "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "PRESENTIEL",
		"DureeRDV": "60",
	}
}

// phase2 is a valid line closing phase 2 with a company created and a financing.
func phase2() fields {
	return fields{
		"NumeroDossier": "FRAC2024-0042", "Phase": "2", "DateDebutPhase": "15/01/2025", "DateFinPhase": "30/09/2026",
		"MotifFinPhase": "ABOUTI", "DateMaj": "02/10/2026", "Civilite": "M", "Nom": "Benali", "Prenom": "Karim",
		"DateNaissance": "29/02/2004", "CodePostal": "95200", "Commune": "Sarcelles", "QPV": "NON", "NiveauFormation": "4",
		"SituationEntree": "SALARIE", "BeneficiaireRSA": "OUI", "DateAccueil": "10/01/2025", "ConsentementRGPD": "OUI",
		"IntituleProjet": "Transport de colis", "SecteurActivite": "H", "CreationEntreprise": "OUI", "DateCreation": "01/07/2026",
		"SIRET": "73282932000074", "FormeJuridique": "SASU", "CodeNAF": "49.41B", "CodePostalEntreprise": "95200",
		"EmploisCrees": "2", "ReferenceFinancement": "PH-2026-118", "TypeFinancement": "PRET_HONNEUR",
		"MontantFinancement": "8000,00", "DateFinancement": "15/06/2026", "OrganismeFinanceur": "France Active",
		"ReseauFinancement": "FRANCE_ACTIVE",
	}
}

// defaultHeader returns the default matrice's columns in matrice order.
func defaultHeader() []string {
	m := matrice.Default()
	h := make([]string, m.Len())
	for i := range h {
		h[i] = m.FieldName(i)
	}
	return h
}

// csvCell quotes a cell when it needs it.
func csvCell(s string) string {
	if strings.ContainsAny(s, ";\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// csvFile writes a header and lines with LF line ends.
func csvFile(header []string, lines ...fields) string {
	var b strings.Builder
	for i, h := range header {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(csvCell(h))
	}
	b.WriteByte('\n')
	for _, l := range lines {
		for i, h := range header {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(csvCell(l[h]))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// result is a whole file's outcome as the tests look at it.
type result struct {
	rep    *Report
	errors []*LineError
	lines  []int // numbers of the lines seen, accepted or not
}

// validate runs v (nil: the default validator) on a file's text.
func validate(tb testing.TB, v *Validator, name, text string) result {
	tb.Helper()
	if v == nil {
		v = NewValidator(nil)
	}
	var res result
	rep, err := v.Validate(name, strings.NewReader(text), func(l *Line) error {
		res.lines = append(res.lines, l.Number)
		res.errors = append(res.errors, l.Errors...)
		return nil
	})
	require.NoError(tb, err)
	res.rep = rep
	return res
}

// messages returns "line field check: message" for each error.
func (r result) messages() []string {
	out := make([]string, len(r.errors))
	for i, e := range r.errors {
		out[i] = e.Message
	}
	return out
}
