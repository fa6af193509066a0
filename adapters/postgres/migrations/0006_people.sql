-- The portal and the console (issue 14): the people who sign in, their
-- rights per partner, the one-time sign-in links and the web sessions (only
-- the SHA-256 of their secrets), the actions recorded with who did them,
-- and, on each partner, a token waiting to be revealed in the portal.
ALTER TABLE partners ADD COLUMN reveal_since bigint;
ALTER TABLE partners ADD COLUMN reveal_by    text NOT NULL DEFAULT '';

CREATE TABLE people (
	email    text COLLATE "C" PRIMARY KEY,
	operator boolean NOT NULL DEFAULT false,
	created  bigint,
	updated  bigint,
	version  bigint  NOT NULL
);

-- access is the right: consultation or modification. The partner need not
-- exist: a person may create its sheet.
CREATE TABLE person_rights (
	email   text COLLATE "C" NOT NULL REFERENCES people (email),
	partner text COLLATE "C" NOT NULL,
	access  text NOT NULL,
	PRIMARY KEY (email, partner)
);
CREATE INDEX person_rights_partner ON person_rights (partner);

CREATE TABLE login_links (
	id      text PRIMARY KEY,
	email   text COLLATE "C" NOT NULL,
	hash    bytea NOT NULL,
	next    text NOT NULL DEFAULT '',
	created bigint NOT NULL,
	expires bigint NOT NULL,
	used    bigint
);
CREATE INDEX login_links_email ON login_links (email, created);

CREATE TABLE sessions (
	id       text PRIMARY KEY,
	hash     bytea NOT NULL,
	email    text COLLATE "C" NOT NULL DEFAULT '',
	partner  text COLLATE "C" NOT NULL DEFAULT '',
	token_id text NOT NULL DEFAULT '',
	created  bigint NOT NULL,
	expires  bigint NOT NULL
);
CREATE INDEX sessions_email ON sessions (email);
CREATE INDEX sessions_partner ON sessions (partner);
CREATE INDEX sessions_expires ON sessions (expires);

-- actor is SQLite's "by", a reserved word here.
CREATE TABLE actions (
	id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at      bigint,
	actor   text NOT NULL,
	action  text NOT NULL,
	partner text COLLATE "C" NOT NULL DEFAULT '',
	person  text COLLATE "C" NOT NULL DEFAULT '',
	detail  text NOT NULL DEFAULT ''
);
CREATE INDEX actions_partner ON actions (partner, id);
CREATE INDEX actions_person ON actions (person, id);
