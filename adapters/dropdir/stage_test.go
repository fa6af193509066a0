package dropdir_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deposits lists the names in a partner's deposit folder, temporary files
// included.
func deposits(t *testing.T, d *dropdir.Dir, partner string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(d.Root, partner, dropdir.DepositDir))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// A staged file is readable, 0600, hidden from the listing, until it is
// committed (then deposited) or aborted (then gone).
func TestStage(t *testing.T) {
	d, _ := newDir(t)
	ctx := context.Background()
	body := []byte("NumeroDossier;Nom\r\nADIE1;Dupont\r\n")
	st, err := d.Stage(ctx, "adie", "20261116-adie.csv", bytes.NewReader(body), 0)
	require.NoError(t, err)
	assert.Equal(t, int64(len(body)), st.Size())
	assert.Equal(t, sum(body), st.SHA256())
	got, err := io.ReadAll(io.NewSectionReader(st, 0, st.Size()))
	require.NoError(t, err)
	assert.Equal(t, body, got)
	names := deposits(t, d, "adie")
	require.Len(t, names, 1)
	assert.True(t, strings.HasPrefix(names[0], ".tmp-"))
	info, err := os.Stat(filepath.Join(d.Root, "adie", dropdir.DepositDir, names[0]))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), info.Mode().Perm())
	listed, err := d.Deposits(ctx, "adie")
	require.NoError(t, err)
	assert.Empty(t, listed, "a staged file waits for no run")

	dep, err := st.Commit(ctx)
	require.NoError(t, err)
	assert.Equal(t, "20261116-adie.csv", dep.Name)
	assert.Equal(t, sum(body), dep.SHA256)
	assert.Equal(t, []string{"20261116-adie.csv"}, deposits(t, d, "adie"), "the temporary file is gone")
	require.NoError(t, st.Abort(), "abort after commit does nothing")
	assert.Equal(t, []string{"20261116-adie.csv"}, deposits(t, d, "adie"))
	_, err = st.Commit(ctx)
	assert.Error(t, err, "committed once")

	st, err = d.Stage(ctx, "adie", "20261117-adie.csv", bytes.NewReader(body), 0)
	require.NoError(t, err)
	require.NoError(t, st.Abort())
	assert.Equal(t, []string{"20261116-adie.csv"}, deposits(t, d, "adie"), "an aborted file leaves nothing")

	// Too large, or cut: nothing left either.
	_, err = d.Stage(ctx, "adie", "20261118-adie.csv", bytes.NewReader(body), 10)
	assert.Equal(t, eleader.ETOOLARGE, eleader.ErrorCode(err))
	_, err = d.Stage(ctx, "adie", "20261118-adie.csv", io.MultiReader(bytes.NewReader(body), errReader{io.ErrUnexpectedEOF}), 0)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = d.Stage(cancelled, "adie", "20261118-adie.csv", bytes.NewReader(body), 0)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []string{"20261116-adie.csv"}, deposits(t, d, "adie"))
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// The CSV and the workbook of one export date are one export: the second
// is a conflict, in deposits or in history, at Stage or at Commit.
func TestOneExportPerDate(t *testing.T) {
	d, _ := newDir(t)
	ctx := context.Background()
	_, err := d.Deposit(ctx, "bge", "20261125-bge.csv", strings.NewReader("x"), 0)
	require.NoError(t, err)
	_, err = d.Stage(ctx, "bge", "20261125-bge.xlsx", strings.NewReader("y"), 0)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))
	assert.Contains(t, eleader.ErrorMessage(err), "as 20261125-bge.csv")

	// Staged before the other arrived: refused at Commit.
	st, err := d.Stage(ctx, "bge", "20261126-bge.xlsx", strings.NewReader("y"), 0)
	require.NoError(t, err)
	_, err = d.Deposit(ctx, "bge", "20261126-bge.csv", strings.NewReader("x"), 0)
	require.NoError(t, err)
	_, err = st.Commit(ctx)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))

	// In history, kept or superseded.
	_, err = d.Keep(ctx, "bge", "20261125-bge.csv")
	require.NoError(t, err)
	require.NoError(t, d.Remove(ctx, "bge", "20261125-bge.csv"))
	_, err = d.Deposit(ctx, "bge", "20261125-bge.xlsx", strings.NewReader("y"), 0)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))
	require.NoError(t, d.Supersede(ctx, "bge", "20261126-bge.csv"))
	_, err = d.Deposit(ctx, "bge", "20261126-bge.xlsx", strings.NewReader("y"), 0)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))

	// Another date is another export.
	_, err = d.Deposit(ctx, "bge", "20261127-bge.xlsx", strings.NewReader("y"), 0)
	require.NoError(t, err)
	var names []string
	for _, n := range deposits(t, d, "bge") {
		if !strings.HasPrefix(n, ".") {
			names = append(names, n)
		}
	}
	assert.Equal(t, []string{"20261127-bge.xlsx"}, names)
}

// Two files of one export racing: exactly one enters the deposits.
func TestOneExportRacing(t *testing.T) {
	for range 20 {
		d, _ := newDir(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		var staged []eleader.Staged
		for _, name := range []string{"20261125-bge.csv", "20261125-bge.xlsx", "20261125-bge.csv", "20261125-bge.xlsx"} {
			st, err := d.Stage(ctx, "bge", name, strings.NewReader(name), 0)
			require.NoError(t, err)
			staged = append(staged, st)
		}
		for _, st := range staged {
			wg.Go(func() {
				if _, err := st.Commit(ctx); err == nil {
					mu.Lock()
					won++
					mu.Unlock()
				} else if eleader.ErrorCode(err) != eleader.ECONFLICT {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, 1, won)
		listed, err := d.Deposits(ctx, "bge")
		require.NoError(t, err)
		assert.Len(t, listed, 1)
		for _, n := range deposits(t, d, "bge") {
			assert.False(t, strings.HasPrefix(n, ".tmp-"), "left behind: %s", n)
		}
	}
}
