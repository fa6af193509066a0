package postgres_test

import (
	"encoding/hex"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader/storetest"
)

// TestMigration0011Rejects: a database made before migration 0011 opens
// with each report's rejects cut into the part "csv", byte for byte, its
// body's rejectLines moved into the part "lines", its size kept; a report
// without rejects gets no part (storetest.After0011).
func TestMigration0011Rejects(t *testing.T) {
	blob := storetest.RejectsBefore0011()
	dbURL, _ := oldSchema(t, storetest.Before("0011"), `INSERT INTO reports (partner, file, import_id, run_id, body, rejects, created) VALUES
		('adie', '20261116-adie.csv', 7, 3, '{"partner":"adie","file":"20261116-adie.csv","rejected":3,"rejectLines":[2,4,9]}', '\x`+hex.EncodeToString(blob)+`', 1),
		('adie', '20261117-adie.csv', 8, 4, '{"partner":"adie","file":"20261117-adie.csv","rejectLines":null}', NULL, 2),
		('adie', '20261118-adie.csv', 9, 5, '{"partner":"adie","file":"20261118-adie.csv","rejectLines":[]}', '\x', 3)`)
	storetest.After0011(t, openStore(t, dbURL), blob)
}
