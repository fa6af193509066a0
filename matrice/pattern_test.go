package matrice

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultPatternsCompileToClassSequences: every Motif of the default
// matrice takes the fast path.
func TestDefaultPatternsCompileToClassSequences(t *testing.T) {
	m := Default()
	n := 0
	for i, f := range m.fields {
		if f.Pattern == "" {
			continue
		}
		n++
		assert.NotNil(t, m.cf[i].pattern.seq, "Motif %q of %s", f.Pattern, f.Name)
	}
	assert.Positive(t, n, "the default matrice has patterns")
}

// TestClassSeqMatchesLikeRegexp compares the fast path with the regexp on
// chosen patterns and values.
func TestClassSeqMatchesLikeRegexp(t *testing.T) {
	tests := []struct {
		motif  string
		fast   bool // compiles to a classSeq
		values []string
	}{
		{`^Q[NP][0-9]{5}[0-9A-Z]$`, true, []string{"QN09301M", "QP123456", "QX09301M", "QN0930M", "QN093011M", "qN09301M", "", "QN09301é"}},
		{`^[0-9]{2}\.?[0-9]{2}[A-Z]$`, true, []string{"47.91B", "4791B", "47..91B", "47.9B", "47.91", "4791BB", "47,91B"}},
		{`^[A-Za-z0-9_+-]+$`, true, []string{"PH-2026-001", "a", "", "PH 2026", "é", "a+b_c-d"}},
		{`[0-9]*[0-9]`, true, []string{"1", "12", "", "a", "123a"}},
		{`a{2,4}b?c*d+`, true, []string{"aad", "aaaabccdd", "ad", "aaaaad", "aabd", "aacbd", "aabccd"}},
		{`x{0,3}`, true, []string{"", "x", "xxx", "xxxx"}},
		{`(ab)?c`, false, []string{"c", "abc", "bc"}},
		{`OUI|NON`, false, []string{"OUI", "NON", "OUINON"}},
		{`(?i)abc`, false, []string{"ABC", "abc"}},
		{`(?i)[a-z]+`, false, []string{"K", "\u212a"}},
		{`[^0-9]+`, false, []string{"abc", "é", "1"}},
		{`.+`, false, []string{"é", ""}},
		{`é+`, false, []string{"é", "e"}},
		{`a^b`, false, []string{"ab"}},
		{`a$b`, false, []string{"ab"}},
		{`^$`, false, []string{""}},
		{`[0-9]{64}`, false, []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.motif, func(t *testing.T) {
			p, err := compilePattern(tt.motif)
			require.NoError(t, err)
			assert.Equal(t, tt.fast, p.seq != nil, "fast path")
			re := regexp.MustCompile(`^(?:` + tt.motif + `)$`)
			for _, v := range tt.values {
				assert.Equal(t, re.MatchString(v), p.match([]byte(v)), "value %q", v)
			}
		})
	}
}

// FuzzClassSeqMatchesRegexp: when a motif compiles to a classSeq, it
// matches exactly the values the regexp matches.
func FuzzClassSeqMatchesRegexp(f *testing.F) {
	f.Add(`^Q[NP][0-9]{5}[0-9A-Z]$`, "QN09301M")
	f.Add(`[0-9]{2}\.?[0-9]{2}[A-Z]`, "4791B")
	f.Add(`[A-Za-z0-9_+-]+`, "PH-2026-001")
	f.Add(`a{2,4}b?c*d+`, "aabccd")
	f.Add(`(x)?y{1,}[a-c]*`, "xyyb")
	f.Add(`\d+\s?\w{0,2}`, "12 ab")
	f.Fuzz(func(t *testing.T, motif, value string) {
		re, err := regexp.Compile(`^(?:` + motif + `)$`)
		if err != nil {
			return
		}
		seq := compileClassSeq(`^(?:` + motif + `)$`)
		if seq == nil {
			return
		}
		if got, want := seq.match([]byte(value)), re.MatchString(value); got != want {
			t.Fatalf("motif %q, value %q: got %v, want %v", motif, value, got, want)
		}
	})
}
