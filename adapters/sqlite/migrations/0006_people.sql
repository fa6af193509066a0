-- The portal and the console (issue 14): the people who sign in, their
-- rights per partner, the one-time sign-in links and the web sessions (only
-- the SHA-256 of their secrets), the actions recorded with who did them,
-- and, on each partner, a token waiting to be revealed in the portal.
ALTER TABLE partners ADD COLUMN reveal_since TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN reveal_by    TEXT NOT NULL DEFAULT '';

CREATE TABLE people (
	email    TEXT    PRIMARY KEY,
	operator INTEGER NOT NULL DEFAULT 0,
	created  TEXT    NOT NULL,
	updated  TEXT    NOT NULL,
	version  INTEGER NOT NULL
);

-- access is the right: consultation or modification ("right" is a keyword).
-- The partner need not exist: a person may create its sheet.
CREATE TABLE person_rights (
	email   TEXT NOT NULL REFERENCES people (email),
	partner TEXT NOT NULL,
	access  TEXT NOT NULL,
	PRIMARY KEY (email, partner)
);
CREATE INDEX person_rights_partner ON person_rights (partner);

CREATE TABLE login_links (
	id      TEXT PRIMARY KEY,
	email   TEXT NOT NULL,
	hash    BLOB NOT NULL,
	next    TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL,
	expires TEXT NOT NULL,
	used    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_links_email ON login_links (email, created);

CREATE TABLE sessions (
	id       TEXT PRIMARY KEY,
	hash     BLOB NOT NULL,
	email    TEXT NOT NULL DEFAULT '',
	partner  TEXT NOT NULL DEFAULT '',
	token_id TEXT NOT NULL DEFAULT '',
	created  TEXT NOT NULL,
	expires  TEXT NOT NULL
);
CREATE INDEX sessions_email ON sessions (email);
CREATE INDEX sessions_partner ON sessions (partner);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE actions (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	by      TEXT NOT NULL,
	action  TEXT NOT NULL,
	partner TEXT NOT NULL DEFAULT '',
	person  TEXT NOT NULL DEFAULT '',
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_partner ON actions (partner, id);
CREATE INDEX actions_person ON actions (person, id);
