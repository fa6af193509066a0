package eleader_test

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/smallstep/pkcs7"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func derConcat(certs ...*x509.Certificate) []byte {
	var b []byte
	for _, c := range certs {
		b = append(b, c.Raw...)
	}
	return b
}

func TestOnboardingCertificateAccepted(t *testing.T) {
	k := newCertKit(t)
	p7, err := pkcs7.DegenerateCertificate(derConcat(k.root, k.leaf, k.inter)) // shuffled: PKCS#7 is a set
	require.NoError(t, err)
	p7pem := string(pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: p7}))

	tests := []struct {
		name string
		data []byte
		want []*x509.Certificate
	}{
		{"PEM leaf, intermediate, root", []byte(k.chainPEM()), []*x509.Certificate{k.leaf, k.inter, k.root}},
		{"PEM leaf and intermediate, no root", []byte(pemChain(k.leaf, k.inter)), []*x509.Certificate{k.leaf, k.inter}},
		{"PEM with blank lines and CRLF", []byte("\r\n" + strings.ReplaceAll(k.chainPEM(), "\n", "\r\n") + "\r\n\r\n"), []*x509.Certificate{k.leaf, k.inter, k.root}},
		{"PKCS#7 DER, shuffled", p7, []*x509.Certificate{k.leaf, k.inter, k.root}},
		{"PKCS#7 PEM block, shuffled", []byte(p7pem), []*x509.Certificate{k.leaf, k.inter, k.root}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := eleader.ParseCertificate(tt.data, onbStart)
			require.NoError(t, err)
			require.Len(t, c.Chain, len(tt.want))
			for i := range tt.want {
				assert.True(t, c.Chain[i].Equal(tt.want[i]), "chain[%d]: got %s, want %s", i, c.Chain[i].Subject, tt.want[i].Subject)
			}
			assert.True(t, c.Leaf().Equal(k.leaf))
			assert.Equal(t, pemChain(tt.want...), c.PEM(), "PEM() gives the chain, leaf first")
		})
	}
}

func TestOnboardingCertificateInfo(t *testing.T) {
	k := newCertKit(t)
	c, err := eleader.ParseCertificate([]byte(k.chainPEM()), onbStart)
	require.NoError(t, err)
	info := c.Info()
	sum := sha256.Sum256(k.leaf.Raw)
	assert.Equal(t, k.leaf.Subject.String(), info.Subject)
	assert.Contains(t, info.Subject, "CN=adie-client")
	assert.Equal(t, k.inter.Subject.String(), info.Issuer)
	assert.Contains(t, info.Issuer, "E#L Test Issuing CA")
	assert.Equal(t, strings.ToUpper(k.leaf.SerialNumber.Text(16)), info.Serial)
	assert.Regexp(t, `^1A2B3C[0-9A-F]{2}$`, info.Serial)
	assert.True(t, info.NotBefore.Equal(certFrom), "NotBefore: got %v, want %v", info.NotBefore, certFrom)
	assert.True(t, info.NotAfter.Equal(certTo), "NotAfter: got %v, want %v", info.NotAfter, certTo)
	assert.Equal(t, []string{"digitalSignature"}, info.KeyUsage)
	assert.Equal(t, []string{"clientAuth"}, info.ExtKeyUsage)
	assert.Equal(t, hex.EncodeToString(sum[:]), info.SHA256)
	assert.Equal(t, []string{k.inter.Subject.String(), k.root.Subject.String()}, info.Chain)
}

