package sftpd

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The directories of a partner's space.
const (
	DepotDir   = "depot"
	ReportsDir = "rapports"
)

// maxOpenUploads bounds the uploads one session holds at once (being
// received, or waiting for their rename): each may take up to the size
// limit in the server's TempDir.
const maxOpenUploads = 8

// stagedSuffix ends the name of an upload made to a temporary name then
// renamed (WinSCP's "transfer to temporary filename"): such a file is kept
// for the session until it is renamed to its final name, which deposits it.
const stagedSuffix = ".filepart"

// fsys is the sftp handlers of one session: one partner's virtual space.
type fsys struct {
	srv     *Server
	conn    *ssh.ServerConn
	stderr  io.Writer
	log     *slog.Logger
	partner string

	mu      sync.Mutex
	staged  map[string]*upload // name.filepart → the upload kept for its rename
	holding int                // uploads holding a temporary file
}

// serveSFTP runs the sftp subsystem on a session channel until it ends.
func (s *Server) serveSFTP(ch ssh.Channel, conn *ssh.ServerConn, log *slog.Logger) {
	fs := &fsys{srv: s, conn: conn, stderr: ch.Stderr(), log: log, partner: conn.Permissions.Extensions["partner"], staged: map[string]*upload{}}
	h := sftp.Handlers{FileGet: fs, FilePut: fs, FileCmd: fs, FileList: fs}
	rs := sftp.NewRequestServer(ch, h, sftp.WithStartDirectory("/"))
	err := rs.Serve()
	if err != nil && !errors.Is(err, io.EOF) {
		log.Info("sftp: session ended", "error", err)
	}
	fs.mu.Lock()
	for name, u := range fs.staged {
		u.discard()
		log.Warn("sftp: upload to a temporary name never renamed: discarded", "file", name)
	}
	fs.staged = nil
	fs.mu.Unlock()
}

// partnerNow returns the session's partner as its sheet is now: a key
// removed or a sheet deactivated since the login stops the next operation.
func (fs *fsys) partnerNow(ctx context.Context) (*eleader.Partner, error) {
	p, err := fs.srv.Service.AuthenticateSSHKey(ctx, fs.partner, []byte(fs.conn.Permissions.Extensions["key"]))
	if err != nil {
		fs.log.Warn("sftp: login no longer valid", "reason", eleader.ErrorMessage(err))
		return nil, fs.refuse(errPermission, msgNoLongerValid)
	}
	return p, nil
}

// A place in a partner's space.
type place struct {
	dir  string // "", DepotDir or ReportsDir
	name string // "" for a directory
}

// locate finds what a cleaned absolute path (pkg/sftp cleans them: ".."
// never climbs above "/") names in the partner's space; ok is false for
// anything else.
func locate(p string) (place, bool) {
	p = path.Clean("/" + p)
	if p == "/" {
		return place{}, true
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if parts[0] != DepotDir && parts[0] != ReportsDir {
		return place{}, false
	}
	switch len(parts) {
	case 1:
		return place{dir: parts[0]}, true
	case 2:
		return place{dir: parts[0], name: parts[1]}, true
	}
	return place{}, false
}

// refusal is an error for the client: an SFTP status code (through
// Unwrap) and a message.
type refusal struct {
	code error
	msg  string
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.code }

// The status codes of refusals.
var (
	errFailure    = sftp.ErrSSHFxFailure
	errPermission = sftp.ErrSSHFxPermissionDenied
	errNoSuchFile = sftp.ErrSSHFxNoSuchFile
)

// refuse returns a refusal, its message also written on the session's
// standard error: OpenSSH's sftp shows only a status's code, and prints
// what the server writes there.
func (fs *fsys) refuse(code error, key string, a ...any) error {
	return fs.refuseText(code, i18n.T(key, a...))
}

// refuseText refuses with a message, said on the session's standard error
// too.
func (fs *fsys) refuseText(code error, t i18n.Text) error {
	msg := lang.Text(t)
	io.WriteString(fs.stderr, lang.Sprintf("sftp.prefix", msg)+"\n")
	return &refusal{code: code, msg: msg}
}

// notFound is a plain "no such file", without a message on stderr (the
// client's own message says it).
func notFound(p string) error {
	return &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
}

// Fileread opens a report's rejects file for reading.
func (fs *fsys) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	pl, ok := locate(r.Filepath)
	switch {
	case !ok:
		return nil, notFound(r.Filepath)
	case pl.name == "":
		return nil, fs.refuse(errFailure, msgIsDirectory, r.Filepath)
	case pl.dir == DepotDir:
		if _, ok := fs.pending(r.Context(), pl.name); !ok {
			return nil, notFound(r.Filepath)
		}
		return nil, fs.refuse(errPermission, msgDepotWriteOnly, pl.name)
	}
	f, ok, err := fs.rejectsFile(r.Context(), pl.name)
	if err != nil {
		return nil, fs.fault("list reports", err)
	}
	if !ok {
		return nil, notFound(r.Filepath)
	}
	rc, info, err := fs.srv.Service.PartnerRejects(r.Context(), fs.partner, f.Report, f.Format)
	if err != nil {
		if eleader.ErrorCode(err) == eleader.ENOTFOUND {
			return nil, notFound(r.Filepath)
		}
		return nil, fs.fault("read rejects", err)
	}
	defer rc.Close()
	tmp, err := fs.srv.spool()
	if err != nil {
		return nil, fs.fault("read rejects", err)
	}
	n, err := io.Copy(tmp, rc)
	if err != nil {
		tmp.Close()
		return nil, fs.fault("read rejects", err)
	}
	if info.Format == eleader.RejectsXLSX {
		fs.srv.sizes.set(info.Report, n)
	}
	fs.log.Info("sftp: report read", "file", info.Name, "bytes", n)
	return tmp, nil
}

