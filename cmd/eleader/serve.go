package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/prometheus"
	"github.com/entrepreneur-leader/eleader-go/adapters/sftpd"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const serveSynopsis = `serve [--addr HOST:PORT] [--data DIR] [--db FILE|URL] [--demo] [--import now|daily] [--at HH:MM]`

// serveOptions are the flags of serve.
type serveOptions struct {
	addr, data, db, importMode, at, logFormat string
	tlsCert, tlsKey, publicURL                string
	sftpAddr, sftpHostKey                     string
	demo, clientCerts                         bool
	maxMB, mailMB                             int64
	grace                                     time.Duration
	searchRate, checkRate                     int
	uploadsPerPartner, uploads                int
	metricsAddr, metricsToken                 string
	// settings says where the settings not given on the command line came
	// from, for the banner.
	settings string
	// sftpLine is how partners reach the SFTP server, for the banner ("":
	// no SFTP server).
	sftpLine string
	// lang is the language of the help and the banner.
	lang i18n.Lang
}

// Grace periods of a graceful stop.
const (
	shutdownUploads = time.Minute     // uploads in flight
	shutdownImports = 2 * time.Minute // the import under way
	outboxInterval  = time.Minute     // how often due reports are sent
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	o := serveOptions{lang: l}
	fs := newFlagSet("serve", stderr, serveSynopsis, "cli.serve.about")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", l.Sprintf("cli.flag.addr"))
	fs.StringVar(&o.data, "data", "eleader-data", l.Sprintf("cli.flag.data_serve"))
	fs.StringVar(&o.db, "db", "", l.Sprintf("cli.flag.store")+l.Sprintf("cli.flag.db_default"))
	fs.BoolVar(&o.demo, "demo", false, l.Sprintf("cli.flag.demo"))
	fs.StringVar(&o.importMode, "import", "daily", l.Sprintf("cli.flag.import"))
	fs.StringVar(&o.at, "at", "02:00", l.Sprintf("cli.flag.at"))
	fs.Int64Var(&o.maxMB, "max-mb", eleader.DefaultMaxUpload>>20, l.Sprintf("cli.flag.max_mb"))
	fs.Int64Var(&o.mailMB, "mail-max-mb", defaultMailMB, l.Sprintf("cli.flag.mail_max_mb"))
	fs.StringVar(&o.tlsCert, "tls-cert", "", l.Sprintf("cli.flag.tls_cert"))
	fs.StringVar(&o.tlsKey, "tls-key", "", l.Sprintf("cli.flag.tls_key"))
	fs.BoolVar(&o.clientCerts, "client-certs", false, l.Sprintf("cli.flag.client_certs"))
	fs.StringVar(&o.logFormat, "log", "text", l.Sprintf("cli.flag.log"))
	fs.StringVar(&o.sftpAddr, "sftp-addr", "", l.Sprintf("cli.flag.sftp_addr"))
	fs.StringVar(&o.sftpHostKey, "sftp-host-key", "", l.Sprintf("cli.flag.sftp_host_key", hostKeyName))
	fs.DurationVar(&o.grace, "grace", eleader.DefaultDepositGrace, l.Sprintf("cli.flag.grace"))
	fs.IntVar(&o.searchRate, "search-rate", eleader.DefaultSearchRate, l.Sprintf("cli.flag.search_rate"))
	fs.IntVar(&o.checkRate, "check-rate", eleader.DefaultCheckRate, l.Sprintf("cli.flag.check_rate"))
	fs.IntVar(&o.uploadsPerPartner, "uploads-per-partner", httpapi.DefaultMaxUploadsPerPartner, l.Sprintf("cli.flag.uploads_per_partner"))
	fs.IntVar(&o.uploads, "uploads", httpapi.DefaultMaxUploads, l.Sprintf("cli.flag.uploads"))
	fs.StringVar(&o.publicURL, "public-url", "", l.Sprintf("cli.flag.public_url"))
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", l.Sprintf("cli.flag.metrics_addr"))
	fs.StringVar(&o.metricsToken, "metrics-token", "", l.Sprintf("cli.flag.metrics_token"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.flags_only", "serve", pos[0])
	}
	explicitImport := false
	fs.Visit(func(f *flag.Flag) { explicitImport = explicitImport || f.Name == "import" })
	if o.demo && !explicitImport {
		o.importMode = "now"
	}
	if o.db == "" {
		o.db = filepath.Join(o.data, "eleader.db")
	}
	o.settings = settingsOrigin(l, fs)
	if err := o.check(); err != nil {
		return usageErr(stderr, err)
	}
	hour, minute, err := parseClock(o.at)
	if err != nil {
		return usageErr(stderr, err)
	}
	return o.serve(ctx, hour, minute, stdout, stderr)
}

func (o *serveOptions) check() error {
	if err := oneOf("import", o.importMode, "now", "daily"); err != nil {
		return err
	}
	if err := oneOf("log", o.logFormat, "text", "json"); err != nil {
		return err
	}
	switch {
	case o.maxMB <= 0:
		return errorf("cli.serve.max_mb")
	case o.searchRate < 0 || o.checkRate < 0:
		return errorf("cli.serve.search_rate")
	case o.uploadsPerPartner < 0 || o.uploads < 0:
		return errorf("cli.serve.uploads")
	case (o.tlsCert == "") != (o.tlsKey == ""):
		return errorf("cli.serve.tls_pair")
	case o.clientCerts && o.tlsCert == "":
		return errorf("cli.serve.client_certs")
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return errorf("cli.serve.not_hostport", "addr", o.addr)
	}
	if o.sftpAddr != "" {
		if _, _, err := net.SplitHostPort(o.sftpAddr); err != nil {
			return errorf("cli.serve.not_hostport", "sftp-addr", o.sftpAddr)
		}
	} else if o.sftpHostKey != "" {
		return errorf("cli.serve.host_key")
	}
	if o.grace < 0 {
		return errorf("cli.run.grace")
	}
	if err := checkMailMB(o.mailMB); err != nil {
		return err
	}
	if o.publicURL != "" {
		u, err := url.Parse(o.publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return errorf("cli.serve.public_url", o.publicURL)
		}
	}
	if _, _, err := net.SplitHostPort(o.metricsAddr); o.metricsAddr != "" && err != nil {
		return errorf("cli.serve.not_hostport", "metrics-addr", o.metricsAddr)
	}
	return nil
}

// serve runs the service until ctx ends.
func (o *serveOptions) serve(ctx context.Context, hour, minute int, stdout, stderr io.Writer) int {
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if o.logFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)

	// Everything in the data directory holds personal data: 0700, files
	// 0600, whatever the umask.
	if err := eleader.MkdirPrivate(o.data); err != nil {
		return usageErr(stderr, err)
	}
	svc, done, err := openService(ctx, o.db, nil)
	if err != nil {
		return usageErr(stderr, err)
	}
	defer done()
	svc.Logger = logger
	svc.SearchRate = o.searchRate
	if o.searchRate == 0 {
		svc.SearchRate = -1 // no limit
	}
	svc.CheckRate = o.checkRate
	if o.checkRate == 0 {
		svc.CheckRate = -1 // no limit
	}
	dd, err := dropdir.New(filepath.Join(o.data, "depots"))
	if err != nil {
		return usageErr(stderr, err)
	}
	svc.Deposits = dd
	svc.DepositGrace = max(o.grace, time.Nanosecond) // 0: at once
	mailer, err := newMailer(filepath.Join(o.data, "outbox"))
	if err != nil {
		return usageErr(stderr, err)
	}
	if o.demo {
		mailer = &demoMailer{Mailer: mailer, w: stdout, lang: o.lang}
	}
	svc.Outbox = reportOutbox(svc, mailer, o.mailMB)
	svc.Workbooks = xlsx.Workbooks{}
	metrics := prometheus.New(prometheus.Options{Reports: svc})
	svc.Metrics = metrics
	// Leftovers of a process killed mid-write go first (each recorded);
	// files other instances are writing are locked, never touched.
	if _, err := svc.CleanLeftovers(ctx, "", 0); err != nil {
		return serviceError(stderr, err)
	}
	key, err := sessionKey(filepath.Join(o.data, "session.key"))
	if err != nil {
		return serviceError(stderr, err)
	}

	sc, err := eleader.NewScheduler(svc, hour, minute)
	if err != nil {
		return serviceError(stderr, err)
	}
	sc.Each = o.importMode == "now"
	h := httpapi.New(svc)
	h.Logger, h.Workbooks, h.SessionKey, h.Scheduler = logger, xlsx.Workbooks{}, key, sc
	h.MaxUpload = o.maxMB << 20
	h.MaxUploadsPerPartner, h.MaxUploads = noLimitIfZero(o.uploadsPerPartner), noLimitIfZero(o.uploads)
	h.ClientCertificates = o.clientCerts
	h.Ready = func(context.Context) error { return writable(o.data) }
	var queue *eleader.ImportQueue
	if o.importMode == "now" {
		queue = &eleader.ImportQueue{Service: svc}
		h.Queue = queue
	}
	srv := h.Server(o.addr)
	var metricsSrv *http.Server
	if o.metricsAddr == "" {
		srv.Handler = withMetrics(h, metrics.Handler(o.metricsToken))
	} else {
		metricsSrv = &http.Server{Addr: o.metricsAddr, Handler: withMetrics(http.NotFoundHandler(), metrics.Handler(o.metricsToken)),
			ReadHeaderTimeout: httpapi.DefaultReadHeaderTimeout, IdleTimeout: httpapi.DefaultIdleTimeout, ErrorLog: srv.ErrorLog}
	}
	scheme := "http"
	if o.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
		if err != nil {
			return usageError(stderr, "cli.serve.tls", err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		if o.clientCerts {
			srv.TLSConfig.ClientAuth = tls.RequestClientCert
		}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return serviceError(stderr, err)
	}
	base := scheme + "://" + displayAddr(ln.Addr())
	metricsURL := base + "/metrics"
	var metricsLn net.Listener
	if metricsSrv != nil {
		if metricsLn, err = net.Listen("tcp", o.metricsAddr); err != nil {
			ln.Close()
			return serviceError(stderr, err)
		}
		metricsURL = "http://" + displayAddr(metricsLn.Addr()) + "/metrics"
	}
	var sftpSrv *sftpd.Server
	var sftpLn net.Listener
	if o.sftpAddr != "" {
		if sftpSrv, sftpLn, err = o.sftpServer(svc, logger, queue); err != nil {
			ln.Close()
			if metricsLn != nil {
				metricsLn.Close()
			}
			return serviceError(stderr, err)
		}
	}

	var demoToken, demoName, demoFile string
	if o.demo {
		if demoToken, err = setupDemo(ctx, svc); err != nil {
			ln.Close()
			return serviceError(stderr, err)
		}
		if demoName, err = freeDemoName(ctx, svc); err != nil {
			ln.Close()
			return serviceError(stderr, err)
		}
		if demoFile, err = demoExample(o.data, demoName); err != nil {
			ln.Close()
			return serviceError(stderr, err)
		}
		if err := setupDemoPeople(ctx, svc); err != nil {
			ln.Close()
			return serviceError(stderr, err)
		}
	}
	switch {
	case o.publicURL != "":
		svc.PortalURL = strings.TrimRight(o.publicURL, "/")
	case svc.PortalURL == "":
		svc.PortalURL = base
	}
	if sftpSrv != nil {
		o.sftpLine = o.lang.Sprintf("cli.serve.sftp_line", portOf(sftpLn.Addr()), hostOf(sftpLn.Addr()),
			ssh.FingerprintSHA256(sftpSrv.HostKey.PublicKey()))
	}
	o.banner(stdout, base, metricsURL, demoToken, demoName, demoFile)

	// The background work: daily runs, imports of uploads, report delivery.
	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBackground()
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := sc.Run(bg); err != nil {
			logger.Error("scheduler stopped", "error", err)
		}
	})
	queueDone := make(chan struct{})
	if queue != nil {
		go func() { queue.Run(bg); close(queueDone) }()
	} else {
		close(queueDone)
	}
	wg.Go(func() { deliverEvery(bg, svc, outboxInterval) })

	served := make(chan error, 3)
	go func() {
		if o.tlsCert != "" {
			served <- srv.ServeTLS(ln, "", "")
		} else {
			served <- srv.Serve(ln)
		}
	}()
	if sftpSrv != nil {
		go func() {
			if err := sftpSrv.Serve(sftpLn); !errors.Is(err, sftpd.ErrServerClosed) {
				served <- fmt.Errorf("sftp: %w", err)
			}
		}()
	}
	if metricsSrv != nil {
		go func() {
			if err := metricsSrv.Serve(metricsLn); !errors.Is(err, http.ErrServerClosed) {
				served <- err
			}
		}()
		defer metricsSrv.Close()
	}
	select {
	case err := <-served:
		if sftpSrv != nil {
			sftpSrv.Close()
		}
		srv.Close()
		stopBackground()
		wg.Wait()
		return serviceError(stderr, err)
	case <-ctx.Done():
	}

	logger.Info("stopping: uploads in flight complete first")
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownUploads)
	defer cancel()
	var stopping sync.WaitGroup
	if sftpSrv != nil {
		stopping.Go(func() {
			if err := sftpSrv.Shutdown(shutdown); err != nil {
				logger.Warn("SFTP sessions still open were cut: their uploads in progress are dropped", "error", err)
			}
		})
	}
	if err := srv.Shutdown(shutdown); err != nil {
		logger.Warn("uploads still in flight were cut", "error", err)
	}
	stopping.Wait()
	h.Wait() // the sign-in emails being sent
	if queue != nil {
		queue.Close()
		select {
		case <-queueDone:
		case <-time.After(shutdownImports):
			logger.Warn("the import under way was cancelled: its file stays for the next run")
		}
	}
	stopBackground()
	<-queueDone
	wg.Wait()
	logger.Info("stopped")
	return exitOK
}

