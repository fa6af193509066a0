package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
)

// TestMain lets the test binary run as compare's measuring helper, as
// compare runs its own binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == measureFlag {
		os.Exit(measureChild(os.Args[2:]))
	}
	os.Exit(m.Run())
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{3}, 3},
		{"odd", []float64{5, 1, 3}, 3},
		{"even", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, median(tt.in))
		})
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1 000", 1234567.4: "1 234 567", 99999.6: "100 000"} {
		assert.Equal(t, want, thousands(in), "%v", in)
	}
}

func TestParseCPUModel(t *testing.T) {
	in := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\nflags\t: fpu\n"
	assert.Equal(t, "AMD EPYC 9R14", parseCPUModel(strings.NewReader(in)))
	assert.Equal(t, "", parseCPUModel(strings.NewReader("processor : 0\n")))
}

func TestCompute(t *testing.T) {
	r := &report{File: fileInfo{Lines: 1000, Bytes: 2_000_000}, Results: []*result{
		{Contender: "floor", Runs: []runOne{{1, 2048}, {3, 1024}, {2, 1024}}},
		{Contender: "validate", Runs: []runOne{{4, 4096}, {4, 8192}, {5, 1024}}},
	}}
	r.compute()
	floor, validate := r.Results[0], r.Results[1]
	assert.Equal(t, 2.0, floor.MedianSeconds)
	assert.Equal(t, 500.0, floor.LinesPerSecond)
	assert.Equal(t, 1.0, floor.MBPerSecond)
	assert.Equal(t, 2.0, floor.PeakRSSMiB, "the largest peak of the runs")
	assert.Equal(t, 1.0, floor.Ratio)
	assert.Equal(t, 2.0, validate.RatioOfMedians)
	assert.Equal(t, 2.5, validate.Ratio, "the median of 4/1, 4/3 and 5/2, round by round")
	assert.Equal(t, 8.0, validate.PeakRSSMiB)
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--rounds", "0"}, "--rounds 0"},
		{[]string{"--lines", "0"}, "--lines 0"},
		{[]string{"--faults", "2"}, "--faults 2"},
		{[]string{"--partner", "X"}, `--partner "X"`},
		{[]string{"--contenders", "floor,fast"}, `unknown contender "fast"`},
		{[]string{"--contenders", "floor,floor"}, "floor is listed twice"},
		{[]string{"--remix", "--file", "x.csv"}, "--remix rewrites a generated file"},
		{[]string{"--db", "postgres.example:5432"}, "is not a postgres:// URL"},
		{[]string{"file.csv"}, "no argument expected"},
		{[]string{"--nope"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, 2, run(context.Background(), tt.args, &out, &errOut))
			assert.Contains(t, errOut.String(), tt.want)
			assert.Empty(t, out.String())
		})
	}
}

func TestMissingBinaries(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--bin", t.TempDir(), "--lines", "10"}, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "binary eleader missing")
}

