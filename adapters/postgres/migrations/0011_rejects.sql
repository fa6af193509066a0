-- Issue 15, phase 2: a report's rejects in chunks, never one value.
--
-- A report's rejects are parts (the rejects file, the physical line of each
-- of its records), each a stream of bytes cut in chunks of at most 1 MiB,
-- numbered from 0, written in the import's transaction and read one chunk at
-- a time, by every instance sharing the database. The service writes them
-- deflated, in the parts 'csv.deflate' and 'lines.deflate'; the reports
-- written before this migration move their bytea, as it is, into the part
-- 'csv' in chunks of 8 MiB (each chunk cut from the value reads it whole:
-- fewer, larger chunks make a large value's migration eight times shorter),
-- and the lines their body listed (rejectLines) into the part 'lines'
-- (decimal, one per line). rejects_bytes is the rejects file's size, for
-- listings that read no chunk.
CREATE TABLE report_rejects (
	report_id bigint  NOT NULL,
	part      text COLLATE "C" NOT NULL,
	seq       integer NOT NULL,
	data      bytea   NOT NULL,
	PRIMARY KEY (report_id, part, seq)
);

ALTER TABLE reports ADD COLUMN rejects_bytes bigint NOT NULL DEFAULT 0;
UPDATE reports SET rejects_bytes = octet_length(rejects) WHERE rejects IS NOT NULL;

INSERT INTO report_rejects (report_id, part, seq, data)
SELECT r.id, 'csv', g, substring(r.rejects FROM g * 8388608 + 1 FOR 8388608)
FROM reports r, generate_series(0, ((r.rejects_bytes - 1) / 8388608)::integer) AS g
WHERE r.rejects_bytes > 0;

INSERT INTO report_rejects (report_id, part, seq, data)
SELECT r.id, 'lines', 0, convert_to(coalesce((
	SELECT string_agg(l.n, E'\n' ORDER BY l.i) || E'\n'
	FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.body::jsonb -> 'rejectLines') = 'array'
		THEN r.body::jsonb -> 'rejectLines' ELSE '[]'::jsonb END) WITH ORDINALITY AS l(n, i)), ''), 'UTF8')
FROM reports r WHERE r.rejects_bytes > 0;

UPDATE reports SET body = (body::jsonb - 'rejectLines')::text WHERE body::jsonb -> 'rejectLines' IS NOT NULL;
ALTER TABLE reports DROP COLUMN rejects;
