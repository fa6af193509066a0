package sftpd_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/sftpd"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestOpenSSHPutListRun: a partner's system puts a file with OpenSSH's
// sftp, sees it pending with ls, and the next run imports it.
func TestOpenSSHPutListRun(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	body := example(t, "20261116-demo.csv")
	e.file("20261125-adie.csv", body)
	r := e.sftp("adie", key, "cd depot\nput 20261125-adie.csv\nls -l\npwd\n")
	require.Equal(t, 0, r.code, "stdout %s\nstderr %s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "20261125-adie.csv", "ls shows the file pending")
	assert.Contains(t, r.stdout, itoa(len(body)), "with its size")
	assert.Contains(t, r.stdout, "Remote working directory: /depot")
	assert.Equal(t, []string{"20261125-adie.csv"}, e.deposits("adie"))
	assert.Equal(t, body, e.deposited("adie", "20261125-adie.csv"), "deposited byte for byte")
	assert.Equal(t, "adie/20261125-adie.csv", <-e.uploads, "OnUpload is told")
	assert.Contains(t, e.logs.String(), "sftp: file deposited")

	rec := e.run("adie")
	assert.Equal(t, 1, rec.Imported)
	assert.Empty(t, e.deposits("adie"))
	r = e.sftp("adie", key, "ls depot\n")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "20261125-adie.csv", "imported: no longer pending")

	entries, err := os.ReadDir(e.spool)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing left where uploads are received")
	assert.NotContains(t, e.logs.String(), "Dupont", "logs never hold a file's content")
}

// TestOpenSSHRefusedNames: a name the front door refuses is refused when
// the file is opened, before its bytes are sent; OpenSSH's sftp prints why
// (the session's standard error); nothing is kept.
func TestOpenSSHRefusedNames(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	e.partner("frac")
	body := example(t, "20261116-demo.csv")
	for _, n := range []string{"LISEZMOI.txt", "20261125-frac.csv", "20261125-nobody.csv", "20261125-adie.CSV", "2026-11-25-adie.csv", "20261125-adie.xls"} {
		e.file(n, body)
	}
	tests := []struct {
		batch, want string
	}{
		{"put LISEZMOI.txt depot/", "E#L : le nom LISEZMOI.txt est refusé : l'extension doit être .csv"},
		{"put 20261125-frac.csv depot/", "E#L : le fichier 20261125-frac.csv n'est pas à votre nom"},
		{"put 20261125-nobody.csv depot/", "E#L : le fichier 20261125-nobody.csv n'est pas à votre nom"},
		{"put 20261125-adie.CSV depot/", "l'extension doit être .csv ou .xlsx, en minuscules"},
		{"put 2026-11-25-adie.csv depot/", "il doit commencer par la date de l'export, AAAAMMJJ"},
		{"put 20261125-adie.xls depot/", "est un classeur d'un format que E#L ne lit pas"},
		{"put LISEZMOI.txt /", "E#L : /LISEZMOI.txt : déposez vos fichiers dans depot/"},
		{"put LISEZMOI.txt /rapports/", "E#L : rapports/ est en lecture seule"},
	}
	for _, tt := range tests {
		t.Run(tt.batch, func(t *testing.T) {
			r := e.sftp("adie", key, tt.batch+"\n")
			assert.NotEqual(t, 0, r.code, "the batch stops on the refusal")
			assert.Contains(t, r.stderr, tt.want, "what sftp printed")
			assert.Empty(t, e.deposits("adie"), "nothing kept")
		})
	}
	entries, err := os.ReadDir(e.spool)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

// TestOpenSSHSameNameTwice: a name is used once; rm withdraws a pending
// file, and the name is free again; an imported name stays taken.
func TestOpenSSHSameNameTwice(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	e.file("20261125-adie.csv", example(t, "20261116-demo.csv"))
	r := e.sftp("adie", key, "cd depot\nput 20261125-adie.csv\n")
	require.Equal(t, 0, r.code, r.stderr)
	first := e.deposited("adie", "20261125-adie.csv")

	e.file("20261125-adie.csv", example(t, "20261117-demo.csv"))
	r = e.sftp("adie", key, "cd depot\nput 20261125-adie.csv\n")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "E#L : un fichier nommé 20261125-adie.csv a déjà été déposé : un nom ne sert qu'une fois")
	assert.Equal(t, first, e.deposited("adie", "20261125-adie.csv"), "the first file stays as it was")

	// Withdrawn, the name serves again (a correction the same day).
	r = e.sftp("adie", key, "cd depot\nrm 20261125-adie.csv\nls\nput 20261125-adie.csv\n")
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)
	assert.Equal(t, example(t, "20261117-demo.csv"), e.deposited("adie", "20261125-adie.csv"))
	ev, err := e.svc.FileEvents(context.Background(), "adie", 0)
	require.NoError(t, err)
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventWithdrawn, ev[0].Action, "the withdrawal is in the ledger")

	e.run("adie")
	r = e.sftp("adie", key, "cd depot\nput 20261125-adie.csv\n")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "a déjà été déposé")
	r = e.sftp("adie", key, "rm depot/20261125-adie.csv\n")
	assert.NotEqual(t, 0, r.code, "an imported file is not pending")
	assert.Empty(t, e.deposits("adie"))
}

