package postgres_test

import (
	"bytes"
	"compress/flate"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestRejectsAcrossInstances: the rejects one instance wrote with its
// import are served by another instance sharing the database, byte for
// byte, a chunk at a time: nothing of them is on the first one's disk.
func TestRejectsAcrossInstances(t *testing.T) {
	dbURL := newSchema(t)
	a, b := openStore(t, dbURL), openStore(t, dbURL)
	var rejects strings.Builder
	rejects.WriteString("\xEF\xBB\xBFNumeroDossier;Civilite;Erreurs\r\n")
	for i := range 60000 { // some 3 MiB: several chunks, deflated or not
		rejects.WriteString("ADIE" + strings.Repeat("0", 6-len(strconv.Itoa(i))) + strconv.Itoa(i) + ";Mr;Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME' #" + strconv.Itoa(i*7919) + "\r\n")
	}
	var deflated bytes.Buffer
	zw, err := flate.NewWriter(&deflated, flate.BestSpeed)
	require.NoError(t, err)
	io.WriteString(zw, rejects.String())
	require.NoError(t, zw.Close())

	r := &eleader.Report{Partner: "adie", File: "20261116-adie.csv", Rejected: 60000, RejectsBytes: int64(rejects.Len()), Created: time.Now()}
	tx, err := a.BeginImport(t.Context())
	require.NoError(t, err)
	require.NoError(t, tx.AddReport(t.Context(), r))
	require.NoError(t, tx.AddRejects(t.Context(), r.ID, eleader.RejectsPartCSV, bytes.NewReader(deflated.Bytes())))
	require.NoError(t, tx.Commit())

	svc := &eleader.Service{Store: b}
	rc, f, err := svc.PartnerRejects(t.Context(), "adie", r.ID, eleader.RejectsCSV)
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, int64(rejects.Len()), f.Size)
	assert.True(t, rejects.String() == string(got), "the other instance serves the rejects byte for byte (%d bytes, want %d)", len(got), rejects.Len())
	_, _, err = svc.PartnerRejects(t.Context(), "frac", r.ID, eleader.RejectsCSV)
	assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "another partner's report")
}
