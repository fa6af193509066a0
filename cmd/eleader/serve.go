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

	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/prometheus"
	"github.com/entrepreneur-leader/eleader-go/adapters/sftpd"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const serveSynopsis = `serve [--addr HOST:PORT] [--data DIR] [--db FILE|URL] [--demo] [--import now|daily] [--at HH:MM]
              [--max-mb N] [--search-rate N] [--check-rate N] [--uploads-per-partner N] [--uploads N]
              [--tls-cert F --tls-key F [--client-certs]] [--log text|json] [--public-url URL]
              [--sftp-addr HOST:PORT [--sftp-host-key FILE]] [--grace DURATION]
              [--metrics-addr HOST:PORT] [--metrics-token T] [--config FILE]

Runs E#L's service: the upload API (POST /api/v1/files), the partners' web
page (/), the portal (/raccordements) and E#L's console (/console), where
people sign in by a link sent to their email (--public-url is the address
the links carry), /healthz, /readyz, /metrics and /openapi.yaml, the daily import run at --at
(Europe/Paris; at start-up, the run missed while it was down), and the
delivery of reports (SMTP from ELEADER_SMTP_HOST …, else .eml files in
DIR/outbox). Everything lives in DIR: eleader.db (SQLite), depots/ (each
partner's deposits, history and refuses/), outbox/, session.key.

--sftp-addr also serves SFTP (off by default): a partner logs in as its
identifier with an SSH key of its connection sheet (partners edit ID
--ssh-key FILE.pub; the sheet ACTIVEE, with the channel sftp), puts its
files in depot/ — each judged by the upload's checks when it is closed,
a refusal said by sftp — and reads its rejects in rapports/. The host key
is DIR/sftp_host_ed25519_key, drawn at first start, or --sftp-host-key.

--db postgres://… keeps the store in PostgreSQL instead of DIR/eleader.db:
several instances then share that database, and DIR (on a shared file
system: the deposits, the session key).

Every flag also comes from ELEADER_<FLAG> (ELEADER_DATA, ELEADER_DB,
ELEADER_ADDR, ELEADER_MAX_MB …) and from the --config file; at start, serve
prints what it uses and where each setting came from.

/metrics (Prometheus) is on --addr, or only on --metrics-addr when given;
--metrics-token (better: ELEADER_METRICS_TOKEN) asks scrapers for
"Authorization: Bearer TOKEN".

--import now imports each file as soon as it is uploaded; daily leaves it
for the daily run (the default, except with --demo). --demo creates the
demo partner (in qualification, operator code DEMO, as eleader gen --partner
demo writes) and prints its token and a ready curl line (an export generated
for it, named 20170101-demo.csv or the next day it has not used: a day no
real export carries),
and the portal's demo people: an operator, and a partner's technical
manager; their sign-in links land in DIR/outbox and, in the demo only, are
printed too.
Ctrl-C (or SIGTERM) stops gracefully: uploads in flight complete, the
import under way finishes.`

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
}

