package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const validateSynopsis = `validate [--matrice F] [--correspondances F] [--name AAAAMMDD-ID.csv] [--date AAAAMMDD] [--format text|json|csv|tsv] [--rejects F] [--mode partial|complete] [--max-errors N | --fail-fast] FILE...|-`

// validateOptions are the flags of validate.
type validateOptions struct {
	matrice, correspondances, date, format, rejects, mode string
	// validate's own
	formats   []string // the formats allowed (nil: text and json)
	name      string   // the name of standard input
	maxErrors int
	failFast  bool
}

// stdinName is the name standard input is judged under without --name.
const stdinName = "stdin"

// validateMemoryLimit is the garbage collector's soft memory limit
// (GOMEMLIMIT) while eleader validate runs, its target staying at Go's
// default GOGC=100, unless the environment sets GOGC or GOMEMLIMIT. Its
// live memory is small and bounded (batches in flight, the conflict
// check's share, which spills): while the heap is far below the limit the
// collector runs half as often as at GOGC=30 (the conflict check's index
// grows, and at 30 % every step of it took a collection, whose write
// barriers slowed the split and the checks), and near it as often, which
// keeps the peak flat whatever the length of the file (peak RSS 40.0,
// 39.2, 39.9 MiB at 200k, 1M and 5M lines, against 39.5, 39.4, 41.6 at
// GOGC=30; 9-11 % less CPU time).
const validateMemoryLimit = 24 << 20

// gcPercent sets the garbage collector's target to percent, unless the
// environment sets GOGC, and returns what puts the caller's back.
func gcPercent(percent int) (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	was := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(was) }
}

// gcLimit sets the garbage collector's target to Go's default and its soft
// memory limit to limit, unless the environment sets GOGC or GOMEMLIMIT,
// and returns what puts the caller's back. While it is set, the limit
// follows the live heap when that outgrows it (1.3 times the live heap,
// and the runtime's own memory, read every 20 ms): a file of long records
// keeps more than the limit live, and under a fixed limit the collector
// would run without pause (120 records of 800 kB: 163 collections and 60 %
// more time, against 38 at GOGC=30); there it runs as at GOGC=30.
func gcLimit(limit int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	was, wasLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(limit)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			metrics.Read(m)
			live := int64(m[0].Value.Uint64())
			runtimeOwn := int64(m[1].Value.Uint64()) - int64(m[2].Value.Uint64()) // stacks, metadata, free spans
			debug.SetMemoryLimit(max(limit, live+live*3/10+runtimeOwn))
		}
	}()
	return func() {
		close(stop)
		<-done
		debug.SetGCPercent(was)
		debug.SetMemoryLimit(wasLimit)
	}
}

func runValidate(args []string, stdout, stderr io.Writer) int {
	var o validateOptions
	l := langOf(stderr)
	fs := newFlagSet("validate", stderr, validateSynopsis, "cli.validate.about")
	o.register(fs)
	o.formats = []string{"text", "json", "csv", "tsv"}
	fs.Lookup("format").Usage = l.Sprintf("cli.flag.format_validate")
	fs.StringVar(&o.name, "name", "", l.Sprintf("cli.flag.name"))
	fs.IntVar(&o.maxErrors, "max-errors", 0, l.Sprintf("cli.flag.max_errors"))
	fs.BoolVar(&o.failFast, "fail-fast", false, l.Sprintf("cli.flag.fail_fast"))
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := o.check(len(files)); err != nil {
		fs.Usage()
		return usageErr(stderr, err)
	}
	vo, err := o.output(files, stdinOf(stderr), stdout)
	if err != nil {
		return usageErr(stderr, err)
	}
	v, err := o.validator()
	if err != nil {
		return usageErr(stderr, err)
	}
	if vo.stdin != nil && o.name == "" {
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.validate.stdin_name", importer.CutName(vo.stdinName(v))))
	}
	rejectsDir, err := o.rejectsDir(files)
	if err != nil {
		return usageErr(stderr, err)
	}
	if vo.table != nil {
		if err := vo.table.header(); err != nil {
			return exitUsage
		}
	}
	// The limit is set once the start's garbage (flags, matrice) is made
	// (at GOGC=30 from the start, the start took three collections).
	defer gcLimit(validateMemoryLimit)()
	return o.eachFile(files, v, rejectsDir, stdout, stderr, exitUsage, func(path, rejects string) (*validation, error) {
		return validateOne(v, path, rejects, vo, stdout)
	})
}

// output checks validate's own flags and prepares its output.
func (o *validateOptions) output(files []string, stdin io.Reader, stdout io.Writer) (*validateOutput, error) {
	vo := &validateOutput{format: o.format, maxErrors: o.maxErrors, name: o.name}
	switch {
	case o.maxErrors < 0:
		return nil, errorf("cli.validate.max_errors_negative")
	case o.failFast && o.maxErrors > 1:
		return nil, errorf("cli.validate.fail_fast_max")
	case o.failFast:
		vo.maxErrors, vo.failFast = 1, true
	}
	if n := slices.Index(files, "-"); n >= 0 {
		if slices.Index(files[n+1:], "-") >= 0 {
			return nil, errorf("cli.validate.stdin_once")
		}
		vo.stdin = stdin
	} else if o.name != "" {
		return nil, errorf("cli.validate.name_stdin")
	}
	switch o.format {
	case "csv":
		vo.table = newErrorTable(stdout, ',')
	case "tsv":
		vo.table = newErrorTable(stdout, '\t')
	}
	return vo, nil
}

