// Package sftpd is E#L's SFTP server for partners' systems (spec §6,
// issue 12), on golang.org/x/crypto/ssh and github.com/pkg/sftp's request
// server.
//
// A partner logs in as its identifier with an SSH key registered on its
// connection sheet (ACTIVEE, channel sftp); passwords are refused. It sees
// a space of its own, virtual — nothing of E#L's disk is ever exposed:
//
//	/depot/      its files waiting for the next run: put, ls, rm
//	/rapports/   the rejects files of its reports, CSV and XLSX: ls, get
//
// An upload is received into a temporary file that nobody can reach (it
// is removed from its directory as soon as it is created) and enters the
// deposits through the service's front door (eleader.Service.Upload) when
// the client closes it; the name is judged when the file is opened, so
// that a bad name is refused before its bytes are sent. A refusal is an
// SFTP failure status whose message says why, also written on the
// session's standard error, which OpenSSH's sftp prints (it shows only the
// status code of a failure). A connection cut mid-upload leaves nothing.
package sftpd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Service is what the server needs of E#L's service; *eleader.Service
// implements it.
type Service interface {
	AuthenticateSSHKey(ctx context.Context, user string, key []byte) (*eleader.Partner, error)
	CheckUpload(ctx context.Context, p *eleader.Partner, name string, size, limit int64) (importer.FileName, error)
	Upload(ctx context.Context, p *eleader.Partner, name string, size int64, body io.Reader, limit int64) (eleader.Deposit, error)
	Files(ctx context.Context, partner string, limit int) ([]eleader.FileStatus, error)
	Withdraw(ctx context.Context, p *eleader.Partner, name string) error
	PartnerRejectsFiles(ctx context.Context, partner string, limit int) ([]eleader.RejectsFile, error)
	PartnerRejects(ctx context.Context, partner string, report int64, format string) (io.ReadCloser, eleader.RejectsFile, error)
	// MetricsOf is told of the sessions and uploads (never nil).
	MetricsOf() eleader.Metrics
}

// The outcomes of an SFTP session, for Metrics.SFTPSession.
const (
	SessionOK      = "ok"       // a partner logged in, worked and left
	SessionRefused = "refused"  // no login: a key refused, or the handshake given up
	SessionTooMany = "too_many" // logged in, but the partner had MaxSessions already
)

// uploadChannel is the channel of Metrics.Upload.
const uploadChannel = "sftp"

var _ Service = (*eleader.Service)(nil)

// Defaults of the Server's limits.
const (
	DefaultIdleTimeout      = 10 * time.Minute
	DefaultMaxConnTime      = 4 * time.Hour
	DefaultMaxSessions      = 4
	DefaultHandshakeTimeout = 30 * time.Second
	DefaultMaxHandshakes    = 32
	// DefaultReports is how many of a partner's latest reports
	// /rapports/ shows.
	DefaultReports = 100
)

// Server serves partners over SFTP. Set its fields, then call Serve; it is
// safe for concurrent use.
type Server struct {
	// Service is E#L's service. Required.
	Service Service
	// HostKey is the server's host key. Required.
	HostKey ssh.Signer
	// Logger receives one line per login, upload, refusal and removal:
	// partner, file name, size — never a file's content. Nil discards.
	Logger *slog.Logger
	// MaxUpload is the size limit of a file, as the API's. Zero means
	// eleader.DefaultMaxUpload.
	MaxUpload int64
	// IdleTimeout closes a connection after that long without anything
	// received. Zero means DefaultIdleTimeout.
	IdleTimeout time.Duration
	// MaxConnTime closes a connection that long after its login, whatever
	// it is doing. Zero means DefaultMaxConnTime.
	MaxConnTime time.Duration
	// MaxSessions is how many connections one partner may have at once.
	// Zero means DefaultMaxSessions.
	MaxSessions int
	// HandshakeTimeout bounds the time from the connection to the login.
	// Zero means DefaultHandshakeTimeout.
	HandshakeTimeout time.Duration
	// MaxHandshakes bounds the connections not logged in yet, of everyone.
	// Zero means DefaultMaxHandshakes.
	MaxHandshakes int
	// TempDir receives uploads in progress (as files removed from the
	// directory at once). "" means os.TempDir().
	TempDir string
	// OnUpload, if set, is told of each file deposited (e.g. to import it
	// at once).
	OnUpload func(partner, name string)

	mu         sync.Mutex
	listeners  map[net.Listener]bool
	conns      map[*serverConn]bool
	sessions   map[string]int // partner → connections
	handshakes int
	closed     bool
	wg         sync.WaitGroup
	sizes      xlsxSizes
}

