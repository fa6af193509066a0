package eleader

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Store is the consolidated store: dossiers, disagreements, the import
// history, partners with their connection sheets and tokens, the people of
// the portal with their sessions. adapters/sqlite (the embedded default)
// and adapters/postgres implement it; the contract tests in
// eleader/storetest check any implementation.
type Store interface {
	// BeginImport starts the one transaction of a file's consolidation:
	// applied whole or not at all. It waits while another import holds the
	// store.
	BeginImport(ctx context.Context) (ImportTx, error)
	// View returns a dossier's consolidated view; an *Error ENOTFOUND when
	// there is none.
	View(ctx context.Context, number string) (*dossier.View, error)
	// Search returns every dossier of each main dossier one of whose
	// dossiers has the name key (usage or birth surname) or the SIRET given
	// (one of them is empty), main and sub-versions, ordered by number.
	Search(ctx context.Context, nameKey, siret string) ([]dossier.Match, error)
	// Disagreements returns the recorded disagreements of a dossier, or of
	// every dossier when number is "".
	Disagreements(ctx context.Context, number string) ([]dossier.Disagreement, error)
	// Imports returns the import history, most recent first, of one partner
	// or of all when partner is "".
	Imports(ctx context.Context, partner string) ([]ImportRecord, error)

	// RecordSearch adds a search to the audit and sets its ID — unless
	// limit > 0, rec.Partner is not "" and that partner made limit searches
	// after since: then it records nothing, and returns the time of the
	// search whose leaving the window lets the partner search again (the
	// oldest of the last limit). The count and the write are one step for
	// every process sharing the store.
	RecordSearch(ctx context.Context, rec *SearchRecord, since time.Time, limit int) (recorded bool, blocking time.Time, err error)
	// Searches returns the audit of searches, most recent first, of one
	// partner or of all (f.Partner ""), at most f.Limit (0 means 100).
	Searches(ctx context.Context, f SearchFilter) ([]SearchRecord, error)
	// PurgeSearches removes the searches made before cutoff from the audit
	// and returns how many.
	PurgeSearches(ctx context.Context, cutoff time.Time) (int, error)
	// TakeRate counts the uses of a rate limit's key (the limit and a
	// partner: "check:adie") made after since. When there are fewer than
	// limit, it records one made at at and returns true; otherwise it
	// records nothing and returns the time of the use whose leaving the
	// window lets the next one in (the oldest of the last limit). Uses made
	// before since are forgotten. The count and the write are one step for
	// every process sharing the store. (The search limit counts the search
	// audit itself: RecordSearch.)
	TakeRate(ctx context.Context, key string, at, since time.Time, limit int) (ok bool, blocking time.Time, err error)
	// Secret returns the store's secret of that name: size random bytes
	// drawn the first time it is asked for and kept, so that every process
	// sharing the store gets the same.
	Secret(ctx context.Context, name string, size int) ([]byte, error)
	// Import returns one entry of the import history; ENOTFOUND when there
	// is none.
	Import(ctx context.Context, id int64) (ImportRecord, error)

	// SavePartner writes one change of a partner atomically (see
	// PartnerUpdate). It fails with ECONFLICT when the partner exists (to
	// create) or changed meanwhile (to update), or when one of its operator
	// codes belongs to another partner.
	SavePartner(ctx context.Context, u PartnerUpdate) error
	// Partner returns a partner with its token's description; ENOTFOUND when
	// there is none.
	Partner(ctx context.Context, id string) (*Partner, error)
	// Partners returns the partners f selects, by identifier.
	Partners(ctx context.Context, f PartnerFilter) ([]*Partner, error)
	// History returns a partner's history, oldest first.
	History(ctx context.Context, id string) ([]Transition, error)
	// Token returns the token with this id; ENOTFOUND when there is none.
	Token(ctx context.Context, id string) (StoredToken, error)

	// StartRun records the start of a run and sets its ID.
	StartRun(ctx context.Context, r *RunRecord) error
	// FinishRun records the end and counts of a run.
	FinishRun(ctx context.Context, r *RunRecord) error
	// CloseStaleRuns ends, as "interrupted", the runs started before
	// before that never ended (their process died), and returns how many.
	CloseStaleRuns(ctx context.Context, before, now time.Time) (int, error)
	// Runs returns the latest runs, most recent first; trigger, if not "",
	// selects one kind.
	Runs(ctx context.Context, trigger string, limit int) ([]RunRecord, error)
	// RunFile returns the ledger entry of a partner's file, if any.
	RunFile(ctx context.Context, partner, name string) (RunFile, bool, error)
	// Files returns the ledger of a partner's files (only the one named
	// name, when name is not ""), most recent first, at most limit (0 means
	// 100), each imported file with its report (rejects left out).
	Files(ctx context.Context, partner, name string, limit int) ([]FileRecord, error)
	// MarkSuperseded adds a superseded file to the ledger (once).
	MarkSuperseded(ctx context.Context, f RunFile) error
	// LatestImports returns the ledger's imported files of partner whose
	// names start with a date AAAAMMDD and a dash, the latest date first,
	// at most limit.
	LatestImports(ctx context.Context, partner string, limit int) ([]RunFile, error)
	// RecordFileEvent adds an event to the ledger and sets its ID.
	RecordFileEvent(ctx context.Context, e *FileEvent) error
	// FileEvents returns the ledger's events of a partner (of all when
	// partner is ""), most recent first, at most limit (0 means 100).
	FileEvents(ctx context.Context, partner string, limit int) ([]FileEvent, error)
	// NameEvents returns the ledger's events of one of a partner's file
	// names (set aside, withdrawn, deleted as a duplicate …), most recent
	// first, at most limit (0 means 100).
	NameEvents(ctx context.Context, partner, name string, limit int) ([]FileEvent, error)
	// AddNotice writes, in one transaction, a report of the partner's
	// superseded files and refused files (EventRefused) that no report
	// named yet: build gets them, oldest first, and returns the report,
	// which is stored (its ID set) and marked as naming them. When there are
	// none, build is not called and AddNotice returns nil.
	AddNotice(ctx context.Context, partner string, build func(superseded []string, refused []FileEvent) (*Report, error)) (*Report, error)
	// TryLock takes the named lock for h until the given time, unless
	// another holder has it unexpired at now and steal(that holder) is
	// false. It reports whether h holds the lock. Taking a lock one holds
	// renews it.
	TryLock(ctx context.Context, name string, h LockHolder, now, until time.Time, steal func(LockHolder) bool) (bool, error)
	// Unlock releases a lock h holds.
	Unlock(ctx context.Context, name string, h LockHolder) error
	// Reports returns the reports of one partner (or all when ""), most
	// recent first, without their rejects (Rejects reads them).
	Reports(ctx context.Context, partner string, limit int) ([]Report, error)
	// Rejects opens a part of a report's rejects (RejectsPartCSV …) as
	// ImportTx.AddRejects stored it, byte for byte: chunks read one at a
	// time, never the part whole. A report without that part (none
	// written, or purged) is ENOTFOUND; a part purged while it is read
	// fails the read.
	Rejects(ctx context.Context, report int64, part string) (io.ReadCloser, error)
	// PurgeReports removes, from reports created before cutoff, their
	// personal data (rejects and examples), and returns how many it purged.
	PurgeReports(ctx context.Context, cutoff, now time.Time) (int, error)
	// Report returns one report with its outbox state; ENOTFOUND when none.
	Report(ctx context.Context, id int64) (Report, error)
	// ReportsWithRejects describes a partner's reports that keep rejected
	// lines (not purged), most recent first, at most limit (0 means 100),
	// each with its count of rejected lines, without reading the rejects.
	ReportsWithRejects(ctx context.Context, partner string, limit int) ([]RejectsSummary, error)
	// DueReports returns the pending reports whose next attempt is due at
	// now, oldest first, at most limit.
	DueReports(ctx context.Context, now time.Time, limit int) ([]Report, error)
	// MarkSent records that a report was sent.
	MarkSent(ctx context.Context, id int64, messageID string, at time.Time) error
	// MarkAttempt records a failed attempt: the attempts so far, when to
	// try again, the state (pending or failed) and the error.
	MarkAttempt(ctx context.Context, id int64, attempts int, next time.Time, state, lastError string) error
	// Requeue makes a report pending again, due at once (E#L's resend).
	Requeue(ctx context.Context, id int64, now time.Time) error
	// ReportStats counts the reports by state, with the creation time of
	// the oldest pending one (monitoring asks it at each scrape: it reads
	// counts, not reports).
	ReportStats(ctx context.Context) (ReportStats, error)

	// PeopleStore keeps the people of the portal and the console.
	PeopleStore

	// Close releases the store.
	Close() error
}

