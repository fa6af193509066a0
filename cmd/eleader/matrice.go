package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// runMatrice runs "eleader matrice check FILE" and "eleader matrice template".
func runMatrice(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return usageError(stderr, "usage: eleader matrice check FILE | eleader matrice template [--matrice F]")
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
		m, err := matrice.LoadFile(file)
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
		fs := newFlagSet("matrice template", stderr, "matrice template [--matrice F]")
		path := fs.String("matrice", "", "matrice `file`; default: the embedded matrice cadre")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return flagError(err)
		}
		m := matrice.Default()
		if *path != "" {
			var err error
			if m, err = matrice.LoadFile(*path); err != nil {
				fmt.Fprintf(stderr, "%s: the matrice is refused:\n%v\n", *path, err)
				return exitFile
			}
		}
		names := make([]string, m.Len())
		for i := range names {
			names[i] = m.FieldName(i)
		}
		fmt.Fprintln(stdout, strings.Join(names, ";"))
		return exitOK
	}
	return usageError(stderr, "unknown matrice command %q (want check or template)", args[0])
}