// validateOutput is how validate writes each file's verdict.
type validateOutput struct {
	format    string      // text, json, csv or tsv
	table     *errorTable // csv and tsv
	maxErrors int         // stop a file after so many line errors; 0: no limit
	failFast  bool        // maxErrors is --fail-fast's
	stdin     io.Reader   // the file "-", when given
	name      string      // --name
}

// stdinName is the name standard input is judged under.
func (vo *validateOutput) stdinName(v *importer.Validator) string {
	if vo.name != "" {
		return vo.name
	}
	d := v.Date
	if d.IsZero() {
		d = matrice.DateOf(time.Now())
	}
	return strconv.Itoa(int(d)) + "-" + stdinName + ".csv"
}

// eachFile runs one (validate or import) on each file, prints the text
// output, and returns the exit code: the worst status, or fault when one
// fails.
func (o *validateOptions) eachFile(files []string, v *importer.Validator, rejectsDir bool, stdout, stderr io.Writer, fault int, one func(path, rejects string) (*validation, error)) int {
	l := langOf(stderr)
	out := newTextOutput(stdout, l, v.Matrice)
	out.seeAll = "cli.validate.see_all_json"
	if slices.Contains(o.formats, "csv") {
		out.seeAll = "cli.validate.see_all_csv"
	}
	code := exitOK
	for i, path := range files {
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
		if o.failFast && res.rep.Status != importer.StatusAccepted {
			if left := len(files) - i - 1; left > 0 {
				fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.validate.fail_fast_stopped", left, importer.CutName(res.path)))
			}
			break
		}
	}
	if o.format == "text" {
		out.total()
	}
	return code
}

// register declares the flags validate and import share.
func (o *validateOptions) register(fs *flag.FlagSet) {
	l := langOf(fs.Output())
	fs.StringVar(&o.matrice, "matrice", "", l.Sprintf("cli.flag.matrice"))
	fs.StringVar(&o.correspondances, "correspondances", "", l.Sprintf("cli.flag.correspondances"))
	fs.StringVar(&o.date, "date", "", l.Sprintf("cli.flag.date"))
	fs.StringVar(&o.format, "format", "text", l.Sprintf("cli.flag.format_text_json"))
	fs.StringVar(&o.rejects, "rejects", "", l.Sprintf("cli.flag.rejects"))
	fs.StringVar(&o.mode, "mode", string(importer.ModePartial), l.Sprintf("cli.flag.mode"))
}

// check checks the flags' values and that files were given.
func (o *validateOptions) check(files int) error {
	formats := o.formats
	if formats == nil {
		formats = []string{"text", "json"}
	}
	if err := oneOf("format", o.format, formats...); err != nil {
		return err
	}
	if err := oneOf("mode", o.mode, string(importer.ModePartial), string(importer.ModeComplete)); err != nil {
		return err
	}
	if files == 0 {
		return errorf("cli.validate.no_file")
	}
	return nil
}

// rejectsDir checks the files and --rejects, and reports whether --rejects
// is a directory.
func (o *validateOptions) rejectsDir(files []string) (bool, error) {
	for _, f := range files {
		if f == "-" {
			continue // standard input
		}
		if st, err := os.Stat(f); err != nil {
			return false, err
		} else if st.IsDir() {
			return false, errorf("cli.validate.is_directory", f)
		}
	}
	if o.rejects == "" {
		return false, nil
	}
	st, err := os.Stat(o.rejects)
	dir := err == nil && st.IsDir()
	if len(files) > 1 && !dir {
		return false, errorf("cli.validate.rejects_dir")
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
		if m, err = xlsx.LoadMatriceFile(o.matrice); err != nil {
			return nil, errorf("cli.validate.matrice", o.matrice, err.Error())
		}
	}
	v := importer.NewValidator(m)
	v.Mode = importer.Mode(o.mode)
	if o.correspondances != "" {
		c, err := matrice.LoadCorrespondencesFile(m, o.correspondances)
		if err != nil {
			return nil, errorf("cli.validate.correspondances", o.correspondances, err.Error())
		}
		v.Correspondences = c
	}
	if o.date != "" {
		d, ok := matrice.ParseCompactDate(o.date)
		if !ok {
			return nil, errorf("cli.validate.date", o.date)
		}
		v.Date = d
	}
	return v, nil
}