// fault logs an internal error and returns a generic failure.
func (fs *fsys) fault(op string, err error) error {
	fs.log.Error("sftp: "+op, "error", err)
	return fs.refuse(errFailure, msgInternal)
}

// Filewrite opens an upload: /depot/NAME, a name the front door would take
// (judged now, so that a bad name is refused before its bytes are sent),
// received into a temporary file, deposited when the client closes it.
func (fs *fsys) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	pl, ok := locate(r.Filepath)
	switch {
	case !ok:
		return nil, fs.refuse(errPermission, msgWhereToPut, r.Filepath)
	case pl.name == "":
		return nil, fs.refuse(errFailure, msgIsDirectory, r.Filepath)
	case pl.dir == ReportsDir:
		return nil, fs.refuse(errPermission, msgReportsReadOnly)
	}
	if pl.name == "" || pl.dir != DepotDir {
		return nil, fs.refuse(errPermission, msgWhereToPut, r.Filepath)
	}
	flags := r.Pflags()
	if flags.Append {
		return nil, fs.refuse(errFailure, msgNoResume)
	}
	p, err := fs.partnerNow(r.Context())
	if err != nil {
		return nil, err
	}
	final, staged := strings.CutSuffix(pl.name, stagedSuffix)
	if _, err := fs.srv.Service.CheckUpload(r.Context(), p, final, -1, fs.srv.maxUpload()); err != nil {
		return nil, fs.uploadRefused(p, final, err)
	}
	fs.mu.Lock()
	full := fs.holding >= maxOpenUploads
	if !full {
		fs.holding++
	}
	fs.mu.Unlock()
	if full {
		return nil, fs.refuse(errFailure, msgTooManyUploads, maxOpenUploads)
	}
	f, err := fs.srv.spool()
	if err != nil {
		fs.mu.Lock()
		fs.holding--
		fs.mu.Unlock()
		return nil, fs.fault("receive", err)
	}
	u := &upload{fs: fs, partner: p, name: pl.name, final: final, staged: staged, f: f, limit: fs.srv.maxUpload(), started: time.Now()}
	fs.log.Info("sftp: upload started", "file", pl.name)
	return u, nil
}

// uploadRefused says why the front door refused a file.
func (fs *fsys) uploadRefused(p *eleader.Partner, name string, err error) error {
	code := eleader.ErrorCode(err)
	fs.countUpload(eleader.HTTPStatus(code), 0)
	if code == eleader.EINTERNAL {
		return fs.fault("upload", err)
	}
	fs.log.Info("sftp: upload refused", "file", importer.CutName(name), "code", code, "reason", importer.CutName(eleader.ErrorMessage(err)))
	return fs.refuseText(errFailure, refusalText(err, p.ID(), name, fs.srv.maxUpload()))
}

// countUpload tells the service's Metrics of an upload's outcome, with the
// status the API would give it: every file opened for writing in depot/
// counts once, when it is refused or deposited (one cut by the connection
// gets no answer, and does not count).
func (fs *fsys) countUpload(status int, bytes int64) {
	fs.srv.Service.MetricsOf().Upload(uploadChannel, status, bytes)
}

