package eleader

import (
	"context"
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Paris, also on systems without a zone database
)

// DefaultZone is the time zone of the daily run.
const DefaultZone = "Europe/Paris"

// Scheduler starts the daily import run at a time of day, and at start-up
// the run missed while the service was down.
type Scheduler struct {
	// Service runs the imports.
	Service *Service
	// Hour and Minute are the time of day of the daily run (NewScheduler
	// sets them; the zero value means midnight).
	Hour, Minute int
	// Location is the time zone of Hour and Minute. Nil means Europe/Paris.
	Location *time.Location
	// Now gives the time. Nil means time.Now.
	Now func() time.Time
	// After waits. Nil means time.After.
	After func(time.Duration) <-chan time.Time
	// OnRun, if set, sees each run's record (or error).
	OnRun func(*RunRecord, error)
	// Each makes the runs import every deposit, oldest first (see
	// RunOptions.Each), as a service importing uploads at once does.
	Each bool
}

// NewScheduler returns a scheduler of the daily run at hour:minute, Paris time.
func NewScheduler(s *Service, hour, minute int) (*Scheduler, error) {
	if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return nil, Errorf(EINVALID, "%02d:%02d is not a time of day", hour, minute)
	}
	loc, err := time.LoadLocation(DefaultZone)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return &Scheduler{Service: s, Hour: hour, Minute: minute, Location: loc}, nil
}

func (sc *Scheduler) now() time.Time {
	if sc.Now == nil {
		return time.Now()
	}
	return sc.Now()
}

func (sc *Scheduler) loc() *time.Location {
	if sc.Location == nil {
		loc, err := time.LoadLocation(DefaultZone)
		if err != nil {
			return time.UTC
		}
		return loc
	}
	return sc.Location
}

// slot returns the daily run's time on the day of t (in the scheduler's zone).
func (sc *Scheduler) slot(t time.Time) time.Time {
	t = t.In(sc.loc())
	return time.Date(t.Year(), t.Month(), t.Day(), sc.Hour, sc.Minute, 0, 0, sc.loc())
}

// Last returns the latest daily run time at or before t.
func (sc *Scheduler) Last(t time.Time) time.Time {
	s := sc.slot(t)
	if s.After(t) {
		s = sc.slot(t.In(sc.loc()).AddDate(0, 0, -1))
	}
	return s
}

// Next returns the first daily run time after t. Days of 23 or 25 hours
// (daylight saving changes) keep the time of day.
func (sc *Scheduler) Next(t time.Time) time.Time {
	s := sc.slot(t)
	if !s.After(t) {
		s = sc.slot(time.Date(t.In(sc.loc()).Year(), t.In(sc.loc()).Month(), t.In(sc.loc()).Day()+1, 12, 0, 0, 0, sc.loc()))
	}
	return s
}

// Missed reports whether the latest daily run time has passed without a
// scheduled (or start-up) run since.
func (sc *Scheduler) Missed(ctx context.Context) (bool, error) {
	last := sc.Last(sc.now())
	for _, trigger := range []string{"schedule", "startup"} {
		runs, err := sc.Service.Store.Runs(ctx, trigger, 1)
		if err != nil {
			return false, err
		}
		if len(runs) > 0 && !runs[0].Started.Before(last) {
			return false, nil
		}
	}
	return true, nil
}

// Run runs until ctx ends: first, the run missed while the service was down
// (if any), then one run a day at the scheduled time.
func (sc *Scheduler) Run(ctx context.Context) error {
	missed, err := sc.Missed(ctx)
	if err != nil {
		return err
	}
	if missed {
		sc.run(ctx, "startup")
	}
	after := sc.After
	if after == nil {
		after = time.After
	}
	for {
		next := sc.Next(sc.now())
		sc.Service.logger().Info("next run", "at", next.Format(time.RFC3339))
		select {
		case <-ctx.Done():
			return nil
		case <-after(next.Sub(sc.now())):
		}
		sc.run(ctx, "schedule")
	}
}

func (sc *Scheduler) run(ctx context.Context, trigger string) {
	rec, _, err := sc.Service.Run(ctx, RunOptions{Trigger: trigger, Each: sc.Each})
	if err != nil {
		sc.Service.logger().Error("run failed", "trigger", trigger, "error", err)
	}
	if sc.OnRun != nil {
		sc.OnRun(rec, err)
	}
}

// Purge applies the retention period: history files kept before cutoff
// and files set aside in refuses/ before cutoff are deleted, with the
// leftovers of processes that died mid-write, each with a FileEvent
// (EventPurged, EventLeftover) in the ledger first; old reports lose their
// rejected lines and examples (they hold personal data); their counts
// stay. files are the deleted files, as partner/dir/name.
func (s *Service) Purge(ctx context.Context, cutoff time.Time) (files []string, reports int, err error) {
	if s.Deposits != nil {
		err = s.Deposits.Purge(ctx, cutoff, func(r FileRemoval) error {
			e := &FileEvent{Partner: r.Partner, Name: r.Name, Dir: r.Dir, Size: r.Size, Action: EventPurged}
			if r.Leftover {
				e.Action = EventLeftover
			}
			if err := s.recordEvent(ctx, e); err != nil {
				return err
			}
			files = append(files, r.Partner+"/"+r.Dir+"/"+e.Name)
			return nil
		})
		if err != nil {
			return files, 0, err
		}
	}
	reports, err = s.Store.PurgeReports(ctx, cutoff, s.now())
	s.logger().Info("purge", "before", cutoff.Format(time.DateOnly), "files", len(files), "reports", reports)
	return files, reports, err
}
