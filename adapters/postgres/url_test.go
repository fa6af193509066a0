package postgres_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
)

// secret is the password of the URLs below: no error may show it.
const secret = "Pa55-w0rd-XYZ"

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"password", "postgres://eleader:" + secret + "@db.example:5432/eleader?sslmode=disable",
			"postgres://eleader:xxxxx@db.example:5432/eleader?sslmode=disable"},
		{"escaped password", "postgresql://eleader:" + url.QueryEscape(secret+"/@:") + "@db.example/eleader",
			"postgresql://eleader:xxxxx@db.example/eleader"},
		{"no password", "postgres://eleader@db.example/eleader", "postgres://eleader@db.example/eleader"},
		{"password parameters", "postgres://db.example/eleader?password=" + secret + "&sslpassword=" + secret + "&sslmode=require",
			"postgres://db.example/eleader?password=xxxxx&sslmode=require&sslpassword=xxxxx"},
		{"does not parse", "postgres://eleader:" + secret + "%zz@db.example/eleader", "(a PostgreSQL URL that does not parse)"},
		{"not a PostgreSQL URL", "eleader-data/eleader.db", "(a PostgreSQL URL that does not parse)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := postgres.Redact(tc.in)
			assert.Equal(t, tc.want, got)
			assert.NotContains(t, got, secret)
		})
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://h/db": true, "postgresql://h/db": true, "POSTGRES://h/db": true,
		"eleader-data/eleader.db": false, "postgres.db": false, "host=h dbname=db": false, "": false,
	} {
		assert.Equal(t, want, postgres.IsURL(s), "IsURL(%q)", s)
	}
}

// TestOpenErrorsHideThePassword opens URLs that fail, each in its own way:
// no error shows the password.
func TestOpenErrorsHideThePassword(t *testing.T) {
	tests := []struct{ name, url string }{
		{"nothing listens", "postgres://eleader:" + secret + "@127.0.0.1:1/eleader?sslmode=disable&connect_timeout=5"},
		{"bad escape", "postgres://eleader:" + secret + "%zz@127.0.0.1:1/eleader"},
		{"bad port", "postgres://eleader:" + secret + "@127.0.0.1:port/eleader"},
		{"bad sslmode", "postgres://eleader:" + secret + "@127.0.0.1:1/eleader?sslmode=bogus"},
		{"bad timeout", "postgres://eleader:" + secret + "@127.0.0.1:1/eleader?connect_timeout=soon"},
		{"password parameter", "postgres://eleader@127.0.0.1:1/eleader?password=" + secret + "&sslmode=bogus"},
		{"several hosts", "postgres://eleader:" + secret + "@127.0.0.1:1,127.0.0.1:2/eleader?sslmode=disable&connect_timeout=5"},
		{"key=value", "host=127.0.0.1 port=1 password=" + secret},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			s, err := postgres.Open(ctx, tc.url)
			if err == nil {
				s.Close()
			}
			require.Error(t, err)
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, err.Error(), url.QueryEscape(secret))
			t.Log(err)
		})
	}
}

// TestOpenWrongPassword is refused by the server: the error says so,
// without the password.
func TestOpenWrongPassword(t *testing.T) {
	u, err := url.Parse(testURL(t))
	require.NoError(t, err)
	u.User = url.UserPassword(u.User.Username(), secret)
	s, err := postgres.Open(t.Context(), u.String())
	if err == nil {
		s.Close()
	}
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secret)
	assert.Contains(t, err.Error(), "xxxxx", "the URL, redacted")
	t.Log(err)
}
