package eleader_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// addRawReport stores a report of adie as a store older than migration
// 0011 leaves it: its rejects and their lines as they were, not deflated.
func addRawReport(t *testing.T, e *runEnv, rejects, lines string, rejected int) *eleader.Report {
	t.Helper()
	r := &eleader.Report{Partner: "adie", File: "20261116-adie.csv", Rejected: rejected, RejectsBytes: int64(len(rejects)),
		Created: time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC)}
	tx, err := e.store.BeginImport(t.Context())
	require.NoError(t, err)
	defer tx.Rollback()
	require.NoError(t, tx.AddReport(t.Context(), r))
	require.NoError(t, tx.AddRejects(t.Context(), r.ID, eleader.RejectsPartCSVRaw, strings.NewReader(rejects)))
	require.NoError(t, tx.AddRejects(t.Context(), r.ID, eleader.RejectsPartLinesRaw, strings.NewReader(lines)))
	require.NoError(t, tx.Commit())
	return r
}

// TestRejectsOfOlderStores: the reports an older store kept (their rejects
// moved as they were by migration 0011) are served as the new ones, CSV
// byte for byte and XLSX with their lines.
func TestRejectsOfOlderStores(t *testing.T) {
	e := newRunEnv(t)
	e.svc.Workbooks = xlsx.Workbooks{}
	rejects := "\xEF\xBB\xBFNom;Erreurs\r\nDupont;Attribute 'Civilite' with value 'Mr' fails\r\n\"Martin; fils\";x\r\n"
	r := addRawReport(t, e, rejects, "4\n9\n", 2)

	rc, f, err := e.svc.PartnerRejects(t.Context(), "adie", r.ID, eleader.RejectsCSV)
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, rejects, string(got), "byte for byte")
	assert.Equal(t, int64(len(rejects)), f.Size)

	rc, f, err = e.svc.PartnerRejects(t.Context(), "adie", r.ID, eleader.RejectsXLSX)
	require.NoError(t, err)
	x, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, int64(len(x)), f.Size, "the twin's size, known before it is sent")
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	require.NoError(t, err)
	defer wb.Close()
	rows, err := wb.GetRows(xlsx.Sheet)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"Ligne", "Nom", "Erreurs"}, {"4", "Dupont", "Attribute 'Civilite' with value 'Mr' fails"}, {"9", "Martin; fils", "x"}}, rows)
}

// TestRejectsXLSXTooLong: a report of more rejected lines than a worksheet
// holds is served as CSV only, and says why.
func TestRejectsXLSXTooLong(t *testing.T) {
	e := newRunEnv(t)
	e.svc.Workbooks = xlsx.Workbooks{}
	r := addRawReport(t, e, "\xEF\xBB\xBFNom;Erreurs\r\nDupont;x\r\n", "2\n", eleader.MaxRejectsXLSX+1)
	_, _, err := e.svc.PartnerRejects(t.Context(), "adie", r.ID, eleader.RejectsXLSX)
	require.Error(t, err)
	assert.Equal(t, eleader.EUNSUPPORTED, eleader.ErrorCode(err))
	assert.True(t, errors.Is(err, eleader.ErrRejectsTooLong), "%v", err)
	assert.Contains(t, err.Error(), "take the rejects as CSV")
	rc, _, err := e.svc.PartnerRejects(t.Context(), "adie", r.ID, eleader.RejectsCSV)
	require.NoError(t, err, "the CSV stays")
	rc.Close()
	list, err := e.svc.PartnerRejectsFiles(t.Context(), "adie", 0)
	require.NoError(t, err)
	require.Len(t, list, 1, "no XLSX twin listed (SFTP rapports/): %+v", list)
	assert.Equal(t, eleader.RejectsCSV, list[0].Format)
}
