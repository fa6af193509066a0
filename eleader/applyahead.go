package eleader

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/entrepreneur-leader/eleader-go/dossier"
)

// hasher computes the hashes (dossier.Request.Hash) of the requests apply
// is about to merge on two goroutines: apply's own, in order as it reaches
// each request, and a helper that starts from the last request and works
// backwards. Whichever claims a request first hashes it; they meet in the
// middle. A first import thus hashes beside its writes, and a re-import,
// where the hash is most of the work, on both CPUs.
type hasher struct {
	reqs    []*dossier.Request
	state   []atomic.Int32 // hashFree, hashBusy, hashDone
	stopped atomic.Bool
}

const (
	hashFree = iota
	hashBusy
	hashDone
)

// minHashAhead is the fewest requests worth a helper goroutine.
const minHashAhead = 32

// startHasher starts the helper, when there are enough requests and CPUs.
func startHasher(reqs []*dossier.Request) *hasher {
	h := &hasher{reqs: reqs, state: make([]atomic.Int32, len(reqs))}
	if len(reqs) < minHashAhead || runtime.GOMAXPROCS(0) < 2 {
		return h
	}
	go func() {
		for i := len(reqs) - 1; i >= 0 && !h.stopped.Load(); i-- {
			if !h.state[i].CompareAndSwap(hashFree, hashBusy) {
				return // apply got here first: the rest is hashed
			}
			reqs[i].Hash()
			h.state[i].Store(hashDone)
		}
	}()
	return h
}

// ready returns once the hash of request i is computed: by the caller now,
// unless the helper claimed it.
func (h *hasher) ready(i int) {
	if h.state[i].CompareAndSwap(hashFree, hashBusy) {
		h.reqs[i].Hash()
		h.state[i].Store(hashDone)
		return
	}
	for h.state[i].Load() != hashDone {
		runtime.Gosched() // the helper is hashing it: one hash, a few microseconds
	}
}

// stop tells the helper to stop (apply failed and returns).
func (h *hasher) stop() { h.stopped.Store(true) }

// writer writes the views an import creates and changes, on a goroutine
// of its own, while the import goes on validating, grouping and merging:
// it encodes each view (View.MarshalStorage, search keys) and writes them
// in batches of writeBatch (ImportTx.CreateViews and SaveViews), which a
// store writes faster than one by one (SQLite: multi-row INSERTs;
// PostgreSQL: COPY). One writer serves the whole import; Import waits for
// it before it records the import and commits.
//
// Views handed to the writer are in flight until written: the owner and
// Applied of each are known (flying), so that the number checks and apply
// never need to read one back from the store meanwhile; when they must read
// the store about it (its view, the sub-versions of its main dossier),
// they drain the writer first.
//
// An ImportTx need not be safe for concurrent use (a pgx transaction is
// not): the writer's calls and everyone else's (serial) hold mu. With one
// CPU, the caller's goroutine encodes and writes.
type writer struct {
	mu   sync.Mutex
	ctx  context.Context
	tx   ImportTx
	jobs chan writeJob // nil: write on the caller's goroutine
	done chan struct{}
	err  error // the first failure of a write; the goroutine's is read after done
	// the batches being filled, by the goroutine (or the caller); each
	// view's number and main number are its EncodedView's
	creates, saves []EncodedView

	flyMu  sync.Mutex
	flying map[string]StoredDossier // number → what its view in flight holds
	mains  map[string]int           // main number → dossiers of it created in flight
	failed error                    // the goroutine's error, for the caller
	ended  bool
}

// writeJob is a view to create or save, or (drained not nil) a request to
// write what was queued before it and close drained.
type writeJob struct {
	view    *dossier.View
	nums    numbers
	create  bool
	drained chan struct{}
}

// numbers are a dossier's number and main number as text.
type numbers struct {
	number, main string
}

// numbersOf returns the numbers of n, whose text is number: a main
// dossier's main number is its own.
func numbersOf(n dossier.Number, number string) numbers {
	if !n.IsSub() {
		return numbers{number, number}
	}
	return numbers{number, n.Main().String()}
}

// writeBatch is the most views written at once; writeQueue, the most views
// waiting for the writer: apply hands it views in bursts (a budget's worth
// of requests at once), which it writes while the next lines are read.
const (
	writeBatch = 1024
	writeQueue = 2048
)

// startWriter starts the writer of one import.
func startWriter(ctx context.Context, tx ImportTx) *writer {
	w := &writer{ctx: ctx, tx: tx, flying: map[string]StoredDossier{}, mains: map[string]int{}}
	if runtime.GOMAXPROCS(0) < 2 {
		return w
	}
	w.jobs, w.done = make(chan writeJob, writeQueue), make(chan struct{})
	go func() {
		defer close(w.done)
		for j := range w.jobs {
			switch {
			case j.drained != nil:
				if w.err == nil {
					w.err = w.flush()
				}
				w.setFailed()
				close(j.drained)
			case w.err == nil:
				w.err = w.handle(j)
				w.setFailed()
			} // else the import fails: drain
		}
	}()
	return w
}

