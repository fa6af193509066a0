package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC)
	bar := &progressBar{w: &out, now: func() time.Time { return now }}
	r := &progressReader{r: strings.NewReader(strings.Repeat("x", 1000)), total: 1000, update: bar.update}
	buf := make([]byte, 250)
	_, err := r.Read(buf)
	require.NoError(t, err)
	assert.Contains(t, out.String(), "[#######-----------------------]  25%  0.0/0.0 MB")
	out.Reset()
	now = now.Add(50 * time.Millisecond)
	r.Read(buf)
	assert.Empty(t, out.String(), "at most ten drawings a second")
	now = now.Add(2 * time.Second)
	r.Read(buf)
	assert.Contains(t, out.String(), " 75% ")
	assert.Contains(t, out.String(), "1s left", "2.05 s for 750 bytes: about 0.7 s for the last 250")
	io.Copy(io.Discard, r)
	assert.Contains(t, out.String(), "100%", "the end is always drawn")
	bar.end()
	assert.True(t, strings.HasSuffix(out.String(), "\n"))
	assert.False(t, isTerminal(&out))
	assert.False(t, isTerminal(&stdio{err: &out}))
}

func TestHealthcheck(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	code, out, _ := runCLI(t, "healthcheck", srv.URL)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "/healthz: healthy")
	status = http.StatusServiceUnavailable
	code, _, stderr := runCLI(t, "healthcheck", srv.URL+"/healthz")
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "503 Service Unavailable")
	srv.Close()
	code, _, stderr = runCLI(t, "healthcheck", "--timeout", "2s", srv.URL)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, stderr, "unreachable")
	code, _, _ = runCLI(t, "healthcheck", "ftp://x")
	assert.Equal(t, exitUsage, code)
}
