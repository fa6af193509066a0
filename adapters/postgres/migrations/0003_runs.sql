-- Import runs, the ledger of the files they handled (what makes runs
-- exactly-once), the locks that keep two processes off one partner, and the
-- reports, written with their import and delivered by the outbox.
CREATE TABLE runs (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	trigger    text    NOT NULL,
	started    bigint,
	ended      bigint,
	outcome    text    NOT NULL DEFAULT '',
	partners   integer NOT NULL DEFAULT 0,
	imported   integer NOT NULL DEFAULT 0,
	superseded integer NOT NULL DEFAULT 0,
	busy       integer NOT NULL DEFAULT 0,
	failed     integer NOT NULL DEFAULT 0,
	lines      integer NOT NULL DEFAULT 0,
	accepted   integer NOT NULL DEFAULT 0,
	rejected   integer NOT NULL DEFAULT 0
);
CREATE INDEX runs_trigger ON runs (trigger, id);
CREATE INDEX runs_open ON runs (started) WHERE ended IS NULL;

CREATE TABLE run_files (
	partner   text COLLATE "C" NOT NULL,
	name      text COLLATE "C" NOT NULL,
	sha256    text   NOT NULL,
	state     text   NOT NULL,
	run_id    bigint NOT NULL,
	import_id bigint NOT NULL,
	at        bigint,
	PRIMARY KEY (partner, name)
);

CREATE TABLE locks (
	name   text    PRIMARY KEY,
	holder text    NOT NULL,
	host   text    NOT NULL,
	pid    integer NOT NULL,
	until  bigint  NOT NULL
);

CREATE TABLE reports (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	partner      text    NOT NULL,
	file         text    NOT NULL,
	import_id    bigint  NOT NULL,
	run_id       bigint  NOT NULL,
	body         text    NOT NULL, -- the report as JSON, rejects aside
	rejects      bytea,
	created      bigint,
	purged       bigint,
	-- the outbox; a NULL next_attempt is due at once
	state        text    NOT NULL DEFAULT 'pending',
	attempts     integer NOT NULL DEFAULT 0,
	next_attempt bigint,
	sent         bigint,
	message_id   text    NOT NULL DEFAULT '',
	last_error   text    NOT NULL DEFAULT ''
);
CREATE INDEX reports_partner ON reports (partner, id);
CREATE INDEX reports_outbox ON reports (state, next_attempt);
