// Package storetest holds the contract tests of eleader.Store and
// eleader.ImportTx. They are written once and every implementation runs them
// from its own tests: adapters/sqlite today, PostgreSQL later.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) eleader.Store {
//			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "eleader.db"))
//			require.NoError(t, err)
//			return s
//		})
//	}
//
// The contract covers what the service relies on: an empty store, the
// visibility and atomicity of an import's transaction, sub-version
// bookkeeping, views and their search keys, disagreements, the import
// history, and isolation between concurrent imports; partners with their
// connection sheets, versions, operator codes, history, tokens, a token
// waiting to be revealed, and deletion; runs, the runs' ledger of files,
// locks, and reports with their purge; the search audit with its rate
// limit, and the store's secrets; the people of the portal with their
// rights, sign-in links, sessions, and the actions recorded.
//
// It is a test-support package: only tests import it.
package storetest

import (
	"context"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Run runs the contract tests, each as a subtest on a fresh store.
//
// open must return a new, empty store, or fail t. Run closes the store when
// its subtest ends (the Close error fails the subtest); open may register
// its own cleanup with t.Cleanup (removing a file, dropping a schema), which
// then runs after the store is closed.
func Run(t *testing.T, open func(t *testing.T) eleader.Store) {
	tests := []struct {
		name string
		test func(t *testing.T, s eleader.Store)
	}{
		{"EmptyStore", testEmptyStore},
		{"TxSeesItsOwnWork", testTxSeesItsOwnWork},
		{"RollbackDiscardsEverything", testRollbackDiscardsEverything},
		{"RollbackRestoresSavedView", testRollbackRestoresSavedView},
		{"RollbackAfterCommit", testRollbackAfterCommit},
		{"CreateExisting", testCreateExisting},
		{"DossiersInBulk", testDossiersInBulk},
		{"Versions", testVersions},
		{"SaveViewRoundTrip", testSaveViewRoundTrip},
		{"CreateWholeView", testCreateWholeView},
		{"BulkWrites", testBulkWrites},
		{"CreateViewsExisting", testCreateViewsExisting},
		{"CreateViewsTwice", testCreateViewsTwice},
		{"Empty", testEmpty},
		{"SearchKeysFollowSaves", testSearchKeysFollowSaves},
		{"SearchReturnsWholeMain", testSearchReturnsWholeMain},
		{"SearchHasNoPersonalData", testSearchHasNoPersonalData},
		{"DisagreementsOnce", testDisagreementsOnce},
		{"DisagreementsWithoutDateMaj", testDisagreementsWithoutDateMaj},
		{"DisagreementsOnItems", testDisagreementsOnItems},
		{"ImportIDsIncrease", testImportIDsIncrease},
		{"ImportsMostRecentFirst", testImportsMostRecentFirst},
		{"FindImport", testFindImport},
		{"ImportOne", testImportOne},
		{"NoLostUpdate", testNoLostUpdate},
		{"BlockedImportWaits", testBlockedImportWaits},
		{"PartnersEmpty", testPartnersEmpty},
		{"PartnerRoundTrip", testPartnerRoundTrip},
		{"PartnerCreateTwice", testPartnerCreateTwice},
		{"PartnerUpdate", testPartnerUpdate},
		{"PartnerStaleUpdate", testPartnerStaleUpdate},
		{"PartnerOperatorsUnique", testPartnerOperatorsUnique},
		{"PartnerHistory", testPartnerHistory},
		{"PartnerTokens", testPartnerTokens},
		{"PartnerLatestTokenSameSecond", testPartnerLatestTokenSameSecond},
		{"PartnersFilter", testPartnersFilter},
		{"RunsEmpty", testRunsEmpty},
		{"RunsRecord", testRunsRecord},
		{"RunFileRecorded", testRunFileRecorded},
		{"RunFileRolledBack", testRunFileRolledBack},
		{"MarkSupersededOnce", testMarkSupersededOnce},
		{"ClaimSuperseded", testClaimSuperseded},
		{"Reports", testReports},
		{"PurgeReports", testPurgeReports},
		{"TryLock", testTryLock},
		{"TryLockRace", testTryLockRace},
		{"Outbox", testOutbox},
		{"ReportStats", testReportStats},
		{"Files", testFiles},
		{"LatestImports", testLatestImports},
		{"FileEvents", testFileEvents},
		{"ClaimRefused", testClaimRefused},
		{"AddNotice", testAddNotice},
		{"ReportsWithRejects", testReportsWithRejects},
		{"RejectsParts", testRejectsParts},
		{"RejectsPurged", testRejectsPurged},
		{"RecordSearchLimit", testRecordSearchLimit},
		{"RecordSearchRace", testRecordSearchRace},
		{"SearchesList", testSearchesList},
		{"PurgeSearches", testPurgeSearches},
		{"Secret", testSecret},
		{"TakeRate", testTakeRate},
		{"TakeRateRace", testTakeRateRace},
		{"NameEvents", testNameEvents},
		{"People", testPeople},
		{"PersonRemove", testPersonRemove},
		{"LoginLinks", testLoginLinks},
		{"Sessions", testSessions},
		{"Actions", testActions},
		{"DeletePartner", testDeletePartner},
		{"PartnerReveal", testPartnerReveal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			require.NotNil(t, s, "open returned no store")
			t.Cleanup(func() { assert.NoError(t, s.Close(), "Close") })
			tc.test(t, s)
		})
	}
}

