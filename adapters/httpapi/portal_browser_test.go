package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screenshotDir is where the browser tests write their screenshots:
// $ELEADER_SCREENSHOTS when set (made if missing), else a temporary
// directory.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ELEADER_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// browserRun drives one Chromium tab.
type browserRun struct {
	t     *testing.T
	e     *env
	ctx   context.Context
	shots string
	n     int
}

func (b *browserRun) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Do(b.ctx, steps...))
}

func (b *browserRun) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(b.t, err)
	return s
}

func (b *browserRun) eval(expr string) bool {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
	require.NoError(b.t, err)
	return v
}

// nav runs steps that load a page, and waits until the tab shows a new
// document at path, loaded: the old document is marked first, so that its
// still being there is never taken for the new one.
func (b *browserRun) nav(path string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__ancienne = true`))
	require.NoError(b.t, err)
	b.do(steps...)
	check := fmt.Sprintf(`window.__ancienne !== true && document.readyState === "complete" && location.pathname === %q`, path)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](check)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			loc, _ := chromedp.Run(b.ctx, chromedp.Location())
			b.t.Fatalf("the page %s never showed (at %s)", path, loc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// shot writes a full-page screenshot, numbered in the order of the walk,
// and checks that every visible field of the page has a label.
func (b *browserRun) shot(name string) {
	b.t.Helper()
	b.n++
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(b.t, err)
	path := filepath.Join(b.shots, fmt.Sprintf("portail-%02d-%s.png", b.n, name))
	require.NoError(b.t, os.WriteFile(path, png, 0o644))
	const allLabelled = `Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea')).every(i => i.labels && i.labels.length > 0 && i.labels[0].textContent.trim() !== '')`
	assert.True(b.t, b.eval(allLabelled), "%s: every field has a label", name)
	assert.True(b.t, b.eval(`document.documentElement.lang === "fr"`), "%s: in French", name)
	assert.True(b.t, b.eval(`document.documentElement.scrollWidth <= window.innerWidth + 1`), "%s: no horizontal scrolling", name)
}

// signIn signs email in by link, with the keyboard; the browser lands on
// landing.
func (b *browserRun) signIn(email, landing string) {
	b.t.Helper()
	b.nav("/connexion", chromedp.Navigate(b.e.srv.URL+"/connexion"))
	b.nav("/connexion/courriel", chromedp.Focus(chromedp.ID("courriel")), chromedp.SendKeys(chromedp.ID("courriel"), email+kb.Enter))
	if b.n == 0 {
		b.shot("connexion-lien-envoye")
	}
	link := b.e.lastLink(email)
	b.nav("/connexion/lien", chromedp.Navigate(b.e.srv.URL+"/connexion/lien?jeton="+link))
	if b.n == 1 {
		b.shot("connexion-bouton-du-lien")
	}
	b.nav(landing, chromedp.Focus(chromedp.ID("se-connecter")), chromedp.KeyEvent(kb.Enter))
}

// signOut presses "Se déconnecter".
func (b *browserRun) signOut() {
	b.t.Helper()
	b.nav("/deconnexion", chromedp.Click(chromedp.CSS(`header form[action="/deconnexion"] button`)))
	assert.Contains(b.t, b.text("#message-succes"), "Vous êtes déconnecté.")
}