// serverConn is one connection.
type serverConn struct {
	net.Conn
	partner string
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

func (s *Server) maxUpload() int64 {
	if s.MaxUpload <= 0 {
		return eleader.DefaultMaxUpload
	}
	return s.MaxUpload
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// ErrServerClosed is returned by Serve after Close or Shutdown.
var ErrServerClosed = errors.New("sftpd: server closed")

// Serve accepts connections on ln until Close or Shutdown, and returns
// ErrServerClosed then; another error of ln stops it too. It closes ln.
func (s *Server) Serve(ln net.Listener) error {
	if s.Service == nil || s.HostKey == nil {
		ln.Close()
		return errors.New("sftpd: the server needs a Service and a HostKey")
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ln.Close()
		return ErrServerClosed
	}
	if s.listeners == nil {
		s.listeners, s.conns, s.sessions = map[net.Listener]bool{}, map[*serverConn]bool{}, map[string]int{}
	}
	s.listeners[ln] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, ln)
		s.mu.Unlock()
		ln.Close()
	}()
	config := s.config()
	for {
		c, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		sc := &serverConn{Conn: &idleConn{Conn: c, idle: orDefault(s.IdleTimeout, DefaultIdleTimeout)}}
		s.mu.Lock()
		if s.closed || s.handshakes >= orDefault(s.MaxHandshakes, DefaultMaxHandshakes) {
			s.mu.Unlock()
			c.Close()
			continue
		}
		s.handshakes++
		s.conns[sc] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go s.handle(sc, config)
	}
}

// Close stops the server at once: listeners and connections are closed;
// uploads in progress are lost (nothing of them is kept).
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for ln := range s.listeners {
		ln.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

// Shutdown stops the server gracefully: it stops accepting connections,
// waits for the connections to end until ctx ends, then closes the others.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	for ln := range s.listeners {
		ln.Close()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.Close()
		return ctx.Err()
	}
}

// config is the SSH configuration: public keys of connection sheets only.
func (s *Server) config() *ssh.ServerConfig {
	c := &ssh.ServerConfig{
		ServerVersion: "SSH-2.0-eleader",
		MaxAuthTries:  6,
		PublicKeyCallback: func(meta ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			p, err := s.Service.AuthenticateSSHKey(context.Background(), meta.User(), key.Marshal())
			if err != nil {
				s.logger().Info("sftp: key refused", "user", logUser(meta.User()), "remote", meta.RemoteAddr().String(),
					"key", ssh.FingerprintSHA256(key), "reason", eleader.ErrorMessage(err))
				return nil, err
			}
			return &ssh.Permissions{Extensions: map[string]string{
				"partner": p.ID(), "key": string(key.Marshal()), "fingerprint": ssh.FingerprintSHA256(key),
			}}, nil
		},
		BannerCallback: func(ssh.ConnMetadata) string { return lang.Sprintf(msgBanner) },
	}
	c.AddHostKey(s.HostKey)
	return c
}

// logUser returns a user name fit for a log: a partner identifier as it
// is, anything else only its length.
func logUser(u string) string {
	if importer.ValidPartner(u) {
		return u
	}
	return fmt.Sprintf("(not an identifier, %d bytes)", len(u))
}