// spool creates a temporary file nobody else can reach: removed from its
// directory at once, it disappears with the process.
func (s *Server) spool() (*os.File, error) {
	f, err := os.CreateTemp(s.tempDir(), ".eleader-sftp-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// upload is a file being received.
type upload struct {
	fs       *fsys
	partner  *eleader.Partner
	name     string // as opened
	final    string // the name it is deposited under
	staged   bool   // opened as final+stagedSuffix: deposited on rename
	f        *os.File
	limit    int64
	started  time.Time
	mu       sync.Mutex
	size     int64
	tooLarge bool
	cut      bool
	closed   bool
	released bool // guarded by fs.mu
}

// WriteAt receives a block; past the size limit the upload is refused.
func (u *upload) WriteAt(b []byte, off int64) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.tooLarge {
		return 0, &refusal{code: errFailure, msg: lang.Sprintf(msgTooLarge, u.final, i18n.Size(u.limit))}
	}
	if off < 0 || off+int64(len(b)) > u.limit {
		u.tooLarge = true
		return 0, u.fs.refuse(errFailure, msgTooLarge, u.final, i18n.Size(u.limit))
	}
	n, err := u.f.WriteAt(b, off)
	if end := off + int64(n); end > u.size {
		u.size = end
	}
	if err != nil {
		return n, u.fs.fault("receive", err)
	}
	return n, nil
}

// TransferError is told that the connection ended with the file open: the
// upload is cut, nothing of it is kept.
func (u *upload) TransferError(err error) {
	u.mu.Lock()
	u.cut = true
	u.mu.Unlock()
}

// Close ends the upload: a cut or refused one is dropped; a staged one is
// kept for its rename; any other enters the deposits through the front
// door, whose refusal is the close's status.
func (u *upload) Close() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return nil
	}
	u.closed = true
	switch {
	case u.cut:
		u.fs.release(u)
		u.fs.log.Warn("sftp: upload cut: nothing kept", "file", importer.CutName(u.name), "bytes", u.size)
		return nil
	case u.tooLarge:
		u.fs.release(u)
		u.fs.countUpload(eleader.HTTPStatus(eleader.ETOOLARGE), 0)
		return &refusal{code: errFailure, msg: lang.Sprintf(msgTooLarge, u.final, i18n.Size(u.limit))}
	case u.staged:
		u.fs.mu.Lock()
		defer u.fs.mu.Unlock()
		if u.fs.staged == nil {
			u.release()
			return nil
		}
		if old, ok := u.fs.staged[u.name]; ok {
			old.discard()
		}
		u.fs.staged[u.name] = u
		u.fs.log.Info("sftp: upload to a temporary name, waiting for its rename", "file", u.name, "bytes", u.size)
		return nil
	}
	defer u.fs.release(u)
	return u.deposit(context.Background())
}

// release releases an upload under the session's lock.
func (fs *fsys) release(u *upload) {
	fs.mu.Lock()
	u.release()
	fs.mu.Unlock()
}

// deposit hands the received file to the front door.
func (u *upload) deposit(ctx context.Context) error {
	p, err := u.fs.partnerNow(ctx)
	if err != nil {
		return err
	}
	dep, err := u.fs.srv.Service.Upload(ctx, p, u.final, u.size, io.NewSectionReader(u.f, 0, u.size), u.limit)
	if err != nil {
		return u.fs.uploadRefused(p, u.final, err)
	}
	u.fs.countUpload(http.StatusCreated, dep.Size)
	u.fs.log.Info("sftp: file deposited", "file", dep.Name, "bytes", dep.Size, "sha256", dep.SHA256,
		"duration", time.Since(u.started).Round(time.Millisecond).String())
	if u.fs.srv.OnUpload != nil {
		u.fs.srv.OnUpload(p.ID(), dep.Name)
	}
	return nil
}

// release closes the upload's temporary file (which removes it: it has no
// name), once, and gives its place back to the session. The caller holds
// u.fs.mu.
func (u *upload) release() {
	if u.released {
		return
	}
	u.released = true
	u.f.Close()
	u.fs.holding--
}

// discard drops a staged upload; the caller holds u.fs.mu.
func (u *upload) discard() { u.release() }

