package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

const healthcheckSynopsis = `healthcheck [--timeout D] [URL]`

// defaultHealthURL is what healthcheck asks without a URL: serve's
// default address.
const defaultHealthURL = "http://127.0.0.1:8080/healthz"

// runHealthcheck runs "eleader healthcheck [URL]".
func runHealthcheck(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	fs := newFlagSet("healthcheck", stderr, healthcheckSynopsis, "cli.healthcheck.about")
	timeout := fs.Duration("timeout", 5*time.Second, l.Sprintf("cli.flag.timeout_health"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	target := defaultHealthURL
	switch len(pos) {
	case 0:
	case 1:
		target = pos[0]
	default:
		return usageError(stderr, "cli.healthcheck.one_url")
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError(stderr, "cli.healthcheck.bad_url", target)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/healthz"
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return usageErr(stderr, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.healthcheck.unreachable", u.Redacted(), err))
		return exitRejected
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.healthcheck.answered", u.Redacted(), resp.Status))
		return exitRejected
	}
	fmt.Fprintln(stdout, l.Sprintf("cli.healthcheck.healthy", u.Redacted()))
	return exitOK
}
