package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	fs.StringVar(&o.matrice, "matrice", "", "matrice `file` (CSV or XLSX); default: the embedded matrice cadre")
	fs.StringVar(&o.correspondances, "correspondances", "", "correspondence table `file` (Champ;ValeurPartenaire;ValeurMatrice)")
	fs.StringVar(&o.date, "date", "", "the file's date `AAAAMMDD` for the checks, instead of the date in its name")
	fs.StringVar(&o.format, "format", "text", "output `format`: text (for a person) or json (one object per file and line)")
	fs.StringVar(&o.rejects, "rejects", "", "write the rejected lines with their errors to `F` (a directory when several files are given)")
	fs.StringVar(&o.mode, "mode", string(importer.ModePartial), "partial (bad lines are skipped) or complete (one bad line rejects the file)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if err := oneOf("format", o.format, "text", "json"); err != nil {
		return usageError(stderr, "%v", err)
	}
	if err := oneOf("mode", o.mode, string(importer.ModePartial), string(importer.ModeComplete)); err != nil {
		return usageError(stderr, "%v", err)
	}
	if len(files) == 0 {
		fs.Usage()
		return usageError(stderr, "validate needs at least one FILE")
	}
	v, err := o.validator()
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil {
			return usageError(stderr, "%v", err)
		} else if st.IsDir() {
			return usageError(stderr, "%s is a directory, not a file", f)
		}
	}
	rejectsDir := false
	if o.rejects != "" {
		st, err := os.Stat(o.rejects)
		rejectsDir = err == nil && st.IsDir()
		if len(files) > 1 && !rejectsDir {
			return usageError(stderr, "--rejects must be an existing directory when several files are given")
		}
	}

	out := newTextOutput(stdout, v.Matrice)
	code := exitOK
	for _, path := range files {
		rejects := o.rejects
		if rejectsDir {
			rejects = filepath.Join(o.rejects, rejectsName(path))
		}
		res, err := validateOne(v, path, rejects, o.format == "json", stdout)
		if err != nil {
			fmt.Fprintf(stderr, "eleader: %v\n", err)
			return exitUsage
		}
		if o.format == "text" {
			out.file(res)
		}
		switch res.rep.Status {
		case importer.StatusRejected:
			code = exitFile
		case importer.StatusPartial:
			if code == exitOK {
				code = exitRejected
			}
		}
	}
	if o.format == "text" {
		out.total()
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
			return nil, fmt.Errorf("--date %q is not a date AAAAMMDD", o.date)
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
	rejects  string // where the rejects were written, or ""
	rejected int    // lines written there
}

// validateOne validates one file, printing its JSON when asJSON, and writes
// its rejects when rejects is set. Only I/O problems are errors.
func validateOne(v *importer.Validator, path, rejects string, asJSON bool, stdout io.Writer) (*validation, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	f := v.Open(path, in)
	defer f.Close()
	log := &importer.ErrorLog{}
	defer log.Close()

	var rw *importer.RejectsWriter
	var tmp *os.File
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	openRejects := func() error {
		if rejects == "" || rw != nil || f.Header() == nil {
			return nil
		}
		var err error
		if tmp, err = os.CreateTemp(filepath.Dir(rejects), ".rejets-*"); err != nil {
			return err
		}
		rw = importer.NewRejectsWriter(tmp, f.Header())
		return nil
	}

	for f.Next() {
		l := f.Line()
		if l.Accepted() {
			continue
		}
		if asJSON {
			if err := log.Add(l.Errors...); err != nil {
				return nil, err
			}
		}
		if err := openRejects(); err != nil {
			return nil, err
		}
		if rw != nil {
			if err := rw.Write(l); err != nil {
				return nil, err
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	res := &validation{path: path, rep: f.Report()}
	if res.rep.Stopped() {
		log.Reset()
	} else if rejects != "" {
		if err := openRejects(); err != nil {
			return nil, err
		}
		if err := rw.Flush(); err != nil {
			return nil, err
		}
		if err := tmp.Close(); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp.Name(), rejects); err != nil {
			return nil, err
		}
		tmp = nil
		res.rejects, res.rejected = rejects, rw.Lines()
	}
	if asJSON {
		if err := importer.WriteJSON(stdout, res.rep, log); err != nil {
			return nil, err
		}
	}
	return res, nil
}
