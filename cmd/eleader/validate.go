package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const validateSynopsis = `validate [--matrice F] [--correspondances F] [--date AAAAMMDD] [--format text|json] [--rejects F] [--mode partial|complete] FILE...

Checks partner files against the matrice. Exit code: 0 every line valid,
1 some lines rejected, 2 usage error, 3 a file rejected.`

// validateOptions are the flags of validate.
type validateOptions struct {
	matrice, correspondances, date, format, rejects, mode string
}

func runValidate(args []string, stdout, stderr io.Writer) int {
	var o validateOptions
	fs := newFlagSet("validate", stderr, validateSynopsis)
	o.register(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := o.check(len(files)); err != nil {
		fs.Usage()
		return usageError(stderr, "%v", err)
	}
	v, err := o.validator()
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	rejectsDir, err := o.rejectsDir(files)
	if err != nil {
		return usageError(stderr, "%v", err)
	}

	return o.eachFile(files, v, rejectsDir, stdout, stderr, exitUsage, func(path, rejects string) (*validation, error) {
		return validateOne(v, path, rejects, o.format == "json", stdout)
	})
}

// eachFile runs one (validate or import) on each file, prints the text
// output, and returns the exit code: the worst status, or fault when one
// fails.
func (o *validateOptions) eachFile(files []string, v *importer.Validator, rejectsDir bool, stdout, stderr io.Writer, fault int, one func(path, rejects string) (*validation, error)) int {
	out := newTextOutput(stdout, v.Matrice)
	code := exitOK
	for _, path := range files {
		rejects := o.rejects
		if rejectsDir {
			rejects = filepath.Join(o.rejects, rejectsName(path))
		}
		res, err := one(path, rejects)
		if err != nil {
			fmt.Fprintf(stderr, "eleader: %s: %s\n", importer.CutName(path), shownError(err))
			return fault
		}
		if o.format == "text" {
			out.file(res)
		}
		code = worse(code, res.rep.Status)
	}
	if o.format == "text" {
		out.total()
	}
	return code
}

// register declares the flags validate and import share.
func (o *validateOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.matrice, "matrice", "", "matrice `file` (CSV or XLSX); default: the embedded matrice cadre")
	fs.StringVar(&o.correspondances, "correspondances", "", "correspondence table `file` (Champ;ValeurPartenaire;ValeurMatrice)")
	fs.StringVar(&o.date, "date", "", "the file's date `AAAAMMDD` for the checks, instead of the date in its name")
	fs.StringVar(&o.format, "format", "text", "output `format`: text (for a person) or json (one object per file and line)")
	fs.StringVar(&o.rejects, "rejects", "", "write the rejected lines with their errors to `F` (a directory when several files are given)")
	fs.StringVar(&o.mode, "mode", string(importer.ModePartial), "partial (bad lines are skipped) or complete (one bad line rejects the file)")
}

// check checks the flags' values and that files were given.
func (o *validateOptions) check(files int) error {
	if err := oneOf("format", o.format, "text", "json"); err != nil {
		return err
	}
	if err := oneOf("mode", o.mode, string(importer.ModePartial), string(importer.ModeComplete)); err != nil {
		return err
	}
	if files == 0 {
		return errors.New("at least one FILE is needed")
	}
	return nil
}

// rejectsDir checks the files and --rejects, and reports whether --rejects
// is a directory.
func (o *validateOptions) rejectsDir(files []string) (bool, error) {
	for _, f := range files {
		if st, err := os.Stat(f); err != nil {
			return false, err
		} else if st.IsDir() {
			return false, fmt.Errorf("%s is a directory, not a file", f)
		}
	}
	if o.rejects == "" {
		return false, nil
	}
	st, err := os.Stat(o.rejects)
	dir := err == nil && st.IsDir()
	if len(files) > 1 && !dir {
		return false, errors.New("--rejects must be an existing directory when several files are given")
	}
	return dir, nil
}

// worse returns the exit code after a file of status st.
func worse(code int, st importer.Status) int {
	switch {
	case st == importer.StatusRejected:
		return exitFile
	case st == importer.StatusPartial && code == exitOK:
		return exitRejected
	}
	return code
}

// validator builds the validator of the flags.
func (o validateOptions) validator() (*importer.Validator, error) {
	m := matrice.Default()
	if o.matrice != "" {
		var err error
		if m, err = matrice.LoadFile(o.matrice); err != nil {
			return nil, fmt.Errorf("matrice %s:\n%w", o.matrice, err)
		}
	}
	v := importer.NewValidator(m)
	v.Mode = importer.Mode(o.mode)
	if o.correspondances != "" {
		c, err := matrice.LoadCorrespondencesFile(m, o.correspondances)
		if err != nil {
			return nil, fmt.Errorf("correspondances %s:\n%w", o.correspondances, err)
		}
		v.Correspondences = c
	}
	if o.date != "" {
		d, ok := matrice.ParseCompactDate(o.date)
		if !ok {
			return nil, fmt.Errorf("--date %q is not a date AAAAMMDD", importer.CutName(o.date))
		}
		v.Date = d
	}
	return v, nil
}

