package dossier_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestParseNumber: spec §4, {VERSION}{OPER}{INDEX}.
func TestParseNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want dossier.Number
	}{
		{"spec example main", "ADIE100876-AHG-4U", dossier.Number{Oper: "ADIE", Index: "100876-AHG-4U"}},
		{"spec example sub-version", "001-ADIE100876-AHG-4U", dossier.Number{Version: 1, Oper: "ADIE", Index: "100876-AHG-4U"}},
		{"version 010", "010-FRAC7", dossier.Number{Version: 10, Oper: "FRAC", Index: "7"}},
		{"version 999", "999-FRAC7", dossier.Number{Version: 999, Oper: "FRAC", Index: "7"}},
		{"HIST", "HIST0042", dossier.Number{Oper: "HIST", Index: "0042"}},
		{"HIST sub-version", "002-HIST0042", dossier.Number{Version: 2, Oper: "HIST", Index: "0042"}},
		{"digits operator", "0420ABC", dossier.Number{Oper: "0420", Index: "ABC"}},
		{"mixed operator", "A1B2c", dossier.Number{Oper: "A1B2", Index: "c"}},
		{"four digits then a dash is an operator", "1234-XY", dossier.Number{Oper: "1234", Index: "-XY"}},
		{"every index character", "ADIE+_-aZ09", dossier.Number{Oper: "ADIE", Index: "+_-aZ09"}},
		{"one-character index", "ADIEx", dossier.Number{Oper: "ADIE", Index: "x"}},
		{"index with a version-like tail", "001-ADIE001-X", dossier.Number{Version: 1, Oper: "ADIE", Index: "001-X"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dossier.ParseNumber(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "ParseNumber(%q)", tt.in)
			assert.Equal(t, tt.in, got.String(), "got String() %q, want the input %q", got.String(), tt.in)
			again, err := dossier.ParseNumber(got.String())
			require.NoError(t, err)
			assert.Equal(t, got, again, "parse → format → parse")
		})
	}
}

func TestParseNumberErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		part string
	}{
		{"version of two digits", "12-ADIE1", dossier.PartVersion},
		{"version of one digit", "1-ADIE1", dossier.PartVersion},
		{"version 000", "000-ADIE1", dossier.PartVersion},
		{"lower-case operator", "adie1", dossier.PartOper},
		{"mixed-case operator", "AdIE1", dossier.PartOper},
		{"operator with a dash", "AD-E1", dossier.PartOper},
		{"operator with an accent", "ÉDIE1", dossier.PartOper},
		{"leading space", " ADIE1", dossier.PartOper},
		{"short operator", "ADI", dossier.PartOper},
		{"empty", "", dossier.PartOper},
		{"version and nothing else", "001-", dossier.PartOper},
		{"version and a short operator", "001-ADI", dossier.PartOper},
		{"lower-case operator after a version", "001-adie1", dossier.PartOper},
		{"two versions", "001-001-ADIE1", dossier.PartOper},
		{"empty index", "ADIE", dossier.PartIndex},
		{"empty index after a version", "001-ADIE", dossier.PartIndex},
		{"space in the index", "ADIE1 2", dossier.PartIndex},
		{"trailing space", "ADIE1 ", dossier.PartIndex},
		{"accent in the index", "ADIEé", dossier.PartIndex},
		{"slash in the index", "ADIE1/2", dossier.PartIndex},
		{"dot in the index", "ADIE1.2", dossier.PartIndex},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dossier.ParseNumber(tt.in)
			require.Error(t, err, "ParseNumber(%q) = %v, want an error", tt.in, got)
			assert.Equal(t, dossier.Number{}, got, "got a number with the error")
			assert.ErrorIs(t, err, dossier.ErrSyntax)
			var ne *dossier.NumberError
			require.ErrorAs(t, err, &ne)
			assert.Equal(t, tt.in, ne.Input, "got Input %q, want %q", ne.Input, tt.in)
			assert.Equal(t, tt.part, ne.Part, "got Part %q, want %q", ne.Part, tt.part)
			assert.Error(t, ne.Err, "NumberError.Err says what is wrong")
			assert.Contains(t, err.Error(), tt.part, "the message names the part")
		})
	}
}

