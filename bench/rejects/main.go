// Command rejects measures eleader's peak memory on files whose every line
// is rejected, the case issue 15 found unbounded (a run held the rejects
// whole: 2.4 GiB for a 100 MB file): the import of such a file by serve
// (--import now, the file uploaded through the API) and by run --now, and
// the delivery of its report alone (reports resend), the email sent to a
// real SMTP server on loopback (in this process) or written as an .eml
// file. bench/rejects.sh builds eleader and runs it; BENCHMARKS.md records
// its results.
//
//	rejects --bin DIR [--lines N] [--scenarios LIST] [--mails LIST] [--mail-max-mb N] [--tmp DIR]
//
// The file is `eleader gen --faults 1` (every line with one fault) of
// --lines lines (default 350,000, about 100 MB; 1,860,000 make 511 MiB,
// under serve's 512 MiB upload limit). Each scenario runs eleader as a
// separate process on a new data directory:
//
//	serve    serve --demo --import now: the file uploaded (POST /api/v1/files), imported, its report delivered; peak RSS is the server's VmHWM;
//	         then the rejects downloaded through the API (rejects.csv, rejects.xlsx), a second row: the server's VmHWM after them
//	run      demo, deposit, then run --now: imported, its report delivered; peak RSS from wait4's rusage
//	deliver  after run: reports resend ID, the delivery alone
//
// --mails lists smtp (the loopback server), eml (the outbox folder) or
// both; --mail-max-mb is passed on (default: eleader's). For each it
// prints a Markdown table row: the peak resident memory, the wall time,
// the email's size and what it carries, and the store's size.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	gosmtp "github.com/emersion/go-smtp"
)

// options are the command's flags.
type options struct {
	bin, tmp          string
	lines             int
	scenarios, mails  []string
	mailMB            string
	maxUploadMiB      int64
	uploadTimeoutWait time.Duration
}

func main() {
	var o options
	var scenarios, mails string
	flag.StringVar(&o.bin, "bin", "", "the `directory` holding the eleader binary")
	flag.StringVar(&o.tmp, "tmp", "", "where the work directory goes (default: the system's)")
	flag.IntVar(&o.lines, "lines", 350_000, "lines of the all-faulty file")
	flag.StringVar(&scenarios, "scenarios", "serve,run,deliver", "the scenarios, comma-separated: serve, run, deliver")
	flag.StringVar(&mails, "mails", "smtp,eml", "how reports go out, comma-separated: smtp, eml")
	flag.StringVar(&o.mailMB, "mail-max-mb", "", "passed to eleader as --mail-max-mb (default: eleader's)")
	flag.Parse()
	o.scenarios, o.mails = strings.Split(scenarios, ","), strings.Split(mails, ",")
	o.maxUploadMiB, o.uploadTimeoutWait = 512, 2*time.Hour
	if o.bin == "" {
		log.Fatal("rejects: --bin is required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		log.Fatal("rejects: ", err)
	}
}

// row is one measurement.
type row struct {
	scenario, mail string
	rssKiB         int64
	wall           time.Duration
	email          delivered
	storeBytes     int64
}

func run(ctx context.Context, o options) error {
	work, err := os.MkdirTemp(o.tmp, "eleader-rejects-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	file, err := generate(ctx, o, work)
	if err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Printf("file %s: %d lines, every one faulty, %d bytes (%.1f MiB)\n\n", filepath.Base(file), o.lines, info.Size(), float64(info.Size())/(1<<20))
	fmt.Println("| scenario | email | peak RSS | wall | email size | the email carries | store |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- |")
	for _, mailKind := range o.mails {
		for _, sc := range o.scenarios {
			var r row
			var err error
			after := "" // a row that follows r's
			switch sc {
			case "serve":
				var dl row
				r, dl, err = scenarioServe(ctx, o, work, file, mailKind)
				after = fmt.Sprintf("| %s | %s | %.0f MiB | %.1f s | %s | %s | |\n", dl.scenario, dl.mail, float64(dl.rssKiB)/1024, dl.wall.Seconds(),
					size(dl.email.bytes), strings.Join(dl.email.attachments, ", "))
			case "run":
				r, err = scenarioRun(ctx, o, work, file, mailKind, false)
			case "deliver":
				r, err = scenarioRun(ctx, o, work, file, mailKind, true)
			default:
				return fmt.Errorf("scenario %q: want serve, run or deliver", sc)
			}
			if err != nil {
				return fmt.Errorf("%s (%s): %w", sc, mailKind, err)
			}
			fmt.Printf("| %s | %s | %.0f MiB | %.1f s | %s | %s | %.1f MiB |\n", r.scenario, r.mail, float64(r.rssKiB)/1024, r.wall.Seconds(),
				size(r.email.bytes), r.email.describe(), float64(r.storeBytes)/(1<<20))
			fmt.Print(after)
		}
	}
	return nil
}

// generate writes the all-faulty file.
func generate(ctx context.Context, o options, work string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(o.bin, "eleader"), "gen", "--lines", strconv.Itoa(o.lines), "--faults", "1",
		"--date", "20261125", "-o", work+"/")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("gen: %w", err)
	}
	return filepath.Join(work, "20261125-demo.csv"), nil
}

