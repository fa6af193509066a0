package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// View returns a dossier's consolidated view; ENOTFOUND when there is none,
// EINVALID for a malformed number.
func (s *Store) View(ctx context.Context, number string) (*dossier.View, error) {
	return loadView(ctx, s.pool, number)
}

func loadView(ctx context.Context, q querier, number string) (*dossier.View, error) {
	n, err := dossier.ParseNumber(number)
	if err != nil {
		return nil, eleader.Errorf(eleader.EINVALID, "%v", err)
	}
	var data []byte
	err = q.QueryRow(ctx, `SELECT view FROM dossiers WHERE number = $1`, number).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, eleader.Errorf(eleader.ENOTFOUND, "no dossier %s", number)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: dossier %s: %w", number, err)
	}
	return dossier.UnmarshalStorage(n, data)
}

// key returns a search key as a query argument: NULL, which matches
// nothing, when it is empty.
func key(s string) any {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// Search returns the dossiers of every main dossier matching the name key
// (usage or birth surname) or the SIRET, ordered by number.
func (s *Store) Search(ctx context.Context, nameKey, siret string) ([]dossier.Match, error) {
	// Each arm repeats its partial index's predicate, so that a generic
	// plan can use the index too.
	rows, err := s.pool.Query(ctx, `
		SELECT number, main, version, oper, owner, phase FROM dossiers
		WHERE main IN (
			SELECT main FROM dossiers WHERE name_key = $1 AND name_key <> ''
			UNION SELECT main FROM dossiers WHERE birth_name_key = $1 AND birth_name_key <> ''
			UNION SELECT main FROM dossiers WHERE siret = $2 AND siret <> '')
		ORDER BY main, version`, key(nameKey), key(siret))
	if err != nil {
		return nil, fmt.Errorf("postgres: search: %w", err)
	}
	defer rows.Close()
	var out []dossier.Match
	for rows.Next() {
		var m dossier.Match
		var phase []byte
		if err := rows.Scan(&m.Number, &m.Main, &m.Version, &m.Oper, &m.Partner, &phase); err != nil {
			return nil, fmt.Errorf("postgres: search: %w", err)
		}
		m.Phase = string(phase)
		out = append(out, m)
	}
	return out, rows.Err()
}

const disagreementColumns = `number, item_group, item_key, field,
	kept_value, kept_partner, kept_file, kept_file_date, kept_line, kept_date,
	other_value, other_partner, other_file, other_file_date, other_line, other_date`

// Disagreements returns the disagreements of a dossier, or of all when
// number is "".
func (s *Store) Disagreements(ctx context.Context, number string) ([]dossier.Disagreement, error) {
	query, args := `SELECT `+disagreementColumns+` FROM disagreements`, []any{}
	if number != "" {
		query, args = query+` WHERE number = $1`, append(args, number)
	}
	rows, err := s.pool.Query(ctx, query+
		` ORDER BY number, item_group, item_key, field, kept_date, kept_partner, kept_file, kept_line, other_partner, other_file, other_line`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: disagreements: %w", err)
	}
	defer rows.Close()
	var out []dossier.Disagreement
	for rows.Next() {
		var d dossier.Disagreement
		var kv, ov, key []byte
		var kfd, kd, ofd, od, group string
		if err := rows.Scan(&d.Number, &group, &key, &d.Field,
			&kv, &d.Kept.Partner, &d.Kept.File, &kfd, &d.Kept.Line, &kd,
			&ov, &d.Other.Partner, &d.Other.File, &ofd, &d.Other.Line, &od); err != nil {
			return nil, fmt.Errorf("postgres: disagreements: %w", err)
		}
		d.Kept.Value, d.Other.Value = string(kv), string(ov)
		d.Group, d.Key = matrice.Group(group), string(key)
		for _, p := range []struct {
			dst *matrice.Date
			src string
		}{{&d.Kept.FileDate, kfd}, {&d.Kept.Date, kd}, {&d.Other.FileDate, ofd}, {&d.Other.Date, od}} {
			if err := p.dst.UnmarshalText([]byte(p.src)); err != nil {
				return nil, fmt.Errorf("postgres: disagreement on %s: %w", d.Number, err)
			}
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// dateText stores a date as AAAA-MM-JJ, the zero date as "".
func dateText(d matrice.Date) string {
	b, _ := d.MarshalText()
	return string(b)
}

const importColumns = `id, partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated, started, ended,
	file_errors, qualification`

func scanImport(row pgx.Row) (eleader.ImportRecord, error) {
	var r eleader.ImportRecord
	var status, fileErrors string
	err := row.Scan(&r.ID, &r.Partner, &r.File, &r.SHA256, &status, &r.Consolidated, &r.Lines, &r.Accepted, &r.Rejected,
		&r.Dossiers, &r.Created, &r.Updated, at(&r.Started), at(&r.Ended), &fileErrors, &r.Qualification)
	r.Status = importer.Status(status)
	if err != nil {
		return r, err
	}
	r.FileErrors, err = eleader.ParseFileErrors(r.File, fileErrors)
	return r, err
}

// Import returns one entry of the import history.
func (s *Store) Import(ctx context.Context, id int64) (eleader.ImportRecord, error) {
	r, err := scanImport(s.pool.QueryRow(ctx, `SELECT `+importColumns+` FROM imports WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, eleader.Errorf(eleader.ENOTFOUND, "no import #%d", id)
	}
	if err != nil {
		return r, fmt.Errorf("postgres: import %d: %w", id, err)
	}
	return r, nil
}

// Imports returns the import history, most recent first, of one partner or
// of all when partner is "".
func (s *Store) Imports(ctx context.Context, partner string) ([]eleader.ImportRecord, error) {
	query, args := `SELECT `+importColumns+` FROM imports`, []any{}
	if partner != "" {
		query, args = query+` WHERE partner = $1`, append(args, partner)
	}
	rows, err := s.pool.Query(ctx, query+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: imports: %w", err)
	}
	defer rows.Close()
	var out []eleader.ImportRecord
	for rows.Next() {
		r, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: imports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// BeginImport starts an import's transaction, once every other import on
// the database (from this process or another) has ended: see the package
// documentation. It waits as long as ctx lets it.
func (s *Store) BeginImport(ctx context.Context) (eleader.ImportTx, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return nil, fmt.Errorf("postgres: begin: %w", err)
	}
	// The lock comes first: every statement after it sees the imports
	// committed before it (READ COMMITTED). The overlay of an import and
	// its sub-version numbers rely on no other import writing meanwhile.
	query, args := `SELECT pg_advisory_xact_lock($1)`, []any{s.importKey}
	if s.IdleTimeout > 0 {
		query = `SELECT set_config('idle_in_transaction_session_timeout', $2, true), pg_advisory_xact_lock($1)`
		args = append(args, strconv.FormatInt(s.IdleTimeout.Milliseconds(), 10))
	}
	if _, err := tx.Exec(ctx, query, args...); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("postgres: wait for the other imports: %w", err)
	}
	return &importTx{tx: tx}, nil
}

// importTx is one import's transaction.
type importTx struct {
	tx     pgx.Tx
	done   bool
	staged bool // the staging table exists
}

// Empty reports whether the store holds no dossier.
func (t *importTx) Empty(ctx context.Context) (bool, error) {
	var empty bool
	if err := t.tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM dossiers)`).Scan(&empty); err != nil {
		return false, fmt.Errorf("postgres: dossiers: %w", err)
	}
	return empty, nil
}

// Owner returns the partner that created a dossier.
func (t *importTx) Owner(ctx context.Context, number string) (string, bool, error) {
	var owner string
	err := t.tx.QueryRow(ctx, `SELECT owner FROM dossiers WHERE number = $1`, number).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("postgres: dossier %s: %w", number, err)
	}
	return owner, true, nil
}

// Dossiers returns the owner and the view's Applied of each of numbers that
// exists, in one round trip, reading only the start of each view, where its
// Applied is (dossier.StoredApplied).
func (t *importTx) Dossiers(ctx context.Context, numbers []string) (map[string]eleader.StoredDossier, error) {
	out := make(map[string]eleader.StoredDossier, len(numbers))
	if len(numbers) == 0 {
		return out, nil
	}
	rows, err := t.tx.Query(ctx, `SELECT number, owner, substring(view from 1 for `+strconv.Itoa(dossier.StoredAppliedBytes)+`) FROM dossiers WHERE number = ANY($1)`, numbers)
	if err != nil {
		return nil, fmt.Errorf("postgres: dossiers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var number, owner string
		var head []byte
		if err := rows.Scan(&number, &owner, &head); err != nil {
			return nil, fmt.Errorf("postgres: dossiers: %w", err)
		}
		out[number] = eleader.StoredDossier{Owner: owner, Applied: dossier.StoredApplied(head)}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: dossiers: %w", err)
	}
	return out, nil
}

// Versions returns the highest sub-version of a main dossier, and whether
// the main dossier itself exists.
func (t *importTx) Versions(ctx context.Context, main string) (int, bool, error) {
	var highest int
	var mainExists bool
	err := t.tx.QueryRow(ctx, `SELECT coalesce(max(version), 0), coalesce(bool_or(version = 0), false) FROM dossiers WHERE main = $1`, main).
		Scan(&highest, &mainExists)
	if err != nil {
		return 0, false, fmt.Errorf("postgres: versions of %s: %w", main, err)
	}
	return highest, mainExists, nil
}

// Create inserts a new dossier with its view. A number that exists is an
// ECONFLICT, and leaves the transaction usable.
func (t *importTx) Create(ctx context.Context, v *dossier.View) error {
	data, err := v.MarshalStorage()
	if err != nil {
		return err
	}
	k := v.Keys()
	tag, err := t.tx.Exec(ctx, `INSERT INTO dossiers (number, main, version, oper, owner, phase, name_key, birth_name_key, siret, view)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (number) DO NOTHING`,
		v.Number.String(), v.Number.Main().String(), v.Number.Version, v.Number.Oper, v.Owner,
		[]byte(v.Phase()), []byte(k.Name), []byte(k.BirthName), []byte(k.SIRET), data)
	if err != nil {
		return fmt.Errorf("postgres: create dossier %s: %w", v.Number, err)
	}
	if tag.RowsAffected() == 0 {
		return eleader.Errorf(eleader.ECONFLICT, "dossier %s already exists", v.Number)
	}
	return nil
}

// The import writes the dossiers it creates and changes in batches
// (eleader.ImportTx.CreateViews and SaveViews): each is copied into a
// temporary staging table with the COPY protocol, then inserted or
// updated by one statement, inside the import's transaction. The staging
// table lives in the session (pg_temp), is created by the first batch of a
// transaction that needs it, and is emptied after each batch and at commit.

// stagingColumns are the staging table's columns, a new dossier's.
var stagingColumns = []string{"number", "main", "version", "oper", "owner", "phase", "name_key", "birth_name_key", "siret", "view"}

// columnList is stagingColumns in SQL.
const columnList = `number, main, version, oper, owner, phase, name_key, birth_name_key, siret, view`

// stage copies views into the staging table.
func (t *importTx) stage(ctx context.Context, views []eleader.EncodedView) error {
	if !t.staged {
		_, err := t.tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS eleader_staging (
			number text COLLATE "C", main text COLLATE "C", version integer, oper text, owner text,
			phase bytea, name_key bytea, birth_name_key bytea, siret bytea, view bytea) ON COMMIT DELETE ROWS`)
		if err != nil {
			return fmt.Errorf("postgres: staging table: %w", err)
		}
		t.staged = true
	}
	if err := t.copyViews(ctx, pgx.Identifier{"pg_temp", "eleader_staging"}, views); err != nil {
		return fmt.Errorf("postgres: copy %d dossiers: %w", len(views), err)
	}
	return nil
}

// copyViews copies views into table, whose columns are a dossier's.
func (t *importTx) copyViews(ctx context.Context, table pgx.Identifier, views []eleader.EncodedView) error {
	rows := make([]any, 0, len(stagingColumns))
	n, err := t.tx.CopyFrom(ctx, table, stagingColumns,
		pgx.CopyFromSlice(len(views), func(i int) ([]any, error) {
			ev := views[i]
			v := ev.View
			rows = append(rows[:0], ev.Number, ev.Main, v.Number.Version, v.Number.Oper, v.Owner,
				[]byte(ev.Phase), []byte(ev.Keys.Name), []byte(ev.Keys.BirthName), []byte(ev.Keys.SIRET), ev.Data)
			return rows, nil
		}))
	if err == nil && int(n) != len(views) {
		err = fmt.Errorf("copied %d dossiers of %d", n, len(views))
	}
	return err
}

// CreateViews inserts new dossiers from the staging table. A number that
// exists violates the key of dossiers: an ECONFLICT (the transaction is
// then aborted).
func (t *importTx) CreateViews(ctx context.Context, views []eleader.EncodedView) error {
	if len(views) == 0 {
		return nil
	}
	if err := t.stage(ctx, views); err != nil {
		return err
	}
	_, err := t.tx.Exec(ctx, `INSERT INTO dossiers (`+columnList+`) SELECT `+columnList+` FROM pg_temp.eleader_staging;
		TRUNCATE pg_temp.eleader_staging`)
	if isUnique(err) {
		var pe *pgconn.PgError
		errors.As(err, &pe)
		return eleader.Errorf(eleader.ECONFLICT, "a dossier created by the import already exists (%s)", pe.Detail)
	}
	if err != nil {
		return fmt.Errorf("postgres: create %d dossiers: %w", len(views), err)
	}
	return nil
}

// SaveViews writes views back from the staging table, in one UPDATE.
func (t *importTx) SaveViews(ctx context.Context, views []eleader.EncodedView) error {
	if len(views) == 0 {
		return nil
	}
	if err := t.stage(ctx, views); err != nil {
		return err
	}
	_, err := t.tx.Exec(ctx, `UPDATE dossiers d SET view = s.view, phase = s.phase, name_key = s.name_key,
			birth_name_key = s.birth_name_key, siret = s.siret
		FROM pg_temp.eleader_staging s WHERE d.number = s.number;
		TRUNCATE pg_temp.eleader_staging`)
	if err != nil {
		return fmt.Errorf("postgres: save %d dossiers: %w", len(views), err)
	}
	return nil
}

// View returns a dossier's view within the transaction.
func (t *importTx) View(ctx context.Context, number string) (*dossier.View, error) {
	return loadView(ctx, t.tx, number)
}

// SaveView writes a view back, with its phase and search keys.
func (t *importTx) SaveView(ctx context.Context, v *dossier.View) error {
	data, err := v.MarshalStorage()
	if err != nil {
		return err
	}
	k := v.Keys()
	_, err = t.tx.Exec(ctx, `UPDATE dossiers SET view = $1, phase = $2, name_key = $3, birth_name_key = $4, siret = $5 WHERE number = $6`,
		data, []byte(v.Phase()), []byte(k.Name), []byte(k.BirthName), []byte(k.SIRET), v.Number.String())
	if err != nil {
		return fmt.Errorf("postgres: save dossier %s: %w", v.Number, err)
	}
	return nil
}

// AddDisagreements records disagreements once each, in one round trip.
func (t *importTx) AddDisagreements(ctx context.Context, ds []dossier.Disagreement) error {
	if len(ds) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, d := range ds {
		b.Queue(`INSERT INTO disagreements (`+disagreementColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING`,
			d.Number, string(d.Group), []byte(d.Key), d.Field,
			[]byte(d.Kept.Value), d.Kept.Partner, d.Kept.File, dateText(d.Kept.FileDate), d.Kept.Line, dateText(d.Kept.Date),
			[]byte(d.Other.Value), d.Other.Partner, d.Other.File, dateText(d.Other.FileDate), d.Other.Line, dateText(d.Other.Date))
	}
	if err := t.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: disagreement on %s: %w", ds[0].Number, err)
	}
	return nil
}

// FindImport returns the latest consolidated import of a file's content.
func (t *importTx) FindImport(ctx context.Context, partner, file, sha string) (eleader.ImportRecord, bool, error) {
	r, err := scanImport(t.tx.QueryRow(ctx, `SELECT `+importColumns+` FROM imports
		WHERE partner = $1 AND file = $2 AND sha256 = $3 AND consolidated ORDER BY id DESC LIMIT 1`, partner, file, sha))
	if errors.Is(err, pgx.ErrNoRows) {
		return eleader.ImportRecord{}, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("postgres: imports: %w", err)
	}
	return r, true, nil
}

// RecordImport appends to the history and sets r.ID.
func (t *importTx) RecordImport(ctx context.Context, r *eleader.ImportRecord) error {
	times, err := nanosAll(r.Started, r.Ended)
	if err != nil {
		return err
	}
	err = t.tx.QueryRow(ctx, `INSERT INTO imports (partner, file, sha256, status, consolidated, lines, accepted, rejected, dossiers, created, updated, started, ended,
			file_errors, qualification)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		r.Partner, r.File, r.SHA256, string(r.Status), r.Consolidated, r.Lines, r.Accepted, r.Rejected,
		r.Dossiers, r.Created, r.Updated, times[0], times[1], eleader.FileErrorsText(r.FileErrors), r.Qualification).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("postgres: record import: %w", err)
	}
	return nil
}

// Commit commits the transaction, releasing the import lock.
func (t *importTx) Commit() error {
	if t.done {
		return errors.New("postgres: transaction already ended")
	}
	t.done = true
	if err := t.tx.Commit(context.Background()); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// Rollback rolls the transaction back; after Commit it does nothing.
func (t *importTx) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	return t.tx.Rollback(context.Background())
}
