package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestMigration0005Channels: a store made before migration 0005, with a
// sheet on the channel "depot", opens with that channel called "sftp", in
// the sheet and in the searches; the rest of the sheet is unchanged
// (storetest.After0005).
func TestMigration0005Channels(t *testing.T) {
	path, _ := oldStore(t, storetest.Before("0005"), func(ctx context.Context, db *sql.DB) {
		_, err := db.ExecContext(ctx, `INSERT INTO partners (id, status, environment, channels, sheet, created, updated, version)
		VALUES ('bge', 'ACTIVEE', 'production', ',api,depot,web,', ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 3),
		       ('adie', 'ACTIVEE', 'production', ',api,', ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 1)`,
			storetest.SheetBefore0005, storetest.AdieSheetBefore0005)
		require.NoError(t, err)
		_, err = db.ExecContext(ctx, `INSERT INTO run_files VALUES ('bge', '20261101-bge.csv', 'aa', 'superseded', 1, 0, '2026-11-01T00:00:00Z')`)
		require.NoError(t, err)
	})
	storetest.After0005(t, openStore(t, path))
}