// setFailed publishes the goroutine's error to the caller.
func (w *writer) setFailed() {
	if w.err != nil {
		w.flyMu.Lock()
		w.failed = w.err
		w.flyMu.Unlock()
	}
}

// handle encodes a view and adds it to its batch, written when full.
func (w *writer) handle(j writeJob) error {
	ev, err := encodeView(j.view, j.nums.number, j.nums.main)
	if err != nil {
		return fmt.Errorf("consolidate %s: %w", j.view.Number, err)
	}
	batch := &w.saves
	if j.create {
		batch = &w.creates
	}
	*batch = append(*batch, ev)
	if len(*batch) < writeBatch {
		return nil
	}
	return w.write(batch, j.create)
}

// write writes a batch, lands its views and empties it.
func (w *writer) write(batch *[]EncodedView, create bool) error {
	if len(*batch) == 0 {
		return nil
	}
	w.mu.Lock()
	var err error
	if create {
		err = w.tx.CreateViews(w.ctx, *batch)
	} else {
		err = w.tx.SaveViews(w.ctx, *batch)
	}
	w.mu.Unlock()
	if err != nil {
		return fmt.Errorf("consolidate: %w", err)
	}
	w.flyMu.Lock()
	for i := range *batch {
		ev := &(*batch)[i]
		delete(w.flying, ev.Number)
		if create {
			if w.mains[ev.Main]--; w.mains[ev.Main] <= 0 {
				delete(w.mains, ev.Main)
			}
		}
	}
	w.flyMu.Unlock()
	clear(*batch) // the views may go
	*batch = (*batch)[:0]
	return nil
}

// flush writes what the batches hold.
func (w *writer) flush() error {
	if err := w.write(&w.creates, true); err != nil {
		return err
	}
	return w.write(&w.saves, false)
}

// create creates v, soon: v must not change afterwards; nums are its
// numbers. An error may come from an earlier write.
func (w *writer) create(v *dossier.View, nums numbers) error { return w.queue(v, nums, true) }

// save writes v back, soon, as create does.
func (w *writer) save(v *dossier.View, nums numbers) error { return w.queue(v, nums, false) }

func (w *writer) queue(v *dossier.View, nums numbers, create bool) error {
	w.flyMu.Lock()
	err := w.failed
	w.flying[nums.number] = StoredDossier{Owner: v.Owner, Applied: v.Applied}
	if create {
		w.mains[nums.main]++
	}
	w.flyMu.Unlock()
	if err != nil {
		return err
	}
	if w.jobs == nil {
		if w.err == nil {
			w.err = w.handle(writeJob{view: v, nums: nums, create: create})
		}
		return w.err
	}
	w.jobs <- writeJob{view: v, nums: nums, create: create}
	return nil
}

// inFlight returns what the view of number in flight holds, if it is.
func (w *writer) inFlight(number string) (StoredDossier, bool) {
	w.flyMu.Lock()
	d, ok := w.flying[number]
	w.flyMu.Unlock()
	return d, ok
}

// mainInFlight reports whether a dossier of main number main (it or a
// sub-version) is being created.
func (w *writer) mainInFlight(main string) bool {
	w.flyMu.Lock()
	n := w.mains[main]
	w.flyMu.Unlock()
	return n > 0
}

// drain writes every view queued so far, and returns the first error of
// the writes.
func (w *writer) drain() error {
	if w.ended {
		return w.err
	}
	if w.jobs == nil {
		if w.err == nil {
			w.err = w.flush()
		}
		return w.err
	}
	drained := make(chan struct{})
	w.jobs <- writeJob{drained: drained}
	<-drained
	w.flyMu.Lock()
	defer w.flyMu.Unlock()
	return w.failed
}

// serial runs f, a use of the transaction, while the writer does not use it.
func (w *writer) serial(f func() error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return f()
}

// wait writes what is left and stops the writer; it returns the first error
// of the writes. It may be called again; stop is wait without the writes.
func (w *writer) wait() error {
	err := w.drain()
	w.stop()
	return err
}

// stop stops the writer, whatever it had left to write (the import fails).
func (w *writer) stop() {
	if w.ended {
		return
	}
	w.ended = true
	if w.jobs != nil {
		w.flyMu.Lock()
		if w.failed == nil {
			w.failed = errors.New("consolidate: the writer stopped")
		}
		w.flyMu.Unlock()
		close(w.jobs)
		<-w.done
	}
}
