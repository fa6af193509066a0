package sqlite_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestMigrationsAfterMain: a store made by earlier code
// (storetest.EarlierStores: main's, 0001 to 0007, or one that already had
// issue 15's 0011 but not issue 13's 0008) opens with every missing
// migration applied, and the tables of both work.
func TestMigrationsAfterMain(t *testing.T) {
	for _, tt := range storetest.EarlierStores {
		t.Run(tt.Name, func(t *testing.T) {
			path, all := oldStore(t, tt.Applied, nil)
			storetest.RequireMigrationNames(t, all)
			s := openStore(t, path)

			rows, err := rawDB(t, "file:"+path).QueryContext(t.Context(), `SELECT version FROM schema_migrations ORDER BY version`)
			require.NoError(t, err)
			defer rows.Close()
			var got []string
			for rows.Next() {
				var v string
				require.NoError(t, rows.Scan(&v))
				got = append(got, v)
			}
			require.NoError(t, rows.Err())
			assert.Equal(t, all, got, "every migration applied")

			storetest.AfterEarlierStore(t, s)
		})
	}
}
