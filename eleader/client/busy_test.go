package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/eleader/client"
)

// TestUploadRetriesTooMany: an upload refused for too many uploads in
// progress (429, nothing deposited) is sent again after the wait, and
// succeeds once a place is free; past the retries, it is an *Error 429,
// temporary.
func TestUploadRetriesTooMany(t *testing.T) {
	s := newService(t)
	h := httpapi.New(s.svc)
	h.MaxUploadsPerPartner = 1
	busy := make(chan struct{})
	var refusals atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.status == http.StatusTooManyRequests && refusals.Add(1) == 2 {
			close(busy) // the other upload ends after two refusals
		}
	}))
	defer srv.Close()

	// An upload holding adie's one place until two others were refused.
	pr, pw := ioPipe()
	holding := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/files", pr)
		req.Header.Set("Content-Disposition", `attachment; filename="20261101-adie.csv"`)
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("Authorization", "fmetoken token="+s.tokens["adie"])
		resp, err := srv.Client().Do(req)
		if err != nil {
			holding <- 0
			return
		}
		resp.Body.Close()
		holding <- resp.StatusCode
	}()
	pw.Write([]byte(header))
	waitHeld(t, s.depots, "adie")
	go func() { <-busy; pw.Write([]byte("ADIE000001;1\r\n")); pw.Close() }()

	c := fast(srv.URL, s.tokens["adie"])
	r, err := c.Upload(context.Background(), file(t, "20261102-adie.csv", []byte(header+"ADIE000002;1\r\n")))
	require.NoError(t, err)
	assert.Equal(t, "20261102-adie.csv", r.Name)
	assert.GreaterOrEqual(t, refusals.Load(), int32(2))
	assert.Equal(t, http.StatusCreated, <-holding)

	// Without a place ever freed: an error, temporary.
	pr2, pw2 := ioPipe()
	defer pw2.Close()
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/files", pr2)
		req.Header.Set("Content-Disposition", `attachment; filename="20261103-adie.csv"`)
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("Authorization", "fmetoken token="+s.tokens["adie"])
		if resp, err := srv.Client().Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	pw2.Write([]byte(header))
	waitHeld(t, s.depots, "adie")
	c.Retries = 2
	_, err = c.Upload(context.Background(), file(t, "20261104-adie.csv", []byte(header)))
	var e *client.Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.Equal(t, http.StatusTooManyRequests, e.Status)
	assert.True(t, client.IsTemporary(err))
}

func ioPipe() (*io.PipeReader, *io.PipeWriter) { return io.Pipe() }

// statusRecorder notes the status a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// waitHeld waits until an upload of partner streams to a temporary file:
// it holds its place.
func waitHeld(t *testing.T, depots, partner string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tmp, _ := filepath.Glob(filepath.Join(depots, partner, "depot", ".tmp-*"))
		if len(tmp) > 0 {
			return
		}
		require.True(t, time.Now().Before(deadline), "no upload under way")
		time.Sleep(5 * time.Millisecond)
	}
}