func TestOnboardingCertificateRefused(t *testing.T) {
	k := newCertKit(t)
	expired := k.leafWith(func(c *x509.Certificate) {
		c.NotBefore, c.NotAfter = certFrom.AddDate(-2, 0, 0), onbStart.Add(-time.Hour)
	})
	future := k.leafWith(func(c *x509.Certificate) { c.NotBefore = onbStart.Add(24 * time.Hour) })
	serverOnly := k.leafWith(func(c *x509.Certificate) { c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth} })
	noSignature := k.leafWith(func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageKeyEncipherment })
	caLeaf := k.leafWith(func(c *x509.Certificate) { c.IsCA = true })

	// An intermediate that expired, and a leaf it issued.
	expiredInter, expiredInterKey := k.sign(&x509.Certificate{
		Subject:   pkix.Name{CommonName: "Expired Issuing CA"},
		NotBefore: certFrom.AddDate(-3, 0, 0), NotAfter: onbStart.AddDate(0, -1, 0),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true, IsCA: true,
	}, k.root, k.rootKey)
	underExpired, _ := k.sign(k.leafTemplate("adie-client"), expiredInter, expiredInterKey)

	// A certificate that is not a CA, issuing a leaf.
	fakeCA, fakeCAKey := k.sign(k.leafTemplate("not-a-ca"), k.inter, k.interKey)
	underFake, _ := k.sign(k.leafTemplate("adie-client"), fakeCA, fakeCAKey)

	// A self-signed client certificate.
	self, _ := k.sign(k.leafTemplate("adie-selfsigned"), nil, nil)

	keyDER, err := x509.MarshalECPrivateKey(k.leafKey)
	require.NoError(t, err)
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	pkcs8, err := x509.MarshalPKCS8PrivateKey(k.leafKey)
	require.NoError(t, err)
	pkcs8PEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))

	p7extra, err := pkcs7.DegenerateCertificate(derConcat(k.inter, k.otherRoot, k.leaf, k.root))
	require.NoError(t, err)

	tests := []struct {
		name string
		data string
		want []string // distinctive parts of the message
		not  []string // what it must not say (secrets)
		code string   // the CertificateError's code
	}{
		{"expired leaf", pemChain(expired, k.inter, k.root), []string{"expired on", "adie-client"}, nil, eleader.CertExpired},
		{"not yet valid leaf", pemChain(future, k.inter, k.root), []string{"is not valid before", "2026-11-21"}, nil, eleader.CertNotYetValid},
		{"expired intermediate", pemChain(underExpired, expiredInter, k.root), []string{"expired on", "Expired Issuing CA"}, nil, eleader.CertExpired},
		{"PEM out of order: intermediate first", pemChain(k.inter, k.leaf, k.root), []string{"broken chain", "out of order"}, nil, eleader.CertOrder},
		{"PEM out of order: root first", pemChain(k.root, k.inter, k.leaf), []string{"broken chain", "out of order"}, nil, eleader.CertOrder},
		{"self-signed leaf", pemChain(self), []string{"self-signed", "adie-selfsigned"}, nil, eleader.CertSelfSigned},
		{"server authentication only", pemChain(serverOnly, k.inter, k.root), []string{"not meant for client authentication", "serverAuth"}, nil, eleader.CertNotClient},
		{"key usage without digitalSignature", pemChain(noSignature, k.inter, k.root), []string{"lacks digitalSignature", "keyEncipherment"}, nil, eleader.CertNotSigning},
		{"leaf is a CA", pemChain(caLeaf, k.inter, k.root), []string{"is a certification authority"}, nil, eleader.CertIsCA},
		{"issuer that is not a CA", pemChain(underFake, fakeCA, k.inter, k.root), []string{"not-a-ca", "not a certification authority"}, nil, eleader.CertNotCA},
		{"unrelated extra certificate, PEM", pemChain(k.leaf, k.inter, k.root, k.otherRoot), []string{"broken chain", "Unrelated Root CA"}, nil, eleader.CertBroken},
		{"unrelated extra certificate, PKCS#7", string(p7extra), []string{"broken chain"}, nil, eleader.CertLeaves},
		{"wrong issuer", pemChain(k.leaf, k.otherRoot), []string{"broken chain", "is not issued by", "Unrelated Root CA"}, nil, eleader.CertBroken},
		{"EC private key in the file", k.chainPEM() + keyPEM, []string{"private key"}, []string{keyBody(keyPEM)}, eleader.CertPrivateKey},
		{"PKCS#8 private key first", pkcs8PEM + k.chainPEM(), []string{"private key"}, []string{keyBody(pkcs8PEM)}, eleader.CertPrivateKey},
		{"garbage", "this is not a certificate\x00\x01", []string{"not a certificate"}, nil, eleader.CertUnreadable},
		{"empty", "  \n", []string{"empty"}, nil, eleader.CertEmpty},
		{"PEM of another kind", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1, 2, 3}})), []string{"PUBLIC KEY"}, nil, eleader.CertBlock},
		{"truncated PEM certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", []string{"PEM certificate 1"}, nil, eleader.CertUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := eleader.ParseCertificate([]byte(tt.data), onbStart)
			require.Error(t, err, "got a certificate %v", c)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, err.Error(), n)
			}
			var ce *eleader.CertificateError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.code, ce.Code)
		})
	}
}

// keyBody returns the first base64 line of a PEM block, which must never be
// echoed.
func keyBody(p string) string {
	lines := strings.Split(p, "\n")
	return lines[1]
}

// TestOnboardingCertificateValidity checks the bounds: valid on its first
// and last second, refused just outside.
func TestOnboardingCertificateValidity(t *testing.T) {
	k := newCertKit(t)
	data := []byte(k.chainPEM())
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{certFrom.Add(-time.Second), "not valid before"},
		{certFrom, ""},
		{certTo, ""},
		{certTo.Add(time.Second), "expired on"},
	} {
		_, err := eleader.ParseCertificate(data, tt.at)
		if tt.want == "" {
			assert.NoError(t, err, "at %v", tt.at)
		} else if assert.Error(t, err, "at %v", tt.at) {
			assert.Contains(t, err.Error(), tt.want, "at %v", tt.at)
		}
	}
}

