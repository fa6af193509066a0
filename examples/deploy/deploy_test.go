package deploy_test

import (
	"bufio"
	"context"
	"debug/elf"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The binary the Dockerfile's build command makes, built once.
var binary struct {
	once sync.Once
	path string
	out  string
	err  error
}

const (
	testVersion = "v0.0.0-deploytest"
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
)

// buildCommand is the Dockerfile's "RUN CGO_ENABLED=0 go build …" command.
func buildCommand(tb testing.TB) string {
	tb.Helper()
	for _, l := range dockerfile(tb) {
		if cmd, ok := strings.CutPrefix(l, "RUN "); ok && strings.Contains(cmd, "go build") {
			return cmd
		}
	}
	tb.Fatal("the Dockerfile has no go build")
	return ""
}

// built runs the Dockerfile's build command, as the image's build stage
// does (with its build arguments set), from the repository's root.
func built(tb testing.TB) string {
	tb.Helper()
	cmd := buildCommand(tb)
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "eleader-deploy-*")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "eleader")
		line := strings.NewReplacer("${VERSION}", testVersion, "${COMMIT}", testCommit, "-o /out/eleader", "-o "+binary.path).Replace(cmd)
		c := exec.Command("sh", "-c", line)
		c.Dir = "../.."
		out, err := c.CombinedOutput()
		binary.out, binary.err = string(out), err
	})
	require.NoError(tb, binary.err, "%s\n%s", cmd, binary.out)
	return binary.path
}

// dockerfile returns the Dockerfile's instructions, continuation lines
// joined, comments dropped.
func dockerfile(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile("Dockerfile")
	require.NoError(tb, err)
	var out []string
	cur := ""
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") || (l == "" && cur == "") {
			continue
		}
		if more, ok := strings.CutSuffix(l, "\\"); ok {
			cur += strings.TrimSpace(more) + " "
			continue
		}
		if l = strings.TrimSpace(cur + l); l != "" {
			out = append(out, l)
		}
		cur = ""
	}
	return out
}

// serveSettings are the ELEADER_* variables serve reads, from its help.
func serveSettings(tb testing.TB) []string {
	tb.Helper()
	out, err := exec.Command(built(tb), "serve", "--help").Output()
	require.NoError(tb, err)
	var vars []string
	in := false
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case l == "environment:":
			in = true
		case in && strings.HasPrefix(l, "  ELEADER_"):
			names, _, _ := strings.Cut(strings.TrimSpace(l), "  ") // then the description
			vars = append(vars, regexp.MustCompile(`ELEADER_[A-Z0-9_]+`).FindAllString(names, -1)...)
		case in && l == "":
			in = false
		}
	}
	require.Contains(tb, vars, "ELEADER_DATA")
	require.Contains(tb, vars, "ELEADER_SMTP_HOST")
	return vars
}

func TestDockerfile(t *testing.T) {
	lines := dockerfile(t)
	var froms []string
	final := map[string][]string{} // instruction → arguments, in the last stage
	for _, l := range lines {
		word, rest, _ := strings.Cut(l, " ")
		if word == "FROM" {
			froms = append(froms, rest)
			final = map[string][]string{}
		}
		final[word] = append(final[word], rest)
	}
	require.GreaterOrEqual(t, len(froms), 2, "multi-stage")
	goMod, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
	require.NotNil(t, goVersion)
	assert.Equal(t, "golang:"+string(goVersion[1])+" AS build", froms[0], "the build stage's Go is go.mod's")
	assert.Equal(t, "scratch", froms[len(froms)-1], "the image holds the static binary alone")
	require.Len(t, final["USER"], 1)
	uid, err := strconv.Atoi(strings.Split(final["USER"][0], ":")[0])
	require.NoError(t, err, "a numeric user: scratch has no /etc/passwd")
	assert.NotZero(t, uid, "not root")
	assert.Contains(t, final["COPY"], "--from=build /out/eleader /eleader")
	assert.Contains(t, final["COPY"], "--from=build /out/tmp /tmp", "a /tmp for the temporary files: scratch has none")
	assert.Contains(t, strings.Join(lines, "\n"), "chmod 1777 /out/tmp", "writable by the service's user, sticky")
	assert.Equal(t, []string{`["/eleader"]`}, final["ENTRYPOINT"])
	assert.Equal(t, []string{`["serve"]`}, final["CMD"])
	require.Len(t, final["HEALTHCHECK"], 1)
	assert.Regexp(t, `CMD \["/eleader", "healthcheck", "http://127\.0\.0\.1:8080/healthz"\]$`, final["HEALTHCHECK"][0])
	assert.Equal(t, []string{"8080"}, final["EXPOSE"])
	assert.Contains(t, buildCommand(t), "CGO_ENABLED=0 go build")

	env := map[string]string{}
	for _, e := range final["ENV"] {
		for _, kv := range strings.Fields(e) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	}
	settings := serveSettings(t)
	for k := range env {
		assert.Contains(t, settings, k, "ENV %s is a setting of serve", k)
	}
	assert.Equal(t, ":8080", env["ELEADER_ADDR"], "the port EXPOSEd and health-checked")
	assert.Equal(t, []string{`["/var/lib/eleader"]`}, final["VOLUME"])
	assert.Equal(t, "/var/lib/eleader", env["ELEADER_DATA"], "the data in the volume")
}

