package smtp_test

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"io"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testUser     = "eleader"
	testPassword = "s3cret-mot-de-passe"
)

// testMessage is a report-like message with a CSV and a binary attachment.
func testMessage(tb testing.TB) *eleader.Message {
	tb.Helper()
	bin := make([]byte, 3000)
	_, err := rand.Read(bin)
	require.NoError(tb, err)
	return &eleader.Message{
		MessageID: "<rapport-7.adie@entrepreneur-leader.example>",
		From:      "E#L <noreply@entrepreneur-leader.example>",
		To:        []string{"rapports@adie.example", "tech@adie.example"},
		Subject:   "E#L – 20261116-adie.csv : 17 lignes rejetées sur 19",
		Date:      time.Date(2026, 11, 16, 6, 30, 0, 0, time.UTC),
		Text:      "Bonjour,\n\nLe fichier 20261116-adie.csv a été traité : 17 lignes sont rejetées sur 19.\n",
		HTML:      "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour,</p><p><strong>Le fichier 20261116-adie.csv a été traité : 17 lignes sont rejetées sur 19.</strong></p></body></html>",
		Attachments: []eleader.Attachment{
			eleader.BytesAttachment("20261116-adie-rejets.csv", "text/csv; charset=utf-8",
				[]byte("\xEF\xBB\xBFNom;Commune;Erreurs\r\n=HYPERLINK(\"http://x\");+33;\"a;b\"\r\nÉlodie;-x;@me\r\n")),
			eleader.BytesAttachment("20261116-adie-rejets.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bin),
		},
	}
}

// contentOf reads an attachment's content whole, from its start.
func contentOf(tb testing.TB, a eleader.Attachment) []byte {
	tb.Helper()
	_, err := a.Content.Seek(0, io.SeekStart)
	require.NoError(tb, err)
	b, err := io.ReadAll(a.Content)
	require.NoError(tb, err)
	require.Equal(tb, a.Size, int64(len(b)), "the attachment's Size")
	return b
}

func clientFor(tb testing.TB, ts *testServer, mode, user, password string) *smtp.Client {
	tb.Helper()
	c, err := smtp.New(smtp.Config{Host: ts.Host, Port: ts.Port, TLS: mode, Username: user, Password: password,
		TLSConfig: ts.ClientTLS, Timeout: 10 * time.Second, HELO: "eleader.test"})
	require.NoError(tb, err)
	return c
}

// checkReceived checks one received message against what was sent.
func checkReceived(t *testing.T, got received, m *eleader.Message) {
	t.Helper()
	assert.Equal(t, "noreply@entrepreneur-leader.example", got.From, "envelope sender")
	assert.ElementsMatch(t, []string{"rapports@adie.example", "tech@adie.example"}, got.To, "envelope recipients")
	p := parseMessage(t, got.Data)
	from, err := mail.ParseAddress(p.Header.Get("From"))
	require.NoError(t, err)
	assert.Equal(t, "noreply@entrepreneur-leader.example", from.Address)
	assert.Equal(t, "E#L", from.Name)
	to, err := p.Header.AddressList("To")
	require.NoError(t, err)
	require.Len(t, to, 2)
	assert.Equal(t, "rapports@adie.example", to[0].Address)
	assert.Equal(t, "tech@adie.example", to[1].Address)
	assert.Equal(t, m.Subject, p.Subject, "the subject, decoded")
	assert.Equal(t, m.MessageID, p.Header.Get("Message-ID"))
	date, err := p.Header.Date()
	require.NoError(t, err)
	assert.True(t, date.Equal(m.Date), "Date: got %v want %v", date, m.Date)
	assert.Equal(t, "fr", p.Header.Get("Content-Language"))
	assert.Equal(t, "1.0", p.Header.Get("MIME-Version"))
	assert.Equal(t, m.Text, strings.ReplaceAll(p.Text, "\r\n", "\n"), "the text part")
	assert.Contains(t, p.HTML, "<strong>Le fichier 20261116-adie.csv a été traité", "the HTML part")
	require.Len(t, p.Attachments, len(m.Attachments))
	for i, a := range m.Attachments {
		assert.Equal(t, a.Name, p.Attachments[i].Name)
		assert.True(t, strings.HasPrefix(p.Attachments[i].ContentType, strings.Split(a.ContentType, ";")[0]),
			"content type: got %q want %q", p.Attachments[i].ContentType, a.ContentType)
		assert.Equal(t, contentOf(t, a), p.Attachments[i].Data, "attachment %s byte for byte", a.Name)
	}
}

func TestSendModes(t *testing.T) {
	tests := []struct {
		name, mode, user string
	}{
		{"STARTTLS with authentication", smtp.StartTLS, testUser},
		{"implicit TLS with authentication", smtp.TLS, testUser},
		{"no TLS, loopback relay", smtp.NoTLS, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, serverOptions{Mode: tt.mode, User: tt.user, Password: testPassword})
			m := testMessage(t)
			err := clientFor(t, ts, tt.mode, tt.user, testPassword).Send(context.Background(), m)
			require.NoError(t, err)
			msgs := ts.Messages()
			require.Len(t, msgs, 1, "one message received")
			checkReceived(t, msgs[0], m)
		})
	}
}

