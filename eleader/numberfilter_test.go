package eleader

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNumberFilter: a number added is always found; most others are not.
func TestNumberFilter(t *testing.T) {
	f := newNumberFilter()
	for i := range 200_000 {
		f.add(fmt.Sprintf("ADIE%07d", i))
	}
	for i := range 200_000 {
		if !f.has(fmt.Sprintf("ADIE%07d", i)) {
			t.Fatalf("ADIE%07d added, not found", i)
		}
	}
	positives := 0
	for i := range 100_000 {
		if f.has(fmt.Sprintf("FRAC%07d", i)) {
			positives++
		}
	}
	assert.Less(t, positives, 100, "false positives among 100,000 numbers never added")
}