// TestDockerBuildMakesAStaticBinary runs the Dockerfile's build command:
// the binary links nothing (it runs on scratch), knows the version and
// commit it was given, serves from ELEADER_* variables alone, and answers
// the image's health check.
func TestDockerBuildMakesAStaticBinary(t *testing.T) {
	bin := built(t)
	f, err := elf.Open(bin)
	require.NoError(t, err)
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "no dynamic loader")
	}
	libs, err := f.ImportedLibraries()
	require.NoError(t, err)
	assert.Empty(t, libs)
	f.Close()

	out, err := exec.Command(bin, "version").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), "eleader "+testVersion)
	assert.Contains(t, string(out), "commit  "+testCommit)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	serve := exec.CommandContext(ctx, bin)
	serve.Args = []string{bin, "serve"}
	serve.Env = append(os.Environ(), "ELEADER_DATA="+t.TempDir(), "ELEADER_ADDR=127.0.0.1:0", "ELEADER_LOG=json")
	stdout, err := serve.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, serve.Start())
	defer serve.Process.Kill()
	base := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "eleader: serving on "); ok {
			base = rest
			break
		}
	}
	require.NotEmpty(t, base, "serve's banner")
	go func() {
		for sc.Scan() {
		}
	}()
	health, err := exec.Command(bin, "healthcheck", base+"/healthz").CombinedOutput()
	assert.NoError(t, err, "%s", health)
	u, err := url.Parse(base)
	require.NoError(t, err)
	_, port, _ := net.SplitHostPort(u.Host)
	health, err = exec.Command(bin, "healthcheck", "http://127.0.0.1:"+port).CombinedOutput()
	assert.NoError(t, err, "a URL without a path asks /healthz: %s", health)

	require.NoError(t, serve.Process.Signal(syscall.SIGTERM))
	assert.NoError(t, serve.Wait(), "a graceful stop exits 0")
	_, err = exec.Command(bin, "healthcheck", "--timeout", "2s", base+"/healthz").CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "stopped: unhealthy")
	assert.Equal(t, 1, exit.ExitCode())
}