// ImportTx is the transaction of one file's import. Until Commit, nothing is
// visible to others; Rollback (or a crash) leaves the store as it was.
type ImportTx interface {
	dossier.Registry
	// Dossiers returns, for each of numbers that exists, its owner and its
	// view's Applied, as the transaction sees them, without the views: an
	// import asks about a batch of lines' numbers at once, and needs no
	// view whose Applied is the request it brings.
	Dossiers(ctx context.Context, numbers []string) (map[string]StoredDossier, error)
	// Empty reports whether the store holds no dossier, as the
	// transaction sees it: an import into an empty store need not ask it
	// about the numbers the import itself did not create.
	Empty(ctx context.Context) (bool, error)
	// View returns a dossier's view as the transaction sees it.
	View(ctx context.Context, number string) (*dossier.View, error)
	// SaveView writes a view back, with its search keys and phase.
	SaveView(ctx context.Context, v *dossier.View) error
	// CreateViews inserts new dossiers, each whole (as Create does), from
	// their encoded views: an import writes the dossiers it creates in
	// batches. A number that exists is an ECONFLICT naming it; the
	// transaction is then to be rolled back.
	CreateViews(ctx context.Context, views []EncodedView) error
	// SaveViews writes views back (as SaveView does), from their encoded
	// views, in one batch.
	SaveViews(ctx context.Context, views []EncodedView) error
	// AddDisagreements records disagreements, each once whatever the number
	// of calls.
	AddDisagreements(ctx context.Context, d []dossier.Disagreement) error
	// FindImport returns the latest consolidated import of this partner's
	// file with this content, if any.
	FindImport(ctx context.Context, partner, file, sha256 string) (ImportRecord, bool, error)
	// RecordImport appends rec to the history and sets its ID.
	RecordImport(ctx context.Context, rec *ImportRecord) error
	// RecordRunFile adds an imported file to the runs' ledger.
	RecordRunFile(ctx context.Context, f RunFile) error
	// MarkQualified records, within the import, that partner passed its
	// qualification at at (unless it already had), with a history entry.
	MarkQualified(ctx context.Context, partner string, at time.Time, comment string) error
	// ClaimSuperseded gives the partner's superseded files no report has
	// mentioned yet to the import importID, and returns their names.
	ClaimSuperseded(ctx context.Context, partner string, importID int64) ([]string, error)
	// ClaimRefused gives the partner's refused files (EventRefused) no
	// report has named yet to the import importID, and returns them,
	// oldest first.
	ClaimRefused(ctx context.Context, partner string, importID int64) ([]FileEvent, error)
	// AddReport stores a report, to be delivered, and sets its ID; its
	// RejectsBytes is kept, for listings that do not read the rejects.
	AddReport(ctx context.Context, r *Report) error
	// AddRejects stores a part of the rejects of the report AddReport
	// wrote in this transaction, read from body to its end in chunks of at
	// most RejectsChunk bytes: memory stays flat whatever the part's size,
	// and the part is the transaction's, all of it or nothing.
	AddRejects(ctx context.Context, report int64, part string, body io.Reader) error
	// Commit makes the transaction's work durable and visible.
	Commit() error
	// Rollback discards it; after Commit it does nothing.
	Rollback() error
}

