package dossier

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Registry is what the number checks need from the consolidated store.
// Within an import it sees the dossiers created by earlier lines of the file.
type Registry interface {
	// Owner returns the partner that created dossier number, and whether it
	// exists.
	Owner(ctx context.Context, number string) (owner string, found bool, err error)
	// Versions returns the highest sub-version of the main dossier main (0
	// when it has none), and whether the main dossier exists.
	Versions(ctx context.Context, main string) (highest int, mainExists bool, err error)
	// Create registers a new dossier with its (empty) view.
	Create(ctx context.Context, v *View) error
}

// BulkRegistry is a Registry that also looks numbers up in bulk: a
// NumberChecker asks it about the numbers of a whole batch of lines at once
// (PrepareLines), a store answering many numbers faster than one by one.
type BulkRegistry interface {
	Registry
	// Owners returns the owner of each of numbers that exists.
	Owners(ctx context.Context, numbers []string) (map[string]string, error)
}

// NumberChecker checks each line's dossier number against the consolidated
// store (spec §4), as an importer.LineChecker:
//   - a new main number's operator code is one of the partner's; a HIST
//     number is never created;
//   - a new sub-version is on phase 2, its main dossier exists (in the
//     store, or created by an earlier line of the file) and it is the
//     highest existing + 1;
//   - a sub-version is updated only by the partner that created it.
//
// An accepted line with a new number creates the dossier in the registry.
// A NumberChecker serves one file.
type NumberChecker struct {
	ctx       context.Context
	reg       Registry
	partner   string
	operators []string
	src       Source
	key       int
	phase     int
	dateMaj   int
	cache     map[string]string // number → owner, for numbers known to exist
	// absent holds the numbers PrepareLines asked about that the registry
	// did not say exist, each with its index in batch: absent unless
	// prefetch has not answered it yet.
	absent   map[string]int32
	batch    []string  // the numbers PrepareLines asks about
	prefetch *prefetch // PrepareLines' lookups still running, or nil
	// create is the new number of the line being checked, createText its
	// text ("": the line creates nothing).
	create     Number
	createText string
	created    int

	// History, when set, lets the file create HIST dossiers: E#L's own
	// import of history, never a partner's file.
	History bool
	// Prefetch, when set, makes PrepareLines return at once: a goroutine
	// asks the BulkRegistry about the lines' numbers, 32 at a time in the
	// lines' order, while the lines are checked; a check waits only for
	// the answer about its own number (and gets the lookup's error, if
	// any). The registry's Owners must then be safe to call while its other
	// methods are called; Close waits for the goroutine. Default false:
	// PrepareLines asks and waits.
	Prefetch bool
}

// prefetch is the lookup of one PrepareLines' numbers on a goroutine.
type prefetch struct {
	answers  chan prefetched // one per chunk, in order; closed when done
	resolved int             // batch[:resolved] are answered and learnt
	stop     atomic.Bool
}

// prefetched is the answer about batch[:end]'s last chunk.
type prefetched struct {
	end    int
	owners map[string]string
	err    error
}

// prefetchChunk is how many numbers the prefetch goroutine asks about at
// once: the first lines wait for the first chunk only.
const prefetchChunk = 32

// errCheckerClosed is what a check waiting for the prefetch after Close gets.
var errCheckerClosed = errors.New("number checker closed")

const checkerCache = 4096

// NewNumberChecker returns the checker of one file of partner, whose
// operator codes are operators.
func NewNumberChecker(ctx context.Context, l *Layout, reg Registry, src Source, operators []string) *NumberChecker {
	c := &NumberChecker{ctx: ctx, reg: reg, partner: src.Partner, operators: operators, src: src, key: l.key, phase: -1, dateMaj: l.dateMaj, cache: map[string]string{}}
	if i, ok := l.m.Lookup(matrice.FieldPhase); ok {
		c.phase = i
	}
	return c
}

