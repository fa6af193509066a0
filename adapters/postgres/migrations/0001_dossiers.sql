-- Consolidated dossiers: one row per number, the view in package dossier's
-- storage form, with the columns search and number checks need.
--
-- Times are bigint Unix nanoseconds (NULL for "never"): the contract keeps
-- them to the nanosecond, timestamptz to the microsecond. Keys that are
-- sorted are COLLATE "C", byte order, whatever the database's locale.
-- What a partner's line carries (phase, name keys, SIRET, disagreeing
-- values) is bytea: a valid UTF-8 cell may hold a NUL, which text refuses.
CREATE TABLE dossiers (
	number         text COLLATE "C" PRIMARY KEY,
	main           text COLLATE "C" NOT NULL,
	version        integer NOT NULL,
	oper           text    NOT NULL,
	owner          text    NOT NULL,
	phase          bytea   NOT NULL DEFAULT '',
	name_key       bytea   NOT NULL DEFAULT '',
	birth_name_key bytea   NOT NULL DEFAULT '',
	siret          bytea   NOT NULL DEFAULT '',
	view           bytea   NOT NULL
);
CREATE INDEX dossiers_main ON dossiers (main, version);
CREATE INDEX dossiers_name ON dossiers (name_key) WHERE name_key <> '';
CREATE INDEX dossiers_birth_name ON dossiers (birth_name_key) WHERE birth_name_key <> '';
CREATE INDEX dossiers_siret ON dossiers (siret) WHERE siret <> '';

-- Two partners giving different values to one field: the value kept and the
-- other, with who sent each and when. Recorded once. Dates are AAAA-MM-JJ,
-- '' when the line had none.
CREATE TABLE disagreements (
	number           text COLLATE "C" NOT NULL,
	field            text COLLATE "C" NOT NULL,
	kept_value       bytea   NOT NULL,
	kept_partner     text COLLATE "C" NOT NULL,
	kept_file        text COLLATE "C" NOT NULL,
	kept_file_date   text    NOT NULL,
	kept_line        integer NOT NULL,
	kept_date        text COLLATE "C" NOT NULL,
	other_value      bytea   NOT NULL,
	other_partner    text COLLATE "C" NOT NULL,
	other_file       text COLLATE "C" NOT NULL,
	other_file_date  text    NOT NULL,
	other_line       integer NOT NULL,
	other_date       text    NOT NULL,
	PRIMARY KEY (number, field, kept_partner, kept_file, kept_line, other_partner, other_file, other_line)
);

-- The import history.
CREATE TABLE imports (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	partner      text    NOT NULL,
	file         text    NOT NULL,
	sha256       text    NOT NULL,
	status       text    NOT NULL,
	consolidated boolean NOT NULL,
	lines        integer NOT NULL,
	accepted     integer NOT NULL,
	rejected     integer NOT NULL,
	dossiers     integer NOT NULL,
	created      integer NOT NULL,
	updated      integer NOT NULL,
	started      bigint,
	ended        bigint
);
CREATE INDEX imports_file ON imports (partner, file, sha256);
