// Package eleadertest checks partner files in Go tests, with E#L's own
// validator (the verdict of eleader validate, without the checks that
// need E#L's store: ask E#L's dry run for those, eleader send --dry-run):
//
//	func TestExport(t *testing.T) {
//		eleadertest.RequireValid(t, "testdata/20261116-adie.csv")
//		eleadertest.RequireVerdict(t, "testdata/20261117-adie.csv", "testdata/20261117-adie.golden.json")
//	}
//
// RequireValid fails the test when a line is rejected, or the file, and
// lists each error — line, field, check, message — as a person reads them.
// RequireVerdict compares the file's whole verdict (eleader validate's
// JSON, spec §9) with a golden file, and lists what differs; run the tests
// with -update (a flag the test package defines, as for any golden file:
// var update = flag.Bool("update", false, "rewrite the golden files")) or
// with ELEADER_UPDATE=1 to write the golden files instead.
//
// A Checker sets the matrice, the correspondence table, the date and the
// mode; the package's functions use the default matrice, the date in the
// file's name and the partial mode. Files are CSV; a workbook is judged
// through its conversion by adapters/xlsx (eleader validate), which this
// package does not pull in.
package eleadertest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/entrepreneur-leader/eleader-go/wire"
)

// T is what the helpers need of a test: *testing.T and *testing.B
// satisfy it. (The helpers return after Fatalf, so that a T whose Fatalf
// does not stop the test, such as one printing, works too.)
type T interface {
	Helper()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// DefaultMaxListed is how many errors a failure lists when
// Checker.MaxListed is 0; it says how many more there are.
const DefaultMaxListed = 50

// Checker judges partner files in tests. Its zero value uses the default
// matrice, no correspondence table, the date in the file's name and the
// partial mode.
type Checker struct {
	// Matrice judges the files; nil means matrice.Default().
	Matrice *matrice.Matrice
	// Correspondences maps the partner's values; nil means none.
	Correspondences *matrice.Correspondences
	// Date, when set, replaces the file's date for the checks (eleader
	// validate's --date): goldens that do not age.
	Date matrice.Date
	// Mode is importer.ModePartial (the default) or ModeComplete.
	Mode importer.Mode
	// Update rewrites the golden files instead of comparing them; nil
	// means the test binary's -update flag when the test package defines
	// one, else the environment's ELEADER_UPDATE=1.
	Update *bool
	// MaxListed bounds the errors a failure lists; 0 means
	// DefaultMaxListed.
	MaxListed int
}

// RequireValid fails t unless every line of the file at path is valid
// (status accepted), listing the errors with the default Checker.
func RequireValid(t T, path string) { t.Helper(); Checker{}.RequireValid(t, path) }

// RequireVerdict fails t unless the verdict of the file at path is the
// golden file's, with the default Checker.
func RequireVerdict(t T, path, golden string) { t.Helper(); Checker{}.RequireVerdict(t, path, golden) }

// Verdict is a file's verdict, eleader validate's JSON (spec §9).
type Verdict struct {
	// Head is validate's keys: file, partner, date, status ("accepted",
	// "partial" or "rejected"), the counts and the file errors.
	wire.Head
	Errors []wire.LineError `json:"errors"`
}

// Verdict judges the file at path and returns its verdict; the error is
// for a file that cannot be read.
func (c Checker) Verdict(path string) (*Verdict, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := c.Matrice
	if m == nil {
		m = matrice.Default()
	}
	name := filepath.Base(path)
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return nil, fmt.Errorf("%s is a workbook: judge it with eleader validate, which converts it (adapters/xlsx)", name)
	}
	v := importer.NewValidator(m)
	v.Correspondences, v.Date, v.Mode, v.Examples = c.Correspondences, c.Date, c.Mode, -1
	file := v.Open(name, f)
	defer file.Close()
	var errs importer.ErrorLog
	defer errs.Close()
	for file.Next() {
		if l := file.Line(); !l.Accepted() {
			if err := errs.Add(l.Errors...); err != nil {
				return nil, err
			}
		}
	}
	if err := file.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	rep := file.Report()
	if rep.Stopped() {
		errs.Reset() // as validate: a file error that stops the reading judges every line
	}
	var b bytes.Buffer
	if err := importer.WriteJSON(&b, rep, &errs, nil); err != nil {
		return nil, err
	}
	var out Verdict
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// verdict judges a file for a test, failing it when the file cannot be
// read (nil).
func (c Checker) verdict(t T, path string) *Verdict {
	t.Helper()
	v, err := c.Verdict(path)
	if err != nil {
		t.Fatalf("eleadertest: %v", err)
		return nil
	}
	return v
}

// RequireValid fails t unless every line of the file at path is valid
// (status accepted): the failure says the verdict and lists each file
// error, then each line error — line, field, check, message —, at most
// MaxListed.
func (c Checker) RequireValid(t T, path string) {
	t.Helper()
	v := c.verdict(t, path)
	if v == nil || v.Status == string(importer.StatusAccepted) {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s — %d of %d lines rejected\n", path, strings.ToUpper(string(v.Status)), v.Rejected, v.Lines)
	for _, e := range v.FileErrors {
		fmt.Fprintf(&b, "  file error %s: %s\n", e.Code, e.Message)
	}
	c.listErrors(&b, v.Errors)
	t.Fatalf("%s", b.String())
}

// listErrors writes line errors as a table, at most c.MaxListed.
func (c Checker) listErrors(b *strings.Builder, errs []wire.LineError) {
	most := c.MaxListed
	if most <= 0 {
		most = DefaultMaxListed
	}
	for i, e := range errs {
		if i == most {
			fmt.Fprintf(b, "  … and %d more (eleader validate --format json shows them all)\n", len(errs)-most)
			return
		}
		fmt.Fprintf(b, "  line %-5d %-22s %-14s %s\n", e.Line, e.Field, e.Check, e.Message)
	}
}

// RequireVerdict fails t unless the verdict of the file at path is the one
// in the golden file (eleader validate's JSON, indented): the failure
// lists what differs — the counts and status, the file errors, the line
// errors expected but not found and found but not expected. With Update
// (or -update, or ELEADER_UPDATE=1) it writes the golden file instead.
func (c Checker) RequireVerdict(t T, path, golden string) {
	t.Helper()
	v := c.verdict(t, path)
	if v == nil {
		return
	}
	if c.update() {
		b, err := json.MarshalIndent(v, "", "  ")
		if err == nil {
			err = os.WriteFile(golden, append(b, '\n'), 0o644)
		}
		if err != nil {
			t.Fatalf("eleadertest: write %s: %v", golden, err)
			return
		}
		t.Logf("eleadertest: %s rewritten", golden)
		return
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("eleadertest: %v (run the test with -update, or ELEADER_UPDATE=1, to write it)", err)
		return
	}
	var want Verdict
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("eleadertest: %s is not a verdict: %v", golden, err)
		return
	}
	if diff := c.diffVerdicts(&want, v); diff != "" {
		t.Fatalf("%s: the verdict is not %s's:\n%s(run the test with -update, or ELEADER_UPDATE=1, to accept the new verdict)", path, golden, diff)
	}
}

// update reports whether golden files are to be written.
func (c Checker) update() bool {
	if c.Update != nil {
		return *c.Update
	}
	if f := flag.Lookup("update"); f != nil {
		if on, err := strconv.ParseBool(f.Value.String()); err == nil {
			return on
		}
	}
	return os.Getenv("ELEADER_UPDATE") == "1"
}

// diffVerdicts says how got differs from want, "" when it does not.
func (c Checker) diffVerdicts(want, got *Verdict) string {
	var b strings.Builder
	field := func(name string, w, g any) {
		if w != g {
			fmt.Fprintf(&b, "  %s: want %v, got %v\n", name, w, g)
		}
	}
	field("file", want.File, got.File)
	field("partner", want.Partner, got.Partner)
	field("date", want.Date, got.Date)
	field("status", want.Status, got.Status)
	field("lines", want.Lines, got.Lines)
	field("accepted", want.Accepted, got.Accepted)
	field("rejected", want.Rejected, got.Rejected)
	field("dossiers", want.Dossiers, got.Dossiers)
	key := func(e wire.FileError) string { return string(e.Code) + ": " + e.Message }
	wantFE, gotFE := map[string]bool{}, map[string]bool{}
	for _, e := range want.FileErrors {
		wantFE[key(e)] = true
	}
	for _, e := range got.FileErrors {
		gotFE[key(e)] = true
		if !wantFE[key(e)] {
			fmt.Fprintf(&b, "  file error not expected: %s\n", key(e))
		}
	}
	for _, e := range want.FileErrors {
		if !gotFE[key(e)] {
			fmt.Fprintf(&b, "  file error expected, not found: %s\n", key(e))
		}
	}
	lineKey := func(e wire.LineError) string {
		return fmt.Sprintf("line %d %s %s: %s", e.Line, e.Field, e.Check, e.Message)
	}
	wantLE, gotLE := map[string]bool{}, map[string]bool{}
	for _, e := range want.Errors {
		wantLE[lineKey(e)] = true
	}
	for _, e := range got.Errors {
		gotLE[lineKey(e)] = true
	}
	var missing, extra []wire.LineError
	for _, e := range want.Errors {
		if !gotLE[lineKey(e)] {
			missing = append(missing, e)
		}
	}
	for _, e := range got.Errors {
		if !wantLE[lineKey(e)] {
			extra = append(extra, e)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "  %d line errors expected, not found:\n", len(missing))
		c.listErrors(&b, missing)
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "  %d line errors not expected:\n", len(extra))
		c.listErrors(&b, extra)
	}
	return b.String()
}
