package client_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/eleader/client"
	"github.com/entrepreneur-leader/eleader-go/examples"
)

// demoFile is the clean example file: ADIE and FRAC numbers, so that
// partner adie (ADIE only) gets operator errors on the FRAC ones.
func demoFile(t *testing.T) []byte {
	t.Helper()
	b, err := fs.ReadFile(examples.Files, "files/20261116-demo.csv")
	require.NoError(t, err)
	return b
}

// TestCheck: the dry run's verdict, E#L's store checks included, every
// line error kept or streamed; nothing kept by E#L; refusals as *Error.
func TestCheck(t *testing.T) {
	s := newService(t)
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	c := fast(srv.URL, s.tokens["adie"])
	ctx := context.Background()
	path := file(t, "20261116-adie.csv", demoFile(t))

	v, err := c.Check(ctx, path)
	require.NoError(t, err)
	assert.Equal(t, "partial", v.Status)
	assert.Equal(t, "2026-11-16", v.Date)
	assert.Equal(t, 5, v.Lines)
	require.NotEmpty(t, v.Errors)
	assert.Equal(t, "operator", v.Errors[0].Check)
	assert.Equal(t, "Attribute 'NumeroDossier' with value 'FRAC2024-0042' fails check for operator code is one of 'ADIE'", v.Errors[0].Message)
	require.NotNil(t, v.Check)
	assert.Equal(t, "accepted", v.Check.Deposit)
	assert.True(t, v.Check.Qualification)
	entries, _ := os.ReadDir(filepath.Join(s.depots, "adie", dropdir.DepositDir))
	assert.Empty(t, entries, "nothing deposited")

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	info, _ := f.Stat()
	var streamed []client.LineError
	v2, err := c.CheckReader(ctx, "20261116-adie.csv", f, info.Size(), func(e client.LineError) error {
		streamed = append(streamed, e)
		return nil
	})
	require.NoError(t, err)
	assert.Nil(t, v2.Errors, "streamed, not kept")
	assert.Equal(t, v.Errors, streamed)

	_, err = c.Check(ctx, file(t, "export.csv", demoFile(t)))
	assert.ErrorIs(t, err, client.ErrBadName)
	_, err = c.Check(ctx, file(t, "20261116-frac.csv", demoFile(t)))
	assert.ErrorIs(t, err, client.ErrForbidden)
	_, err = c.Check(ctx, filepath.Join(t.TempDir(), "20261116-adie.csv"))
	assert.ErrorIs(t, err, os.ErrNotExist, "a missing local file")
	s.svc.CheckRate = 1
	_, err = fast(srv.URL, s.tokens["frac"]).Check(ctx, file(t, "20261116-frac.csv", demoFile(t)))
	require.NoError(t, err)
	_, err = fast(srv.URL, s.tokens["frac"]).Check(ctx, file(t, "20261116-frac.csv", demoFile(t)))
	var ce *client.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, http.StatusTooManyRequests, ce.Status)
	assert.Greater(t, ce.RetryAfter, time.Minute, "the hour's window: not retried")
	assert.True(t, client.IsTemporary(err))
}