// Filecmd: rm withdraws a waiting file; rename deposits a staged upload
// under its final name; setstat is accepted and does nothing; anything
// else is refused.
func (fs *fsys) Filecmd(r *sftp.Request) error {
	pl, ok := locate(r.Filepath)
	switch r.Method {
	case "Setstat":
		if !ok || !fs.exists(r.Context(), pl) {
			return notFound(r.Filepath)
		}
		return nil // times and modes are E#L's to keep: accepted, ignored
	case "Remove":
		switch {
		case !ok:
			return notFound(r.Filepath)
		case pl.dir == ReportsDir && pl.name != "":
			return fs.refuse(errPermission, msgReportsReadOnly)
		case pl.name == "":
			return fs.refuse(errPermission, msgNoDirectories)
		}
		if fs.dropStaged(pl.name) {
			return nil
		}
		p, err := fs.partnerNow(r.Context())
		if err != nil {
			return err
		}
		if err := fs.srv.Service.Withdraw(r.Context(), p, pl.name); err != nil {
			switch eleader.ErrorCode(err) {
			case eleader.ENOTFOUND:
				return notFound(r.Filepath)
			case eleader.ECONFLICT:
				fs.log.Info("sftp: removal refused", "file", importer.CutName(pl.name), "reason", eleader.ErrorMessage(err))
				if errors.Is(err, eleader.ErrRunUnderWay) {
					return fs.refuse(errFailure, msgImportUnderWay, pl.name)
				}
				return fs.refuse(errPermission, msgAlreadyHandled, pl.name)
			}
			return fs.fault("remove", err)
		}
		fs.log.Info("sftp: file withdrawn", "file", pl.name)
		return nil
	case "Rename":
		target, tok := locate(r.Target)
		if ok && tok && pl.dir == DepotDir && target.dir == DepotDir && pl.name != "" && target.name != "" {
			if u := fs.takeStaged(pl.name); u != nil {
				defer fs.release(u)
				u.final = target.name
				return u.deposit(r.Context())
			}
		}
		if !ok || !fs.exists(r.Context(), pl) {
			return notFound(r.Filepath)
		}
		return fs.refuse(errPermission, msgNoRename)
	case "Mkdir", "Rmdir":
		return fs.refuse(errPermission, msgNoDirectories)
	case "Symlink", "Link":
		return fs.refuse(errPermission, msgNoLinks)
	}
	return sftp.ErrSSHFxOpUnsupported
}

// dropStaged removes a staged upload, reporting whether there was one.
func (fs *fsys) dropStaged(name string) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	u, ok := fs.staged[name]
	if ok {
		u.discard()
		delete(fs.staged, name)
	}
	return ok
}

// takeStaged takes a staged upload out of the session, if there is one.
func (fs *fsys) takeStaged(name string) *upload {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	u := fs.staged[name]
	delete(fs.staged, name)
	return u
}

// exists reports whether a place exists in the partner's space.
func (fs *fsys) exists(ctx context.Context, pl place) bool {
	_, ok := fs.stat(ctx, pl)
	return ok
}

// Filelist lists a directory, or describes one place (stat).
func (fs *fsys) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	pl, ok := locate(r.Filepath)
	if !ok {
		return nil, notFound(r.Filepath)
	}
	switch r.Method {
	case "List":
		if pl.name != "" {
			return nil, fs.refuse(errFailure, msgNotDirectory, r.Filepath)
		}
		list, err := fs.list(r.Context(), pl.dir)
		if err != nil {
			return nil, fs.fault("list", err)
		}
		return lister(list), nil
	case "Stat", "Lstat":
		info, ok := fs.stat(r.Context(), pl)
		if !ok {
			return nil, notFound(r.Filepath)
		}
		return lister{info}, nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// LookupUserName names the owner of every file in listings: the partner.
func (fs *fsys) LookupUserName(string) string { return fs.partner }

// LookupGroupName names the group of every file in listings.
func (fs *fsys) LookupGroupName(string) string { return "eleader" }

// Lstat is Stat: the space holds no link.
func (fs *fsys) Lstat(r *sftp.Request) (sftp.ListerAt, error) { return fs.Filelist(r) }

// list returns a directory's entries.
func (fs *fsys) list(ctx context.Context, dir string) ([]os.FileInfo, error) {
	switch dir {
	case "":
		now := time.Now()
		return []os.FileInfo{dirInfo(DepotDir, 0o755, now), dirInfo(ReportsDir, 0o555, now)}, nil
	case DepotDir:
		files, err := fs.srv.Service.Files(ctx, fs.partner, 1)
		if err != nil {
			return nil, err
		}
		var out []os.FileInfo
		for _, f := range files {
			if f.State == eleader.FileWaiting {
				out = append(out, fileInfo{name: f.Name, size: f.Size, mode: 0o644, mtime: f.At})
			}
		}
		fs.mu.Lock()
		for name, u := range fs.staged {
			out = append(out, fileInfo{name: name, size: u.size, mode: 0o600, mtime: u.started})
		}
		fs.mu.Unlock()
		return out, nil
	case ReportsDir:
		files, err := fs.rejectsFiles(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]os.FileInfo, 0, len(files))
		for _, f := range files {
			out = append(out, fileInfo{name: f.Name, size: f.Size, mode: 0o444, mtime: f.Created})
		}
		return out, nil
	}
	return nil, nil
}

