package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// inputFile is the file every contender reads.
type inputFile struct {
	path, name string
	partner    string // of the name AAAAMMJJ-PARTNER.csv
	bytes      int64
	generated  *genSettings // nil for a given file
}

// genSettings are the settings of a generated file.
type genSettings struct {
	Lines  int     `json:"lines"`
	Faults float64 `json:"faults"`
	Seed   uint64  `json:"seed"`
	Faulty int     `json:"faulty"`
	Remix  bool    `json:"remix,omitempty"`
}

// prepareFile generates the file into work, or checks the one given.
func prepareFile(o options, work string, stderr io.Writer) (*inputFile, error) {
	if o.file != "" {
		st, err := os.Stat(o.file)
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("--file %s is not a regular file", o.file)
		}
		f := &inputFile{path: o.file, name: filepath.Base(o.file), bytes: st.Size()}
		if fn, err := importer.ParseFileName(f.name); err == nil {
			f.partner = fn.Partner
			return f, nil
		}
		// Any other name would stop validate at the file name: the file is
		// measured under a name of the form, linked (or copied) into work.
		return f, renameInput(f, o, work, stderr)
	}
	g := gen.New()
	g.Lines, g.Faults, g.Seed, g.Partner = o.lines, o.faults, o.seed, o.partner
	path := filepath.Join(work, g.FileName())
	fmt.Fprintf(stderr, "compare: generating %s (%d lines) …\n", g.FileName(), g.Lines)
	st, err := g.WriteFile(path)
	if err != nil {
		return nil, err
	}
	settings := &genSettings{Lines: g.Lines, Faults: g.Faults, Seed: g.Seed, Faulty: st.Faulty}
	if o.remix {
		if st.Bytes, err = remixFile(path, o.seed); err != nil {
			return nil, err
		}
		settings.Remix = true
	}
	return &inputFile{path: path, name: g.FileName(), partner: g.Partner, bytes: st.Bytes, generated: settings}, nil
}

// remixSpread is how far apart --remix moves lines: within windows of this
// many.
const remixSpread = 10_000

// remixFile rewrites the file at path with gen.Remix and returns its new
// size.
func remixFile(path string, seed uint64) (int64, error) {
	in, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(path), ".remix-*.csv")
	if err != nil {
		return 0, err
	}
	defer os.Remove(out.Name())
	x := gen.Remix{Seed: seed, ShuffleColumns: true, Spread: remixSpread, Pad: 0.05, Quote: 0.05, LF: true}
	if _, err := x.Copy(out, in); err != nil {
		out.Close()
		return 0, err
	}
	st, err := out.Stat()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return st.Size(), os.Rename(out.Name(), path)
}

// renameInput links (or, failing that, copies) a given file whose name is
// not AAAAMMJJ-PARTNER.csv into work as TODAY-PARTNER.csv (--partner, demo by
// default), so that validate and import measure all of it: its date is
// today's, as for an export made today.
func renameInput(f *inputFile, o options, work string, stderr io.Writer) error {
	name := time.Now().Format("20060102") + "-" + o.partner + ".csv"
	link := filepath.Join(work, name)
	abs, err := filepath.Abs(f.path)
	if err != nil {
		return err
	}
	if os.Symlink(abs, link) != nil {
		if err := copyFile(link, abs); err != nil {
			return fmt.Errorf("--file %s: %w", f.path, err)
		}
	}
	fmt.Fprintf(stderr, "compare: %s is not named AAAAMMJJ-PARTNER.csv: measured as %s (today's date, --partner)\n", f.name, name)
	f.path, f.name, f.partner = link, name, o.partner
	return nil
}

