// Package sqlite is the embedded default store of eleader-go: one SQLite
// file, pure Go (modernc.org/sqlite, no cgo), in WAL mode with a busy
// timeout, its schema brought up to date by embedded migrations when it
// opens. Several processes may share the file: imports take the write lock
// for their whole transaction (BEGIN IMMEDIATE), readers never wait.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// DefaultBusyTimeout is how long a writer waits for another to finish.
const DefaultBusyTimeout = 60 * time.Second

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a consolidated store in one SQLite file.
type Store struct {
	db   *sql.DB
	path string
}

var _ eleader.Store = (*Store)(nil)

// Open opens (creating it and its directory if needed) the store at path
// and applies pending migrations. A new store's file is created 0600 (its
// -wal and -shm files too), a new directory 0700, whatever the umask.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#%") {
		return nil, fmt.Errorf("sqlite: %q is not a usable file name (no ?, # or %%)", path)
	}
	// The store holds personal data: its directory, created 0700, and its
	// file, created 0600 before SQLite opens it, whatever the umask;
	// SQLite gives its -wal and -shm files the database file's mode.
	if dir := filepath.Dir(path); dir != "." {
		if err := eleader.MkdirPrivate(dir); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	if _, err := eleader.CreatePrivate(path); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	pageSize, err := filePageSize(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// temp_store=MEMORY keeps statement journals in memory: a statement
	// that writes several rows (an import's INSERT of new dossiers) journals
	// the pages it changes, which would otherwise mean a write to a
	// temporary file per page (ten times the writes of the import itself).
	// The store's sorts are of results it returns whole anyway.
	dsn := "file:" + path + "?_busy_timeout=" + strconv.FormatInt(DefaultBusyTimeout.Milliseconds(), 10) +
		"&_journal_mode=WAL&_synchronous=FULL&_foreign_keys=1&_txlock=immediate&_pragma=temp_store(MEMORY)"
	if pageSize == 0 {
		// A new file: its pages are set before its first table, once
		// and for all (a store made before keeps its own: changing them
		// would mean rewriting the whole file, a VACUUM).
		pageSize = NewPageSize
		dsn += "&_pragma=page_size(" + strconv.Itoa(NewPageSize) + ")"
	}
	dsn += "&_pragma=cache_size(-" + strconv.Itoa(cacheKiB(pageSize)) + ")"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// NewPageSize is the page size of a new store's file, in bytes. Against
// SQLite's default of 4096, a first import of 200,000 lines makes 4.5
// times fewer reads and writes (pages written to the WAL, read back when
// the commit builds the search indexes, checkpointed): 7-9 % less CPU,
// its commit 21 % fewer instructions, a file 6 % smaller. 8 KiB makes
// twice the system calls of 16; 32 and 64 KiB fewer still, but more
// instructions and memory, and every small write (one dossier, a search's
// audit row) writes a whole page to the WAL. A store created before keeps
// the page size it has (changing it means rewriting the file, a VACUUM).
const NewPageSize = 16384

// cacheKiB is the page cache of each connection, in KiB, for a file of
// pages of pageSize bytes: 8 MiB of pages of 4 KiB, 4 MiB of larger
// pages. The cache costs more memory than its size (a 16 KiB page takes
// an allocation larger still), about 2.5 times more memory for each MiB
// with pages of 16 KiB than with 4 KiB: 8 MiB of them raised the peak RSS
// of a 200,000-line import by 65 MiB, 4 MiB by 25 MiB, for the same time.
func cacheKiB(pageSize int) int {
	if pageSize >= 16384 {
		return 4096
	}
	return 8192
}

// filePageSize returns the page size an SQLite file's header records, or 0
// when the file holds no database yet (empty, or shorter than a header).
func filePageSize(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, nil
		}
		return 0, err
	}
	if string(h[:16]) != "SQLite format 3\x00" {
		return 0, nil // not a database: SQLite says so when it opens it
	}
	n := int(binary.BigEndian.Uint16(h[16:18]))
	if n == 1 {
		n = 65536
	}
	return n, nil
}