// The sources the tests' values come from.
var (
	srcADIE = dossier.Source{Partner: "adie", File: "20261116-adie.csv", FileDate: matrice.NewDate(2026, 11, 16)}
	srcFRAC = dossier.Source{Partner: "frac", File: "20261001-frac.csv", FileDate: matrice.NewDate(2026, 10, 1)}
)

// prov returns the provenance of a line of src whose DateMaj is dateMaj.
func prov(src dossier.Source, line int, dateMaj matrice.Date) dossier.Provenance {
	return dossier.Provenance{Source: src, Line: line, Date: dateMaj}
}

// number parses a dossier number the test writes.
func number(tb testing.TB, s string) dossier.Number {
	tb.Helper()
	n, err := dossier.ParseNumber(s)
	require.NoError(tb, err)
	return n
}

// newView returns the view of dossier num created by owner's line 2 of
// srcADIE, with fields each carrying that provenance.
func newView(tb testing.TB, num, owner string, fields map[string]string) *dossier.View {
	tb.Helper()
	src := srcADIE
	src.Partner = owner
	p := prov(src, 2, matrice.NewDate(2026, 11, 10))
	v := dossier.NewView(number(tb, num), owner, p)
	for name, value := range fields {
		v.Fields.Set(name, dossier.Value{Value: value, Provenance: p})
	}
	return v
}

// begin starts an import transaction, rolled back at the end of the test.
func begin(tb testing.TB, s eleader.Store) eleader.ImportTx {
	tb.Helper()
	tx, err := s.BeginImport(tb.Context())
	require.NoError(tb, err, "BeginImport")
	tb.Cleanup(func() { tx.Rollback() })
	return tx
}

// put creates each view's dossier in tx in two steps, Create of the empty
// view then SaveView, so that SaveView's writes are under test too.
func put(tb testing.TB, tx eleader.ImportTx, views ...*dossier.View) {
	tb.Helper()
	ctx := tb.Context()
	for _, v := range views {
		require.NoError(tb, tx.Create(ctx, dossier.NewView(v.Number, v.Owner, v.Created)), "Create %s", v.Number)
		require.NoError(tb, tx.SaveView(ctx, v), "SaveView %s", v.Number)
	}
}

// store creates the views' dossiers in a committed transaction.
func store(tb testing.TB, s eleader.Store, views ...*dossier.View) {
	tb.Helper()
	tx := begin(tb, s)
	put(tb, tx, views...)
	require.NoError(tb, tx.Commit(), "Commit")
}

// requireCode requires err to carry an *eleader.Error of code.
func requireCode(tb testing.TB, err error, code string, msgAndArgs ...any) {
	tb.Helper()
	require.Error(tb, err, msgAndArgs...)
	require.Equal(tb, code, eleader.ErrorCode(err), "error %v", err)
}

// commitView applies change to dossier num's view in an import transaction
// of its own, as an import would.
func commitView(ctx context.Context, s eleader.Store, num string, change func(v *dossier.View)) error {
	tx, err := s.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := tx.View(ctx, num)
	if err != nil {
		return err
	}
	change(v)
	if err := tx.SaveView(ctx, v); err != nil {
		return err
	}
	return tx.Commit()
}
