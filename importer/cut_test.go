package importer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCutName(t *testing.T) {
	long := strings.Repeat("é", 30000) + ".csv" // 60 KB
	tests := []struct {
		name, in, want string
	}{
		{"a valid name", "20261116-adie.csv", "20261116-adie.csv"},
		{"the longest valid name", "20261116-" + strings.Repeat("a", 63) + ".xlsx", "20261116-" + strings.Repeat("a", 63) + ".xlsx"},
		{"96 bytes", strings.Repeat("a", 96), strings.Repeat("a", 96)},
		{"97 bytes", strings.Repeat("a", 97), strings.Repeat("a", 60) + "…" + strings.Repeat("a", 24)},
		{"60 KB of accents", long, strings.Repeat("é", 30) + "…" + strings.Repeat("é", 10) + ".csv"},
		{"control characters", "2026\x1b[31m-a\x00.csv", "2026?[31m-a?.csv"},
		{"control characters in a long name", strings.Repeat("\x07", 200), strings.Repeat("?", 60) + "…" + strings.Repeat("?", 24)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CutName(tt.in)
			assert.Equal(t, tt.want, got)
			assert.True(t, utf8.ValidString(got), "cut between characters")
			assert.LessOrEqual(t, len(got), MaxQuotedName)
		})
	}
}

func TestCut(t *testing.T) {
	assert.Equal(t, "abc", Cut("abc", 3))
	assert.Equal(t, "ab…", Cut("abc", 2))
	assert.Equal(t, "é…", Cut("éé", 3), "never within a character")
	assert.Equal(t, "…", Cut("éé", 1))
}

func FuzzCutName(f *testing.F) {
	f.Add("20261116-adie.csv")
	f.Add(strings.Repeat("é", 100))
	f.Add("\xff\xfe" + strings.Repeat("a", 200))
	f.Fuzz(func(t *testing.T, s string) {
		got := CutName(s)
		if len(got) > MaxQuotedName && len(s) > MaxQuotedName {
			t.Fatalf("CutName(%d bytes) = %d bytes", len(s), len(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("CutName(%q) = %q: cut within a character", s, got)
		}
		if strings.ContainsAny(got, "\x00\x1b\x07\n") {
			t.Fatalf("CutName(%q) = %q holds a control character", s, got)
		}
	})
}

// TestHeaderNamesQuotedSafely: a header's names are quoted with their
// control characters escaped, cut when long, and at most 60 of a kind.
func TestHeaderNamesQuotedSafely(t *testing.T) {
	h := append(defaultHeader(), "N\x1b[31mom\x00", strings.Repeat("x", 10000))
	for i := range 200 {
		h = append(h, fmt.Sprintf("Extra%d", i))
	}
	res := validate(t, nil, okName, strings.Join(h, ";")+"\n")
	require.Len(t, res.rep.FileErrors, 1)
	msg := res.rep.FileErrors[0].Message
	assert.Contains(t, msg, `unknown columns 'N\x1b[31mom\x00', '`+strings.Repeat("x", 64)+`…'`)
	assert.Contains(t, msg, "and 142 more")
	assert.NotContains(t, msg, "\x1b")
	assert.Less(t, len(msg), 4096)
}