// PrepareLines looks up at once, when the registry is a BulkRegistry, the
// numbers of a batch of lines about to be checked (importer.LinePreparer),
// so that CheckLine does not ask about them one by one.
func (c *NumberChecker) PrepareLines(rows []*matrice.Row) error {
	bulk, ok := c.reg.(BulkRegistry)
	if !ok || c.key < 0 {
		return nil
	}
	if err := c.endPrefetch(false); err != nil {
		return err
	}
	clear(c.absent)
	numbers := c.batch[:0]
	for _, row := range rows {
		v := row.Value(c.key)
		if len(v) == 0 || row.Failed(c.key) {
			continue
		}
		if _, ok := c.cache[string(v)]; ok {
			continue
		}
		if _, ok := c.absent[string(v)]; ok {
			continue // twice in the batch
		}
		if c.absent == nil {
			c.absent = map[string]int32{}
		}
		n := string(v)
		c.absent[n] = int32(len(numbers)) // until found
		numbers = append(numbers, n)
	}
	c.batch = numbers
	if len(numbers) == 0 {
		return nil
	}
	if !c.Prefetch || len(numbers) <= prefetchChunk {
		owners, err := bulk.Owners(c.ctx, numbers)
		if err != nil {
			return err
		}
		c.learn(owners)
		return nil
	}
	p := &prefetch{answers: make(chan prefetched, (len(numbers)+prefetchChunk-1)/prefetchChunk)}
	c.prefetch = p
	go func() {
		defer close(p.answers)
		for start := 0; start < len(numbers) && !p.stop.Load(); start += prefetchChunk {
			end := min(start+prefetchChunk, len(numbers))
			owners, err := bulk.Owners(c.ctx, numbers[start:end])
			p.answers <- prefetched{end: end, owners: owners, err: err}
			if err != nil {
				return
			}
		}
	}()
	return nil
}

// learn records the owners a registry told.
func (c *NumberChecker) learn(owners map[string]string) {
	if len(c.cache)+len(owners) > checkerCache {
		clear(c.cache)
	}
	for n, owner := range owners {
		delete(c.absent, n)
		c.cache[n] = owner
	}
}

// await learns the prefetch's answers until batch[i]'s.
func (c *NumberChecker) await(i int) error {
	p := c.prefetch
	for p != nil && p.resolved <= i {
		a, ok := <-p.answers
		if !ok {
			c.prefetch = nil
			clear(c.absent) // unanswered: the registry tells
			return errCheckerClosed
		}
		if a.err != nil {
			c.prefetch = nil
			clear(c.absent)
			p.stop.Store(true)
			for range p.answers { // the goroutine has ended
			}
			return a.err
		}
		c.learn(a.owners)
		p.resolved = a.end
	}
	return nil
}

// endPrefetch waits for the prefetch goroutine, learning its answers
// (unless stop: it is told to stop, its answers dropped), and returns the
// first error it had.
func (c *NumberChecker) endPrefetch(stop bool) error {
	p := c.prefetch
	if p == nil {
		return nil
	}
	c.prefetch = nil
	var err error
	if stop {
		p.stop.Store(true)
	}
	for a := range p.answers {
		switch {
		case err != nil || stop:
		case a.err != nil:
			err = a.err
		default:
			c.learn(a.owners)
		}
	}
	return err
}

// Close waits for the lookups Prefetch runs, if any: a caller that ends
// the registry's transaction calls it first. The checker checks no more
// lines after.
func (c *NumberChecker) Close() {
	c.endPrefetch(true)
	c.absent = nil
}

