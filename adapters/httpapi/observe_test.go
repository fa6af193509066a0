package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uploadsSeen records the uploads a Handler tells its service's Metrics of.
type uploadsSeen struct {
	eleader.NopMetrics
	mu   sync.Mutex
	seen []string // channel code bytes
}

func (u *uploadsSeen) Upload(channel string, code int, bytes int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.seen = append(u.seen, channel+" "+http.StatusText(code)+" "+map[bool]string{true: "bytes", false: "0"}[bytes > 0])
}

func (u *uploadsSeen) list() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.seen...)
}

// TestUploadsCounted: every API upload is counted with its status, refused
// early or not; a web deposit that reached the deposits' checks is counted
// with the status the API would give it.
func TestUploadsCounted(t *testing.T) {
	seen := &uploadsSeen{}
	e := newEnv(t, func(e *env) { e.svc.Metrics = seen })
	token := e.partner("demo", "ADIE", "FRAC")
	body := example(t, "20261116-demo.csv")

	resp, _ := e.upload(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	e.upload(token, "20261116-demo.csv", body)
	e.upload("", "20261117-demo.csv", body)
	e.do(http.MethodGet, "/api/v1/files", seedHeaders(token, "x"), nil) // a read: not an upload

	w := e.browser()
	w.signIn(token)
	resp, page := w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	w.deposit("20261117-demo.csv", example(t, "20261117-demo.csv"), w.csrf)

	assert.Equal(t, []string{
		"api Created bytes", "api Conflict 0", "api Unauthorized 0",
		"web Created bytes", "web Conflict 0",
	}, seen.list())
}

func TestReadyz(t *testing.T) {
	var notReady error
	e := newEnv(t, func(e *env) {
		e.h.Ready = func(context.Context) error { return notReady }
	})
	resp, b := e.get("", "/readyz")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	assert.JSONEq(t, `{"status":"ok"}`, string(b))
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))

	notReady = errors.New("data directory /srv/eleader: read-only file system")
	resp, b = e.get("", "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", b)
	assert.Contains(t, string(b), "répertoire de données")
	assert.NotContains(t, string(b), "/srv/eleader", "the details go to the log")
	assert.Contains(t, e.logs.String(), "read-only file system")

	notReady = nil
	require.NoError(t, e.svc.Store.Close())
	resp, b = e.get("", "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", b)
	assert.Contains(t, string(b), "base de données")
}
