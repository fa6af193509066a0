package sftpd_test

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/sftpd"
)

// put writes body to name with the Go client and closes it.
func put(c *sftp.Client, name string, body []byte) error {
	f, err := c.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return err
	}
	if _, err := f.Write(body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// statusOf returns the SFTP status of an error of pkg/sftp's client.
func statusOf(tb testing.TB, err error) *sftp.StatusError {
	tb.Helper()
	var se *sftp.StatusError
	require.True(tb, errors.As(err, &se), "got %T %v, want an SFTP status", err, err)
	return se
}

// TestClientStatusMessages: every refusal is a status whose message says
// why, for clients that show it (WinSCP, FileZilla, paramiko …; pkg/sftp's
// client turns a "permission denied" into os.ErrPermission and drops its
// message, so the test checks those by their code).
func TestClientStatusMessages(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c := e.client("adie")
	body := example(t, "20261116-demo.csv")
	require.NoError(t, put(c, "/depot/20261125-adie.csv", body))

	tests := []struct {
		name string
		op   func() error
		code uint32
		want string
	}{
		{"bad name", func() error { return put(c, "/depot/LISEZMOI.txt", body) }, 4, "le nom LISEZMOI.txt est refusé"},
		{"used name", func() error { return put(c, "/depot/20261125-adie.csv", body) }, 4, "a déjà été déposé"},
		{"root", func() error { return put(c, "/20261126-adie.csv", body) }, 3, "déposez vos fichiers dans depot/"},
		{"append", func() error {
			_, err := c.OpenFile("/depot/20261126-adie.csv", os.O_WRONLY|os.O_CREATE|os.O_APPEND)
			return err
		}, 4, "la reprise d'un envoi interrompu n'est pas possible"},
		{"mkdir", func() error { return c.Mkdir("/depot/x") }, 3, "les répertoires de votre espace sont fixes"},
		{"rename", func() error { return c.Rename("/depot/20261125-adie.csv", "/depot/20261126-adie.csv") }, 3, "renommer un fichier déposé n'est pas possible"},
		{"posix rename", func() error { return c.PosixRename("/depot/20261125-adie.csv", "/depot/20261126-adie.csv") }, 3, "renommer"},
		{"symlink", func() error { return c.Symlink("/etc/passwd", "/depot/x") }, 3, "les liens ne sont pas possibles"},
		{"read a deposit", func() error { _, err := c.Open("/depot/20261125-adie.csv"); return err }, 3, "un dépôt ne se relit pas"},
		{"write a report", func() error { return put(c, "/rapports/x.csv", body) }, 3, "rapports/ est en lecture seule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.op()
			if tt.code == 3 {
				assert.ErrorIs(t, err, os.ErrPermission)
				return
			}
			se := statusOf(t, err)
			assert.Equal(t, tt.code, uint32(se.FxCode()), "%v", se)
			assert.Contains(t, se.Error(), tt.want)
		})
	}
	for _, p := range []string{"/etc/passwd", "/../etc/passwd", "/depot/../../etc/passwd", "/depot/sub/x.csv", "/historique/20261125-adie.csv", "/depot/nope.csv", "/rapports/nope.csv"} {
		_, err := c.Open(p)
		assert.True(t, errors.Is(err, os.ErrNotExist), "open %s: %v", p, err)
		_, err = c.Stat(p)
		assert.True(t, errors.Is(err, os.ErrNotExist), "stat %s: %v", p, err)
	}
	assert.Equal(t, []string{"20261125-adie.csv"}, e.deposits("adie"))
}

