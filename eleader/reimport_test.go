package eleader_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// forgetful is a store whose transactions, when forget is set, never tell a
// view's Applied, so that every request is merged into its view the long
// way; it counts the views read.
type forgetful struct {
	eleader.Store
	forget bool
	views  int
}

func (s *forgetful) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	return &forgetfulTx{ImportTx: tx, s: s}, nil
}

type forgetfulTx struct {
	eleader.ImportTx
	s *forgetful
}

func (t *forgetfulTx) Dossiers(ctx context.Context, numbers []string) (map[string]eleader.StoredDossier, error) {
	d, err := t.ImportTx.Dossiers(ctx, numbers)
	if t.s.forget {
		for n, sd := range d {
			sd.Applied = dossier.Applied{}
			d[n] = sd
		}
	}
	return d, err
}

func (t *forgetfulTx) View(ctx context.Context, number string) (*dossier.View, error) {
	t.s.views++
	v, err := t.ImportTx.View(ctx, number)
	if err == nil && t.s.forget {
		v.Applied = dossier.Applied{}
	}
	return v, err
}

// partnerFile writes a file of the default matrice: a line per dossier of
// numbers, each with the given values and an appointment on day.
func partnerFile(tb testing.TB, dir, name string, numbers []string, values map[string]string, day int) string {
	tb.Helper()
	m := matrice.Default()
	header := make([]string, m.Len())
	for i := range header {
		header[i] = m.FieldName(i)
	}
	base := map[string]string{
		"Phase": "1", "DateDebutPhase": "01/03/2026", "DateMaj": "05/11/2026", "Civilite": "MME", "Nom": "Dupont",
		"Prenom": "Amélie", "DateNaissance": "12/05/1990", "CodePostal": "93200", "Commune": "Saint-Denis", "QPV": "NON",
		"DateAccueil": "01/03/2026", "ConsentementRGPD": "OUI", "TypeRDV": "SUIVI", "ModaliteRDV": "PRESENTIEL",
	}
	var b strings.Builder
	b.WriteString(strings.Join(header, ";") + "\n")
	for k, n := range numbers {
		cells := make([]string, len(header))
		for i, h := range header {
			cells[i] = base[h]
			if v, ok := values[h]; ok {
				cells[i] = v
			}
		}
		cells[0] = n
		cells[m.Len()-8] = fmt.Sprintf("%02d/03/2026", day) // DateRDV
		if k%3 == 0 {
			cells[m.Len()-8] = fmt.Sprintf("%02d/03/2026", day+1) // a second RDV for some
		}
		b.WriteString(strings.Join(cells, ";") + "\n")
	}
	path := filepath.Join(dir, name)
	require.NoError(tb, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

// TestReimportSkipsUnchangedDossiers: a dossier whose view records the very
// request an import brings is neither read nor written, and the imports'
// outcomes, views and disagreements are those of merging every request the
// long way — across partners that disagree, files imported again, changed,
// and dossiers split over several requests.
func TestReimportSkipsUnchangedDossiers(t *testing.T) {
	dir := t.TempDir()
	var adie, frac []string
	for i := range 300 {
		adie = append(adie, fmt.Sprintf("ADIE%06d", i))
	}
	for i := range 100 {
		frac = append(frac, fmt.Sprintf("ADIE%06d", 2*i)) // frac reports on half of adie's
	}
	type step struct{ partner, file string }
	steps := []step{
		{"adie", partnerFile(t, dir, "20261110-adie.csv", adie, map[string]string{"Conseiller": "Claire Martin"}, 5)},
		{"adie", partnerFile(t, dir, "20261110-adie.csv", adie, map[string]string{"Conseiller": "Claire Martin"}, 5)},
		{"frac", partnerFile(t, dir, "20261111-frac.csv", frac, map[string]string{"Conseiller": "Paul Durand", "DateMaj": "06/11/2026"}, 7)},
		{"adie", partnerFile(t, dir, "20261110-adie.csv", adie, map[string]string{"Conseiller": "Claire Martin"}, 5)},
		{"frac", partnerFile(t, dir, "20261111-frac.csv", frac, map[string]string{"Conseiller": "Paul Durand", "DateMaj": "06/11/2026"}, 7)},
		{"adie", partnerFile(t, dir, "20261112-adie.csv", adie[:200], map[string]string{"Conseiller": "Claire Martin", "DateMaj": "07/11/2026"}, 5)},
		{"adie", partnerFile(t, dir, "20261112-adie.csv", adie[:200], map[string]string{"Conseiller": "Claire Martin", "DateMaj": "07/11/2026"}, 5)},
	}
	// The same lines, split so that each dossier gets two requests.
	split := filepath.Join(dir, "20261113-adie.csv")
	a := partnerFile(t, dir, "a.csv", adie, map[string]string{"Conseiller": "Claire Martin", "DateMaj": "08/11/2026"}, 9)
	b := partnerFile(t, dir, "b.csv", adie, map[string]string{"Conseiller": "Claire Martin", "DateMaj": "08/11/2026"}, 11)
	ab, err := os.ReadFile(a)
	require.NoError(t, err)
	bb, err := os.ReadFile(b)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(split, append(ab, bb[strings.IndexByte(string(bb), '\n')+1:]...), 0o600))
	steps = append(steps, step{"adie", split}, step{"adie", split})
	// Items merged field by field: frac sends, more recently, the RDVs adie
	// sent on day 9 without DureeRDV and with another ModaliteRDV, and
	// adie's financing with another amount and no OrganismeFinanceur; then
	// again; then adie's file again.
	financing := map[string]string{"ReferenceFinancement": "PH-1", "TypeFinancement": "PRET_HONNEUR", "DateFinancement": "02/03/2026",
		"ReseauFinancement": "INITIATIVE"}
	withFin := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range financing {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	items := partnerFile(t, dir, "20261114-adie.csv", adie, withFin("Conseiller", "Claire Martin", "DateMaj", "09/11/2026",
		"DureeRDV", "30", "MontantFinancement", "5000", "OrganismeFinanceur", "Initiative Paris"), 9)
	fracItems := partnerFile(t, dir, "20261115-frac.csv", frac, withFin("Conseiller", "Paul Durand", "DateMaj", "10/11/2026",
		"ModaliteRDV", "TELEPHONE", "DureeRDV", "", "MontantFinancement", "6000"), 9)
	steps = append(steps, step{"adie", items}, step{"frac", fracItems}, step{"frac", fracItems}, step{"adie", items}, step{"adie", items})

	run := func(forget bool) (outcomes []string, views []int, final string) {
		svc, store := newService(t)
		fs := &forgetful{Store: store, forget: forget}
		svc.Store = fs
		svc.GroupBytes = 64 << 10 // flushes while reading: the split file's dossiers get two requests
		ctx := context.Background()
		for _, s := range steps {
			f, err := os.Open(s.file)
			require.NoError(t, err)
			before := fs.views
			r, err := svc.Import(ctx, eleader.Import{Partner: s.partner, Operators: []string{"ADIE"}, Name: filepath.Base(s.file), Body: f})
			f.Close()
			require.NoError(t, err)
			require.Zero(t, r.Report.Rejected, "%s", s.file)
			outcomes = append(outcomes, fmt.Sprintf("%s: unchanged %v, created %d, updated %d, items %d, disagreements %d",
				s.file, r.Unchanged, r.Record.Created, r.Record.Updated, r.Items, r.Disagreements))
			views = append(views, fs.views-before)
		}
		var all []any
		for _, n := range adie {
			d, err := svc.Dossier(ctx, n)
			require.NoError(t, err)
			all = append(all, d)
		}
		dis, err := svc.Disagreements(ctx, "")
		require.NoError(t, err)
		got, err := json.Marshal(map[string]any{"dossiers": all, "disagreements": dis})
		require.NoError(t, err)
		return outcomes, views, string(got)
	}
	wantOutcomes, slowViews, wantFinal := run(true)
	gotOutcomes, fastViews, gotFinal := run(false)
	assert.Equal(t, wantOutcomes, gotOutcomes, "outcomes of the imports")
	assert.JSONEq(t, wantFinal, gotFinal, "views and disagreements")

	// What the item steps consolidated: every value kept, each with its
	// provenance, and the disagreements on items' fields recorded.
	var final struct {
		Dossiers      []eleader.DossierDetail `json:"dossiers"`
		Disagreements []dossier.Disagreement  `json:"disagreements"`
	}
	require.NoError(t, json.Unmarshal([]byte(gotFinal), &final))
	shared := final.Dossiers[0] // ADIE000000: frac reports on it too
	require.Equal(t, "ADIE000000", shared.Number)
	byKey := map[string]dossier.Item{}
	for _, it := range shared.View.Items {
		byKey[string(it.Group)+" "+it.Key] = it
	}
	rdv := byKey["RDV 10/03/2026|SUIVI"] // partnerFile moves one dossier in three a day later
	assert.Equal(t, "30", rdv.Value("DureeRDV"), "adie's DureeRDV, which frac's line lacks, is kept")
	assert.Equal(t, "adie", rdv.Values.Map()["DureeRDV"].Partner)
	assert.Equal(t, "TELEPHONE", rdv.Value("ModaliteRDV"), "frac's more recent ModaliteRDV")
	assert.Equal(t, "frac", rdv.Values.Map()["ModaliteRDV"].Partner)
	fin := byKey["FINANCEMENT PH-1"]
	assert.Equal(t, "6000", fin.Value("MontantFinancement"))
	assert.Equal(t, "Initiative Paris", fin.Value("OrganismeFinanceur"))
	var onItems []string
	for _, d := range final.Disagreements {
		if d.Number == "ADIE000000" && d.Group != "" {
			onItems = append(onItems, fmt.Sprintf("%s %s %s: %s over %s", d.Group, d.Key, d.Field, d.Kept.Value, d.Other.Value))
		}
	}
	assert.ElementsMatch(t, []string{
		"FINANCEMENT PH-1 MontantFinancement: 6000 over 5000",
		"RDV 10/03/2026|SUIVI ModaliteRDV: TELEPHONE over PRESENTIEL",
	}, onItems)
	t.Logf("views read, the long way: %v; skipping: %v", slowViews, fastViews)
	want := map[int]int{
		1:  0,         // adie's file again
		3:  len(frac), // adie's file again, after frac changed half of its dossiers
		4:  0,         // frac's file again: adie's changed nothing of frac's values
		6:  0,         // adie's second file again
		8:  len(adie), // the split file again: the first request of each dossier, not the last
		11: 0,         // frac's file of items again
		13: len(frac), // adie's again: where frac's values won, nothing changed, nothing was written: frac's request is the one recorded
	}
	for k, n := range want {
		assert.Equal(t, n, fastViews[k], "step %d: views read", k)
		assert.Greater(t, slowViews[k], n, "step %d: views read the long way", k)
	}
}

// TestManyNewDossiersRepeated imports files of more new dossiers than the
// number checker's cache holds, each dossier on two lines close to each
// other (a b c … a b c …): wherever the cache is emptied, a dossier the file
// created just before is known to exist when its second line comes — never
// created twice.
func TestManyNewDossiersRepeated(t *testing.T) {
	dir := t.TempDir()
	for _, group := range []int{5, 7, 11} {
		t.Run(fmt.Sprintf("groups of %d", group), func(t *testing.T) {
			var numbers []string
			const dossiers = 9000
			for start := 0; start < dossiers; start += group {
				var g []string
				for i := start; i < min(start+group, dossiers); i++ {
					g = append(g, fmt.Sprintf("ADIE%06d", i))
				}
				numbers = append(numbers, g...)
				numbers = append(numbers, g...)
			}
			path := partnerFile(t, dir, "20261110-adie.csv", numbers, map[string]string{"Conseiller": "Claire Martin"}, 5)
			svc, _ := newService(t)
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			r, err := svc.Import(context.Background(), eleader.Import{Partner: "adie", Operators: []string{"ADIE"}, Name: filepath.Base(path), Body: f})
			require.NoError(t, err)
			assert.Equal(t, len(numbers), r.Report.Accepted, "lines accepted")
			assert.Equal(t, dossiers, r.Record.Created, "dossiers created")
			missing := 0
			for i := range dossiers {
				d, err := svc.Dossier(context.Background(), fmt.Sprintf("ADIE%06d", i))
				if err != nil || d.View.Fields.Map()["Conseiller"].Value != "Claire Martin" {
					missing++
				}
			}
			assert.Zero(t, missing, "dossiers not stored as the file gives them")
		})
	}
}

// failingStore is a store whose transactions fail to create dossiers after
// the first n of them.
type failingStore struct {
	eleader.Store
	n int
}

func (s *failingStore) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	return &failingTx{ImportTx: tx, left: s.n}, nil
}

type failingTx struct {
	eleader.ImportTx
	left int
}

func (t *failingTx) CreateViews(ctx context.Context, views []eleader.EncodedView) error {
	if t.left < len(views) {
		if err := t.ImportTx.CreateViews(ctx, views[:t.left]); err != nil {
			return err
		}
		return fmt.Errorf("disk full (test)")
	}
	t.left -= len(views)
	return t.ImportTx.CreateViews(ctx, views)
}

// TestCreateFailsMidImport: when the store fails to create a dossier in
// the middle of a large import, the import fails with that error and the
// store keeps nothing of the file.
func TestCreateFailsMidImport(t *testing.T) {
	dir := t.TempDir()
	var numbers []string
	for i := range 5000 {
		numbers = append(numbers, fmt.Sprintf("ADIE%06d", i))
	}
	path := partnerFile(t, dir, "20261110-adie.csv", numbers, map[string]string{"Conseiller": "Claire Martin"}, 5)
	for _, after := range []int{0, 1, 2500, 4999} {
		t.Run(fmt.Sprint(after), func(t *testing.T) {
			svc, store := newService(t)
			svc.Store = &failingStore{Store: store, n: after}
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			_, err = svc.Import(context.Background(), eleader.Import{Partner: "adie", Operators: []string{"ADIE"}, Name: filepath.Base(path), Body: f})
			require.ErrorContains(t, err, "disk full (test)")
			svc.Store = store
			for _, n := range []string{numbers[0], numbers[after], numbers[len(numbers)-1]} {
				_, err := svc.Dossier(context.Background(), n)
				assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "dossier %s after the failed import: %v", n, err)
			}
		})
	}
}