// Path returns the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// migrate applies the embedded migrations not applied yet, each in its own
// transaction, in name order.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	if s.upToDate(ctx, names) {
		return nil
	}
	// In a transaction (BEGIN IMMEDIATE, which waits for the write lock).
	// Processes opening a new file at once may still find it busy without
	// waiting, while one of them turns it to WAL: they try again.
	err = s.retryBusy(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err = tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	for _, name := range names {
		version := strings.TrimSuffix(filepath.Base(name), ".sql")
		if err := s.migrateOne(ctx, name, version); err != nil {
			return fmt.Errorf("sqlite: migration %s: %w", version, err)
		}
	}
	return nil
}

// upToDate reports whether every migration was applied: a read, which
// never waits for the write lock, so that opening a store whose schema is
// current never waits for an import under way (eleader runs, eleader
// backup, a second serve).
func (s *Store) upToDate(ctx context.Context, names []string) bool {
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return false // a new file: no table yet
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var v string
		if rows.Scan(&v) != nil {
			return false
		}
		applied[v] = true
	}
	if rows.Err() != nil {
		return false
	}
	for _, name := range names {
		if !applied[strings.TrimSuffix(filepath.Base(name), ".sql")] {
			return false
		}
	}
	return true
}

// retryBusy runs f until it does not fail with SQLITE_BUSY, for at most
// DefaultBusyTimeout.
func (s *Store) retryBusy(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(DefaultBusyTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		err := f()
		var coded interface{ Code() int }
		if err == nil || !errors.As(err, &coded) || coded.Code()&0xff != sqliteBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// sqliteBusy is SQLITE_BUSY, the primary code of "database is locked".
const sqliteBusy = 5

func (s *Store) migrateOne(ctx context.Context, name, version string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied) VALUES (?, ?)`, version, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// View returns a dossier's consolidated view.
func (s *Store) View(ctx context.Context, number string) (*dossier.View, error) {
	return loadView(ctx, s.db, number)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadView(ctx context.Context, q querier, number string) (*dossier.View, error) {
	n, err := dossier.ParseNumber(number)
	if err != nil {
		return nil, eleader.Errorf(eleader.EINVALID, "%v", err)
	}
	var data []byte
	err = q.QueryRowContext(ctx, `SELECT view FROM dossiers WHERE number = ?`, number).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no dossier %s", number)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: dossier %s: %w", number, err)
	}
	return dossier.UnmarshalStorage(n, data)
}

// searchQuery finds the dossiers of the main dossiers whose name key (?1)
// or SIRET (?2) match. Each key's index is partial (no empty key): a
// query uses it only when its own WHERE holds the index's condition word
// for word — SQLite does not see that a name_key equal to a non-empty ?1
// is not empty, and scanned the whole table instead for each key asked
// (a search by SIRET in a store of 98,658 dossiers: 458 M instructions,
// 0.44 M now; TestSearchUsesTheIndexes).
const searchQuery = `
		SELECT number, main, version, oper, owner, phase FROM dossiers
		WHERE main IN (
			SELECT main FROM dossiers WHERE name_key = ?1 AND name_key <> ''
			UNION SELECT main FROM dossiers WHERE birth_name_key = ?1 AND birth_name_key <> ''
			UNION SELECT main FROM dossiers WHERE siret = ?2 AND siret <> '')
		ORDER BY main, version`

// Search returns the dossiers of every main dossier matching the name key or
// the SIRET.
func (s *Store) Search(ctx context.Context, nameKey, siret string) ([]dossier.Match, error) {
	rows, err := s.db.QueryContext(ctx, searchQuery, nameKey, siret)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search: %w", err)
	}
	defer rows.Close()
	var out []dossier.Match
	for rows.Next() {
		var m dossier.Match
		if err := rows.Scan(&m.Number, &m.Main, &m.Version, &m.Oper, &m.Partner, &m.Phase); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const disagreementColumns = `number, item_group, item_key, field,
	kept_value, kept_partner, kept_file, kept_file_date, kept_line, kept_date,
	other_value, other_partner, other_file, other_file_date, other_line, other_date`

// disagreementsQuery lists the disagreements of dossier ?1, or of all when
// number is "": two statements, since one whose WHERE also holds for an
// empty ?1 made SQLite scan the whole table for one dossier's, which every
// Service.Dossier (dossier show, the API's dossier) asks for
// (TestDisagreementsOfOneDossierSeek).
func disagreementsQuery(number string) string {
	where := `WHERE number = ?1`
	if number == "" {
		where = `WHERE ?1 = ''`
	}
	return `SELECT ` + disagreementColumns + ` FROM disagreements ` + where +
		` ORDER BY number, item_group, item_key, field, kept_date, kept_partner, kept_file, kept_line, other_partner, other_file, other_line`
}

// Disagreements returns the disagreements of a dossier, or of all.
func (s *Store) Disagreements(ctx context.Context, number string) ([]dossier.Disagreement, error) {
	rows, err := s.db.QueryContext(ctx, disagreementsQuery(number), number)
	if err != nil {
		return nil, fmt.Errorf("sqlite: disagreements: %w", err)
	}
	defer rows.Close()
	var out []dossier.Disagreement
	for rows.Next() {
		var d dossier.Disagreement
		var kfd, kd, ofd, od, group string
		if err := rows.Scan(&d.Number, &group, &d.Key, &d.Field,
			&d.Kept.Value, &d.Kept.Partner, &d.Kept.File, &kfd, &d.Kept.Line, &kd,
			&d.Other.Value, &d.Other.Partner, &d.Other.File, &ofd, &d.Other.Line, &od); err != nil {
			return nil, err
		}
		d.Group = matrice.Group(group)
		for _, p := range []struct {
			dst *matrice.Date
			src string
		}{{&d.Kept.FileDate, kfd}, {&d.Kept.Date, kd}, {&d.Other.FileDate, ofd}, {&d.Other.Date, od}} {
			if err := p.dst.UnmarshalText([]byte(p.src)); err != nil {
				return nil, err
			}
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

const importColumns = `id, partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated, started, ended,
	file_errors, qualification`

type scanner interface{ Scan(dest ...any) error }

func scanImport(sc scanner) (eleader.ImportRecord, error) {
	var r eleader.ImportRecord
	var status, started, ended, fileErrors string
	err := sc.Scan(&r.ID, &r.Partner, &r.File, &r.SHA256, &status, &r.Consolidated, &r.Lines, &r.Accepted, &r.Rejected,
		&r.Dossiers, &r.Created, &r.Updated, &started, &ended, &fileErrors, &r.Qualification)
	if err != nil {
		return r, err
	}
	r.Status = importer.Status(status)
	if r.Started, err = time.Parse(time.RFC3339Nano, started); err != nil {
		return r, err
	}
	if r.Ended, err = time.Parse(time.RFC3339Nano, ended); err != nil {
		return r, err
	}
	r.FileErrors, err = eleader.ParseFileErrors(r.File, fileErrors)
	return r, err
}

// Import returns one entry of the import history.
func (s *Store) Import(ctx context.Context, id int64) (eleader.ImportRecord, error) {
	r, err := scanImport(s.db.QueryRowContext(ctx, `SELECT `+importColumns+` FROM imports WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, eleader.Errorf(eleader.ENOTFOUND, "no import #%d", id)
	}
	if err != nil {
		return r, fmt.Errorf("sqlite: import %d: %w", id, err)
	}
	return r, nil
}