// TestSendNoTLSAuthOnLoopback: Config says a username authenticates with
// PLAIN, and NoTLS is for a relay on loopback, where go-mail itself allows
// PLAIN; a loopback relay asking for a password must get it.
func TestSendNoTLSAuthOnLoopback(t *testing.T) {
	ts := startServer(t, serverOptions{Mode: smtp.NoTLS, User: testUser, Password: testPassword})
	m := testMessage(t)
	err := clientFor(t, ts, smtp.NoTLS, testUser, testPassword).Send(context.Background(), m)
	require.NoError(t, err)
	msgs := ts.Messages()
	require.Len(t, msgs, 1)
	checkReceived(t, msgs[0], m)
}

func TestSendAuthRefused(t *testing.T) {
	for _, mode := range []string{smtp.StartTLS, smtp.TLS} {
		t.Run(mode, func(t *testing.T) {
			ts := startServer(t, serverOptions{Mode: mode, User: testUser, Password: testPassword})
			err := clientFor(t, ts, mode, testUser, "wrong").Send(context.Background(), testMessage(t))
			require.Error(t, err)
			assert.Contains(t, strings.ToLower(err.Error()), "auth", "the error names authentication: %v", err)
			assert.Contains(t, err.Error(), "535", "the server's answer is kept: %v", err)
			assert.Empty(t, ts.Messages(), "nothing received")
		})
	}
}

