package eleader

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"
	"time"

	"github.com/smallstep/pkcs7"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The codes of CertificateError: why a certificate is refused.
const (
	CertEmpty       = "empty"         // the file is empty
	CertUnreadable  = "unreadable"    // neither PEM certificates nor PKCS#7
	CertPrivateKey  = "private_key"   // the file holds a private key
	CertBlock       = "pem_block"     // a PEM block of another type (Other)
	CertNone        = "none"          // no certificate in the file
	CertOrder       = "order"         // PEM certificates out of order
	CertBroken      = "broken"        // certificate Index is not issued by OtherIndex
	CertLeaves      = "leaves"        // PKCS#7: Count certificates issue none of the others
	CertNotInChain  = "not_in_chain"  // Subject is unrelated to the chain of Other
	CertSelfSigned  = "self_signed"   // a lone self-signed certificate
	CertNotYetValid = "not_yet_valid" // Subject is valid from At
	CertExpired     = "expired"       // Subject expired at At
	CertNotCA       = "not_ca"        // Subject issues Other but is no CA
	CertNotClient   = "not_client"    // extended key usage without clientAuth (Usages)
	CertNotSigning  = "not_signing"   // key usage without digitalSignature (Usages)
	CertIsCA        = "is_ca"         // the partner's certificate is a CA
	CertTaken       = "taken"         // already on Partner's connection sheet
)

// CertificateError says why a client certificate is refused: a stable
// Code, the certificates concerned (subjects, positions in a PEM file) and
// the date or usages at fault. Error gives the reason in English, as the
// command line shows it; a web page words it in its own language from the
// fields.
type CertificateError struct {
	Code string
	// Subject is the certificate at fault; Other the other one involved.
	Subject, Other string
	// Index and OtherIndex are their positions in a PEM file, from 1.
	Index, OtherIndex int
	// At is the date at fault: the start of validity, or the expiry.
	At time.Time
	// Usages are the key usages found.
	Usages []string
	// Count is how many certificates issue none of the others.
	Count int
	// Partner holds the certificate already (CertTaken).
	Partner string
	msg     string
}

func (e *CertificateError) Error() string {
	if e.msg == "" && e.Code == CertTaken {
		return fmt.Sprintf("the client certificate «%s» is already on the connection sheet of %s", e.Subject, e.Partner)
	}
	return e.msg
}

func certErr(code, msg string) *CertificateError { return &CertificateError{Code: code, msg: msg} }

// Certificate is a partner's client certificate with its chain, analysed:
// E#L shows it on the connection sheet and, when configured, accepts TLS
// clients that present it.
type Certificate struct {
	// Chain is the partner's certificate first, then each issuer in turn.
	Chain []*x509.Certificate
}

// CertificateInfo is what a sheet shows of a certificate.
type CertificateInfo struct {
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	Serial      string    `json:"serial"`
	NotBefore   time.Time `json:"notBefore"`
	NotAfter    time.Time `json:"notAfter"`
	KeyUsage    []string  `json:"keyUsage"`
	ExtKeyUsage []string  `json:"extKeyUsage"`
	SHA256      string    `json:"sha256"`
	// Chain names the issuers above the certificate, in order.
	Chain []string `json:"chain"`
}

// Leaf returns the partner's certificate.
func (c *Certificate) Leaf() *x509.Certificate { return c.Chain[0] }

// Info describes the certificate.
func (c *Certificate) Info() CertificateInfo {
	leaf := c.Leaf()
	sum := sha256.Sum256(leaf.Raw)
	info := CertificateInfo{
		Subject: shownName(leaf.Subject.String()), Issuer: shownName(leaf.Issuer.String()), Serial: strings.ToUpper(leaf.SerialNumber.Text(16)),
		NotBefore: leaf.NotBefore.UTC(), NotAfter: leaf.NotAfter.UTC(),
		KeyUsage: keyUsages(leaf.KeyUsage), ExtKeyUsage: extKeyUsages(leaf.ExtKeyUsage), SHA256: hex.EncodeToString(sum[:]),
		Chain: []string{},
	}
	for _, ca := range c.Chain[1:] {
		info.Chain = append(info.Chain, shownName(ca.Subject.String()))
	}
	return info
}

// PEM returns the chain as PEM, the partner's certificate first: the form a
// connection sheet keeps.
func (c *Certificate) PEM() string {
	var b bytes.Buffer
	for _, cert := range c.Chain {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	}
	return b.String()
}