// Imports returns the import history, most recent first.
func (s *Store) Imports(ctx context.Context, partner string) ([]eleader.ImportRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+importColumns+` FROM imports WHERE ?1 = '' OR partner = ?1 ORDER BY id DESC`, partner)
	if err != nil {
		return nil, fmt.Errorf("sqlite: imports: %w", err)
	}
	defer rows.Close()
	var out []eleader.ImportRecord
	for rows.Next() {
		r, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// BeginImport starts an import's transaction, holding the write lock.
func (s *Store) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	// The transaction is begun on a connection of its own, which
	// Dossiers also uses through the driver (Conn.Raw).
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return &importTx{conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}, raw: map[int]driver.Stmt{}}, nil
}

// importTx is one import's transaction, with its prepared statements.
type importTx struct {
	conn  *sql.Conn // the transaction's, returned to the pool when it ends
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	raw   map[int]driver.Stmt // Dossiers' statements, by list size, prepared on conn's driver connection
	done  bool
	// aborted: a CreateViews failed, and SQLite ended the transaction
	// (INSERT OR ROLLBACK); every later write fails, Commit too.
	aborted bool
	// Into an empty store, the first CreateViews drops the indexes only
	// search reads, which Commit builds again at once (deferred): sorting
	// every key once costs far less than inserting them one by one.
	checkedEmpty bool
	deferred     []string // the CREATE INDEX statements to run at Commit
}