func TestSendStartTLSRequired(t *testing.T) {
	ts := startServer(t, serverOptions{Mode: "none"}) // offers no STARTTLS
	err := clientFor(t, ts, smtp.StartTLS, "", "").Send(context.Background(), testMessage(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "STARTTLS", "a clear error: %v", err)
	assert.Contains(t, err.Error(), "does not support", "a clear error: %v", err)
	assert.Empty(t, ts.Messages(), "nothing sent in clear text")
}

// TestSendTLSConfigRootCAsOnly: a TLSConfig that only adds a private CA, as
// its doc suggests, works in both TLS modes (the server name comes from Host).
func TestSendTLSConfigRootCAsOnly(t *testing.T) {
	for _, mode := range []string{smtp.TLS, smtp.StartTLS} {
		t.Run(mode, func(t *testing.T) {
			ts := startServer(t, serverOptions{Mode: mode})
			c, err := smtp.New(smtp.Config{Host: ts.Host, Port: ts.Port, TLS: mode, Timeout: 10 * time.Second,
				TLSConfig: &tls.Config{RootCAs: ts.ClientTLS.RootCAs}})
			require.NoError(t, err)
			assert.NoError(t, c.Send(context.Background(), testMessage(t)))
			assert.Len(t, ts.Messages(), 1)
		})
	}
}

func TestSendUntrustedCertificate(t *testing.T) {
	ts := startServer(t, serverOptions{Mode: smtp.TLS})
	c, err := smtp.New(smtp.Config{Host: ts.Host, Port: ts.Port, TLS: smtp.TLS, Timeout: 10 * time.Second})
	require.NoError(t, err)
	err = c.Send(context.Background(), testMessage(t))
	require.Error(t, err, "a self-signed certificate is not trusted by default")
	assert.Contains(t, err.Error(), "certificate")
	assert.Empty(t, ts.Messages())
}

func TestSendTimeout(t *testing.T) {
	host, port := silentServer(t)
	c, err := smtp.New(smtp.Config{Host: host, Port: port, TLS: smtp.NoTLS, Timeout: 300 * time.Millisecond})
	require.NoError(t, err)
	err = c.Send(context.Background(), testMessage(t))
	require.Error(t, err)
	msg := strings.ToLower(err.Error())
	assert.True(t, strings.Contains(msg, "timeout") || strings.Contains(msg, "deadline"), "got %v", err)
}

func TestSendServerDown(t *testing.T) {
	host, port, err := net.SplitHostPort(freeAddr(t))
	require.NoError(t, err)
	p, _ := strconv.Atoi(port)
	c, err := smtp.New(smtp.Config{Host: host, Port: p, TLS: smtp.NoTLS, Timeout: 5 * time.Second})
	require.NoError(t, err)
	err = c.Send(context.Background(), testMessage(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), host, "the error names the server: %v", err)
}

func TestSendBadMessage(t *testing.T) {
	ts := startServer(t, serverOptions{Mode: "none"})
	c := clientFor(t, ts, smtp.NoTLS, "", "")
	tests := []struct {
		name   string
		change func(*eleader.Message)
		want   string
	}{
		{"no recipient", func(m *eleader.Message) { m.To = nil }, "no recipient"},
		{"bad recipient", func(m *eleader.Message) { m.To = []string{"not an address"} }, "recipients"},
		{"bad sender", func(m *eleader.Message) { m.From = "nobody" }, "sender"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testMessage(t)
			tt.change(m)
			err := c.Send(context.Background(), m)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	assert.Empty(t, ts.Messages())
}

func TestSendNoDate(t *testing.T) {
	ts := startServer(t, serverOptions{Mode: "none"})
	m := testMessage(t)
	m.Date = time.Time{}
	require.NoError(t, clientFor(t, ts, smtp.NoTLS, "", "").Send(context.Background(), m))
	msgs := ts.Messages()
	require.Len(t, msgs, 1)
	d, err := parseMessage(t, msgs[0].Data).Header.Date()
	require.NoError(t, err, "a Date header all the same")
	assert.WithinDuration(t, time.Now(), d, time.Hour)
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		cfg  smtp.Config
		ok   bool
	}{
		{"defaults", smtp.Config{Host: "smtp.example"}, true},
		{"tls", smtp.Config{Host: "smtp.example", TLS: smtp.TLS}, true},
		{"none", smtp.Config{Host: "smtp.example", TLS: smtp.NoTLS}, true},
		{"no host", smtp.Config{}, false},
		{"bad mode", smtp.Config{Host: "smtp.example", TLS: "ssl"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := smtp.New(tt.cfg)
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    smtp.Config
		found   bool
		wantErr string
	}{
		{name: "no host", env: map[string]string{"ELEADER_SMTP_PORT": "587"}},
		{name: "host only", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example"}, found: true,
			want: smtp.Config{Host: "smtp.example", TLS: smtp.StartTLS}},
		{name: "everything", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example", "ELEADER_SMTP_PORT": "465",
			"ELEADER_SMTP_USER": "u", "ELEADER_SMTP_PASSWORD": "p", "ELEADER_SMTP_TLS": "tls", "ELEADER_SMTP_TIMEOUT": "12s"}, found: true,
			want: smtp.Config{Host: "smtp.example", Port: 465, Username: "u", Password: "p", TLS: smtp.TLS, Timeout: 12 * time.Second}},
		{name: "bad port", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example", "ELEADER_SMTP_PORT": "abc"}, wantErr: "ELEADER_SMTP_PORT"},
		{name: "port out of range", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example", "ELEADER_SMTP_PORT": "70000"}, wantErr: "ELEADER_SMTP_PORT"},
		{name: "port zero", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example", "ELEADER_SMTP_PORT": "0"}, wantErr: "ELEADER_SMTP_PORT"},
		{name: "bad timeout", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example", "ELEADER_SMTP_TIMEOUT": "30"}, wantErr: "ELEADER_SMTP_TIMEOUT"},
		{name: "bad TLS mode", env: map[string]string{"ELEADER_SMTP_HOST": "smtp.example", "ELEADER_SMTP_TLS": "ssl"}, wantErr: "ssl"},
	}
	vars := []string{"ELEADER_SMTP_HOST", "ELEADER_SMTP_PORT", "ELEADER_SMTP_USER", "ELEADER_SMTP_PASSWORD", "ELEADER_SMTP_TLS", "ELEADER_SMTP_TIMEOUT"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range vars {
				t.Setenv(v, tt.env[v])
			}
			got, found, err := smtp.ConfigFromEnv()
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.found, found)
			if tt.found {
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox") // created on first use
	f := &smtp.Folder{Dir: dir}
	m := testMessage(t)
	require.NoError(t, f.Send(context.Background(), m))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "rapport-7.adie@entrepreneur-leader.example.eml", entries[0].Name(), "named after the Message-ID")
	first, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	require.NoError(t, err)
	p := parseMessage(t, first)
	assert.Equal(t, m.Subject, p.Subject)
	assert.Equal(t, m.MessageID, p.Header.Get("Message-ID"))
	assert.Equal(t, "fr", p.Header.Get("Content-Language"))
	require.Len(t, p.Attachments, 2)
	for i, a := range m.Attachments {
		assert.Equal(t, a.Name, p.Attachments[i].Name)
		assert.Equal(t, contentOf(t, a), p.Attachments[i].Data)
	}

	// Sent again: the same file, rewritten, and nothing else.
	m.Text = "Bonjour,\n\nRenvoi.\n"
	require.NoError(t, f.Send(context.Background(), m))
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "still one file, no temporary left")
	again, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	require.NoError(t, err)
	assert.Contains(t, strings.ReplaceAll(parseMessage(t, again).Text, "\r\n", "\n"), "Renvoi.", "rewritten")

	// A refused message writes nothing.
	bad := testMessage(t)
	bad.MessageID, bad.To = "<other@x>", nil
	assert.Error(t, f.Send(context.Background(), bad))
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
}

func TestFolderUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	err := (&smtp.Folder{Dir: filepath.Join(file, "outbox")}).Send(context.Background(), testMessage(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "outbox")
}

func TestFileName(t *testing.T) {
	tests := []struct{ id, want string }{
		{"<rapport-1.adie@entrepreneur-leader.example>", "rapport-1.adie@entrepreneur-leader.example.eml"},
		{"rapport-1@x", "rapport-1@x.eml"},
		{"<../../etc/passwd@x>", ".._.._etc_passwd@x.eml"},
		{"<a\\b\x00c\nd@x>", "a_b_c_d@x.eml"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got := smtp.FileName(tt.id)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got, filepath.Base(got), "never a path")
		})
	}
}

// TestSendCanceled: a canceled context stops the send.
func TestSendCanceled(t *testing.T) {
	host, port := silentServer(t)
	c, err := smtp.New(smtp.Config{Host: host, Port: port, TLS: smtp.NoTLS, Timeout: time.Minute})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Error(t, c.Send(ctx, testMessage(t)))
}
