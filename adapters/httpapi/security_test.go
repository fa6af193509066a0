package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hostile file names never reach the file system: each is a 422, and
// nothing is written anywhere.
func TestHostileFileNames(t *testing.T) {
	e := newEnv(t)
	token := e.partner("adie", "ADIE")
	root := filepath.Dir(e.depots)
	before := tree(t, root)
	start := time.Now()
	long := "20261116-" + strings.Repeat("a", 300) + ".csv"
	tests := []struct{ name, disposition string }{
		{"parent directory", `attachment; filename="../20261116-adie.csv"`},
		{"parents, deep", `attachment; filename="../../../../etc/20261116-adie.csv"`},
		{"encoded dots, RFC 5987", `attachment; filename*=UTF-8''%2E%2E%2F20261116-adie.csv`},
		{"encoded slash, RFC 5987", `attachment; filename*=UTF-8''..%2F..%2F20261116-adie.csv`},
		{"percent-encoded, literal", `attachment; filename="..%2F20261116-adie.csv"`},
		{"double-encoded", `attachment; filename="%252e%252e%252f20261116-adie.csv"`},
		{"absolute path", `attachment; filename="/etc/passwd"`},
		{"absolute path, valid base", `attachment; filename="/tmp/20261116-adie.csv"`},
		{"windows path", `attachment; filename="C:\\depot\\20261116-adie.csv"`},
		{"windows parent", `attachment; filename="..\\20261116-adie.csv"`},
		{"NUL in the name", `attachment; filename*=UTF-8''20261116-adie.csv%00.txt`},
		{"NUL before the extension", `attachment; filename*=UTF-8''20261116-adie%00.csv`},
		{"newline", `attachment; filename*=UTF-8''20261116-adie%0A.csv`},
		{"leading dot", `attachment; filename=".20261116-adie.csv"`},
		{"trailing slash", `attachment; filename="20261116-adie.csv/"`},
		{"only dots", `attachment; filename=".."`},
		{"very long", `attachment; filename="` + long + `"`},
		{"very very long", `attachment; filename="` + strings.Repeat("a", 20000) + `"`},
		{"look-alike letter", `attachment; filename="20261116-adіe.csv"`}, // Cyrillic і
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := seedHeaders(token, "x")
			h.Set("Content-Disposition", tc.disposition)
			resp, b := e.do(http.MethodPost, "/api/v1/files", h, strings.NewReader("NumeroDossier\r\n"))
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", b)
			code, msg := problemOf(t, b)
			assert.Equal(t, "bad_name", code)
			assert.NotContains(t, msg, "\x00")
		})
	}
	assert.Equal(t, before, tree(t, root), "no file written by a hostile name")
	for _, p := range []string{"/tmp/20261116-adie.csv", "/etc/20261116-adie.csv", filepath.Join(root, "20261116-adie.csv")} {
		info, err := os.Stat(p)
		if !errors.Is(err, fs.ErrNotExist) {
			require.NoError(t, err)
			assert.True(t, info.ModTime().Before(start), "%s written by the test", p)
		}
	}
}

// tree lists the files under root.
func tree(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, "-wal") && !strings.HasSuffix(p, "-shm") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// A client that sends its headers slowly is cut off after the server's
// ReadHeaderTimeout, while others are served.
func TestSlowHeaders(t *testing.T) {
	e := newEnv(t)
	token := e.partner("adie", "ADIE")
	srv := e.h.Server("127.0.0.1:0")
	assert.Equal(t, httpapi.DefaultReadHeaderTimeout, srv.ReadHeaderTimeout, "Server sets ReadHeaderTimeout")
	assert.Positive(t, srv.IdleTimeout)
	assert.Positive(t, srv.MaxHeaderBytes)
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /api/v1/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: fmetoken tok")
	require.NoError(t, err)

	// Meanwhile, a normal upload goes through.
	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/api/v1/files", bytes.NewReader(csvWith()))
	require.NoError(t, err)
	req.Header = seedHeaders(token, "20261116-adie.csv")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)

	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn) // the server closes the connection
	require.NoError(t, err, "the server closes the slow connection (EOF), before our 10 s deadline")
	assert.Less(t, time.Since(start), 5*time.Second)
}

