package importer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeatReader reads a header, then one line over and over, forever.
type repeatReader struct {
	head, line []byte
	off        int
	inHead     bool
}

func newRepeatReader(header []string, line fields) *repeatReader {
	head := csvFile(header)
	body := strings.TrimPrefix(csvFile(header, line), head)
	return &repeatReader{head: []byte(head), line: []byte(body), inHead: true}
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		src := r.line
		if r.inHead {
			src = r.head
		}
		c := copy(p[n:], src[r.off:])
		n += c
		if r.off += c; r.off == len(src) {
			r.off, r.inHead = 0, false
		}
	}
	return n, nil
}

// warmLines is how many lines the allocation tests read before counting:
// enough for every batch the pipeline keeps in flight to have been filled
// once, its rows allocated (they are reused afterwards).
const warmLines = 16 * maxBatchRecords

// TestValidLinesDoNotAllocate: once the file is open, reading and judging
// a valid line — the scanner, the compiled checks, the conflict check of a
// dossier already seen — allocates nothing.
func TestValidLinesDoNotAllocate(t *testing.T) {
	tests := []struct {
		name string
		line fields
	}{
		{"phase 1 with an appointment", phase1()},
		{"closing phase 2 with a financing", phase2()},
		{"quoted cells", phase1().with("Adresse", "Bât. B; 12 rue de la Paix", "IntituleProjet", "Épicerie \"bio\"\nen ligne")},
		{"long accented value", phase1().with("IntituleProjet", "Boulangerie-pâtisserie « Au Fournil de Léa »")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewValidator(nil).Open(okName, newRepeatReader(defaultHeader(), tt.line))
			defer f.Close()
			for range warmLines { // the first lines record the dossier, fill the batches
				require.True(t, f.Next(), "%v", f.Report().FileErrors)
				require.Empty(t, f.Line().Errors, "the line must be valid: %v", f.Line().Errors)
			}
			perLine := testing.AllocsPerRun(2000, func() {
				if !f.Next() || !f.Line().Accepted() {
					t.Fatal("a line was not read, or rejected")
				}
			})
			assert.Zero(t, perLine, "got %v allocations per line of %d cells, want 0", perLine, len(defaultHeader()))
		})
	}
}

// TestRejectedLinesAllocatePerError: a rejected line allocates for its
// errors only — the *LineError, its message, value and dossier strings,
// which the caller may keep (File.Next's contract) — never per cell.
func TestRejectedLinesAllocatePerError(t *testing.T) {
	tests := []struct {
		name   string
		line   fields
		errors int
	}{
		{"one type error", phase1().with("CodePostal", "75O11"), 1},
		{"three errors", phase1().with("CodePostal", "75O11", "Civilite", "Mme", "DateMaj", "20/11/2026"), 3},
	}
	const perError = 4 // LineError, Message, Value, Dossier
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewValidator(nil).Open(okName, newRepeatReader(defaultHeader(), tt.line))
			defer f.Close()
			for range warmLines {
				require.True(t, f.Next())
				require.Len(t, f.Line().Errors, tt.errors)
			}
			perLine := testing.AllocsPerRun(2000, func() {
				if !f.Next() || f.Line().Accepted() {
					t.Fatal("a line was not read, or accepted")
				}
			})
			t.Logf("%v allocations per rejected line of %d errors", perLine, tt.errors)
			assert.LessOrEqual(t, perLine, float64(perError*tt.errors), "allocations per rejected line")
		})
	}
}
