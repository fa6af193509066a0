package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/examples"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/require"
)

// env is a service with real parts (SQLite, deposit directories, the .eml
// outbox folder) behind the handler, served by an httptest.Server whose
// every API response is checked against the OpenAPI document.
type env struct {
	t      testing.TB
	svc    *eleader.Service
	h      *httpapi.Handler
	srv    *httptest.Server
	depots string
	outbox string
	logs   *syncBuffer
	tokens map[string]string
}

// syncBuffer is a buffer the handler's logger writes to from many
// goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newEnv starts a service; configure changes the handler before it serves.
func newEnv(t testing.TB, configure ...func(*env)) *env {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "eleader.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	depots := filepath.Join(dir, "depots")
	dd, err := dropdir.New(depots)
	require.NoError(t, err)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc := &eleader.Service{Store: store, Deposits: dd, Logger: logger, Workbooks: xlsx.Workbooks{}}
	outbox := filepath.Join(dir, "outbox")
	svc.Outbox = &eleader.Outbox{Service: svc, Mailer: &smtp.Folder{Dir: outbox}, Workbooks: xlsx.Workbooks{}, From: "eleader@eleader.example"}
	svc.Workbooks = xlsx.Workbooks{}
	h := httpapi.New(svc)
	h.Logger = logger
	h.Workbooks = xlsx.Workbooks{}
	e := &env{t: t, svc: svc, h: h, depots: depots, outbox: outbox, logs: logs, tokens: map[string]string{}}
	for _, c := range configure {
		c(e)
	}
	e.srv = httptest.NewServer(conform(t, e.h))
	t.Cleanup(e.srv.Close)
	return e
}

// importNow makes the handler import each upload at once, with a queue
// running until the test ends.
func importNow(e *env) {
	q := &eleader.ImportQueue{Service: e.svc}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	e.t.Cleanup(func() { cancel(); <-done })
	e.h.Queue = q
}

// sheet is a complete connection sheet of a partner, in qualification.
func sheet(id string, operators ...string) eleader.ConnectionSheet {
	return eleader.ConnectionSheet{
		Partner: id, Name: "Partenaire " + id, Operators: operators,
		Channels: []eleader.Channel{eleader.ChannelAPI, eleader.ChannelWeb}, Mode: "partial", Environment: eleader.Qualification,
		Contact: eleader.Contact{Name: "Camille Test", Phone: "01 23 45 67 89", Email: "contact@" + id + ".example"},
	}
}

// activate creates a partner from its sheet, activates it, and returns its
// token.
func (e *env) activate(s eleader.ConnectionSheet) string {
	e.t.Helper()
	ctx := context.Background()
	_, _, err := e.svc.CreatePartner(ctx, s, "test")
	require.NoError(e.t, err)
	_, err = e.svc.SubmitPartner(ctx, s.Partner, "test")
	require.NoError(e.t, err)
	acts, err := e.svc.ProcessPartners(ctx, s.Partner, "test")
	require.NoError(e.t, err)
	require.Len(e.t, acts, 1)
	require.Empty(e.t, acts[0].Refused, "activation of %s", s.Partner)
	e.tokens[s.Partner] = acts[0].Token
	return acts[0].Token
}

// partner creates and activates a partner in qualification; its token is
// e.tokens[id].
func (e *env) partner(id string, operators ...string) string {
	return e.activate(sheet(id, operators...))
}

// example returns an example file's bytes.
func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(examples.Files, path.Join("files", name))
	require.NoError(t, err)
	return b
}

// headerOnly is a valid file without lines: the default matrice's header.
func headerOnly() []byte {
	m := matrice.Default()
	names := make([]string, m.Len())
	for i := range names {
		names[i] = m.FieldName(i)
	}
	return []byte(strings.Join(names, ";") + "\r\n")
}

// seedHeaders are the upload's headers exactly as seed 000 gives them.
func seedHeaders(token, name string) http.Header {
	h := http.Header{}
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Accept", "application/json")
	h.Set("Authorization", "fmetoken token="+token)
	return h
}

// do sends a request and returns the response with its body read.
func (e *env) do(method, target string, header http.Header, body io.Reader) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+target, body)
	require.NoError(e.t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := e.srv.Client().Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp, b
}

// upload posts a file with the seed's headers.
func (e *env) upload(token, name string, body []byte) (*http.Response, []byte) {
	e.t.Helper()
	return e.do(http.MethodPost, "/api/v1/files", seedHeaders(token, name), bytes.NewReader(body))
}

// get sends an authenticated GET.
func (e *env) get(token, target string) (*http.Response, []byte) {
	e.t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "fmetoken token="+token)
	}
	return e.do(http.MethodGet, target, h, nil)
}

// deposited returns the files in a partner's deposits.
func (e *env) deposited(partner string) map[string][]byte {
	e.t.Helper()
	out := map[string][]byte{}
	dir := filepath.Join(e.depots, partner, dropdir.DepositDir)
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return out
	}
	require.NoError(e.t, err)
	for _, en := range entries {
		b, err := os.ReadFile(filepath.Join(dir, en.Name()))
		require.NoError(e.t, err)
		out[en.Name()] = b
	}
	return out
}

// waitFor polls cond until it holds, or fails the test after 20 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// csvWith returns a valid file of the default matrice's header and rows.
func csvWith(rows ...string) []byte {
	header := strings.SplitN(string(exampleHeader), "\r\n", 2)[0]
	return []byte(header + "\r\n" + strings.Join(rows, "\r\n") + "\r\n")
}

// exampleHeader is the first example file (its header line starts it).
var exampleHeader = func() []byte {
	b, _ := fs.ReadFile(examples.Files, "files/20261116-demo.csv")
	return b
}()

// storedRejects reads a report's rejects file from the store, whole.
func storedRejects(tb testing.TB, svc *eleader.Service, r *eleader.Report) []byte {
	tb.Helper()
	rc, err := svc.OpenRejects(tb.Context(), r)
	require.NoError(tb, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(tb, err)
	return b
}
