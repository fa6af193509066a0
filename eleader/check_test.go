package eleader_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// storeState is what a dry run must leave as it was.
type storeState struct {
	imports, reports int
	files            []eleader.FileStatus
	events           []eleader.FileEvent
	deposits         []string
}

func stateOf(tb testing.TB, e *runEnv, partner string) storeState {
	tb.Helper()
	ctx := context.Background()
	files, err := e.svc.Files(ctx, partner, 0)
	require.NoError(tb, err)
	events, err := e.store.FileEvents(ctx, partner, 0)
	require.NoError(tb, err)
	return storeState{imports: len(e.imports(tb, partner)), reports: len(e.reports(tb, partner)), files: files, events: events,
		deposits: e.files(tb, partner, dropdir.DepositDir)}
}

// lineErrors runs a dry run and returns its result and its line errors.
func dryRun(tb testing.TB, e *runEnv, p *eleader.Partner, name, body string) (*eleader.ImportResult, []*importer.LineError) {
	tb.Helper()
	var errs []*importer.LineError
	res, err := e.svc.Check(context.Background(), p, name, int64(len(body)), strings.NewReader(body), 0, func(l *importer.Line) error {
		errs = append(errs, l.Errors...)
		return nil
	})
	require.NoError(tb, err)
	require.True(tb, res.DryRun)
	return res, errs
}