// TestWaitImmediate: with imports at once, Wait returns the imported
// file's verdict and links.
func TestWaitImmediate(t *testing.T) {
	s := newService(t)
	q := &eleader.ImportQueue{Service: s.svc}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	h := httpapi.New(s.svc)
	h.Queue = q
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := fast(srv.URL, s.tokens["adie"])
	c.Backoff = 10 * time.Millisecond

	r, err := c.Upload(ctx, file(t, "20261116-adie.csv", demoFile(t)))
	require.NoError(t, err)
	f, err := c.Wait(ctx, r.Name, client.WaitOptions{Timeout: 30 * time.Second, Poll: 20 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, client.StateImported, f.State)
	require.NotNil(t, f.Verdict)
	assert.Equal(t, "partial", f.Verdict.Status)
	assert.True(t, f.Verdict.Qualification)
	require.NotEmpty(t, f.Verdict.Checks)
	assert.Equal(t, "operator", f.Verdict.Checks[0].Check)
	require.NotNil(t, f.Links)
	assert.Equal(t, f.Links.Report+"/rejects.csv", f.Links.RejectsCSV)
}

// TestWaitDaily: a file waiting for a daily run is ErrPending at once, with
// the next run's time — or, told to keep waiting, after the timeout.
func TestWaitDaily(t *testing.T) {
	s := newService(t)
	h := httpapi.New(s.svc)
	sc, err := eleader.NewScheduler(s.svc, 2, 0)
	require.NoError(t, err)
	h.Scheduler = sc
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := fast(srv.URL, s.tokens["adie"])
	ctx := context.Background()
	r, err := c.Upload(ctx, file(t, "20261116-adie.csv", demoFile(t)))
	require.NoError(t, err)

	f, err := c.Wait(ctx, r.Name, client.WaitOptions{})
	assert.ErrorIs(t, err, client.ErrPending)
	require.NotNil(t, f)
	assert.Equal(t, client.StateWaiting, f.State)
	require.NotNil(t, f.Import)
	assert.Equal(t, "daily", f.Import.Mode)
	assert.True(t, f.Import.At.After(time.Now()), "the next run")

	started := time.Now()
	f, err = c.Wait(ctx, r.Name, client.WaitOptions{KeepWaiting: true, Timeout: 300 * time.Millisecond, Poll: 50 * time.Millisecond})
	assert.ErrorIs(t, err, client.ErrPending)
	require.NotNil(t, f)
	assert.GreaterOrEqual(t, time.Since(started), 300*time.Millisecond, "kept waiting")

	_, err = c.Wait(ctx, "20261117-adie.csv", client.WaitOptions{})
	assert.ErrorIs(t, err, client.ErrNotFound)
}

// TestWithdraw: a waiting file is withdrawn, then sent again under its
// name; a withdrawn or unknown one is ErrNotFound; an imported one
// ErrConflict.
func TestWithdraw(t *testing.T) {
	s := newService(t)
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	c := fast(srv.URL, s.tokens["adie"])
	ctx := context.Background()
	path := file(t, "20261116-adie.csv", demoFile(t))
	_, err := c.Upload(ctx, path)
	require.NoError(t, err)
	require.NoError(t, c.Withdraw(ctx, "20261116-adie.csv"))
	f, err := c.File(ctx, "20261116-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, client.StateWithdrawn, f.State)
	require.Len(t, f.Events, 1)
	assert.Equal(t, "withdrawn", f.Events[0].Action)
	assert.ErrorIs(t, c.Withdraw(ctx, "20261116-adie.csv"), client.ErrNotFound)

	_, err = c.Upload(ctx, path)
	require.NoError(t, err, "the name is free again")
	_, _, err = s.svc.Run(ctx, eleader.RunOptions{Partner: "adie"})
	require.NoError(t, err)
	err = c.Withdraw(ctx, "20261116-adie.csv")
	assert.ErrorIs(t, err, client.ErrConflict)
	var ce *client.Error
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Message, "déjà été importé")
}

// TestErrorOfARefusal: a file refused at its deposit brings its file
// errors, and the error marshals as the API's.
func TestErrorOfARefusal(t *testing.T) {
	s := newService(t)
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	_, err := fast(srv.URL, s.tokens["adie"]).Upload(context.Background(), file(t, "20261116-adie.csv", []byte("Nom,Prenom\nDupont,Amélie\n")))
	var ce *client.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, http.StatusUnprocessableEntity, ce.Status)
	assert.Equal(t, "rejected", ce.Code)
	require.Len(t, ce.FileErrors, 1)
	assert.Equal(t, "separator", ce.FileErrors[0].Code)
	b, err := json.Marshal(ce)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"status":422,"code":"rejected","message":"Le fichier 20261116-adie.csv est refusé`)
	assert.Contains(t, string(b), `"name":"20261116-adie.csv","fileErrors":[{"code":"separator"`)
}