// Bounds of a certificate file: a chain has a few certificates of a few
// KB; ordering one costs a signature check per pair.
const (
	// MaxCertificateBytes is the largest certificate file read.
	MaxCertificateBytes = 256 << 10
	// MaxChainCertificates is the most certificates a file may hold.
	MaxChainCertificates = 8
)

// ParseCertificate reads a client certificate and its chain — PEM
// certificates (the partner's first, then each issuer), or PKCS#7 (.p7b, DER
// or PEM), whose certificates may come in any order — and checks it at now.
// It refuses, saying why: a file over MaxCertificateBytes or with more than
// MaxChainCertificates certificates, a private key in the file, no
// certificate, an unrelated or badly signed certificate (a broken chain),
// PEM certificates out of order, a self-signed certificate, a certificate
// expired or not yet valid, a certificate not meant for client
// authentication.
func ParseCertificate(data []byte, now time.Time) (*Certificate, error) {
	if len(data) > MaxCertificateBytes {
		return nil, fmt.Errorf("the certificate file is %d bytes, more than %d: send only the partner's certificate and its chain", len(data), MaxCertificateBytes)
	}
	certs, ordered, err := readCertificates(data)
	if err != nil {
		return nil, err
	}
	if len(certs) > MaxChainCertificates {
		return nil, fmt.Errorf("the file holds %d certificates, more than %d: send only the partner's certificate and its chain", len(certs), MaxChainCertificates)
	}
	chain, err := buildChain(certs, ordered)
	if err != nil {
		return nil, err
	}
	c := &Certificate{Chain: chain}
	return c, c.check(now)
}

// readCertificates decodes the certificates of a file; ordered reports
// whether their order means something (PEM certificates) or not (PKCS#7).
func readCertificates(data []byte) (certs []*x509.Certificate, ordered bool, err error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, false, certErr(CertEmpty, "the certificate file is empty")
	}
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		if p7, err := pkcs7.Parse(data); err == nil {
			return p7.Certificates, false, nonEmpty(p7.Certificates)
		}
		c, err := x509.ParseCertificate(data)
		if err != nil {
			return nil, false, certErr(CertUnreadable, "not a certificate: want PEM certificates or a PKCS#7 file (.p7b)")
		}
		return []*x509.Certificate{c}, true, nil
	}
	ordered = true
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch {
		case block.Type == "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, false, &CertificateError{Code: CertUnreadable, Index: len(certs) + 1, msg: fmt.Sprintf("PEM certificate %d: %v", len(certs)+1, err)}
			}
			certs = append(certs, c)
		case block.Type == "PKCS7":
			p7, err := pkcs7.Parse(block.Bytes)
			if err != nil {
				return nil, false, certErr(CertUnreadable, fmt.Sprintf("PKCS#7 block: %v", err))
			}
			certs = append(certs, p7.Certificates...)
			ordered = false
		case strings.Contains(block.Type, "PRIVATE KEY"):
			return nil, false, certErr(CertPrivateKey, "the file holds a private key: send only the certificate and its chain, and keep the key secret")
		default:
			return nil, false, &CertificateError{Code: CertBlock, Other: block.Type, msg: fmt.Sprintf("unexpected PEM block %q: want CERTIFICATE or PKCS7", block.Type)}
		}
	}
	return certs, ordered, nonEmpty(certs)
}

func nonEmpty(certs []*x509.Certificate) error {
	if len(certs) == 0 {
		return certErr(CertNone, "no certificate in the file")
	}
	return nil
}

// issues reports whether ca signed c: c names ca as its issuer and ca's key
// verifies c's signature. Whether ca may issue certificates at all is
// checked apart, so that the refusal says so.
func issues(ca, c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, ca.RawSubject) && ca.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// name quotes a certificate's subject in a message, cut when long.
func name(c *x509.Certificate) string { return "«" + shownName(c.Subject.String()) + "»" }

// shownName is a certificate's subject or issuer fit to show: printable,
// cut when long (a certificate is outside input).
func shownName(s string) string { return importer.Cut(importer.Printable(s), 200) }

