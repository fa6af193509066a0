package sftpd_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/sftpd"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/examples"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// env is a service over SQLite and deposit directories, and its SFTP
// server on loopback.
type env struct {
	t       testing.TB
	svc     *eleader.Service
	dirs    *dropdir.Dir
	srv     *sftpd.Server
	addr    string
	port    string
	spool   string // the server's TempDir
	local   string // the client's working directory
	keys    map[string]string
	signers map[string]ssh.Signer
	logs    *syncBuffer
	uploads chan string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newEnv starts a server; configure changes it before it serves.
func newEnv(t testing.TB, configure ...func(*sftpd.Server)) *env {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "eleader.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	dirs, err := dropdir.New(filepath.Join(dir, "depots"))
	require.NoError(t, err)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	svc := &eleader.Service{Store: store, Deposits: dirs, Logger: logger, Workbooks: xlsx.Workbooks{}}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	hostKey, err := ssh.NewSignerFromKey(priv)
	require.NoError(t, err)
	e := &env{t: t, svc: svc, dirs: dirs, spool: filepath.Join(dir, "spool"), local: filepath.Join(dir, "local"),
		keys: map[string]string{}, signers: map[string]ssh.Signer{}, logs: logs, uploads: make(chan string, 100)}
	require.NoError(t, os.MkdirAll(e.spool, 0o700))
	require.NoError(t, os.MkdirAll(e.local, 0o700))
	e.srv = &sftpd.Server{Service: svc, HostKey: hostKey, Logger: logger, TempDir: e.spool,
		OnUpload: func(partner, name string) { e.uploads <- partner + "/" + name }}
	for _, c := range configure {
		c(e.srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	e.addr = ln.Addr().String()
	_, e.port, _ = net.SplitHostPort(e.addr)
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(ln) }()
	t.Cleanup(func() {
		e.srv.Close()
		<-served
	})
	return e
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

// newKey makes an Ed25519 key pair with ssh-keygen, and returns the
// private key's path and the public key's line.
func (e *env) newKey(name string) (string, string) {
	e.t.Helper()
	keygen := requireTool(e.t, "ssh-keygen")
	path := filepath.Join(e.t.TempDir(), name)
	out, err := exec.Command(keygen, "-q", "-t", "ed25519", "-N", "", "-C", name+"@export", "-f", path).CombinedOutput()
	require.NoError(e.t, err, "%s", out)
	pub, err := os.ReadFile(path + ".pub")
	require.NoError(e.t, err)
	return path, strings.TrimSpace(string(pub))
}

// partner creates an active partner with operator codes ADIE and FRAC
// (those of the example files) on the channels given, with a new key,
// whose private key it returns.
func (e *env) partner(id string, channels ...eleader.Channel) string {
	e.t.Helper()
	ctx := context.Background()
	if len(channels) == 0 {
		channels = []eleader.Channel{eleader.ChannelSFTP}
	}
	key, pub := e.newKey(id)
	ops := []string{"ADIE", "FRAC"}
	if id != "adie" {
		ops = []string{strings.ToUpper((id + "xxx")[:3]) + "9"}
	}
	sheet := eleader.ConnectionSheet{Partner: id, Name: "Partenaire " + id, Operators: ops, Channels: channels,
		Mode: importer.ModePartial, Environment: eleader.Qualification, SSHKeys: []string{pub},
		Contact: eleader.Contact{Name: "Tech", Phone: "01 23 45 67 89", Email: "tech@" + id + ".example"}}
	_, todo, err := e.svc.CreatePartner(ctx, sheet, "test")
	require.NoError(e.t, err)
	require.Empty(e.t, todo)
	_, err = e.svc.SubmitPartner(ctx, id, "test")
	require.NoError(e.t, err)
	acts, err := e.svc.ProcessPartners(ctx, id, "test")
	require.NoError(e.t, err)
	require.Empty(e.t, acts[0].Refused)
	e.keys[id] = key
	b, err := os.ReadFile(key)
	require.NoError(e.t, err)
	signer, err := ssh.ParsePrivateKey(b)
	require.NoError(e.t, err)
	e.signers[id] = signer
	return key
}

// example returns an example file's bytes.
func example(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := fs.ReadFile(examples.Files, "files/"+name)
	require.NoError(tb, err)
	return b
}

// file writes a file into the client's working directory.
func (e *env) file(name string, body []byte) string {
	e.t.Helper()
	p := filepath.Join(e.local, name)
	require.NoError(e.t, os.WriteFile(p, body, 0o600))
	return p
}

// result is what a run of OpenSSH's sftp gave.
type result struct {
	code           int
	stdout, stderr string
}

// output is stdout without the batch's echoed commands.
func (r result) output() string {
	var lines []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if !strings.HasPrefix(l, "sftp> ") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// sftp runs OpenSSH's sftp in batch mode as user with key, in the client's
// working directory; extra options come before the destination.
func (e *env) sftp(user, key, batch string, extra ...string) result {
	e.t.Helper()
	bin := requireTool(e.t, "sftp")
	bf := filepath.Join(e.t.TempDir(), "batch")
	require.NoError(e.t, os.WriteFile(bf, []byte(batch), 0o600))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append(e.sshOptions(key), "-b", bf, "-P", e.port)
	args = append(args, extra...)
	args = append(args, user+"@127.0.0.1")
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = e.local
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else {
		require.NoError(e.t, err)
	}
	return r
}

// sshOptions are the client options of every test: no configuration, no
// agent, no known hosts, never a prompt.
func (e *env) sshOptions(key string) []string {
	opts := []string{"-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20"}
	if key != "" {
		opts = append(opts, "-i", key)
	}
	return opts
}

// client connects with pkg/sftp's client as partner, with its key.
func (e *env) client(partner string) *sftp.Client {
	e.t.Helper()
	c, _ := e.clientConn(partner)
	return c
}

// clientConn is client, with its SSH connection.
func (e *env) clientConn(partner string) (*sftp.Client, *ssh.Client) {
	e.t.Helper()
	c, conn, err := e.dial(partner, e.signers[partner])
	require.NoError(e.t, err)
	return c, conn
}

func (e *env) dial(user string, signer ssh.Signer) (*sftp.Client, *ssh.Client, error) {
	conn, err := ssh.Dial("tcp", e.addr, &ssh.ClientConfig{
		User: user, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		return nil, nil, err
	}
	c, err := sftp.NewClient(conn)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	e.t.Cleanup(func() { c.Close(); conn.Close() })
	return c, conn, nil
}

// deposits returns the names in a partner's deposit folder.
func (e *env) deposits(partner string) []string {
	e.t.Helper()
	entries, err := os.ReadDir(filepath.Join(e.dirs.Root, partner, dropdir.DepositDir))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(e.t, err)
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	return names
}

// deposited returns a deposit's bytes.
func (e *env) deposited(partner, name string) []byte {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dirs.Root, partner, dropdir.DepositDir, name))
	require.NoError(e.t, err)
	return b
}

// run runs an import for partner.
func (e *env) run(partner string) *eleader.RunRecord {
	e.t.Helper()
	rec, _, err := e.svc.Run(context.Background(), eleader.RunOptions{Partner: partner})
	require.NoError(e.t, err)
	return rec
}

// waitLog waits until the logs hold s.
func (e *env) waitLog(s string) {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(e.logs.String(), s) {
		if time.Now().After(deadline) {
			e.t.Fatalf("the logs never held %q:\n%s", s, e.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// killGroup kills a process and its children (sftp runs ssh).
func killGroup(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

func itoa(n int) string { return strconv.Itoa(n) }
