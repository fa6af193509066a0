//go:build unix

package eleader_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The environment of TestDepositKillChild.
const (
	dkEnvChild = "ELEADER_DEPOSITKILL_CHILD" // "1" in the child
	dkEnvDB    = "ELEADER_DEPOSITKILL_DB"
	dkEnvRoot  = "ELEADER_DEPOSITKILL_ROOT"
)

// endlessCSV is a file body that never ends: a header, then lines.
type endlessCSV struct{ sent int }

func (r *endlessCSV) Read(p []byte) (int, error) {
	if r.sent > 0 {
		time.Sleep(time.Millisecond)
	}
	line := []byte(strings.Repeat("x;", 60) + "\n")
	n := 0
	for n+len(line) <= len(p) && n < 64<<10 {
		n += copy(p[n:], line)
	}
	r.sent += n
	return n, nil
}

// TestDepositKillChild is the child of TestDepositKilled: it deposits,
// through the front door, a file that never ends, until it is killed.
func TestDepositKillChild(t *testing.T) {
	if os.Getenv(dkEnvChild) != "1" {
		return
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, os.Getenv(dkEnvDB))
	require.NoError(t, err)
	defer store.Close()
	dir, err := dropdir.New(os.Getenv(dkEnvRoot))
	require.NoError(t, err)
	svc := &eleader.Service{Store: store, Deposits: dir}
	p, err := svc.Partner(ctx, "bge")
	require.NoError(t, err)
	_, err = svc.Upload(ctx, p, "20261125-bge.csv", -1, &endlessCSV{}, 1<<40)
	t.Fatalf("the endless upload ended: %v", err)
}

// TestDepositKilled: a process killed while it writes a deposit leaves a
// temporary file (.tmp-*) in the deposit folder, never a deposit; the
// leftover is never imported, removed at the next start-up (or run, or
// purge) with an entry in the ledger, and the name stays free.
func TestDepositKilled(t *testing.T) {
	if os.Getenv(dkEnvChild) == "1" {
		return
	}
	e := newRunEnv(t)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	db := e.store.Path()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDepositKillChild$", "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), dkEnvChild+"=1", dkEnvDB+"="+db, dkEnvRoot+"="+e.root)
	var out bytes.Buffer
	var mu sync.Mutex
	cmd.Stdout = &lockedWriter{w: &out, mu: &mu}
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	folder := filepath.Join(e.root, "bge", dropdir.DepositDir)
	var tmp string
	require.Eventually(t, func() bool {
		matches, _ := filepath.Glob(filepath.Join(folder, ".tmp-*"))
		if len(matches) == 1 {
			if info, err := os.Stat(matches[0]); err == nil && info.Size() > 1<<20 {
				tmp = matches[0]
				return true
			}
		}
		return false
	}, time.Minute, 10*time.Millisecond, "the child writes its deposit")

	// While the writer lives, its temporary file is locked: a cleanup by
	// another process (an instance starting) leaves it alone.
	e.dirs.LeftoverAge = time.Nanosecond
	n, err := e.svc.CleanLeftovers(context.Background(), "", 0)
	require.NoError(t, err)
	assert.Zero(t, n, "a deposit being written is not a leftover")

	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err = cmd.Wait()
	require.Error(t, err, "killed")
	_, err = os.Stat(tmp)
	require.NoError(t, err, "the killed process left its temporary file")
	assert.NotContains(t, e.files(t, "bge", dropdir.DepositDir), "20261125-bge.csv", "never a deposit")

	rec := e.run(t, "bge")
	assert.Zero(t, rec.Imported, "a leftover is never imported")
	_, err = os.Stat(tmp)
	assert.True(t, os.IsNotExist(err), "removed by the run")
	ev := e.events(t, "bge")[filepath.Base(tmp)]
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventLeftover, ev[0].Action)
	assert.Positive(t, ev[0].Size)
	assert.Empty(t, e.reports(t, "bge"), "nothing to report")
	_, err = e.svc.CheckUpload(context.Background(), mustPartner(t, e, "bge"), "20261125-bge.csv", -1, 0)
	assert.NoError(t, err, "the name is free")
}
