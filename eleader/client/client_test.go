package client_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/eleader/client"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// service is a real E#L service (SQLite, deposit directories, the HTTP
// handler) with partners adie and frac; its tokens are in tokens.
type service struct {
	svc     *eleader.Service
	handler http.Handler
	depots  string
	tokens  map[string]string
}

func newService(t *testing.T) *service {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "eleader.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	depots := filepath.Join(dir, "depots")
	dd, err := dropdir.New(depots)
	require.NoError(t, err)
	svc := &eleader.Service{Store: store, Deposits: dd}
	s := &service{svc: svc, handler: httpapi.New(svc), depots: depots, tokens: map[string]string{}}
	for id, oper := range map[string]string{"adie": "ADIE", "frac": "FRAC"} {
		sheet := eleader.ConnectionSheet{
			Partner: id, Name: id, Operators: []string{oper}, Channels: []eleader.Channel{eleader.ChannelAPI},
			Mode: "partial", Environment: eleader.Qualification,
			Contact: eleader.Contact{Name: "Camille", Phone: "0123456789", Email: "c@" + id + ".example"},
		}
		ctx := context.Background()
		_, _, err := svc.CreatePartner(ctx, sheet, "test")
		require.NoError(t, err)
		_, err = svc.SubmitPartner(ctx, id, "test")
		require.NoError(t, err)
		acts, err := svc.ProcessPartners(ctx, id, "test")
		require.NoError(t, err)
		require.Len(t, acts, 1)
		s.tokens[id] = acts[0].Token
	}
	return s
}

// file writes a file in a temporary directory and returns its path.
func file(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

// header is a valid file without lines: the default matrice's columns (a
// file E#L refuses at its deposit is no use to these tests).
var header = func() string {
	m := matrice.Default()
	names := make([]string, m.Len())
	for i := range names {
		names[i] = m.FieldName(i)
	}
	return strings.Join(names, ";") + "\r\n"
}()

// fast is a client without waiting between retries.
func fast(url, token string) *client.Client {
	c := client.New(url, token)
	c.Backoff, c.MaxBackoff = time.Millisecond, 5*time.Millisecond
	return c
}

func TestUploadHeadersAndReceipt(t *testing.T) {
	s := newService(t)
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			got = r.Header.Clone()
		}
		s.handler.ServeHTTP(w, r)
	}))
	defer srv.Close()
	data := []byte(header + "ADIE000001;1\r\n")
	r, err := fast(srv.URL, s.tokens["adie"]).Upload(context.Background(), file(t, "20261116-adie.csv", data))
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	assert.Equal(t, "20261116-adie.csv", r.Name)
	assert.Equal(t, "adie", r.Partner)
	assert.Equal(t, int64(len(data)), r.Size)
	assert.Equal(t, hex.EncodeToString(sum[:]), r.SHA256)
	assert.Equal(t, "manual", r.Import.Mode)
	assert.False(t, r.Recovered)

	assert.Equal(t, `attachment; filename="20261116-adie.csv"`, got.Get("Content-Disposition"))
	assert.Equal(t, "application/octet-stream", got.Get("Content-Type"))
	assert.Equal(t, "application/json", got.Get("Accept"))
	assert.Equal(t, "fmetoken token="+s.tokens["adie"], got.Get("Authorization"))

	stored, err := os.ReadFile(filepath.Join(s.depots, "adie", dropdir.DepositDir, "20261116-adie.csv"))
	require.NoError(t, err)
	assert.Equal(t, data, stored)

	// The file as E#L knows it, and the list.
	c := fast(srv.URL+"/api/v1/files", s.tokens["adie"]) // the endpoint as URL works too
	f, err := c.File(context.Background(), "20261116-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, "waiting", f.State)
	assert.Equal(t, r.SHA256, f.SHA256)
	files, err := c.Files(context.Background())
	require.NoError(t, err)
	require.Len(t, files, 1)
	_, err = c.File(context.Background(), "20261117-adie.csv")
	assert.ErrorIs(t, err, client.ErrNotFound)
}

