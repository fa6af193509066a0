package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCount(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		records int
		bad     int
	}{
		{"header only", "A;B\r\n", 1, 0},
		{"quoted cells", "A;B\r\n\"x;y\";\"a \"\"b\"\"\nc\"\r\n1;2\r\n", 3, 0},
		{"ragged", "A;B\n1\n1;2;3\n", 3, 0},
		{"blank lines skipped", "A;B\n\n1;2\n\n", 2, 0},
		{"a bare quote", "A;B\nx\"y;2\n1;2\n", 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			records, bad, err := count(strings.NewReader(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.records, records, "records")
			assert.Equal(t, tt.bad, bad, "refused")
		})
	}
}

func TestRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "20261116-demo.csv")
	require.NoError(t, os.WriteFile(path, []byte("A;B\r\n1;2\r\n"), 0o644))
	var out, errOut bytes.Buffer
	assert.Equal(t, 0, run([]string{path}, &out, &errOut))
	assert.Equal(t, "2\n", out.String())

	out.Reset()
	assert.Equal(t, 1, run([]string{path + ".missing"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "floor:")
	assert.Equal(t, 2, run(nil, &out, &errOut))
}
