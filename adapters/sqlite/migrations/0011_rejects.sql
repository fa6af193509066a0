-- Issue 15, phase 2: a report's rejects in chunks, never one blob.
--
-- A report's rejects are parts (the rejects file, the physical line of each
-- of its records), each a stream of bytes cut in chunks of at most 1 MiB,
-- numbered from 0, written in the import's transaction and read one chunk at
-- a time. The service writes them deflated, in the parts 'csv.deflate' and
-- 'lines.deflate'; the reports written before this migration move their
-- blob, as it is, into the part 'csv' in chunks of 8 MiB (each chunk cut
-- from the blob reads it whole: fewer, larger chunks make a large blob's
-- migration eight times shorter), and the lines their body listed
-- (rejectLines) into the part 'lines' (decimal, one per line).
-- rejects_bytes is the rejects file's size, for listings that read no chunk.
CREATE TABLE report_rejects (
	report_id INTEGER NOT NULL,
	part      TEXT    NOT NULL,
	seq       INTEGER NOT NULL,
	data      BLOB    NOT NULL,
	PRIMARY KEY (report_id, part, seq)
);

ALTER TABLE reports ADD COLUMN rejects_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET rejects_bytes = length(CAST(rejects AS BLOB)) WHERE rejects IS NOT NULL;

INSERT INTO report_rejects (report_id, part, seq, data)
WITH RECURSIVE chunks(id, seq) AS (
	SELECT id, 0 FROM reports WHERE rejects_bytes > 0
	UNION ALL
	SELECT chunks.id, chunks.seq + 1 FROM chunks JOIN reports ON reports.id = chunks.id
	WHERE (chunks.seq + 1) * 8388608 < reports.rejects_bytes
)
SELECT chunks.id, 'csv', chunks.seq, substr(CAST(reports.rejects AS BLOB), chunks.seq * 8388608 + 1, 8388608)
FROM chunks JOIN reports ON reports.id = chunks.id;

INSERT INTO report_rejects (report_id, part, seq, data)
SELECT id, 'lines', 0, CAST(coalesce((SELECT group_concat(value, char(10) ORDER BY key) || char(10)
	FROM json_each(reports.body, '$.rejectLines')), '') AS BLOB)
FROM reports WHERE rejects_bytes > 0;

UPDATE reports SET body = json_remove(body, '$.rejectLines') WHERE json_type(body, '$.rejectLines') IS NOT NULL;
ALTER TABLE reports DROP COLUMN rejects;
