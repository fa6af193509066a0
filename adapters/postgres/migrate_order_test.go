package postgres_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestMigrationsAfterMain: a database made by earlier code
// (storetest.EarlierStores: main's, 0001 to 0007, or one that already had
// issue 15's 0011 but not issue 13's 0008) opens with every missing
// migration applied, and the tables of both work.
func TestMigrationsAfterMain(t *testing.T) {
	for _, tt := range storetest.EarlierStores {
		t.Run(tt.Name, func(t *testing.T) {
			dbURL, all := oldSchema(t, tt.Applied)
			storetest.RequireMigrationNames(t, all)
			s := openStore(t, dbURL)
			ctx := t.Context()

			conn, err := pgx.Connect(ctx, dbURL)
			require.NoError(t, err)
			defer conn.Close(ctx)
			rows, err := conn.Query(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
			require.NoError(t, err)
			got, err := pgx.CollectRows(rows, pgx.RowTo[string])
			require.NoError(t, err)
			assert.Equal(t, all, got, "every migration applied")

			storetest.AfterEarlierStore(t, s)
		})
	}
}