// searchIndexes are the indexes of dossiers that only Search reads.
var searchIndexes = []string{"dossiers_birth_name", "dossiers_name", "dossiers_siret"}

// deferSearchIndexes drops the search indexes when the store holds no
// dossier, keeping their definitions for Commit.
func (t *importTx) deferSearchIndexes(ctx context.Context) error {
	t.checkedEmpty = true
	empty, err := t.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dossiers'
		AND name IN ('`+strings.Join(searchIndexes, "', '")+`') ORDER BY name`)
	if err != nil {
		return fmt.Errorf("sqlite: indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: indexes: %w", err)
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("sqlite: indexes: %w", err)
	}
	for _, name := range names {
		if _, err := t.tx.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("sqlite: drop index %s: %w", name, err)
		}
	}
	t.deferred = defs
	return nil
}

func (t *importTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if t.aborted {
		return nil, errAborted
	}
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("sqlite: prepare: %w", err)
	}
	t.stmts[query] = st
	return st, nil
}

func (t *importTx) exec(ctx context.Context, query string, args ...any) error {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

func (t *importTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return t.tx.QueryRowContext(ctx, query, args...) // reports the same error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}

// Empty reports whether the store holds no dossier.
func (t *importTx) Empty(ctx context.Context) (bool, error) {
	var empty bool
	if err := t.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM dossiers)`).Scan(&empty); err != nil {
		return false, fmt.Errorf("sqlite: dossiers: %w", err)
	}
	return empty, nil
}

// Owner returns the partner that created a dossier.
func (t *importTx) Owner(ctx context.Context, number string) (string, bool, error) {
	var owner string
	err := t.QueryRowContext(ctx, `SELECT owner FROM dossiers WHERE number = ?`, number).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("sqlite: dossier %s: %w", number, err)
	}
	return owner, true, nil
}

