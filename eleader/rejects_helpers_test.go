package eleader_test

import (
	"compress/flate"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/require"
)

// storedRejects reads a report's rejects file whole, as the service
// serves it ("" for a report without).
func storedRejects(tb testing.TB, svc *eleader.Service, r *eleader.Report) string {
	tb.Helper()
	if r.RejectsBytes == 0 {
		return ""
	}
	rc, err := svc.OpenRejects(tb.Context(), r)
	require.NoError(tb, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(tb, err)
	require.Equal(tb, r.RejectsBytes, int64(len(b)), "the report's RejectsBytes")
	return string(b)
}

// storedLines reads the lines of a report's rejected records, as the
// store keeps them (RejectsPartLines, deflated).
func storedLines(tb testing.TB, store eleader.Store, r *eleader.Report) []int {
	tb.Helper()
	rc, err := store.Rejects(tb.Context(), r.ID, eleader.RejectsPartLines)
	require.NoError(tb, err)
	defer rc.Close()
	b, err := io.ReadAll(flate.NewReader(rc))
	require.NoError(tb, err)
	var out []int
	for f := range strings.SplitSeq(strings.TrimSuffix(string(b), "\n"), "\n") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		require.NoError(tb, err, "a line number: %q", f)
		out = append(out, n)
	}
	return out
}