// A bad name is refused before anything is sent.
func TestUploadBadNameNotSent(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	for _, name := range []string{"export.csv", "20261116-adie.xls", "20261116-adie.XLSX", "2026-11-16-adie.csv", "20261116-ADIE.csv"} {
		_, err := fast(srv.URL, "elt_x").Upload(context.Background(), file(t, name, []byte(header)))
		require.Error(t, err, name)
		assert.ErrorIs(t, err, client.ErrBadName, name)
		assert.ErrorIs(t, err, importer.ErrFileName, name)
		var ce *client.Error
		require.ErrorAs(t, err, &ce)
		assert.True(t, ce.Local)
		assert.Contains(t, err.Error(), "not sent")
	}
	_, err := fast(srv.URL, "elt_x").UploadReader(context.Background(), "../20261116-adie.csv", bytes.NewReader(nil), 0)
	assert.ErrorIs(t, err, client.ErrBadName)
	assert.Zero(t, requests.Load(), "nothing sent")
}

// Each refusal is an *Error matching its status's sentinel, with E#L's
// message, and is not retried.
func TestUploadStatuses(t *testing.T) {
	s := newService(t)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		s.handler.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx := context.Background()
	adie := fast(srv.URL, s.tokens["adie"])
	_, err := adie.Upload(ctx, file(t, "20261101-adie.csv", []byte(header)))
	require.NoError(t, err)

	tests := []struct {
		name   string
		c      *client.Client
		file   string
		data   []byte
		target error
	}{
		{"bad token", fast(srv.URL, s.tokens["adie"][:20]), "20261116-adie.csv", []byte(header), client.ErrUnauthorized},
		{"another partner's file", adie, "20261116-frac.csv", []byte(header), client.ErrForbidden},
		{"unknown partner", adie, "20261116-inconnu.csv", []byte(header), client.ErrNotFound},
		{"name used", adie, "20261101-adie.csv", []byte(header), client.ErrConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := requests.Load()
			_, err := tc.c.Upload(ctx, file(t, tc.file, tc.data))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.target)
			var ce *client.Error
			require.ErrorAs(t, err, &ce)
			assert.NotEmpty(t, ce.Code)
			assert.NotEmpty(t, ce.Message)
			assert.Equal(t, tc.file, ce.Name)
			assert.Equal(t, int32(1), requests.Load()-before, "a 4xx is not retried")
		})
	}

	// 413, 415, 422 from a server configured for them.
	small := httpapi.New(s.svc)
	small.MaxUpload = 10
	srv2 := httptest.NewServer(small)
	defer srv2.Close()
	_, err = fast(srv2.URL, s.tokens["adie"]).Upload(ctx, file(t, "20261116-adie.csv", bytes.Repeat([]byte("x"), 11)))
	assert.ErrorIs(t, err, client.ErrTooLarge)
	for status, target := range map[int]error{415: client.ErrUnsupported, 422: client.ErrBadName} {
		srv3 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(`{"code":"x","message":"à corriger"}`))
		}))
		_, err = fast(srv3.URL, "elt_x").Upload(ctx, file(t, "20261116-adie.csv", []byte(header)))
		srv3.Close()
		assert.ErrorIs(t, err, target)
		assert.Contains(t, err.Error(), "à corriger")
	}
}

// flaky serves a script of failures before passing requests to next.
type flaky struct {
	mu       sync.Mutex
	script   []string // "503", "500", "drop" (close the connection), "lose" (serve, then drop the answer)
	attempts int
	next     http.Handler
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	step := ""
	if r.Method == http.MethodPost {
		f.attempts++
		if len(f.script) > 0 {
			step, f.script = f.script[0], f.script[1:]
		}
	}
	f.mu.Unlock()
	switch step {
	case "503":
		w.Header().Set("Retry-After", "0")
		http.Error(w, `{"code":"unavailable","message":"surcharge"}`, http.StatusServiceUnavailable)
	case "500":
		http.Error(w, "boom", http.StatusInternalServerError)
	case "drop":
		conn, _, _ := http.NewResponseController(w).Hijack()
		conn.Close()
	case "lose":
		f.next.ServeHTTP(httptest.NewRecorder(), r) // deposited …
		conn, _, _ := http.NewResponseController(w).Hijack()
		conn.Close() // … but the answer is lost
	default:
		f.next.ServeHTTP(w, r)
	}
}

