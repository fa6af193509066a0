package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// oldSheet is a connection sheet as stores kept them before the channel
// "depot" was renamed "sftp".
const oldSheet = `{"partner":"bge","name":"BGE « Île-de-France » \u003cparis\u003e","operators":["BGE1"],"channels":["api","depot","web"],` +
	`"mode":"partial","environment":"production","contact":{"name":"Jeanne","phone":"01 23 45 67 89","email":"jeanne@bge.example"},` +
	`"reportRecipients":[],"correspondences":null,"certificate":"","comments":"the word \"depot\" in a comment stays"}`

// TestMigration0005Channels: a store made before migration 0005, with a
// sheet on the channel "depot", opens with that channel called "sftp", in
// the sheet and in the searches; the rest of the sheet is unchanged.
func TestMigration0005Channels(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied TEXT NOT NULL)`)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	for _, f := range files {
		version := strings.TrimSuffix(filepath.Base(f), ".sql")
		if version >= "0005" {
			continue
		}
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = db.ExecContext(ctx, string(body))
		require.NoError(t, err, version)
		_, err = db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, '2026-11-01T00:00:00Z')`, version)
		require.NoError(t, err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO partners (id, status, environment, channels, sheet, created, updated, version)
		VALUES ('bge', 'ACTIVEE', 'production', ',api,depot,web,', ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 3),
		       ('adie', 'ACTIVEE', 'production', ',api,', ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 1)`,
		oldSheet, strings.ReplaceAll(strings.ReplaceAll(oldSheet, `"bge"`, `"adie"`), `["api","depot","web"]`, `["api"]`))
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO run_files VALUES ('bge', '20261101-bge.csv', 'aa', 'superseded', 1, 0, '2026-11-01T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
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

	// The ledger's older entries are unreported by a notice, and stay
	// claimable.
	r, err := s.AddNotice(ctx, "bge", func(sup []string, ref []eleader.FileEvent) (*eleader.Report, error) {
		return &eleader.Report{Partner: "bge", Notice: true, Superseded: sup, Refused: ref}, nil
	})
	require.NoError(t, err)
	require.NotNil(t, r)
	assert.Equal(t, []string{"20261101-bge.csv"}, r.Superseded)
}
