package storetest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// Migration is one migration file of a store: its version (the file's
// name without .sql, such as "0005_channels") and its SQL.
type Migration struct {
	Version, SQL string
}

// Migrations reads the migration files of dir (NNNN_name.sql), in the
// order of their names — the order a store applies them in — for a test
// that makes a store as earlier code left it: the caller runs those it
// wants, each with its row in schema_migrations.
func Migrations(tb testing.TB, dir string) []Migration {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	require.NoError(tb, err)
	require.NotEmpty(tb, files, "migrations in %s", dir)
	out := make([]Migration, len(files))
	for i, f := range files {
		body, err := os.ReadFile(f)
		require.NoError(tb, err)
		out[i] = Migration{Version: strings.TrimSuffix(filepath.Base(f), ".sql"), SQL: string(body)}
	}
	return out
}

// Before returns the test of the migrations before version (a prefix
// such as "0005"): a store as code older than it left it.
func Before(version string) func(Migration) bool {
	return func(m Migration) bool { return m.Version < version }
}

// EarlierStores are the stores made by earlier code that TestMigrationsAfterMain
// opens: main's (0001 to 0007), and one that already had issue 15's 0011
// but not issue 13's 0008 (the runner goes by name, not by a contiguous
// number: 0009 and 0010 are unused).
var EarlierStores = []struct {
	Name    string
	Applied func(Migration) bool
}{
	{"main's store (0001-0007)", Before("0008")},
	{"0011 before 0008", func(m Migration) bool { return m.Version < "0008" || strings.HasPrefix(m.Version, "0011_") }},
}

// RequireMigrationNames fails unless all, the versions of Migrations,
// holds the migrations EarlierStores speak of (0008 and 0011).
func RequireMigrationNames(tb testing.TB, all []string) {
	tb.Helper()
	require.Contains(tb, all, "0008_partnerdev")
	require.Contains(tb, all, "0011_rejects")
}

// AfterEarlierStore checks a store opened on one of EarlierStores, every
// migration applied: the tables of 0008 (rate_uses) and of 0011
// (report_rejects) work.
func AfterEarlierStore(t *testing.T, s eleader.Store) {
	t.Helper()
	ctx := t.Context()
	now := time.Now()
	ok, _, err := s.TakeRate(ctx, "check:adie", now, now.Add(-time.Hour), 1)
	require.NoError(t, err)
	assert.True(t, ok, "0008's rate_uses")
	ok, _, err = s.TakeRate(ctx, "check:adie", now, now.Add(-time.Hour), 1)
	require.NoError(t, err)
	assert.False(t, ok, "0008's rate_uses count the first use")
	list, err := s.ReportsWithRejects(ctx, "adie", 0)
	require.NoError(t, err, "0011's report_rejects")
	assert.Empty(t, list)
}

// SheetBefore0005 is a connection sheet as stores kept them before the
// channel "depot" was renamed "sftp" (migration 0005): partner bge, on
// the channels api, depot and web, with a comment that names depot.
const SheetBefore0005 = `{"partner":"bge","name":"BGE « Île-de-France » \u003cparis\u003e","operators":["BGE1"],"channels":["api","depot","web"],` +
	`"mode":"partial","environment":"production","contact":{"name":"Jeanne","phone":"01 23 45 67 89","email":"jeanne@bge.example"},` +
	`"reportRecipients":[],"correspondences":null,"certificate":"","comments":"the word \"depot\" in a comment stays"}`

// AdieSheetBefore0005 is SheetBefore0005 for partner adie, on the channel
// api only.
var AdieSheetBefore0005 = strings.ReplaceAll(strings.ReplaceAll(SheetBefore0005, `"bge"`, `"adie"`), `["api","depot","web"]`, `["api"]`)

