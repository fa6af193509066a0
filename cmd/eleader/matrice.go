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
	if len(args) == 0 {
		return usageError(stderr, "usage: eleader matrice check FILE | eleader matrice template [--matrice F] [--xlsx -o FILE] | eleader matrice gostruct [--package P] [-o FILE]")
	}
	switch args[0] {
	case "check":
		fs := newFlagSet("matrice check", stderr, "matrice check FILE\n\nChecks a matrice file (CSV or XLSX) and lists its rules; every problem is named with its line (XLSX: cell) and column.")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return flagError(err)
		}
		if len(pos) != 1 {
			return usageError(stderr, "usage: eleader matrice check FILE")
		}
		file := pos[0]
		m, err := xlsx.LoadMatriceFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "%s: the matrice is refused:\n%v\n", file, err)
			return exitFile
		}
		rules := m.Rules()
		names := make([]string, len(rules))
		for i, r := range rules {
			names[i] = r.Field + ": " + r.Rule.String()
		}
		fmt.Fprintf(stdout, "%s: valid matrice, %d fields", file, m.Len())
		if len(names) > 0 {
			fmt.Fprintf(stdout, "; rules %s", strings.Join(names, ", "))
		}
		fmt.Fprintln(stdout)
		return exitOK
	case "template":
		fs := newFlagSet("matrice template", stderr, matriceTemplateSynopsis)
		path := fs.String("matrice", "", "matrice `file`; default: the embedded matrice cadre")
		asXLSX := fs.Bool("xlsx", false, "write the Excel template partners fill in (with -o), instead of printing the header line")
		out := fs.String("o", "", "the template's `file` (.xlsx), with --xlsx")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return flagError(err)
		}
		if *asXLSX != (*out != "") {
			fs.Usage()
			return usageError(stderr, "--xlsx and -o FILE go together")
		}
		m := matrice.Default()
		if *path != "" {
			var err error
			if m, err = xlsx.LoadMatriceFile(*path); err != nil {
				fmt.Fprintf(stderr, "%s: the matrice is refused:\n%v\n", *path, err)
				return exitFile
			}
		}
		if *asXLSX {
			if err := writeTemplate(m, *out); err != nil {
				return usageError(stderr, "%v", err)
			}
			fmt.Fprintf(stdout, "%s: the template of %d columns (drop-down lists for the ENUM and BOOL columns)\n", *out, m.Len())
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
	return usageError(stderr, "unknown matrice command %q (want check, template or gostruct)", args[0])
}

const matriceGoStructSynopsis = `matrice gostruct [--matrice F] [--package NAME] [--type NAME] [-o FILE]

Writes the Go source of a struct of the matrice's fields, in its order,
each with its csv tag and a comment (type, lengths, values, obligation,
description): a row of a partner file, which partnerfile.Write and
WriteChan (package github.com/entrepreneur-leader/eleader-go/partnerfile)
turn into the file E#L takes. A DATE field is a partnerfile.Date, any
other a string. --package defaults to partnerfile (the package's own Row
is this command's output for the default matrice), --type to Row. The
source goes to standard output, or to -o FILE.`

// runGoStruct runs "eleader matrice gostruct".
func runGoStruct(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("matrice gostruct", stderr, matriceGoStructSynopsis)
	path := fs.String("matrice", "", "matrice `file` (CSV or XLSX); default: the embedded matrice cadre")
	pkg := fs.String("package", "partnerfile", "the source's `package`")
	typ := fs.String("type", "Row", "the struct's `name`")
	out := fs.String("o", "", "the source's `file` (default: standard output)")
	if _, err := parseFlags(fs, args); err != nil {
		return flagError(err)
	}
	m := matrice.Default()
	if *path != "" {
		var err error
		if m, err = xlsx.LoadMatriceFile(*path); err != nil {
			fmt.Fprintf(stderr, "%s: the matrice is refused:\n%v\n", *path, err)
			return exitFile
		}
	}
	var buf bytes.Buffer
	if err := partnerfile.GoStruct(m, partnerfile.GoStructOptions{Package: *pkg, Type: *typ}, &buf); err != nil {
		return usageError(stderr, "%v", err)
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

const matriceTemplateSynopsis = `matrice template [--matrice F] [--xlsx -o FILE]

Prints the header line a partner file must carry; with --xlsx -o FILE,
writes the Excel template partners fill in: one sheet, every column text,
a drop-down list for each ENUM and BOOL column, each field's description
as the input message, the header frozen.`

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
