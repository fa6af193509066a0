package httpapi_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"
	"github.com/stretchr/testify/require"
)

// testCerts makes client certificates at test time: a root CA, an issuing
// CA under it, and leaves under that, ECDSA P-256.
type testCerts struct {
	tb        testing.TB
	root      *x509.Certificate
	rootKey   *ecdsa.PrivateKey
	inter     *x509.Certificate
	interKey  *ecdsa.PrivateKey
	serial    int64
	notBefore time.Time
}

func newTestCerts(tb testing.TB) *testCerts {
	tb.Helper()
	c := &testCerts{tb: tb, serial: 100, notBefore: time.Now().Add(-24 * time.Hour)}
	c.root, c.rootKey = c.sign(&x509.Certificate{Subject: pkix.Name{CommonName: "Autorité de test E#L", Organization: []string{"E#L Test"}},
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true}, nil, nil, 365*24*time.Hour)
	c.inter, c.interKey = c.sign(&x509.Certificate{Subject: pkix.Name{CommonName: "Autorité émettrice de test", Organization: []string{"E#L Test"}},
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true}, c.root, c.rootKey, 365*24*time.Hour)
	return c
}

func (c *testCerts) sign(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, life time.Duration) (*x509.Certificate, *ecdsa.PrivateKey) {
	c.tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(c.tb, err)
	c.serial++
	tmpl.SerialNumber = big.NewInt(c.serial)
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = c.notBefore
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = c.notBefore.Add(life)
	}
	signer := key
	if parent == nil {
		parent = tmpl
	} else {
		signer = parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	require.NoError(c.tb, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(c.tb, err)
	return cert, key
}

// leaf issues a client certificate for cn, valid for life from yesterday.
func (c *testCerts) leaf(cn string, life time.Duration) *x509.Certificate {
	l, _ := c.sign(&x509.Certificate{Subject: pkix.Name{CommonName: cn, Organization: []string{"Partenaire de test"}, Country: []string{"FR"}},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, BasicConstraintsValid: true},
		c.inter, c.interKey, life)
	return l
}

// pem returns a leaf's chain as PEM, the leaf first.
func (c *testCerts) pem(leaf *x509.Certificate) []byte {
	var b []byte
	for _, x := range []*x509.Certificate{leaf, c.inter, c.root} {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: x.Raw})...)
	}
	return b
}

// p7b returns a leaf's chain as PKCS#7 (DER), in another order than PEM's.
func (c *testCerts) p7b(leaf *x509.Certificate) []byte {
	c.tb.Helper()
	var der []byte
	for _, x := range []*x509.Certificate{c.root, leaf, c.inter} {
		der = append(der, x.Raw...)
	}
	p7, err := pkcs7.DegenerateCertificate(der)
	require.NoError(c.tb, err)
	return p7
}

// opensslCertificate makes, with the openssl command line, a CA and a
// client certificate for cn under it, and returns the chain as a PKCS#7
// file (.p7b, DER) written in dir, and the leaf's PEM. Without openssl the
// test is skipped, unless ELEADER_REQUIRE_OPENSSL is set.
func opensslCertificate(tb testing.TB, dir, cn string) (p7bPath string, leafPEM []byte) {
	tb.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("ELEADER_REQUIRE_OPENSSL") != "" {
			tb.Fatal("no openssl found, and ELEADER_REQUIRE_OPENSSL is set")
		}
		tb.Skip("no openssl found: its certificate test is skipped")
	}
	run := func(args ...string) {
		tb.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(tb, err, "openssl %s: %s", strings.Join(args, " "), out)
	}
	ext := filepath.Join(dir, "client.ext")
	require.NoError(tb, os.WriteFile(ext, []byte("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"), 0o600))
	run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
		"-subj", "/C=FR/O=Autorite OpenSSL de test/CN=CA OpenSSL", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
	run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "client.key", "-out", "client.csr",
		"-subj", "/C=FR/O=Atelier/CN="+cn)
	run("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "30", "-extfile", "client.ext")
	leaf, err := os.ReadFile(filepath.Join(dir, "client.pem"))
	require.NoError(tb, err)
	ca, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	require.NoError(tb, err)
	require.NoError(tb, os.WriteFile(filepath.Join(dir, "chain.pem"), append(leaf, ca...), 0o600))
	run("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "certificat_"+cn+".p7b")
	return filepath.Join(dir, "certificat_"+cn+".p7b"), leaf
}
