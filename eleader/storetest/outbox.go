package storetest

import (
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testOutbox: a stored report is pending and due at once; a failed attempt
// pushes it to its next attempt; a sent one leaves the queue; a failed one
// stays listed; Requeue brings a report back, due.
func testOutbox(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	t0 := runStart
	a := report("adie", "20261116-adie.csv", t0, true)
	b := report("adie", "20261117-adie.csv", t0.Add(time.Hour), false)
	addReports(t, s, a, b)

	due, err := s.DueReports(ctx, t0.Add(2*time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, due, 2, "new reports are due at once")
	assert.Equal(t, []int64{a.ID, b.ID}, []int64{due[0].ID, due[1].ID}, "oldest first")
	assert.Equal(t, eleader.ReportPending, due[0].State)
	assert.Equal(t, int64(len(rejectsText(a))), due[0].RejectsBytes)
	assert.Equal(t, rejectsText(a), readPart(t, s, due[0].ID, eleader.RejectsPartCSV))
	due, err = s.DueReports(ctx, t0.Add(2*time.Hour), 1)
	require.NoError(t, err)
	assert.Len(t, due, 1, "limit")

	next := t0.Add(3 * time.Hour)
	require.NoError(t, s.MarkAttempt(ctx, a.ID, 1, next, eleader.ReportPending, "connection refused"))
	due, err = s.DueReports(ctx, t0.Add(2*time.Hour), 10)
	require.NoError(t, err)
	assert.Equal(t, []int64{b.ID}, ids(due), "a report waits for its next attempt")
	got, err := s.Report(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Attempts)
	assert.True(t, next.Equal(got.NextAttempt))
	assert.Equal(t, "connection refused", got.LastError)
	due, err = s.DueReports(ctx, next, 10)
	require.NoError(t, err)
	assert.Equal(t, []int64{a.ID, b.ID}, ids(due), "due again at its next attempt")

	sentAt := t0.Add(4 * time.Hour)
	require.NoError(t, s.MarkSent(ctx, a.ID, "<rapport-1.adie@x>", sentAt))
	got, err = s.Report(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, eleader.ReportSent, got.State)
	assert.Equal(t, "<rapport-1.adie@x>", got.MessageID)
	assert.True(t, sentAt.Equal(got.Sent))
	assert.Empty(t, got.LastError)

	require.NoError(t, s.MarkAttempt(ctx, b.ID, 9, t0.Add(time.Hour), eleader.ReportFailed, "auth refused"))
	due, err = s.DueReports(ctx, t0.Add(100*time.Hour), 10)
	require.NoError(t, err)
	assert.Empty(t, due, "neither a sent nor a failed report is due")
	all, err := s.Reports(ctx, "adie", 10)
	require.NoError(t, err)
	assert.Len(t, all, 2, "a failed report stays visible")

	require.NoError(t, s.Requeue(ctx, b.ID, t0.Add(5*time.Hour)))
	due, err = s.DueReports(ctx, t0.Add(5*time.Hour), 10)
	require.NoError(t, err)
	assert.Equal(t, []int64{b.ID}, ids(due), "requeued")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(s.Requeue(ctx, 9999, t0)))
	_, err = s.Report(ctx, 9999)
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err))
}

func ids(rs []eleader.Report) []int64 {
	out := []int64{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}
