// Package smtp delivers E#L's messages with github.com/wneessen/go-mail:
// through an SMTP server (STARTTLS or implicit TLS, authentication,
// timeouts), or, when no server is configured (the embedded default), as
// .eml files in an outbox folder. Attachments are read from their Content
// as the message is written, and an .eml is written as it is composed:
// go-mail keeps one attachment's encoding in memory at a time, which the
// Outbox bounds (eleader.MaxAttachBytes).
package smtp

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/wneessen/go-mail"
)

// TLS modes.
const (
	StartTLS = "starttls" // plain connection upgraded with STARTTLS, required (port 587)
	TLS      = "tls"      // implicit TLS (port 465)
	NoTLS    = "none"     // no encryption: a relay on loopback only
)

// DefaultTimeout bounds connecting and each SMTP exchange.
const DefaultTimeout = 30 * time.Second

// Config is an SMTP server.
type Config struct {
	Host string
	// Port defaults to 587 for STARTTLS, 465 for TLS, 25 for none.
	Port int
	// Username and Password authenticate (PLAIN, or LOGIN when the server
	// offers only that); no username means no authentication.
	Username, Password string
	// TLS is StartTLS (the default), TLS or NoTLS.
	TLS string
	// Timeout defaults to DefaultTimeout.
	Timeout time.Duration
	// HELO is the name given to the server; empty means the host name.
	HELO string
	// TLSConfig, if set, replaces the default (for a private CA in tests).
	TLSConfig *tls.Config
}

// ConfigFromEnv reads ELEADER_SMTP_HOST, _PORT, _USER, _PASSWORD, _TLS and
// _TIMEOUT (a Go duration). It reports false when no host is set.
func ConfigFromEnv() (Config, bool, error) {
	c := Config{Host: os.Getenv("ELEADER_SMTP_HOST"), Username: os.Getenv("ELEADER_SMTP_USER"),
		Password: os.Getenv("ELEADER_SMTP_PASSWORD"), TLS: os.Getenv("ELEADER_SMTP_TLS")}
	if c.Host == "" {
		return c, false, nil
	}
	if p := os.Getenv("ELEADER_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return c, false, fmt.Errorf("ELEADER_SMTP_PORT %q is not a port", p)
		}
		c.Port = n
	}
	if t := os.Getenv("ELEADER_SMTP_TIMEOUT"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil {
			return c, false, fmt.Errorf("ELEADER_SMTP_TIMEOUT %q: %v", t, err)
		}
		c.Timeout = d
	}
	return c, true, c.check()
}

func (c *Config) check() error {
	switch c.TLS {
	case "":
		c.TLS = StartTLS
	case StartTLS, TLS, NoTLS:
	default:
		return fmt.Errorf("smtp: TLS mode %q: want %s, %s or %s", c.TLS, StartTLS, TLS, NoTLS)
	}
	if c.Host == "" {
		return errors.New("smtp: no host")
	}
	return nil
}

// Client sends messages through an SMTP server.
type Client struct {
	cfg Config
}

var _ eleader.Mailer = (*Client)(nil)

// New returns a client of the server c.
func New(c Config) (*Client, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	return &Client{cfg: c}, nil
}

// Send sends one message: an error says why the server refused it, or
// could not be reached.
func (c *Client) Send(ctx context.Context, m *eleader.Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	timeout := c.cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	opts := []mail.Option{mail.WithTimeout(timeout)}
	switch c.cfg.TLS {
	case TLS:
		opts = append(opts, mail.WithSSL(), mail.WithPort(portOr(c.cfg.Port, 465)))
	case NoTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS), mail.WithPort(portOr(c.cfg.Port, 25)))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory), mail.WithPort(portOr(c.cfg.Port, 587)))
	}
	if c.cfg.TLSConfig != nil {
		tc := c.cfg.TLSConfig.Clone()
		if tc.ServerName == "" && !tc.InsecureSkipVerify {
			tc.ServerName = c.cfg.Host // STARTTLS needs it; implicit TLS would infer it
		}
		opts = append(opts, mail.WithTLSConfig(tc))
	}
	if c.cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(c.cfg.HELO))
	}
	if c.cfg.Username != "" {
		auth := mail.SMTPAuthAutoDiscover
		if c.cfg.TLS == NoTLS {
			// go-mail only offers PLAIN over TLS: a relay without TLS (on
			// loopback, or a private network) gets it explicitly.
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(c.cfg.Username), mail.WithPassword(c.cfg.Password))
	}
	cl, err := mail.NewClient(c.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := cl.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp: %s (%s): %w", c.cfg.Host, c.cfg.TLS, err)
	}
	return nil
}

func portOr(p, def int) int {
	if p > 0 {
		return p
	}
	return def
}

// build turns a message into go-mail's.
func build(m *eleader.Message) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("smtp: sender %q: %w", m.From, err)
	}
	if len(m.To) == 0 {
		return nil, errors.New("smtp: the message has no recipient")
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("smtp: recipients %v: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.Trim(m.MessageID, "<>"))
	if m.Date.IsZero() {
		msg.SetDate()
	} else {
		msg.SetDateWithValue(m.Date)
	}
	msg.SetGenHeader(mail.HeaderContentLang, m.Lang.String())
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if a.Content == nil {
			return nil, fmt.Errorf("smtp: attach %s: no content", a.Name)
		}
		if _, err := a.Content.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("smtp: attach %s: %w", a.Name, err)
		}
		// Read as the message is written, never whole: go-mail keeps one
		// attachment's base64 at a time (bounded by the Outbox's
		// MaxAttachBytes).
		msg.AttachReadSeeker(a.Name, a.Content, mail.WithFileContentType(mail.ContentType(a.ContentType)))
	}
	return msg, nil
}

// Folder writes messages as .eml files in a directory: the outbox of an
// installation without an SMTP server. A message's file is named after its
// Message-ID, and written atomically: sending it again rewrites the same
// file, so each message is there once.
type Folder struct {
	Dir string
}

var _ eleader.Mailer = (*Folder)(nil)

// Send writes the message.
func (f *Folder) Send(ctx context.Context, m *eleader.Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	if err := eleader.MkdirPrivate(f.Dir); err != nil { // reports hold personal data: 0700, files 0600
		return fmt.Errorf("outbox: %w", err)
	}
	name := FileName(m.MessageID)
	tmp, err := os.CreateTemp(f.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 64<<10) // written as it is composed
	if _, err := msg.WriteTo(w); err != nil {
		tmp.Close()
		return fmt.Errorf("outbox: %w", err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("outbox: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("outbox: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return os.Rename(tmp.Name(), filepath.Join(f.Dir, name))
}

// FileName is the .eml file of a Message-ID.
func FileName(messageID string) string {
	id := strings.Trim(messageID, "<>")
	id = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 || r < ' ' {
			return '_'
		}
		return r
	}, id)
	return id + ".eml"
}
