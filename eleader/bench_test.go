package eleader_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// importLines is the size of the generated file the import benchmarks
// consolidate (shortLines under -short).
const (
	importLines = 20_000
	shortLines  = 2_000
)

// benchFile writes a generated file of the partner demo (operator DEMO),
// 3 % faulty, into a temporary directory.
func benchFile(b *testing.B) (path string, g *gen.Generator, st gen.Stats) {
	g = gen.New()
	g.Lines = importLines
	if testing.Short() {
		g.Lines = shortLines
	}
	path = filepath.Join(b.TempDir(), g.FileName())
	st, err := g.WriteFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, g, st
}

// importOnce imports the file at path into svc.
func importOnce(b *testing.B, svc *eleader.Service, g *gen.Generator, path string) *eleader.ImportResult {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r, err := svc.Import(context.Background(), eleader.Import{Partner: g.Partner, Operators: []string{gen.DefaultOperator(g.Partner)}, Name: path, Body: f})
	if err != nil {
		b.Fatal(err)
	}
	if r.Report.Status != importer.StatusPartial {
		b.Fatalf("status %s, file errors %v", r.Report.Status, r.Report.FileErrors)
	}
	return r
}

// openStore opens a new SQLite store in a new directory.
func openStore(b *testing.B) *sqlite.Store {
	store, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "eleader.db"))
	if err != nil {
		b.Fatal(err)
	}
	return store
}

// BenchmarkImportSQLite measures consolidation into the embedded SQLite
// store (WAL, synchronous=FULL), per line of a generated file: a first
// import into an empty store, and a re-import of the same file, which
// changes nothing.
func BenchmarkImportSQLite(b *testing.B) {
	path, g, st := benchFile(b)
	b.Run("first", func(b *testing.B) {
		b.SetBytes(st.Bytes)
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			store := openStore(b)
			svc := &eleader.Service{Store: store}
			b.StartTimer()
			r := importOnce(b, svc, g, path)
			b.StopTimer()
			if !r.Record.Consolidated || r.Unchanged {
				b.Fatalf("not consolidated: %+v", r.Record)
			}
			store.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(g.Lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("again", func(b *testing.B) {
		store := openStore(b)
		defer store.Close()
		svc := &eleader.Service{Store: store}
		importOnce(b, svc, g, path)
		b.SetBytes(st.Bytes)
		b.ReportAllocs()
		for b.Loop() {
			if r := importOnce(b, svc, g, path); !r.Unchanged {
				b.Fatal("the same file again changed the store")
			}
		}
		b.ReportMetric(float64(g.Lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
}