func TestNumberString(t *testing.T) {
	tests := []struct {
		name string
		n    dossier.Number
		want string
	}{
		{"main", dossier.Number{Oper: "ADIE", Index: "100876-AHG-4U"}, "ADIE100876-AHG-4U"},
		{"version padded to three digits", dossier.Number{Version: 7, Oper: "FRAC", Index: "12"}, "007-FRAC12"},
		{"version 42", dossier.Number{Version: 42, Oper: "FRAC", Index: "12"}, "042-FRAC12"},
		{"version 999", dossier.Number{Version: 999, Oper: "FRAC", Index: "12"}, "999-FRAC12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.n.String())
		})
	}
}

func TestNumberParts(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		main        string
		sub5        string
		isSub       bool
		isHIST      bool
		wantVersion int
	}{
		{"main", "ADIE100876-AHG-4U", "ADIE100876-AHG-4U", "005-ADIE100876-AHG-4U", false, false, 0},
		{"sub-version", "001-ADIE100876-AHG-4U", "ADIE100876-AHG-4U", "005-ADIE100876-AHG-4U", true, false, 1},
		{"HIST", "HIST9", "HIST9", "005-HIST9", false, true, 0},
		{"HIST sub-version", "003-HIST9", "HIST9", "005-HIST9", true, true, 3},
		{"HIS7 is not HIST", "HIS79", "HIS79", "005-HIS79", false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := number(t, tt.in)
			assert.Equal(t, tt.main, n.Main().String(), "Main")
			assert.Equal(t, 0, n.Main().Version, "Main().Version")
			assert.Equal(t, tt.sub5, n.Sub(5).String(), "Sub(5)")
			assert.Equal(t, tt.isSub, n.IsSub(), "IsSub")
			assert.Equal(t, tt.isHIST, n.IsHIST(), "IsHIST")
			assert.Equal(t, tt.wantVersion, n.Version, "Version")
		})
	}
}

func TestNumberNext(t *testing.T) {
	tests := []struct {
		name    string
		n       string
		highest int
		want    string
	}{
		{"first sub-version", "ADIE1", 0, "001-ADIE1"},
		{"after 001", "ADIE1", 1, "002-ADIE1"},
		{"from a sub-version, the main's next", "003-ADIE1", 3, "004-ADIE1"},
		{"highest is what counts, not the number's version", "001-ADIE1", 41, "042-ADIE1"},
		{"the last one", "ADIE1", 998, "999-ADIE1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := number(t, tt.n).Next(tt.highest)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			assert.Equal(t, tt.highest+1, got.Version)
		})
	}
	for _, highest := range []int{dossier.MaxVersion, dossier.MaxVersion + 1} {
		t.Run("past 999", func(t *testing.T) {
			got, err := number(t, "ADIE1").Next(highest)
			require.Error(t, err, "Next(%d) = %v, want an error", highest, got)
			assert.Contains(t, err.Error(), "ADIE1")
			assert.Contains(t, err.Error(), "999")
		})
	}
}

// TestCompare: by main number (operator, then index), a main dossier before
// its sub-versions.
func TestCompare(t *testing.T) {
	want := []string{
		"0420A",
		"ADIE1",
		"001-ADIE1",
		"002-ADIE1",
		"010-ADIE1",
		"999-ADIE1",
		"ADIE1A",
		"001-ADIE1A",
		"ADIE2",
		"FRAC0",
		"001-FRAC0",
		"HIST1",
	}
	got := slices.Clone(want)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
	slices.SortFunc(got, func(a, b string) int { return dossier.Compare(number(t, a), number(t, b)) })
	assert.Equal(t, want, got)

	for i, a := range want {
		for j, b := range want {
			var sign int
			switch {
			case i < j:
				sign = -1
			case i > j:
				sign = 1
			}
			if c := dossier.Compare(number(t, a), number(t, b)); c != sign {
				t.Errorf("Compare(%s, %s): got %d, want %d", a, b, c, sign)
			}
		}
	}
}

