package smtp_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"
)

// received is one message a test server accepted.
type received struct {
	From string
	To   []string
	Data []byte
}

// serverOptions configure a test server.
type serverOptions struct {
	// Mode is "starttls" (STARTTLS offered), "tls" (implicit TLS) or "none".
	Mode string
	// User and Password, when User is set, are required (AUTH PLAIN).
	User, Password string
	// Addr is where to listen; "" means 127.0.0.1:0.
	Addr string
}

// testServer is a real SMTP server (emersion/go-smtp) on loopback that keeps
// every message it receives.
type testServer struct {
	Host string
	Port int
	// ClientTLS trusts the server's self-signed certificate.
	ClientTLS *tls.Config
	srv       *gosmtp.Server

	mu   sync.Mutex
	msgs []received
}

// selfSigned returns a certificate for 127.0.0.1 and localhost, and a pool
// trusting it.
func selfSigned(tb testing.TB) (tls.Certificate, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(tb, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtp test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(tb, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(tb, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}

// freeAddr returns a loopback address nobody listens on (any more).
func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	addr := l.Addr().String()
	require.NoError(tb, l.Close())
	return addr
}

// startServer starts a test server, stopped at the end of the test.
func startServer(tb testing.TB, o serverOptions) *testServer {
	tb.Helper()
	if o.Mode == "" {
		o.Mode = "starttls"
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	cert, pool := selfSigned(tb)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ts := &testServer{ClientTLS: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}}
	ts.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(c *gosmtp.Conn) (gosmtp.Session, error) {
		return &session{ts: ts, user: o.User, password: o.Password}, nil
	}))
	ts.srv.Domain = "localhost"
	ts.srv.ErrorLog = log.New(io.Discard, "", 0)
	ts.srv.ReadTimeout, ts.srv.WriteTimeout = 10*time.Second, 10*time.Second
	ts.srv.MaxMessageBytes = 64 << 20

	l, err := net.Listen("tcp", o.Addr)
	require.NoError(tb, err)
	switch o.Mode {
	case "starttls":
		ts.srv.TLSConfig = serverTLS
	case "tls":
		l = tls.NewListener(l, serverTLS)
	case "none":
		ts.srv.AllowInsecureAuth = true
	default:
		tb.Fatalf("mode %q", o.Mode)
	}
	host, port, err := net.SplitHostPort(l.Addr().String())
	require.NoError(tb, err)
	ts.Host = host
	ts.Port, err = strconv.Atoi(port)
	require.NoError(tb, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ts.srv.Serve(l)
	}()
	tb.Cleanup(func() {
		ts.srv.Close()
		l.Close() // Close misses a listener Serve has not registered yet
		<-done
	})
	return ts
}

// Messages returns a copy of what the server received.
func (ts *testServer) Messages() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.msgs...)
}

type session struct {
	ts             *testServer
	user, password string
	authed         bool
	from           string
	to             []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.user || password != s.password {
			return &gosmtp.SMTPError{Code: 535, EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.user != "" && !s.authed {
		return gosmtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	s.ts.msgs = append(s.ts.msgs, received{From: s.from, To: s.to, Data: b})
	s.ts.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// silentServer accepts connections and never says a word.
func silentServer(tb testing.TB) (host string, port int) {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	tb.Cleanup(func() {
		l.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	a := l.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

// parsed is a received message, decoded.
type parsed struct {
	Header      mail.Header
	Subject     string
	Text, HTML  string
	Attachments []attachment
}

type attachment struct {
	Name, ContentType string
	Data              []byte
}

// parseMessage decodes a message with net/mail and mime/multipart.
func parseMessage(tb testing.TB, raw []byte) parsed {
	tb.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	require.NoError(tb, err)
	var p parsed
	p.Header = m.Header
	dec := &mime.WordDecoder{}
	p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject"))
	require.NoError(tb, err)
	walkPart(tb, &p, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Header.Get("Content-Disposition"), m.Body)
	return p
}

func walkPart(tb testing.TB, p *parsed, ctype, cte, disp string, body io.Reader) {
	tb.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	require.NoError(tb, err, "Content-Type %q", ctype)
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart() // decodes quoted-printable
			if errors.Is(err, io.EOF) {
				return
			}
			require.NoError(tb, err)
			walkPart(tb, p, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-Disposition"), part)
		}
	}
	data, err := io.ReadAll(body)
	require.NoError(tb, err)
	if strings.EqualFold(cte, "base64") {
		data, err = base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, string(data)))
		require.NoError(tb, err)
	}
	dispType, dparams, _ := mime.ParseMediaType(disp)
	if dispType == "attachment" || dparams["filename"] != "" || params["name"] != "" {
		name := dparams["filename"]
		if name == "" {
			name = params["name"]
		}
		p.Attachments = append(p.Attachments, attachment{Name: name, ContentType: ctype, Data: data})
		return
	}
	switch mt {
	case "text/plain":
		p.Text = string(data)
	case "text/html":
		p.HTML = string(data)
	}
}
