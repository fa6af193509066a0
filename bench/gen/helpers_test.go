package gen_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// generator returns a Generator with the defaults and the given size.
func generator(lines int, faults float64, seed uint64) *gen.Generator {
	g := gen.New()
	g.Lines, g.Faults, g.Seed = lines, faults, seed
	return g
}

// generate writes g's file in memory.
func generate(tb testing.TB, g *gen.Generator) ([]byte, gen.Stats) {
	tb.Helper()
	var b bytes.Buffer
	st, err := g.Write(&b)
	require.NoError(tb, err)
	require.Equal(tb, int64(b.Len()), st.Bytes, "Stats.Bytes")
	return b.Bytes(), st
}

// rejected is a rejected line and its errors.
type rejected struct {
	line   int
	errors []*importer.LineError
}

// validate runs the project's validator on a generated file.
func validate(tb testing.TB, name string, content []byte) (*importer.Report, []rejected) {
	tb.Helper()
	var rej []rejected
	rep, err := importer.NewValidator(nil).Validate(name, bytes.NewReader(content), func(l *importer.Line) error {
		if !l.Accepted() {
			rej = append(rej, rejected{line: l.Number, errors: slices.Clone(l.Errors)})
		}
		return nil
	})
	require.NoError(tb, err)
	require.Empty(tb, rep.FileErrors, "a generated file has no file error")
	return rep, rej
}

// checkKey names a check as the generator's kinds do: its code, and the
// rule for a rule.
func checkKey(c matrice.Check, rule string) string {
	if c == matrice.CheckRule {
		return "rule " + rule
	}
	return string(c)
}

// lineChecks returns the check codes the validator can give a line,
// computed from the code rather than listed by hand: the matrice.Check
// constants that the non-test files of matrice/ and importer/ use (besides
// declaring them). The checks against the store are declared in matrice but
// used by package dossier only, so they are not among them.
func lineChecks(tb testing.TB) []matrice.Check {
	tb.Helper()
	fset := token.NewFileSet()
	parse := func(dir string) []*ast.File {
		paths, err := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		require.NoError(tb, err)
		var files []*ast.File
		for _, p := range paths {
			// hints.go names every check, the store's too, for its advice:
			// not a check the validator makes.
			if strings.HasSuffix(p, "_test.go") || filepath.Base(p) == "hints.go" {
				continue
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			require.NoError(tb, err)
			files = append(files, f)
		}
		require.NotEmpty(tb, files, dir)
		return files
	}
	matriceFiles, importerFiles := parse("matrice"), parse("importer")

	values := map[string]matrice.Check{} // constant name → code
	declared := map[*ast.Ident]bool{}
	for _, f := range matriceFiles {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Check" {
					continue
				}
				for k, name := range vs.Names {
					lit, ok := vs.Values[k].(*ast.BasicLit)
					require.True(tb, ok, "constant %s", name.Name)
					v, err := strconv.Unquote(lit.Value)
					require.NoError(tb, err)
					values[name.Name] = matrice.Check(v)
					declared[name] = true
				}
			}
		}
	}
	require.NotEmpty(tb, values, "no Check constant found in matrice/")
	used := map[matrice.Check]bool{}
	for _, f := range append(matriceFiles, importerFiles...) {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !declared[id] {
				if c, ok := values[id.Name]; ok {
					used[c] = true
				}
			}
			return true
		})
	}
	var out []matrice.Check
	for c := range used {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
