package eleader

import (
	"context"
	"runtime"
	"sync/atomic"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// consolidation groups an import's accepted lines into requests and
// applies them, on a goroutine of its own: while it groups and merges, the
// import's own goroutine validates the next lines and checks their numbers
// against the store. Each accepted line is handed over as a copy of its
// values (lineValues), recycled once grouped. With one CPU it all happens
// on the caller's goroutine.
type consolidation struct {
	s      *Service
	ctx    context.Context
	reg    *overlay
	group  *dossier.Grouper
	budget int
	res    *ImportResult
	// updated counts the existing dossiers changed; err is the first
	// failure. Both belong to the goroutine until done is closed.
	updated int
	err     error

	failed atomic.Bool // err is set: the caller stops at once

	lines chan *lineValues // nil: consolidate on the caller's goroutine
	free  chan *lineValues
	done  chan struct{}
	ended bool
}

// consolidationQueue is how many accepted lines may wait to be grouped.
const consolidationQueue = 512

func startConsolidation(ctx context.Context, s *Service, reg *overlay, group *dossier.Grouper, budget int, res *ImportResult) *consolidation {
	c := &consolidation{s: s, ctx: ctx, reg: reg, group: group, budget: budget, res: res}
	if runtime.GOMAXPROCS(0) < 2 {
		return c
	}
	c.lines, c.free = make(chan *lineValues, consolidationQueue), make(chan *lineValues, consolidationQueue+2)
	c.done = make(chan struct{})
	go func() {
		defer close(c.done)
		for lv := range c.lines {
			if c.err == nil {
				if c.err = c.add(lv.line, lv); c.err != nil {
					c.failed.Store(true)
				}
			}
			select {
			case c.free <- lv:
			default:
			}
		}
		if c.err == nil {
			c.err = c.s.apply(c.ctx, c.reg, c.group.Requests(), &c.updated, c.res)
		}
	}()
	return c
}

// add groups one line and applies the oldest requests past the budget.
func (c *consolidation) add(line int, v dossier.Values) error {
	c.group.Add(line, v)
	if c.group.Bytes() > c.budget {
		return c.s.apply(c.ctx, c.reg, c.group.Oldest(), &c.updated, c.res)
	}
	return nil
}

// line takes an accepted line. Its error is an earlier failure to apply.
func (c *consolidation) line(l *importer.Line, fields int) error {
	if c.lines == nil {
		if c.err == nil {
			c.err = c.add(l.Number, l)
		}
		return c.err
	}
	if c.failed.Load() {
		_, err := c.finish()
		return err
	}
	var lv *lineValues
	select {
	case lv = <-c.free:
	default:
		lv = &lineValues{}
	}
	lv.copy(l, fields)
	c.lines <- lv
	return nil
}

// finish applies what is left and returns the first failure, with the
// count of existing dossiers changed.
func (c *consolidation) finish() (int, error) {
	if c.lines == nil {
		if c.err == nil {
			c.err = c.s.apply(c.ctx, c.reg, c.group.Requests(), &c.updated, c.res)
		}
		return c.updated, c.err
	}
	if !c.ended {
		c.ended = true
		close(c.lines)
	}
	<-c.done
	return c.updated, c.err
}

// stop ends the goroutine, whatever it had left to do (the import fails).
func (c *consolidation) stop() {
	if c.lines == nil || c.ended {
		return
	}
	c.ended = true
	close(c.lines)
	<-c.done
}

// lineValues is a copy of an accepted line's values, by field index, as
// dossier.Values.
type lineValues struct {
	line int
	buf  []byte
	end  []int32 // value i is buf[end[i-1]:end[i]]
}

func (lv *lineValues) copy(l *importer.Line, fields int) {
	lv.line, lv.buf = l.Number, lv.buf[:0]
	if cap(lv.end) < fields {
		lv.end = make([]int32, fields)
	}
	lv.end = lv.end[:fields]
	for i := range fields {
		lv.buf = append(lv.buf, l.Value(i)...)
		lv.end[i] = int32(len(lv.buf))
	}
}

// Value returns the value of field i.
func (lv *lineValues) Value(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = lv.end[i-1]
	}
	return lv.buf[start:lv.end[i]:lv.end[i]]
}
