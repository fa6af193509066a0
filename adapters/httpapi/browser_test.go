package httpapi_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium finds a Chromium or Chrome to drive. Without one the browser
// test is skipped, unless ELEADER_REQUIRE_BROWSER is set (CI sets it, and
// installs Chromium): then it fails.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ELEADER_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("ELEADER_REQUIRE_BROWSER") != "" {
		t.Fatal("no Chromium found, and ELEADER_REQUIRE_BROWSER is set (install chromium, or set ELEADER_CHROMIUM)")
	}
	t.Skip("no Chromium found (install chromium, or set ELEADER_CHROMIUM): browser test skipped")
	return ""
}

// frenchBrowser starts headless Chromium (exe), asking for French as a
// partner's browser does, with opts after the common options; its tab's
// context ends after timeout, and the browser with the test.
func frenchBrowser(t *testing.T, exe string, timeout time.Duration, opts ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	all := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("accept-lang", "fr-FR,fr"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(all, opts...)...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return ctx
}

// TestBrowser drives the web page in headless Chromium, with the keyboard
// where a partner would: sign in, deposit a file, see its report.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped under -short")
	}
	exe := chromium(t)
	e := newEnv(t, importNow)
	token := e.partner("demo", "ADIE", "FRAC")
	file := filepath.Join(t.TempDir(), "20261117-demo.csv")
	require.NoError(t, os.WriteFile(file, example(t, "20261117-demo.csv"), 0o600))

	ctx := frenchBrowser(t, exe, 90*time.Second)

	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		require.NoError(t, err)
		return s
	}
	value := func(expr string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		require.NoError(t, err)
		return v
	}
	// Every visible field has a label: a script over the page.
	const allLabelled = `Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea')).every(i => i.labels && i.labels.length > 0 && i.labels[0].textContent.trim() !== '')`

	// Sign in with the keyboard: the token field, Enter.
	run(chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("jeton")))
	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	assert.Contains(t, title, "Connexion")
	assert.True(t, value(allLabelled), "sign-in page: every field has a label")
	run(
		chromedp.Focus(chromedp.ID("jeton")),
		chromedp.SendKeys(chromedp.ID("jeton"), token+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("fichier")),
	)
	location, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(location, "/espace"), location)
	assert.True(t, value(allLabelled), "partner page: every field has a label")

	// Deposit the file: choose it, then Tab to the button and press Enter.
	run(
		chromedp.SetUploadFiles(chromedp.ID("fichier"), []string{file}),
		chromedp.Focus(chromedp.ID("fichier")),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("message-succes")),
	)
	assert.Contains(t, text("#message-succes"), "Le fichier 20261117-demo.csv a été déposé")

	// Its import is done at once: reload until the report link shows.
	deadline := time.Now().Add(30 * time.Second)
	for {
		run(chromedp.Navigate(e.srv.URL+"/espace"), chromedp.WaitVisible(chromedp.ID("depots")))
		if value(`document.querySelectorAll('a[href^="/espace/rapports/"]').length > 0`) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the report never showed")
		time.Sleep(200 * time.Millisecond)
	}
	body := text("#depots")
	assert.Contains(t, body, "Importé")
	assert.Contains(t, body, "rejetées")

	// Open the report with the keyboard: focus the link, Enter.
	run(
		chromedp.Focus(chromedp.CSS(`a[href^="/espace/rapports/"]`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("resume")),
	)
	assert.Contains(t, text("#resume"), "Le fichier 20261117-demo.csv a été traité")
	title, err = chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	assert.Contains(t, title, "Rapport")
	page := text("main")
	assert.Contains(t, page, "Type de valeur")
	assert.Contains(t, page, "au format CSV")
}
