package eleader_test

import (
	"context"
	"crypto"
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
)

// pubLine returns the authorized_keys line of a public key, with a comment.
func pubLine(tb testing.TB, pub crypto.PublicKey, comment string) string {
	tb.Helper()
	k, err := ssh.NewPublicKey(pub)
	require.NoError(tb, err)
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
	if comment != "" {
		line += " " + comment
	}
	return line
}

// ed25519Line returns a new Ed25519 key's line and the key.
func ed25519Line(tb testing.TB, comment string) (string, ed25519.PrivateKey) {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(tb, err)
	return pubLine(tb, pub, comment), priv
}

// requireTool returns the path of an OpenSSH tool; without it the test is
// skipped, unless ELEADER_REQUIRE_SFTP is set (CI), where it fails.
func requireTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("ELEADER_REQUIRE_SFTP") != "" {
			tb.Fatalf("%s is required (ELEADER_REQUIRE_SFTP is set): install openssh-client", name)
		}
		tb.Skipf("%s not installed (Debian: openssh-client)", name)
	}
	return p
}

func TestParseSSHKeyAccepted(t *testing.T) {
	ecKey := func(c elliptic.Curve) crypto.PublicKey {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		require.NoError(t, err)
		return &k.PublicKey
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	tests := []struct {
		name    string
		pub     crypto.PublicKey
		comment string
		typ     string
		bits    int
		want    string // the comment kept
	}{
		{"ed25519", edPub, "adie@serveur-export", ssh.KeyAlgoED25519, 256, "adie@serveur-export"},
		{"ed25519 without comment", edPub, "", ssh.KeyAlgoED25519, 256, ""},
		{"ecdsa p256", ecKey(elliptic.P256()), "x", ssh.KeyAlgoECDSA256, 256, "x"},
		{"ecdsa p384", ecKey(elliptic.P384()), "x", ssh.KeyAlgoECDSA384, 384, "x"},
		{"ecdsa p521", ecKey(elliptic.P521()), "x", ssh.KeyAlgoECDSA521, 521, "x"},
		{"rsa 2048", &rsaKey.PublicKey, "rsa key", ssh.KeyAlgoRSA, 2048, "rsa key"},
		{"comment with spaces and accents", edPub, "clé de Hélène  (export)", ssh.KeyAlgoED25519, 256, "clé de Hélène  (export)"},
		{"comment with a control character", edPub, "a\x01b", ssh.KeyAlgoED25519, 256, "a?b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := pubLine(t, tt.pub, tt.comment)
			k, err := eleader.ParseSSHKey("  " + line + "\t")
			require.NoError(t, err)
			assert.Equal(t, tt.typ, k.Type)
			assert.Equal(t, tt.bits, k.Bits)
			assert.Equal(t, tt.want, k.Comment)
			sk, err := ssh.NewPublicKey(tt.pub)
			require.NoError(t, err)
			assert.Equal(t, ssh.FingerprintSHA256(sk), k.Fingerprint)
			assert.True(t, strings.HasPrefix(k.Fingerprint, "SHA256:"))
			again, err := eleader.ParseSSHKey(k.Line)
			require.NoError(t, err, "the kept line parses again")
			assert.Equal(t, k.Line, again.Line, "the kept line is canonical")
			assert.Equal(t, k.Fingerprint, again.Fingerprint)
		})
	}
}

