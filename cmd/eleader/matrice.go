package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/entrepreneur-leader/eleader-go/partnerfile"
)

// runMatrice runs "eleader matrice check FILE", "eleader matrice template" and "eleader matrice gostruct".
func runMatrice(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	if len(args) == 0 {
		return usageError(stderr, "cli.help.usage", "matrice check FILE | eleader matrice template [--matrice F] [--xlsx -o FILE] | eleader matrice gostruct [--package P] [-o FILE]")
	}
	switch args[0] {
	case "check":
		fs := newFlagSet("matrice check", stderr, "matrice check FILE", "cli.matrice.check.about")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return flagError(err)
		}
		if len(pos) != 1 {
			return usageError(stderr, "cli.help.usage", "matrice check FILE")
		}
		file := pos[0]
		m, ok := readMatrice(file, stderr)
		if !ok {
			return exitFile
		}
		rules := m.Rules()
		names := make([]string, len(rules))
		for i, r := range rules {
			names[i] = r.Field + ": " + r.Rule.String()
		}
		fmt.Fprint(stdout, l.Sprintf("cli.matrice.valid", file, m.Len()))
		if len(names) > 0 {
			fmt.Fprint(stdout, l.Sprintf("cli.matrice.rules", strings.Join(names, ", ")))
		}
		fmt.Fprintln(stdout)
		return exitOK
	case "template":
		fs := newFlagSet("matrice template", stderr, matriceTemplateSynopsis, "cli.matrice.template.about")
		path := fs.String("matrice", "", l.Sprintf("cli.flag.matrice_template"))
		asXLSX := fs.Bool("xlsx", false, l.Sprintf("cli.flag.template_xlsx"))
		out := fs.String("o", "", l.Sprintf("cli.flag.o_template"))
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return flagError(err)
		}
		if *asXLSX != (*out != "") {
			fs.Usage()
			return usageError(stderr, "cli.matrice.xlsx_o")
		}
		m, ok := matriceOf(*path, stderr)
		if !ok {
			return exitFile
		}
		if *asXLSX {
			if err := writeTemplate(m, *out); err != nil {
				return usageErr(stderr, err)
			}
			fmt.Fprintln(stdout, l.Sprintf("cli.matrice.template_written", *out, m.Len()))
			return exitOK
		}
		names := make([]string, m.Len())
		for i := range names {
			names[i] = m.FieldName(i)
		}
		fmt.Fprintln(stdout, strings.Join(names, ";"))
		return exitOK
	case "gostruct":
		return runGoStruct(args[1:], stdout, stderr)
	}
	return usageError(stderr, "cli.matrice.unknown", args[0])
}

// readMatrice reads the matrice file at path; a file it refuses is said
// on stderr, and ok is false.
func readMatrice(path string, stderr io.Writer) (m *matrice.Matrice, ok bool) {
	m, err := xlsx.LoadMatriceFile(path)
	if err != nil {
		fmt.Fprintln(stderr, langOf(stderr).Sprintf("cli.matrice.refused", path, err))
		return nil, false
	}
	return m, true
}

// matriceOf is the matrice a --matrice flag names: the file's (readMatrice),
// the default one when path is "".
func matriceOf(path string, stderr io.Writer) (*matrice.Matrice, bool) {
	if path == "" {
		return matrice.Default(), true
	}
	return readMatrice(path, stderr)
}

const matriceGoStructSynopsis = `matrice gostruct [--matrice F] [--package NAME] [--type NAME] [-o FILE]`

// runGoStruct runs "eleader matrice gostruct".
func runGoStruct(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	fs := newFlagSet("matrice gostruct", stderr, matriceGoStructSynopsis, "cli.matrice.gostruct.about")
	path := fs.String("matrice", "", l.Sprintf("cli.flag.matrice_gostruct"))
	pkg := fs.String("package", "partnerfile", l.Sprintf("cli.flag.gostruct_package"))
	typ := fs.String("type", "Row", l.Sprintf("cli.flag.gostruct_type"))
	out := fs.String("o", "", l.Sprintf("cli.flag.o_gostruct"))
	if _, err := parseFlags(fs, args); err != nil {
		return flagError(err)
	}
	m, ok := matriceOf(*path, stderr)
	if !ok {
		return exitFile
	}
	var buf bytes.Buffer
	if err := partnerfile.GoStruct(m, partnerfile.GoStructOptions{Package: *pkg, Type: *typ}, &buf); err != nil {
		return usageErr(stderr, err)
	}
	if *out == "" {
		stdout.Write(buf.Bytes())
		return exitOK
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil { // source code: no personal data
		fmt.Fprintf(stderr, "eleader: %v\n", err)
		return exitFault
	}
	return exitOK
}

const matriceTemplateSynopsis = `matrice template [--matrice F] [--xlsx -o FILE]`

// writeTemplate writes the XLSX template of m to path, through a temporary
// file beside it.
func writeTemplate(m *matrice.Matrice, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".modele-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := (xlsx.Workbooks{}).Template(m, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // a template to hand out: no personal data
		return err
	}
	return os.Rename(tmp.Name(), path)
}