// TestOnboardingSheetCertificate drives certificates through the service: a
// sheet keeps a valid chain, names the field of a refused one, and the
// processing step refuses a sheet whose certificate expired since.
func TestOnboardingSheetCertificate(t *testing.T) {
	ctx := context.Background()
	k := newCertKit(t)
	e := newOnboarding(t, onbStart)

	sheet := onbSheet("adie", "ADIE")
	sheet.Certificate = k.chainPEM()
	e.mustActivate(t, sheet)
	p, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	c, err := eleader.ParseCertificate([]byte(p.Sheet.Certificate), onbStart)
	require.NoError(t, err)
	assert.True(t, c.Leaf().Equal(k.leaf))

	expired := k.leafWith(func(c *x509.Certificate) { c.NotAfter = onbStart.Add(-time.Hour) })
	bad := onbSheet("bge", "BGE1")
	bad.Certificate = pemChain(expired, k.inter, k.root)
	_, todo, err := e.svc.CreatePartner(ctx, bad, "alice")
	require.NoError(t, err, "a draft may be saved with problems")
	require.Len(t, todo, 1)
	assert.Equal(t, "certificate", todo[0].Field)
	assert.Contains(t, todo[0].Message, "expired on")
	_, err = e.svc.SubmitPartner(ctx, "bge", "alice")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "certificate")

	// The certificate of an active sheet expires; an edit sends it back to
	// processing, which refuses it.
	e.clock.Set(certTo.Add(time.Hour))
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Comments = "new comment"; return nil }, "alice", "")
	asError(t, err, eleader.EINVALID)
	assert.Equal(t, eleader.StatusActive, e.status(t, "adie"), "a refused edit changes nothing")
}

// TestOnboardingPrivateKeyNotKept checks that a private key sent as a
// certificate is refused and never kept: not in the draft, not in the
// database, not in an export.
func TestOnboardingPrivateKeyNotKept(t *testing.T) {
	ctx := context.Background()
	k := newCertKit(t)
	e := newOnboarding(t, onbStart)
	keyDER, err := x509.MarshalECPrivateKey(k.leafKey)
	require.NoError(t, err)
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	secret := keyBody(keyPEM)

	sheet := onbSheet("adie", "ADIE")
	sheet.Certificate = k.chainPEM() + keyPEM
	p, todo, err := e.svc.CreatePartner(ctx, sheet, "alice")
	if err == nil {
		require.Len(t, todo, 1)
		assert.Equal(t, "certificate", todo[0].Field)
		assert.Contains(t, todo[0].Message, "private key")
		assert.NotContains(t, todo[0].Message, secret)
		assert.False(t, strings.Contains(p.Sheet.Certificate, secret), "the draft keeps the private key")
	} else {
		assert.NotContains(t, err.Error(), secret)
	}
	var export strings.Builder
	require.NoError(t, e.svc.ExportPartners(ctx, &export, eleader.PartnerFilter{}))
	assert.False(t, strings.Contains(export.String(), secret), "the export carries the private key")
	assert.False(t, strings.Contains(string(dbBytes(t, e.path)), secret), "the database keeps the private key")
}

// TestOnboardingCertificateOnePartner: a client certificate sits on one
// partner's sheet only (issue 14 §5): another sheet holding it — the same
// chain, or the same partner certificate in another file — is refused with
// the other partner named, at creation and at edit; the sheet that holds it
// may be saved again.
func TestOnboardingCertificateOnePartner(t *testing.T) {
	ctx := context.Background()
	k := newCertKit(t)
	e := newOnboarding(t, onbStart)
	adie := onbSheet("adie", "ADIE")
	adie.Certificate = k.chainPEM()
	e.mustActivate(t, adie)

	p7, err := pkcs7.DegenerateCertificate(derConcat(k.root, k.leaf, k.inter))
	require.NoError(t, err)
	for _, tt := range []struct{ name, cert string }{
		{"the same chain", k.chainPEM()},
		{"the same certificate as PKCS#7", string(p7)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bge := onbSheet("bge", "BGE1")
			bge.Certificate = tt.cert
			_, _, err := e.svc.CreatePartner(ctx, bge, "alice")
			e2 := asError(t, err, eleader.ECONFLICT)
			assert.Contains(t, e2.Message, "already on the connection sheet of adie")
			var ce *eleader.CertificateError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, eleader.CertTaken, ce.Code)
			assert.Equal(t, "adie", ce.Partner)
			_, err = e.svc.Partner(ctx, "bge")
			asError(t, err, eleader.ENOTFOUND)
		})
	}

	e.mustCreate(t, onbSheet("bge", "BGE1"))
	_, _, err = e.svc.EditPartner(ctx, "bge", func(s *eleader.ConnectionSheet) error { s.Certificate = k.chainPEM(); return nil }, "alice", "")
	assert.Contains(t, asError(t, err, eleader.ECONFLICT).Message, "adie")
	p, err := e.svc.Partner(ctx, "bge")
	require.NoError(t, err)
	assert.Empty(t, p.Sheet.Certificate)

	// adie edits its own sheet, certificate kept: fine.
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Comments = "renouvellement"; return nil }, "alice", "")
	require.NoError(t, err)
	// Another certificate under the same CA is another certificate.
	other, _ := k.sign(k.leafTemplate("bge-client"), k.inter, k.interKey)
	_, _, err = e.svc.EditPartner(ctx, "bge", func(s *eleader.ConnectionSheet) error { s.Certificate = pemChain(other, k.inter, k.root); return nil }, "alice", "")
	require.NoError(t, err)
}
