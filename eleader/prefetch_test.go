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

// endingStore wraps a store so that its import transactions answer number
// lookups slowly (a PostgreSQL round trip) and count those asked after the
// import recorded, committed or rolled the transaction back.
type endingStore struct {
	eleader.Store
	late atomic.Int32
}

func (s *endingStore) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	tx, err := s.Store.BeginImport(ctx)
	if err != nil {
		return nil, err
	}
	return &endingTx{ImportTx: tx, s: s}, nil
}

type endingTx struct {
	eleader.ImportTx
	s     *endingStore
	ended atomic.Bool
}

func (t *endingTx) Dossiers(ctx context.Context, numbers []string) (map[string]eleader.StoredDossier, error) {
	time.Sleep(20 * time.Millisecond)
	if t.ended.Load() {
		t.s.late.Add(1)
	}
	return t.ImportTx.Dossiers(ctx, numbers)
}

func (t *endingTx) RecordImport(ctx context.Context, r *eleader.ImportRecord) error {
	t.ended.Store(true)
	return t.ImportTx.RecordImport(ctx, r)
}

func (t *endingTx) Commit() error   { t.ended.Store(true); return t.ImportTx.Commit() }
func (t *endingTx) Rollback() error { t.ended.Store(true); return t.ImportTx.Rollback() }

// TestImportEndsLookupsBeforeCommit: the number checks' lookups, run ahead
// of the lines, are over before the import records and commits, even when
// the file ends with lines whose number no check waits for (sub-versions
// 000-…, refused before their owner is asked). It failed before the import
// closed its checker right after the last line: lookups ran on a committed
// transaction (a data race on SQLite's statements under -race).
func TestImportEndsLookupsBeforeCommit(t *testing.T) {
	svc, store := newService(t)
	st := &endingStore{Store: store}
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
