package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importDemo imports the clean example into the store of data.
func importDemo(tb testing.TB, data string) {
	tb.Helper()
	var out, errOut strings.Builder
	code := run([]string{"import", "--data", data, "--partner", "demo", "--operators", "ADIE,FRAC", demoClean}, &out, &errOut)
	require.Equal(tb, exitOK, code, errOut.String())
}

func writeFile(tb testing.TB, path, content string) string {
	tb.Helper()
	require.NoError(tb, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestDataDirectoryFromTheEnvironment(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	importDemo(t, data)
	_, err := os.Stat(filepath.Join(data, "eleader.db"))
	require.NoError(t, err, "--data DIR keeps the store in DIR/eleader.db")

	t.Setenv("ELEADER_DATA", data)
	code, out, stderr := runCLI(t, "imports")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "demo 20261116-demo.csv: accepted")

	// A flag of the command line wins over the environment.
	code, _, stderr = runCLI(t, "imports", "--data", filepath.Join(t.TempDir(), "none"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no store at")

	// --db, set itself, wins over what --data derives.
	t.Setenv("ELEADER_DB", filepath.Join(t.TempDir(), "other.db"))
	code, _, stderr = runCLI(t, "imports")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "other.db")
}

func TestDataDerivesDepotsAndOutbox(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, out, stderr := runCLI(t, "demo", "--data", data)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "20261117-demo.csv deposited")
	_, err := os.Stat(filepath.Join(data, "depots", "demo", "depot", "20261117-demo.csv"))
	require.NoError(t, err, "the deposits are in DIR/depots")
	code, _, stderr = runCLI(t, "run", "--now", "--data", data)
	require.Equal(t, exitOK, code, stderr)
	emls, _ := filepath.Glob(filepath.Join(data, "outbox", "*.eml"))
	assert.NotEmpty(t, emls, "the reports are in DIR/outbox")

	// A new export (the run used 20261116 and 20261117: a name is used
	// once, and deposit checks it as every channel does).
	depots := filepath.Join(dir, "elsewhere")
	fresh := filepath.Join(dir, "20261118-demo.csv")
	body, err := os.ReadFile(demoClean)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(fresh, body, 0o600))
	code, _, stderr = runCLI(t, "deposit", "--data", data, "--depots", depots, "--partner", "demo", fresh)
	require.Equal(t, exitOK, code, stderr)
	_, err = os.Stat(filepath.Join(depots, "demo", "depot", "20261118-demo.csv"))
	assert.NoError(t, err, "--depots, given, wins over --data")
}

// TestSettingsPrecedence: the command line wins over the environment,
// which wins over the settings file, which wins over the default.
func TestSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	importDemo(t, data)
	for _, cfg := range []string{
		writeFile(t, filepath.Join(dir, "eleader.toml"), "# settings\ndata = \""+data+"\"\nformat = \"json\"\naddr = \":9999\" # serve's: ignored by imports\n"),
		writeFile(t, filepath.Join(dir, "eleader.yaml"), "data: "+data+"\nformat: json\nmax_mb: 12\n"),
	} {
		t.Run(filepath.Ext(cfg), func(t *testing.T) {
			code, out, stderr := runCLI(t, "imports", "--config", cfg)
			require.Equal(t, exitOK, code, stderr)
			assert.True(t, strings.HasPrefix(out, "["), "the file's format: %s", out)

			t.Setenv("ELEADER_FORMAT", "text")
			code, out, _ = runCLI(t, "imports", "--config", cfg)
			require.Equal(t, exitOK, code)
			assert.True(t, strings.HasPrefix(out, "#1 "), "the environment wins over the file: %s", out)

			code, out, _ = runCLI(t, "imports", "--config", cfg, "--format", "json")
			require.Equal(t, exitOK, code)
			assert.True(t, strings.HasPrefix(out, "["), "the command line wins over the environment: %s", out)

			t.Setenv("ELEADER_FORMAT", "")
			t.Setenv("ELEADER_CONFIG", cfg)
			code, out, _ = runCLI(t, "imports")
			require.Equal(t, exitOK, code)
			assert.True(t, strings.HasPrefix(out, "["), "ELEADER_CONFIG names the file: %s", out)
		})
	}
}

func TestSettingsErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, file, content, env, want string
	}{
		{"extension", "eleader.ini", "db = x\n", "", "a settings file is TOML (.toml) or YAML (.yaml, .yml)"},
		{"TOML syntax", "bad.toml", "db = \"x\"\nformat = \n", "", "bad.toml: toml: line 2"},
		{"YAML syntax", "bad.yaml", "db: [x\nformat: json\n", "", "bad.yaml: yaml: line"},
		{"table", "t.toml", "[serve]\naddr = \":80\"\n", "", `t.toml: key "serve": a table`},
		{"bad value", "v.toml", "limit = \"many\"\n", "", `v.toml: limit = "many": parse error`},
		{"environment", "", "", "ELEADER_LIMIT=lots", `ELEADER_LIMIT="lots": parse error`},
		{"missing file", "none.toml", "", "", "--config: open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"runs", "--data", dir}
			if tc.file != "" {
				path := filepath.Join(dir, tc.file)
				if tc.content != "" {
					writeFile(t, path, tc.content)
				}
				args = append(args, "--config", path)
			}
			if tc.env != "" {
				k, v, _ := strings.Cut(tc.env, "=")
				t.Setenv(k, v)
			}
			code, _, stderr := runCLI(t, args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestSettingText(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"x", "x"}, {true, "true"}, {int64(42), "42"}, {2.5, "2.5"}, {[]any{"api", "web"}, "api,web"}, {12, "12"}, {uint64(7), "7"},
	} {
		got, err := settingText(tc.in)
		require.NoError(t, err, "%v", tc.in)
		assert.Equal(t, tc.want, got)
	}
	for _, bad := range []any{nil, map[string]any{}, []any{"a,b"}, []any{map[string]any{}}} {
		_, err := settingText(bad)
		assert.Error(t, err, "%v", bad)
	}
}
