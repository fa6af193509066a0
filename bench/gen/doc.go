// Package gen writes realistic partner files on the default matrice, for
// benchmarks, load tests and demonstrations: `eleader gen` is its command.
//
// A file is what a partner's export looks like: the matrice's header, ';'
// separators, CRLF line ends, UTF-8; French names with accents, hyphens and
// apostrophes; addresses and postcodes of Île-de-France and their priority
// neighbourhoods (QPV); dates JJ/MM/AAAA that follow each other (welcome,
// phase start, appointments, phase end, last update, all on or before the
// file's date); SIRETs with a valid Luhn key; NAF codes and the NAF section
// they belong to; enum values taken from the matrice's Valeurs; phones and
// e-mails written the ways people write them; cells holding ';', quotes and
// newlines, which the writer quotes.
//
// Dossiers span 1 to 4 lines, interleaved with other dossiers' lines: every
// line repeats the dossier's values and carries at most one appointment
// (RDV), one collective event and one financing. A dossier that closes its
// phase (DateFinPhase) carries every field the matrice's closing obligations
// require. Dossiers in phase 2 or 3 sometimes get sub-versions
// (001-OPERINDEX, then 002-…, on phase 2), each opened once its main dossier
// (or the previous sub-version) has an accepted line, so that an import into
// an empty store creates them in order (spec §4). Main numbers carry the
// partner's operator code (Generator.Operator).
//
// Faults: Generator.Faults of the lines (exactly round(Lines × Faults),
// spread at random) carry exactly one fault each, so that the rejected-line
// rate is measurable. Faults are spread over every check a line can fail in
// the validator (Kinds): type, required, required_if, required_close,
// length, range, pattern, enum, each named rule of the default matrice
// (luhn, date_order, min_age, subversion_phase), conflict and cells — the
// least used kind that fits the line comes first. A fault is placed so that
// it yields that one error and no other: a value changed on a DOSSIER field
// that still passes its own checks (a rule fault) is only placed where no
// earlier accepted line of the dossier gave that field a value, or it would
// be a conflict instead. Checks against the consolidated store (operator,
// hist, subversion_main, subversion_next, subversion_owner) are not
// generated: they depend on the store, not on the file.
//
// Output is streamed through a small buffer: memory does not grow with the
// number of lines, and a million lines take a few seconds. Given the same
// settings and seed, the output is the same, byte for byte: the randomness
// is a PCG seeded from Seed, nothing depends on the clock or on map order.
package gen