func TestUploadRetries(t *testing.T) {
	ctx := context.Background()
	t.Run("5xx then success", func(t *testing.T) {
		s := newService(t)
		f := &flaky{script: []string{"503", "500"}, next: s.handler}
		srv := httptest.NewServer(f)
		defer srv.Close()
		r, err := fast(srv.URL, s.tokens["adie"]).Upload(ctx, file(t, "20261116-adie.csv", []byte(header)))
		require.NoError(t, err)
		assert.Equal(t, 3, f.attempts)
		assert.False(t, r.Recovered)
	})
	t.Run("network error then success", func(t *testing.T) {
		s := newService(t)
		f := &flaky{script: []string{"drop"}, next: s.handler}
		srv := httptest.NewServer(f)
		defer srv.Close()
		_, err := fast(srv.URL, s.tokens["adie"]).Upload(ctx, file(t, "20261116-adie.csv", []byte(header)))
		require.NoError(t, err)
		assert.Equal(t, 2, f.attempts)
	})
	t.Run("answer lost: the 409 of the retry is checked", func(t *testing.T) {
		s := newService(t)
		f := &flaky{script: []string{"lose"}, next: s.handler}
		srv := httptest.NewServer(f)
		defer srv.Close()
		data := []byte(header + "ADIE000001;1\r\n")
		r, err := fast(srv.URL, s.tokens["adie"]).Upload(ctx, file(t, "20261116-adie.csv", data))
		require.NoError(t, err, "the first attempt deposited the file")
		assert.True(t, r.Recovered)
		assert.Equal(t, 2, f.attempts)
		sum := sha256.Sum256(data)
		assert.Equal(t, hex.EncodeToString(sum[:]), r.SHA256)
	})
	t.Run("answer lost, but the service holds other bytes: a real conflict", func(t *testing.T) {
		s := newService(t)
		_, err := fast(httptest.NewServer(s.handler).URL, s.tokens["adie"]).Upload(ctx, file(t, "20261116-adie.csv", []byte(header+"ADIE000009;1\r\n")))
		require.NoError(t, err)
		f := &flaky{script: []string{"drop"}, next: s.handler}
		srv := httptest.NewServer(f)
		defer srv.Close()
		_, err = fast(srv.URL, s.tokens["adie"]).Upload(ctx, file(t, "20261116-adie.csv", []byte(header)))
		assert.ErrorIs(t, err, client.ErrConflict)
	})
	t.Run("retries exhausted", func(t *testing.T) {
		s := newService(t)
		f := &flaky{script: []string{"500", "500", "500", "500", "500", "500"}, next: s.handler}
		srv := httptest.NewServer(f)
		defer srv.Close()
		c := fast(srv.URL, s.tokens["adie"])
		c.Retries = 2
		_, err := c.Upload(ctx, file(t, "20261116-adie.csv", []byte(header)))
		var ce *client.Error
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, 500, ce.Status)
		assert.True(t, client.IsTemporary(err))
		assert.Equal(t, 3, f.attempts, "one attempt and two retries")
	})
	t.Run("cancelled while waiting", func(t *testing.T) {
		s := newService(t)
		f := &flaky{script: []string{"500", "500"}, next: s.handler}
		srv := httptest.NewServer(f)
		defer srv.Close()
		c := client.New(srv.URL, s.tokens["adie"])
		c.Backoff = time.Hour
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := c.Upload(ctx, file(t, "20261116-adie.csv", []byte(header)))
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	})
}

func TestBadURL(t *testing.T) {
	for _, u := range []string{"", "eleader.example", "ftp://eleader.example", "http://"} {
		_, err := client.New(u, "elt_x").UploadReader(context.Background(), "20261116-adie.csv", bytes.NewReader(nil), 0)
		assert.ErrorContains(t, err, "is not the service's URL", u)
	}
}
