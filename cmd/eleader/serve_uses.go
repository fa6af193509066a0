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
)

// uses lists, for serve's banner, what the service really uses: label and
// value, never a password.
func (o *serveOptions) uses(base, metricsURL string) [][2]string {
	store := o.db + " (SQLite)"
	if postgres.IsURL(o.db) {
		store = postgres.Redact(o.db) + " (PostgreSQL)"
	}
	imports := "daily at " + o.at + " Europe/Paris (--import now for each upload at once)"
	if o.importMode == "now" {
		imports = "each upload at once; and daily at " + o.at + " Europe/Paris"
	}
	tlsText := "off: plain HTTP (put a TLS proxy in front, or give --tls-cert and --tls-key)"
	if o.tlsCert != "" {
		tlsText = "certificate " + o.tlsCert
		if o.clientCerts {
			tlsText += "; client certificates of active connection sheets accepted"
		}
	}
	metrics := metricsURL
	if o.metricsToken != "" {
		metrics += " (bearer token)"
	}
	lines := [][2]string{
		{"upload API", "POST " + base + "/api/v1/files   (OpenAPI: " + base + "/openapi.yaml)"},
		{"web page", base + "/"},
		{"portal", base + "/raccordements, console " + base + "/console (people sign in by an emailed link)"},
		{"probes", base + "/healthz (alive), " + base + "/readyz (ready)"},
		{"metrics", metrics},
		{"store", store},
		{"data", o.data + " (deposits in depots/, session.key)"},
		{"reports", describeMail(filepath.Join(o.data, "outbox"))},
		{"imports", imports},
		{"TLS", tlsText},
		{"limits", o.limits()},
	}
	if o.sftpLine != "" {
		// After imports, where the SFTP server's line belongs.
		i := slices.IndexFunc(lines, func(l [2]string) bool { return l[0] == "imports" })
		lines = slices.Insert(lines, i+1, [2]string{"sftp", o.sftpLine})
	}
	if o.settings != "" {
		lines = append(lines, [2]string{"settings", o.settings})
	}
	return lines
}

// limits says the bounds on uploads and searches serve applies.
func (o *serveOptions) limits() string {
	bound := func(n int, what string) string {
		if n == 0 {
			return "no limit on " + what
		}
		return fmt.Sprintf("%d %s", n, what)
	}
	attach := fmt.Sprintf("reports' emails attach up to %d MiB of rejects", o.mailMB)
	if o.mailMB == 0 {
		attach = "reports' emails attach no rejects"
	}
	return fmt.Sprintf("uploads up to %d MiB, each received within %s; %s, %s; %s; %s; %s",
		o.maxMB, httpapi.DefaultUploadTimeout,
		bound(o.uploadsPerPartner, "uploads in progress per partner"), bound(o.uploads, "in all"),
		bound(o.searchRate, "searches per partner and hour"), bound(o.checkRate, "dry runs per partner and hour"), attach)
}

// describeMail says how reports go out: the SMTP server of the environment
// (never its password), or the outbox folder.
func describeMail(outbox string) string {
	cfg, ok, err := smtp.ConfigFromEnv()
	switch {
	case err != nil:
		return "SMTP misconfigured: " + err.Error()
	case !ok:
		return "written as .eml files in " + outbox + " (no SMTP server: set ELEADER_SMTP_HOST …)"
	}
	host := cfg.Host
	if cfg.Port != 0 {
		host = fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	}
	text := "sent by SMTP through " + host + " (" + cfg.TLS
	if cfg.Username != "" {
		text += ", as " + cfg.Username
	}
	text += ")"
	if from := os.Getenv("ELEADER_MAIL_FROM"); from != "" {
		text += ", from " + from
	}
	return text
}

// settingsOrigin says where the settings that are not the command line's
// came from: "environment: ELEADER_DATA, ELEADER_DB; config eleader.toml:
// at, import" (a setting --data derives counts under --data's origin).
func settingsOrigin(fs *flag.FlagSet) string {
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
		parts = append([]string{"environment: " + strings.Join(env, ", ")}, parts...)
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