// delivered is what an email carried.
type delivered struct {
	bytes       int64
	attachments []string // name (size)
	link        bool     // the report's address in the text
	excerpt     int      // rejected lines quoted in the text
}

func (d delivered) describe() string {
	var parts []string
	if len(d.attachments) > 0 {
		parts = append(parts, strings.Join(d.attachments, ", "))
	}
	if d.excerpt > 0 {
		parts = append(parts, fmt.Sprintf("%d rejected lines in the text", d.excerpt))
	}
	if d.link {
		parts = append(parts, "the report's address")
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "; ")
}

func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

var (
	excerptLine = regexp.MustCompile(`(?m)^- ligne \d+ : `)
	reportLink  = regexp.MustCompile(`/espace/rapports/\d+`)
)

// inspect reads an email as a stream: its size, its attachments, its text.
func inspect(r io.Reader) (delivered, error) {
	var d delivered
	cr := &counter{r: r}
	m, err := mail.ReadMessage(bufio.NewReaderSize(cr, 64<<10))
	if err != nil {
		return d, err
	}
	if err := walk(&d, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", m.Body); err != nil {
		return d, err
	}
	io.Copy(io.Discard, cr)
	d.bytes = cr.n
	return d, nil
}

func walk(d *delivered, ctype, cte, disp string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(d, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	_, dp, _ := mime.ParseMediaType(disp)
	if name := dp["filename"]; name != "" {
		n, _ := io.Copy(io.Discard, body)
		if strings.EqualFold(cte, "base64") {
			n = n * 3 / 4 * 76 / 78 // 76 characters and CRLF a line
		}
		d.attachments = append(d.attachments, fmt.Sprintf("%s (%s)", name, size(n)))
		return nil
	}
	if mt == "text/plain" {
		b, err := io.ReadAll(io.LimitReader(body, 1<<20))
		if err != nil {
			return err
		}
		d.excerpt = len(excerptLine.FindAll(b, -1))
		d.link = reportLink.Match(b)
	}
	_, err = io.Copy(io.Discard, body)
	return err
}

type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// sink is a real SMTP server on loopback that inspects the reports it
// receives, and keeps nothing else.
type sink struct {
	srv  *gosmtp.Server
	addr *net.TCPAddr
	mu   sync.Mutex
	got  []delivered
}

func startSink() (*sink, error) {
	s := &sink{}
	s.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = l.Addr().(*net.TCPAddr)
	go s.srv.Serve(l)
	return s, nil
}

func (s *sink) reports() []delivered {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivered(nil), s.got...)
}

type session struct {
	s      *sink
	report bool
}

func (x *session) Mail(string, *gosmtp.MailOptions) error { return nil }
func (x *session) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (x *session) Reset()                                 {}
func (x *session) Logout() error                          { return nil }

