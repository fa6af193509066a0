// Package importer is the front door of partner files: one file in,
// verdicts out, line by line.
//
// A Validator judges files against a compiled matrice. Open reads a file as a
// stream: its name (AAAAMMDD-IDENTIFIANT.csv), its encoding (UTF-8, a BOM
// dropped; Windows-1252 recognised and named), its separator (';'), its
// header (the matrice's columns in any order; Erreurs ignored), then each
// record, with the spec's quoting rules, quoted newlines and blank lines.
// Each call to File.Next yields a Line with its physical line number and its
// errors, in the file's column order, with the spec's exact messages (§3).
// File.Report gives the counts, the status and the file errors.
//
// Memory does not grow with the number of lines: records are read in
// batches of a few hundred whose cells alias the batch's buffer (the scanner
// copies nothing but a record cut by the buffer's end), a record is bounded
// (MaxRecordBytes), and the conflict check of DOSSIER fields keeps one small
// entry per distinct dossier and its values, both spilling to temporary
// files past SpillBytes (the entries of the dossiers met longest ago first,
// a Bloom filter of them kept in memory). A file error found late (bad UTF-8 on line 90 000, a quote
// never closed) rejects the file: verdicts are final once the report has no
// file error.
//
// A file larger than one batch is read ahead on a goroutine of its own,
// which only finds where records end, while Validator.Workers goroutines (by
// default one per CPU) split them into cells, check their UTF-8 and run each
// field's own checks, which need no other line; Next then completes each
// line in file order (the conflict check, the rules, the LineCheckers). The
// verdicts are those of a single goroutine.
//
// RejectsWriter writes the rejects file (original cells + Erreurs); ErrorLog
// and WriteJSON give the JSON report of the command line (§9).
//
// Line numbers are 1-indexed physical lines: the header is line 1, and a
// record spanning quoted newlines is numbered by the line where it starts.
// With Validator.RowNumbers, records are numbered one by one instead (blank
// lines included): the rows of a workbook converted one record per row.
//
// A reader may reject the file it gives: Next turns a FileErrors returned
// by Read into the report's file errors (a workbook converter reports the
// template's broken rules so, code workbook).
package importer
