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

// creator writes the dossiers apply creates (ImportTx.Create: encoding the
// view, indexing it) on a goroutine of its own, while apply goes on merging
// the next requests. The numbers of one apply are all different, and apply
// waits for the creator before it returns: whatever reads the store after
// sees every dossier created. With one CPU, or few requests, it creates on
// the caller's goroutine.
//
// An ImportTx need not be safe for concurrent use (a pgx transaction is
// not): the creator's calls and apply's own (serial) hold mu.
type creator struct {
	mu    sync.Mutex
	ctx   context.Context
	tx    ImportTx
	views chan *dossier.View // nil: create on the caller's goroutine
	done  chan struct{}
	err   error // the first failure; the goroutine's is read after done
	ended bool
}

// startCreator starts the creator of one apply of n requests.
func startCreator(ctx context.Context, tx ImportTx, n int) *creator {
	w := &creator{ctx: ctx, tx: tx}
	if n < minHashAhead || runtime.GOMAXPROCS(0) < 2 {
		return w
	}
	w.views, w.done = make(chan *dossier.View, 64), make(chan struct{})
	go func() {
		defer close(w.done)
		for v := range w.views {
			if w.err == nil {
				w.err = w.write(v)
			} // else the import fails: drain
		}
	}()
	return w
}

func (w *creator) write(v *dossier.View) error {
	w.mu.Lock()
	err := w.tx.Create(w.ctx, v)
	w.mu.Unlock()
	if err != nil {
		return fmt.Errorf("consolidate %s: %w", v.Number, err)
	}
	return nil
}

// create creates v, now or soon: v must not change afterwards. Created
// now, v's error is returned; created by the goroutine, its error comes
// from wait.
func (w *creator) create(v *dossier.View) error {
	if w.views == nil {
		return w.write(v)
	}
	w.views <- v
	return nil
}

// serial runs f, a use of the transaction, while the creator does not use it.
func (w *creator) serial(f func() error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return f()
}

// wait waits for the dossiers handed to create, and returns the first
// error of their creation. It may be called again.
func (w *creator) wait() error {
	if w.views != nil && !w.ended {
		w.ended = true
		close(w.views)
		<-w.done
	}
	return w.err
}