// TestClientListing: the space holds depot/ and rapports/ only; a pending
// file shows its size and deposit time; setstat is accepted and changes
// nothing.
func TestClientListing(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c := e.client("adie")
	root, err := c.ReadDir("/")
	require.NoError(t, err)
	var names []string
	for _, fi := range root {
		names = append(names, fi.Name())
		assert.True(t, fi.IsDir())
	}
	assert.Equal(t, []string{"depot", "rapports"}, names)
	wd, err := c.Getwd()
	require.NoError(t, err)
	assert.Equal(t, "/", wd)

	body := example(t, "20261116-demo.csv")
	before := time.Now().Add(-time.Second)
	require.NoError(t, put(c, "/depot/20261125-adie.csv", body))
	fi, err := c.Stat("/depot/20261125-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, int64(len(body)), fi.Size())
	assert.False(t, fi.ModTime().Before(before.Truncate(time.Second)), "the deposit time")
	list, err := c.ReadDir("/depot")
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "20261125-adie.csv", list[0].Name())
	require.NoError(t, c.Chtimes("/depot/20261125-adie.csv", time.Unix(0, 0), time.Unix(0, 0)), "put -p sets times: accepted")
	require.NoError(t, c.Chmod("/depot/20261125-adie.csv", 0o777))
	fi2, err := c.Stat("/depot/20261125-adie.csv")
	require.NoError(t, err)
	assert.Equal(t, fi.ModTime(), fi2.ModTime(), "and ignored")
	assert.True(t, errors.Is(c.Chmod("/depot/nope.csv", 0o600), os.ErrNotExist))
	st, err := c.Stat("/rapports")
	require.NoError(t, err)
	assert.True(t, st.IsDir())
}

// TestClientStagedRename: WinSCP's transfer to a temporary name
// (NAME.filepart, then renamed): the file enters the deposits at the
// rename, through the front door; a temporary upload never renamed is
// dropped with the session.
func TestClientStagedRename(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c, conn := e.clientConn("adie")
	body := example(t, "20261116-demo.csv")
	require.NoError(t, put(c, "/depot/20261125-adie.csv.filepart", body))
	assert.Empty(t, e.deposits("adie"), "not deposited before its rename")
	fi, err := c.Stat("/depot/20261125-adie.csv.filepart")
	require.NoError(t, err)
	assert.Equal(t, int64(len(body)), fi.Size())
	require.NoError(t, c.Rename("/depot/20261125-adie.csv.filepart", "/depot/20261125-adie.csv"))
	assert.Equal(t, []string{"20261125-adie.csv"}, e.deposits("adie"))
	assert.Equal(t, body, e.deposited("adie", "20261125-adie.csv"))

	// A temporary name whose final name the front door refuses: refused at
	// once.
	se := statusOf(t, put(c, "/depot/export.csv.filepart", body))
	assert.Contains(t, se.Error(), "le nom export.csv est refusé")
	// Renamed to a used name: the rename is refused, nothing kept.
	require.NoError(t, put(c, "/depot/20261126-adie.csv.filepart", body))
	se = statusOf(t, c.Rename("/depot/20261126-adie.csv.filepart", "/depot/20261125-adie.csv"))
	assert.Contains(t, se.Error(), "a déjà été déposé")
	_, err = c.Stat("/depot/20261126-adie.csv.filepart")
	assert.True(t, errors.Is(err, os.ErrNotExist), "the refused upload is gone")
	// rm of a temporary upload drops it.
	require.NoError(t, put(c, "/depot/20261127-adie.csv.filepart", body))
	require.NoError(t, c.Remove("/depot/20261127-adie.csv.filepart"))
	// Never renamed: dropped with the session.
	require.NoError(t, put(c, "/depot/20261128-adie.csv.filepart", body))
	conn.Close()
	e.waitLog("upload to a temporary name never renamed: discarded")
	assert.Equal(t, []string{"20261125-adie.csv"}, e.deposits("adie"))
}

