package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storeFixture copies testdata/store-format2 — a SQLite store written by the
// code before items merged field by field (views in storage format 2, its
// migrations up to 0004) — into a temporary directory: adie's file
// 20261110-adie.csv then frac's 20261111-frac.csv, whose RDV and financing
// replaced adie's whole, DureeRDV and OrganismeFinanceur lost.
func storeFixture(t *testing.T) (dir, db string) {
	t.Helper()
	dir = t.TempDir()
	for _, name := range []string{"eleader.db", "20261110-adie.csv", "20261111-frac.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "store-format2", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	return dir, filepath.Join(dir, "eleader.db")
}

// shownDossier is dossier show's JSON, as far as the tests read it.
type shownDossier struct {
	View struct {
		Items []struct {
			Group  string `json:"group"`
			Key    string `json:"key"`
			Values map[string]struct {
				Value   string `json:"value"`
				Partner string `json:"partner"`
				File    string `json:"file"`
				Line    int    `json:"line"`
			} `json:"values"`
		} `json:"items"`
	} `json:"view"`
	Disagreements []struct {
		Group string `json:"group"`
		Key   string `json:"key"`
		Field string `json:"field"`
		Kept  struct {
			Value, Partner string
		} `json:"kept"`
	} `json:"disagreements"`
}

func showDossier(t *testing.T, db, number string) shownDossier {
	t.Helper()
	code, out, stderr := runCLI(t, "dossier", "show", "--db", db, "--format", "json", number)
	require.Equal(t, exitOK, code, stderr)
	var d shownDossier
	require.NoError(t, json.Unmarshal([]byte(out), &d), out)
	return d
}

// TestStoreOfFormat2: a store written before items merged field by field
// is read as it is (each item value with its item's provenance); its files
// imported again change nothing, byte for byte — but adie's, whose values
// the former rules lost, which brings them back, with the disagreements on
// the items' fields.
func TestStoreOfFormat2(t *testing.T) {
	dir, db := storeFixture(t)
	d := showDossier(t, db, "ADIE000001")
	require.Len(t, d.View.Items, 2)
	fin, rdv := d.View.Items[0], d.View.Items[1]
	assert.Equal(t, "FINANCEMENT PH-1", fin.Group+" "+fin.Key)
	assert.Equal(t, "RDV 05/03/2026|DIAGNOSTIC", rdv.Group+" "+rdv.Key)
	assert.Equal(t, "TELEPHONE", rdv.Values["ModaliteRDV"].Value)
	for name, v := range rdv.Values {
		assert.Equal(t, "frac", v.Partner, "%s: the item's provenance", name)
		assert.Equal(t, 2, v.Line, name)
	}
	assert.NotContains(t, rdv.Values, "DureeRDV", "lost by the former rules")
	require.Len(t, d.Disagreements, 1)
	assert.Equal(t, "Conseiller", d.Disagreements[0].Field)
	assert.Empty(t, d.Disagreements[0].Group)

	// frac's file again: nothing changes, not a byte.
	before, err := os.ReadFile(db)
	require.NoError(t, err)
	code, out, stderr := runCLI(t, "import", "--db", db, "--partner", "frac", "--operators", "FRAC", filepath.Join(dir, "20261111-frac.csv"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "already consolidated (import #2): nothing changed")
	after, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, before, after, "frac's file again leaves the store file byte for byte unchanged")

	// adie's file again brings back what the former rules lost.
	code, out, stderr = runCLI(t, "import", "--db", db, "--partner", "adie", "--operators", "ADIE", filepath.Join(dir, "20261110-adie.csv"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "consolidated (import #3): 0 dossiers created, 1 dossier updated, 2 items added or changed, 3 disagreements between partners") // Conseiller met again, recorded once
	d = showDossier(t, db, "ADIE000001")
	require.Len(t, d.View.Items, 2)
	fin, rdv = d.View.Items[0], d.View.Items[1]
	assert.Equal(t, "15", rdv.Values["DureeRDV"].Value)
	assert.Equal(t, "adie", rdv.Values["DureeRDV"].Partner)
	assert.Equal(t, "TELEPHONE", rdv.Values["ModaliteRDV"].Value, "frac's more recent value stays")
	assert.Equal(t, "frac", rdv.Values["ModaliteRDV"].Partner)
	assert.Equal(t, "Initiative Paris", fin.Values["OrganismeFinanceur"].Value)
	assert.Equal(t, "6000", fin.Values["MontantFinancement"].Value)
	var onItems []string
	for _, dis := range d.Disagreements {
		if dis.Group != "" {
			onItems = append(onItems, dis.Group+" "+dis.Key+" "+dis.Field+": "+dis.Kept.Value)
		}
	}
	assert.Equal(t, []string{"FINANCEMENT PH-1 MontantFinancement: 6000", "RDV 05/03/2026|DIAGNOSTIC ModaliteRDV: TELEPHONE"}, onItems)

	// And again: nothing changes, not a byte.
	before, err = os.ReadFile(db)
	require.NoError(t, err)
	code, out, _ = runCLI(t, "import", "--db", db, "--partner", "adie", "--operators", "ADIE", filepath.Join(dir, "20261110-adie.csv"))
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "already consolidated (import #3): nothing changed")
	after, err = os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, before, after, "adie's file again leaves the store file byte for byte unchanged")

	// The text shows each item value's provenance.
	code, out, _ = runCLI(t, "dossier", "show", "--db", db, "ADIE000001")
	require.Equal(t, exitOK, code)
	assert.Regexp(t, `\n  RDV 05/03/2026\|DIAGNOSTIC\n`, out)
	assert.Regexp(t, `\n    ModaliteRDV +TELEPHONE +← frac, 20261111-frac.csv line 2, DateMaj 06/11/2026\n`, out)
	assert.Regexp(t, `\n    DureeRDV +15 +← adie, 20261110-adie.csv line 2, DateMaj 05/11/2026\n`, out)
	assert.Contains(t, out, "ADIE000001 RDV 05/03/2026|DIAGNOSTIC ModaliteRDV: kept 'TELEPHONE' (frac, 20261111-frac.csv line 2, DateMaj 06/11/2026) over 'PRESENTIEL' (adie, 20261110-adie.csv line 2, DateMaj 05/11/2026)")
}
