package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

// sshKey makes an Ed25519 key with ssh-keygen in dir; it returns the
// private key's path and the fingerprint ssh-keygen prints.
func sshKey(t *testing.T, dir, name string) (string, string) {
	t.Helper()
	keygen := requireTool(t, "ssh-keygen")
	path := filepath.Join(dir, name)
	out, err := exec.Command(keygen, "-q", "-t", "ed25519", "-N", "", "-C", name+"@partner", "-f", path).CombinedOutput()
	require.NoError(t, err, "%s", out)
	out, err = exec.Command(keygen, "-l", "-E", "sha256", "-f", path+".pub").Output()
	require.NoError(t, err)
	return path, strings.Fields(string(out))[1]
}

func TestPartnersSSHKeys(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	a, fpA := sshKey(t, dir, "a")
	b, fpB := sshKey(t, dir, "b")
	c, fpC := sshKey(t, dir, "c")
	code, out, stderr := dbCLI(t, db, append(createArgs("bge", "BGE1", "--channels", "api,depot"), "--ssh-key", a+".pub")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "channels      api,sftp", "depot is read as sftp")
	assert.Contains(t, out, fpA)

	// An authorized_keys file: several keys, comments, blank lines.
	pubB, err := os.ReadFile(b + ".pub")
	require.NoError(t, err)
	pubC, err := os.ReadFile(c + ".pub")
	require.NoError(t, err)
	keys := filepath.Join(dir, "authorized_keys")
	require.NoError(t, os.WriteFile(keys, []byte("# the export servers\n\n"+string(pubB)+"\n"+string(pubC)), 0o600))
	code, out, stderr = dbCLI(t, db, "partners", "edit", "bge", "--ssh-key", keys, "--ssh-key", a+".pub")
	require.Equal(t, exitOK, code, stderr)
	for _, fp := range []string{fpA, fpB, fpC} {
		assert.Contains(t, out, fp)
	}
	assert.Equal(t, 1, strings.Count(out, fpA), "a key given twice is kept once")

	code, out, stderr = dbCLI(t, db, "partners", "edit", "bge", "--remove-ssh-key", fpB)
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, out, fpB)
	code, out, _ = dbCLI(t, db, "partners", "show", "bge", "--format", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"fingerprint":"`+fpA+`"`)
	assert.Contains(t, out, `"sshKeys":["ssh-ed25519 `)
	code, out, _ = dbCLI(t, db, "partners", "list", "--channel", "depot")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "bge")
	code, out, _ = dbCLI(t, db, "partners", "export")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "ClesSSH")
	assert.Contains(t, out, "a@partner")

	bad := filepath.Join(dir, "bad.pub")
	for _, tt := range []struct{ content, want string }{
		{string(pubB) + "\nnot a key\n", "line 3: not an SSH public key"},
		{`from="10.0.0.1" ` + string(pubB), "options (from)"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "private key"},
		{"", "no SSH public key"},
	} {
		require.NoError(t, os.WriteFile(bad, []byte(tt.content), 0o600))
		code, _, stderr = dbCLI(t, db, "partners", "edit", "bge", "--ssh-key", bad)
		assert.Equal(t, exitUsage, code, tt.want)
		assert.Contains(t, stderr, tt.want)
	}
	code, _, stderr = dbCLI(t, db, "partners", "edit", "bge", "--remove-ssh-key", "SHA256:nope")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, fpA, "the error lists the sheet's keys")
	code, _, stderr = dbCLI(t, db, "partners", "create", "--id", "x9", "--remove-ssh-key", fpA)
	assert.Equal(t, exitUsage, code, "create has no key to remove: %s", stderr)
}

// activeSFTP creates partner id (operators ADIE, FRAC: the example files'),
// active, on the channel sftp with a new key; it returns the private key.
func activeSFTP(t *testing.T, db, dir, id, ops string) string {
	t.Helper()
	key, _ := sshKey(t, dir, id)
	code, _, stderr := dbCLI(t, db, append(createArgs(id, ops, "--channels", "sftp"), "--ssh-key", key+".pub")...)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = dbCLI(t, db, "partners", "submit", id)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = dbCLI(t, db, "partners", "process", id)
	require.Equal(t, exitOK, code, stderr)
	return key
}

// sftpBatch runs OpenSSH's sftp in batch mode in dir.
func sftpBatch(t *testing.T, dir, port, user, key, batch string) (int, string, string) {
	t.Helper()
	bf := filepath.Join(t.TempDir(), "batch")
	require.NoError(t, os.WriteFile(bf, []byte(batch), 0o600))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, requireTool(t, "sftp"), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-i", key, "-b", bf, "-P", port, user+"@127.0.0.1")
	cmd.Dir = dir
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, out.String(), errOut.String()
}

