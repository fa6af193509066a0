package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowUpload is an upload whose body the test sends when it likes.
type slowUpload struct {
	pw   *io.PipeWriter
	done chan *http.Response
}

// startUpload begins an upload of name for token, sending the header line
// of its body, and waits until the server holds it (its headers read).
func startUpload(t *testing.T, e *env, token, name string) *slowUpload {
	t.Helper()
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/files", pr)
	require.NoError(t, err)
	req.Header = seedHeaders(token, name)
	u := &slowUpload{pw: pw, done: make(chan *http.Response, 1)}
	go func() {
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			u.done <- nil
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		u.done <- resp
	}()
	_, err = pw.Write(csvWith()) // the header line: the upload is under way
	require.NoError(t, err)
	return u
}

// finish sends the rest of the body and returns the status.
func (u *slowUpload) finish(t *testing.T) int {
	t.Helper()
	u.pw.Close()
	select {
	case resp := <-u.done:
		require.NotNil(t, resp)
		return resp.StatusCode
	case <-time.After(20 * time.Second):
		t.Fatal("the upload never ended")
		return 0
	}
}

// TestUploadsInProgressBounded: slow uploads in progress are bounded per
// partner and in all: one more is 429 at once, with Retry-After, its body
// never read and its connection closed; once an upload ends, its place is
// free; the web page's deposits count with the API's.
func TestUploadsInProgressBounded(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.MaxUploadsPerPartner, e.h.MaxUploads = 2, 3 })
	adie, frac := e.partner("adie", "ADIE"), e.partner("frac", "FRAC")
	refused := func(token, name string) {
		t.Helper()
		resp, b := e.upload(token, name, csvWith())
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "%s: %s", name, b)
		code, msg := problemOf(t, b)
		assert.Equal(t, "rate_limited", code)
		assert.Contains(t, msg, "Trop de dépôts en cours : un partenaire peut en envoyer 2 à la fois, et le service 3 au total.")
		assert.Equal(t, "30", resp.Header.Get("Retry-After"))
		assert.True(t, resp.Close, "the connection is closed")
	}

	// An upload holds its place once its body streams to a temporary file.
	underWay := func(partner string, n int) {
		t.Helper()
		waitFor(t, fmt.Sprintf("%d uploads of %s under way", n, partner), func() bool {
			tmp, _ := filepath.Glob(filepath.Join(e.depots, partner, "depot", ".tmp-*"))
			return len(tmp) == n
		})
	}
	a1 := startUpload(t, e, adie, "20261101-adie.csv")
	a2 := startUpload(t, e, adie, "20261102-adie.csv")
	underWay("adie", 2)
	refused(adie, "20261103-adie.csv")

	f1 := startUpload(t, e, frac, "20261101-frac.csv")
	underWay("frac", 1)
	refused(frac, "20261102-frac.csv") // three in all

	// The web page counts with the API.
	w := e.browser()
	w.signIn(adie)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", w.csrf)
	fw, _ := mw.CreateFormFile("fichier", "20261104-adie.csv")
	fw.Write(csvWith())
	mw.Close()
	resp, body := w.page(http.MethodPost, "/espace/depot", &buf, mw.FormDataContentType())
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Contains(t, body, "Trop de dépôts en cours")

	assert.Equal(t, http.StatusCreated, a1.finish(t))
	resp, b := e.upload(adie, "20261105-adie.csv", csvWith())
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "a place freed: %s", b)
	assert.Equal(t, http.StatusCreated, a2.finish(t))
	assert.Equal(t, http.StatusCreated, f1.finish(t))
	for i := range 3 {
		resp, b := e.upload(frac, fmt.Sprintf("202611%02d-frac.csv", 10+i), csvWith())
		assert.Equal(t, http.StatusCreated, resp.StatusCode, "one after the other: %s", b)
	}
	assert.Equal(t, 3, strings.Count(e.logs.String(), "http: upload refused: too many in progress"), "refusals are logged")
}