// buildChain orders certs from the partner's certificate up. Ordered input
// must already be in that order.
func buildChain(certs []*x509.Certificate, ordered bool) ([]*x509.Certificate, error) {
	if ordered {
		for j := 1; j < len(certs); j++ {
			if issues(certs[0], certs[j]) {
				return nil, &CertificateError{Code: CertOrder, Index: 1, Subject: certs[0].Subject.String(), OtherIndex: j + 1, Other: certs[j].Subject.String(),
					msg: fmt.Sprintf("broken chain: the certificates are out of order — certificate 1 %s issues certificate %d %s, so it cannot come first: put the partner's certificate first, then each issuer", name(certs[0]), j+1, name(certs[j]))}
			}
		}
		for i := 0; i+1 < len(certs); i++ {
			if issues(certs[i+1], certs[i]) {
				continue
			}
			for j := range certs {
				if j != i && issues(certs[j], certs[i]) {
					return nil, &CertificateError{Code: CertOrder, Index: i + 1, Subject: certs[i].Subject.String(), OtherIndex: j + 1, Other: certs[j].Subject.String(),
						msg: fmt.Sprintf("broken chain: the certificates are out of order — certificate %d %s is issued by certificate %d, so it must come right after it: put the partner's certificate first, then each issuer", i+1, name(certs[i]), j+1)}
				}
			}
			return nil, &CertificateError{Code: CertBroken, Index: i + 1, Subject: certs[i].Subject.String(), OtherIndex: i + 2, Other: certs[i+1].Subject.String(),
				msg: fmt.Sprintf("broken chain: certificate %d %s is not issued by certificate %d %s", i+1, name(certs[i]), i+2, name(certs[i+1]))}
		}
		return certs, nil
	}
	// PKCS#7 holds a set: find the certificate no other names as issuer.
	var leaves []*x509.Certificate
	for _, c := range certs {
		isIssuer := false
		for _, o := range certs {
			if o != c && issues(c, o) {
				isIssuer = true
				break
			}
		}
		if !isIssuer {
			leaves = append(leaves, c)
		}
	}
	if len(leaves) != 1 {
		return nil, &CertificateError{Code: CertLeaves, Count: len(leaves),
			msg: fmt.Sprintf("broken chain: the file holds %d certificates that issue none of the others; want one partner certificate and its issuers", len(leaves))}
	}
	chain := leaves
	used := map[*x509.Certificate]bool{leaves[0]: true}
	for {
		cur := chain[len(chain)-1]
		var next *x509.Certificate
		for _, c := range certs {
			if !used[c] && issues(c, cur) {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		used[next] = true
		chain = append(chain, next)
	}
	for _, c := range certs {
		if !used[c] {
			return nil, &CertificateError{Code: CertNotInChain, Subject: c.Subject.String(), Other: chain[0].Subject.String(),
				msg: fmt.Sprintf("broken chain: %s is not part of the chain of %s", name(c), name(chain[0]))}
		}
	}
	return chain, nil
}

// check checks dates, usages and roles at now.
func (c *Certificate) check(now time.Time) error {
	leaf := c.Leaf()
	if len(c.Chain) == 1 && selfSigned(leaf) {
		return &CertificateError{Code: CertSelfSigned, Subject: leaf.Subject.String(),
			msg: fmt.Sprintf("%s is self-signed: a client certificate must be issued by a certification authority", name(leaf))}
	}
	for i, cert := range c.Chain {
		switch {
		case now.Before(cert.NotBefore):
			return &CertificateError{Code: CertNotYetValid, Subject: cert.Subject.String(), At: cert.NotBefore.UTC(),
				msg: fmt.Sprintf("%s is not valid before %s", name(cert), cert.NotBefore.UTC().Format(time.DateTime+" MST"))}
		case now.After(cert.NotAfter):
			return &CertificateError{Code: CertExpired, Subject: cert.Subject.String(), At: cert.NotAfter.UTC(),
				msg: fmt.Sprintf("%s expired on %s", name(cert), cert.NotAfter.UTC().Format(time.DateTime+" MST"))}
		case i > 0 && (!cert.BasicConstraintsValid || !cert.IsCA):
			return &CertificateError{Code: CertNotCA, Subject: cert.Subject.String(), Other: c.Chain[i-1].Subject.String(),
				msg: fmt.Sprintf("broken chain: %s issues %s but is not a certification authority", name(cert), name(c.Chain[i-1]))}
		}
	}
	if len(leaf.ExtKeyUsage) > 0 && !hasExtUsage(leaf, x509.ExtKeyUsageClientAuth) && !hasExtUsage(leaf, x509.ExtKeyUsageAny) {
		return &CertificateError{Code: CertNotClient, Subject: leaf.Subject.String(), Usages: extKeyUsages(leaf.ExtKeyUsage),
			msg: fmt.Sprintf("%s is not meant for client authentication (its extended key usage is %s)", name(leaf), strings.Join(extKeyUsages(leaf.ExtKeyUsage), ", "))}
	}
	if leaf.KeyUsage != 0 && leaf.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return &CertificateError{Code: CertNotSigning, Subject: leaf.Subject.String(), Usages: keyUsages(leaf.KeyUsage),
			msg: fmt.Sprintf("%s is not meant for client authentication (its key usage lacks digitalSignature: %s)", name(leaf), strings.Join(keyUsages(leaf.KeyUsage), ", "))}
	}
	if leaf.IsCA {
		return &CertificateError{Code: CertIsCA, Subject: leaf.Subject.String(),
			msg: fmt.Sprintf("%s is a certification authority, not a client certificate", name(leaf))}
	}
	return nil
}

func hasExtUsage(c *x509.Certificate, u x509.ExtKeyUsage) bool {
	for _, x := range c.ExtKeyUsage {
		if x == u {
			return true
		}
	}
	return false
}

var keyUsageNames = []struct {
	u    x509.KeyUsage
	name string
}{
	{x509.KeyUsageDigitalSignature, "digitalSignature"}, {x509.KeyUsageContentCommitment, "contentCommitment"},
	{x509.KeyUsageKeyEncipherment, "keyEncipherment"}, {x509.KeyUsageDataEncipherment, "dataEncipherment"},
	{x509.KeyUsageKeyAgreement, "keyAgreement"}, {x509.KeyUsageCertSign, "keyCertSign"}, {x509.KeyUsageCRLSign, "cRLSign"},
	{x509.KeyUsageEncipherOnly, "encipherOnly"}, {x509.KeyUsageDecipherOnly, "decipherOnly"},
}

func keyUsages(u x509.KeyUsage) []string {
	out := []string{}
	for _, k := range keyUsageNames {
		if u&k.u != 0 {
			out = append(out, k.name)
		}
	}
	return out
}

var extKeyUsageNames = map[x509.ExtKeyUsage]string{
	x509.ExtKeyUsageAny: "any", x509.ExtKeyUsageServerAuth: "serverAuth", x509.ExtKeyUsageClientAuth: "clientAuth",
	x509.ExtKeyUsageCodeSigning: "codeSigning", x509.ExtKeyUsageEmailProtection: "emailProtection",
	x509.ExtKeyUsageTimeStamping: "timeStamping", x509.ExtKeyUsageOCSPSigning: "OCSPSigning",
}

func extKeyUsages(us []x509.ExtKeyUsage) []string {
	out := []string{}
	for _, u := range us {
		if n, ok := extKeyUsageNames[u]; ok {
			out = append(out, n)
		} else {
			out = append(out, fmt.Sprintf("usage %d", u))
		}
	}
	return out
}

// leafOf returns the partner's certificate of a sheet's certificate text,
// or nil when the text holds none that parses (Validate says why).
func leafOf(text string) *x509.Certificate {
	certs, ordered, err := readCertificates([]byte(text))
	if err != nil || len(certs) == 0 {
		return nil
	}
	if chain, err := buildChain(certs, ordered); err == nil {
		return chain[0]
	}
	return certs[0]
}

// CheckCertificateFree refuses a client certificate (a sheet's
// certificate text: PEM or PKCS#7) that sits on the connection sheet of
// another partner than partner already: a certificate authenticates one
// partner only. The error, an *Error ECONFLICT whose chain holds a
// *CertificateError CertTaken, names the other partner. Saving a sheet
// makes this check; the portal makes it when it analyses a certificate.
// A text that holds no certificate is not its business (nil).
func (s *Service) CheckCertificateFree(ctx context.Context, partner, certificate string) error {
	if certificate == "" {
		return nil
	}
	leaf := leafOf(certificate)
	if leaf == nil {
		return nil
	}
	partners, err := s.Store.Partners(ctx, PartnerFilter{})
	if err != nil {
		return err
	}
	for _, p := range partners {
		if p.ID() == partner || p.Sheet.Certificate == "" {
			continue
		}
		if other := leafOf(p.Sheet.Certificate); other != nil && bytes.Equal(other.Raw, leaf.Raw) {
			return &Error{Code: ECONFLICT, Err: &CertificateError{Code: CertTaken, Subject: leaf.Subject.String(), Partner: p.ID()},
				Message: fmt.Sprintf("certificate: the client certificate %s is already on the connection sheet of %s: a certificate authenticates one partner only", name(leaf), p.ID())}
		}
	}
	return nil
}
