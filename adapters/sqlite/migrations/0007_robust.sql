-- Issue 15.
--
-- Items merge field by field: a disagreement on an item's field names the
-- item, by its group and key ('' for a DOSSIER field), which the primary key
-- now holds (SQLite changes a primary key by copying the table).
CREATE TABLE disagreements_new (
	number           TEXT    NOT NULL,
	item_group       TEXT    NOT NULL DEFAULT '',
	item_key         TEXT    NOT NULL DEFAULT '',
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
	PRIMARY KEY (number, item_group, item_key, field, kept_partner, kept_file, kept_line, other_partner, other_file, other_line)
) WITHOUT ROWID;
INSERT INTO disagreements_new (number, field,
	kept_value, kept_partner, kept_file, kept_file_date, kept_line, kept_date,
	other_value, other_partner, other_file, other_file_date, other_line, other_date)
SELECT number, field,
	kept_value, kept_partner, kept_file, kept_file_date, kept_line, kept_date,
	other_value, other_partner, other_file, other_file_date, other_line, other_date
FROM disagreements;
DROP TABLE disagreements;
ALTER TABLE disagreements_new RENAME TO disagreements;

-- Why a file was not consolidated: its file errors, as JSON
-- ([{"code","message"}]), '' when none; whether it was a qualification's.
ALTER TABLE imports ADD COLUMN file_errors TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN qualification INTEGER NOT NULL DEFAULT 0;

-- Every search of dossier numbers: who, when, how (channel), which kind, how
-- many dossiers it found, and a keyed hash (HMAC-SHA256 with the store's
-- search secret) of what was searched, never the identity itself. The
-- rate limit counts a partner's searches of the last hour here, so that it
-- holds across instances.
CREATE TABLE searches (
	id       INTEGER PRIMARY KEY,
	at       TEXT    NOT NULL,
	partner  TEXT    NOT NULL, -- '' for E#L's own (the CLI)
	by_who   TEXT    NOT NULL,
	channel  TEXT    NOT NULL,
	kind     TEXT    NOT NULL,
	results  INTEGER NOT NULL,
	hash     TEXT    NOT NULL
);
CREATE INDEX searches_partner_at ON searches (partner, at);
CREATE INDEX searches_at ON searches (at);

-- The store's secrets, drawn once: the search key of the hashes above.
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;