// Dossiers returns the owner and the view's Applied of each of numbers that
// exists. It asks in chunks of up to maxInList numbers, reading only the
// start of each view, where its Applied is (dossier.StoredApplied).
//
// It asks the driver directly (Conn.Raw, within the transaction): a
// re-import asks about every number of its file, and database/sql's
// per-argument, per-row and per-value work cost as much as SQLite's seeks.
func (t *importTx) Dossiers(ctx context.Context, numbers []string) (map[string]eleader.StoredDossier, error) {
	out := make(map[string]eleader.StoredDossier, len(numbers))
	err := t.conn.Raw(func(dc any) error {
		var args []driver.NamedValue
		dest := make([]driver.Value, 3)
		for len(numbers) > 0 {
			chunk := numbers[:min(len(numbers), maxInList)]
			numbers = numbers[len(chunk):]
			// A few statement sizes, the list padded by repeating its
			// last number: the transaction prepares each once.
			size := 8
			for size < len(chunk) {
				size *= 4
			}
			st, err := t.rawStmt(ctx, dc, size)
			if err != nil {
				return err
			}
			args = args[:0]
			for i := range size {
				args = append(args, driver.NamedValue{Ordinal: i + 1, Value: chunk[min(i, len(chunk)-1)]})
			}
			rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, args)
			if err != nil {
				return err
			}
			for {
				if err := rows.Next(dest); err == io.EOF {
					break
				} else if err != nil {
					rows.Close()
					return err
				}
				number, ok1 := dest[0].(string)
				owner, ok2 := dest[1].(string)
				head, ok3 := dest[2].([]byte)
				if !ok1 || !ok2 || (!ok3 && dest[2] != nil) {
					rows.Close()
					return fmt.Errorf("unexpected row %T, %T, %T", dest[0], dest[1], dest[2])
				}
				out[number] = eleader.StoredDossier{Owner: owner, Applied: dossier.StoredApplied(head)}
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: dossiers: %w", err)
	}
	return out, nil
}

// rawStmt returns Dossiers' statement for a list of size numbers, on the
// driver connection dc.
func (t *importTx) rawStmt(ctx context.Context, dc any, size int) (driver.Stmt, error) {
	if st, ok := t.raw[size]; ok {
		return st, nil
	}
	pc, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("driver connection %T cannot prepare", dc)
	}
	st, err := pc.PrepareContext(ctx, `SELECT number, owner, substr(view, 1, `+strconv.Itoa(dossier.StoredAppliedBytes)+`) FROM dossiers WHERE number IN (?`+strings.Repeat(", ?", size-1)+`)`)
	if err != nil {
		return nil, err
	}
	if _, ok := st.(driver.StmtQueryContext); !ok {
		st.Close()
		return nil, fmt.Errorf("driver statement %T cannot query", st)
	}
	t.raw[size] = st
	return st, nil
}

// maxInList is the longest list of numbers Dossiers asks about at once.
const maxInList = 512

// Versions returns the highest sub-version of a main dossier.
func (t *importTx) Versions(ctx context.Context, main string) (int, bool, error) {
	var highest, mainExists int
	err := t.QueryRowContext(ctx, `SELECT coalesce(max(version), 0), coalesce(max(version = 0), 0) FROM dossiers WHERE main = ?`, main).Scan(&highest, &mainExists)
	if err != nil {
		return 0, false, fmt.Errorf("sqlite: versions of %s: %w", main, err)
	}
	return highest, mainExists == 1, nil
}

// Create inserts a new dossier.
func (t *importTx) Create(ctx context.Context, v *dossier.View) error {
	data, err := v.MarshalStorage()
	if err != nil {
		return err
	}
	k := v.Keys()
	err = t.exec(ctx, `INSERT INTO dossiers (number, main, version, oper, owner, phase, name_key, birth_name_key, siret, view)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Number.String(), v.Number.Main().String(), v.Number.Version, v.Number.Oper, v.Owner, v.Phase(), k.Name, k.BirthName, k.SIRET, data)
	if err != nil {
		return fmt.Errorf("sqlite: create dossier %s: %w", v.Number, err)
	}
	return nil
}

// dossierColumns are the columns of a new dossier, in the order
// CreateViews binds them.
const dossierColumns = `number, main, version, oper, owner, phase, name_key, birth_name_key, siret, view`

// insertRows is how many dossiers one INSERT of CreateViews writes: a
// multi-row INSERT costs one statement's overhead for them all. A batch's
// remainder uses a statement of fewer rows, prepared once per size.
const insertRows = 32

// CreateViews inserts new dossiers, insertRows per statement.
//
// The INSERTs are OR ROLLBACK: a multi-row INSERT that may abort halfway
// (the default, OR ABORT) makes SQLite copy every page it changes into a
// statement journal first, which cost a first import 2 % of its CPU. A
// failure ends the whole transaction instead, which the contract allows (the
// transaction is then to be rolled back): see createFailed.
func (t *importTx) CreateViews(ctx context.Context, views []eleader.EncodedView) error {
	if t.aborted {
		return errAborted
	}
	if !t.checkedEmpty {
		if err := t.deferSearchIndexes(ctx); err != nil {
			return err
		}
	}
	args := make([]any, 0, 10*min(len(views), insertRows))
	for len(views) > 0 {
		chunk := views[:min(len(views), insertRows)]
		views = views[len(chunk):]
		st, err := t.stmt(ctx, `INSERT OR ROLLBACK INTO dossiers (`+dossierColumns+`) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", len(chunk)), ", "))
		if err != nil {
			return err
		}
		args = args[:0]
		for _, ev := range chunk {
			v := ev.View
			args = append(args, ev.Number, ev.Main, v.Number.Version, v.Number.Oper, v.Owner,
				ev.Phase, ev.Keys.Name, ev.Keys.BirthName, ev.Keys.SIRET, ev.Data)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return t.createFailed(ctx, chunk, err)
		}
	}
	return nil
}

// createFailed handles a failed INSERT OR ROLLBACK of new dossiers: SQLite
// has rolled the transaction back (on a constraint failure). It explains the
// failure (createError), then begins a transaction again at once, within the
// caller's hold of the import's store (eleader holds it around every call),
// so that nothing the import writes before its Rollback is written outside
// a transaction; and marks the transaction aborted, so that every later
// write fails and Commit refuses.
func (t *importTx) createFailed(ctx context.Context, chunk []eleader.EncodedView, err error) error {
	err = t.createError(ctx, chunk, err)
	t.aborted = true
	// "cannot start a transaction within a transaction" when the failure
	// did not end it: nothing to do.
	t.tx.ExecContext(context.WithoutCancel(ctx), `BEGIN IMMEDIATE`)
	return err
}

// errAborted is the error of a write after a failed CreateViews.
var errAborted = errors.New("sqlite: the import's transaction was ended by a failed CreateViews; roll it back")

// createError explains a failed INSERT of new dossiers: an ECONFLICT
// naming a number that exists, or the error itself.
func (t *importTx) createError(ctx context.Context, chunk []eleader.EncodedView, err error) error {
	for _, ev := range chunk {
		if _, found, ferr := t.Owner(ctx, ev.View.Number.String()); ferr == nil && found {
			return eleader.Errorf(eleader.ECONFLICT, "dossier %s already exists", ev.View.Number)
		}
	}
	if isConstraint(err) { // a number this transaction had created, gone with it
		return eleader.Errorf(eleader.ECONFLICT, "a dossier created by the import already exists (%s…): %v", chunk[0].View.Number, err)
	}
	return fmt.Errorf("sqlite: create dossiers %s…: %w", chunk[0].View.Number, err)
}

// SaveViews writes views back, one prepared UPDATE each.
func (t *importTx) SaveViews(ctx context.Context, views []eleader.EncodedView) error {
	st, err := t.stmt(ctx, saveQuery)
	if err != nil {
		return err
	}
	for _, ev := range views {
		if _, err := st.ExecContext(ctx, ev.Data, ev.Phase, ev.Keys.Name, ev.Keys.BirthName, ev.Keys.SIRET, ev.Number); err != nil {
			return fmt.Errorf("sqlite: save dossier %s: %w", ev.View.Number, err)
		}
	}
	return nil
}

const saveQuery = `UPDATE dossiers SET view = ?, phase = ?, name_key = ?, birth_name_key = ?, siret = ? WHERE number = ?`

// View returns a dossier's view within the transaction.
func (t *importTx) View(ctx context.Context, number string) (*dossier.View, error) {
	return loadView(ctx, t, number)
}

// SaveView writes a view back.
func (t *importTx) SaveView(ctx context.Context, v *dossier.View) error {
	data, err := v.MarshalStorage()
	if err != nil {
		return err
	}
	k := v.Keys()
	err = t.exec(ctx, saveQuery, data, v.Phase(), k.Name, k.BirthName, k.SIRET, v.Number.String())
	if err != nil {
		return fmt.Errorf("sqlite: save dossier %s: %w", v.Number, err)
	}
	return nil
}

// AddDisagreements records disagreements once each.
func (t *importTx) AddDisagreements(ctx context.Context, ds []dossier.Disagreement) error {
	for _, d := range ds {
		err := t.exec(ctx, `INSERT OR IGNORE INTO disagreements (`+disagreementColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Number, string(d.Group), d.Key, d.Field,
			d.Kept.Value, d.Kept.Partner, d.Kept.File, dateText(d.Kept.FileDate), d.Kept.Line, dateText(d.Kept.Date),
			d.Other.Value, d.Other.Partner, d.Other.File, dateText(d.Other.FileDate), d.Other.Line, dateText(d.Other.Date))
		if err != nil {
			return fmt.Errorf("sqlite: disagreement on %s: %w", d.Number, err)
		}
	}
	return nil
}

// dateText stores a date as AAAA-MM-JJ, the zero date as "".
func dateText(d matrice.Date) string {
	b, _ := d.MarshalText()
	return string(b)
}

// FindImport returns the latest consolidated import of a file's content.
func (t *importTx) FindImport(ctx context.Context, partner, file, sha string) (eleader.ImportRecord, bool, error) {
	r, err := scanImport(t.QueryRowContext(ctx, `SELECT `+importColumns+` FROM imports
		WHERE partner = ? AND file = ? AND sha256 = ? AND consolidated = 1 ORDER BY id DESC LIMIT 1`, partner, file, sha))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("sqlite: imports: %w", err)
	}
	return r, true, nil
}

