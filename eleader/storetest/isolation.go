package storetest

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// isolationTimeout bounds the isolation tests: an import waiting for
// another must not wait forever.
const isolationTimeout = 2 * time.Minute

// counted adds one change to a view: the Compteur field is incremented and a
// field named after the change is added.
func counted(name string) func(v *dossier.View) {
	return func(v *dossier.View) {
		n, _ := strconv.Atoi(v.Value("Compteur"))
		p := v.Created
		v.Fields.Set("Compteur", dossier.Value{Value: strconv.Itoa(n + 1), Provenance: p})
		v.Fields.Set(name, dossier.Value{Value: "1", Provenance: p})
	}
}

func testNoLostUpdate(t *testing.T, s eleader.Store) {
	ctx, cancel := context.WithTimeout(t.Context(), isolationTimeout)
	defer cancel()
	const num, workers, each = "ADIE100876-AHG-4U", 2, 20
	store(t, s, newView(t, num, "adie", map[string]string{"Compteur": "0"}))

	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if err := commitView(ctx, s, num, counted(fmt.Sprintf("Change%d_%02d", w, i))); err != nil {
					errs <- fmt.Errorf("worker %d, import %d: %w", w, i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	v, err := s.View(ctx, num)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(workers*each), v.Value("Compteur"), "Compteur after %d imports", workers*each)
	var missing []string
	for w := range workers {
		for i := range each {
			if name := fmt.Sprintf("Change%d_%02d", w, i); v.Value(name) == "" {
				missing = append(missing, name)
			}
		}
	}
	assert.Empty(t, missing, "changes lost")
}

func testBlockedImportWaits(t *testing.T, s eleader.Store) {
	ctx, cancel := context.WithTimeout(t.Context(), isolationTimeout)
	defer cancel()
	const num = "ADIE100876-AHG-4U"
	store(t, s, newView(t, num, "adie", map[string]string{"Compteur": "0"}))

	first := begin(t, s)
	v, err := first.View(ctx, num)
	require.NoError(t, err)
	counted("First")(v)
	require.NoError(t, first.SaveView(ctx, v))

	done := make(chan error, 1)
	go func() { done <- commitView(ctx, s, num, counted("Second")) }()
	select {
	case err := <-done:
		require.FailNow(t, "an import ran while another held the store", "error: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	require.NoError(t, first.Commit())
	select {
	case err := <-done:
		require.NoError(t, err, "the import that waited")
	case <-ctx.Done():
		require.FailNow(t, "the import that waited never ended")
	}

	v, err = s.View(ctx, num)
	require.NoError(t, err)
	assert.Equal(t, "2", v.Value("Compteur"), "Compteur")
	assert.Equal(t, "1", v.Value("First"), "the first import's change")
	assert.Equal(t, "1", v.Value("Second"), "the second import's change")
}
