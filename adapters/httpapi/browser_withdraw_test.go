package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBrowserWithdraw: in headless Chromium, with the keyboard, a partner
// withdraws a file waiting for its import ("Retirer"), and the page says
// its name is free again; the button is gone. The browser asks for French
// (Accept-Language), as a partner's does.
func TestBrowserWithdraw(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped under -short")
	}
	exe := chromium(t)
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	resp, b := e.upload(token, "20261116-demo.csv", example(t, "20261116-demo.csv"))
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)

	ctx := frenchBrowser(t, exe, 90*time.Second)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	const button = `form.retirer button`
	run(
		chromedp.Navigate(e.srv.URL+"/connexion"), chromedp.WaitVisible(chromedp.ID("jeton")),
		chromedp.SendKeys(chromedp.ID("jeton"), token+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(button)),
	)
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+button+`').textContent`))
	require.NoError(t, err)
	assert.Equal(t, "Retirer le fichier 20261116-demo.csv", label, "the button names its file for a screen reader")

	run(chromedp.Focus(chromedp.CSS(button)), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.ID("message-succes")))
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("message-succes")))
	require.NoError(t, err)
	assert.Contains(t, msg, "Le fichier 20261116-demo.csv a été retiré : déposez sa correction sous le même nom.")
	left, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+button+`').length`))
	require.NoError(t, err)
	assert.Zero(t, left, "no file waits: no button")
	assert.Empty(t, e.deposited("demo"))
}