func TestParseSSHKeyRefused(t *testing.T) {
	edLine, edPriv := ed25519Line(t, "a@b")
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	var params dsa.Parameters
	require.NoError(t, dsa.GenerateParameters(&params, rand.Reader, dsa.L1024N160))
	dsaKey := &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: params}}
	require.NoError(t, dsa.GenerateKey(dsaKey, rand.Reader))

	// An SSH certificate of the Ed25519 key, signed by a CA.
	_, caPriv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	caSigner, err := ssh.NewSignerFromKey(caPriv)
	require.NoError(t, err)
	edSigner, err := ssh.NewSignerFromKey(edPriv)
	require.NoError(t, err)
	cert := &ssh.Certificate{Key: edSigner.PublicKey(), CertType: ssh.UserCert, KeyId: "adie", ValidBefore: ssh.CertTimeInfinity}
	require.NoError(t, cert.SignCert(rand.Reader, caSigner))
	certLine := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(cert)))

	privPEM, err := ssh.MarshalPrivateKey(edPriv, "")
	require.NoError(t, err)
	fields := strings.Fields(edLine)

	tests := []struct{ name, line, want, problem string }{
		{"empty", "   ", "empty", eleader.SSHKeyEmpty},
		{"garbage", "hello world", "not an SSH public key", eleader.SSHKeyUnreadable},
		{"bad base64", "ssh-ed25519 AAAA!!!! x", "not an SSH public key", eleader.SSHKeyUnreadable},
		{"type and data disagree", "ssh-rsa " + fields[1], "not an SSH public key", eleader.SSHKeyUnreadable},
		{"from option", `from="10.0.0.1" ` + edLine, "options (from)", eleader.SSHKeyOptions},
		{"command option", `command="/bin/sh",no-pty ` + edLine, "options (command, no-pty)", eleader.SSHKeyOptions},
		{"two keys on a line", edLine + " " + edLine, "one key per line", eleader.SSHKeySeveral},
		{"two lines", edLine + "\n" + edLine, "several lines", eleader.SSHKeyLines},
		{"certificate", certLine, "SSH certificate", eleader.SSHKeyCertificate},
		{"private key", string(pem.EncodeToMemory(privPEM)), "private key", eleader.SSHKeyPrivate},
		{"rsa 1024", pubLine(t, &small.PublicKey, ""), "1024 bits", eleader.SSHKeyRSABits},
		{"dsa", pubLine(t, &dsaKey.PublicKey, ""), "DSA", eleader.SSHKeyDSA},
		{"rfc 4716", "---- BEGIN SSH2 PUBLIC KEY ----", "ssh-keygen -i", eleader.SSHKeyRFC4716},
		{"too long", "ssh-ed25519 " + strings.Repeat("A", 20000), "longer than", eleader.SSHKeyTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eleader.ParseSSHKey(tt.line)
			e := asError(t, err, eleader.EINVALID)
			assert.Contains(t, e.Message, tt.want)
			assert.NotContains(t, e.Message, "/bin/sh", "an option's value is not echoed")
			var cause *eleader.SSHKeyError
			require.ErrorAs(t, err, &cause, "the cause says what is wrong, for other languages")
			assert.Equal(t, tt.problem, cause.Problem)
		})
	}
}

// TestParseSSHKeyOpenSSH: keys made by ssh-keygen, and the fingerprints
// ssh-keygen -l prints, which the sheet shows.
func TestParseSSHKeyOpenSSH(t *testing.T) {
	keygen := requireTool(t, "ssh-keygen")
	dir := t.TempDir()
	for _, typ := range []string{"ed25519", "ecdsa", "rsa"} {
		t.Run(typ, func(t *testing.T) {
			path := filepath.Join(dir, "id_"+typ)
			out, err := exec.Command(keygen, "-q", "-t", typ, "-N", "", "-C", "export@"+typ, "-f", path).CombinedOutput()
			require.NoError(t, err, "%s", out)
			pub, err := os.ReadFile(path + ".pub")
			require.NoError(t, err)
			k, err := eleader.ParseSSHKey(string(pub))
			require.NoError(t, err)
			out, err = exec.Command(keygen, "-l", "-E", "sha256", "-f", path+".pub").Output()
			require.NoError(t, err)
			// "256 SHA256:… export@ed25519 (ED25519)"
			f := strings.Fields(string(out))
			require.GreaterOrEqual(t, len(f), 3)
			assert.Equal(t, f[1], k.Fingerprint)
			assert.Equal(t, f[0], strconv.Itoa(k.Bits))
			assert.Equal(t, "export@"+typ, k.Comment)
		})
	}
}

func TestParseSSHKeys(t *testing.T) {
	a, _ := ed25519Line(t, "a")
	b, _ := ed25519Line(t, "b")
	keys, err := eleader.ParseSSHKeys("# keys of adie\n\n" + a + "\r\n  " + b + "\n")
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Equal(t, "a", keys[0].Comment)
	assert.Equal(t, "b", keys[1].Comment)

	_, err = eleader.ParseSSHKeys(a + "\n" + "nonsense\n")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "line 2:")
	_, err = eleader.ParseSSHKeys("# nothing\n\n")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "no SSH public key")
	_, err = eleader.ParseSSHKeys(strings.Repeat("x", 100000))
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "longer than")
}

