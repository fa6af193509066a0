package postgres_test

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// envURL names the environment variable holding the database the tests
// use; each test works in a schema of its own, dropped at its end.
const envURL = "ELEADER_TEST_POSTGRES"

// testURL returns the database's URL, or skips the test without one.
func testURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(envURL)
	if u == "" {
		tb.Skip("no PostgreSQL to test against: set " + envURL +
			"=postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE?sslmode=disable (bash .ci/postgres.sh starts one and prints the line)")
	}
	return u
}

// execSQL runs statements on a connection of their own to the database.
func execSQL(tb testing.TB, dbURL string, sql ...string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	require.NoError(tb, err, "connect to %s", postgres.Redact(dbURL))
	defer conn.Close(ctx)
	for _, s := range sql {
		_, err := conn.Exec(ctx, s)
		require.NoError(tb, err, "%s", s)
	}
}

// newSchema creates an empty schema, dropped with everything in it at the
// end of the test, and returns the database's URL with that schema as its
// search_path.
func newSchema(tb testing.TB) string {
	tb.Helper()
	dbURL := testURL(tb)
	name := "eleader_test_" + strings.ToLower(rand.Text())
	execSQL(tb, dbURL, `CREATE SCHEMA `+name)
	tb.Cleanup(func() { execSQL(tb, dbURL, `DROP SCHEMA `+name+` CASCADE`) })
	return withSchema(tb, dbURL, name)
}

// withSchema returns dbURL with search_path set to schema, for the tests.
func withSchema(tb testing.TB, dbURL, schema string) string {
	tb.Helper()
	u, err := url.Parse(dbURL)
	require.NoError(tb, err, "%s does not parse", envURL)
	q := u.Query()
	q.Set("search_path", schema)
	// The tests never survive a crash of the server: its commits need not
	// wait for the disk.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// openStore opens a store at dbURL, closed at the end of the test.
func openStore(tb testing.TB, dbURL string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(tb.Context(), dbURL)
	require.NoError(tb, err)
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestStoreContract(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(t *testing.T) eleader.Store {
		s, err := postgres.Open(t.Context(), newSchema(t))
		require.NoError(t, err)
		return s
	})
}
