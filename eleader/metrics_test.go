package eleader_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// told records what a Service tells its Metrics.
type told struct {
	eleader.NopMetrics
	mu       sync.Mutex
	imports  []eleader.ImportOutcome
	runs     []string
	searches []bool
	checks   []importer.Status
}

func (m *told) Validation(status importer.Status, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.checks = append(m.checks, status)
}

func (m *told) Import(o eleader.ImportOutcome) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.imports = append(m.imports, o)
}

func (m *told) Run(outcome string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.runs = append(m.runs, outcome)
}

func (m *told) Search(found bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.searches = append(m.searches, found)
}

func exampleFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("../examples/files/" + name)
	require.NoError(tb, err)
	return b
}

// TestMetricsOfImportsAndSearches: each import is told once with its
// verdict, counts and whether it consolidated (not an unchanged file), a
// fault with its error; each search with whether it found a dossier.
func TestMetricsOfImportsAndSearches(t *testing.T) {
	svc, _ := newService(t)
	m := &told{}
	svc.Metrics = m
	ctx := context.Background()
	imp := func(name string, body io.Reader) error {
		_, err := svc.Import(ctx, eleader.Import{Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: name, Body: body})
		return err
	}
	clean := exampleFile(t, "20261116-demo.csv")
	require.NoError(t, imp("20261116-demo.csv", bytes.NewReader(clean)))
	require.NoError(t, imp("20261116-demo.csv", bytes.NewReader(clean)))
	require.NoError(t, imp("20261117-demo.csv", bytes.NewReader(exampleFile(t, "20261117-demo.csv"))))
	require.Error(t, imp("20261118-demo.csv", iotest.ErrReader(errors.New("disk gone"))))

	require.Len(t, m.imports, 4)
	first := m.imports[0]
	assert.Equal(t, importer.StatusAccepted, first.Status)
	assert.True(t, first.Consolidated)
	assert.Equal(t, []int{5, 5, 0}, []int{first.Lines, first.Accepted, first.Rejected})
	assert.Positive(t, first.Duration)
	assert.False(t, m.imports[1].Consolidated, "the same file again changes nothing")
	assert.Equal(t, importer.StatusPartial, m.imports[2].Status)
	assert.Equal(t, []int{15, 1, 14}, []int{m.imports[2].Lines, m.imports[2].Accepted, m.imports[2].Rejected})
	assert.ErrorContains(t, m.imports[3].Err, "disk gone")

	_, err := svc.Search(ctx, eleader.Searcher{By: "metrics test", Channel: "cli"}, dossier.Query{SIRET: "73282932000074"})
	require.NoError(t, err)
	_, err = svc.Search(ctx, eleader.Searcher{By: "metrics test", Channel: "cli"}, dossier.Query{SIRET: "00000000000000"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, m.searches)
}

func TestMetricsOfRuns(t *testing.T) {
	e := newRunEnv(t)
	m := &told{}
	e.svc.Metrics = m
	e.run(t, "")
	assert.Equal(t, []string{eleader.RunOK}, m.runs)
}

func TestMetricsOfANilService(t *testing.T) {
	var svc *eleader.Service
	assert.Equal(t, eleader.NopMetrics{}, svc.MetricsOf())
	assert.Equal(t, eleader.NopMetrics{}, (&eleader.Service{}).MetricsOf())
	m := &told{}
	assert.Same(t, m, (&eleader.Service{Metrics: m}).MetricsOf())
}

// TestMetricsOfChecksAtDeposit: the front door's file-level verdict
// (CheckFile) is told as a validation: a file it reads to its lines with
// its status, a file refused by file errors as rejected.
func TestMetricsOfChecksAtDeposit(t *testing.T) {
	svc, _ := newService(t)
	m := &told{}
	svc.Metrics = m
	good := exampleFile(t, "20261116-demo.csv")
	errs, err := svc.CheckFile(context.Background(), "demo", "20261116-demo.csv", bytes.NewReader(good), int64(len(good)))
	require.NoError(t, err)
	require.Empty(t, errs)
	bad := []byte("Nom;Prenom\nDupont;Jean\n")
	errs, err = svc.CheckFile(context.Background(), "demo", "20261117-demo.csv", bytes.NewReader(bad), int64(len(bad)))
	require.NoError(t, err)
	require.NotEmpty(t, errs)
	assert.Equal(t, []importer.Status{importer.StatusAccepted, importer.StatusRejected}, m.checks)
}
