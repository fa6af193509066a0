package eleadertest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/eleadertest"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const (
	clean  = "../examples/files/20261116-demo.csv"
	faulty = "../examples/files/20261117-demo.csv"
)

// recorder is a test that records what the helpers say: a failure stops
// the helper, as t.Fatalf does.
type recorder struct {
	failed bool
	msg    string
	logs   []string
}

type stopped struct{}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	panic(stopped{})
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// run runs a helper on a recorder.
func run(fn func(t eleadertest.T)) *recorder {
	r := &recorder{}
	func() {
		defer func() {
			if p := recover(); p != nil {
				if _, ok := p.(stopped); !ok {
					panic(p)
				}
			}
		}()
		fn(r)
	}()
	return r
}

// TestRequireValid passes a clean file, and fails a faulty one listing
// each error's line, field, check and message.
func TestRequireValid(t *testing.T) {
	eleadertest.RequireValid(t, clean)

	r := run(func(t eleadertest.T) { eleadertest.RequireValid(t, faulty) })
	require.True(t, r.failed)
	assert.True(t, strings.HasPrefix(r.msg, faulty+": PARTIAL — 14 of 15 lines rejected\n"), r.msg)
	assert.Contains(t, r.msg, "  line 3     SIRET                  type           Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'\n")

	r = run(func(t eleadertest.T) { eleadertest.RequireValid(t, "testdata/absent.csv") })
	assert.True(t, r.failed)
	assert.Contains(t, r.msg, "no such file")

	dir := t.TempDir()
	latin1 := filepath.Join(dir, "20261116-demo.csv")
	b, err := os.ReadFile(clean)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(latin1, []byte(strings.Replace(string(b), "Amélie", "Am\xe9lie", 1)), 0o600))
	r = run(func(t eleadertest.T) { eleadertest.RequireValid(t, latin1) })
	assert.True(t, r.failed)
	assert.Contains(t, r.msg, "REJECTED — 0 of 0 lines rejected\n  file error encoding: ")
}

// TestRequireVerdict: a golden written, then compared; a change listed;
// a missing golden says how to make it.
func TestRequireVerdict(t *testing.T) {
	dir := t.TempDir()
	golden := filepath.Join(dir, "20261117-demo.golden.json")
	r := run(func(t eleadertest.T) { eleadertest.RequireVerdict(t, faulty, golden) })
	assert.True(t, r.failed)
	assert.Contains(t, r.msg, "run the test with -update, or ELEADER_UPDATE=1, to write it")

	on := true
	c := eleadertest.Checker{Update: &on}
	r = run(func(t eleadertest.T) { c.RequireVerdict(t, faulty, golden) })
	require.False(t, r.failed, r.msg)
	assert.Equal(t, []string{"eleadertest: " + golden + " rewritten"}, r.logs)
	b, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "{\n  \"file\": \"20261117-demo.csv\",\n  \"partner\": \"demo\",\n  \"date\": \"2026-11-17\",\n  \"status\": \"partial\""), "%s", b)

	eleadertest.RequireVerdict(t, faulty, golden)

	// The verdict changes: one error fewer, one more.
	changed := filepath.Join(dir, "20261117-demo.csv")
	src, err := os.ReadFile(faulty)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(changed, []byte(strings.Replace(string(src), ";abc;", ";73282932000074;", 1)), 0o600))
	r = run(func(t eleadertest.T) { eleadertest.RequireVerdict(t, changed, golden) })
	require.True(t, r.failed)
	assert.Contains(t, r.msg, "1 line errors expected, not found:\n  line 3     SIRET                  type           Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'\n")
	assert.NotContains(t, r.msg, "not expected", "the changed value passes")

	t.Setenv("ELEADER_UPDATE", "1")
	r = run(func(t eleadertest.T) { eleadertest.RequireVerdict(t, changed, golden) })
	require.False(t, r.failed, r.msg)
	eleadertest.Checker{Update: new(bool)}.RequireVerdict(t, changed, golden)
}

// TestChecker: a date that does not age, and the complete mode.
func TestChecker(t *testing.T) {
	c := eleadertest.Checker{Date: matrice.NewDate(2027, 1, 1), Mode: "complete"}
	v, err := c.Verdict(faulty)
	require.NoError(t, err)
	assert.Equal(t, "2027-01-01", v.Date)
	assert.Equal(t, "rejected", string(v.Status), "complete mode")
	require.Len(t, v.FileErrors, 1)
	assert.Equal(t, "mode", string(v.FileErrors[0].Code))
	_, err = c.Verdict("../adapters/xlsx/testdata/libreoffice/20261116-demo.xlsx")
	assert.ErrorContains(t, err, "workbook")
}