// TestCompareEndToEnd builds the contenders and compares them on small
// files: every contender measured, the checks of the untimed round, the
// temporary directory removed. It needs the go command: skipped under -short.
func TestCompareEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds eleader: skipped under -short")
	}
	ctx := context.Background()
	bin := t.TempDir()
	require.NoError(t, build(ctx, bin))
	tmp := t.TempDir()

	var out, errOut bytes.Buffer
	code := run(ctx, []string{"--bin", bin, "--tmp", tmp, "--lines", "400", "--rounds", "2", "--json"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	var rep report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, 400, rep.File.Lines)
	require.NotNil(t, rep.File.Generated)
	assert.Equal(t, 12, rep.File.Generated.Faulty)
	var names []string
	for _, r := range rep.Results {
		names = append(names, r.Contender)
		assert.Len(t, r.Runs, 2, r.Contender)
		assert.Positive(t, r.MedianSeconds, r.Contender)
		assert.Positive(t, r.PeakRSSMiB, r.Contender)
		assert.Positive(t, r.Ratio, r.Contender)
		assert.NotEmpty(t, r.Check, r.Contender)
	}
	assert.Equal(t, strings.Split(defaultContenders, ","), names)
	assert.Contains(t, rep.Results[1].Check, "12 rejected")
	assert.Equal(t, "unchanged: nothing written", rep.Results[4].Check)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "the temporary directory is removed")

	// A file given, in text.
	g := gen.New()
	g.Lines = 100
	dir := t.TempDir()
	file := filepath.Join(dir, "20261117-outside.csv")
	_, err = g.WriteFile(file)
	require.NoError(t, err)
	out.Reset()
	code = run(ctx, []string{"--bin", bin, "--tmp", tmp, "--file", file, "--rounds", "1", "--contenders", "floor,validate"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "20261117-outside.csv, 100 lines")
	assert.Contains(t, out.String(), "× floor")

	// A name that is not AAAAMMJJ-PARTNER.csv: measured under today's
	// date and --partner, imports included.
	bad := filepath.Join(dir, "export.csv")
	require.NoError(t, os.Rename(file, bad))
	out.Reset()
	errOut.Reset()
	code = run(ctx, []string{"--bin", bin, "--tmp", tmp, "--file", bad, "--rounds", "1", "--contenders", "validate,import", "--partner", "adie", "--json"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	today := time.Now().Format("20060102") + "-adie.csv"
	assert.Contains(t, errOut.String(), "export.csv is not named AAAAMMJJ-PARTNER.csv: measured as "+today)
	assert.Contains(t, out.String(), `"`+today+`"`)
	assert.Contains(t, out.String(), "dossiers created")
	assert.FileExists(t, bad, "the given file is left where it was")

	// A file rejected whole (commas): compare refuses to time it.
	commas := filepath.Join(dir, "20261117-commas.csv")
	require.NoError(t, os.WriteFile(commas, []byte("NumeroDossier,Phase\nADIE1,1\n"), 0o600))
	errOut.Reset()
	code = run(ctx, []string{"--bin", bin, "--tmp", tmp, "--file", commas, "--rounds", "1", "--contenders", "validate"}, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "the file is rejected whole")
	left, err = os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "the temporary directory is removed, also after an error")
}

// TestCompareRemixAndPostgres: --remix measures a remixed file (its columns
// in another order: imports still consolidate it), and --db puts the
// imports' stores in PostgreSQL, a schema per round, dropped at its end
// (skipped without ELEADER_TEST_POSTGRES).
func TestCompareRemixAndPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds eleader: skipped under -short")
	}
	ctx := context.Background()
	bin := t.TempDir()
	require.NoError(t, build(ctx, bin))
	args := []string{"--bin", bin, "--tmp", t.TempDir(), "--lines", "300", "--rounds", "1", "--remix", "--contenders", "validate,import,reimport", "--json"}
	dbURL := os.Getenv("ELEADER_TEST_POSTGRES")
	if dbURL != "" {
		args = append(args, "--db", dbURL)
	}
	var out, errOut bytes.Buffer
	code := run(ctx, args, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	var rep report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.NotNil(t, rep.File.Generated)
	assert.True(t, rep.File.Generated.Remix)
	assert.Contains(t, rep.Results[1].Check, "dossiers created")
	assert.NotEmpty(t, rep.Results[2].Check, "the re-import (which a remix may let change the store)")
	if dbURL == "" {
		assert.Contains(t, rep.Store, "SQLite")
		t.Log("PostgreSQL not tried: set ELEADER_TEST_POSTGRES")
		return
	}
	assert.Contains(t, rep.Store, "PostgreSQL")
	assert.NotContains(t, rep.Store, "eleader@", "the URL is shown redacted")
	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var left int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM pg_namespace WHERE nspname LIKE $1`,
		fmt.Sprintf("eleader_compare_%d_%%", os.Getpid())).Scan(&left))
	assert.Zero(t, left, "the rounds' schemas are dropped")
}