// handle serves one connection: the handshake, within HandshakeTimeout;
// then, if the partner has a session to spare, its channels, until the
// client leaves, IdleTimeout or MaxConnTime.
func (s *Server) handle(sc *serverConn, config *ssh.ServerConfig) {
	defer s.wg.Done()
	defer func() {
		sc.Close()
		s.mu.Lock()
		delete(s.conns, sc)
		if sc.partner != "" {
			if s.sessions[sc.partner]--; s.sessions[sc.partner] <= 0 {
				delete(s.sessions, sc.partner)
			}
		}
		s.mu.Unlock()
	}()
	handshake := time.AfterFunc(orDefault(s.HandshakeTimeout, DefaultHandshakeTimeout), func() { sc.Close() })
	conn, chans, reqs, err := ssh.NewServerConn(sc, config)
	handshake.Stop()
	s.mu.Lock()
	s.handshakes--
	s.mu.Unlock()
	if err != nil {
		s.Service.MetricsOf().SFTPSession(SessionRefused)
		return // refused keys are logged by the callback; the rest is noise
	}
	defer conn.Close()
	go ssh.DiscardRequests(reqs)
	partner := conn.Permissions.Extensions["partner"]
	log := s.logger().With("partner", partner, "remote", conn.RemoteAddr().String())
	s.mu.Lock()
	over := s.sessions[partner] >= orDefault(s.MaxSessions, DefaultMaxSessions)
	if !over {
		s.sessions[partner]++
		sc.partner = partner
	}
	s.mu.Unlock()
	if over {
		log.Warn("sftp: too many sessions", "max", orDefault(s.MaxSessions, DefaultMaxSessions))
		s.Service.MetricsOf().SFTPSession(SessionTooMany)
		refuseChannels(chans, lang.Sprintf(msgTooManySessions, orDefault(s.MaxSessions, DefaultMaxSessions)))
		return
	}
	started := time.Now()
	log.Info("sftp: logged in", "key", conn.Permissions.Extensions["fingerprint"])
	limit := time.AfterFunc(orDefault(s.MaxConnTime, DefaultMaxConnTime), func() {
		log.Warn("sftp: connection closed: total time limit", "limit", orDefault(s.MaxConnTime, DefaultMaxConnTime).String())
		conn.Close()
	})
	defer limit.Stop()
	var wg sync.WaitGroup
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		ch, requests, err := nc.Accept()
		if err != nil {
			continue
		}
		wg.Go(func() {
			s.session(ch, requests, conn, log)
		})
	}
	wg.Wait()
	s.Service.MetricsOf().SFTPSession(SessionOK)
	log.Info("sftp: logged out", "duration", time.Since(started).Round(time.Second).String())
}

// refuseChannels tells each session why the connection is refused, on its
// standard error, and ends it.
func refuseChannels(chans <-chan ssh.NewChannel, msg string) {
	done := time.After(5 * time.Second)
	for {
		select {
		case nc, ok := <-chans:
			if !ok {
				return
			}
			if nc.ChannelType() != "session" {
				nc.Reject(ssh.Prohibited, msg)
				continue
			}
			ch, reqs, err := nc.Accept()
			if err != nil {
				continue
			}
			go func() {
				for r := range reqs {
					r.Reply(r.Type == "subsystem" || r.Type == "exec" || r.Type == "shell", nil)
					if r.Type == "subsystem" || r.Type == "exec" || r.Type == "shell" {
						io.WriteString(ch.Stderr(), msg+"\n")
						ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{1}))
						ch.Close()
					}
				}
			}()
		case <-done:
			return
		}
	}
}

// session serves one session channel: the sftp subsystem, and nothing
// else (a shell or a command is told so).
func (s *Server) session(ch ssh.Channel, requests <-chan *ssh.Request, conn *ssh.ServerConn, log *slog.Logger) {
	defer ch.Close()
	for req := range requests {
		switch {
		case req.Type == "subsystem" && len(req.Payload) >= 4 && string(req.Payload[4:]) == "sftp":
			req.Reply(true, nil)
			go ssh.DiscardRequests(requests)
			s.serveSFTP(ch, conn, log)
			ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{0}))
			return
		case req.Type == "exec" || req.Type == "shell":
			req.Reply(true, nil)
			io.WriteString(ch.Stderr(), lang.Sprintf(msgOnlySFTP)+"\n")
			ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{1}))
			return
		case req.Type == "env" || req.Type == "pty-req":
			req.Reply(false, nil)
		default:
			if req.WantReply {
				req.Reply(false, nil)
			}
		}
	}
}

// idleConn closes a connection idle for too long: every read and write
// must happen within idle of its start.
type idleConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleConn) Read(b []byte) (int, error) {
	c.Conn.SetReadDeadline(time.Now().Add(c.idle))
	return c.Conn.Read(b)
}

func (c *idleConn) Write(b []byte) (int, error) {
	c.Conn.SetWriteDeadline(time.Now().Add(c.idle))
	return c.Conn.Write(b)
}

// tempDir is where uploads are received.
func (s *Server) tempDir() string {
	if s.TempDir == "" {
		return os.TempDir()
	}
	return s.TempDir
}
