-- Consolidated dossiers: one row per number, the view in package dossier's
-- storage form, with the columns search and number checks need.
CREATE TABLE dossiers (
	number         TEXT PRIMARY KEY,
	main           TEXT    NOT NULL,
	version        INTEGER NOT NULL,
	oper           TEXT    NOT NULL,
	owner          TEXT    NOT NULL,
	phase          TEXT    NOT NULL DEFAULT '',
	name_key       TEXT    NOT NULL DEFAULT '',
	birth_name_key TEXT    NOT NULL DEFAULT '',
	siret          TEXT    NOT NULL DEFAULT '',
	view           BLOB    NOT NULL
);
CREATE INDEX dossiers_main ON dossiers (main, version);
CREATE INDEX dossiers_name ON dossiers (name_key) WHERE name_key <> '';
CREATE INDEX dossiers_birth_name ON dossiers (birth_name_key) WHERE birth_name_key <> '';
CREATE INDEX dossiers_siret ON dossiers (siret) WHERE siret <> '';

-- Two partners giving different values to one field: the value kept and the
-- other, with who sent each and when. Recorded once.
CREATE TABLE disagreements (
	number           TEXT    NOT NULL,
	field            TEXT    NOT NULL,
	kept_value       TEXT    NOT NULL,
	kept_partner     TEXT    NOT NULL,
	kept_file        TEXT    NOT NULL,
	kept_file_date   TEXT    NOT NULL,
	kept_line        INTEGER NOT NULL,
	kept_date        TEXT    NOT NULL,
	other_value      TEXT    NOT NULL,
	other_partner    TEXT    NOT NULL,
	other_file       TEXT    NOT NULL,
	other_file_date  TEXT    NOT NULL,
	other_line       INTEGER NOT NULL,
	other_date       TEXT    NOT NULL,
	PRIMARY KEY (number, field, kept_partner, kept_file, kept_line, other_partner, other_file, other_line)
) WITHOUT ROWID;

-- The import history.
CREATE TABLE imports (
	id           INTEGER PRIMARY KEY,
	partner      TEXT    NOT NULL,
	file         TEXT    NOT NULL,
	sha256       TEXT    NOT NULL,
	status       TEXT    NOT NULL,
	consolidated INTEGER NOT NULL,
	lines        INTEGER NOT NULL,
	accepted     INTEGER NOT NULL,
	rejected     INTEGER NOT NULL,
	dossiers     INTEGER NOT NULL,
	created      INTEGER NOT NULL,
	updated      INTEGER NOT NULL,
	started      TEXT    NOT NULL,
	ended        TEXT    NOT NULL
);
CREATE INDEX imports_file ON imports (partner, file, sha256);