// copyFile copies the file src to dst, a new file.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// build builds the contenders' binaries into dir, from the module's source.
func build(ctx context.Context, dir string) error {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return errors.New("not inside the eleader-go module: run from its source tree, or give --bin")
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", dir+string(filepath.Separator), "./cmd/eleader", "./bench/floor", "./bench/naive")
	cmd.Dir = filepath.Dir(mod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	return nil
}

// environment is what the contenders' commands need.
type environment struct {
	bin, work string
	file      *inputFile
	operators string
	db        string // a PostgreSQL URL, or "" for SQLite files
	store     string // the store of the current round
	imported  bool   // the round's store holds the file
}

func (e *environment) exe(name string) string { return filepath.Join(e.bin, name) }

// contender is one program measured.
type contender struct {
	name string
	// command returns the program and its arguments.
	command func(e *environment) []string
	// display shows the command for people, FILE and STORE standing for the
	// paths.
	display func(e *environment) string
	// ok lists the exit codes that mean done.
	ok []int
	// quiet sends standard output to /dev/null in the timed rounds.
	quiet bool
	// check reads the output of the untimed round and says what it did,
	// and how many data lines it saw (0 when it cannot tell).
	check func(out []byte) (note string, lines int, err error)
}

func importCommand(e *environment) []string {
	return []string{e.exe("eleader"), "import", "--partner", e.file.partner, "--operators", e.operators, "--db", e.store, "--format", "json", e.file.path}
}

// contenderList returns the contenders, in their default order.
func contenderList() []contender {
	return []contender{
		{
			name:    "floor",
			command: func(e *environment) []string { return []string{e.exe("floor"), e.file.path} },
			display: func(*environment) string { return "floor FILE" },
			ok:      []int{0},
			check: func(out []byte) (string, int, error) {
				n, err := strconv.Atoi(strings.TrimSpace(string(out)))
				if err != nil || n < 1 {
					return "", 0, fmt.Errorf("floor printed %q, not a number of records", out)
				}
				return fmt.Sprintf("%d records (header included)", n), n - 1, nil
			},
		},
		{
			name: "validate",
			command: func(e *environment) []string {
				return []string{e.exe("eleader"), "validate", "--format", "json", e.file.path}
			},
			display: func(*environment) string { return "eleader validate --format json FILE > /dev/null" },
			ok:      []int{0, 1, 3},
			quiet:   true,
			check: func(out []byte) (string, int, error) {
				r, err := decodeReport(out)
				if err != nil {
					return "", 0, err
				}
				return r.summary(), r.Lines, nil
			},
		},
		{
			name:    "naive",
			command: func(e *environment) []string { return []string{e.exe("naive"), e.file.path} },
			display: func(*environment) string { return "naive FILE" },
			ok:      []int{0},
			check: func(out []byte) (string, int, error) {
				var r struct{ Lines, Rejected, Errors int }
				if err := json.Unmarshal(out, &r); err != nil {
					return "", 0, fmt.Errorf("naive printed %q: %w", out, err)
				}
				return fmt.Sprintf("%d lines, %d rejected (%d errors)", r.Lines, r.Rejected, r.Errors), r.Lines, nil
			},
		},
		{
			name:    "import",
			command: importCommand,
			display: func(e *environment) string {
				return "eleader import --partner " + e.file.partner + " --operators " + e.operators + " --db STORE --format json FILE > /dev/null  (a new STORE each round)"
			},
			ok:    []int{0, 1, 3},
			quiet: true,
			check: func(out []byte) (string, int, error) {
				r, err := decodeReport(out)
				if err != nil {
					return "", 0, err
				}
				if r.Import == nil || !r.Import.Consolidated {
					return "", 0, errors.New("the import consolidated nothing")
				}
				return fmt.Sprintf("%s; %d dossiers created, %d items", r.summary(), r.Import.Created, r.Import.Items), r.Lines, nil
			},
		},
		{
			name:    "reimport",
			command: importCommand,
			display: func(*environment) string { return "the same import again, into the STORE the round's import filled" },
			ok:      []int{0, 1, 3},
			quiet:   true,
			check: func(out []byte) (string, int, error) {
				r, err := decodeReport(out)
				if err != nil {
					return "", 0, err
				}
				switch {
				case r.Import == nil:
					return "", 0, errors.New("the re-import printed no import")
				case !r.Import.Unchanged:
					// A remixed file: lines rejected the first time (a
					// sub-version before its main dossier) are accepted now.
					return fmt.Sprintf("%s; changed the store: %d dossiers created, %d updated (lines rejected by the first import accepted now)",
						r.summary(), r.Import.Created, r.Import.Updated), r.Lines, nil
				}
				return "unchanged: nothing written", r.Lines, nil
			},
		},
	}
}

func contenderByName(name string) (contender, bool) {
	for _, c := range contenderList() {
		if c.name == name {
			return c, true
		}
	}
	return contender{}, false
}

// fileReport is the part of eleader's JSON report compare reads.
type fileReport struct {
	Status     string            `json:"status"`
	Lines      int               `json:"lines"`
	Accepted   int               `json:"accepted"`
	Rejected   int               `json:"rejected"`
	Dossiers   int               `json:"dossiers"`
	FileErrors []json.RawMessage `json:"fileErrors"`
	Import     *struct {
		Consolidated bool `json:"consolidated"`
		Unchanged    bool `json:"unchanged"`
		Created      int  `json:"created"`
		Updated      int  `json:"updated"`
		Items        int  `json:"items"`
	} `json:"import"`
}

func decodeReport(out []byte) (*fileReport, error) {
	var r fileReport
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&r); err != nil {
		return nil, fmt.Errorf("reading eleader's JSON report: %w", err)
	}
	if len(r.FileErrors) > 0 {
		return &r, fmt.Errorf("the file is rejected whole (%s): the timings would measure the reading up to the error only", r.FileErrors[0])
	}
	return &r, nil
}

func (r *fileReport) summary() string {
	return fmt.Sprintf("%s: %d lines, %d accepted, %d rejected, %d dossiers", r.Status, r.Lines, r.Accepted, r.Rejected, r.Dossiers)
}

// runOne is one timed run of a contender.
type runOne struct {
	Seconds    float64 `json:"seconds"`
	PeakRSSKiB int64   `json:"peak_rss_kib"`
}