// TestPortalBrowser walks seed 004 in headless Chromium: Jeanne, a
// partner's technical manager invited by E#L, signs in by the emailed
// link, creates the connection sheet, analyses a certificate made with
// openssl, saves a draft, edits it, submits it and confirms; Claire, an
// E#L operator, processes it in the console; Jeanne reveals the token once
// and a file is uploaded with it; she edits the active sheet to renew its
// certificate. Screenshots, desktop and phone widths, go to
// $ELEADER_SCREENSHOTS (or a temporary directory).
func TestPortalBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped under -short")
	}
	exe := chromium(t)
	ctx := context.Background()
	e := newPortalEnv(t)
	e.operator("claire@eleader.example")
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)

	dir := t.TempDir()
	certs := newTestCerts(t)
	var certFile string
	if _, err := exec.LookPath("openssl"); err == nil || os.Getenv("ELEADER_REQUIRE_OPENSSL") != "" {
		certFile, _ = opensslCertificate(t, dir, "atelier-client")
	} else {
		certFile = filepath.Join(dir, "certificat_atelier.p7b")
		require.NoError(t, os.WriteFile(certFile, certs.p7b(certs.leaf("atelier-client", 60*24*time.Hour)), 0o600))
	}
	renewed := filepath.Join(dir, "certificat_atelier_2027.pem")
	require.NoError(t, os.WriteFile(renewed, certs.pem(certs.leaf("atelier-client-2027", 400*24*time.Hour)), 0o600))

	bctx := frenchBrowser(t, exe, 3*time.Minute, chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "fr-FR"))
	b := &browserRun{t: t, e: e, ctx: bctx, shots: screenshotDir(t)}
	t.Logf("screenshots in %s", b.shots)

	// Jeanne signs in by the emailed link and lands in her space.
	b.signIn("jeanne@atelier.example", "/raccordements")
	b.shot("espace-raccordements")
	assert.Contains(t, b.text("header nav"), "Raccordements EDI et API")

	// Create the sheet: fill in (an SSH key for SFTP too), analyse the
	// certificate.
	sshKey, sshFingerprint, _ := sshKeyLine(t, "export@atelier")
	b.nav("/raccordements/nouvelle", chromedp.Click(chromedp.CSS(`a[href="/raccordements/nouvelle?partenaire=atelier"]`)))
	b.do(
		chromedp.SendKeys(chromedp.ID("nom"), "Atelier de l'entrepreneuriat"),
		chromedp.SendKeys(chromedp.ID("operateurs"), "ATEL"),
		chromedp.Click(chromedp.ID("canal-api")),
		chromedp.Click(chromedp.ID("canal-web")),
		chromedp.Click(chromedp.ID("canal-sftp")),
		chromedp.SendKeys(chromedp.ID("cles-ssh"), sshKey),
		chromedp.SendKeys(chromedp.ID("contact-nom"), "Jeanne Tech"),
		chromedp.SendKeys(chromedp.ID("contact-courriel"), "jeanne@atelier.example"),
		chromedp.SendKeys(chromedp.ID("commentaires"), "Cette première fiche de raccordement concerne l'API, le dépôt web et SFTP."),
		chromedp.SetUploadFiles(chromedp.ID("certificat"), []string{certFile}),
	)
	b.shot("creer-fiche")
	b.nav("/raccordements/nouvelle", chromedp.Click(chromedp.CSS(`button[value="analyser"]`)))
	analysis := b.text("#analyse-certificat")
	assert.Contains(t, analysis, "CN=atelier-client")
	assert.Contains(t, analysis, "Certificat validé.")
	b.shot("analyser-le-certificat")
	_, err := e.svc.Partner(ctx, "atelier")
	require.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "the analysis saved nothing")

	// "Enregistrer": a draft, which says what is missing (the phone).
	b.nav("/raccordements/fiches/atelier", chromedp.Click(chromedp.CSS(`.boutons-formulaire button[value="enregistrer"]`)))
	assert.Contains(t, b.text("#a-completer"), "Contact technique : téléphone : à renseigner")
	assert.Contains(t, b.text(`section[aria-labelledby="titre-cles-ssh"]`), sshFingerprint, "the key's fingerprint, as ssh-keygen -l prints it")
	b.shot("brouillon-enregistre")

	// Edit it: the phone; "Soumettre" → "Confirmer et envoyer".
	b.nav("/raccordements/fiches/atelier/modifier", chromedp.Click(chromedp.CSS(`a[href="/raccordements/fiches/atelier/modifier"]`)))
	b.nav("/raccordements/fiches/atelier/soumettre", chromedp.SendKeys(chromedp.ID("contact-tel"), "01 23 45 67 89"), chromedp.Click(chromedp.CSS(`button[value="soumettre"]`)))
	assert.Contains(t, b.text("#question"), "Confirmez-vous l'envoi ?")
	b.shot("confirmation-soumission")
	b.nav("/raccordements/fiches/atelier", chromedp.Focus(chromedp.ID("confirmer")), chromedp.KeyEvent(kb.Enter))
	assert.Contains(t, b.text("#message-succes"), "La fiche est envoyée à E#L")
	b.shot("fiche-envoyee")
	p, err := e.svc.Partner(ctx, "atelier")
	require.NoError(t, err)
	require.Equal(t, eleader.StatusSent, p.Status)
	b.nav("/raccordements", chromedp.Navigate(e.srv.URL+"/raccordements"))
	b.shot("liste-des-fiches")
	b.signOut()

	// Claire, an E#L operator, processes the sheet in the console.
	b.signIn("claire@eleader.example", "/console")
	b.shot("console")
	b.nav("/console/partenaires/atelier", chromedp.Click(chromedp.CSS(`a[href="/console/partenaires/atelier"]`)))
	b.nav("/console/partenaires/atelier", chromedp.SendKeys(chromedp.ID("commentaire-traiter"), "Fiche contrôlée"), chromedp.Click(chromedp.CSS(`form[action="/console/partenaires/atelier/traiter"] button`)))
	assert.Contains(t, b.text("#message-succes"), "son jeton attend d'être révélé")
	b.shot("console-fiche-traitee")
	b.signOut()

	// Jeanne reveals the token, once, and a file goes with it.
	b.signIn("jeanne@atelier.example", "/raccordements")
	b.nav("/raccordements/fiches/atelier", chromedp.Navigate(e.srv.URL+"/raccordements/fiches/atelier"))
	b.nav("/raccordements/fiches/atelier/jeton", chromedp.Click(chromedp.CSS(`ul.boutons a[href="/raccordements/fiches/atelier/jeton"]`)))
	b.nav("/raccordements/fiches/atelier/jeton", chromedp.Click(chromedp.ID("confirmer")))
	token, err := chromedp.Run(bctx, chromedp.Value(chromedp.ID("jeton-revele")))
	require.NoError(t, err)
	require.Regexp(t, `^elt_[a-z2-7]{12}_[a-z2-7]{32}$`, token)
	b.shot("jeton-revele")
	resp, body := e.upload(token, "20261116-atelier.csv", example(t, "20261116-demo.csv"))
	assert.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	b.nav("/raccordements/fiches/atelier/jeton", chromedp.Navigate(e.srv.URL+"/raccordements/fiches/atelier/jeton"))
	assert.NotContains(t, b.text("main"), token, "never shown again")

	// Edit the active sheet to renew its certificate: the warning, then
	// the confirmation; the token waits until E#L processes it.
	b.nav("/raccordements/fiches/atelier/modifier", chromedp.Navigate(e.srv.URL+"/raccordements/fiches/atelier/modifier"))
	assert.Contains(t, b.text("#avertissement-activee"), "son jeton d'authentification cessera de fonctionner")
	b.nav("/raccordements/fiches/atelier/modifier", chromedp.SetUploadFiles(chromedp.ID("certificat"), []string{renewed}),
		chromedp.Click(chromedp.CSS(`.boutons-formulaire button[value="enregistrer"]`)))
	assert.Contains(t, b.text(".confirmation"), "cesse de fonctionner")
	b.shot("confirmation-modification-fiche-activee")
	b.nav("/raccordements/fiches/atelier", chromedp.Click(chromedp.ID("confirmer")))
	assert.Contains(t, b.text("#message-succes"), "Le jeton ne fonctionne plus jusqu'à ce qu'E#L traite la fiche")
	assert.Contains(t, b.text("#titre-certificat + *"), "CN=atelier-client-2027")
	assert.Contains(t, b.text("#titre-historique + table"), "Envoyée MAJ")
	b.shot("fiche-envoyee-maj")
	p, err = e.svc.Partner(ctx, "atelier")
	require.NoError(t, err)
	assert.Equal(t, eleader.StatusSentUpdate, p.Status)
	_, err = e.svc.Authenticate(ctx, token)
	assert.ErrorIs(t, err, eleader.ErrSheetInactive)

	// The phone: the same pages, narrow.
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, pg := range []struct{ path, name string }{
		{"/raccordements", "telephone-liste"},
		{"/raccordements/fiches/atelier", "telephone-fiche"},
	} {
		b.nav(pg.path, chromedp.Navigate(e.srv.URL+pg.path))
		b.shot(pg.name)
	}
	// A second sheet to create, on the phone, with a refused certificate.
	e.person("jeanne@atelier.example", "atelier-sud", eleader.RightModification)
	expired := filepath.Join(dir, "certificat_expire.pem")
	require.NoError(t, os.WriteFile(expired, certs.pem(certs.leaf("atelier-sud-ancien", time.Hour)), 0o600))
	b.nav("/raccordements/nouvelle", chromedp.Navigate(e.srv.URL+"/raccordements/nouvelle?partenaire=atelier-sud"))
	b.shot("telephone-formulaire")
	b.nav("/raccordements/nouvelle", chromedp.SetUploadFiles(chromedp.ID("certificat"), []string{expired}), chromedp.Click(chromedp.CSS(`button[value="analyser"]`)))
	assert.Contains(t, b.text("#resume-erreurs"), "a expiré le")
	assert.True(t, b.eval(`document.activeElement.id === "resume-erreurs"`), "the summary of errors has the focus")
	b.shot("telephone-certificat-refuse")
	b.signOut()
	b.shot("telephone-connexion")
}