// CheckLine checks the line's number, unless it already has an error.
func (c *NumberChecker) CheckLine(line int, row *matrice.Row) error {
	c.createText = ""
	if c.key < 0 || row.Failed(c.key) || len(row.Value(c.key)) == 0 {
		return nil
	}
	text := string(row.Value(c.key))
	fail := func(check matrice.Check, format string, a ...any) error {
		row.Fail(c.key, check, fmt.Sprintf(format, a...))
		return nil
	}
	n, perr := ParseNumber(text)
	if perr != nil {
		// Only "000-…" gets here (the type check passed): a sub-version
		// number nobody can take.
		main, err := mainOf(text)
		if err != nil {
			return fail(matrice.CheckType, "type is 'DOSSIER'")
		}
		return c.checkNewSub(row, main.Sub(0), fail)
	}
	owner, found, err := c.owner(text)
	if err != nil {
		return err
	}
	switch {
	case found && n.IsSub() && owner != c.partner:
		return fail(matrice.CheckSubversionOwner, "is a sub-version of the sending partner (it belongs to '%s')", owner)
	case found:
		return nil
	case n.IsHIST() && !n.IsSub() && c.History:
		c.create, c.createText = n, text
		return nil
	case n.IsHIST() && !n.IsSub():
		return fail(matrice.CheckHIST, "is an existing HIST dossier (HIST numbers are never created)")
	case !n.IsSub() && !slices.Contains(c.operators, n.Oper):
		return fail(matrice.CheckOperator, "operator code is one of %s", quoteList(c.operators))
	case !n.IsSub():
		c.create, c.createText = n, text
		return nil
	}
	return c.checkNewSub(row, n, fail)
}

// checkNewSub checks a sub-version that does not exist yet.
func (c *NumberChecker) checkNewSub(row *matrice.Row, n Number, fail func(matrice.Check, string, ...any) error) error {
	if c.phase >= 0 && string(row.Value(c.phase)) != "2" {
		return fail(matrice.CheckSubversionPhase, "is created on phase 2")
	}
	highest, mainExists, err := c.reg.Versions(c.ctx, n.Main().String())
	if err != nil {
		return err
	}
	if !mainExists {
		return fail(matrice.CheckSubversionMain, "has its main dossier '%s'", n.Main())
	}
	if n.Version != highest+1 {
		next, err := n.Next(highest)
		if err != nil {
			return fail(matrice.CheckSubversionNext, "is a free sub-version (%v)", err)
		}
		return fail(matrice.CheckSubversionNext, "is the next sub-version '%s'", next)
	}
	c.create, c.createText = n, n.String()
	return nil
}

// LineAccepted creates the dossier of an accepted line with a new number.
func (c *NumberChecker) LineAccepted(line int, row *matrice.Row) error {
	if c.createText == "" {
		return nil
	}
	n, text := c.create, c.createText
	c.createText = ""
	prov := Provenance{Source: c.src, Line: line}
	if c.dateMaj >= 0 {
		prov.Date, _ = matrice.ParseDate(row.Value(c.dateMaj))
	}
	if err := c.reg.Create(c.ctx, NewView(n, c.partner, prov)); err != nil {
		return err
	}
	c.created++
	c.remember(text, c.partner)
	return nil
}

// Created returns the number of dossiers the file created.
func (c *NumberChecker) Created() int { return c.created }

// owner looks a number up, through a small cache of existing numbers and
// what PrepareLines learnt.
func (c *NumberChecker) owner(number string) (string, bool, error) {
	if o, ok := c.cache[number]; ok {
		return o, true, nil
	}
	if i, ok := c.absent[number]; ok {
		if c.prefetch == nil || int(i) < c.prefetch.resolved {
			return "", false, nil
		}
		if err := c.await(int(i)); err != nil {
			return "", false, err
		}
		if o, ok := c.cache[number]; ok {
			return o, true, nil
		}
		if _, ok := c.absent[number]; ok {
			return "", false, nil
		}
	}
	o, found, err := c.reg.Owner(c.ctx, number)
	if err == nil && found {
		c.remember(number, o)
	}
	return o, found, err
}

// remember records that number exists. The number may have been learnt
// absent by PrepareLines (a dossier the batch creates): it is no longer,
// even once the cache is emptied.
func (c *NumberChecker) remember(number, owner string) {
	if len(c.cache) >= checkerCache {
		clear(c.cache)
	}
	c.cache[number] = owner
	delete(c.absent, number)
}

// mainOf parses the main number of "NNN-…" text whose version does not parse.
func mainOf(text string) (Number, error) {
	if len(text) < 4 || text[3] != '-' {
		return Number{}, &NumberError{Input: text, Err: ErrSyntax}
	}
	return ParseNumber(text[4:])
}

func quoteList(list []string) string {
	if len(list) == 0 {
		return "'' (the partner has none)"
	}
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = "'" + s + "'"
	}
	return strings.Join(q, ", ")
}
