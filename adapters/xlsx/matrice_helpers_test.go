package xlsx_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// loadMatrice loads a matrice workbook with the standard rules.
func loadMatrice(name string, data []byte) (*matrice.Matrice, error) {
	return xlsx.Workbooks{}.Matrice(context.Background(), name, bytes.NewReader(data), int64(len(data)), matrice.Loader{})
}

// Lines of a small valid matrice file.
const (
	lineNumero = "NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;Numéro de dossier"
	linePhase  = "Phase;DOSSIER;ENUM;;;;;;1|2|3;OUI;OUI;OUI;OUI;OUI;Phase"
	lineQPV    = "QPV;DOSSIER;BOOL;;;;;;;OUI;NON;NON;NON;NON;QPV"
)

// matriceHeader is the header of a matrice file (spec §1).
const matriceHeader = "Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description"

// csvMatrice joins the header and lines into a matrice file.
func csvMatrice(lines ...string) string {
	return matriceHeader + "\n" + strings.Join(lines, "\n") + "\n"
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

// msg builds the spec's message (§3) from its parts.
func msg(field, value, check string) string {
	return "Attribute '" + field + "' with value '" + value + "' fails check for " + check
}

// checkLine sets every value of line on a fresh row of m and returns the
// failures' messages.
func checkLine(tb testing.TB, m *matrice.Matrice, o matrice.RowOptions, line map[string]string) []string {
	tb.Helper()
	r := m.NewRow(o)
	r.Reset()
	for name, v := range line {
		i, ok := m.Lookup(name)
		require.True(tb, ok, "field %s is not in the matrice", name)
		r.Set(i, []byte(v))
	}
	var msgs []string
	for _, f := range r.Check() {
		msgs = append(msgs, r.Message(f))
	}
	return msgs
}
