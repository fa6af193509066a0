package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/partnerfile"
)

// TestMatriceGoStruct: the Go struct of a matrice's rows, the default one
// (partnerfile's own Row), another's, in another package.
func TestMatriceGoStruct(t *testing.T) {
	code, out, stderr := runCLI(t, "matrice", "gostruct")
	require.Equal(t, exitOK, code, stderr)
	row, err := os.ReadFile("../../partnerfile/row.go")
	require.NoError(t, err)
	assert.Equal(t, string(row), out, "partnerfile's Row is the default matrice's")

	dir := t.TempDir()
	m := filepath.Join(dir, "matrice.csv")
	require.NoError(t, os.WriteFile(m, []byte("Champ;Groupe;Type;LongueurMin;LongueurMax;Min;Max;Motif;Valeurs;ObligatoireImport;CloturePhase1;CloturePhase2;CloturePhase2SansCreation;CloturePhase3;Description\n"+
		"NumeroDossier;DOSSIER;DOSSIER;6;64;;;;;OUI;OUI;OUI;OUI;OUI;Numéro\nDateMaj;DOSSIER;DATE;;;01/01/2015;;;;OUI;NON;NON;NON;NON;Mise à jour\n"), 0o600))
	src := filepath.Join(dir, "ligne.go")
	code, _, stderr = runCLI(t, "matrice", "gostruct", "--matrice", m, "--package", "export", "--type", "Ligne", "-o", src)
	require.Equal(t, exitOK, code, stderr)
	b, err := os.ReadFile(src)
	require.NoError(t, err)
	assert.Contains(t, string(b), "type Ligne struct {")
	assert.Contains(t, string(b), "\tDateMaj partnerfile.Date `csv:\"DateMaj\"`")

	code, _, _ = runCLI(t, "matrice", "gostruct", "--package", "my-export")
	assert.Equal(t, exitUsage, code)
}

// TestTypedRowsPassValidate: a file written from partnerfile's typed rows
// passes eleader validate.
func TestTypedRowsPassValidate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "20261116-demo.csv")
	f, err := os.Create(path)
	require.NoError(t, err)
	rows := []partnerfile.Row{{
		NumeroDossier: "DEMO000001", Phase: "1", DateDebutPhase: partnerfile.NewDate(2026, 3, 1),
		DateMaj: partnerfile.NewDate(2026, 11, 10), Civilite: "MME", Nom: "Dupont", Prenom: "Amélie",
		DateNaissance: partnerfile.NewDate(1990, 5, 12), CodePostal: "93200", Commune: "Saint-Denis",
		QPV: "OUI", CodeQPV: "QN09301M", DateAccueil: partnerfile.NewDate(2026, 3, 1), ConsentementRGPD: "OUI",
		IntituleProjet: "Épicerie; produits \"bio\"\net locaux",
	}}
	require.NoError(t, partnerfile.Write(f, rows))
	require.NoError(t, f.Close())
	code, out, stderr := runCLI(t, "validate", path)
	assert.Equal(t, exitOK, code, "%s\n%s", out, stderr)
	assert.Contains(t, out, "1 line: 1 accepted, 0 rejected")
}