// TestOpenSSHReports: rapports/ lists a report's rejects, CSV and XLSX,
// named as the email's attachments; get downloads them as the service
// makes them; they cannot be written or removed.
func TestOpenSSHReports(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	e.file("20261125-adie.csv", example(t, "20261117-demo.csv"))
	r := e.sftp("adie", key, "put 20261125-adie.csv depot/\n")
	require.Equal(t, 0, r.code, r.stderr)
	e.run("adie")

	r = e.sftp("adie", key, "cd rapports\nls -l\nget 20261125-adie-rejets.csv\nget 20261125-adie-rejets.xlsx\n")
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "20261125-adie-rejets.csv")
	assert.Contains(t, r.stdout, "20261125-adie-rejets.xlsx")

	reports, err := e.svc.Store.Reports(context.Background(), "adie", 0)
	require.NoError(t, err)
	require.Len(t, reports, 1)
	got, err := os.ReadFile(filepath.Join(e.local, "20261125-adie-rejets.csv"))
	require.NoError(t, err)
	rc, err := e.svc.OpenRejects(context.Background(), &reports[0])
	require.NoError(t, err)
	want, err := io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)
	assert.Equal(t, want, got, "the rejects file, byte for byte")
	rc, f, err := e.svc.PartnerRejects(context.Background(), "adie", reports[0].ID, eleader.RejectsXLSX)
	require.NoError(t, err)
	rc.Close()
	xl, err := os.ReadFile(filepath.Join(e.local, "20261125-adie-rejets.xlsx"))
	require.NoError(t, err)
	assert.Equal(t, "PK", string(xl[:2]), "a workbook")
	assert.Equal(t, f.Size, int64(len(xl)), "its size as the listing said")
	assert.Contains(t, r.stdout, itoa(len(xl)), "ls -l shows the workbook's size")

	for _, batch := range []string{"rm rapports/20261125-adie-rejets.csv", "put 20261125-adie.csv rapports/20261125-adie-rejets.csv"} {
		r = e.sftp("adie", key, batch+"\n")
		assert.NotEqual(t, 0, r.code, batch)
		assert.Contains(t, r.stderr, "rapports/ est en lecture seule", batch)
	}
	// Another partner sees none of it.
	frac := e.partner("frac")
	r = e.sftp("frac", frac, "ls -l rapports\n-get rapports/20261125-adie-rejets.csv stolen.csv\n")
	assert.NotContains(t, r.output(), "20261125-adie-rejets")
	_, err = os.Stat(filepath.Join(e.local, "stolen.csv"))
	assert.True(t, os.IsNotExist(err), "another partner's rejects are not there")
}

// TestOpenSSHRefusedLogins: another partner's key, an unknown partner, a
// password, an inactive sheet, a sheet without the sftp channel: no login.
func TestOpenSSHRefusedLogins(t *testing.T) {
	e := newEnv(t)
	adie := e.partner("adie")
	frac := e.partner("frac")
	api := e.partner("apionly", eleader.ChannelAPI)
	stranger, _ := e.newKey("stranger")
	ctx := context.Background()
	tests := []struct {
		name, user, key string
		extra           []string
	}{
		{"another partner's key", "adie", frac, nil},
		{"a key on no sheet", "adie", stranger, nil},
		{"an unknown partner", "nobody", adie, nil},
		{"a hostile user name", "../adie", adie, nil},
		{"a sheet without the sftp channel", "apionly", api, nil},
		{"a password", "adie", "", []string{"-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.sftp(tt.user, tt.key, "ls\n", tt.extra...)
			assert.NotEqual(t, 0, r.code)
			assert.Contains(t, r.stderr, "Permission denied (publickey)", "only keys are offered")
		})
	}
	assert.Contains(t, e.logs.String(), "sftp: key refused")

	_, err := e.svc.DeactivatePartner(ctx, "adie", "test", "")
	require.NoError(t, err)
	r := e.sftp("adie", adie, "ls\n")
	assert.Contains(t, r.stderr, "Permission denied (publickey)", "a deactivated sheet")
	assert.Contains(t, e.logs.String(), "only an ACTIVEE sheet logs in")
}

