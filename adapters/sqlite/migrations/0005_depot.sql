-- Deposit folders that never lose a file, and the SFTP channel (issue 12).
--
-- The runs' ledger gains the events of files no import took: set aside in
-- refuses/ (reported once, by an import's report or a notice), deleted as
-- duplicates, leftovers, withdrawals or by retention.
CREATE TABLE depot_events (
	id        INTEGER PRIMARY KEY,
	partner   TEXT    NOT NULL,
	name      TEXT    NOT NULL,
	dir       TEXT    NOT NULL,
	kept      TEXT    NOT NULL DEFAULT '',
	sha256    TEXT    NOT NULL DEFAULT '',
	size      INTEGER NOT NULL DEFAULT 0,
	action    TEXT    NOT NULL,
	reason    TEXT    NOT NULL DEFAULT '',
	detail    TEXT    NOT NULL DEFAULT '',
	run_id    INTEGER NOT NULL DEFAULT 0,
	import_id INTEGER NOT NULL DEFAULT 0, -- the import whose report named it
	report_id INTEGER NOT NULL DEFAULT 0, -- the notice that named it
	at        TEXT    NOT NULL
);
CREATE INDEX depot_events_partner ON depot_events (partner, id);
CREATE INDEX depot_events_unreported ON depot_events (partner, id) WHERE action = 'refused' AND import_id = 0 AND report_id = 0;

-- A superseded file named by a notice rather than by an import's report.
ALTER TABLE run_files ADD COLUMN report_id INTEGER NOT NULL DEFAULT 0;

-- What each run set aside and deleted as duplicates.
ALTER TABLE runs ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN dropped INTEGER NOT NULL DEFAULT 0;

-- The channel "depot" is now "sftp": in the search column, and in the
-- sheet's JSON (its order kept).
UPDATE partners SET
	channels = replace(channels, ',depot,', ',sftp,'),
	sheet = json_set(sheet, '$.channels', json((
		SELECT json_group_array(CASE value WHEN 'depot' THEN 'sftp' ELSE value END ORDER BY key)
		FROM json_each(partners.sheet, '$.channels'))))
WHERE instr(channels, ',depot,') > 0;