// rejectsName names the rejects of a file: AAAAMMDD-IDENTIFIANT-rejets.csv,
// or NAME-rejets.csv when the name is not valid ("stdin-rejets.csv" for
// standard input).
func rejectsName(path string) string {
	if path == "-" {
		path = stdinName + ".csv"
	}
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
	rejects  string      // where the rejects were written, or ""
	rejected int         // lines written there
	notes    []i18n.Text // more to say, e.g. what an import did
}

// validateOne validates one file ("-": standard input) and writes its
// verdict in vo's format (text is printed by the caller), and its rejects
// when rejects is set. A workbook (.xlsx) is converted as the service
// does. Only I/O problems are errors.
func validateOne(v *importer.Validator, path, rejects string, vo *validateOutput, stdout io.Writer) (*validation, error) {
	var in io.Reader
	name := path
	if path == "-" {
		in, name = vo.stdin, vo.stdinName(v)
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	r, v, done, err := openPartnerFile(name, in, v)
	if err != nil {
		return nil, err
	}
	defer done()
	out := newFileOutput(vo.format != "text", rejects)
	defer out.close()
	f := v.Open(name, r)
	defer f.Close()
	errs := 0
	for f.Next() {
		l := f.Line()
		if err := out.line(l); err != nil {
			return nil, err
		}
		if errs += len(l.Errors); vo.maxErrors > 0 && errs >= vo.maxErrors {
			f.Stop()
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	rep := f.Report()
	res, err := out.finish(name, rep, f.Header())
	if err != nil {
		return nil, err
	}
	if rep.Truncated {
		stop := fmt.Sprintf("--max-errors %d", vo.maxErrors) // the flag that stopped it, as given
		if vo.failFast {
			stop = "--fail-fast"
		}
		res.notes = append(res.notes, i18n.T("cli.validate.truncated", i18n.T("cli.text.errors", errs), stop, i18n.T("cli.text.lines", rep.Lines)))
	}
	switch vo.format {
	case "json":
		var extra map[string]any
		if rep.Truncated {
			extra = map[string]any{"truncated": true}
		}
		return res, out.writeJSON(stdout, rep, extra)
	case "csv", "tsv":
		return res, vo.table.file(rep, &out.log)
	}
	return res, nil
}

// openPartnerFile returns what v reads of a partner's file, name read
// through in: a CSV as it is; a workbook (.xlsx) converted by
// adapters/xlsx, as the service does, with a copy of v that numbers lines
// by row. A workbook is read at random, so from a file (standard input
// redirected from one will do), never a pipe. done stops the conversion.
func openPartnerFile(name string, in io.Reader, v *importer.Validator) (io.Reader, *importer.Validator, func(), error) {
	if !strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return in, v, func() {}, nil
	}
	f, ok := in.(*os.File)
	var info os.FileInfo
	var err error
	if ok {
		info, err = f.Stat()
	}
	if !ok || err != nil || !info.Mode().IsRegular() {
		return nil, nil, nil, errorf("cli.validate.workbook_pipe", name)
	}
	rc := xlsx.Workbooks{}.CSV(context.Background(), f, info.Size(), v.Matrice)
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
	// lines holds the rejected records' lines, decimal, one a line, for
	// an XLSX rejects file's Ligne column: a temporary file, so that
	// memory stays flat whatever the rejects.
	lines  *os.File
	linesW *bufio.Writer
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
		if o.linesW != nil {
			o.linesW.Write(strconv.AppendInt(nil, int64(l.Number), 10))
			o.linesW.WriteByte('\n') // its error, sticky, is Flush's
		}
		return o.rw.Write(l)
	}
	return nil
}

// workbook reports whether the rejects file is a workbook (--rejects
// F.xlsx): the XLSX twin that reports attach, with its Ligne column.
func (o *fileOutput) workbook() bool {
	return strings.EqualFold(filepath.Ext(o.rejects), ".xlsx")
}

// toWorkbook turns the rejects CSV written in o.tmp into its XLSX twin (as
// reports attach it), in a temporary file of its own that replaces o.tmp;
// both are read as streams.
func (o *fileOutput) toWorkbook() error {
	if err := o.linesW.Flush(); err != nil {
		return err
	}
	if _, err := o.lines.Seek(0, io.SeekStart); err != nil {
		return err
	}
	rejects, err := os.Open(o.tmp.Name())
	if err != nil {
		return err
	}
	defer rejects.Close()
	book, err := os.CreateTemp(filepath.Dir(o.rejects), ".rejets-*")
	if err != nil {
		return err
	}
	csvTmp := o.tmp
	o.tmp = book
	os.Remove(csvTmp.Name())
	if err := (xlsx.Workbooks{}).RejectsXLSX(rejects, o.lines, book); err != nil {
		return err
	}
	return book.Close()
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
	if o.workbook() {
		if o.lines, err = os.CreateTemp(filepath.Dir(o.rejects), ".rejets-*"); err != nil {
			return err
		}
		o.linesW = bufio.NewWriter(o.lines)
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
	if o.workbook() {
		if err := o.toWorkbook(); err != nil {
			return nil, err
		}
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
	for _, f := range []*os.File{o.tmp, o.lines} {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}
	o.tmp, o.lines = nil, nil
}