// FuzzParseNumber: parse → format → parse gives the same number; errors are
// NumberErrors naming a part; and ParseNumber agrees with the matrice's
// DOSSIER type on every value, but "000-…" which the type accepts and
// ParseNumber refuses (sub-versions are numbered from 001).
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"ADIE100876-AHG-4U", "001-ADIE100876-AHG-4U", "999-FRAC7", "HIST0042", "1234-XY",
		"12-ADIE1", "000-ADIE1", "adie1", "ADI", "ADIE", "ADIE1 2", "ADIEé", "ADIE1/2",
		"", "001-", "000-", "0001-ADIE1", "001-001-ADIE1", " ADIE1 ", "\u00a0ADIE1", "-ADIE1",
	} {
		f.Add(s)
	}
	m := matrice.Default()
	key := m.Key()
	require.GreaterOrEqual(f, key, 0, "the default matrice has a DOSSIER field")
	require.Equal(f, "NumeroDossier", m.FieldName(key))
	f.Fuzz(func(t *testing.T, s string) {
		n, err := dossier.ParseNumber(s)
		if err == nil {
			if got := n.String(); got != s {
				t.Errorf("ParseNumber(%q).String() = %q, want the input", s, got)
			}
			again, err := dossier.ParseNumber(n.String())
			if err != nil || again != n {
				t.Errorf("ParseNumber(%q) = %#v, then ParseNumber(%q) = %#v, %v", s, n, n.String(), again, err)
			}
			if n.Version < 0 || n.Version > dossier.MaxVersion || len(n.Oper) != 4 || n.Index == "" {
				t.Errorf("ParseNumber(%q) = %#v", s, n)
			}
		} else {
			var ne *dossier.NumberError
			switch {
			case !errors.As(err, &ne):
				t.Errorf("ParseNumber(%q): got %T, want *NumberError", s, err)
			case !errors.Is(err, dossier.ErrSyntax):
				t.Errorf("ParseNumber(%q): %v does not wrap ErrSyntax", s, err)
			case ne.Input != s:
				t.Errorf("ParseNumber(%q): got Input %q", s, ne.Input)
			case ne.Part != dossier.PartVersion && ne.Part != dossier.PartOper && ne.Part != dossier.PartIndex:
				t.Errorf("ParseNumber(%q): got Part %q", s, ne.Part)
			}
		}

		// The matrice's DOSSIER type judges the trimmed value; an empty value
		// is always type-valid (obligations decide), so it says nothing.
		row := m.NewRow(matrice.RowOptions{})
		row.Reset()
		row.Set(key, []byte(s))
		row.CheckFields()
		checked := string(row.Value(key))
		if checked == "" {
			return
		}
		typeOK := !slices.ContainsFunc(row.Failures(), func(f matrice.Failure) bool {
			return f.Field == key && f.Check == matrice.CheckType
		})
		_, perr := dossier.ParseNumber(checked)
		want := perr == nil
		if rest, ok := strings.CutPrefix(checked, "000-"); ok {
			// The rest must be a main number: the type takes one version
			// (000-001-… is no number for either).
			if rn, err := dossier.ParseNumber(rest); err == nil && rn.Version == 0 {
				want = true // the one difference: the type accepts 000-
				var ne *dossier.NumberError
				if !errors.As(perr, &ne) || ne.Part != dossier.PartVersion {
					t.Errorf("ParseNumber(%q): got %v, want a VERSION error", checked, perr)
				}
			}
		}
		if typeOK != want {
			t.Errorf("value %q: matrice type valid %v, ParseNumber error %v", checked, typeOK, perr)
		}
	})
}

// TestNumberStringVersions: every sub-version formats as three digits and
// a dash before the operator code and index, and parses back.
func TestNumberStringVersions(t *testing.T) {
	for v := 1; v <= dossier.MaxVersion; v++ {
		n := dossier.Number{Version: v, Oper: "ADIE", Index: "100876-AHG-4U"}
		require.Equal(t, fmt.Sprintf("%03d-ADIE100876-AHG-4U", v), n.String())
		back, err := dossier.ParseNumber(n.String())
		require.NoError(t, err)
		require.Equal(t, n, back)
	}
	assert.Equal(t, "1000-ADIE1", dossier.Number{Version: 1000, Oper: "ADIE", Index: "1"}.String())
}
