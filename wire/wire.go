// Package wire holds the JSON forms of a file's verdict that E#L writes and
// its clients read: the keys of eleader validate's JSON (spec §9), a line
// or file error, the line errors counted per check, and what a dry run
// says E#L would do. It needs the standard library only, so that the
// validator (importer.WriteJSON), the HTTP API (adapters/httpapi), the
// partner's client (eleader/client), eleader send and eleadertest spell
// each form once, and a partner's system importing the client pulls in
// nothing more.
//
// The types carry plain strings: a check code, a status, a mode are
// written as the spec spells them; the packages that judge files keep
// their own typed values and convert at the edge.
package wire

// Head is the keys that open every verdict, in the spec's order (§9):
// file, partner, date, status, lines, accepted, rejected, dossiers,
// fileErrors. A verdict's type embeds it, then adds its own keys (errors,
// checks, check…): encoding/json writes the embedded keys first.
type Head struct {
	File    string `json:"file"`
	Partner string `json:"partner"`
	// Date is the file's date, AAAA-MM-JJ; "" when its name has none.
	Date string `json:"date"`
	// Status is "accepted" (no line rejected), "partial" (some lines
	// rejected, at least one accepted) or "rejected" (a file error, or no
	// line accepted).
	Status     string      `json:"status"`
	Lines      int         `json:"lines"`
	Accepted   int         `json:"accepted"`
	Rejected   int         `json:"rejected"`
	Dossiers   int         `json:"dossiers"`
	FileErrors []FileError `json:"fileErrors"`
}

// FileError is an error that rejects a whole file: its code (name,
// encoding, separator, header, empty, syntax, mode, workbook) and its
// message, in English.
type FileError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// LineError is one check failure of a line (spec §3): line is the
// physical line where the record starts (header = 1).
type LineError struct {
	Line    int    `json:"line"`
	Dossier string `json:"dossier"`
	Field   string `json:"field"`
	Value   string `json:"value"`
	Check   string `json:"check"`
	Message string `json:"message"`
}

// CheckCount counts the line errors of one check, with the first ones.
type CheckCount struct {
	Check    string      `json:"check"`
	Count    int         `json:"count"`
	Examples []LineError `json:"examples"`
}

// DryRun is the "check" key of a dry run's answer (POST /api/v1/checks):
// what E#L would do with the file.
type DryRun struct {
	// Deposit is "accepted" when an upload of the file would be deposited,
	// "refused" when its file errors would refuse it at once (422).
	Deposit string `json:"deposit"`
	// Mode ("partial" or "complete") and Qualification are the partner's
	// connection sheet's: the import's settings.
	Mode          string `json:"mode"`
	Qualification bool   `json:"qualification"`
	// Qualified: the import would pass the qualification.
	Qualified bool `json:"qualified"`
	// Created and Updated count the dossiers the import would create and
	// change; Unchanged: this very file was already consolidated, and its
	// import would change nothing.
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged bool `json:"unchanged"`
	// Message says the verdict in French.
	Message string `json:"message"`
}
