package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorLogSpillsAndKeepsOrder(t *testing.T) {
	for _, memory := range []int{0, 200} {
		t.Run(fmt.Sprintf("memory %d", memory), func(t *testing.T) {
			log := &ErrorLog{MemoryBytes: memory, TempDir: t.TempDir()}
			defer log.Close()
			for i := range 1000 {
				require.NoError(t, log.Add(&LineError{Line: i + 2, Field: "Nom", Value: "<é&>", Check: matrice.CheckRequired, Message: fmt.Sprintf("m%d", i)}))
			}
			assert.Equal(t, 1000, log.Len())
			n := 0
			require.NoError(t, log.Each(func(e *LineError) error {
				assert.Equal(t, n+2, e.Line)
				assert.Equal(t, "<é&>", e.Value)
				n++
				return nil
			}))
			assert.Equal(t, 1000, n)
			require.NoError(t, log.Reset())
			assert.Equal(t, 0, log.Len())
			require.NoError(t, log.Each(func(*LineError) error { t.Fatal("reset log is not empty"); return nil }))
		})
	}
}

func TestWriteJSONIsTheSpecShape(t *testing.T) {
	rep := &Report{File: okName, Partner: "adie", Date: matrice.NewDate(2026, 11, 16), Status: StatusPartial,
		Lines: 3, Accepted: 2, Rejected: 1, Dossiers: 2}
	log := &ErrorLog{}
	defer log.Close()
	require.NoError(t, log.Add(&LineError{File: okName, Line: 3, Dossier: "ADIE1", Field: "SIRET", Value: "a<b", Check: matrice.CheckType, Message: "Attribute 'SIRET' with value 'a<b' fails check for type is 'NUM'"}))
	var out bytes.Buffer
	require.NoError(t, WriteJSON(&out, rep, log, map[string]any{"import": map[string]int{"id": 7}}))
	require.NoError(t, WriteJSON(&out, &Report{File: "x.csv", Status: StatusRejected, FileErrors: []*FileError{{Code: CodeName, Message: "bad"}}}, nil, nil))

	s := bufio.NewScanner(&out)
	var objs []map[string]any
	for s.Scan() {
		var o map[string]any
		require.NoError(t, json.Unmarshal(s.Bytes(), &o), s.Text())
		objs = append(objs, o)
	}
	require.Len(t, objs, 2, "one object per line")
	assert.Equal(t, map[string]any{
		"file": okName, "partner": "adie", "date": "2026-11-16", "status": "partial",
		"lines": 3.0, "accepted": 2.0, "rejected": 1.0, "dossiers": 2.0, "fileErrors": []any{},
		"errors": []any{map[string]any{"line": 3.0, "dossier": "ADIE1", "field": "SIRET", "value": "a<b", "check": "type",
			"message": "Attribute 'SIRET' with value 'a<b' fails check for type is 'NUM'"}},
		"import": map[string]any{"id": 7.0},
	}, objs[0])
	assert.Equal(t, []any{map[string]any{"code": "name", "message": "bad"}}, objs[1]["fileErrors"])
	assert.Equal(t, []any{}, objs[1]["errors"])
	assert.Equal(t, "", objs[1]["date"])
	assert.NotContains(t, out.String(), `\u003c`, "no HTML escaping")
}