// EncodedView is a view ready to be written: its storage form and the
// columns a store keeps beside it. An import encodes views on a goroutine
// of its own, so that the store's writes (CreateViews, SaveViews) only
// write.
type EncodedView struct {
	View *dossier.View
	// Number and Main are the texts of View.Number and of its main
	// number (View.Number.String(), View.Number.Main().String()): the
	// import holds them, and a store writes them without formatting.
	Number, Main string
	// Data is View.MarshalStorage().
	Data []byte
	// Keys is View.Keys(); Phase, View.Phase().
	Keys  dossier.SearchKeys
	Phase string
}

// EncodeView encodes v for a store; its error is MarshalStorage's.
func EncodeView(v *dossier.View) (EncodedView, error) {
	return encodeView(v, v.Number.String(), v.Number.Main().String())
}

// encodeView is EncodeView with v's number and main number already made
// (number, main).
func encodeView(v *dossier.View, number, main string) (EncodedView, error) {
	data, err := v.MarshalStorage()
	if err != nil {
		return EncodedView{}, err
	}
	return EncodedView{View: v, Number: number, Main: main, Data: data, Keys: v.Keys(), Phase: v.Phase()}, nil
}

// StoredDossier is what an import learns of a stored dossier before it
// reads its view, if it needs to.
type StoredDossier struct {
	Owner   string
	Applied dossier.Applied // the view's (dossier.View.Applied)
}

