-- A partner's files, most recent first, with their reports (upload API and
-- web page).
CREATE INDEX run_files_partner_at ON run_files (partner, at);
CREATE INDEX reports_import ON reports (import_id);