// TestSheetSSHKeys: keys on a sheet are checked with the sheet, kept in
// canonical form, added once, removed by fingerprint.
func TestSheetSSHKeys(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	a, _ := ed25519Line(t, "a@x")
	b, _ := ed25519Line(t, "b@x")
	s := onbSheet("adie", "ADIE")
	s.Channels = []eleader.Channel{"depot"}
	s.SSHKeys = []string{"  " + a + "  ", "not a key", a}
	_, todo, err := e.svc.CreatePartner(ctx, s, "alice")
	require.NoError(t, err, "a draft may be incomplete")
	require.Len(t, todo, 2)
	assert.Equal(t, "sshKeys[1]", todo[0].Field)
	assert.Contains(t, todo[0].Message, "not an SSH public key")
	assert.Equal(t, "sshKeys[2]", todo[1].Field)
	assert.Contains(t, todo[1].Message, "already sshKeys[0]")

	p, todo, err := e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error {
		s.SSHKeys = nil
		ka, err := eleader.ParseSSHKey(a)
		require.NoError(t, err)
		kb, err := eleader.ParseSSHKey(b)
		require.NoError(t, err)
		s.AddSSHKeys(ka, kb, ka)
		return nil
	}, "alice", "")
	require.NoError(t, err)
	assert.Empty(t, todo)
	assert.Equal(t, []string{a, b}, p.Sheet.SSHKeys)
	assert.Equal(t, []eleader.Channel{eleader.ChannelSFTP}, p.Sheet.Channels, "depot is read as sftp")
	infos := p.Sheet.SSHKeyInfos()
	require.Len(t, infos, 2)

	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error {
		return s.RemoveSSHKey("SHA256:nope")
	}, "alice", "")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, infos[0].Fingerprint, "the error lists the sheet's keys")
	p, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error {
		return s.RemoveSSHKey(strings.TrimPrefix(infos[0].Fingerprint, "SHA256:"))
	}, "alice", "")
	require.NoError(t, err)
	assert.Equal(t, []string{b}, p.Sheet.SSHKeys)

	tooMany := onbSheet("bge", "BGE1")
	for range eleader.MaxSSHKeys + 1 {
		k, _ := ed25519Line(t, "")
		tooMany.SSHKeys = append(tooMany.SSHKeys, k)
	}
	_, todo, err = e.svc.CreatePartner(ctx, tooMany, "alice")
	require.NoError(t, err)
	require.NotEmpty(t, todo)
	assert.Equal(t, "sshKeys", todo[0].Field)
}

// TestChannelAlias: "depot", the former name of "sftp", is accepted as
// input everywhere a channel is read, and stored as "sftp".
func TestChannelAlias(t *testing.T) {
	ctx := context.Background()
	for _, in := range []string{"depot", "DEPOT", " sftp ", "SFTP"} {
		c, err := eleader.ParseChannel(in)
		require.NoError(t, err, in)
		assert.Equal(t, eleader.ChannelSFTP, c, in)
	}
	_, err := eleader.ParseChannel("ftp")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "api, web or sftp")

	e := newOnboarding(t, onbStart)
	s := onbSheet("adie", "ADIE")
	s.Channels = []eleader.Channel{"api", "depot"}
	e.mustCreate(t, s)
	for _, c := range []eleader.Channel{"depot", "sftp"} {
		ps, err := e.svc.Partners(ctx, eleader.PartnerFilter{Channel: c})
		require.NoError(t, err)
		require.Len(t, ps, 1, "filter %s", c)
		assert.Equal(t, []eleader.Channel{eleader.ChannelAPI, eleader.ChannelSFTP}, ps[0].Sheet.Channels)
	}
}

