-- Partners and their connection sheets (the sheet as JSON, with the columns
-- searches need), the operator codes no two partners share, the history of
-- each sheet, and the partners' tokens, stored hashed.
CREATE TABLE partners (
	id           TEXT    PRIMARY KEY,
	status       TEXT    NOT NULL,
	environment  TEXT    NOT NULL,
	channels     TEXT    NOT NULL, -- ",api,web,"
	sheet        TEXT    NOT NULL,
	qualified_at TEXT    NOT NULL DEFAULT '',
	created      TEXT    NOT NULL,
	updated      TEXT    NOT NULL,
	version      INTEGER NOT NULL
);

CREATE TABLE partner_operators (
	code    TEXT PRIMARY KEY,
	partner TEXT NOT NULL REFERENCES partners (id)
);
CREATE INDEX partner_operators_partner ON partner_operators (partner);

CREATE TABLE partner_history (
	id          INTEGER PRIMARY KEY,
	partner     TEXT NOT NULL REFERENCES partners (id),
	at          TEXT NOT NULL,
	by          TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	comment     TEXT NOT NULL
);
CREATE INDEX partner_history_partner ON partner_history (partner, id);

CREATE TABLE tokens (
	id      TEXT PRIMARY KEY,
	partner TEXT NOT NULL REFERENCES partners (id),
	hash    BLOB NOT NULL,
	issued  TEXT NOT NULL,
	revoked TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tokens_partner ON tokens (partner, issued);
