package eleader_test

import (
	"context"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func paris(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	require.NoError(tb, err)
	return loc
}

func TestSchedulerNextAndLast(t *testing.T) {
	loc := paris(t)
	sc := &eleader.Scheduler{Hour: 2, Minute: 30, Location: loc}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		require.NoError(t, err)
		return tm
	}
	tests := []struct {
		name, now, next, last string
	}{
		{"before the time", "2026-11-16 01:00", "2026-11-16 02:30", "2026-11-15 02:30"},
		{"at the time", "2026-11-16 02:30", "2026-11-17 02:30", "2026-11-16 02:30"},
		{"after the time", "2026-11-16 10:00", "2026-11-17 02:30", "2026-11-16 02:30"},
		{"end of month", "2026-11-30 23:00", "2026-12-01 02:30", "2026-11-30 02:30"},
		{"the night summer time starts", "2026-03-28 23:00", "2026-03-29 03:30", "2026-03-28 02:30"},
		{"the night summer time ends", "2026-10-25 00:30", "2026-10-25 02:30", "2026-10-24 02:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, at(tt.next).UTC(), sc.Next(at(tt.now)).UTC())
			assert.Equal(t, at(tt.last).UTC(), sc.Last(at(tt.now)).UTC())
		})
	}
	// From a UTC time: 01:00 UTC on 16/11 is 02:00 in Paris.
	assert.Equal(t, at("2026-11-16 02:30").UTC(), sc.Next(time.Date(2026, 11, 16, 1, 0, 0, 0, time.UTC)).UTC())
}

func TestNewSchedulerDefaultsToParis(t *testing.T) {
	sc, err := eleader.NewScheduler(&eleader.Service{}, 2, 0)
	require.NoError(t, err)
	assert.Equal(t, "Europe/Paris", sc.Location.String())
	for _, bad := range [][2]int{{24, 0}, {-1, 0}, {2, 60}} {
		_, err := eleader.NewScheduler(&eleader.Service{}, bad[0], bad[1])
		assert.Equal(t, eleader.EINVALID, eleader.ErrorCode(err), "%v", bad)
	}
}

func TestSchedulerRunsMissedRunAtStartupThenDaily(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", csvFile(dossierLine("ADIE000001", nil)))
	loc := paris(t)
	// The service was down at today's 02:00; it starts at 09:00.
	now := time.Date(2026, 11, 16, 9, 0, 0, 0, loc)
	e.svc.Now = func() time.Time { return now } // one clock for the service and the scheduler
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waits := make(chan time.Duration, 10)
	fire := make(chan time.Time)
	var runs []*eleader.RunRecord
	sc := &eleader.Scheduler{
		Service: e.svc, Hour: 2, Location: loc,
		Now:   func() time.Time { return now },
		After: func(d time.Duration) <-chan time.Time { waits <- d; return fire },
		OnRun: func(r *eleader.RunRecord, err error) {
			assert.NoError(t, err)
			runs = append(runs, r)
		},
	}
	missed, err := sc.Missed(ctx)
	require.NoError(t, err)
	assert.True(t, missed)

	done := make(chan error)
	go func() { done <- sc.Run(ctx) }()
	d := <-waits // the start-up run is over, the scheduler waits for 02:00 tomorrow
	require.Len(t, runs, 1)
	assert.Equal(t, "startup", runs[0].Trigger)
	assert.Equal(t, 1, runs[0].Imported)
	assert.Equal(t, 17*time.Hour, d, "from 09:00 to 02:00 the next day")

	now = time.Date(2026, 11, 17, 2, 0, 0, 0, loc)
	fire <- now
	<-waits
	require.Len(t, runs, 2)
	assert.Equal(t, "schedule", runs[1].Trigger)

	missed, err = sc.Missed(ctx)
	require.NoError(t, err)
	assert.False(t, missed, "today's run happened")
	cancel()
	require.NoError(t, <-done)
}

func TestSchedulerNoMissedRun(t *testing.T) {
	e := newRunEnv(t)
	loc := paris(t)
	ctx := context.Background()
	// A run at 02:00 today; the service restarts at 10:00.
	rec := &eleader.RunRecord{Trigger: "schedule", Started: time.Date(2026, 11, 16, 2, 0, 5, 0, loc)}
	require.NoError(t, e.store.StartRun(ctx, rec))
	sc := &eleader.Scheduler{Service: e.svc, Hour: 2, Location: loc, Now: func() time.Time { return time.Date(2026, 11, 16, 10, 0, 0, 0, loc) }}
	missed, err := sc.Missed(ctx)
	require.NoError(t, err)
	assert.False(t, missed)
	// A manual run does not stand for the daily run.
	sc.Now = func() time.Time { return time.Date(2026, 11, 17, 10, 0, 0, 0, loc) }
	require.NoError(t, e.store.StartRun(ctx, &eleader.RunRecord{Trigger: "manual", Started: time.Date(2026, 11, 17, 3, 0, 0, 0, loc)}))
	missed, err = sc.Missed(ctx)
	require.NoError(t, err)
	assert.True(t, missed)
}
