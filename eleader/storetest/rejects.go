package storetest

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noise returns n bytes that do not repeat, every byte value among them.
func noise(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// testRejectsParts: the parts of a report's rejects come back byte for
// byte, however many chunks they take (a chunk is RejectsChunk bytes), each
// apart; an empty part exists; a part never written, or of another report,
// is ENOTFOUND; Reports and DueReports give the size without the bytes.
func testRejectsParts(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	big := noise(2*eleader.RejectsChunk+12345, 1) // three chunks, the last short
	exact := noise(eleader.RejectsChunk, 2)       // one full chunk
	r := report("adie", "20261116-adie.csv", runStart, false)
	r.RejectsBytes = int64(len(big))
	other := report("frac", "20261116-frac.csv", runStart, false)
	other.RejectsBytes = int64(len(exact))
	tx := begin(t, s)
	require.NoError(t, tx.AddReport(ctx, r))
	require.NoError(t, tx.AddRejects(ctx, r.ID, eleader.RejectsPartCSV, bytes.NewReader(big)))
	require.NoError(t, tx.AddRejects(ctx, r.ID, eleader.RejectsPartLines, strings.NewReader("")))
	require.NoError(t, tx.AddReport(ctx, other))
	require.NoError(t, tx.AddRejects(ctx, other.ID, eleader.RejectsPartCSV, iotest(exact)))
	require.NoError(t, tx.Commit())

	assert.True(t, bytes.Equal(big, []byte(readPart(t, s, r.ID, eleader.RejectsPartCSV))), "three chunks, byte for byte")
	assert.True(t, bytes.Equal(exact, []byte(readPart(t, s, other.ID, eleader.RejectsPartCSV))), "one full chunk, byte for byte")
	rc, err := s.Rejects(ctx, r.ID, eleader.RejectsPartLines)
	require.NoError(t, err, "an empty part exists")
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.Empty(t, b)
	require.NoError(t, rc.Close())
	for _, tt := range []struct {
		report int64
		part   string
	}{{r.ID, eleader.RejectsPartCSVRaw}, {other.ID, eleader.RejectsPartLines}, {other.ID + 1000, eleader.RejectsPartCSV}} {
		_, err := s.Rejects(ctx, tt.report, tt.part)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "Rejects(%d, %s): %v", tt.report, tt.part, err)
	}

	got, err := s.Report(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(len(big)), got.RejectsBytes, "Report gives the size")
	due, err := s.DueReports(ctx, runStart.Add(time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, due, 2)
	assert.Equal(t, []int64{int64(len(big)), int64(len(exact))}, []int64{due[0].RejectsBytes, due[1].RejectsBytes})

	// Read in small steps, as a download is.
	rc, err = s.Rejects(ctx, r.ID, eleader.RejectsPartCSV)
	require.NoError(t, err)
	var out bytes.Buffer
	buf := make([]byte, 4093)
	for {
		n, err := rc.Read(buf)
		out.Write(buf[:n])
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	require.NoError(t, rc.Close())
	assert.True(t, bytes.Equal(big, out.Bytes()), "read 4093 bytes at a time")
}

// iotest gives b a few bytes at a time, as a pipe would.
func iotest(b []byte) io.Reader {
	return &trickle{b: b}
}

type trickle struct{ b []byte }

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 7919)], t.b)
	t.b = t.b[n:]
	return n, nil
}

// testRejectsPurged: a purge removes every chunk of a report's parts; a
// part being read when its report is purged fails the read, never ends it
// early as if it were whole.
func testRejectsPurged(t *testing.T, s eleader.Store) {
	ctx := t.Context()
	big := noise(3*eleader.RejectsChunk, 3)
	r := report("adie", "20261116-adie.csv", runStart, false)
	r.RejectsBytes = int64(len(big))
	tx := begin(t, s)
	require.NoError(t, tx.AddReport(ctx, r))
	require.NoError(t, tx.AddRejects(ctx, r.ID, eleader.RejectsPartCSV, bytes.NewReader(big)))
	require.NoError(t, tx.AddRejects(ctx, r.ID, eleader.RejectsPartLines, strings.NewReader("2\n3\n")))
	require.NoError(t, tx.Commit())

	rc, err := s.Rejects(ctx, r.ID, eleader.RejectsPartCSV)
	require.NoError(t, err)
	defer rc.Close()
	first := make([]byte, 1000)
	_, err = io.ReadFull(rc, first)
	require.NoError(t, err)
	assert.Equal(t, big[:1000], first)

	n, err := s.PurgeReports(ctx, runStart.Add(time.Hour), runStart.Add(2*time.Hour))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	rest, err := io.ReadAll(rc)
	require.Error(t, err, "the rest of a purged part cannot be read")
	assert.Less(t, len(rest), len(big)-1000, "the part is not read whole")

	for _, part := range []string{eleader.RejectsPartCSV, eleader.RejectsPartLines} {
		_, err := s.Rejects(ctx, r.ID, part)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "%s after the purge: %v", part, err)
	}
	got, err := s.Report(ctx, r.ID)
	require.NoError(t, err)
	assert.Zero(t, got.RejectsBytes, "a purged report keeps no rejects")
	list, err := s.ReportsWithRejects(ctx, "adie", 0)
	require.NoError(t, err)
	assert.Empty(t, list)
}
