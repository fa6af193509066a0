package dossier_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"accents and hyphen", "Lefèvre-Dupré", "lefevre dupre"},
		{"upper case and space", "LEFEVRE DUPRE", "lefevre dupre"},
		{"already folded", "lefevre dupre", "lefevre dupre"},
		{"œ ligature", "Œuvre", "oeuvre"},
		{"œ ligature in upper case", "ŒUVRE", "oeuvre"},
		{"æ ligature", "Lætitia", "laetitia"},
		{"sharp s", "Strauß", "strauss"},
		{"cedilla and breve", "Çağla", "cagla"},
		{"apostrophe", "D'Artagnan", "d artagnan"},
		{"typographic apostrophe", "D’Artagnan", "d artagnan"},
		{"dot", "St.Jean", "st jean"},
		{"multiple spaces", "  Jean   Pierre  ", "jean pierre"},
		{"tab and no-break space", "Jean\t\u00a0Pierre", "jean pierre"},
		{"separators together", "Jean - Pierre", "jean pierre"},
		{"trailing hyphen", "Jean-", "jean"},
		{"nothing but separators", " - ' . ", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, dossier.NormalizeName(tt.in), "NormalizeName(%q)", tt.in)
		})
	}
}

// TestNormalizeNameForms: a name typed on a Mac (NFD) and on Windows (NFC)
// folds the same.
func TestNormalizeNameForms(t *testing.T) {
	for _, s := range []string{"Élodie", "Lefèvre-Dupré", "Zoë Nguyễn", "Ångström"} {
		nfc, nfd := norm.NFC.String(s), norm.NFD.String(s)
		require.NotEqual(t, nfc, nfd, "%q has two forms", s)
		assert.Equal(t, dossier.NormalizeName(nfc), dossier.NormalizeName(nfd), "%q", s)
	}
	assert.Equal(t, "elodie", dossier.NormalizeName("E\u0301lodie"))
}

func TestNameKey(t *testing.T) {
	birth := matrice.NewDate(1990, 3, 12)
	tests := []struct {
		name           string
		surname, first string
		birth          matrice.Date
		want           string
	}{
		{"complete", "Lefèvre-Dupré", "Élodie", birth, "lefevre dupre|elodie|1990-03-12"},
		{"folded the same", "LEFEVRE DUPRE", "ELODIE", birth, "lefevre dupre|elodie|1990-03-12"},
		{"no surname", "", "Élodie", birth, ""},
		{"surname of separators only", " - ", "Élodie", birth, ""},
		{"no first name", "Dupont", "", birth, ""},
		{"no birth date", "Dupont", "Élodie", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, dossier.NameKey(tt.surname, tt.first, tt.birth))
		})
	}
}

func TestViewKeys(t *testing.T) {
	tests := []struct {
		name   string
		fields map[string]string
		want   dossier.SearchKeys
	}{
		{
			name: "usage and birth names, SIRET",
			fields: map[string]string{"Nom": "Dupont", "NomNaissance": "Lefèvre", "Prenom": "Élodie",
				"DateNaissance": "12/03/1990", "SIRET": "73282932000074"},
			want: dossier.SearchKeys{Name: "dupont|elodie|1990-03-12", BirthName: "lefevre|elodie|1990-03-12", SIRET: "73282932000074"},
		},
		{
			name:   "no birth name",
			fields: map[string]string{"Nom": "Dupont", "Prenom": "Élodie", "DateNaissance": "12/03/1990"},
			want:   dossier.SearchKeys{Name: "dupont|elodie|1990-03-12"},
		},
		{
			name:   "no birth date: no name key",
			fields: map[string]string{"Nom": "Dupont", "NomNaissance": "Lefèvre", "Prenom": "Élodie", "SIRET": "73282932000074"},
			want:   dossier.SearchKeys{SIRET: "73282932000074"},
		},
		{
			name:   "no first name: no name key",
			fields: map[string]string{"Nom": "Dupont", "NomNaissance": "Lefèvre", "DateNaissance": "12/03/1990"},
			want:   dossier.SearchKeys{},
		},
		{
			name:   "empty dossier",
			fields: nil,
			want:   dossier.SearchKeys{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(t, "ADIE1")
			v.Apply(request(t, "ADIE1", prov(t, srcAdie, 2, "10/11/2026"), tt.fields))
			assert.Equal(t, tt.want, v.Keys())
		})
	}
}

// TestQueryFindsKeys: a query typed differently finds the view's keys.
func TestQueryFindsKeys(t *testing.T) {
	v := newView(t, "ADIE1")
	v.Apply(request(t, "ADIE1", prov(t, srcAdie, 2, "10/11/2026"),
		map[string]string{"Nom": "Dupont", "NomNaissance": "Lefèvre-Dupré", "Prenom": "Élodie", "DateNaissance": "12/03/1990"}))
	keys := v.Keys()
	birth := matrice.NewDate(1990, 3, 12)

	k, err := dossier.Query{Nom: "DUPONT", Prenom: "elodie", Naissance: birth}.Key()
	require.NoError(t, err)
	assert.Equal(t, keys.Name, k, "by usage name")

	k, err = dossier.Query{Nom: "lefevre dupre", Prenom: "ÉLODIE", Naissance: birth}.Key()
	require.NoError(t, err)
	assert.Equal(t, keys.BirthName, k, "by birth name")
}

func TestQueryKey(t *testing.T) {
	birth := matrice.NewDate(1990, 3, 12)
	tests := []struct {
		name     string
		q        dossier.Query
		want     string
		wantErr  bool
		errQuery bool
	}{
		{name: "identity", q: dossier.Query{Nom: "Dupont", Prenom: "Élodie", Naissance: birth}, want: "dupont|elodie|1990-03-12"},
		{name: "SIRET only", q: dossier.Query{SIRET: "73282932000074"}, want: ""},
		{name: "identity and SIRET", q: dossier.Query{Nom: "Dupont", Prenom: "Élodie", Naissance: birth, SIRET: "73282932000074"}, wantErr: true},
		{name: "SIRET and a surname", q: dossier.Query{Nom: "Dupont", SIRET: "73282932000074"}, wantErr: true},
		{name: "SIRET and a birth date", q: dossier.Query{Naissance: birth, SIRET: "73282932000074"}, wantErr: true},
		{name: "surname only", q: dossier.Query{Nom: "Dupont"}, wantErr: true, errQuery: true},
		{name: "no birth date", q: dossier.Query{Nom: "Dupont", Prenom: "Élodie"}, wantErr: true, errQuery: true},
		{name: "no first name", q: dossier.Query{Nom: "Dupont", Naissance: birth}, wantErr: true, errQuery: true},
		{name: "no surname", q: dossier.Query{Prenom: "Élodie", Naissance: birth}, wantErr: true, errQuery: true},
		{name: "surname of separators", q: dossier.Query{Nom: "-", Prenom: "Élodie", Naissance: birth}, wantErr: true, errQuery: true},
		{name: "empty", q: dossier.Query{}, wantErr: true, errQuery: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Key()
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			require.Error(t, err, "got key %q", got)
			assert.Empty(t, got)
			if tt.errQuery {
				assert.ErrorIs(t, err, dossier.ErrQuery)
			}
		})
	}
}
