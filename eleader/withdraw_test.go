package eleader_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWithdraw: a partner withdraws a file still waiting; the ledger keeps
// a trace, and the name is free again. Handled files cannot be withdrawn,
// nor can a file during an import.
func TestWithdraw(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	p := mustPartner(t, e, "bge")
	body := csvFile(dossierLine("BGEE000001", nil))
	_, err := e.svc.Upload(ctx, p, "20261125-bge.csv", -1, strings.NewReader(body), 0)
	require.NoError(t, err)

	require.NoError(t, e.svc.Withdraw(ctx, p, "20261125-bge.csv"))
	assert.Empty(t, e.files(t, "bge", dropdir.DepositDir))
	ev := e.events(t, "bge")["20261125-bge.csv"]
	require.Len(t, ev, 1)
	assert.Equal(t, eleader.EventWithdrawn, ev[0].Action)
	assert.Equal(t, sha(body), ev[0].SHA256)
	assert.Equal(t, int64(len(body)), ev[0].Size)

	_, err = e.svc.Upload(ctx, p, "20261125-bge.csv", -1, strings.NewReader(body+"\n"), 0)
	require.NoError(t, err, "the name is free again")
	_, err = e.svc.CheckUpload(ctx, p, "20261125-bge.csv", -1, 0)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err), "waiting again: the name is taken")

	// During a run (another process holds the partner), not now.
	holder := eleader.LockHolder{ID: "other-process", Host: "elsewhere", PID: 1}
	ok, err := e.store.TryLock(ctx, "run:bge", holder, time.Now(), time.Now().Add(time.Hour), nil)
	require.NoError(t, err)
	require.True(t, ok)
	err = e.svc.Withdraw(ctx, p, "20261125-bge.csv")
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))
	assert.Contains(t, eleader.ErrorMessage(err), "under way")
	require.NoError(t, e.store.Unlock(ctx, "run:bge", holder))

	e.run(t, "bge")
	err = e.svc.Withdraw(ctx, p, "20261125-bge.csv")
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err), "an imported file")
	assert.Contains(t, eleader.ErrorMessage(err), "imported")
	for _, name := range []string{"20261126-bge.csv", "../bge/historique/20261125-bge.csv", ""} {
		err = e.svc.Withdraw(ctx, p, name)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "%q", name)
	}
	assert.Equal(t, []string{"20261125-bge.csv"}, e.files(t, "bge", dropdir.HistoryDir), "history untouched")
}

// TestCheckUpload: the checks before the body, with Upload's errors.
func TestCheckUpload(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	p := mustPartner(t, e, "bge")
	e.deposit(t, "bge", "20261120-bge.csv", "x")
	for _, tt := range []struct {
		name string
		size int64
		code string
	}{
		{"20261125-bge.csv", -1, ""},
		{"20261125-bge.csv", 100, ""},
		{"20261125-bge.csv", 101, eleader.ETOOLARGE},
		{"LISEZMOI.txt", -1, eleader.EBADNAME},
		{"dir/20261125-bge.csv", -1, eleader.EBADNAME},
		{"20261125-frac.csv", -1, eleader.EFORBIDDEN},
		{"20261125-nobody.csv", -1, eleader.ENOTFOUND},
		{"20261120-bge.csv", -1, eleader.ECONFLICT},
	} {
		fn, err := e.svc.CheckUpload(ctx, p, tt.name, tt.size, 100)
		assert.Equal(t, tt.code, eleader.ErrorCode(err), "%s (%d bytes): %v", tt.name, tt.size, err)
		if tt.code == "" {
			assert.Equal(t, "bge", fn.Partner)
		}
	}
}

// TestPartnerRejects: the one reader of rejects files, for every channel.
func TestPartnerRejects(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	body := csvFile(dossierLine("BGEE000001", nil), dossierLine("BGEE000002", map[string]string{"Civilite": "Mr"}))
	want, _ := rejectsOf(t, "20261120-bge.csv", body)
	e.deposit(t, "bge", "20261120-bge.csv", body)
	e.run(t, "bge")
	e.deposit(t, "bge", "20261121-bge.csv", csvFile(dossierLine("BGEE000003", nil)))
	e.run(t, "bge")
	reps := e.reports(t, "bge")
	require.Len(t, reps, 2)
	clean, rejected := reps[0], reps[1]

	list, err := e.svc.PartnerRejectsFiles(ctx, "bge", 0)
	require.NoError(t, err)
	require.Len(t, list, 1, "CSV only without Workbooks, and only reports that keep rejects")
	assert.Equal(t, "20261120-bge-rejets.csv", list[0].Name)
	assert.Equal(t, int64(len(want)), list[0].Size)
	assert.Equal(t, rejected.ID, list[0].Report)

	rc, f, err := e.svc.PartnerRejects(ctx, "bge", rejected.ID, eleader.RejectsCSV)
	require.NoError(t, err)
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, string(want), string(b), "the importer's file, byte for byte")
	assert.Equal(t, "20261120-bge-rejets.csv", f.Name)

	_, _, err = e.svc.PartnerRejects(ctx, "bge", rejected.ID, eleader.RejectsXLSX)
	assert.Equal(t, eleader.EUNSUPPORTED, eleader.ErrorCode(err))
	e.svc.Workbooks = xlsx.Workbooks{}
	list, err = e.svc.PartnerRejectsFiles(ctx, "bge", 0)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "20261120-bge-rejets.xlsx", list[1].Name)
	assert.Equal(t, int64(-1), list[1].Size, "an XLSX is made when opened")
	rc, f, err = e.svc.PartnerRejects(ctx, "bge", rejected.ID, eleader.RejectsXLSX)
	require.NoError(t, err)
	b, err = io.ReadAll(rc)
	require.NoError(t, err)
	rc.Close()
	assert.Equal(t, "PK", string(b[:2]), "a workbook")
	assert.Equal(t, int64(len(b)), f.Size)

	_, _, err = e.svc.PartnerRejects(ctx, "frac", rejected.ID, eleader.RejectsCSV)
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "another partner's report")
	_, _, err = e.svc.PartnerRejects(ctx, "bge", clean.ID, eleader.RejectsCSV)
	assert.ErrorIs(t, err, eleader.ErrNoRejects)
	_, _, err = e.svc.PartnerRejects(ctx, "bge", rejected.ID, "pdf")
	assert.Equal(t, eleader.EINVALID, eleader.ErrorCode(err))
	_, err = e.store.PurgeReports(ctx, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	_, f, err = e.svc.PartnerRejects(ctx, "bge", rejected.ID, eleader.RejectsCSV)
	assert.ErrorIs(t, err, eleader.ErrRejectsPurged)
	assert.Equal(t, 2027, f.Purged.Year(), "when it was purged")
	list, err = e.svc.PartnerRejectsFiles(ctx, "bge", 0)
	require.NoError(t, err)
	assert.Empty(t, list, "purged rejects are listed no more")
}
