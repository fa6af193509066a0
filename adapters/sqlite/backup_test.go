package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importOne writes one dossier and its import record in a transaction,
// committed or left open.
func importOne(tb testing.TB, s eleader.Store, number, file string) eleader.ImportTx {
	tb.Helper()
	ctx := tb.Context()
	tx, err := s.BeginImport(ctx)
	require.NoError(tb, err)
	n, err := dossier.ParseNumber(number)
	require.NoError(tb, err)
	require.NoError(tb, tx.Create(ctx, dossier.NewView(n, "adie", dossier.Provenance{Source: dossier.Source{Partner: "adie", File: file}, Line: 2})))
	rec := eleader.ImportRecord{Partner: "adie", File: file, SHA256: "00", Status: "accepted", Consolidated: true, Started: time.Now(), Ended: time.Now()}
	require.NoError(tb, tx.RecordImport(ctx, &rec))
	return tx
}

// TestBackupWhileAnImportIsOpen: the copy of a store whose import holds
// the write lock is made at once and holds the committed state only; a
// copy never overwrites; it is readable by its owner only.
func TestBackupWhileAnImportIsOpen(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "eleader.db"))
	require.NoError(t, importOne(t, s, "ADIE1", "20261116-adie.csv").Commit())
	open := importOne(t, s, "ADIE2", "20261117-adie.csv")
	defer open.Rollback()

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	copyPath := filepath.Join(dir, "copy.db")
	require.NoError(t, s.Backup(ctx, copyPath), "a backup does not wait for the import")
	st, err := os.Stat(copyPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	c := openStore(t, copyPath)
	recs, err := c.Imports(t.Context(), "")
	require.NoError(t, err)
	assert.Len(t, recs, 1, "the open import is not in the copy")
	_, err = c.View(t.Context(), "ADIE1")
	assert.NoError(t, err)
	_, err = c.View(t.Context(), "ADIE2")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err))
	var check string
	require.NoError(t, rawDB(t, copyPath).QueryRow(`PRAGMA integrity_check`).Scan(&check))
	assert.Equal(t, "ok", check)

	err = s.Backup(ctx, copyPath)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err), "never overwrites: %v", err)
	empty := filepath.Join(dir, "empty.db")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(s.Backup(ctx, empty)), "not even an empty file")
}

// TestOpenDoesNotWaitForAnImport: a store whose schema is current opens
// with a read, while another connection holds the write lock.
func TestOpenDoesNotWaitForAnImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eleader.db")
	s := openStore(t, path)
	tx := importOne(t, s, "ADIE1", "20261116-adie.csv")
	defer tx.Rollback()
	// Before, Open took the write lock to check its migrations, and failed
	// with SQLITE_BUSY once the busy timeout passed.
	other := openStore(t, path)
	_, err := other.Imports(t.Context(), "")
	assert.NoError(t, err)
}
