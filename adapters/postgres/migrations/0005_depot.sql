-- Deposit folders that never lose a file, and the SFTP channel (issue 12).
--
-- The runs' ledger gains the events of files no import took: set aside in
-- refuses/ (reported once, by an import's report or a notice), deleted as
-- duplicates, leftovers, withdrawals or by retention.
CREATE TABLE depot_events (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	partner   text COLLATE "C" NOT NULL,
	name      text   NOT NULL,
	dir       text   NOT NULL,
	kept      text   NOT NULL DEFAULT '',
	sha256    text   NOT NULL DEFAULT '',
	size      bigint NOT NULL DEFAULT 0,
	action    text   NOT NULL,
	reason    text   NOT NULL DEFAULT '',
	detail    text   NOT NULL DEFAULT '',
	run_id    bigint NOT NULL DEFAULT 0,
	import_id bigint NOT NULL DEFAULT 0, -- the import whose report named it
	report_id bigint NOT NULL DEFAULT 0, -- the notice that named it
	at        bigint
);
CREATE INDEX depot_events_partner ON depot_events (partner, id);
CREATE INDEX depot_events_unreported ON depot_events (partner, id) WHERE action = 'refused' AND import_id = 0 AND report_id = 0;

-- A superseded file named by a notice rather than by an import's report.
ALTER TABLE run_files ADD COLUMN report_id bigint NOT NULL DEFAULT 0;

-- What each run set aside and deleted as duplicates.
ALTER TABLE runs ADD COLUMN refused integer NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN dropped integer NOT NULL DEFAULT 0;

-- The channel "depot" is now "sftp": in the search column, and in the
-- sheet's JSON (its order kept).
UPDATE partners SET
	channels = replace(channels, ',depot,', ',sftp,'),
	sheet = jsonb_set(sheet::jsonb, '{channels}', (
		SELECT jsonb_agg(CASE WHEN c.v = 'depot' THEN 'sftp' ELSE c.v END ORDER BY c.n)
		FROM jsonb_array_elements_text(sheet::jsonb -> 'channels') WITH ORDINALITY AS c(v, n)))::text
WHERE strpos(channels, ',depot,') > 0;
