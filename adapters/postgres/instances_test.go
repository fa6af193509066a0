package postgres_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// Two Stores opened on one schema stand for two instances of eleader (each
// has its own pool of connections, as two processes would).

// createDossier commits a dossier whose Compteur is 0.
func createDossier(tb testing.TB, s eleader.Store, number string) {
	tb.Helper()
	n, err := dossier.ParseNumber(number)
	require.NoError(tb, err)
	v := dossier.NewView(n, "adie", dossier.Provenance{Source: dossier.Source{Partner: "adie", File: "20261116-adie.csv"}, Line: 2})
	v.Fields.Set("Compteur", dossier.Value{Value: "0", Provenance: v.Created})
	tx, err := s.BeginImport(tb.Context())
	require.NoError(tb, err)
	defer tx.Rollback()
	require.NoError(tb, tx.Create(tb.Context(), v))
	require.NoError(tb, tx.Commit())
}

// increment adds one to a dossier's Compteur and records name, in an import
// transaction of its own; the read and the write are apart, as in an import.
func increment(ctx context.Context, s eleader.Store, number, name string) error {
	tx, err := s.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := tx.View(ctx, number)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(v.Value("Compteur"))
	if err != nil {
		return err
	}
	time.Sleep(time.Millisecond) // let another instance try to slip in
	v.Fields.Set("Compteur", dossier.Value{Value: strconv.Itoa(n + 1), Provenance: v.Created})
	v.Fields.Set(name, dossier.Value{Value: "1", Provenance: v.Created})
	if err := tx.SaveView(ctx, v); err != nil {
		return err
	}
	return tx.Commit()
}

// TestInstancesSerializeImports runs imports from two instances at once:
// none is lost, each read what the one before it committed.
func TestInstancesSerializeImports(t *testing.T) {
	dbURL := newSchema(t)
	stores := []eleader.Store{openStore(t, dbURL), openStore(t, dbURL)}
	const number, workers, each = "ADIE100876-AHG-4U", 6, 10
	createDossier(t, stores[0], number)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		s := stores[w%2]
		wg.Go(func() {
			for i := range each {
				if err := increment(ctx, s, number, fmt.Sprintf("W%d_%02d", w, i)); err != nil {
					errs <- fmt.Errorf("instance %d, worker %d, import %d: %w", w%2, w, i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, s := range stores {
		v, err := s.View(ctx, number)
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(workers*each), v.Value("Compteur"), "Compteur seen by instance %d", i)
		assert.Len(t, v.Fields, 1+workers*each, "fields seen by instance %d", i)
	}
}

// TestInstanceWaitsForAnotherImport holds an import open on one instance:
// the other instance's BeginImport waits for its commit, then sees its work.
func TestInstanceWaitsForAnotherImport(t *testing.T) {
	dbURL := newSchema(t)
	a, b := openStore(t, dbURL), openStore(t, dbURL)
	const number = "ADIE100876-AHG-4U"
	createDossier(t, a, number)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	first, err := a.BeginImport(ctx)
	require.NoError(t, err)
	defer first.Rollback()
	v, err := first.View(ctx, number)
	require.NoError(t, err)
	v.Fields.Set("Compteur", dossier.Value{Value: "1", Provenance: v.Created})
	require.NoError(t, first.SaveView(ctx, v))

	done := make(chan error, 1)
	go func() { done <- increment(ctx, b, number, "Second") }()
	select {
	case err := <-done:
		require.FailNow(t, "an import of the second instance ran while the first held the store", "error: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
	require.NoError(t, first.Commit())
	select {
	case err := <-done:
		require.NoError(t, err, "the import that waited")
	case <-ctx.Done():
		require.FailNow(t, "the import that waited never ended")
	}
	got, err := a.View(ctx, number)
	require.NoError(t, err)
	assert.Equal(t, "2", got.Value("Compteur"), "Compteur after both imports")
	assert.Equal(t, "1", got.Value("Second"))

	// A wait ends with its context.
	held, err := a.BeginImport(ctx)
	require.NoError(t, err)
	defer held.Rollback()
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	if tx, err := b.BeginImport(short); err == nil {
		tx.Rollback() // else the pool waits for it at Close
		require.FailNow(t, "BeginImport while another instance imports ended before its context's deadline")
	}
	require.NoError(t, held.Rollback())
	tx, err := b.BeginImport(ctx)
	require.NoError(t, err, "BeginImport once the other import ended")
	require.NoError(t, tx.Rollback())
}

// TestInstancesTryLockRace races many holders of two instances for one lock:
// exactly one gets it. Then the holder is given up for dead (steal says so
// of it only): exactly one racer takes it over.
func TestInstancesTryLockRace(t *testing.T) {
	dbURL := newSchema(t)
	stores := []eleader.Store{openStore(t, dbURL), openStore(t, dbURL)}
	now := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	const racers = 24

	// race runs the racers but the one named skip.
	race := func(skip string, steal func(eleader.LockHolder) bool) []string {
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			mu    sync.Mutex
			won   []string
		)
		for i := range racers {
			s := stores[i%2]
			h := eleader.LockHolder{ID: fmt.Sprintf("racer%02d", i), Host: fmt.Sprintf("host%d", i%2), PID: 1000 + i}
			if h.ID == skip {
				continue
			}
			wg.Go(func() {
				<-start
				ok, err := s.TryLock(t.Context(), "run:adie", h, now, now.Add(30*time.Minute), steal)
				assert.NoError(t, err, "TryLock %s", h.ID)
				if ok {
					mu.Lock()
					won = append(won, h.ID)
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		return won
	}

	won := race("", func(eleader.LockHolder) bool { return false })
	require.Len(t, won, 1, "holders that got a free lock: %v", won)
	dead := won[0]
	won = race(dead, func(h eleader.LockHolder) bool { return h.ID == dead })
	require.Len(t, won, 1, "holders that took over the lock of a dead holder: %v", won)

	// The lock is the winner's, for every instance.
	for i, s := range stores {
		ok, err := s.TryLock(t.Context(), "run:adie", eleader.LockHolder{ID: "late", Host: "host9", PID: 9},
			now.Add(time.Minute), now.Add(31*time.Minute), func(eleader.LockHolder) bool { return false })
		require.NoError(t, err)
		assert.False(t, ok, "a late holder on instance %d", i)
	}
}
