package gen_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// records reads a ';'-separated file with encoding/csv.
func records(tb testing.TB, b []byte) [][]string {
	tb.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma, r.FieldsPerRecord = ';', -1
	recs, err := r.ReadAll()
	require.NoError(tb, err)
	return recs
}

// remix runs x on in.
func remix(tb testing.TB, x gen.Remix, in []byte) []byte {
	tb.Helper()
	var out bytes.Buffer
	n, err := x.Copy(&out, bytes.NewReader(in))
	require.NoError(tb, err)
	require.Equal(tb, len(records(tb, in))-1, n, "data lines written")
	return out.Bytes()
}

// byName returns each record of recs as a map from header name to cell,
// trimmed as the validator trims; of a short record (a cells fault, whose
// cells a remix moves as it likes), only its length.
func byName(recs [][]string) []map[string]string {
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := map[string]string{"#cells": strings.Repeat("x", len(rec))}
		if len(rec) < len(recs[0]) {
			out = append(out, m)
			continue
		}
		for i, c := range rec {
			name := "#extra"
			if i < len(recs[0]) {
				name = recs[0][i]
			}
			m[name] += string(matrice.TrimSpace([]byte(c)))
		}
		out = append(out, m)
	}
	return out
}

func TestRemix(t *testing.T) {
	in, st := generate(t, generator(3000, 0.05, 3))
	require.Positive(t, st.ByKind[gen.FaultCells], "the file has lines with too few or too many cells")
	orig := records(t, in)

	t.Run("zero copies", func(t *testing.T) {
		out := remix(t, gen.Remix{}, in)
		assert.Equal(t, orig, records(t, out))
		assert.Equal(t, in, out, "the generator's own quoting and CRLF are kept")
	})
	t.Run("same settings same bytes", func(t *testing.T) {
		x := gen.Remix{Seed: 4, ShuffleColumns: true, Spread: 500, Pad: 0.1, Quote: 0.1, LF: true}
		assert.Equal(t, remix(t, x, in), remix(t, x, in))
		y := x
		y.Seed = 5
		assert.NotEqual(t, remix(t, x, in), remix(t, y, in), "another seed")
	})
	t.Run("columns", func(t *testing.T) {
		got := records(t, remix(t, gen.Remix{Seed: 1, ShuffleColumns: true}, in))
		assert.NotEqual(t, orig[0], got[0], "the columns moved")
		assert.ElementsMatch(t, orig[0], got[0], "the same columns")
		assert.Equal(t, byName(orig), byName(got), "every cell under its column; short records as short")
	})
	t.Run("spread", func(t *testing.T) {
		got := records(t, remix(t, gen.Remix{Seed: 1, Spread: 1000}, in))
		assert.NotEqual(t, orig, got, "the lines moved")
		assert.Equal(t, orig[0], got[0])
		for start := 1; start < len(orig); start += 1000 {
			end := min(start+1000, len(orig))
			want := slices.Clone(orig[start:end])
			have := slices.Clone(got[start:end])
			cmp := func(a, b []string) int { return slices.Compare(a, b) }
			slices.SortFunc(want, cmp)
			slices.SortFunc(have, cmp)
			assert.Equal(t, want, have, "the lines %d to %d stay within their window", start, end)
		}
	})
	t.Run("padded and quoted", func(t *testing.T) {
		out := remix(t, gen.Remix{Seed: 1, Pad: 0.2, Quote: 0.2, LF: true}, in)
		assert.NotContains(t, string(out), "\r\n", "LF line ends (no cell of this file holds a CRLF)")
		assert.Greater(t, bytes.Count(out, []byte(`"`)), 3*bytes.Count(in, []byte(`"`)), "more quoted cells")
		assert.Contains(t, string(out), "\u00a0", "no-break spaces")
		got := records(t, out)
		assert.NotEqual(t, orig, got)
		assert.Equal(t, byName(orig), byName(got), "the same values once trimmed")
	})
	t.Run("line breaks", func(t *testing.T) {
		for _, lf := range []bool{false, true} {
			out := remix(t, gen.Remix{Seed: 1, Breaks: 0.2, LF: lf}, in)
			got := records(t, out)
			require.Len(t, got, len(orig), "one record per line of the input")
			assert.Greater(t, bytes.Count(out, []byte("\n")), bytes.Count(in, []byte("\n"))+100, "more records spanning several lines (LF %v)", lf)
			if !lf {
				assert.Greater(t, bytes.Count(out, []byte("\r\n")), bytes.Count(in, []byte("\r\n"))+100, "line breaks in cells as CRLF")
			}
			// encoding/csv reads a quoted CRLF as LF; the generator's
			// own cells may hold one
			unbreak := func(recs [][]string) [][]string {
				out := make([][]string, len(recs))
				for i, rec := range recs {
					out[i] = make([]string, len(rec))
					for j, c := range rec {
						out[i][j] = strings.ReplaceAll(c, "\n", " ")
					}
				}
				return out
			}
			assert.Equal(t, byName(unbreak(orig)), byName(unbreak(got)), "the same values, a space where a line break is")
		}
	})
	t.Run("control characters", func(t *testing.T) {
		out := remix(t, gen.Remix{Seed: 1, Controls: 0.01}, in)
		got := records(t, out)
		found := 0
		clean := make([][]string, len(got))
		for i, rec := range got {
			clean[i] = make([]string, len(rec))
			for j, c := range rec {
				if matrice.HasControl([]byte(c)) {
					found++
				}
				for _, ctl := range []string{"\x01", "\x1b", "\x7f", "\u0085"} {
					c = strings.Replace(c, ctl, "", 1)
				}
				clean[i][j] = c
			}
		}
		assert.Greater(t, found, 100, "cells holding a control character the validator refuses")
		assert.Equal(t, byName(orig), byName(clean), "the same values once the control characters are taken out")
	})
	t.Run("bad settings", func(t *testing.T) {
		for _, x := range []gen.Remix{{Spread: -1}, {Spread: gen.MaxSpread + 1}, {Pad: 1.5}, {Quote: -0.1}, {Breaks: 2}, {Controls: -1}} {
			_, err := x.Copy(&bytes.Buffer{}, bytes.NewReader(in))
			assert.Error(t, err, "%+v", x)
		}
	})
}