// TestClientRevokedMidSession: a sheet deactivated, or a key removed,
// while a session is open: the next upload or removal is refused.
func TestClientRevokedMidSession(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	ctx := context.Background()
	c := e.client("adie")
	body := example(t, "20261116-demo.csv")
	require.NoError(t, put(c, "/depot/20261125-adie.csv", body))
	_, err := e.svc.DeactivatePartner(ctx, "adie", "test", "")
	require.NoError(t, err)
	assert.ErrorIs(t, put(c, "/depot/20261126-adie.csv", body), os.ErrPermission)
	assert.ErrorIs(t, c.Remove("/depot/20261125-adie.csv"), os.ErrPermission)
	assert.Contains(t, e.logs.String(), "sftp: login no longer valid")
	assert.Equal(t, []string{"20261125-adie.csv"}, e.deposits("adie"))
}

// TestClientConcurrentSameName: two uploads of one name at once: one is
// deposited whole, the other refused at its close.
func TestClientConcurrentSameName(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	a, b := e.client("adie"), e.client("adie")
	fa, err := a.OpenFile("/depot/20261125-adie.csv", os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	require.NoError(t, err)
	fb, err := b.OpenFile("/depot/20261125-adie.csv", os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	require.NoError(t, err, "both pass the name's check at open")
	one, two := example(t, "20261116-demo.csv"), example(t, "20261117-demo.csv")
	_, err = fa.Write(one)
	require.NoError(t, err)
	_, err = fb.Write(two)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Go(func() { errs[0] = fa.Close() })
	wg.Go(func() { errs[1] = fb.Close() })
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			assert.Contains(t, statusOf(t, err).Error(), "a déjà été déposé")
		}
	}
	assert.Equal(t, 1, ok, "exactly one wins: %v", errs)
	got := e.deposited("adie", "20261125-adie.csv")
	assert.True(t, string(got) == string(one) || string(got) == string(two), "the winner's bytes, whole")
}

// TestClientTimeouts: a connection idle too long, or open past its total
// time, is closed.
func TestClientTimeouts(t *testing.T) {
	e := newEnv(t, func(s *sftpd.Server) { s.IdleTimeout = 300 * time.Millisecond })
	e.partner("adie")
	c := e.client("adie")
	_, err := c.ReadDir("/")
	require.NoError(t, err)
	time.Sleep(time.Second)
	_, err = c.ReadDir("/")
	assert.Error(t, err, "closed after being idle")

	e2 := newEnv(t, func(s *sftpd.Server) { s.MaxConnTime = 500 * time.Millisecond })
	e2.partner("adie")
	c2 := e2.client("adie")
	require.Eventually(t, func() bool { _, err := c2.ReadDir("/"); return err != nil }, 5*time.Second, 50*time.Millisecond,
		"closed past its total time, busy or not")
	e2.waitLog("total time limit")
}

// TestClientRejectsOrder: rapports/ lists the latest reports first, with
// both formats.
func TestClientRejectsOrder(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c := e.client("adie")
	for _, day := range []string{"20261120", "20261121"} {
		require.NoError(t, put(c, "/depot/"+day+"-adie.csv", example(t, "20261117-demo.csv")))
		e.run("adie")
	}
	list, err := c.ReadDir("/rapports")
	require.NoError(t, err)
	var names []string
	for _, fi := range list {
		names = append(names, fi.Name())
		assert.Positive(t, fi.Size(), fi.Name())
		assert.False(t, fi.IsDir())
	}
	assert.Equal(t, []string{"20261121-adie-rejets.csv", "20261121-adie-rejets.xlsx", "20261120-adie-rejets.csv", "20261120-adie-rejets.xlsx"}, names)
	f, err := c.Open("/rapports/20261120-adie-rejets.xlsx")
	require.NoError(t, err)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	f.Close()
	for _, fi := range list {
		if fi.Name() == "20261120-adie-rejets.xlsx" {
			assert.Equal(t, int64(len(b)), fi.Size(), "the size listed is the size read")
		}
	}
}

