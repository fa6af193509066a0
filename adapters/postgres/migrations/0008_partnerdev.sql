-- Issue 13 (partner developers).
--
-- The uses counted by the rate limits that have no audit of their own to
-- count (the searches' counts the search audit): partners' dry runs of
-- their files, keyed 'check:PARTNER'. A use is its time (Unix nanoseconds)
-- and nothing else; those older than the window are deleted as new ones
-- come.
CREATE TABLE rate_uses (
	id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key  text COLLATE "C" NOT NULL,
	at   bigint NOT NULL
);
CREATE INDEX rate_uses_key_at ON rate_uses (key, at);

-- A file's state (GET /api/v1/files/{name}) reads the ledger's events of
-- one name.
CREATE INDEX depot_events_name ON depot_events (partner, name, id);
