package eleader_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files of the scenarios")

// newService returns a service over a fresh SQLite store with a clock that
// ticks one second per call.
func newService(tb testing.TB) (*eleader.Service, *sqlite.Store) {
	tb.Helper()
	store, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "eleader.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { store.Close() })
	clock := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	return &eleader.Service{Store: store, Now: func() time.Time { clock = clock.Add(time.Second); return clock }}, store
}

// step is one import of a scenario.
type step struct {
	File      string   `json:"file"`
	Partner   string   `json:"partner"`
	Operators []string `json:"operators"`
	History   bool     `json:"history,omitempty"`
}

// outcome is what a step did: the verdict, the errors, the import.
type outcome struct {
	step
	Status       importer.Status       `json:"status"`
	Lines        int                   `json:"lines"`
	Accepted     int                   `json:"accepted"`
	Rejected     int                   `json:"rejected"`
	Errors       []*importer.LineError `json:"errors"`
	Consolidated bool                  `json:"consolidated"`
	Unchanged    bool                  `json:"unchanged"`
	Created      int                   `json:"created"`
	Updated      int                   `json:"updated"`
	Items        int                   `json:"items"`
	Disagree     int                   `json:"disagreements"`
}

func runStep(tb testing.TB, svc *eleader.Service, dir string, s step) outcome {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, s.File))
	require.NoError(tb, err)
	defer f.Close()
	o := outcome{step: s, Errors: []*importer.LineError{}}
	r, err := svc.Import(context.Background(), eleader.Import{
		Partner: s.Partner, Operators: s.Operators, History: s.History, Name: s.File, Body: f,
		Each: func(l *importer.Line) error { o.Errors = append(o.Errors, l.Errors...); return nil },
	})
	require.NoError(tb, err)
	o.Status, o.Lines, o.Accepted, o.Rejected = r.Report.Status, r.Report.Lines, r.Report.Accepted, r.Report.Rejected
	o.Consolidated, o.Unchanged, o.Items, o.Disagree = r.Record.Consolidated, r.Unchanged, r.Items, r.Disagreements
	if !r.Unchanged {
		o.Created, o.Updated = r.Record.Created, r.Record.Updated
	}
	return o
}

// scenarioResult is the golden content of a scenario.
type scenarioResult struct {
	Steps         []outcome                         `json:"steps"`
	Dossiers      map[string]*eleader.DossierDetail `json:"dossiers"`
	Disagreements []dossier.Disagreement            `json:"disagreements"`
	Searches      map[string][]dossier.Found        `json:"searches"`
	Imports       []eleader.ImportRecord            `json:"imports"`
}

// TestScenarioThreePartners: three partners over several days, after a
// history import — creation, updates from another partner, duplicated RDV and
// financing lines, sub-versions 001 then 002, a forbidden 003 gap, a HIST
// dossier, an operator code of another partner, the same file imported twice.
// The consolidated views are compared with testdata/scenarios/three-partners/golden.json
// (go test ./eleader -run Scenario -update rewrites it; read the diff).
func TestScenarioThreePartners(t *testing.T) {
	dir := filepath.Join("testdata", "scenarios", "three-partners")
	svc, store := newService(t)
	ctx := context.Background()
	steps := []step{
		{File: "20261101-hist.csv", Partner: "hist", Operators: []string{"HIST"}, History: true},
		{File: "20261110-adie.csv", Partner: "adie", Operators: []string{"ADIE"}},
		{File: "20261112-franceactive.csv", Partner: "franceactive", Operators: []string{"FRAC"}},
		{File: "20261112-franceactive.csv", Partner: "franceactive", Operators: []string{"FRAC"}}, // again
		{File: "20261115-bge.csv", Partner: "bge", Operators: []string{"BGEE"}},
		{File: "20261115-bge.csv", Partner: "bge", Operators: []string{"BGEE"}}, // again
	}
	var res scenarioResult
	dump := func() []byte {
		b, err := os.ReadFile(store.Path())
		require.NoError(t, err)
		return b
	}
	for i, s := range steps {
		before := dump()
		res.Steps = append(res.Steps, runStep(t, svc, dir, s))
		if i > 0 && steps[i-1].File == s.File {
			assert.True(t, res.Steps[i].Unchanged, "step %d: the same file again changes nothing", i)
			assert.Equal(t, before, dump(), "step %d: importing the same file twice leaves the store byte for byte unchanged", i)
		}
	}

	res.Dossiers = map[string]*eleader.DossierDetail{}
	for _, n := range []string{"HIST000123", "ADIE100001", "001-ADIE100001", "002-ADIE100001", "ADIE100002", "FRAC000001"} {
		d, err := svc.Dossier(ctx, n)
		require.NoError(t, err, n)
		res.Dossiers[n] = d
	}
	for _, n := range []string{"HIST000999", "003-ADIE100001", "001-ADIE100002", "002-ADIE100002", "001-ADIE100099"} {
		_, err := svc.Dossier(ctx, n)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "%s must not exist", n)
	}
	var err error
	res.Disagreements, err = svc.Disagreements(ctx, "")
	require.NoError(t, err)
	res.Searches = map[string][]dossier.Found{}
	for name, q := range map[string]dossier.Query{
		"dupont amelie (as sub-versions still say)": {Nom: "DUPONT", Prenom: "amelie", Naissance: matrice.NewDate(1990, 5, 12)},
		"dupont-martin amélie":                      {Nom: "Dupont Martin", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 12)},
		"wrong birth date":                          {Nom: "Dupont", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 13)},
		"martin claire (HIST)":                      {Nom: "martin", Prenom: "CLAIRE", Naissance: matrice.NewDate(1985, 8, 15)},
	} {
		found, err := svc.Search(ctx, eleader.Searcher{By: "scenario", Channel: "cli"}, q)
		require.NoError(t, err, name)
		res.Searches[name] = found
	}
	res.Imports, err = svc.Imports(ctx, "")
	require.NoError(t, err)

	got, err := json.MarshalIndent(res, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	golden := filepath.Join(dir, "golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create the golden file")
	if !bytes.Equal(want, got) {
		assert.JSONEq(t, string(want), string(got), "the scenario's outcome differs from %s", golden)
	}

	// Search answers numbers, never identities.
	for _, found := range res.Searches {
		b, _ := json.Marshal(found)
		for _, personal := range []string{"Dupont", "Amélie", "Martin", "Claire", "Saint-Denis", "1990", "93200"} {
			assert.NotContains(t, string(b), personal)
		}
	}
}
