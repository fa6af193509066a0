package eleader_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/require"
)

// onbStart is when the onboarding tests' clock starts; the generated
// certificates are valid around it.
var onbStart = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

// onbClock is a clock that moves by step at each reading; safe for
// concurrent use.
type onbClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *onbClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

// Set puts the clock at t (the next reading is t + step).
func (c *onbClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// onbEnv is a service over a fresh SQLite store, with its clock and the
// store's file.
type onbEnv struct {
	svc   *eleader.Service
	store *sqlite.Store
	clock *onbClock
	path  string
}

// newOnboarding opens a fresh store in a temporary directory and a service
// over it whose clock starts at start and ticks one second per reading.
func newOnboarding(tb testing.TB, start time.Time) *onbEnv {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "e.db")
	store, err := sqlite.Open(context.Background(), path)
	require.NoError(tb, err)
	tb.Cleanup(func() { store.Close() })
	clock := &onbClock{t: start, step: time.Second}
	return &onbEnv{svc: &eleader.Service{Store: store, Now: clock.Now}, store: store, clock: clock, path: path}
}

// onbSheet returns a complete, valid qualification sheet.
func onbSheet(id string, operators ...string) eleader.ConnectionSheet {
	return eleader.ConnectionSheet{
		Partner:     id,
		Name:        "Réseau " + strings.ToUpper(id),
		Operators:   operators,
		Channels:    []eleader.Channel{eleader.ChannelAPI, eleader.ChannelWeb},
		Mode:        importer.ModePartial,
		Environment: eleader.Qualification,
		Contact:     eleader.Contact{Name: "Jeanne Tech", Phone: "01 23 45 67 89", Email: "tech@" + id + ".example"},
	}
}

// mustCreate creates a partner from a sheet, which must be complete.
func (e *onbEnv) mustCreate(tb testing.TB, sheet eleader.ConnectionSheet) *eleader.Partner {
	tb.Helper()
	p, todo, err := e.svc.CreatePartner(context.Background(), sheet, "alice")
	require.NoError(tb, err)
	require.Empty(tb, todo, "the sheet of %s should be complete", sheet.Partner)
	return p
}

// mustActivate creates, submits and processes a partner: it ends ACTIVEE.
// It returns the token issued.
func (e *onbEnv) mustActivate(tb testing.TB, sheet eleader.ConnectionSheet) string {
	tb.Helper()
	ctx := context.Background()
	e.mustCreate(tb, sheet)
	_, err := e.svc.SubmitPartner(ctx, sheet.Partner, "alice")
	require.NoError(tb, err)
	acts, err := e.svc.ProcessPartners(ctx, sheet.Partner, "bob")
	require.NoError(tb, err)
	require.Len(tb, acts, 1)
	require.Empty(tb, acts[0].Refused)
	require.Equal(tb, eleader.StatusActive, acts[0].Status)
	require.NotEmpty(tb, acts[0].Token)
	return acts[0].Token
}

// status returns a partner's status in the store.
func (e *onbEnv) status(tb testing.TB, id string) eleader.SheetStatus {
	tb.Helper()
	p, err := e.svc.Partner(context.Background(), id)
	require.NoError(tb, err)
	return p.Status
}

// asError requires err to be an *eleader.Error of code and returns it.
func asError(tb testing.TB, err error, code string) *eleader.Error {
	tb.Helper()
	require.Error(tb, err)
	var e *eleader.Error
	require.True(tb, errors.As(err, &e), "got %T %v, want an *eleader.Error", err, err)
	require.Equal(tb, code, e.Code, "error %q", e.Message)
	return e
}

// certKit builds certificates: a root CA, an intermediate CA under it, and
// leaves, all ECDSA P-256, valid from certFrom to certTo.
type certKit struct {
	tb        testing.TB
	serial    int64
	rootKey   *ecdsa.PrivateKey
	root      *x509.Certificate
	interKey  *ecdsa.PrivateKey
	inter     *x509.Certificate
	leafKey   *ecdsa.PrivateKey
	leaf      *x509.Certificate
	otherRoot *x509.Certificate // an unrelated CA
}

var (
	certFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	certTo   = time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
)

func newKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(tb, err)
	return k
}

func newCertKit(tb testing.TB) *certKit {
	tb.Helper()
	k := &certKit{tb: tb, serial: 0x1a2b3c00}
	k.root, k.rootKey = k.ca("E#L Test Root CA", nil, nil)
	k.inter, k.interKey = k.ca("E#L Test Issuing CA", k.root, k.rootKey)
	k.leaf, k.leafKey = k.sign(k.leafTemplate("adie-client"), k.inter, k.interKey)
	k.otherRoot, _ = k.ca("Unrelated Root CA", nil, nil)
	return k
}

// ca makes a CA certificate under parent, or a self-signed root when parent
// is nil.
func (k *certKit) ca(cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"E#L Test"}},
		NotBefore:             certFrom.AddDate(-1, 0, 0),
		NotAfter:              certTo.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return k.sign(tmpl, parent, parentKey)
}

// leafTemplate is a client certificate's template: clientAuth,
// digitalSignature, not a CA.
func (k *certKit) leafTemplate(cn string) *x509.Certificate {
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Adie"}, Country: []string{"FR"}},
		NotBefore:             certFrom,
		NotAfter:              certTo,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
}

// sign creates tmpl signed by parent (self-signed when parent is nil) with a
// new key.
func (k *certKit) sign(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	k.tb.Helper()
	key := newKey(k.tb)
	k.serial++
	tmpl.SerialNumber = big.NewInt(k.serial)
	signer := key
	if parent == nil {
		parent = tmpl
	} else {
		signer = parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	require.NoError(k.tb, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(k.tb, err)
	return c, key
}

// leafWith issues a leaf under the intermediate after change edits its
// template.
func (k *certKit) leafWith(change func(*x509.Certificate)) *x509.Certificate {
	tmpl := k.leafTemplate("adie-client")
	change(tmpl)
	c, _ := k.sign(tmpl, k.inter, k.interKey)
	return c
}

// pemChain encodes certificates as PEM, in the order given.
func pemChain(certs ...*x509.Certificate) string {
	var b strings.Builder
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.String()
}

// chainPEM is the valid chain: leaf, intermediate, root.
func (k *certKit) chainPEM() string { return pemChain(k.leaf, k.inter, k.root) }