// No beneficiary's data, and no token, ever reaches the logs: not through
// uploads, imports, searches, errors or the web page.
func TestNoPersonalDataInLogs(t *testing.T) {
	e := newEnv(t, importNow)
	token := e.partner("demo", "ADIE", "FRAC")
	for _, name := range []string{"20261116-demo.csv", "20261117-demo.csv"} {
		resp, b := e.upload(token, name, example(t, name))
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	}
	waitFor(t, "both imports", func() bool {
		files, err := e.svc.Files(context.Background(), "demo", 0)
		require.NoError(t, err)
		n := 0
		for _, f := range files {
			if f.State == eleader.FileImported {
				n++
			}
		}
		return n == 2
	})
	e.search(token, `{"nom":"Dupont","prenom":"Amélie","dateNaissance":"12/05/1990"}`)
	e.search(token, `{"siret":"73282932000074"}`)
	e.search(token, `{"nom":"Dupont"}`)
	h := seedHeaders(token, "x")
	h.Set("Content-Disposition", `attachment; filename="Dupont-Amelie-12051990.csv"`)
	e.do(http.MethodPost, "/api/v1/files", h, strings.NewReader("x"))
	e.do(http.MethodPost, "/api/v1/files", seedHeaders(token[:len(token)-2]+"zz", "20261118-demo.csv"), strings.NewReader("x"))
	e.get(token, "/api/v1/files?nom=Dupont")
	w := e.browser()
	w.signIn(token)
	w.post("/espace/recherche", map[string]string{"nom": "Dupont", "prenom": "Amélie", "naissance": "12/05/1990"})

	logs := e.logs.String()
	require.Contains(t, logs, "route=", "the requests were logged")
	require.Contains(t, logs, "20261117-demo.csv", "file names are logged")
	for _, secret := range []string{
		"Dupont", "DUPONT", "Amélie", "Amelie", "12/05/1990", "12051990", "amelie.dupont", "Benali", "73282932000074",
		"rue de la Paix", "06 12 34 56 78", token, token[len(token)-32:], "nom=",
	} {
		assert.NotContains(t, logs, secret, "the logs hold %q", secret)
	}
}

// 50 concurrent uploads of distinct files for 5 partners: all 201, all
// stored byte for byte, none lost; with the import at once, every one is
// handled and reported exactly once: imported, or — when a file of a later
// export date was imported before it arrived — superseded (spec §6). (The
// bounds on uploads in progress are lifted: TestUploadsInProgressBounded
// tests them.)
func TestConcurrentUploads(t *testing.T) {
	e := newEnv(t, importNow, func(e *env) { e.h.MaxUploadsPerPartner, e.h.MaxUploads = -1, -1 })
	const partners, each = 5, 10
	for i := range partners {
		e.partner(fmt.Sprintf("p%d", i), fmt.Sprintf("OPE%d", i))
	}
	type upload struct {
		partner, name string
		body          []byte
	}
	var uploads []upload
	for i := range partners {
		for j := range each {
			p := fmt.Sprintf("p%d", i)
			// Distinct bodies: a header, and a line with a cell that names
			// the file (rejected by the checks: the report says so).
			body := csvWith(fmt.Sprintf("OPE%d%06d;1;01/03/2026;;;10/11/2026;%s-%d", i, j, p, j))
			uploads = append(uploads, upload{p, fmt.Sprintf("202611%02d-%s.csv", j+1, p), body})
		}
	}
	var wg sync.WaitGroup
	statuses := make([]int, len(uploads))
	start := make(chan struct{})
	for k, u := range uploads {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/files", bytes.NewReader(u.body))
			req.Header = seedHeaders(e.tokens[u.partner], u.name)
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Errorf("%s: %v", u.name, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses[k] = resp.StatusCode
		})
	}
	close(start)
	wg.Wait()
	for k, s := range statuses {
		assert.Equal(t, http.StatusCreated, s, uploads[k].name)
	}

	// Every file reaches history byte for byte, imported once, with one
	// report each.
	ctx := context.Background()
	waitFor(t, "every import", func() bool {
		for i := range partners {
			files, err := e.svc.Files(ctx, fmt.Sprintf("p%d", i), 0)
			require.NoError(t, err)
			n := 0
			for _, f := range files {
				if f.State == eleader.FileImported || f.State == eleader.FileSuperseded {
					n++
				}
			}
			if n != each {
				return false
			}
		}
		return true
	})
	superseded := map[string]bool{}
	for _, u := range uploads {
		f, found, err := e.svc.Store.RunFile(ctx, u.partner, u.name)
		require.NoError(t, err)
		require.True(t, found, u.name)
		sum := sha256.Sum256(u.body)
		assert.Equal(t, fmt.Sprintf("%x", sum), f.SHA256, "%s stored byte for byte", u.name)
		kept := filepath.Join(e.depots, u.partner, "historique", u.name)
		if f.State == eleader.FileSuperseded {
			kept += ".superseded"
			superseded[u.partner+"/"+u.name] = true
		}
		b, err := os.ReadFile(kept)
		require.NoError(t, err)
		assert.Equal(t, u.body, b, u.name)
	}
	reports, err := e.svc.Store.Reports(ctx, "", 1000)
	require.NoError(t, err)
	files, named := 0, map[string]int{}
	for _, r := range reports {
		if !r.Notice {
			files++
		}
		for _, n := range r.Superseded {
			named[r.Partner+"/"+n]++
		}
	}
	assert.Equal(t, len(uploads)-len(superseded), files, "one report per file imported")
	for n := range superseded {
		assert.Equal(t, 1, named[n], "%s is named by one report", n)
	}
	assert.Len(t, named, len(superseded), "only superseded files are named so")
}