// RecordImport appends to the history.
func (t *importTx) RecordImport(ctx context.Context, r *eleader.ImportRecord) error {
	st, err := t.stmt(ctx, `INSERT INTO imports (partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated, started, ended,
		file_errors, qualification)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	res, err := st.ExecContext(ctx, r.Partner, r.File, r.SHA256, string(r.Status), r.Consolidated, r.Lines, r.Accepted, r.Rejected,
		r.Dossiers, r.Created, r.Updated, timeText(r.Started), timeText(r.Ended), eleader.FileErrorsText(r.FileErrors), r.Qualification)
	if err != nil {
		return fmt.Errorf("sqlite: record import: %w", err)
	}
	r.ID, err = res.LastInsertId()
	return err
}

// Commit commits the transaction.
func (t *importTx) Commit() error {
	if t.done {
		return errors.New("sqlite: transaction already ended")
	}
	t.done = true
	t.closeStmts()
	defer t.conn.Close()
	if t.aborted {
		t.tx.Rollback()
		return errAborted
	}
	for _, def := range t.deferred {
		if _, err := t.tx.Exec(def); err != nil {
			t.tx.Rollback()
			return fmt.Errorf("sqlite: build index: %w", err)
		}
	}
	return t.tx.Commit()
}

// Rollback rolls the transaction back; after Commit it does nothing.
func (t *importTx) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	t.closeStmts()
	defer t.conn.Close()
	err := t.tx.Rollback()
	if t.aborted {
		return nil // no transaction, if createFailed could not begin one: nothing to undo
	}
	return err
}

func (t *importTx) closeStmts() {
	for _, st := range t.stmts {
		st.Close()
	}
	clear(t.stmts)
	if len(t.raw) > 0 {
		t.conn.Raw(func(any) error { // the driver connection's lock, as database/sql takes it
			for _, st := range t.raw {
				st.Close()
			}
			return nil
		})
		clear(t.raw)
	}
}
