package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// uses lists, for serve's banner, what the service really uses: label and
// value, never a password.
func (o *serveOptions) uses(base, metricsURL string) [][2]string {
	l := o.lang
	store := o.db + " (SQLite)"
	if postgres.IsURL(o.db) {
		store = postgres.Redact(o.db) + " (PostgreSQL)"
	}
	imports := l.Sprintf("cli.serve.imports_daily", o.at)
	if o.importMode == "now" {
		imports = l.Sprintf("cli.serve.imports_now", o.at)
	}
	tlsText := l.Sprintf("cli.serve.tls_off")
	if o.tlsCert != "" {
		tlsText = l.Sprintf("cli.serve.tls_cert", o.tlsCert)
		if o.clientCerts {
			tlsText += l.Sprintf("cli.serve.tls_clients")
		}
	}
	metrics := metricsURL
	if o.metricsToken != "" {
		metrics += l.Sprintf("cli.serve.bearer")
	}
	lines := [][2]string{
		{l.Sprintf("cli.serve.label.api"), "POST " + base + "/api/v1/files   (OpenAPI: " + base + "/openapi.yaml)"},
		{l.Sprintf("cli.serve.label.web"), base + "/"},
		{l.Sprintf("cli.serve.label.portal"), l.Sprintf("cli.serve.use_portal", base, base)},
		{l.Sprintf("cli.serve.label.probes"), l.Sprintf("cli.serve.use_probes", base, base)},
		{l.Sprintf("cli.serve.label.metrics"), metrics},
		{l.Sprintf("cli.serve.label.store"), store},
		{l.Sprintf("cli.serve.label.data"), l.Sprintf("cli.serve.use_data", o.data)},
		{l.Sprintf("cli.serve.label.reports"), describeMail(l, filepath.Join(o.data, "outbox"))},
		{l.Sprintf("cli.serve.label.imports"), imports},
		{"TLS", tlsText},
		{l.Sprintf("cli.serve.label.limits"), o.limits()},
	}
	if o.sftpLine != "" {
		// After imports, where the SFTP server's line belongs.
		i := slices.IndexFunc(lines, func(x [2]string) bool { return x[0] == l.Sprintf("cli.serve.label.imports") })
		lines = slices.Insert(lines, i+1, [2]string{"sftp", o.sftpLine})
	}
	if o.settings != "" {
		lines = append(lines, [2]string{l.Sprintf("cli.serve.label.settings"), o.settings})
	}
	return lines
}

// limits says the bounds on uploads and searches serve applies.
func (o *serveOptions) limits() string {
	l := o.lang
	bound := func(n int, what string) string {
		if n == 0 {
			return l.Sprintf("cli.serve.no_limit", l.Sprintf(what))
		}
		return fmt.Sprintf("%d %s", n, l.Sprintf(what))
	}
	attach := l.Sprintf("cli.serve.attach", o.mailMB)
	if o.mailMB == 0 {
		attach = l.Sprintf("cli.serve.attach_none")
	}
	return l.Sprintf("cli.serve.limits",
		o.maxMB, httpapi.DefaultUploadTimeout,
		bound(o.uploadsPerPartner, "cli.serve.uploads_partner"), bound(o.uploads, "cli.serve.in_all"),
		bound(o.searchRate, "cli.serve.searches_hour"), bound(o.checkRate, "cli.serve.checks_hour"), attach)
}

// describeMail says how reports go out: the SMTP server of the environment
// (never its password), or the outbox folder.
func describeMail(l i18n.Lang, outbox string) string {
	cfg, ok, err := smtp.ConfigFromEnv()
	switch {
	case err != nil:
		return l.Sprintf("cli.serve.smtp_bad", err.Error())
	case !ok:
		return l.Sprintf("cli.serve.outbox", outbox)
	}
	host := cfg.Host
	if cfg.Port != 0 {
		host = fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	}
	text := l.Sprintf("cli.serve.smtp", host, cfg.TLS)
	if cfg.Username != "" {
		text += l.Sprintf("cli.serve.smtp_as", cfg.Username)
	}
	text += ")"
	if from := os.Getenv("ELEADER_MAIL_FROM"); from != "" {
		text += l.Sprintf("cli.serve.smtp_from", from)
	}
	return text
}

// settingsOrigin says where the settings that are not the command line's
// came from: "environment: ELEADER_DATA, ELEADER_DB; config eleader.toml:
// at, import" (a setting --data derives counts under --data's origin).
func settingsOrigin(l i18n.Lang, fs *flag.FlagSet) string {
	bySource := map[string][]string{}
	var sources []string
	fs.VisitAll(func(f *flag.Flag) {
		from := sourceOf(fs, f.Name)
		if from == "" || strings.HasPrefix(from, "--") {
			return
		}
		if _, ok := bySource[from]; !ok {
			sources = append(sources, from)
		}
		bySource[from] = append(bySource[from], f.Name)
	})
	slices.Sort(sources)
	var env, parts []string
	for _, s := range sources {
		if strings.HasPrefix(s, envPrefix) {
			env = append(env, s)
		} else {
			parts = append(parts, s+": "+strings.Join(bySource[s], ", "))
		}
	}
	if len(env) > 0 {
		parts = append([]string{l.Sprintf("cli.serve.environment", strings.Join(env, ", "))}, parts...)
	}
	return strings.Join(parts, "; ")
}

// writable reports whether a new file can be written in dir (and removes
// it): /readyz asks it of the data directory.
func writable(dir string) error {
	f, err := os.CreateTemp(dir, ".readyz-*")
	if err != nil {
		return fmt.Errorf("data directory %s: %w", dir, err)
	}
	name := f.Name()
	_, werr := f.WriteString(time.Now().UTC().Format(time.RFC3339))
	cerr := f.Close()
	os.Remove(name)
	if werr != nil {
		return fmt.Errorf("data directory %s: %w", dir, werr)
	}
	if cerr != nil {
		return fmt.Errorf("data directory %s: %w", dir, cerr)
	}
	return nil
}

// withMetrics serves /metrics with m, everything else with h.
func withMetrics(h, m http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			m.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