func TestAuthenticateSSHKey(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	keyLine, _ := ed25519Line(t, "adie")
	otherLine, _ := ed25519Line(t, "bge")
	wire := func(line string) []byte {
		k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
		require.NoError(t, err)
		return k.Marshal()
	}
	adie := onbSheet("adie", "ADIE")
	adie.Channels = []eleader.Channel{eleader.ChannelSFTP}
	adie.SSHKeys = []string{keyLine}
	e.mustActivate(t, adie)
	bge := onbSheet("bge", "BGE1")
	bge.Channels = []eleader.Channel{eleader.ChannelAPI}
	bge.SSHKeys = []string{otherLine}
	e.mustActivate(t, bge)

	p, err := e.svc.AuthenticateSSHKey(ctx, "adie", wire(keyLine))
	require.NoError(t, err)
	assert.Equal(t, "adie", p.ID())

	tests := []struct {
		name, user string
		key        []byte
		cause      error
	}{
		{"another partner's key", "adie", wire(otherLine), eleader.ErrSSHKeyUnknown},
		{"unknown partner", "nobody", wire(keyLine), eleader.ErrSSHKeyUnknown},
		{"not an identifier", "../adie", wire(keyLine), eleader.ErrSSHKeyUnknown},
		{"empty key", "adie", nil, eleader.ErrSSHKeyUnknown},
		{"no sftp channel", "bge", wire(otherLine), eleader.ErrNoSFTPChannel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.AuthenticateSSHKey(ctx, tt.user, tt.key)
			asError(t, err, eleader.EUNAUTHORIZED)
			assert.ErrorIs(t, err, tt.cause)
		})
	}

	// An edit makes the sheet ENVOYEE_MAJ: no login until it is processed.
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Comments = "x"; return nil }, "alice", "")
	require.NoError(t, err)
	_, err = e.svc.AuthenticateSSHKey(ctx, "adie", wire(keyLine))
	assert.ErrorIs(t, err, eleader.ErrSheetInactive)
	_, err = e.svc.ProcessPartners(ctx, "adie", "bob")
	require.NoError(t, err)
	_, err = e.svc.AuthenticateSSHKey(ctx, "adie", wire(keyLine))
	assert.NoError(t, err)
	_, err = e.svc.DeactivatePartner(ctx, "adie", "bob", "")
	require.NoError(t, err)
	_, err = e.svc.AuthenticateSSHKey(ctx, "adie", wire(keyLine))
	assert.ErrorIs(t, err, eleader.ErrSheetInactive)
}

// TestSheetSSHKeysExport: keys survive an export and its import, one per
// line of their cell (a comment may hold '|'); an export made before the
// ClesSSH column existed still imports.
func TestSheetSSHKeysExport(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	a, _ := ed25519Line(t, "a|b@x")
	b, _ := ed25519Line(t, "c@x")
	s := onbSheet("adie", "ADIE")
	s.Channels = []eleader.Channel{eleader.ChannelSFTP}
	s.SSHKeys = []string{a, b}
	e.mustCreate(t, s)
	export := exportAll(t, e.svc)
	dst := newOnboarding(t, onbStart)
	_, err := dst.svc.ImportPartners(ctx, strings.NewReader(string(export)), "restore")
	require.NoError(t, err)
	p, err := dst.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, []string{a, b}, p.Sheet.SSHKeys)

	old := "Partenaire;Nom;Operateurs;Canaux;Mode;Environnement;Statut;Qualification;ContactNom;ContactTelephone;ContactEmail;Destinataires;Correspondances;Certificat;Commentaires;Cree;MisAJour\n" +
		"bge;Nom;BGE1;api|depot;partial;qualification;ENVOYEE;;Jeanne;01 23 45 67 89;tech@bge.example;;;;;;\n"
	_, err = dst.svc.ImportPartners(ctx, strings.NewReader(old), "restore")
	require.NoError(t, err)
	p, err = dst.svc.Partner(ctx, "bge")
	require.NoError(t, err)
	assert.Equal(t, []eleader.Channel{eleader.ChannelAPI, eleader.ChannelSFTP}, p.Sheet.Channels)
	assert.Empty(t, p.Sheet.SSHKeys)
}

func FuzzParseSSHKey(f *testing.F) {
	line, _ := ed25519Line(f, "seed@x")
	f.Add(line)
	f.Add(`from="x" ` + line)
	f.Add("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x")
	f.Add("")
	f.Add("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA== c")
	f.Fuzz(func(t *testing.T, in string) {
		k, err := eleader.ParseSSHKey(in)
		if err != nil {
			assert.Equal(t, eleader.EINVALID, eleader.ErrorCode(err))
			return
		}
		again, err := eleader.ParseSSHKey(k.Line)
		require.NoError(t, err, "the kept line %q parses again", k.Line)
		assert.Equal(t, k.Line, again.Line)
		assert.Equal(t, k.Fingerprint, again.Fingerprint)
	})
}
