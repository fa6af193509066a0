package gen_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

func TestSameSettingsSameBytes(t *testing.T) {
	base := generator(2000, 0.05, 7)
	first, _ := generate(t, base)
	again, _ := generate(t, generator(2000, 0.05, 7))
	require.True(t, bytes.Equal(first, again), "two runs with the same settings differ")

	tests := []struct {
		name   string
		change func(*gen.Generator)
	}{
		{"another seed", func(g *gen.Generator) { g.Seed = 8 }},
		{"other faults", func(g *gen.Generator) { g.Faults = 0.06 }},
		{"another operator", func(g *gen.Generator) { g.Operator = "ADIE" }},
		{"another date", func(g *gen.Generator) { g.Date = 20261117 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := generator(2000, 0.05, 7)
			tt.change(g)
			other, _ := generate(t, g)
			assert.False(t, bytes.Equal(first, other), "got the same bytes, want different ones")
		})
	}
}

func TestRejectedLinesMatchTheFaults(t *testing.T) {
	tests := []struct {
		name   string
		lines  int
		faults float64
		seed   uint64
	}{
		{"default rate", 3000, 0.03, 1},
		{"one in ten", 3000, 0.1, 2},
		{"half", 800, 0.5, 3},
		{"every line", 300, 1, 4},
		{"few lines", 10, 0.3, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := generator(tt.lines, tt.faults, tt.seed)
			content, st := generate(t, g)
			rep, rej := validate(t, g.FileName(), content)

			require.Equal(t, tt.lines, rep.Lines, "lines")
			assert.Equal(t, st.Faulty, rep.Rejected, "got %d rejected lines, want the %d faulty ones", rep.Rejected, st.Faulty)
			rate := float64(rep.Rejected) / float64(rep.Lines)
			assert.InDelta(t, tt.faults, rate, 0.5/float64(tt.lines)+1e-9, "rejected-line rate")

			// Exactly one error per faulty line, and as many of each kind as written.
			got := map[string]int{}
			for _, r := range rej {
				if assert.Len(t, r.errors, 1, "line %d: want exactly one error", r.line) {
					e := r.errors[0]
					got[checkKey(e.Check, e.Rule)]++
				} else {
					for _, e := range r.errors {
						t.Logf("line %d: %s", r.line, e.Message)
					}
				}
			}
			want := map[string]int{}
			for _, k := range gen.Kinds() {
				if n := st.ByKind[k]; n > 0 {
					want[k.String()] = n
				}
			}
			assert.Equal(t, want, got, "errors per check")
		})
	}
}

func TestFaultsHitEveryCheck(t *testing.T) {
	g := generator(6000, 0.1, 11)
	content, st := generate(t, g)
	_, rej := validate(t, g.FileName(), content)
	seen := map[string]int{}
	for _, r := range rej {
		for _, e := range r.errors {
			seen[checkKey(e.Check, e.Rule)]++
		}
	}

	checks := lineChecks(t)
	t.Logf("line checks of the validator: %v", checks)
	require.Contains(t, checks, matrice.CheckCells, "the scan of the code found the checks")
	for _, c := range checks {
		if c == matrice.CheckRule {
			continue // each rule below
		}
		assert.Positive(t, seen[string(c)], "no line fails check %s", c)
	}
	rules := matrice.Default().Rules()
	require.NotEmpty(t, rules)
	for _, r := range rules {
		assert.Positive(t, seen["rule "+r.Rule.Name], "no line fails rule %s (on %s)", r.Rule.Name, r.Field)
	}

	// Every kind of fault is one of those checks, and all were written.
	known := map[string]bool{}
	for _, c := range checks {
		known[string(c)] = true
	}
	for _, r := range rules {
		known["rule "+r.Rule.Name] = true
	}
	for _, k := range gen.Kinds() {
		assert.True(t, known[k.String()], "kind %s is no check of the validator", k)
		assert.Positive(t, st.ByKind[k], "kind %s never written", k)
	}
}

func TestNoFaultsEveryLineAccepted(t *testing.T) {
	tests := []struct {
		seed uint64
		date matrice.Date
	}{
		{1, gen.DefaultDate}, {2, gen.DefaultDate}, {3, gen.DefaultDate}, {42, gen.DefaultDate},
		{5, gen.MinDate}, {6, 20240229}, {7, 20991231},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("seed %d, %s", tt.seed, tt.date), func(t *testing.T) {
			g := generator(4000, 0, tt.seed)
			g.Date = tt.date
			content, st := generate(t, g)
			rep, rej := validate(t, g.FileName(), content)
			assert.Zero(t, st.Faulty)
			assert.Equal(t, 4000, rep.Accepted, "accepted lines")
			for _, r := range rej[:min(len(rej), 5)] {
				for _, e := range r.errors {
					t.Errorf("line %d: %s", r.line, e.Message)
				}
			}
			assert.Equal(t, st.Dossiers, rep.Dossiers, "dossiers")
		})
	}
}