// ImportRecord is one entry of the import history.
type ImportRecord struct {
	ID      int64  `json:"id"`
	Partner string `json:"partner"`
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
	// Status is the file's verdict.
	Status importer.Status `json:"status"`
	// Consolidated reports whether the file's lines were consolidated
	// (false for a file rejected whole, or a qualification import).
	Consolidated bool `json:"consolidated"`
	Lines        int  `json:"lines"`
	Accepted     int  `json:"accepted"`
	Rejected     int  `json:"rejected"`
	Dossiers     int  `json:"dossiers"`
	// Created and Updated count the dossiers the import created and changed.
	Created int       `json:"created"`
	Updated int       `json:"updated"`
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	// FileErrors say why a file was rejected whole (a file error, or a
	// rejected line in complete mode); empty otherwise.
	FileErrors []importer.FileError `json:"fileErrors,omitempty"`
	// Qualification marks the import of a partner in qualification: judged
	// fully, consolidated not.
	Qualification bool `json:"qualification"`
}

// Reason says, in a few words, why an import consolidated nothing: its
// first file error (and how many more), a qualification, or no line
// accepted; "" for a consolidated import.
func (r ImportRecord) Reason() string { return i18n.English.Text(r.ReasonText()) }

// ReasonText is Reason as an entry of the catalog, to say in any language
// (the zero Text for a consolidated import). A file error's message is
// the one the store keeps, in English.
func (r ImportRecord) ReasonText() i18n.Text {
	switch {
	case r.Consolidated:
		return i18n.Text{}
	case len(r.FileErrors) > 0:
		e := r.FileErrors[0]
		if n := len(r.FileErrors) - 1; n > 0 {
			return i18n.T("import.reason.more", n, string(e.Code), e.Message)
		}
		return i18n.T("import.reason.file_errors", string(e.Code), e.Message)
	case r.Qualification:
		return i18n.T("import.reason.qualification")
	case r.Status == importer.StatusRejected:
		return i18n.T("import.reason.no_line")
	}
	return i18n.T("import.reason.not_consolidated")
}

// Bounds of the file errors an import record keeps: a header naming
// thousands of unknown columns must not fill the store.
const (
	maxRecordFileErrors = 16
	maxRecordMessage    = 2048
)

// recordFileErrors returns the file errors an import record keeps: at most
// maxRecordFileErrors, each message cut to maxRecordMessage bytes.
func recordFileErrors(errs []*importer.FileError) []importer.FileError {
	var out []importer.FileError
	for _, e := range errs[:min(len(errs), maxRecordFileErrors)] {
		fe := *e
		fe.Message = importer.Cut(fe.Message, maxRecordMessage)
		out = append(out, fe)
	}
	return out
}

// FileErrorsText is how a store keeps an import's file errors: JSON
// ([{"code","message"}]), "" for none. Control characters and invalid
// UTF-8 are escaped or replaced, so any text column holds it.
func FileErrorsText(errs []importer.FileError) string {
	if len(errs) == 0 {
		return ""
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return ""
	}
	return string(b)
}

// ParseFileErrors reads what FileErrorsText wrote, for the import of file;
// "" is no file error (nil).
func ParseFileErrors(file, text string) ([]importer.FileError, error) {
	var out []importer.FileError
	if text == "" {
		return nil, nil
	}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return nil, fmt.Errorf("file errors of import of %s: %w", file, err)
	}
	for i := range out {
		out[i].File = file
	}
	return out, nil
}
