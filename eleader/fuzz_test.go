package eleader_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smallstep/pkcs7"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// FuzzParseCertificate: any bytes give a certificate or an error, never a
// panic; a certificate has a chain of 1 to MaxChainCertificates, describes
// itself, and its PEM reads back to the same chain; an error's message is
// printable and bounded.
func FuzzParseCertificate(f *testing.F) {
	k := newCertKit(f)
	p7, err := pkcs7.DegenerateCertificate(derConcat(k.root, k.leaf, k.inter))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(k.chainPEM()))
	f.Add([]byte(pemChain(k.leaf, k.inter)))
	f.Add([]byte(pemChain(k.inter, k.leaf)))
	f.Add([]byte(pemChain(k.leaf, k.otherRoot)))
	f.Add([]byte(pemChain(k.root)))
	f.Add(p7)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: p7}))
	f.Add(k.leaf.Raw)
	f.Add([]byte("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n"))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := eleader.ParseCertificate(data, onbStart)
		if err != nil {
			if c != nil && len(c.Chain) == 0 {
				t.Fatalf("an error %v with an empty chain", err)
			}
			msg := err.Error()
			if msg == "" || len(msg) > 4096 {
				t.Fatalf("error message of %d bytes: %q", len(msg), msg)
			}
			if !utf8.ValidString(msg) || strings.ContainsAny(msg, "\x00\x1b") {
				t.Fatalf("error message not printable: %q", msg)
			}
			return
		}
		if len(c.Chain) == 0 || len(c.Chain) > eleader.MaxChainCertificates {
			t.Fatalf("a chain of %d certificates", len(c.Chain))
		}
		info := c.Info()
		if info.SHA256 == "" || len(info.Chain) != len(c.Chain)-1 {
			t.Fatalf("info %+v of a chain of %d", info, len(c.Chain))
		}
		again, err := eleader.ParseCertificate([]byte(c.PEM()), onbStart)
		if err != nil {
			t.Fatalf("the PEM of a certificate read does not read back: %v", err)
		}
		if len(again.Chain) != len(c.Chain) {
			t.Fatalf("the PEM reads back to %d certificates, want %d", len(again.Chain), len(c.Chain))
		}
		for i := range c.Chain {
			if !again.Chain[i].Equal(c.Chain[i]) {
				t.Fatalf("certificate %d differs once read back", i+1)
			}
		}
	})
}

// FuzzImportPartners: a partners file (eleader partners import) is
// written whole or refused with an error saying why (never a fault of the
// store, never a panic); a file that was written, imported again, writes
// nothing; the store still reads and exports its partners. Each execution
// writes to SQLite: slow to fuzz, its seeds run with the tests, and CI
// fuzzes the reading of the file, FuzzParsePartners.
func FuzzImportPartners(f *testing.F) {
	e := newOnboarding(f, onbStart)
	populate(f, e)
	var export bytes.Buffer
	if err := e.svc.ExportPartners(context.Background(), &export, eleader.PartnerFilter{}); err != nil {
		f.Fatal(err)
	}
	f.Add(export.Bytes())
	lines := strings.SplitAfter(export.String(), "\n")
	f.Add([]byte(lines[0] + lines[1]))
	f.Add([]byte(lines[0] + lines[1] + lines[1]))
	f.Add([]byte(strings.ReplaceAll(export.String(), "\n", "\r\n")))
	f.Add([]byte(strings.ReplaceAll(export.String(), "ACTIVEE", "ACTIVE")))
	f.Add([]byte(lines[0]))
	f.Add([]byte("Partenaire;Nom\nadie;Adie\n"))
	f.Add([]byte("Partenaire;Partenaire\nadie;adie\n"))
	f.Add([]byte("\"unclosed;x\n"))
	f.Add([]byte(""))
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := e.svc.ImportPartners(ctx, bytes.NewReader(data), "fuzz")
		if err != nil {
			var ee *eleader.Error
			if !errors.As(err, &ee) || ee.Code == eleader.EINTERNAL {
				t.Fatalf("a fault, not a refusal: %T %v", err, err)
			}
			if n != 0 {
				t.Fatalf("refused, yet %d partners written: %v", n, err)
			}
			if msg := err.Error(); len(msg) > 16<<10 || !utf8.ValidString(msg) {
				t.Fatalf("error message of %d bytes: %.200q", len(msg), msg)
			}
		} else {
			again, err := e.svc.ImportPartners(ctx, bytes.NewReader(data), "fuzz")
			if err != nil || again != 0 {
				t.Fatalf("imported again: %d written, %v", again, err)
			}
		}
		var out bytes.Buffer
		if err := e.svc.ExportPartners(ctx, &out, eleader.PartnerFilter{}); err != nil {
			t.Fatalf("the store no longer exports: %v", err)
		}
	})
}

// TestImportPartnersTwoRecords: a file holding one partner twice is
// refused, naming both records, and nothing is written (before, the second
// record replaced the first, and importing the file again wrote it again).
func TestImportPartnersTwoRecords(t *testing.T) {
	src := newOnboarding(t, onbStart)
	src.mustCreate(t, onbSheet("adie", "ADIE"))
	var export bytes.Buffer
	require.NoError(t, src.svc.ExportPartners(context.Background(), &export, eleader.PartnerFilter{}))
	lines := strings.SplitAfter(export.String(), "\n")
	twice := lines[0] + lines[1] + strings.Replace(lines[1], "Jeanne Tech", "Jean Tech", 1)
	dst := newOnboarding(t, onbStart)
	n, err := dst.svc.ImportPartners(context.Background(), strings.NewReader(twice), "test")
	e := asError(t, err, eleader.EINVALID)
	assert.Contains(t, e.Message, "partner adie has two records, 1 and 2")
	assert.Zero(t, n)
	ps, err := dst.svc.Partners(context.Background(), eleader.PartnerFilter{})
	require.NoError(t, err)
	assert.Empty(t, ps)
}

// TestCertificateBounds: a certificate file past MaxCertificateBytes, or
// holding more than MaxChainCertificates certificates, is refused saying
// why, before any chain is ordered; a subject holding control characters
// is shown printable.
func TestCertificateBounds(t *testing.T) {
	k := newCertKit(t)
	big := []byte(k.chainPEM() + strings.Repeat("\n", eleader.MaxCertificateBytes))
	_, err := eleader.ParseCertificate(big, onbStart)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than 262144")

	var many []byte
	for range eleader.MaxChainCertificates + 1 {
		many = append(many, k.chainPEM()[:len(pemChain(k.leaf))]...)
	}
	_, err = eleader.ParseCertificate(many, onbStart)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds 9 certificates, more than 8")

	odd := k.leafWith(func(c *x509.Certificate) { c.Subject.CommonName = "adie\x1b[31m\x00client" })
	c, err := eleader.ParseCertificate([]byte(pemChain(odd, k.inter)), onbStart)
	require.NoError(t, err)
	assert.Contains(t, c.Info().Subject, "adie?[31m?client")
}
