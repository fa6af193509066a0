package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// DefaultIdleTimeout is how long an import's transaction may stay idle
// before PostgreSQL ends it (see Store.IdleTimeout).
const DefaultIdleTimeout = 10 * time.Minute

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a consolidated store in a PostgreSQL database (in the first
// schema of the URL's search_path). It is safe for concurrent use, by
// several goroutines and by several processes on the same database.
type Store struct {
	// IdleTimeout bounds how long an import's transaction may wait idle for
	// its process (between two statements) before PostgreSQL ends the
	// session, rolling the import back and releasing the import lock: a
	// process cut off without closing its connection then holds up the
	// others for that long at most. Open sets it to DefaultIdleTimeout;
	// 0 leaves the server's setting.
	IdleTimeout time.Duration

	pool      *pgxpool.Pool
	schema    string
	importKey int64 // the advisory lock of imports into this schema
}

var _ eleader.Store = (*Store)(nil)

// Open connects to the database at url, a PostgreSQL URL
// (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…), and applies the
// migrations not applied yet. The store lives in the first schema of the
// search_path (public by default; ?search_path=NAME in the URL picks
// another), which must exist. Errors never carry the URL's password.
func Open(ctx context.Context, url string) (*Store, error) {
	if !IsURL(url) {
		return nil, errors.New("postgres: want a URL postgres://USER:PASSWORD@HOST:PORT/DATABASE")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message quotes the URL, redacted on a best-effort basis
		// only: keep its reason, scrubbed of the secrets, and only when the
		// URL parses well enough to know where they are.
		reason := ""
		if secrets, ok := urlSecrets(url); ok {
			var pe *pgconn.ParseConfigError
			if errors.As(err, &pe) && errors.Unwrap(pe) != nil {
				err = errors.Unwrap(pe)
			}
			reason = ": " + scrub(err.Error(), secrets...)
		}
		return nil, fmt.Errorf("postgres: the URL %s does not parse%s", Redact(url), reason)
	}
	// From here on, pgx has found the password: scrub it from every error.
	secrets, _ := urlSecrets(url)
	secrets = append(secrets, cfg.ConnConfig.Password)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, redact(fmt.Errorf("postgres: %s: %w", Redact(url), err), secrets...)
	}
	s := &Store{IdleTimeout: DefaultIdleTimeout, pool: pool}
	if err := s.init(ctx, cfg.ConnConfig); err != nil {
		pool.Close()
		return nil, redact(fmt.Errorf("postgres: %s: %w", Redact(url), err), secrets...)
	}
	return s, nil
}

// init finds the store's schema and brings it up to date.
func (s *Store) init(ctx context.Context, cc *pgx.ConnConfig) error {
	var schema *string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	if schema == nil {
		return errors.New("no schema to keep the store in: the first schema of the search_path does not exist")
	}
	s.schema = *schema
	s.importKey = lockKey("import", s.schema)
	return migrate(ctx, cc, s.schema)
}

// lockKey is the advisory lock key of what, in schema: stores in two
// schemas of one database do not hold up each other.
func lockKey(what, schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("eleader-go\x00" + what + "\x00" + schema))
	return int64(h.Sum64())
}

// migrate applies the embedded migrations not applied yet, each in its own
// transaction, in name order, on a connection of its own holding a session
// advisory lock: two instances starting together never both apply one.
// Closing the connection releases the lock whatever happened.
func migrate(ctx context.Context, cc *pgx.ConnConfig, schema string) error {
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, lockKey("migrate", schema)); err != nil {
		return fmt.Errorf("migrations: lock: %w", err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		version := strings.TrimSuffix(path.Base(name), ".sql")
		if err := migrateOne(ctx, conn, name, version); err != nil {
			return fmt.Errorf("migration %s: %w", version, err)
		}
	}
	return nil
}

func migrateOne(ctx context.Context, conn *pgx.Conn, name, version string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var applied bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, version).Scan(&applied); err != nil {
		return err
	}
	if applied {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, version); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Schema returns the schema the store lives in.
func (s *Store) Schema() string { return s.schema }

// Close closes the store's connections, waiting for those in use.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// querier is what the pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// isUnique reports whether err is a unique violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