// After0005 checks a store made before migration 0005 and opened since:
// partner bge (SheetBefore0005, version 3, on the channels ",api,depot,web,"),
// partner adie (AdieSheetBefore0005, version 1) and the ledger entry
// ('bge', '20261101-bge.csv', superseded, unreported). bge's sheet has its
// channel "depot" called "sftp", in the sheet and in the searches, the
// rest unchanged; adie's is untouched; the ledger's older entry is
// unreported by a notice, and stays claimable.
func After0005(t *testing.T, s eleader.Store) {
	t.Helper()
	ctx := t.Context()
	p, err := s.Partner(ctx, "bge")
	require.NoError(t, err)
	assert.Equal(t, []eleader.Channel{eleader.ChannelAPI, eleader.ChannelSFTP, eleader.ChannelWeb}, p.Sheet.Channels, "the order is kept")
	assert.Equal(t, "BGE « Île-de-France » <paris>", p.Sheet.Name)
	assert.Equal(t, `the word "depot" in a comment stays`, p.Sheet.Comments)
	assert.Equal(t, "jeanne@bge.example", p.Sheet.Contact.Email)
	assert.Equal(t, int64(3), p.Version)
	ps, err := s.Partners(ctx, eleader.PartnerFilter{Channel: eleader.ChannelSFTP})
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, "bge", ps[0].ID())
	ps, err = s.Partners(ctx, eleader.PartnerFilter{Channel: "depot"})
	require.NoError(t, err)
	assert.Empty(t, ps, "no stored sheet keeps depot")
	a, err := s.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, []eleader.Channel{eleader.ChannelAPI}, a.Sheet.Channels)

	r, err := s.AddNotice(ctx, "bge", func(sup []string, ref []eleader.FileEvent) (*eleader.Report, error) {
		return &eleader.Report{Partner: "bge", Notice: true, Superseded: sup, Refused: ref}, nil
	})
	require.NoError(t, err)
	require.NotNil(t, r)
	assert.Equal(t, []string{"20261101-bge.csv"}, r.Superseded)
}

// RejectsBefore0011 is a rejects blob of a report written before
// migration 0011: three chunks of 8 MiB once cut, the last short, every
// byte value in it.
func RejectsBefore0011() []byte {
	b := make([]byte, 17<<20+777)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// After0011 checks a store made before migration 0011 and opened since,
// with partner adie's three reports: one with blob (RejectsBefore0011) for
// rejects, a body with "rejected":3 and "rejectLines":[2,4,9]; one with
// NULL rejects and "rejectLines":null; one with empty rejects and
// "rejectLines":[]. The first has its rejects cut into the part "csv",
// byte for byte, its rejectLines moved into the part "lines", its size
// kept and the rest of its body; the others have no part. It returns the
// first report's ID.
func After0011(t *testing.T, s eleader.Store, blob []byte) int64 {
	t.Helper()
	ctx := t.Context()
	list, err := s.ReportsWithRejects(ctx, "adie", 0)
	require.NoError(t, err)
	require.Len(t, list, 1)
	id := list[0].ID
	assert.Equal(t, int64(len(blob)), list[0].Bytes)
	r, err := s.Report(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, int64(len(blob)), r.RejectsBytes)
	assert.Equal(t, 3, r.Rejected, "the rest of the body stays")
	got := []byte(readPart(t, s, id, eleader.RejectsPartCSVRaw))
	assert.True(t, bytes.Equal(blob, got), "the rejects, byte for byte, from their chunks (%d bytes, want %d)", len(got), len(blob))
	assert.Equal(t, "2\n4\n9\n", readPart(t, s, id, eleader.RejectsPartLinesRaw))
	all, err := s.Reports(ctx, "adie", 0)
	require.NoError(t, err)
	require.Len(t, all, 3)
	for _, other := range all {
		if other.ID == id {
			continue
		}
		_, err := s.Rejects(ctx, other.ID, eleader.RejectsPartCSVRaw)
		assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "report %d: no rejects, no part", other.ID)
		assert.Zero(t, other.RejectsBytes)
		r, err := s.Report(ctx, other.ID)
		require.NoError(t, err)
		assert.Zero(t, r.RejectsBytes, "report %d", other.ID)
	}
	return id
}
