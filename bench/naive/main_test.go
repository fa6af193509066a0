package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// TestLineFollowsTheMatrice: Line has a column for each field of the
// default matrice, and its oneof lists are the matrice's Valeurs, so that
// the peer checks the same file as eleader.
func TestLineFollowsTheMatrice(t *testing.T) {
	m := matrice.Default()
	typ := reflect.TypeFor[Line]()
	require.Equal(t, m.Len(), typ.NumField(), "one struct field per matrice field")
	for i := range m.Len() {
		f := m.Field(i)
		sf := typ.Field(i)
		assert.Equal(t, f.Name, sf.Tag.Get("csv"), "field %d", i)
		rules := sf.Tag.Get("validate")
		if f.Import == matrice.Required {
			assert.True(t, strings.HasPrefix(rules, "required,"), "%s is required", f.Name)
		}
		for rule := range strings.SplitSeq(rules, ",") {
			if values, ok := strings.CutPrefix(rule, "oneof="); ok {
				want := f.Values
				if f.Type == matrice.BOOL {
					want = []string{"OUI", "NON"}
				}
				assert.Equal(t, want, strings.Fields(values), "%s: oneof", f.Name)
			}
		}
		if f.Type == matrice.ENUM || f.Type == matrice.BOOL {
			assert.Contains(t, rules, "oneof=", "%s", f.Name)
		}
	}
}

func TestCheckAGeneratedFile(t *testing.T) {
	g := gen.New()
	g.Lines, g.Faults = 2000, 0.05
	path := filepath.Join(t.TempDir(), g.FileName())
	st, err := g.WriteFile(path)
	require.NoError(t, err)

	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{path}, &out, &errOut), errOut.String())
	var res result
	require.NoError(t, json.Unmarshal(out.Bytes(), &res))
	assert.Equal(t, 2000, res.Lines)
	// The tags catch some of the faults only (see the package doc), and
	// valid amounts with a decimal comma fail numeric.
	t.Logf("naive: %d of %d faulty lines rejected", res.Rejected, st.Faulty)
	assert.Positive(t, res.Rejected)
	assert.Less(t, res.Rejected, 2000/4)
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(nil, &out, &errOut))
	assert.Equal(t, 1, run([]string{filepath.Join(t.TempDir(), "missing.csv")}, &out, &errOut))
	assert.True(t, slices.Contains(strings.Fields(errOut.String()), "naive:"))
}