// TestClientOpenUploadsBounded: a session holds at most 8 uploads at once
// (each may fill the size limit on E#L's disk); closing one frees a place.
func TestClientOpenUploadsBounded(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c := e.client("adie")
	var open []*sftp.File
	for day := 10; day < 18; day++ {
		f, err := c.OpenFile("/depot/202611"+itoa(day)+"-adie.csv.filepart", os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
		require.NoError(t, err, day)
		open = append(open, f)
	}
	_, err := c.OpenFile("/depot/20261120-adie.csv", os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	assert.Contains(t, statusOf(t, err).Error(), "au plus 8 envois à la fois")
	require.NoError(t, open[0].Close(), "a staged upload still holds its place")
	_, err = c.OpenFile("/depot/20261120-adie.csv", os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	require.Error(t, err)
	require.NoError(t, c.Remove("/depot/20261110-adie.csv.filepart"), "dropped, it frees it")
	f, err := c.OpenFile("/depot/20261120-adie.csv", os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	require.NoError(t, err)
	_, err = f.Write(example(t, "20261116-demo.csv"))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	assert.Equal(t, []string{"20261120-adie.csv"}, e.deposits("adie"))
}

// TestClientHostileNames: names a client may send — NUL, control
// characters, line breaks meant to forge a message, backslashes, very long
// — are refused with a message that shows them tamed; nothing is created.
func TestClientHostileNames(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c := e.client("adie")
	body := example(t, "20261116-demo.csv")
	for _, name := range []string{
		"20261125-adie.csv\x00.txt",
		"20261125-adie.csv\r\nE#L : fichier accepté",
		`..\..\20261125-adie.csv`,
		strings.Repeat("é", 3000) + ".csv",
		"20261125-adie.csv\x1b[31m",
		"\u202e20261125-adie.csv",
	} {
		err := put(c, "/depot/"+name, body)
		se := statusOf(t, err)
		assert.Equal(t, uint32(4), uint32(se.FxCode()), "%q", name)
		assert.NotContains(t, se.Error(), "\n", "%q", name)
		assert.NotContains(t, se.Error(), "\x1b", "%q", name)
		assert.Less(t, len(se.Error()), 1200, "%q: the message stays short", name)
		assert.True(t, errors.Is(c.Remove("/depot/"+name), os.ErrNotExist), "%q", name)
	}
	assert.Empty(t, e.deposits("adie"))
	logs := e.logs.String()
	assert.NotRegexp(t, `(?m)^E#L`, logs, "a name never forges a log line")
	for _, l := range strings.Split(logs, "\n") {
		assert.Less(t, len(l), 1000, "log lines stay short: %.200s", l)
	}
}

// TestClientUsedNameAfterImport: a name sent again suggests rm only while
// the first file still waits for its import; once imported, it says when,
// and that the next date is the way.
func TestClientUsedNameAfterImport(t *testing.T) {
	e := newEnv(t)
	e.partner("adie")
	c := e.client("adie")
	body := example(t, "20261116-demo.csv")
	require.NoError(t, put(c, "/depot/20261125-adie.csv", body))
	for _, name := range []string{"/depot/20261125-adie.csv", "/depot/20261125-adie.xlsx"} {
		se := statusOf(t, put(c, name, body))
		assert.Contains(t, se.Error(), "retirez (rm) le fichier qui attend encore son import", "%s: still waiting", name)
	}
	require.Equal(t, 1, e.run("adie").Imported)
	tests := map[string]string{
		"/depot/20261125-adie.csv":  "un fichier nommé 20261125-adie.csv a déjà été déposé : un nom ne sert qu'une fois. Il a été traité par un import le ",
		"/depot/20261125-adie.xlsx": "l'export 20261125-adie.xlsx a déjà été déposé sous le nom 20261125-adie.csv : un export ne s'envoie qu'une fois, en CSV ou en classeur. Il a été traité par un import le ",
	}
	for name, want := range tests {
		se := statusOf(t, put(c, name, body))
		assert.Contains(t, se.Error(), want, name)
		assert.NotContains(t, se.Error(), "rm", "%s: imported, rm cannot free the name", name)
		assert.Contains(t, se.Error(), "envoyez l'export sous la date suivante (AAAAMMJJ-adie.csv)", name)
	}
}