// sftpServer makes the SFTP server and its listener: uploads limited as
// the API's, received in DIR/tmp, imported at once with --import now.
func (o *serveOptions) sftpServer(svc *eleader.Service, logger *slog.Logger, queue *eleader.ImportQueue) (*sftpd.Server, net.Listener, error) {
	key, err := sftpHostKey(o.sftpHostKey, o.data)
	if err != nil {
		return nil, nil, err
	}
	spool := filepath.Join(o.data, "tmp")
	if err := eleader.MkdirPrivate(spool); err != nil {
		return nil, nil, err
	}
	s := &sftpd.Server{Service: svc, HostKey: key, Logger: logger, MaxUpload: o.maxMB << 20, TempDir: spool}
	if queue != nil {
		s.OnUpload = func(partner, _ string) { queue.Add(partner) }
	}
	ln, err := net.Listen("tcp", o.sftpAddr)
	if err != nil {
		return nil, nil, err
	}
	return s, ln, nil
}

// portOf and hostOf split an address to show.
func portOf(a net.Addr) string {
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

func hostOf(a net.Addr) string {
	host, _, _ := net.SplitHostPort(displayAddr(a))
	return host
}

// noLimitIfZero turns a flag's 0 (no limit) into a Handler's -1.
func noLimitIfZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// displayAddr is an address to show in a URL: an unspecified host becomes
// localhost.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// banner tells where the service is and what it really uses, and for the
// demo how to try it.
func (o *serveOptions) banner(w io.Writer, base, metricsURL, token, name, file string) {
	l := o.lang
	fmt.Fprintf(w, "eleader: %s\n", l.Sprintf("cli.serve.serving", base))
	lines := append(o.uses(base, metricsURL), [2]string{l.Sprintf("cli.serve.label.stop"), l.Sprintf("cli.serve.stop")})
	width := 0
	for _, x := range lines {
		width = max(width, utf8.RuneCountInString(x[0]))
	}
	for _, x := range lines {
		fmt.Fprintf(w, "  %s%s %s\n", x[0], strings.Repeat(" ", width+1-utf8.RuneCountInString(x[0])), x[1])
	}
	if token == "" {
		return
	}
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.serve.demo_token", demoPartner.Partner, token))
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.serve.demo_send", demoExampleLines, demoFaultyLines, name[6:8]+"/"+name[4:6]+"/"+name[:4]))
	fmt.Fprintf(w, "curl --location --request POST '%s/api/v1/files' \\\n", base)
	fmt.Fprintf(w, "  --header 'Content-Disposition: attachment; filename=\"%s\"' \\\n", name)
	fmt.Fprintf(w, "  --header 'Content-Type: application/octet-stream' \\\n")
	fmt.Fprintf(w, "  --header 'Accept: application/json' \\\n")
	fmt.Fprintf(w, "  --header 'Authorization: fmetoken token=%s' \\\n", token)
	fmt.Fprintf(w, "  --data-binary '@%s'\n", file)
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.serve.demo_report", base, token, base))
	fmt.Fprintln(w, l.Sprintf("cli.serve.demo_client", base, token))
	fmt.Fprintln(w, l.Sprintf("cli.serve.demo_client_cmds"))
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.serve.demo_portal", base))
	fmt.Fprintln(w, l.Sprintf("cli.serve.demo_operator", demoOperator))
	fmt.Fprintln(w, l.Sprintf("cli.serve.demo_manager", demoManager, demoNewPartner))
	fmt.Fprintln(w, l.Sprintf("cli.serve.demo_outbox", filepath.Join(o.data, "outbox")))
}

// demoFirstDate is the first date of the names the demo's curl line sends:
// 01/01/2017, a date no real export of a partner carries (New Year's Day,
// before E#L's intake), so that trying the demo never takes the name of a
// partner's daily file. A date in the past, not in the future: a file
// dated later than a real export would become the partner's latest import,
// and every real export sent after it would be superseded (spec §6). The
// name stays valid and importable: gen writes values up to its date.
const demoFirstDate matrice.Date = 20170101

// freeDemoName is the name of the demo's curl line: the first day from
// demoFirstDate the demo partner never used.
func freeDemoName(ctx context.Context, svc *eleader.Service) (string, error) {
	day := time.Date(demoFirstDate.Year(), time.Month(demoFirstDate.Month()), demoFirstDate.Day(), 12, 0, 0, 0, time.UTC)
	for range 3660 {
		name := day.Format("20060102") + "-" + demoPartner.Partner + ".csv"
		if _, err := svc.File(ctx, demoPartner.Partner, name); eleader.ErrorCode(err) == eleader.ENOTFOUND {
			return name, nil
		} else if err != nil {
			return "", err
		}
		day = day.AddDate(0, 0, 1)
	}
	return "", errorf("cli.serve.demo_names")
}

// demoExampleLines and demoFaults shape the export the demo's curl line sends.
const (
	demoExampleLines = 30
	demoFaultyLines  = 6
	demoFaults       = float64(demoFaultyLines) / demoExampleLines
)

// demoExample writes the export the demo's curl line sends under name: a
// file of the demo partner generated for the name's date (its operator
// code; a fifth of its lines with a fault each, spread over the
// validator's checks), in the data directory, 0600.
func demoExample(data, name string) (string, error) {
	fn, err := importer.ParseFileName(name)
	if err != nil {
		return "", err
	}
	g := gen.New()
	g.Lines, g.Faults, g.Date = demoExampleLines, demoFaults, fn.Date
	p, err := filepath.Abs(filepath.Join(data, "exemple-"+name))
	if err != nil {
		return "", err
	}
	_, err = g.WriteFile(p)
	return p, err
}

// sessionKey reads the key that signs web sessions, creating it (random,
// readable by its owner only) the first time: sessions survive restarts,
// and instances sharing the data directory share it. The key is written to
// a temporary file then linked into place, so that an instance never reads
// a key half written, and of two instances starting together one key wins.
func sessionKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) < 32 {
			return nil, errorf("cli.serve.session_key", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := eleader.MkdirPrivate(filepath.Dir(path)); err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	rand.Read(key)
	created, err := eleader.WritePrivateOnce(path, []byte(hex.EncodeToString(key)+"\n"))
	if err != nil {
		return nil, err
	}
	if !created {
		return sessionKey(path) // another instance's key won
	}
	return key, nil
}

// deliverEvery sends the due reports every interval until ctx ends.
func deliverEvery(ctx context.Context, svc *eleader.Service, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := svc.Outbox.Deliver(ctx); err != nil && ctx.Err() == nil {
				svc.Logger.Error("delivering reports", "error", err)
			}
		}
	}
}