// TestOpenSSHCutConnection: an sftp client killed in the middle of an
// upload leaves nothing: no deposit, no temporary file.
func TestOpenSSHCutConnection(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	big := bytes.Repeat(example(t, "20261116-demo.csv"), 4000) // about 20 MB
	e.file("20261125-adie.csv", big)
	bf := filepath.Join(t.TempDir(), "batch")
	require.NoError(t, os.WriteFile(bf, []byte("put 20261125-adie.csv depot/\n"), 0o600))
	args := append(e.sshOptions(key), "-b", bf, "-P", e.port, "-l", "4000", "adie@127.0.0.1") // 4000 Kbit/s: 40 s
	cmd := exec.Command(requireTool(t, "sftp"), args...)
	cmd.Dir = e.local
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	e.waitLog("sftp: upload started")
	time.Sleep(time.Second)
	killGroup(cmd)
	cmd.Wait()
	e.waitLog("sftp: upload cut: nothing kept")
	assert.Empty(t, e.deposits("adie"), "nothing deposited")
	entries, err := os.ReadDir(e.spool)
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary file")
	assert.NotContains(t, e.logs.String(), "sftp: file deposited")
	list, err := e.svc.Files(context.Background(), "adie", 0)
	require.NoError(t, err)
	assert.Empty(t, list)
}

// TestOpenSSHTooLarge: past the size limit an upload is refused as it
// arrives, and nothing is kept.
func TestOpenSSHTooLarge(t *testing.T) {
	e := newEnv(t, func(s *sftpd.Server) { s.MaxUpload = 64 << 10 })
	key := e.partner("adie")
	e.file("20261125-adie.csv", bytes.Repeat([]byte("x;y\n"), 40000))
	r := e.sftp("adie", key, "put 20261125-adie.csv depot/\n")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "E#L : 20261125-adie.csv dépasse la taille maximale acceptée, 64 Kio : rien n'a été gardé")
	assert.Empty(t, e.deposits("adie"))
	// Under the limit, a file passes (a real export: the front door also
	// judges its header).
	e.file("20261126-adie.csv", example(t, "20261117-demo.csv"))
	r = e.sftp("adie", key, "put 20261126-adie.csv depot/\n")
	assert.Equal(t, 0, r.code, "a file under the limit: %s", r.stderr)
}

// TestOpenSSHCommandsAndEscapes: directories, links and renames are
// refused with a reason; nothing outside the partner's space can be
// reached, whatever the path.
func TestOpenSSHCommandsAndEscapes(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	e.file("20261125-adie.csv", example(t, "20261116-demo.csv"))
	r := e.sftp("adie", key, "put 20261125-adie.csv depot/\n")
	require.Equal(t, 0, r.code, r.stderr)
	secret := filepath.Join(e.dirs.Root, "adie", dropdir.HistoryDir)
	require.NoError(t, os.MkdirAll(secret, 0o750))

	tests := []struct{ cmd, want string }{
		{"mkdir depot/sub", "les répertoires de votre espace sont fixes"},
		{"rmdir depot", "les répertoires de votre espace sont fixes"},
		{"rename depot/20261125-adie.csv depot/20261126-adie.csv", "renommer un fichier déposé n'est pas possible"},
		{"symlink /etc/passwd depot/x", "les liens ne sont pas possibles"},
		{"ln depot/20261125-adie.csv depot/y", "les liens ne sont pas possibles"},
		{"get depot/20261125-adie.csv back.csv", "un dépôt ne se relit pas"},
		{"get /etc/passwd p", "not found"},
		{"get ../../../../etc/passwd p", "not found"},
		{"get /depot/../../etc/passwd p", "not found"},
		{"get historique/20261125-adie.csv p", "not found"},
		{"cd /etc", "No such file"},
		{"put 20261125-adie.csv ../../tmp/x.csv", "déposez vos fichiers dans depot/"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			r := e.sftp("adie", key, tt.cmd+"\n")
			assert.NotEqual(t, 0, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	r = e.sftp("adie", key, "ls -la /\nls ..\ncd ..\ncd ..\npwd\nls\n")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "depot")
	assert.Contains(t, r.stdout, "rapports")
	assert.Contains(t, r.stdout, "Remote working directory: /")
	assert.NotContains(t, r.stdout, "historique")
	assert.Equal(t, []string{"20261125-adie.csv"}, e.deposits("adie"), "the deposit is untouched")
	for _, n := range []string{"p", "back.csv"} {
		_, err := os.Stat(filepath.Join(e.local, n))
		assert.True(t, os.IsNotExist(err), "%s was not downloaded", n)
	}
	_, err := os.Stat("/tmp/x.csv")
	assert.True(t, os.IsNotExist(err))
}

// TestOpenSSHNoShell: an ssh command or shell is told the server offers
// SFTP only.
func TestOpenSSHNoShell(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	args := append(e.sshOptions(key), "-p", e.port, "adie@127.0.0.1", "cat /etc/passwd")
	out, err := exec.CommandContext(ctx, requireTool(t, "ssh"), args...).CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "ce serveur n'offre que SFTP")
	assert.NotContains(t, string(out), "root:")
}

// TestOpenSSHSessionLimit: a partner has at most MaxSessions connections;
// one more is told why.
func TestOpenSSHSessionLimit(t *testing.T) {
	e := newEnv(t, func(s *sftpd.Server) { s.MaxSessions = 1 })
	key := e.partner("adie")
	other := e.partner("frac")
	c, conn := e.clientConn("adie")
	_, err := c.ReadDir("/depot")
	require.NoError(t, err)
	r := e.sftp("adie", key, "ls\n")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "trop de connexions simultanées pour ce partenaire (au plus 1)")
	r = e.sftp("frac", other, "ls\n")
	assert.Equal(t, 0, r.code, "another partner's sessions count apart: %s", r.stderr)
	conn.Close()
	require.Eventually(t, func() bool { return e.sftp("adie", key, "ls\n").code == 0 }, 10*time.Second, 100*time.Millisecond,
		"a session freed is available again")
}