// TestServeSFTP is issue 12's check: serve --sftp-addr, a partner
// registered with partners edit --ssh-key; OpenSSH's sftp uploads a valid
// file (imported by run --now), a misnamed one (refused, said), the same
// name twice (refused), with another partner's key (refused), and reads
// its rejects from rapports/. The host key is drawn once, kept 0600.
// /metrics counts the SFTP uploads (with the status the API would give)
// and sessions.
func TestServeSFTP(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	db := filepath.Join(data, "eleader.db")
	keys := filepath.Join(dir, "keys")
	require.NoError(t, os.MkdirAll(keys, 0o700))
	adie := activeSFTP(t, db, keys, "adie", "ADIE,FRAC")
	frac := activeSFTP(t, db, keys, "frac", "FRA9")
	local := filepath.Join(dir, "local")
	require.NoError(t, os.MkdirAll(local, 0o700))
	faulty, err := os.ReadFile(demoFaulty)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(local, "20261125-adie.csv"), faulty, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(local, "export.csv"), faulty, 0o600))

	s := startServe(t, "--data", data, "--sftp-addr", "127.0.0.1:0")
	port, fp := sftpBanner(t, s)
	info, err := os.Stat(filepath.Join(data, "sftp_host_ed25519_key"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the host key is its owner's only")
	metricsURL := s.base + "/metrics"
	before := scrape(t, metricsURL, "")
	moved := func(m map[string]*dto.MetricFamily, name string, labels ...string) float64 {
		return value(m, name, labels...) - value(before, name, labels...)
	}

	code, out, stderr := sftpBatch(t, local, port, "adie", adie, "cd depot\nput 20261125-adie.csv\n-put export.csv\n-put 20261125-adie.csv\nls -l\n")
	require.Equal(t, 0, code, "%s\n%s", out, stderr)
	assert.Contains(t, stderr, "E#L : le nom export.csv est refusé")
	assert.Contains(t, stderr, "E#L : un fichier nommé 20261125-adie.csv a déjà été déposé")
	assert.Contains(t, out, "20261125-adie.csv")
	code, _, stderr = sftpBatch(t, local, port, "adie", frac, "ls\n")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "Permission denied (publickey)", "another partner's key")
	var after map[string]*dto.MetricFamily
	waitUntil(t, "the sessions counted", func() bool {
		after = scrape(t, metricsURL, "")
		return moved(after, "eleader_sftp_sessions_total", "outcome", "ok") >= 1 &&
			moved(after, "eleader_sftp_sessions_total", "outcome", "refused") >= 1
	})
	assert.Equal(t, 1.0, moved(after, "eleader_sftp_sessions_total", "outcome", "ok"))
	assert.Equal(t, 1.0, moved(after, "eleader_sftp_sessions_total", "outcome", "refused"), "another partner's key")
	assert.Equal(t, 1.0, moved(after, "eleader_uploads_total", "channel", "sftp", "code", "201"))
	assert.Equal(t, 1.0, moved(after, "eleader_uploads_total", "channel", "sftp", "code", "422"), "export.csv")
	assert.Equal(t, 1.0, moved(after, "eleader_uploads_total", "channel", "sftp", "code", "409"), "the same name twice")
	assert.Equal(t, float64(len(faulty)), moved(after, "eleader_upload_bytes_total", "channel", "sftp"))
	assert.Zero(t, moved(after, "eleader_uploads_total", "channel", "api"), "counted once, under sftp")

	code, out, stderr = runCLI(t, "run", "--now", "--db", db, "--depots", filepath.Join(data, "depots"), "--outbox", filepath.Join(data, "outbox"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "1 files imported")

	code, out, stderr = sftpBatch(t, local, port, "adie", adie, "cd rapports\nls\nget 20261125-adie-rejets.csv\nget 20261125-adie-rejets.xlsx\n")
	require.Equal(t, 0, code, "%s\n%s", out, stderr)
	for _, n := range []string{"20261125-adie-rejets.csv", "20261125-adie-rejets.xlsx"} {
		st, err := os.Stat(filepath.Join(local, n))
		require.NoError(t, err, n)
		assert.Positive(t, st.Size(), n)
	}
	s.stop()
	stopped := <-s.code
	assert.Equal(t, exitOK, stopped)
	s.code <- stopped // for the test's cleanup

	// A second start keeps the host key.
	s2 := startServe(t, "--data", data, "--sftp-addr", "127.0.0.1:0")
	_, fp2 := sftpBanner(t, s2)
	assert.Equal(t, fp, fp2, "the host key stays")
}

// sftpBanner waits for serve's SFTP line and returns its port and host
// key fingerprint.
func sftpBanner(t *testing.T, s *server) (string, string) {
	t.Helper()
	re := regexp.MustCompile(`sftp -P (\d+) IDENTIFIANT@127\.0\.0\.1 +\(host key (SHA256:\S+)\)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindStringSubmatch(s.out.String()); m != nil {
			return m[1], m[2]
		}
		require.True(t, time.Now().Before(deadline), "no sftp line: %s", s.out.String())
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeSFTPUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--sftp-addr", "nope"}, "--sftp-addr"},
		{[]string{"--sftp-host-key", "k"}, "needs --sftp-addr"},
		{[]string{"--grace", "-1s"}, "--grace"},
	} {
		code := runServe(context.Background(), append([]string{"--data", dir}, tt.args...), &strings.Builder{}, &strings.Builder{})
		assert.Equal(t, exitUsage, code, "%q", tt.args)
	}
	// A host key readable by others, or not a key, is refused.
	loose := filepath.Join(dir, "loose")
	key, _ := sshKey(t, dir, "host")
	b, err := os.ReadFile(key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(loose, b, 0o644))
	var errOut strings.Builder
	code := runServe(context.Background(), []string{"--data", dir, "--addr", "127.0.0.1:0", "--sftp-addr", "127.0.0.1:0", "--sftp-host-key", loose}, &strings.Builder{}, &errOut)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errOut.String(), "chmod 600")
	notKey := filepath.Join(dir, "notkey")
	require.NoError(t, os.WriteFile(notKey, []byte("hello"), 0o600))
	errOut.Reset()
	code = runServe(context.Background(), []string{"--data", dir, "--addr", "127.0.0.1:0", "--sftp-addr", "127.0.0.1:0", "--sftp-host-key", notKey}, &strings.Builder{}, &errOut)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errOut.String(), "not an SSH private key")
}