// TestCheck: the dry run gives the import's verdict, the store's checks
// included, on the partner's sheet, says what the import would do, and
// keeps nothing.
func TestCheck(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	p := mustPartner(t, e, "bge")
	e.deposit(t, "bge", "20261120-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	e.run(t, "bge")
	_, err := e.svc.Upload(ctx, p, "20261121-bge.csv", -1, strings.NewReader(csvFile(dossierLine("BGEE000001", nil))), 0)
	require.NoError(t, err)
	before := stateOf(t, e, "bge")
	e.logs.Reset()

	body := csvFile(
		dossierLine("BGEE000001", map[string]string{"Commune": "Paris"}), // an update
		dossierLine("BGEE000002", nil),                                   // a new dossier
		dossierLine("FRAC000009", nil),                                   // another partner's code
		dossierLine("HIST000001", nil),                                   // never created by a partner
	)
	res, errs := dryRun(t, e, p, "20261125-bge.csv", body)
	rep := res.Report
	assert.Equal(t, importer.StatusPartial, rep.Status)
	assert.Equal(t, 4, rep.Lines)
	assert.Equal(t, 2, rep.Accepted)
	require.Len(t, errs, 2)
	assert.Equal(t, "operator", string(errs[0].Check))
	assert.Equal(t, 4, errs[0].Line)
	assert.Equal(t, "Attribute 'NumeroDossier' with value 'FRAC000009' fails check for operator code is one of 'BGEE'", errs[0].Message)
	assert.Equal(t, "hist", string(errs[1].Check))
	assert.Equal(t, 1, res.Record.Created, "what the import would do: create BGEE000002")
	assert.Equal(t, 1, res.Record.Updated, "and change BGEE000001")
	assert.True(t, res.Record.Consolidated)
	assert.Zero(t, res.Record.ID, "no import recorded")
	assert.Empty(t, eleader.DepositErrors(rep))

	assert.Equal(t, before, stateOf(t, e, "bge"), "nothing kept: deposits, history, ledger, imports, reports")
	_, err = e.svc.Dossier(ctx, "BGEE000002")
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "the dossier the dry run created was rolled back")
	d, err := e.svc.Dossier(ctx, "BGEE000001")
	require.NoError(t, err)
	assert.Equal(t, "Saint-Denis", d.View.Fields.Map()["Commune"].Value, "the update was rolled back")
	entries, err := os.ReadDir(os.Getenv("TMPDIR"))
	require.NoError(t, err)
	assert.Empty(t, entries, "the received file is gone")
	assert.Contains(t, e.logs.String(), `"msg":"dry run"`)
	assert.Contains(t, e.logs.String(), `"file":"20261125-bge.csv"`)
	assert.NotContains(t, e.logs.String(), "Dupont", "no personal data in the logs")

	// A name in use is checked all the same: a correction before the
	// withdrawal of the file it replaces.
	res, _ = dryRun(t, e, p, "20261121-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	assert.Equal(t, importer.StatusAccepted, res.Report.Status)

	// The very file already imported: the import would change nothing.
	res, _ = dryRun(t, e, p, "20261120-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	assert.True(t, res.Unchanged)

	// A file rejected whole: its verdict, and the deposit's refusal.
	res, _ = dryRun(t, e, p, "20261126-bge.csv", "Nom,Prenom\nDupont,Amélie\n")
	assert.Equal(t, importer.StatusRejected, res.Report.Status)
	require.NotEmpty(t, eleader.DepositErrors(res.Report))
	assert.Equal(t, importer.CodeSeparator, eleader.DepositErrors(res.Report)[0].Code)
	assert.Equal(t, before, stateOf(t, e, "bge"), "nothing recorded of a rejected file either")
}

// TestCheckFrontDoor: the checks of an upload before the body, in its
// order and with its errors; the size, announced or read.
func TestCheckFrontDoor(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	p := mustPartner(t, e, "bge")
	body := csvFile(dossierLine("BGEE000001", nil))
	for _, tt := range []struct {
		name  string
		size  int64
		limit int64
		code  string
	}{
		{"LISEZMOI.txt", -1, 0, eleader.EBADNAME},
		{"../20261125-bge.csv", -1, 0, eleader.EBADNAME},
		{"20261125-frac.csv", -1, 0, eleader.EFORBIDDEN},
		{"20261125-nobody.csv", -1, 0, eleader.ENOTFOUND},
		{"20261125-bge.xlsx", -1, 0, eleader.EUNSUPPORTED},
		{"20261125-bge.csv", int64(len(body)), 10, eleader.ETOOLARGE},
		{"20261125-bge.csv", -1, 10, eleader.ETOOLARGE},
	} {
		_, err := e.svc.Check(ctx, p, tt.name, tt.size, strings.NewReader(body), tt.limit, nil)
		assert.Equal(t, tt.code, eleader.ErrorCode(err), "%s: %v", tt.name, err)
	}
	res, err := e.svc.Check(ctx, p, "20261125-bge.csv", -1, strings.NewReader(body), int64(len(body)), nil)
	require.NoError(t, err, "at the limit")
	assert.Equal(t, importer.StatusAccepted, res.Report.Status)
}

// TestCheckSheet: the dry run judges on the partner's sheet — complete
// mode, qualification — and marks nothing.
func TestCheckSheet(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModeComplete, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Qualification)

	res, _ := dryRun(t, e, mustPartner(t, e, "bge"), "20261125-bge.csv",
		csvFile(dossierLine("BGEE000001", nil), dossierLine("BGEE000002", map[string]string{"Civilite": "Mr"})))
	assert.Equal(t, importer.StatusRejected, res.Report.Status, "complete mode")
	require.Len(t, res.Report.FileErrors, 1)
	assert.Equal(t, importer.CodeMode, res.Report.FileErrors[0].Code)
	assert.Empty(t, eleader.DepositErrors(res.Report), "mode is a verdict of the import, not of the deposit")
	assert.False(t, res.Record.Consolidated)

	res, _ = dryRun(t, e, mustPartner(t, e, "frac"), "20261125-frac.csv", csvFile(dossierLine("FRAC000001", nil)))
	assert.True(t, res.Qualified, "the import would pass the qualification")
	assert.True(t, res.Record.Qualification)
	p, err := e.svc.Partner(ctx, "frac")
	require.NoError(t, err)
	assert.False(t, p.Qualified(), "a dry run marks no qualification")
}

// TestCheckRate: a partner's dry runs are limited, in the store; another
// partner's are not held back; a negative rate lifts the limit.
func TestCheckRate(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	e.svc.CheckRate = 2
	bge, frac := mustPartner(t, e, "bge"), mustPartner(t, e, "frac")
	check := func(p *eleader.Partner) error {
		_, err := e.svc.Check(ctx, p, "20261125-"+p.ID()+".csv", -1, strings.NewReader(csvFile(dossierLine(p.Sheet.Operators[0]+"000001", nil))), 0, nil)
		return err
	}
	require.NoError(t, check(bge))
	require.NoError(t, check(bge))
	err := check(bge)
	assert.Equal(t, eleader.ERATELIMIT, eleader.ErrorCode(err))
	retry, ok := eleader.RetryAfter(err)
	require.True(t, ok)
	assert.InDelta(t, time.Hour.Seconds(), retry.Seconds(), 60, "the first dry run leaves the window in an hour")
	assert.Contains(t, eleader.ErrorMessage(err), "2 dry runs")
	assert.NoError(t, check(frac), "another partner")

	// Another instance sharing the store holds the same count.
	other := &eleader.Service{Store: e.store, Deposits: e.dirs, Now: e.now, CheckRate: 2}
	_, err = other.Check(ctx, bge, "20261125-bge.csv", -1, strings.NewReader(csvFile(dossierLine("BGEE000001", nil))), 0, nil)
	assert.Equal(t, eleader.ERATELIMIT, eleader.ErrorCode(err), "counted in the store")

	e.svc.CheckRate = -1
	assert.NoError(t, check(frac))
	assert.NoError(t, check(frac))
	assert.NoError(t, check(frac), "no limit")
}

// TestFileStates: a file's state tells the ledger's whole story of its
// name: waiting, imported (with its report), superseded, set aside,
// withdrawn, with what else happened to the name.
func TestFileStates(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	p := mustPartner(t, e, "bge")
	state := func(name string) eleader.FileStatus {
		t.Helper()
		f, err := e.svc.File(ctx, "bge", name)
		require.NoError(t, err, name)
		return f
	}
	actions := func(f eleader.FileStatus) []string {
		var out []string
		for _, ev := range f.Events {
			out = append(out, ev.Action)
		}
		return out
	}
	body := csvFile(dossierLine("BGEE000001", nil))
	_, err := e.svc.Upload(ctx, p, "20261120-bge.csv", -1, strings.NewReader(body), 0)
	require.NoError(t, err)
	assert.Equal(t, eleader.FileWaiting, state("20261120-bge.csv").State)
	require.NoError(t, e.svc.Withdraw(ctx, p, "20261120-bge.csv"))
	f := state("20261120-bge.csv")
	assert.Equal(t, eleader.FileWithdrawn, f.State)
	assert.Equal(t, sha(body), f.SHA256)
	assert.Equal(t, []string{eleader.EventWithdrawn}, actions(f))

	_, err = e.svc.Upload(ctx, p, "20261120-bge.csv", -1, strings.NewReader(body), 0)
	require.NoError(t, err, "sent again after its withdrawal")
	f = state("20261120-bge.csv")
	assert.Equal(t, eleader.FileWaiting, f.State)
	assert.Equal(t, []string{eleader.EventWithdrawn}, actions(f), "the withdrawal stays told")

	e.deposit(t, "bge", "20261119-bge.csv", body)
	e.run(t, "bge")
	f = state("20261120-bge.csv")
	assert.Equal(t, eleader.FileImported, f.State)
	require.NotNil(t, f.Report)
	assert.Equal(t, importer.StatusAccepted, f.Report.Status)
	assert.Equal(t, eleader.FileSuperseded, state("20261119-bge.csv").State)

	e.drop(t, "bge", "20261120-bge.csv", body, 0) // the same bytes again: a duplicate
	e.run(t, "bge")
	f = state("20261120-bge.csv")
	assert.Equal(t, eleader.FileImported, f.State)
	assert.Equal(t, []string{eleader.EventDuplicate, eleader.EventWithdrawn}, actions(f))

	e.drop(t, "bge", "20261124-frac.csv", body, old) // another partner's name: set aside
	e.run(t, "bge")
	f = state("20261124-frac.csv")
	assert.Equal(t, eleader.FileRefused, f.State)
	require.Len(t, f.Events, 1)
	assert.Equal(t, eleader.RefusedPartner, f.Events[0].Reason)

	for _, name := range []string{"20261125-bge.csv", "../x.csv", ""} {
		_, err := e.svc.File(ctx, "bge", name)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "%q", name)
	}
}