var _ http.Handler = (*httpapi.Handler)(nil)

// The demo's people: an operator, and a technical manager with the right
// modification on the demo partner and on a partner without a sheet yet.
const (
	demoOperator   = "operateur@eleader.example"
	demoManager    = "technique@demo.example"
	demoNewPartner = "atelier"
)

// setupDemoPeople gives the demo's people their rights, once (again:
// nothing changes). Called before the service knows its address: no
// invitation email.
func setupDemoPeople(ctx context.Context, svc *eleader.Service) error {
	if _, err := svc.SetOperator(ctx, demoOperator, true, "demo"); err != nil {
		return err
	}
	for _, id := range []string{demoPartner.Partner, demoNewPartner} {
		if _, err := svc.GrantRight(ctx, demoManager, id, eleader.RightModification, "demo"); err != nil {
			return err
		}
	}
	return nil
}

// demoMailer sends as its Mailer does, and, for the demo only, prints the
// sign-in links on the console, so that trying the portal needs no mail
// reader. Never outside the demo: a link is a secret.
type demoMailer struct {
	eleader.Mailer
	mu   sync.Mutex
	w    io.Writer
	lang i18n.Lang
}

var demoLink = regexp.MustCompile(`\S+/connexion/lien\?jeton=\S+`)

func (d *demoMailer) Send(ctx context.Context, m *eleader.Message) error {
	if err := d.Mailer.Send(ctx, m); err != nil {
		return err
	}
	if link := demoLink.FindString(m.Text); link != "" && strings.HasPrefix(m.MessageID, "<connexion-") {
		d.mu.Lock()
		defer d.mu.Unlock()
		fmt.Fprintln(d.w, d.lang.Sprintf("cli.serve.demo_link", strings.Join(m.To, ", "), link))
	}
	return nil
}