// stat describes one place.
func (fs *fsys) stat(ctx context.Context, pl place) (os.FileInfo, bool) {
	switch {
	case pl.dir == "":
		return dirInfo("/", 0o555, time.Now()), true
	case pl.name == "":
		mode := os.FileMode(0o755)
		if pl.dir == ReportsDir {
			mode = 0o555
		}
		return dirInfo(pl.dir, mode, time.Now()), true
	case pl.dir == DepotDir:
		fs.mu.Lock()
		u, ok := fs.staged[pl.name]
		fs.mu.Unlock()
		if ok {
			return fileInfo{name: pl.name, size: u.size, mode: 0o600, mtime: u.started}, true
		}
		f, ok := fs.pending(ctx, pl.name)
		if !ok {
			return nil, false
		}
		return fileInfo{name: f.Name, size: f.Size, mode: 0o644, mtime: f.At}, true
	}
	f, ok, err := fs.rejectsFile(ctx, pl.name)
	if err != nil || !ok {
		return nil, false
	}
	return fileInfo{name: f.Name, size: f.Size, mode: 0o444, mtime: f.Created}, true
}

// pending returns one of the partner's files waiting in its deposits.
func (fs *fsys) pending(ctx context.Context, name string) (eleader.FileStatus, bool) {
	files, err := fs.srv.Service.Files(ctx, fs.partner, 1)
	if err != nil {
		return eleader.FileStatus{}, false
	}
	for _, f := range files {
		if f.State == eleader.FileWaiting && f.Name == name {
			return f, true
		}
	}
	return eleader.FileStatus{}, false
}

// rejectsFiles lists /rapports/, the XLSX sizes made known (see xlsxSizes).
func (fs *fsys) rejectsFiles(ctx context.Context) ([]eleader.RejectsFile, error) {
	files, err := fs.srv.Service.PartnerRejectsFiles(ctx, fs.partner, DefaultReports)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := files[:0]
	for _, f := range files {
		if seen[f.Name] {
			continue // two reports of one file name: the latest is shown
		}
		seen[f.Name] = true
		if f.Size < 0 {
			f.Size = fs.srv.sizes.get(ctx, fs.srv.Service, fs.partner, f)
		}
		out = append(out, f)
	}
	return out, nil
}

// rejectsFile finds one file of /rapports/.
func (fs *fsys) rejectsFile(ctx context.Context, name string) (eleader.RejectsFile, bool, error) {
	files, err := fs.rejectsFiles(ctx)
	if err != nil {
		return eleader.RejectsFile{}, false, err
	}
	for _, f := range files {
		if f.Name == name {
			return f, true, nil
		}
	}
	return eleader.RejectsFile{}, false, nil
}

// xlsxSizes remembers the sizes of the XLSX rejects files made, so that a
// listing shows them; a listing makes the ones it does not know.
type xlsxSizes struct {
	mu    sync.Mutex
	sizes map[int64]int64
}

// maxXLSXSizes bounds the sizes remembered.
const maxXLSXSizes = 4096

func (x *xlsxSizes) set(report, size int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sizes == nil || len(x.sizes) >= maxXLSXSizes {
		x.sizes = map[int64]int64{}
	}
	x.sizes[report] = size
}

// get returns the size of a report's XLSX rejects, making it if unknown;
// 0 when it cannot be made.
func (x *xlsxSizes) get(ctx context.Context, svc Service, partner string, f eleader.RejectsFile) int64 {
	x.mu.Lock()
	size, ok := x.sizes[f.Report]
	x.mu.Unlock()
	if ok {
		return size
	}
	rc, _, err := svc.PartnerRejects(ctx, partner, f.Report, f.Format)
	if err != nil {
		return 0
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if err != nil {
		return 0
	}
	x.set(f.Report, n)
	return n
}

// fileInfo describes a file or directory of the partner's space.
type fileInfo struct {
	name  string
	size  int64
	mode  os.FileMode
	mtime time.Time
}

func dirInfo(name string, perm os.FileMode, at time.Time) fileInfo {
	return fileInfo{name: name, mode: os.ModeDir | perm, mtime: at}
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) Mode() os.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return f.mtime }
func (f fileInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }

// lister serves a list of entries.
type lister []os.FileInfo

func (l lister) ListAt(out []os.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[off:])
	if n < len(out) {
		return n, io.EOF
	}
	return n, nil
}