// rejectsName names the rejects of a file: AAAAMMDD-IDENTIFIANT-rejets.csv,
// or NAME-rejets.csv when the name is not valid.
func rejectsName(path string) string {
	if fn, err := importer.ParseFileName(path); err == nil {
		return fn.RejectsName()
	}
	base := filepath.Base(path)
	return base[:len(base)-len(filepath.Ext(base))] + "-rejets.csv"
}

// validation is the outcome of one file.
type validation struct {
	path     string
	rep      *importer.Report
	rejects  string   // where the rejects were written, or ""
	rejected int      // lines written there
	notes    []string // more to say, e.g. what an import did
}

// validateOne validates one file, printing its JSON when asJSON, and writes
// its rejects when rejects is set. Only I/O problems are errors.
func validateOne(v *importer.Validator, path, rejects string, asJSON bool, stdout io.Writer) (*validation, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	r, v, done, err := openPartnerFile(in, v)
	if err != nil {
		return nil, err
	}
	defer done()
	out := newFileOutput(asJSON, rejects)
	defer out.close()
	f := v.Open(path, r)
	defer f.Close()
	for f.Next() {
		if err := out.line(f.Line()); err != nil {
			return nil, err
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	res, err := out.finish(path, f.Report(), f.Header())
	if err != nil {
		return nil, err
	}
	if asJSON {
		return res, out.writeJSON(stdout, res.rep, nil)
	}
	return res, nil
}

// openPartnerFile returns what v reads of a partner's file: a CSV as it
// is; a workbook (.xlsx) converted by adapters/xlsx, as the service does,
// with a copy of v that numbers lines by row. done stops the conversion.
func openPartnerFile(in *os.File, v *importer.Validator) (io.Reader, *importer.Validator, func(), error) {
	if !strings.EqualFold(filepath.Ext(in.Name()), ".xlsx") {
		return in, v, func() {}, nil
	}
	info, err := in.Stat()
	if err != nil {
		return nil, nil, nil, err
	}
	rc := xlsx.Workbooks{}.CSV(context.Background(), in, info.Size(), v.Matrice)
	rows := *v
	rows.RowNumbers = true
	return rc, &rows, func() { rc.Close() }, nil
}

// fileOutput gathers what a command keeps of one file's lines: their errors
// for the JSON report, the rejects file.
type fileOutput struct {
	asJSON  bool
	rejects string
	log     importer.ErrorLog
	rw      *importer.RejectsWriter
	tmp     *os.File
}

func newFileOutput(asJSON bool, rejects string) *fileOutput {
	return &fileOutput{asJSON: asJSON, rejects: rejects}
}

// line takes one judged line.
func (o *fileOutput) line(l *importer.Line) error {
	if l.Accepted() {
		return nil
	}
	if o.asJSON {
		if err := o.log.Add(l.Errors...); err != nil {
			return err
		}
	}
	if err := o.openRejects(l.Header()); err != nil {
		return err
	}
	if o.rw != nil {
		return o.rw.Write(l)
	}
	return nil
}

// openRejects starts the rejects file, in a temporary file beside it.
func (o *fileOutput) openRejects(header []string) error {
	if o.rejects == "" || o.rw != nil || header == nil {
		return nil
	}
	var err error
	if o.tmp, err = os.CreateTemp(filepath.Dir(o.rejects), ".rejets-*"); err != nil {
		return err
	}
	o.rw = importer.NewRejectsWriter(o.tmp, header)
	return nil
}

// finish completes the file: the rejects file takes its name, unless a file
// error stopped the reading (then there is none, and no error in JSON).
func (o *fileOutput) finish(path string, rep *importer.Report, header []string) (*validation, error) {
	res := &validation{path: path, rep: rep}
	if rep.Stopped() {
		return res, o.log.Reset()
	}
	if o.rejects == "" {
		return res, nil
	}
	if err := o.openRejects(header); err != nil {
		return nil, err
	}
	if o.rw == nil { // no header: nothing to write
		return res, nil
	}
	if err := o.rw.Flush(); err != nil {
		return nil, err
	}
	if err := o.tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Rename(o.tmp.Name(), o.rejects); err != nil {
		return nil, err
	}
	o.tmp = nil
	res.rejects, res.rejected = o.rejects, o.rw.Lines()
	return res, nil
}

// writeJSON prints the file's JSON object.
func (o *fileOutput) writeJSON(w io.Writer, rep *importer.Report, extra map[string]any) error {
	return importer.WriteJSON(w, rep, &o.log, extra)
}

// close removes what finish did not keep.
func (o *fileOutput) close() {
	o.log.Close()
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
	}
}
