package postgres_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestGeneratedFileSameAsSQLite imports a generated file (dossiers over
// several lines, sub-versions, faulty lines), then a second day's file
// and the first one again, into PostgreSQL and into SQLite: the outcomes
// and every dossier's view are the same in both stores.
func TestGeneratedFileSameAsSQLite(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, day := range []matrice.Date{20261116, 20261117} {
		g := gen.New()
		g.Lines, g.Date = 3000, day
		path := filepath.Join(dir, g.FileName())
		_, err := g.WriteFile(path)
		require.NoError(t, err)
		files = append(files, path)
	}
	files = append(files, files[0])

	pg, err := postgres.Open(t.Context(), newSchema(t))
	require.NoError(t, err)
	defer pg.Close()
	lite, err := sqlite.Open(t.Context(), filepath.Join(dir, "eleader.db"))
	require.NoError(t, err)
	defer lite.Close()

	run := func(store eleader.Store) string {
		svc := &eleader.Service{Store: store, GroupBytes: 256 << 10}
		var out []any
		for _, path := range files {
			f, err := os.Open(path)
			require.NoError(t, err)
			r, err := svc.Import(context.Background(), eleader.Import{Partner: gen.DefaultPartner, Operators: []string{gen.DefaultOperator(gen.DefaultPartner)}, Name: filepath.Base(path), Body: f})
			f.Close()
			require.NoError(t, err, "import %s", path)
			out = append(out, map[string]any{"file": filepath.Base(path), "unchanged": r.Unchanged, "accepted": r.Report.Accepted,
				"rejected": r.Report.Rejected, "created": r.Record.Created, "updated": r.Record.Updated, "items": r.Items, "disagreements": r.Disagreements})
		}
		for _, n := range numbers(t, files[1]) {
			d, err := svc.Dossier(context.Background(), n)
			if err != nil {
				out = append(out, n+": "+err.Error())
				continue
			}
			out = append(out, d)
		}
		b, err := json.Marshal(out)
		require.NoError(t, err)
		return string(b)
	}
	want := run(lite)
	assert.JSONEq(t, want, run(pg))
	assert.Contains(t, want, `"created":`, "the imports created dossiers")
}

// numbers returns the dossier numbers of a generated file's lines.
func numbers(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = ';', -1, true
	var out []string
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(tb, err)
		if n := rec[0]; n != "NumeroDossier" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