// TestOpenSSHFolderScenario is issue 12's check end to end: a valid file,
// a misnamed one (refused, said), the same name twice (refused), another
// partner's key (refused); the valid file is imported by the run, its
// rejects read from rapports/.
func TestOpenSSHFolderScenario(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	frac := e.partner("frac")
	e.file("20261125-adie.csv", example(t, "20261117-demo.csv"))
	e.file("export.csv", example(t, "20261117-demo.csv"))
	r := e.sftp("adie", key, "cd depot\nput 20261125-adie.csv\n-put export.csv\n-put 20261125-adie.csv\nls\n")
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "le nom export.csv est refusé")
	assert.Contains(t, r.stderr, "a déjà été déposé")
	r = e.sftp("adie", frac, "ls\n")
	assert.Contains(t, r.stderr, "Permission denied (publickey)")
	rec := e.run("adie")
	assert.Equal(t, 1, rec.Imported)
	r = e.sftp("adie", key, "cd rapports\nget 20261125-adie-rejets.csv\n")
	require.Equal(t, 0, r.code, r.stderr)
	b, err := os.ReadFile(filepath.Join(e.local, "20261125-adie-rejets.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "\ufeff"), "the rejects file as the importer wrote it (with its BOM)")
}

// TestOpenSSHListingOwner: ls -l names the partner as the files' owner.
func TestOpenSSHListingOwner(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	e.file("20261125-adie.csv", example(t, "20261116-demo.csv"))
	r := e.sftp("adie", key, "put 20261125-adie.csv depot/\nls -l depot\n")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `-rw-r--r-- +1 adie +eleader +\d+ .* 20261125-adie\.csv`, r.output())
}

// TestOpenSSHWorkbookAndRejected: a workbook enters like a CSV; its CSV
// twin is the same export, refused naming the workbook; a file whose
// header is wrong is refused at its deposit, in French, and nothing is
// kept.
func TestOpenSSHWorkbookAndRejected(t *testing.T) {
	e := newEnv(t)
	key := e.partner("adie")
	wb, err := os.ReadFile(filepath.Join("..", "xlsx", "testdata", "libreoffice", "20261117-demo.xlsx"))
	require.NoError(t, err)
	e.file("20261125-adie.xlsx", wb)
	r := e.sftp("adie", key, "cd depot\nput 20261125-adie.xlsx\n")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, wb, e.deposited("adie", "20261125-adie.xlsx"))

	e.file("20261125-adie.csv", example(t, "20261116-demo.csv"))
	r = e.sftp("adie", key, "cd depot\nput 20261125-adie.csv\n")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "E#L : l'export 20261125-adie.csv a déjà été déposé sous le nom 20261125-adie.xlsx")
	assert.Equal(t, []string{"20261125-adie.xlsx"}, e.deposits("adie"))

	e.file("20261126-adie.csv", []byte("Nom;Prenom\nDupont;Jean\n"))
	r = e.sftp("adie", key, "cd depot\nput 20261126-adie.csv\n")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "E#L : le fichier 20261126-adie.csv est refusé : ")
	assert.Contains(t, r.stderr, "l'en-tête doit reprendre exactement les colonnes de la matrice")
	assert.Equal(t, []string{"20261125-adie.xlsx"}, e.deposits("adie"), "nothing kept")
}
