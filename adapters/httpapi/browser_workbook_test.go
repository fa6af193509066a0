package httpapi_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBrowserWorkbooks deposits workbooks through the web page in headless
// Chromium: one written by LibreOffice, imported with its rows as line
// numbers; one with a formula, refused at once with the cell named, in
// French, where the partner is looking.
func TestBrowserWorkbooks(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped under -short")
	}
	exe := chromium(t)
	e := newEnv(t, importNow)
	token := e.partner("demo", "ADIE", "FRAC")
	dir := t.TempDir()
	good := filepath.Join(dir, "20261117-demo.xlsx")
	bad := filepath.Join(dir, "20261118-demo.xlsx")
	for src, dst := range map[string]string{"20261117-demo.xlsx": good, "formula.xlsx": bad} {
		b, err := os.ReadFile(filepath.Join("testdata", "workbooks", src))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst, b, 0o600))
	}

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
	deposit := func(file, wait string) {
		t.Helper()
		run(
			chromedp.SetUploadFiles(chromedp.ID("fichier"), []string{file}),
			chromedp.Focus(chromedp.ID("fichier")),
			chromedp.KeyEvent(kb.Tab),
			chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(chromedp.ID(wait)),
		)
	}

	run(chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("jeton")),
		chromedp.SendKeys(chromedp.ID("jeton"), token+kb.Enter), chromedp.WaitVisible(chromedp.ID("fichier")))

	// A workbook with a formula: refused at once, the cell named.
	deposit(bad, "message-erreur")
	msg := text("#message-erreur")
	assert.Contains(t, msg, "Le fichier 20261118-demo.xlsx est refusé, rien n'est déposé")
	assert.Contains(t, text("#erreurs-fichier"), "La cellule AO3 contient une formule : saisissez la valeur.")
	assert.Empty(t, e.deposited("demo"))

	// LibreOffice's workbook of the faulty example: deposited, imported.
	deposit(good, "message-succes")
	assert.Contains(t, text("#message-succes"), "Le fichier 20261117-demo.xlsx a été déposé")
	deadline := time.Now().Add(30 * time.Second)
	for {
		run(chromedp.Navigate(e.srv.URL+"/espace"), chromedp.WaitVisible(chromedp.ID("depots")))
		if value(`document.querySelectorAll('a[href^="/espace/rapports/"]').length > 0`) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the report never showed")
		time.Sleep(200 * time.Millisecond)
	}
	assert.Contains(t, text("#depots"), "15 lignes : 1 acceptées, 14 rejetées")
	run(chromedp.Focus(chromedp.CSS(`a[href^="/espace/rapports/"]`)), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.ID("resume")))
	page := text("main")
	assert.Contains(t, page, "20261117-demo.xlsx")
	assert.Contains(t, page, "'SIRET' with value 'abc'")
}
