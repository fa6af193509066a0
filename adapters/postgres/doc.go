// Package postgres is the PostgreSQL store of eleader-go, for deployments
// where several eleader processes (several "eleader serve" behind a load
// balancer, a CLI run beside them) share one database and one deposits
// directory. It implements eleader.Store with the same logical schema as
// adapters/sqlite, through pgx (github.com/jackc/pgx/v5) and a pgxpool pool,
// and passes the same contract tests (eleader/storetest).
//
//	s, err := postgres.Open(ctx, "postgres://eleader:secret@db.example:5432/eleader?sslmode=verify-full")
//
// Open takes a PostgreSQL URL as pgx reads it: pool settings
// (pool_max_conns …) and run-time parameters such as search_path (to keep
// the store in a schema of its own) go in its query. Errors never show the
// URL's password (see Redact).
//
// # Decisions
//
// Migrations. The schema is brought up to date by the embedded
// migrations/*.sql when a store opens, recorded in schema_migrations, under
// a session-level pg_advisory_lock: instances starting together apply each
// migration once, the others wait and find it applied.
//
// One import at a time. BeginImport starts a READ COMMITTED transaction
// whose first statement takes a transaction-scoped advisory lock
// (pg_advisory_xact_lock), so imports are serialized across every instance
// on the database, as BEGIN IMMEDIATE serializes them on a SQLite file: the
// import's overlay of pending dossiers and its sub-version numbering
// (highest existing + 1) assume that no other import creates dossiers
// meanwhile. The lock is released by the commit or the rollback — also when
// the process dies, since PostgreSQL ends the session. READ COMMITTED is
// what makes this right: each statement after the lock sees every import
// committed before it. Under REPEATABLE READ the snapshot would be taken by
// the lock statement itself, before it waits, and an import that waited
// would read dossiers as they were before the one it waited for. An import
// transaction also sets idle_in_transaction_session_timeout (Store.IdleTimeout),
// so that a process that vanished without closing its connection (a host
// cut off) does not hold the lock for ever. An import waiting for the lock
// holds one of the pool's connections (pool_max_conns defaults to the larger
// of 4 and the number of CPUs): a process running many imports at once
// needs a larger pool.
//
// Named locks (TryLock) are one row per lock, taken by a single atomic
// INSERT … ON CONFLICT DO UPDATE … WHERE (free, expired, or already ours);
// a lock the steal function gives up is taken by a compare-and-swap UPDATE
// on the holder read, so two instances never both hold it.
//
// Times are bigint Unix nanoseconds, NULL for the zero time: the contract
// keeps instants to the nanosecond, and timestamptz keeps microseconds. A
// time outside the years 1678–2262 cannot be stored (an error); as a bound
// of a query it is clamped.
//
// Values from partners' lines (a dossier's phase, search keys and SIRET,
// the two values of a disagreement) are bytea, and dossier views keep
// package dossier's binary storage form: a cell may be valid UTF-8 and hold
// a NUL, which PostgreSQL's text refuses. Report bodies and connection
// sheets are JSON in text columns, not jsonb, so that they come back byte for
// byte (and jsonb refuses an escaped \u0000 too). Sorted keys are
// COLLATE "C": byte order, as SQLite's, whatever the database's locale.
// Free text (comments, errors of report delivery) is stored as valid UTF-8
// without NUL: an invalid byte becomes U+FFFD.
package postgres
