package postgres

import (
	"net/url"
	"strings"
)

// hidden replaces a secret in what the store prints.
const hidden = "xxxxx"

// IsURL reports whether s is a PostgreSQL URL, one Open takes: it starts
// with postgres:// or postgresql://.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact returns a PostgreSQL URL fit to print: its password, and the value
// of every query parameter whose name contains "password", are replaced by
// xxxxx. A URL that does not parse is not shown at all: the result then
// only says so.
func Redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || !IsURL(s) {
		return "(a PostgreSQL URL that does not parse)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), hidden)
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			u.RawQuery = hidden
		} else {
			for k := range q {
				if strings.Contains(strings.ToLower(k), "password") {
					q[k] = []string{hidden}
				}
			}
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

// urlSecrets returns the secrets of a URL that parses: its password and the
// values of its password parameters. ok is false when it does not parse:
// nothing can then tell where its secrets are.
func urlSecrets(s string) (secrets []string, ok bool) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	if p, has := u.User.Password(); has {
		secrets = append(secrets, p)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, false
	}
	for k, vs := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			secrets = append(secrets, vs...)
		}
	}
	return secrets, true
}

// scrub returns text with every secret, as is or URL-encoded, replaced by
// xxxxx.
func scrub(text string, secrets ...string) string {
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), url.UserPassword("", s).String()[1:]} {
			if form != "" {
				text = strings.ReplaceAll(text, form, hidden)
			}
		}
	}
	return text
}

// redactedError is an error whose text has its secrets scrubbed; the error
// it wraps stays reachable for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with secrets scrubbed from its text, nil for nil.
func redact(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: scrub(err.Error(), secrets...), err: err}
}
