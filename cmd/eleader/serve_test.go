package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a buffer written by the server's goroutine and read by
// the test's.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is "eleader serve" running in the test.
type server struct {
	out, errs *lockedBuffer
	stop      context.CancelFunc
	code      chan int
	base      string
}

// startServe runs "eleader serve" with args on a free port and waits for
// its banner.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{out: &lockedBuffer{}, errs: &lockedBuffer{}, stop: cancel, code: make(chan int, 1)}
	go func() { s.code <- runServe(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), s.out, s.errs) }()
	deadline := time.Now().Add(20 * time.Second)
	re := regexp.MustCompile(`serving on (http://\S+)`)
	for {
		if m := re.FindStringSubmatch(s.out.String()); m != nil && (!contains(args, "--demo") || strings.Contains(s.out.String(), "--data-binary")) {
			s.base = m[1]
			break
		}
		select {
		case code := <-s.code:
			t.Fatalf("serve exited with %d: %s", code, s.errs.String())
		default:
		}
		require.True(t, time.Now().Before(deadline), "no banner: %s %s", s.out.String(), s.errs.String())
		time.Sleep(10 * time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.code:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shutdown stops the server and returns its exit code.
func (s *server) shutdown(t *testing.T) int {
	t.Helper()
	s.stop()
	select {
	case code := <-s.code:
		s.code <- code // for the cleanup
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
		return -1
	}
}

// curlLine is the curl command the demo banner prints.
func curlLine(t *testing.T, banner string) string {
	t.Helper()
	i := strings.Index(banner, "curl --location")
	require.GreaterOrEqual(t, i, 0, banner)
	j := strings.Index(banner[i:], "--data-binary")
	k := strings.Index(banner[i+j:], "\n")
	return banner[i : i+j+k]
}

// runCurl runs a curl command line with sh, or (without curl) does what it
// says with net/http: the same headers and body.
func runCurl(t *testing.T, line string) (int, []byte) {
	t.Helper()
	if _, err := exec.LookPath("curl"); err == nil {
		out, err := exec.Command("sh", "-c", line+" --silent --show-error --write-out '\\n%{http_code}'").Output()
		require.NoError(t, err, "%s", line)
		s := strings.TrimSpace(string(out))
		nl := strings.LastIndex(s, "\n")
		code, err := strconv.Atoi(s[nl+1:])
		require.NoError(t, err)
		return code, []byte(s[:nl])
	}
	url := regexp.MustCompile(`--request POST '([^']+)'`).FindStringSubmatch(line)[1]
	file := regexp.MustCompile(`--data-binary '@([^']+)'`).FindStringSubmatch(line)[1]
	body, err := os.ReadFile(file)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	for _, m := range regexp.MustCompile(`--header '([^:]+): ([^']*)'`).FindAllStringSubmatch(line, -1) {
		req.Header.Set(m[1], m[2])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// The seed's cURL example, as "serve --demo" prints it, deposits the file;
// it is imported at once and reported; sent again, it is a 409.
func TestServeDemoCurl(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	banner := s.out.String()
	token := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(banner)
	require.NotNil(t, token, banner)
	line := curlLine(t, banner)
	assert.Contains(t, line, `--header 'Content-Disposition: attachment; filename="`)
	assert.Contains(t, line, `--header 'Content-Type: application/octet-stream'`)
	assert.Contains(t, line, `--header 'Accept: application/json'`)
	assert.Contains(t, line, `--header 'Authorization: fmetoken token=`+token[1]+`'`)
	assert.Contains(t, line, `filename="20170101-demo.csv"`, "a day no real export carries")

	code, body := runCurl(t, line)
	require.Equal(t, http.StatusCreated, code, "%s", body)
	var receipt struct {
		Name   string
		Import struct{ Mode string }
	}
	require.NoError(t, json.Unmarshal(body, &receipt))
	assert.Equal(t, "immediate", receipt.Import.Mode, "--demo imports at once")
	assert.Contains(t, banner, "an export generated for the demo: 30 lines, 6 of them with an error; dated 01/01/2017")

	// Imported, reported, the report in the outbox folder.
	waitUntil(t, "the report", func() bool {
		entries, _ := os.ReadDir(filepath.Join(data, "outbox"))
		return len(entries) == 1
	})
	req, _ := http.NewRequest(http.MethodGet, s.base+"/api/v1/files/"+receipt.Name, nil)
	req.Header.Set("Authorization", "fmetoken token="+token[1])
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(b), `"state":"imported"`)
	assert.Contains(t, string(b), `"status":"partial"`, "the demo's generated export, on the demo partner's operator code, a fifth of its lines faulty")

	code, body = runCurl(t, line)
	assert.Equal(t, http.StatusConflict, code, "%s", body)
	assert.Contains(t, string(body), "déjà été déposé")

	resp, err = http.Get(s.base + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, exitOK, s.shutdown(t))
	assert.NotContains(t, s.errs.String(), "Dupont", "no personal data in the logs")

	// Started again on the same data: a new token, a name still free.
	s2 := startServe(t, "--data", data, "--demo")
	line2 := curlLine(t, s2.out.String())
	assert.Contains(t, line2, `filename="20170102-demo.csv"`, "the next day, after the first: imported, not superseded")
	code, body = runCurl(t, line2)
	assert.Equal(t, http.StatusCreated, code, "%s", body)
	code, body = runCurl(t, strings.ReplaceAll(line, strings.Split(line, "'")[1], s2.base+"/api/v1/files"))
	assert.Equal(t, http.StatusUnauthorized, code, "the first token was replaced: %s", body)
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		require.True(t, time.Now().Before(deadline), "timed out waiting for %s", what)
		time.Sleep(20 * time.Millisecond)
	}
}

// A stop while an upload is in flight lets it complete.
func TestServeGracefulStop(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo", "--import", "daily")
	token := regexp.MustCompile(`\n  (elt_\S+)\n`).FindStringSubmatch(s.out.String())[1]
	body, err := os.ReadFile(demoClean) // a file the deposit's checks accept
	require.NoError(t, err)
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, s.base+"/api/v1/files", pr)
	require.NoError(t, err)
	req.Header.Set("Content-Disposition", `attachment; filename="20200101-demo.csv"`)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "fmetoken token="+token)
	req.ContentLength = int64(len(body))
	done := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			done <- nil
			return
		}
		done <- resp
	}()
	pw.Write(body[:10]) // the upload has started
	time.Sleep(200 * time.Millisecond)
	s.stop() // Ctrl-C
	time.Sleep(300 * time.Millisecond)
	pw.Write(body[10:])
	pw.Close()
	resp := <-done
	require.NotNil(t, resp)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	assert.Equal(t, exitOK, s.shutdown(t))
	got, err := os.ReadFile(filepath.Join(data, "depots", "demo", "depot", "20200101-demo.csv"))
	require.NoError(t, err)
	assert.Equal(t, body, got, "the upload in flight was stored whole")
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--import", "sometimes"},
		{"--client-certs"},
		{"--tls-cert", "x.pem"},
		{"--max-mb", "0"},
		{"--search-rate", "-1"},
		{"--check-rate", "-1"},
		{"--uploads", "-2"},
		{"--addr", "8080"},
		{"--at", "25:00"},
		{"extra"},
	} {
		var out, errs bytes.Buffer
		code := runServe(context.Background(), args, &out, &errs)
		assert.Equal(t, exitUsage, code, "%v: %s", args, errs.String())
	}
}

