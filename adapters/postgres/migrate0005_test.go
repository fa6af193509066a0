package postgres_test

import (
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestMigration0005Channels: a database made before migration 0005, with a
// sheet on the channel "depot", opens with that channel called "sftp", in
// the sheet and in the searches; the rest of the sheet is unchanged
// (storetest.After0005).
func TestMigration0005Channels(t *testing.T) {
	quote := func(s string) string { return `'` + strings.ReplaceAll(s, "'", "''") + `'` }
	dbURL, _ := oldSchema(t, storetest.Before("0005"),
		`INSERT INTO partners (id, status, environment, channels, sheet, version)
		 VALUES ('bge', 'ACTIVEE', 'production', ',api,depot,web,', `+quote(storetest.SheetBefore0005)+`, 3),
		        ('adie', 'ACTIVEE', 'production', ',api,', `+quote(storetest.AdieSheetBefore0005)+`, 1)`,
		`INSERT INTO run_files VALUES ('bge', '20261101-bge.csv', 'aa', 'superseded', 1, 0, 1)`)
	storetest.After0005(t, openStore(t, dbURL))
}
