package httpapi_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// sshKeyLine returns a new Ed25519 public key's authorized_keys line, with
// its fingerprint, and the private key's PEM.
func sshKeyLine(t *testing.T, comment string) (line, fingerprint string, private []byte) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	k, err := ssh.NewPublicKey(pub)
	require.NoError(t, err)
	block, err := ssh.MarshalPrivateKey(priv, "")
	require.NoError(t, err)
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + " " + comment, ssh.FingerprintSHA256(k), pem.EncodeToMemory(block)
}

// TestPortalSSHKeys: the sheet's form takes the SSH keys of SFTP, one per
// line, judged by eleader.ParseSSHKey: a refused key is said in French
// with nothing saved and nothing typed lost; accepted keys are kept and
// shown with their fingerprints, on the form and on the sheet; the sftp
// channel is a checkbox of the form.
func TestPortalSSHKeys(t *testing.T) {
	ctx := context.Background()
	e := newPortalEnv(t)
	e.person("jeanne@atelier.example", "atelier", eleader.RightModification)
	w := e.signedIn("jeanne@atelier.example")
	first, firstFP, private := sshKeyLine(t, "export@atelier")
	second, secondFP, _ := sshKeyLine(t, "secours@atelier")

	resp, body := w.get("/raccordements/nouvelle")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `<label for="cles-ssh">Clés publiques SSH</label>`)
	assert.Contains(t, body, `name="cles_ssh"`)
	assert.Contains(t, body, `<input type="checkbox" id="canal-sftp" name="canal_sftp" value="1">`)
	assert.Contains(t, body, `<label for="canal-sftp">SFTP</label>`)

	sheet := with(completeSheet("atelier", "ATEL"), "canal_sftp", "1")
	for _, tt := range []struct{ name, keys, want string }{
		{"a private key", string(private), "Clés SSH : vous avez collé une clé privée ; elle n'est pas gardée"},
		{"options", `from="10.0.0.1" ` + first, "Clés SSH, n° 1 : refusée : la ligne commence par des options (from)"},
		{"not a key", first + "\nbonjour", "Clés SSH, n° 2 : refusée : ce n'est pas une clé publique SSH"},
		{"the same key twice", first + "\n" + first, "Clés SSH, n° 2 : la clé " + firstFP + " figure déjà en n° 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := w.form("/raccordements/nouvelle", with(sheet, "cles_ssh", tt.keys, "nom", "Nom gardé"), nil)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			assert.Contains(t, html.UnescapeString(body), tt.want)
			assert.Contains(t, body, `href="#cles-ssh"`, "the summary links to the field")
			assert.Contains(t, body, `value="Nom gardé"`, "nothing typed is lost")
			assert.NotContains(t, body, "PRIVATE KEY", "but a private key")
			_, err := e.svc.Partner(ctx, "atelier")
			assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "nothing saved")
		})
	}

	// Two keys, with a comment line and blank lines: kept, shown with
	// their fingerprints.
	resp, body = w.form("/raccordements/nouvelle", with(sheet, "cles_ssh", "# nos serveurs d'export\r\n"+first+"\r\n\r\n"+second+"\r\n"), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "/raccordements/fiches/atelier", resp.Request.URL.Path)
	for _, fp := range []string{firstFP, secondFP} {
		assert.Contains(t, html.UnescapeString(body), `<code class="empreinte">`+fp+"</code>")
	}
	assert.Contains(t, body, "ssh-ed25519 (256 bits)")
	assert.Contains(t, body, "export@atelier")
	p, err := e.svc.Partner(ctx, "atelier")
	require.NoError(t, err)
	assert.Equal(t, []string{first, second}, p.Sheet.SSHKeys)
	assert.True(t, p.Sheet.HasChannel(eleader.ChannelSFTP))

	// The form of the saved sheet holds the keys, one per line.
	resp, body = w.get("/raccordements/fiches/atelier/modifier")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, html.UnescapeString(body), ">"+first+"\n"+second+"</textarea>")
	assert.Contains(t, html.UnescapeString(body), `<code class="empreinte">`+secondFP+"</code>")
	assert.Contains(t, body, `<input type="checkbox" id="canal-sftp" name="canal_sftp" value="1" checked>`)

	// Removing a line removes the key.
	resp, body = w.form("/raccordements/fiches/atelier/modifier", with(sheet, "cles_ssh", second), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	p, err = e.svc.Partner(ctx, "atelier")
	require.NoError(t, err)
	assert.Equal(t, []string{second}, p.Sheet.SSHKeys)
}
