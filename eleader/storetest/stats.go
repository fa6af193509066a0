package storetest

import (
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testReportStats: the counts by state follow the outbox, and the oldest
// pending report is the oldest created among those still pending.
func testReportStats(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	st, err := s.ReportStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, eleader.ReportStats{}, st, "an empty store")

	t0 := runStart
	a := report("adie", "20261116-adie.csv", t0, false)
	b := report("adie", "20261117-adie.csv", t0.Add(time.Hour), false)
	c := report("bge", "20261117-bge.csv", t0.Add(2*time.Hour), false)
	d := report("bge", "20261118-bge.csv", t0.Add(3*time.Hour), false)
	addReports(t, s, a, b, c, d)
	st, err = s.ReportStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, st.Pending)
	assert.True(t, t0.Equal(st.OldestPending), "oldest pending %s, want %s", st.OldestPending, t0)

	require.NoError(t, s.MarkSent(ctx, a.ID, "<a@x>", t0.Add(4*time.Hour)))
	require.NoError(t, s.MarkAttempt(ctx, b.ID, 9, t0.Add(5*time.Hour), eleader.ReportFailed, "auth refused"))
	require.NoError(t, s.MarkAttempt(ctx, c.ID, 1, t0.Add(5*time.Hour), eleader.ReportPending, "connection refused"))
	st, err = s.ReportStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, st.Pending, "c waits for its next attempt, d is due")
	assert.Equal(t, 1, st.Sent)
	assert.Equal(t, 1, st.Failed)
	assert.True(t, c.Created.Equal(st.OldestPending), "oldest pending %s, want c's %s", st.OldestPending, c.Created)

	require.NoError(t, s.MarkSent(ctx, c.ID, "<c@x>", t0.Add(6*time.Hour)))
	require.NoError(t, s.MarkSent(ctx, d.ID, "<d@x>", t0.Add(6*time.Hour)))
	st, err = s.ReportStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, eleader.ReportStats{Sent: 3, Failed: 1}, st, "nothing pending: no oldest")
}
