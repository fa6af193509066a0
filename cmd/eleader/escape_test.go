package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// technical are the literals of the command line that a person reads but
// that no language changes: frames around a message, the protocol's
// words, commands to type, wrappers of a system's error.
var technical = map[string]bool{
	"eleader: %s\n":                             true,
	"eleader: %s\n\n":                           true,
	"eleader: %v\n":                             true,
	"eleader: %s: %s\n":                         true,
	"eleader: %s: %v\n":                         true,
	"eleader: gen: %v\n":                        true,
	"eleader: gen: -o %s: %v\n":                 true,
	"eleader %s\n":                              true,
	"  module  %s\n":                            true,
	"  commit  %s\n":                            true,
	"  date    %s\n":                            true,
	"  go      %s %s\n":                         true,
	"  sha256    %s\n":                          true,
	" (sha256 %s)":                              true,
	"Message-ID: %s\nTo: %v\nSubject: %s\n\n%s": true,
	"curl --location --request POST '%s/api/v1/files' \\\n":              true,
	"  --header 'Content-Disposition: attachment; filename=\"%s\"' \\\n": true,
	"  --header 'Content-Type: application/octet-stream' \\\n":           true,
	"  --header 'Accept: application/json' \\\n":                         true,
	"  --header 'Authorization: fmetoken token=%s' \\\n":                 true,
	"  --data-binary '@%s'\n":                                            true,
	"\r[%s%s] %3d%%  %.1f/%.1f MB%-12s":                                  true,
	"--correspondances %s:\n%v":                                          true,
	"--max-errors %d":                                                    true, // the flag as given (validate's note of a file read in part)
	"--certificate: %v":                                                  true,
	"--certificate %s: %v":                                               true,
	"--ssh-key: %v":                                                      true,
	"--ssh-key %s: %v":                                                   true,
	"--remove-ssh-key: %v":                                               true,
	"--config: %w":                                                       true,
	"%s=%q: %v":                                                          true,
	"%s: %s = %q: %v":                                                    true,
	"sftp: %w":                                                           true,
	"data directory %s: %w":                                              true, // /readyz's cause, for the log
	"the demo partner was not activated: %+v":                            true, // a fault of the code
}

// word is a run of letters a person reads, outside a fmt verb.
var (
	verb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?[\d.*]*[a-zA-Z%]`)
	word = regexp.MustCompile(`\pL{3,}`)
)

// TestNoTextEscapesTheCatalog reads the command line's code: a literal
// with words, printed (fmt's printers), returned as an error, or given as
// a flag's description, must be a key of the catalog or one of the
// technical frames above. A text for people added without the catalog
// fails here.
func TestNoTextEscapesTheCatalog(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	met := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, lit := range humanArgs(call) {
				s, err := strconv.Unquote(lit.Value)
				if technical[s] {
					met[s] = true
				}
				if err != nil || technical[s] || strings.HasPrefix(s, "cli.") {
					continue
				}
				if word.MatchString(verb.ReplaceAllString(s, "")) {
					assert.Failf(t, "a text escapes the catalog", "%s: %q", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
	for s := range technical {
		assert.True(t, met[s], "the technical literal %q is met nowhere: drop it", s)
	}
}

// humanArgs returns the literals of a call that people read: the format
// of fmt's printers and errors, the description of a flag, the message of
// errors.New.
func humanArgs(call *ast.CallExpr) []*ast.BasicLit {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	lit := func(i int) []*ast.BasicLit {
		if i < 0 || i >= len(call.Args) {
			return nil
		}
		if l, ok := call.Args[i].(*ast.BasicLit); ok && l.Kind == token.STRING {
			return []*ast.BasicLit{l}
		}
		return nil
	}
	pkg := ""
	if id, ok := sel.X.(*ast.Ident); ok {
		pkg = id.Name
	}
	switch {
	case pkg == "fmt" && (strings.HasPrefix(sel.Sel.Name, "Fprint")):
		return lit(1)
	case pkg == "fmt" && (sel.Sel.Name == "Sprintf" || sel.Sel.Name == "Errorf" || sel.Sel.Name == "Printf" || sel.Sel.Name == "Println" || sel.Sel.Name == "Print"):
		return lit(0)
	case pkg == "errors" && sel.Sel.Name == "New":
		return lit(0)
	case strings.HasSuffix(sel.Sel.Name, "Var") || sel.Sel.Name == "String" || sel.Sel.Name == "Bool" || sel.Sel.Name == "Int" ||
		sel.Sel.Name == "Int64" || sel.Sel.Name == "Duration" || sel.Sel.Name == "Float64" || sel.Sel.Name == "Uint64":
		// fs.StringVar(&v, name, default, usage), fs.String(name, default, usage)
		return lit(len(call.Args) - 1)
	case sel.Sel.Name == "Func" || sel.Sel.Name == "BoolFunc":
		return lit(1)
	}
	return nil
}
