package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
)

// benchLines is the size of the in-memory files of the benchmarks below;
// bigLines the size of the whole-file benchmark, written to disk.
const (
	benchLines = 20_000
	bigLines   = 200_000
)

// generated returns a generated file of n lines, faults of them faulty.
func generated(tb testing.TB, n int, faults float64) (name string, content []byte) {
	tb.Helper()
	g := gen.New()
	g.Lines, g.Faults = n, faults
	var b bytes.Buffer
	if _, err := g.Write(&b); err != nil {
		tb.Fatal(err)
	}
	return g.FileName(), b.Bytes()
}

// countRecords reads every record of r with the front door's scanner (UTF-8
// check included, nothing judged) and returns how many it read.
func countRecords(r io.Reader) (int, error) {
	s := newScanner(r, DefaultMaxRecordBytes)
	if err := s.dropBOM(); err != nil {
		return 0, err
	}
	n := 0
	for {
		ok, err := s.next()
		if err != nil || !ok {
			return n, err
		}
		n++
	}
}

// reportLines reports lines/s and ns/line for lines read per iteration.
func reportLines(b *testing.B, lines int) {
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(lines)*float64(b.N)/s, "lines/s")
	b.ReportMetric(s*1e9/(float64(lines)*float64(b.N)), "ns/line")
}

// BenchmarkFrontDoor measures reading alone, per line, on a generated file
// in memory: the scanner (records and cells aliased in its buffer, UTF-8
// checked), and encoding/csv reading the same bytes as a reference (the
// floor of bench/compare).
func BenchmarkFrontDoor(b *testing.B) {
	_, content := generated(b, benchLines, 0.03)
	b.Run("scanner", func(b *testing.B) {
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			n, err := countRecords(bytes.NewReader(content))
			if err != nil || n != benchLines+1 {
				b.Fatalf("read %d records, %v", n, err)
			}
		}
		reportLines(b, benchLines)
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			r := csv.NewReader(bufio.NewReaderSize(bytes.NewReader(content), 64<<10))
			r.Comma, r.FieldsPerRecord, r.ReuseRecord = ';', -1, true
			n := 0
			for {
				_, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != benchLines+1 {
				b.Fatalf("read %d records", n)
			}
		}
		reportLines(b, benchLines)
	})
}

// BenchmarkValidate measures the whole validator per line, on a generated
// file in memory: reading, the compiled checks, the conflict check, the
// report; with the checks on as many goroutines as CPUs (the default), and
// on Next's goroutine alone (Workers = 1).
func BenchmarkValidate(b *testing.B) {
	for _, tt := range []struct {
		name    string
		faults  float64
		workers int
	}{{"valid", 0, 0}, {"3%-faults", 0.03, 0}, {"3%-faults/one-goroutine", 0.03, 1}} {
		b.Run(tt.name, func(b *testing.B) {
			name, content := generated(b, benchLines, tt.faults)
			v := NewValidator(nil)
			v.Workers = tt.workers
			b.SetBytes(int64(len(content)))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := v.Validate(name, bytes.NewReader(content), nil)
				if err != nil || rep.Lines != benchLines {
					b.Fatalf("%v, %+v", err, rep)
				}
			}
			reportLines(b, benchLines)
		})
	}
}

// BenchmarkValidateFile200k validates a whole generated file of 200,000
// lines (about 57 MB, 3 % faulty) from disk, as eleader validate does. It
// is skipped under -short.
func BenchmarkValidateFile200k(b *testing.B) {
	if testing.Short() {
		b.Skip("a 57 MB file: skipped under -short")
	}
	g := gen.New()
	g.Lines = bigLines
	path := filepath.Join(b.TempDir(), g.FileName())
	st, err := g.WriteFile(path)
	if err != nil {
		b.Fatal(err)
	}
	v := NewValidator(nil)
	b.SetBytes(st.Bytes)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := v.ValidateFile(path, nil)
		if err != nil || rep.Lines != bigLines || rep.Rejected != st.Faulty {
			b.Fatalf("%v, %+v", err, rep)
		}
	}
	reportLines(b, bigLines)
	if err := os.Remove(path); err != nil {
		b.Fatal(err)
	}
}