func TestShapeOfAFile(t *testing.T) {
	g := generator(5000, 0.03, 1)
	content, st := generate(t, g)
	text := string(content)
	require.True(t, utf8.ValidString(text), "UTF-8")

	header, _, ok := strings.Cut(text, "\r\n")
	require.True(t, ok, "CRLF after the header")
	m := matrice.Default()
	names := make([]string, m.Len())
	for i := range names {
		names[i] = m.FieldName(i)
	}
	assert.Equal(t, strings.Join(names, ";"), header, "the header is the matrice's")
	assert.Equal(t, strings.Count(text, "\n"), strings.Count(text, "\r\n")+st.Multiline, "every line ends with CRLF; bare LF only inside quoted cells")

	assert.Equal(t, 5000, st.Lines)
	assert.Equal(t, 150, st.Faulty)
	assert.Positive(t, st.MultiLine, "dossiers of several lines")
	assert.Positive(t, st.SubVersions, "sub-versions")
	assert.Positive(t, st.Closing, "lines closing their phase")
	assert.Contains(t, text, "\r\n001-DEMO", "a sub-version number")
	assert.Contains(t, text, "\r\n002-DEMO", "a second sub-version")
	for _, want := range []string{`";`, `""`, "é", "è", "ï", "Î", "Île-de-France", "'"} {
		assert.Contains(t, text, want)
	}
	assert.Positive(t, st.Multiline, "quoted newlines")
	assert.Contains(t, text, `"Salon des entrepreneurs; Paris Expo"`, "a quoted ';'")
	assert.Contains(t, text, `"Formation ""Gérer sa trésorerie"""`, "quoted quotes")

	perLine := float64(st.Bytes) / float64(st.Lines)
	t.Logf("%.0f bytes per line, %d dossiers (%d of several lines, %d sub-versions), %d quoted cells",
		perLine, st.Dossiers, st.MultiLine, st.SubVersions, st.Quoted)
	assert.InDelta(t, 285, perLine, 25, "bytes per line (the issue's 57 MB per 200k lines)")
}

func TestLinesOfADossierAreSpread(t *testing.T) {
	g := generator(3000, 0, 9)
	content, st := generate(t, g)
	rep, _ := validate(t, g.FileName(), content)
	assert.Equal(t, st.Dossiers, rep.Dossiers)
	lines := float64(st.Lines) / float64(st.Dossiers)
	assert.True(t, lines > 1.5 && lines < 2.5, "got %.2f lines per dossier, want 1 to 4, about 2", lines)
}

func TestSettingsAreChecked(t *testing.T) {
	tests := []struct {
		name   string
		change func(*gen.Generator)
		want   string
	}{
		{"negative lines", func(g *gen.Generator) { g.Lines = -1 }, "Lines"},
		{"faults above 1", func(g *gen.Generator) { g.Faults = 1.5 }, "Faults"},
		{"faults NaN", func(g *gen.Generator) { g.Faults = math.NaN() }, "Faults"},
		{"bad partner", func(g *gen.Generator) { g.Partner = "Demo" }, "Partner"},
		{"bad operator", func(g *gen.Generator) { g.Operator = "AB" }, "Operator"},
		{"HIST operator", func(g *gen.Generator) { g.Operator = "HIST" }, "Operator"},
		{"invalid date", func(g *gen.Generator) { g.Date = 20261131 }, "Date"},
		{"too early", func(g *gen.Generator) { g.Date = 20160101 }, "Date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gen.New()
			tt.change(g)
			_, err := g.Write(io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestDefaultOperator(t *testing.T) {
	tests := []struct{ partner, want string }{
		{"demo", "DEMO"},
		{"bge", "BGEX"},
		{"france-active", "FRAN"},
		{"a_1-b", "A1BX"},
		{"hist", "HISX"},
		{"adie", "ADIE"},
	}
	for _, tt := range tests {
		t.Run(tt.partner, func(t *testing.T) {
			assert.Equal(t, tt.want, gen.DefaultOperator(tt.partner))
		})
	}
}

func TestFileName(t *testing.T) {
	g := gen.New()
	assert.Equal(t, "20261116-demo.csv", g.FileName())
	g.Partner, g.Date = "france-active", 20270105
	assert.Equal(t, "20270105-france-active.csv", g.FileName())
}

func TestKindNames(t *testing.T) {
	for _, k := range gen.Kinds() {
		assert.Equal(t, checkKey(k.Check(), k.Rule()), k.String())
	}
	assert.Equal(t, "Kind(99)", gen.Kind(99).String())
}