// Instances starting together on one data directory agree on one session
// key, and never read one half written.
func TestSessionKeyShared(t *testing.T) {
	for round := range 50 {
		path := filepath.Join(t.TempDir(), "data", "session.key")
		keys := make([][]byte, 8)
		var wg sync.WaitGroup
		for i := range keys {
			wg.Go(func() {
				k, err := sessionKey(path)
				assert.NoError(t, err, "round %d", round)
				keys[i] = k
			})
		}
		wg.Wait()
		for _, k := range keys {
			assert.Len(t, k, 32)
			assert.Equal(t, keys[0], k, "round %d: one key", round)
		}
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
		entries, _ := os.ReadDir(filepath.Dir(path))
		assert.Len(t, entries, 1, "no temporary file left")
	}
}

// TestServeDemoPortal: the demo's people sign in to the portal and the
// console by the link the demo prints (and writes to the outbox).
func TestServeDemoPortal(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	banner := s.out.String()
	assert.Contains(t, banner, "operateur@eleader.example")
	assert.Contains(t, banner, "technique@demo.example")
	assert.Contains(t, banner, s.base+"/raccordements")
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", s.base)
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	signIn := func(email string) (*http.Response, string) {
		t.Helper()
		resp, body := post("/connexion/courriel", url.Values{"courriel": {email}})
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		re := regexp.MustCompile(`demo: sign-in link for ` + regexp.QuoteMeta(email) + ` \(15 minutes, once\): (\S+/connexion/lien\?jeton=(ell_\S+))`)
		var m []string
		waitUntil(t, "the printed link", func() bool {
			m = re.FindStringSubmatch(s.out.String())
			return m != nil
		})
		assert.True(t, strings.HasPrefix(m[1], s.base+"/"), "the link carries the service's address")
		found := false
		entries, _ := os.ReadDir(filepath.Join(data, "outbox"))
		for _, en := range entries {
			if strings.HasPrefix(en.Name(), "connexion-") {
				found = true
			}
		}
		assert.True(t, found, "the link's email is in the outbox")
		s.out.mu.Lock()
		s.out.buf.Reset() // the next sign-in prints a new link
		s.out.mu.Unlock()
		return post("/connexion/lien", url.Values{"jeton": {m[2]}})
	}
	resp, body := signIn("technique@demo.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/raccordements", resp.Request.URL.Path)
	assert.Contains(t, body, "Créer la fiche de atelier")
	assert.Contains(t, body, `data-label="Partenaire">demo</th>`)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	require.NotNil(t, csrf)
	resp, _ = post("/deconnexion", url.Values{"csrf": {csrf[1]}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = signIn("operateur@eleader.example")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "/console", resp.Request.URL.Path)
	assert.Contains(t, body, `<a href="/console/partenaires/demo">demo</a>`)
	assert.Equal(t, exitOK, s.shutdown(t))
	assert.NotContains(t, s.errs.String(), "technique@demo.example", "no email address in the logs")
}

// --public-url is the address the links of emails carry.
func TestServePublicURL(t *testing.T) {
	code, _, stderr := runCLI(t, "serve", "--public-url", "ftp://x")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--public-url \"ftp://x\" is not an address like https://eleader.example")
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo", "--public-url", "https://eleader.example/")
	resp, err := http.PostForm(s.base+"/connexion/courriel", url.Values{"courriel": {"technique@demo.example"}})
	require.NoError(t, err)
	resp.Body.Close()
	waitUntil(t, "the printed link", func() bool {
		return strings.Contains(s.out.String(), "demo: sign-in link for technique@demo.example (15 minutes, once): https://eleader.example/connexion/lien?jeton=ell_")
	})
}
