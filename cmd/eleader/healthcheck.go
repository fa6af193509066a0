package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

const healthcheckSynopsis = `healthcheck [--timeout D] [URL]

Asks a running service's /healthz, for container health checks (the image
has no curl): exit 0 when it answers 200, 1 otherwise. URL defaults to
http://127.0.0.1:8080/healthz; a URL without a path gets /healthz.`

// defaultHealthURL is what healthcheck asks without a URL: serve's
// default address.
const defaultHealthURL = "http://127.0.0.1:8080/healthz"

// runHealthcheck runs "eleader healthcheck [URL]".
func runHealthcheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("healthcheck", stderr, healthcheckSynopsis)
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
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
		return usageError(stderr, "healthcheck takes one URL")
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError(stderr, "%q is not an http:// or https:// URL", target)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/healthz"
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %s unreachable: %v\n", u.Redacted(), err)
		return exitRejected
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "eleader: %s answered %s\n", u.Redacted(), resp.Status)
		return exitRejected
	}
	fmt.Fprintf(stdout, "%s: healthy\n", u.Redacted())
	return exitOK
}
