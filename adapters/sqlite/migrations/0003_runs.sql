-- Import runs, the ledger of the files they handled (what makes runs
-- exactly-once), the locks that keep two processes off one partner, and the
-- reports, written with their import and delivered by the outbox.
CREATE TABLE runs (
	id         INTEGER PRIMARY KEY,
	trigger    TEXT    NOT NULL,
	started    TEXT    NOT NULL,
	ended      TEXT    NOT NULL DEFAULT '',
	outcome    TEXT    NOT NULL DEFAULT '',
	partners   INTEGER NOT NULL DEFAULT 0,
	imported   INTEGER NOT NULL DEFAULT 0,
	superseded INTEGER NOT NULL DEFAULT 0,
	busy       INTEGER NOT NULL DEFAULT 0,
	failed     INTEGER NOT NULL DEFAULT 0,
	lines      INTEGER NOT NULL DEFAULT 0,
	accepted   INTEGER NOT NULL DEFAULT 0,
	rejected   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_trigger ON runs (trigger, id);

CREATE TABLE run_files (
	partner   TEXT    NOT NULL,
	name      TEXT    NOT NULL,
	sha256    TEXT    NOT NULL,
	state     TEXT    NOT NULL,
	run_id    INTEGER NOT NULL,
	import_id INTEGER NOT NULL,
	at        TEXT    NOT NULL,
	PRIMARY KEY (partner, name)
) WITHOUT ROWID;

CREATE TABLE locks (
	name   TEXT    PRIMARY KEY,
	holder TEXT    NOT NULL,
	host   TEXT    NOT NULL,
	pid    INTEGER NOT NULL,
	until  TEXT    NOT NULL
) WITHOUT ROWID;

CREATE TABLE reports (
	id           INTEGER PRIMARY KEY,
	partner      TEXT    NOT NULL,
	file         TEXT    NOT NULL,
	import_id    INTEGER NOT NULL,
	run_id       INTEGER NOT NULL,
	body         TEXT    NOT NULL, -- the report as JSON, rejects aside
	rejects      BLOB,
	created      TEXT    NOT NULL,
	purged       TEXT    NOT NULL DEFAULT '',
	-- the outbox
	state        TEXT    NOT NULL DEFAULT 'pending',
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt TEXT    NOT NULL DEFAULT '',
	sent         TEXT    NOT NULL DEFAULT '',
	message_id   TEXT    NOT NULL DEFAULT '',
	last_error   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX reports_partner ON reports (partner, id);
CREATE INDEX reports_outbox ON reports (state, next_attempt);
