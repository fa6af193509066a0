package postgres_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// oldSheet is a connection sheet as stores kept them before the channel
// "depot" was renamed "sftp".
const oldSheet = `{"partner":"bge","name":"BGE « Île-de-France » \u003cparis\u003e","operators":["BGE1"],"channels":["api","depot","web"],` +
	`"mode":"partial","environment":"production","contact":{"name":"Jeanne","phone":"01 23 45 67 89","email":"jeanne@bge.example"},` +
	`"reportRecipients":[],"correspondences":null,"certificate":"","comments":"the word \"depot\" in a comment stays"}`

// TestMigration0005Channels: a database made before migration 0005, with a
// sheet on the channel "depot", opens with that channel called "sftp", in
// the sheet and in the searches; the rest of the sheet is unchanged.
func TestMigration0005Channels(t *testing.T) {
	dbURL := newSchema(t)
	stmts := []string{`CREATE TABLE schema_migrations (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`}
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	require.NoError(t, err)
	for _, f := range files {
		version := strings.TrimSuffix(filepath.Base(f), ".sql")
		if version >= "0005" {
			continue
		}
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		stmts = append(stmts, string(body), `INSERT INTO schema_migrations (version) VALUES ('`+version+`')`)
	}
	adie := strings.ReplaceAll(strings.ReplaceAll(oldSheet, `"bge"`, `"adie"`), `["api","depot","web"]`, `["api"]`)
	stmts = append(stmts,
		`INSERT INTO partners (id, status, environment, channels, sheet, version)
		 VALUES ('bge', 'ACTIVEE', 'production', ',api,depot,web,', '`+strings.ReplaceAll(oldSheet, "'", "''")+`', 3),
		        ('adie', 'ACTIVEE', 'production', ',api,', '`+strings.ReplaceAll(adie, "'", "''")+`', 1)`,
		`INSERT INTO run_files VALUES ('bge', '20261101-bge.csv', 'aa', 'superseded', 1, 0, 1)`)
	execSQL(t, dbURL, stmts...)

	s := openStore(t, dbURL)
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