// Grace periods of a graceful stop.
const (
	shutdownUploads = time.Minute     // uploads in flight
	shutdownImports = 2 * time.Minute // the import under way
	outboxInterval  = time.Minute     // how often due reports are sent
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o serveOptions
	fs := newFlagSet("serve", stderr, serveSynopsis)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the `address` to listen on (HOST:PORT; :8080 for every interface)")
	fs.StringVar(&o.data, "data", "eleader-data", "the data `directory`")
	fs.StringVar(&o.db, "db", "", dbUsage+" (default DIR/eleader.db)")
	fs.BoolVar(&o.demo, "demo", false, "create the demo partner and print its token and a curl line")
	fs.StringVar(&o.importMode, "import", "daily", "when uploads are imported: `now` or daily")
	fs.StringVar(&o.at, "at", "02:00", "the daily run's time of day, `HH:MM`, Europe/Paris")
	fs.Int64Var(&o.maxMB, "max-mb", eleader.DefaultMaxUpload>>20, "the size limit of an uploaded file, in `MiB`")
	fs.Int64Var(&o.mailMB, "mail-max-mb", defaultMailMB, mailMBUsage)
	fs.StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM, with its chain)")
	fs.StringVar(&o.tlsKey, "tls-key", "", "the private key `file` of --tls-cert")
	fs.BoolVar(&o.clientCerts, "client-certs", false, "accept TLS client certificates of active connection sheets instead of tokens (needs --tls-cert)")
	fs.StringVar(&o.logFormat, "log", "text", "log `format` on stderr: text or json")
	fs.StringVar(&o.sftpAddr, "sftp-addr", "", "also serve SFTP on this `address` (HOST:PORT); off when empty")
	fs.StringVar(&o.sftpHostKey, "sftp-host-key", "", "the SFTP host key, an SSH private key `file` (default: DIR/"+hostKeyName+", drawn at first start)")
	fs.DurationVar(&o.grace, "grace", eleader.DefaultDepositGrace, "how long a run leaves alone a file of a deposit folder it will not import, after its last change (0: none)")
	fs.IntVar(&o.searchRate, "search-rate", eleader.DefaultSearchRate, "how many dossier searches a partner may make in an hour (`N`; 0: no limit), counted in the store across instances")
	fs.IntVar(&o.checkRate, "check-rate", eleader.DefaultCheckRate, "how many dry runs (POST /api/v1/checks) a partner may make in an hour (`N`; 0: no limit), counted in the store across instances")
	fs.IntVar(&o.uploadsPerPartner, "uploads-per-partner", httpapi.DefaultMaxUploadsPerPartner, "how many uploads one partner may have in progress at once on this instance (`N`; 0: no limit)")
	fs.IntVar(&o.uploads, "uploads", httpapi.DefaultMaxUploads, "how many uploads every partner together may have in progress at once on this instance (`N`; 0: no limit)")
	fs.StringVar(&o.publicURL, "public-url", "", "the `address` people reach the service at, for the links of emails (default $ELEADER_PUBLIC_URL, else the listening address)")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve /metrics on this `address` only (HOST:PORT), instead of on --addr")
	fs.StringVar(&o.metricsToken, "metrics-token", "", "ask scrapers of /metrics for this bearer `token` (better from ELEADER_METRICS_TOKEN: a command line shows in ps)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "serve takes flags only, not %q", pos[0])
	}
	explicitImport := false
	fs.Visit(func(f *flag.Flag) { explicitImport = explicitImport || f.Name == "import" })
	if o.demo && !explicitImport {
		o.importMode = "now"
	}
	if o.db == "" {
		o.db = filepath.Join(o.data, "eleader.db")
	}
	o.settings = settingsOrigin(fs)
	if err := o.check(); err != nil {
		return usageError(stderr, "%v", err)
	}
	hour, minute, err := parseClock(o.at)
	if err != nil {
		return usageError(stderr, "%v", err)
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
		return fmt.Errorf("--max-mb must be positive")
	case o.searchRate < 0 || o.checkRate < 0:
		return fmt.Errorf("--search-rate and --check-rate must be 0 (no limit) or positive")
	case o.uploadsPerPartner < 0 || o.uploads < 0:
		return fmt.Errorf("--uploads-per-partner and --uploads must be 0 (no limit) or positive")
	case (o.tlsCert == "") != (o.tlsKey == ""):
		return fmt.Errorf("--tls-cert and --tls-key go together")
	case o.clientCerts && o.tlsCert == "":
		return fmt.Errorf("--client-certs needs --tls-cert and --tls-key (client certificates come with TLS)")
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return fmt.Errorf("--addr %q is not HOST:PORT", importer.CutName(o.addr))
	}
	if o.sftpAddr != "" {
		if _, _, err := net.SplitHostPort(o.sftpAddr); err != nil {
			return fmt.Errorf("--sftp-addr %q is not HOST:PORT", importer.CutName(o.sftpAddr))
		}
	} else if o.sftpHostKey != "" {
		return fmt.Errorf("--sftp-host-key needs --sftp-addr")
	}
	if o.grace < 0 {
		return fmt.Errorf("--grace must not be negative")
	}
	if err := checkMailMB(o.mailMB); err != nil {
		return err
	}
	if o.publicURL != "" {
		u, err := url.Parse(o.publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("--public-url %q is not an address like https://eleader.example", importer.CutName(o.publicURL))
		}
	}
	if _, _, err := net.SplitHostPort(o.metricsAddr); o.metricsAddr != "" && err != nil {
		return fmt.Errorf("--metrics-addr %q is not HOST:PORT", importer.CutName(o.metricsAddr))
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
		return usageError(stderr, "%v", err)
	}
	svc, done, err := openService(ctx, o.db, nil)
	if err != nil {
		return usageError(stderr, "%v", err)
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
		return usageError(stderr, "%v", err)
	}
	svc.Deposits = dd
	svc.DepositGrace = max(o.grace, time.Nanosecond) // 0: at once
	mailer, err := newMailer(filepath.Join(o.data, "outbox"))
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	if o.demo {
		mailer = &demoMailer{Mailer: mailer, w: stdout}
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
			return usageError(stderr, "TLS: %v", err)
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
		o.sftpLine = fmt.Sprintf("sftp -P %s IDENTIFIANT@%s   (host key %s)", portOf(sftpLn.Addr()), hostOf(sftpLn.Addr()),
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
	fmt.Fprintf(w, "eleader: serving on %s\n", base)
	for _, l := range o.uses(base, metricsURL) {
		fmt.Fprintf(w, "  %-11s %s\n", l[0], l[1])
	}
	fmt.Fprintln(w, "  stop        Ctrl-C (uploads in flight complete)")
	if token == "" {
		return
	}
	fmt.Fprintf(w, "\ndemo partner %q (qualification: files are judged, not consolidated); its token, shown this once:\n  %s\n", demoPartner.Partner, token)
	fmt.Fprintf(w, "\nsend a file (an export generated for the demo: %d lines, %d of them with an error; dated %s, a day no real export carries):\n",
		demoExampleLines, demoFaultyLines, name[6:8]+"/"+name[4:6]+"/"+name[:4])
	fmt.Fprintf(w, "curl --location --request POST '%s/api/v1/files' \\\n", base)
	fmt.Fprintf(w, "  --header 'Content-Disposition: attachment; filename=\"%s\"' \\\n", name)
	fmt.Fprintf(w, "  --header 'Content-Type: application/octet-stream' \\\n")
	fmt.Fprintf(w, "  --header 'Accept: application/json' \\\n")
	fmt.Fprintf(w, "  --header 'Authorization: fmetoken token=%s' \\\n", token)
	fmt.Fprintf(w, "  --data-binary '@%s'\n", file)
	fmt.Fprintf(w, "\nthen see its report on %s/ (sign in with the token), or: curl -H 'Authorization: fmetoken token=%s' %s/api/v1/files\n", base, token, base)
	fmt.Fprintf(w, "or, a partner's way: export ELEADER_URL=%s ELEADER_TOKEN=%s, then\n", base, token)
	fmt.Fprintf(w, "  eleader send --dry-run FILE   E#L's verdict, nothing kept;   eleader send --wait FILE   sent, and the import's verdict\n")
	fmt.Fprintf(w, "\nthe portal: open %s/connexion and ask for a link for one of\n", base)
	fmt.Fprintf(w, "  %-28s an E#L operator: the console\n", demoOperator)
	fmt.Fprintf(w, "  %-28s modification on demo, and on %s (no sheet yet: create it)\n", demoManager, demoNewPartner)
	fmt.Fprintf(w, "the link lands in %s as an .eml file; in the demo it is printed here too\n", filepath.Join(o.data, "outbox"))
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
	return "", errors.New("the demo partner used every name of ten years from 2017")
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
			return nil, fmt.Errorf("%s is not a session key (64 hexadecimal digits): delete it to draw a new one", path)
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
	mu sync.Mutex
	w  io.Writer
}

var demoLink = regexp.MustCompile(`\S+/connexion/lien\?jeton=\S+`)

func (d *demoMailer) Send(ctx context.Context, m *eleader.Message) error {
	if err := d.Mailer.Send(ctx, m); err != nil {
		return err
	}
	if link := demoLink.FindString(m.Text); link != "" && strings.HasPrefix(m.MessageID, "<connexion-") {
		d.mu.Lock()
		defer d.mu.Unlock()
		fmt.Fprintf(d.w, "demo: sign-in link for %s (15 minutes, once): %s\n", strings.Join(m.To, ", "), link)
	}
	return nil
}