// TestCompose reads compose.yaml as docker compose would and checks its
// wiring: the image built from this Dockerfile, its store in the postgres
// service with that service's user, database and password, waiting for
// its health, its data in a volume, its settings real ones of serve.
func TestCompose(t *testing.T) {
	b, err := os.ReadFile("compose.yaml")
	require.NoError(t, err)
	var c struct {
		Services map[string]struct {
			Build struct {
				Context    string `yaml:"context"`
				Dockerfile string `yaml:"dockerfile"`
			} `yaml:"build"`
			Image       string                       `yaml:"image"`
			DependsOn   map[string]map[string]string `yaml:"depends_on"`
			Ports       []string                     `yaml:"ports"`
			Environment map[string]string            `yaml:"environment"`
			Volumes     []string                     `yaml:"volumes"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&struct {
		Name     string    `yaml:"name"`
		Services yaml.Node `yaml:"services"`
		Volumes  yaml.Node `yaml:"volumes"`
	}{}), "only name, services and volumes at the top")
	require.NoError(t, yaml.Unmarshal(b, &c))

	app, ok := c.Services["eleader"]
	require.True(t, ok, "an eleader service")
	db, ok := c.Services["postgres"]
	require.True(t, ok, "a postgres service")

	_, err = os.Stat(filepath.Join(app.Build.Context, "go.mod"))
	assert.NoError(t, err, "the build context is the repository")
	same, err := filepath.Abs(filepath.Join(app.Build.Context, app.Build.Dockerfile))
	require.NoError(t, err)
	here, err := filepath.Abs("Dockerfile")
	require.NoError(t, err)
	assert.Equal(t, here, same, "built with this Dockerfile")
	assert.Equal(t, "service_healthy", app.DependsOn["postgres"]["condition"])
	assert.Equal(t, []string{"CMD", "/eleader", "healthcheck", "http://127.0.0.1:8080/healthz"}, app.Healthcheck.Test)
	assert.Contains(t, strings.Join(db.Healthcheck.Test, " "), "pg_isready")

	settings := serveSettings(t)
	for k := range app.Environment {
		if strings.HasPrefix(k, "ELEADER_") {
			assert.Contains(t, settings, k, "%s is a setting of serve", k)
		}
	}
	pg, err := url.Parse(app.Environment["ELEADER_DB"])
	require.NoError(t, err)
	assert.Equal(t, "postgres", pg.Scheme)
	assert.Equal(t, "postgres", pg.Hostname(), "the postgres service")
	assert.Equal(t, db.Environment["POSTGRES_USER"], pg.User.Username())
	assert.Equal(t, "/"+db.Environment["POSTGRES_DB"], pg.Path)
	_, inURL := pg.User.Password()
	assert.False(t, inURL, "the password is not in the URL (it would show in the banner's source)")
	assert.Equal(t, db.Environment["POSTGRES_PASSWORD"], app.Environment["PGPASSWORD"], "the same password")
	assert.Contains(t, app.Environment["PGPASSWORD"], "${", "from the environment or .env, not written here")

	assert.Contains(t, app.Volumes, "eleader-data:"+app.Environment["ELEADER_DATA"], "the data directory is a volume")
	for _, s := range []struct{ vols []string }{{app.Volumes}, {db.Volumes}} {
		for _, v := range s.vols {
			name, _, _ := strings.Cut(v, ":")
			assert.Contains(t, c.Volumes, name, "volume %s declared", name)
		}
	}
	_, port, ok := strings.Cut(app.Environment["ELEADER_ADDR"], ":")
	require.True(t, ok)
	require.Len(t, app.Ports, 1)
	assert.True(t, strings.HasSuffix(app.Ports[0], ":"+port), "the port published is the one served: %s", app.Ports[0])
	assert.True(t, strings.HasPrefix(app.Ports[0], "127.0.0.1:"), "published on loopback: a TLS proxy goes in front")
}

// unit reads the systemd unit: section → key → values.
func unit(tb testing.TB) map[string]map[string][]string {
	tb.Helper()
	b, err := os.ReadFile("eleader.service")
	require.NoError(tb, err)
	out := map[string]map[string][]string{}
	section := ""
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "["):
			section = strings.Trim(l, "[]")
			out[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(l, "=")
			require.True(tb, ok, "%q", l)
			out[section][k] = append(out[section][k], v)
		}
	}
	return out
}

func TestSystemdUnit(t *testing.T) {
	svc := unit(t)["Service"]
	for k, want := range map[string]string{
		"DynamicUser": "yes", "StateDirectory": "eleader", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
		"ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes", "UMask": "0077",
		"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "CapabilityBoundingSet": "", "KillSignal": "SIGTERM",
		"ExecStart": "/usr/local/bin/eleader serve", "EnvironmentFile": "-/etc/eleader/eleader.env",
	} {
		assert.Equal(t, []string{want}, svc[k], k)
	}
	assert.Contains(t, svc["SystemCallFilter"], "@system-service")
	settings := serveSettings(t)
	env := map[string]string{}
	for _, e := range svc["Environment"] {
		k, v, _ := strings.Cut(e, "=")
		env[k] = v
		assert.Contains(t, settings, k, "Environment %s is a setting of serve", k)
	}
	assert.Equal(t, "%S/eleader", env["ELEADER_DATA"], "the data in the StateDirectory")
	stop, err := time.ParseDuration(strings.TrimSuffix(svc["TimeoutStopSec"][0], "in"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, stop, 3*time.Minute, "room for the graceful stop: uploads 1 min, then the import 2 min")

	envFile, err := os.ReadFile("eleader.env.example")
	require.NoError(t, err)
	for _, l := range strings.Split(string(envFile), "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "# ")
		if k, _, ok := strings.Cut(l, "="); ok && strings.HasPrefix(k, "ELEADER_") {
			assert.Contains(t, settings, k, "%s in eleader.env.example is read by serve", k)
		}
	}
}

// TestSystemdAnalyzeVerify runs systemd-analyze verify on the unit (its
// ExecStart pointed at the binary built here): no error, no warning. Where
// systemd-analyze is missing the test is skipped, unless
// ELEADER_REQUIRE_SYSTEMD is set (CI sets it).
func TestSystemdAnalyzeVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("ELEADER_REQUIRE_SYSTEMD") != "" {
			t.Fatal("systemd-analyze is not installed, and ELEADER_REQUIRE_SYSTEMD is set")
		}
		t.Skip("systemd-analyze is not installed (apt-get install systemd); set ELEADER_REQUIRE_SYSTEMD=1 to fail instead")
	}
	b, err := os.ReadFile("eleader.service")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "eleader.service")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), "ExecStart=/usr/local/bin/eleader", "ExecStart="+built(t), 1)), 0o644))
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Empty(t, strings.TrimSpace(string(out)), "systemd-analyze verify says nothing")

	out, err = exec.Command(analyze, "security", "--offline=yes", path).CombinedOutput()
	if err != nil && strings.Contains(string(out), "offline") {
		t.Logf("systemd-analyze security --offline is not supported here: %s", out)
		return
	}
	m := regexp.MustCompile(`Overall exposure level for eleader\.service: ([0-9.]+)`).FindSubmatch(out)
	require.NotNil(t, m, "%s", out)
	exposure, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	assert.LessOrEqual(t, exposure, 2.0, "systemd-analyze security: the unit stays hardened (\"OK\" is below 3)")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.path != "" {
		os.RemoveAll(filepath.Dir(binary.path))
	}
	os.Exit(code)
}
