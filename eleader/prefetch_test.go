package eleader_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// watchedStore wraps a store so that its import transactions answer
// number lookups in bulk after slow (a PostgreSQL round trip, say) and
// count the lookups asked after the import recorded, committed or rolled
// the transaction back (late), and the numbers asked about one by one
// (single).
type watchedStore struct {
	eleader.Store
	slow         time.Duration
	late, single atomic.Int32
}

func (s *watchedStore) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	return &watchedTx{ImportTx: tx, s: s}, nil
}

type watchedTx struct {
	eleader.ImportTx
	s     *watchedStore
	ended atomic.Bool
}

func (t *watchedTx) Dossiers(ctx context.Context, numbers []string) (map[string]eleader.StoredDossier, error) {
	time.Sleep(t.s.slow)
	if t.ended.Load() {
		t.s.late.Add(1)
	}
	return t.ImportTx.Dossiers(ctx, numbers)
}

func (t *watchedTx) Owner(ctx context.Context, number string) (string, bool, error) {
	t.s.single.Add(1)
	return t.ImportTx.Owner(ctx, number)
}

func (t *watchedTx) RecordImport(ctx context.Context, r *eleader.ImportRecord) error {
	t.ended.Store(true)
	return t.ImportTx.RecordImport(ctx, r)
}

func (t *watchedTx) Commit() error   { t.ended.Store(true); return t.ImportTx.Commit() }
func (t *watchedTx) Rollback() error { t.ended.Store(true); return t.ImportTx.Rollback() }

// TestImportEndsLookupsBeforeCommit: the number checks' lookups, run ahead
// of the lines, are over before the import records and commits, even when
// the file ends with lines whose number no check waits for (sub-versions
// 000-…, refused before their owner is asked). It failed before the import
// closed its checker right after the last line: lookups ran on a committed
// transaction (a data race on SQLite's statements under -race).
func TestImportEndsLookupsBeforeCommit(t *testing.T) {
	svc, store := newService(t)
	st := &watchedStore{Store: store, slow: 20 * time.Millisecond}
	svc.Store = st
	dir := t.TempDir()
	imp := func(path string) *eleader.ImportResult {
		t.Helper()
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		res, err := svc.Import(t.Context(), eleader.Import{Partner: "adie", Operators: []string{"ADIE"}, Name: filepath.Base(path), Body: f})
		require.NoError(t, err)
		return res
	}
	var first []string
	for i := range 10 {
		first = append(first, fmt.Sprintf("ADIE%06d", i))
	}
	imp(partnerFile(t, dir, "20261110-adie.csv", first, nil, 5)) // the store is no longer empty: numbers are looked up
	var second []string
	for i := range 40 {
		second = append(second, fmt.Sprintf("ADIE%06d", 100+i))
	}
	for i := range 100 {
		second = append(second, fmt.Sprintf("000-ADIE%06d", 500+i))
	}
	res := imp(partnerFile(t, dir, "20261111-adie.csv", second, nil, 5))
	require.NotNil(t, res.Report)
	assert.Equal(t, 100, res.Report.Rejected, "the 000- lines are refused")
	time.Sleep(100 * time.Millisecond) // a lookup still running would end by now
	assert.Zero(t, st.late.Load(), "number lookups ran after the import recorded or committed its transaction")
}

// TestReimportAsksInBulk: a re-import of a file of more dossiers than the
// number checks keep in memory (a dossier's second line a batch or two
// after its first) asks the store about its numbers in bulk only, never
// one by one.
func TestReimportAsksInBulk(t *testing.T) {
	svc, store := newService(t)
	st := &watchedStore{Store: store}
	svc.Store = st
	dir := t.TempDir()
	var numbers []string
	for b := 0; b < 6000; b += 300 { // a dossier's second line about 300 lines after its first
		for i := b; i < b+300; i++ {
			numbers = append(numbers, fmt.Sprintf("ADIE%06d", i))
		}
		for i := b + 299; i >= b; i-- {
			numbers = append(numbers, fmt.Sprintf("ADIE%06d", i))
		}
	}
	path := partnerFile(t, dir, "20261110-adie.csv", numbers, nil, 5)
	for range 2 {
		f, err := os.Open(path)
		require.NoError(t, err)
		res, err := svc.Import(t.Context(), eleader.Import{Partner: "adie", Operators: []string{"ADIE"}, Name: filepath.Base(path), Body: f})
		f.Close()
		require.NoError(t, err)
		require.Equal(t, 0, res.Report.Rejected)
	}
	assert.Zero(t, st.single.Load(), "numbers asked about one by one")
}
