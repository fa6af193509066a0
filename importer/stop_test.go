package importer

import (
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStop: a file stopped after its second line is judged on the lines
// read, and says it was truncated; Next then returns false; Stop after the
// end changes nothing.
func TestStop(t *testing.T) {
	bad := phase1().with("Nom", "")
	good2 := phase2()
	body := csvFile(defaultHeader(), phase1(), bad, good2, bad.with("NumeroDossier", "ADIE100877-X"))
	for _, tc := range []struct {
		name        string
		stopAfter   int
		mode        Mode
		wantStatus  Status
		wantLines   int
		wantRejects int
		truncated   bool
	}{
		{"partial so far", 2, ModePartial, StatusPartial, 2, 1, true},
		{"rejected so far", 1, ModePartial, StatusAccepted, 1, 0, true},
		{"complete mode", 2, ModeComplete, StatusRejected, 2, 1, true},
		{"at the end", 0, ModePartial, StatusPartial, 4, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := NewValidator(matrice.Default())
			v.Mode = tc.mode
			f := v.Open(okName, strings.NewReader(body))
			defer f.Close()
			n := 0
			for f.Next() {
				if n++; n == tc.stopAfter {
					f.Stop()
				}
			}
			require.NoError(t, f.Err())
			assert.Equal(t, tc.wantLines, n, "Next returns false after Stop")
			if !tc.truncated {
				f.Stop() // after the end: nothing happens
			}
			rep := f.Report()
			assert.Equal(t, tc.truncated, rep.Truncated)
			assert.Equal(t, tc.wantStatus, rep.Status)
			assert.Equal(t, tc.wantLines, rep.Lines)
			assert.Equal(t, tc.wantRejects, rep.Rejected)
			assert.Equal(t, rep.Lines-rep.Rejected > 0, rep.Dossiers > 0, "dossiers are counted on the lines read")
		})
	}
}
