-- Issue 15.
--
-- Items merge field by field: a disagreement on an item's field names the
-- item, by its group and key ('' for a DOSSIER field), which the primary key
-- now holds. The key is made of values: bytea, as values are.
ALTER TABLE disagreements
	ADD COLUMN item_group text COLLATE "C" NOT NULL DEFAULT '',
	ADD COLUMN item_key   bytea NOT NULL DEFAULT '\x'::bytea;
ALTER TABLE disagreements DROP CONSTRAINT disagreements_pkey;
ALTER TABLE disagreements ADD PRIMARY KEY
	(number, item_group, item_key, field, kept_partner, kept_file, kept_line, other_partner, other_file, other_line);

-- Why a file was not consolidated: its file errors, as JSON
-- ([{"code","message"}]), '' when none; whether it was a qualification's.
ALTER TABLE imports ADD COLUMN file_errors text NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN qualification boolean NOT NULL DEFAULT false;

-- Every search of dossier numbers: who, when, how (channel), which kind, how
-- many dossiers it found, and a keyed hash (HMAC-SHA256 with the store's
-- search secret) of what was searched, never the identity itself. The
-- rate limit counts a partner's searches of the last hour here, so that it
-- holds across instances.
CREATE TABLE searches (
	id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at       bigint  NOT NULL,
	partner  text COLLATE "C" NOT NULL, -- '' for E#L's own (the CLI)
	by_who   text    NOT NULL,
	channel  text    NOT NULL,
	kind     text    NOT NULL,
	results  integer NOT NULL,
	hash     text    NOT NULL
);
CREATE INDEX searches_partner_at ON searches (partner, at);
CREATE INDEX searches_at ON searches (at);

-- The store's secrets, drawn once: the search key of the hashes above.
CREATE TABLE secrets (
	name  text PRIMARY KEY,
	value bytea NOT NULL
);