// execute runs one contender once and measures it. out, when not nil,
// receives its standard output; otherwise it goes to /dev/null.
//
// The contender runs under a small process of compare's own binary
// (measureChild), which times it and reads its peak resident memory: on
// Linux, a process started by another with vfork (as Go starts them) takes
// the peak of its parent's memory as its own starting peak, so compare,
// which holds reports and outputs, would lend every contender its own peak.
func execute(ctx context.Context, c contender, e *environment, out io.Writer) (runOne, error) {
	args := c.command(e)
	self, err := os.Executable()
	if err != nil {
		return runOne{}, err
	}
	result := filepath.Join(e.work, ".measure")
	cmd := exec.CommandContext(ctx, self, append([]string{measureFlag, result}, args...)...)
	cmd.Dir = e.work
	if out != nil {
		cmd.Stdout = out
	}
	errOut := &tail{max: 4 << 10}
	cmd.Stderr = errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		return runOne{}, ctx.Err()
	}
	code, err := exitCode(err)
	if err != nil {
		return runOne{}, fmt.Errorf("%s: %w", c.name, err)
	}
	if !slices.Contains(c.ok, code) {
		return runOne{}, fmt.Errorf("%s: %s exited with %d:\n%s", c.name, strings.Join(args, " "), code, errOut.String())
	}
	var r runOne
	b, err := os.ReadFile(result)
	if err == nil {
		err = json.Unmarshal(b, &r)
	}
	if err != nil {
		return runOne{}, fmt.Errorf("%s: reading its measures: %w", c.name, err)
	}
	return r, nil
}

// measureFlag runs compare as measureChild.
const measureFlag = "-measure-child"

// measureChild runs args[1:], its standard streams compare's, and writes to
// the file args[0] its wall time and peak resident memory (runOne, JSON).
// It returns the command's exit code.
func measureChild(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "compare: "+measureFlag+" RESULT COMMAND…")
		return 2
	}
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	code, err := exitCode(err)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compare: %v\n", err)
		return 125
	}
	b, _ := json.Marshal(runOne{Seconds: elapsed.Seconds(), PeakRSSKiB: maxRSSKiB(cmd.ProcessState)})
	if err := os.WriteFile(args[0], b, 0o600); err != nil {
		fmt.Fprintf(os.Stderr, "compare: %v\n", err)
		return 125
	}
	return code
}

// exitCode returns the exit code of a command that ran (0 when err is
// nil), or err when the command could not run.
func exitCode(err error) (int, error) {
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), nil
	case err != nil:
		return 0, err
	}
	return 0, nil
}

// maxRSSKiB returns the peak resident memory of a finished process, in KiB.
func maxRSSKiB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) / 1024 // bytes there, KiB on Linux
	}
	return int64(ru.Maxrss)
}

// tail keeps the last max bytes written to it.
type tail struct {
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string { return string(t.b) }

// measureAll runs the untimed round, then the timed ones.
func measureAll(ctx context.Context, e *environment, o options, stderr io.Writer) (_ *report, err error) {
	rep := newReport(o, e.file)
	selected := make([]contender, len(o.contenders))
	for i, name := range o.contenders {
		selected[i], _ = contenderByName(name)
		rep.Results = append(rep.Results, &result{Contender: name, Command: selected[i].display(e)})
	}
	for round := 0; round <= o.rounds; round++ {
		if round == 0 {
			fmt.Fprintln(stderr, "compare: untimed round: warming up and checking each contender's output …")
		} else {
			fmt.Fprintf(stderr, "compare: round %d of %d …\n", round, o.rounds)
		}
		e.store = filepath.Join(e.work, fmt.Sprintf("store-%d", round), "eleader.db")
		if e.db != "" {
			if e.store, err = newSchema(ctx, e.db, round); err != nil {
				return nil, err
			}
			defer func(round int) {
				if err != nil { // else dropped at the round's end
					dropSchema(context.WithoutCancel(ctx), e.db, round)
				}
			}(round)
		}
		e.imported = false
		for i, c := range selected {
			if c.name == "reimport" && !e.imported {
				// no import before it this round: fill the store, untimed
				imp, _ := contenderByName("import")
				if _, err := execute(ctx, imp, e, io.Discard); err != nil {
					return nil, err
				}
				e.imported = true
			}
			var out io.Writer
			var buf bytes.Buffer
			if round == 0 || !c.quiet {
				out = &buf
			}
			r, err := execute(ctx, c, e, out)
			if err != nil {
				return nil, err
			}
			if c.name == "import" {
				e.imported = true
			}
			if round == 0 {
				note, lines, err := c.check(buf.Bytes())
				if err != nil {
					return nil, fmt.Errorf("%s: %w", c.name, err)
				}
				rep.Results[i].Check = note
				if c.name == "floor" || rep.File.Lines == 0 {
					rep.File.Lines = lines // the floor's count, or the first other
				}
				continue
			}
			rep.Results[i].Runs = append(rep.Results[i].Runs, r)
		}
		if e.db != "" {
			if err := dropSchema(ctx, e.db, round); err != nil {
				return nil, err
			}
		} else if err := os.RemoveAll(filepath.Dir(e.store)); err != nil {
			return nil, err
		}
	}
	rep.compute()
	return rep, nil
}
