-- Partners and their connection sheets (the sheet as JSON text, kept byte
-- for byte, with the columns searches need), the operator codes no two
-- partners share, the history of each sheet, and the partners' tokens,
-- stored hashed.
CREATE TABLE partners (
	id           text COLLATE "C" PRIMARY KEY,
	status       text    NOT NULL,
	environment  text    NOT NULL,
	channels     text    NOT NULL, -- ',api,web,'
	sheet        text    NOT NULL,
	qualified_at bigint,
	created      bigint,
	updated      bigint,
	version      bigint  NOT NULL
);

CREATE TABLE partner_operators (
	code    text PRIMARY KEY,
	partner text NOT NULL REFERENCES partners (id)
);
CREATE INDEX partner_operators_partner ON partner_operators (partner);

-- actor is SQLite's "by", a reserved word here.
CREATE TABLE partner_history (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	partner     text NOT NULL REFERENCES partners (id),
	at          bigint,
	actor       text NOT NULL,
	from_status text NOT NULL,
	to_status   text NOT NULL,
	comment     text NOT NULL
);
CREATE INDEX partner_history_partner ON partner_history (partner, id);

-- seq orders a partner's tokens as they were issued (SQLite's rowid).
CREATE TABLE tokens (
	id      text PRIMARY KEY,
	seq     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
	partner text NOT NULL REFERENCES partners (id),
	hash    bytea NOT NULL,
	issued  bigint,
	revoked bigint
);
CREATE INDEX tokens_partner ON tokens (partner, seq);
