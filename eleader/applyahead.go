package eleader

import (
	"context"
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

// writer writes the views apply creates and changes on a goroutine of its
// own, while apply goes on merging the next requests: it encodes each view
// (View.MarshalStorage, search keys) and writes them in batches of
// writeBatch (ImportTx.CreateViews and SaveViews), which a store writes
// faster than one by one (SQLite: a multi-row INSERT; PostgreSQL: COPY).
// The numbers of one apply are all different, so apply's own reads never
// need a view still in a batch; apply waits for the writer before it
// returns: whatever reads the store after sees every view written. With one
// CPU, or few requests, the caller's goroutine encodes and writes.
//
// An ImportTx need not be safe for concurrent use (a pgx transaction is
// not): the writer's calls and apply's own (serial) hold mu.
type writer struct {
	mu      sync.Mutex
	ctx     context.Context
	tx      ImportTx
	jobs    chan writeJob // nil: write on the caller's goroutine
	done    chan struct{}
	err     error // the first failure; the goroutine's is read after done
	ended   bool
	creates []EncodedView // the batches being filled
	saves   []EncodedView
}

// writeJob is a view to create or save.
type writeJob struct {
	view   *dossier.View
	create bool
}

// writeBatch is the most views written at once.
const writeBatch = 256

// startWriter starts the writer of one apply of n requests.
func startWriter(ctx context.Context, tx ImportTx, n int) *writer {
	w := &writer{ctx: ctx, tx: tx}
	if n < minHashAhead || runtime.GOMAXPROCS(0) < 2 {
		return w
	}
	w.jobs, w.done = make(chan writeJob, 64), make(chan struct{})
	go func() {
		defer close(w.done)
		for j := range w.jobs {
			if w.err == nil {
				w.err = w.handle(j)
			} // else the import fails: drain
		}
		if w.err == nil {
			w.err = w.flush()
		}
	}()
	return w
}

// handle encodes a view and adds it to its batch, written when full.
func (w *writer) handle(j writeJob) error {
	ev, err := EncodeView(j.view)
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

// write writes a batch and empties it.
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
	clear(*batch) // the views may go
	*batch = (*batch)[:0]
	if err != nil {
		return fmt.Errorf("consolidate: %w", err)
	}
	return nil
}

// flush writes what the batches hold.
func (w *writer) flush() error {
	if err := w.write(&w.creates, true); err != nil {
		return err
	}
	return w.write(&w.saves, false)
}

// create creates v, soon: v must not change afterwards. Its error may come
// from a later call, or from wait.
func (w *writer) create(v *dossier.View) error { return w.queue(writeJob{view: v, create: true}) }

// save writes v back, soon, as create does.
func (w *writer) save(v *dossier.View) error { return w.queue(writeJob{view: v}) }

func (w *writer) queue(j writeJob) error {
	if w.jobs == nil {
		if w.err == nil {
			w.err = w.handle(j)
		}
		return w.err
	}
	w.jobs <- j
	return nil
}

// serial runs f, a use of the transaction, while the writer does not use it.
func (w *writer) serial(f func() error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return f()
}

// wait writes what is left, waits for the writer, and returns the first
// error of the writes. It may be called again.
func (w *writer) wait() error {
	if w.ended {
		return w.err
	}
	w.ended = true
	if w.jobs == nil {
		if w.err == nil {
			w.err = w.flush()
		}
		return w.err
	}
	close(w.jobs)
	<-w.done
	return w.err
}