// Duplicate names racing: exactly one 201, the others 409, and the stored
// file is the winner's. (The bounds on uploads in progress are lifted: 20
// racers of one partner would meet them.)
func TestDuplicateNamesRacing(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.MaxUploadsPerPartner, e.h.MaxUploads = -1, -1 })
	token := e.partner("adie", "ADIE")
	const racers = 20
	var wg sync.WaitGroup
	statuses := make([]int, racers)
	bodies := make([][]byte, racers)
	start := make(chan struct{})
	for i := range racers {
		bodies[i] = csvWith(fmt.Sprintf("ADIE%06d;1", i))
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/files", bytes.NewReader(bodies[i]))
			req.Header = seedHeaders(token, "20261116-adie.csv")
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Errorf("racer %d: %v", i, err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			statuses[i] = resp.StatusCode
			if resp.StatusCode == http.StatusConflict {
				var p struct{ Code string }
				json.Unmarshal(b, &p)
				assert.Equal(t, "conflict", p.Code)
			}
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, s := range statuses {
		switch s {
		case http.StatusCreated:
			assert.Equal(t, -1, winner, "two 201s")
			winner = i
		case http.StatusConflict:
		default:
			t.Errorf("racer %d: status %d", i, s)
		}
	}
	require.NotEqual(t, -1, winner, "one 201")
	assert.Equal(t, map[string][]byte{"20261116-adie.csv": bodies[winner]}, e.deposited("adie"), "the winner's bytes")
}

// A TLS client certificate on an active sheet authenticates instead of a
// token, when configured; another certificate does not.
func TestClientCertificate(t *testing.T) {
	ca := newTestCA(t)
	partnerCert := ca.client(t, "adie")
	strangerCert := ca.client(t, "stranger")
	e := newEnv(t)
	s := sheet("adie", "ADIE")
	s.Certificate = partnerCert.pem
	e.activate(s)
	withCerts := httpapi.New(e.svc)
	withCerts.ClientCertificates = true
	srv := tlsServer(t, conform(t, withCerts))
	plain := tlsServer(t, conform(t, httpapi.New(e.svc)))

	upload := func(srv *httptest.Server, cert *testCert, name string) (int, []byte) {
		client := srv.Client()
		if cert != nil {
			client = clientWithCert(srv, cert)
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/files", bytes.NewReader(csvWith()))
		req.Header = seedHeaders("", name)
		req.Header.Del("Authorization")
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	status, b := upload(srv, partnerCert, "20261116-adie.csv")
	assert.Equal(t, http.StatusCreated, status, "%s", b)
	status, b = upload(srv, strangerCert, "20261117-adie.csv")
	assert.Equal(t, http.StatusUnauthorized, status, "%s", b)
	assert.Contains(t, string(b), "certificat")
	status, b = upload(srv, nil, "20261118-adie.csv")
	assert.Equal(t, http.StatusUnauthorized, status, "%s", b)

	// Not configured: the certificate is ignored.
	status, b = upload(plain, partnerCert, "20261119-adie.csv")
	assert.Equal(t, http.StatusUnauthorized, status, "%s", b)

	// A deactivated sheet's certificate no longer works.
	_, err := e.svc.DeactivatePartner(context.Background(), "adie", "test", "")
	require.NoError(t, err)
	status, b = upload(srv, partnerCert, "20261120-adie.csv")
	assert.Equal(t, http.StatusUnauthorized, status, "%s", b)
}