func (x *session) Data(r io.Reader) error {
	var head bytes.Buffer
	d, err := inspect(io.TeeReader(r, &limitedBuffer{b: &head, max: 8 << 10}))
	if err != nil {
		return err
	}
	if !strings.Contains(head.String(), "<rapport-") { // a sign-in link of the demo
		return nil
	}
	x.s.mu.Lock()
	x.s.got = append(x.s.got, d)
	x.s.mu.Unlock()
	return nil
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// env is eleader's environment for mailKind: the sink's address, or none
// (the outbox folder).
func env(mailKind string, s *sink) []string {
	out := os.Environ()
	if mailKind == "smtp" {
		out = append(out, "ELEADER_SMTP_HOST=127.0.0.1", "ELEADER_SMTP_PORT="+strconv.Itoa(s.addr.Port), "ELEADER_SMTP_TLS=none")
	}
	return append(out, "ELEADER_PUBLIC_URL=https://eleader.example")
}

// emlReports inspects the reports of an outbox folder.
func emlReports(dir string) ([]delivered, error) {
	names, _ := filepath.Glob(filepath.Join(dir, "rapport-*.eml"))
	var out []delivered
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, err
		}
		d, err := inspect(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// waitReport waits for the one report's email.
func waitReport(ctx context.Context, mailKind string, s *sink, outbox string, deadline time.Duration) (delivered, error) {
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		var got []delivered
		if mailKind == "smtp" {
			got = s.reports()
		} else {
			var err error
			if got, err = emlReports(outbox); err != nil {
				return delivered{}, err
			}
		}
		if len(got) > 0 {
			return got[len(got)-1], nil
		}
		select {
		case <-ctx.Done():
			return delivered{}, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
	return delivered{}, errors.New("no report's email within " + deadline.String())
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// scenarioServe uploads the file to serve --import now and waits for its
// report's email.
func scenarioServe(ctx context.Context, o options, work, file, mailKind string) (r, dl row, err error) {
	r = row{scenario: "serve --import now", mail: mailKind}
	dl = row{scenario: "serve: the rejects downloaded (API)", mail: mailKind}
	s, err := startSink()
	if err != nil {
		return r, dl, err
	}
	defer s.srv.Close()
	data := filepath.Join(work, "serve-"+mailKind)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, dl, err
	}
	addr := l.Addr().String()
	l.Close()
	args := []string{"serve", "--demo", "--import", "now", "--data", data, "--addr", addr, "--max-mb", strconv.FormatInt(o.maxUploadMiB, 10)}
	if o.mailMB != "" {
		args = append(args, "--mail-max-mb", o.mailMB)
	}
	cmd := exec.CommandContext(ctx, filepath.Join(o.bin, "eleader"), args...)
	cmd.Env = env(mailKind, s)
	var out bytes.Buffer
	cmd.Stdout = &syncWriter{w: &out}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return r, dl, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	token := regexp.MustCompile(`elt_[a-z2-7]+_[a-z2-7]+`)
	var tok string
	for i := 0; i < 300 && tok == ""; i++ {
		time.Sleep(100 * time.Millisecond)
		tok = string(token.Find(cmd.Stdout.(*syncWriter).bytes()))
	}
	if tok == "" {
		return r, dl, errors.New("serve printed no token")
	}
	start := time.Now()
	f, err := os.Open(file)
	if err != nil {
		return r, dl, err
	}
	defer f.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/files", f)
	if err != nil {
		return r, dl, err
	}
	req.ContentLength = fileSize(file)
	req.Header.Set("Content-Disposition", `attachment; filename="`+filepath.Base(file)+`"`)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "fmetoken token="+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return r, dl, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return r, dl, fmt.Errorf("upload: %s: %s", resp.Status, b)
	}
	if r.email, err = waitReport(ctx, mailKind, s, filepath.Join(data, "outbox"), o.uploadTimeoutWait); err != nil {
		return r, dl, err
	}
	r.wall = time.Since(start)
	if r.rssKiB, err = vmHWM(cmd.Process.Pid); err != nil {
		return r, dl, err
	}
	r.storeBytes = fileSize(filepath.Join(data, "eleader.db")) + fileSize(filepath.Join(data, "eleader.db-wal"))

	// The rejects, downloaded as a partner does, each to its end.
	start = time.Now()
	id, err := lastReport(ctx, o, data)
	if err != nil {
		return r, dl, err
	}
	for _, f := range []string{"rejects.csv", "rejects.xlsx"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/api/v1/reports/%d/%s", addr, id, f), nil)
		if err != nil {
			return r, dl, err
		}
		req.Header.Set("Authorization", "fmetoken token="+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return r, dl, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return r, dl, err
		}
		dl.email.bytes += n
		dl.email.attachments = append(dl.email.attachments, fmt.Sprintf("%s: %d, %s", f, resp.StatusCode, size(n)))
	}
	dl.wall = time.Since(start)
	if dl.rssKiB, err = vmHWM(cmd.Process.Pid); err != nil {
		return r, dl, err
	}
	return r, dl, nil
}

// scenarioRun deposits the file for the demo partner and runs run --now;
// with deliverOnly, it then measures reports resend alone.
func scenarioRun(ctx context.Context, o options, work, file, mailKind string, deliverOnly bool) (row, error) {
	r := row{scenario: "run --now", mail: mailKind}
	if deliverOnly {
		r.scenario = "reports resend (delivery alone)"
	}
	s, err := startSink()
	if err != nil {
		return r, err
	}
	defer s.srv.Close()
	data := filepath.Join(work, fmt.Sprintf("run-%s-%t", mailKind, deliverOnly))
	el := func(args ...string) (*os.ProcessState, time.Duration, error) {
		if o.mailMB != "" && (args[0] == "run" || args[0] == "reports") {
			args = append(args, "--mail-max-mb", o.mailMB)
		}
		cmd := exec.CommandContext(ctx, filepath.Join(o.bin, "eleader"), append(args, "--data", data)...)
		cmd.Env = env(mailKind, s)
		var errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &limitedBuffer{b: &errb, max: 4 << 10}
		start := time.Now()
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 1 { // lines rejected: done
			err = nil
		}
		if err != nil {
			err = fmt.Errorf("eleader %s: %w: %s", args[0], err, errb.String())
		}
		return cmd.ProcessState, time.Since(start), err
	}
	if _, _, err := el("demo"); err != nil {
		return r, err
	}
	if _, _, err := el("deposit", "--partner", "demo", file); err != nil {
		return r, err
	}
	ps, wall, err := el("run", "--now")
	if err != nil {
		return r, err
	}
	outbox := filepath.Join(data, "outbox")
	if deliverOnly {
		if r.email, err = waitReport(ctx, mailKind, s, outbox, time.Minute); err != nil {
			return r, err
		}
		names, _ := filepath.Glob(filepath.Join(outbox, "rapport-*.eml"))
		for _, n := range names {
			os.Remove(n)
		}
		s.mu.Lock()
		s.got = nil
		s.mu.Unlock()
		id, err := lastReport(ctx, o, data)
		if err != nil {
			return r, err
		}
		if ps, wall, err = el("reports", "resend", strconv.FormatInt(id, 10)); err != nil {
			return r, err
		}
	}
	if r.email, err = waitReport(ctx, mailKind, s, outbox, time.Minute); err != nil {
		return r, err
	}
	r.wall, r.rssKiB = wall, maxRSS(ps)
	r.storeBytes = fileSize(filepath.Join(data, "eleader.db")) + fileSize(filepath.Join(data, "eleader.db-wal"))
	return r, nil
}

// lastReport is the number of the demo's latest report with rejects.
func lastReport(ctx context.Context, o options, data string) (int64, error) {
	out, err := exec.CommandContext(ctx, filepath.Join(o.bin, "eleader"), "reports", "list", "--partner", "demo", "--data", data).Output()
	if err != nil {
		return 0, fmt.Errorf("reports list: %w", err)
	}
	m := regexp.MustCompile(`(?m)^\s*#?(\d+)\b.*20261125-demo\.csv`).FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no report of 20261125-demo.csv in:\n%s", out)
	}
	return strconv.ParseInt(string(m[1]), 10, 64)
}

// maxRSS is a finished process's peak resident memory, in KiB.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return 0
}

// vmHWM is a running process's peak resident memory, in KiB.
func vmHWM(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM")
}

// syncWriter is a buffer a process writes while the bench reads it.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.w.Bytes()...)
}
