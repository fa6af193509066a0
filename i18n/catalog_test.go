package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameInBoth are the entries whose French and English are the same text:
// a separator, a word both languages write alike. Any other entry whose
// two texts are equal was not translated.
var sameInBoth = map[string]bool{
	"sep.comma":          true,
	"sep.space":          true,
	"cli.text.dossiers":  true, // "%d dossier(s)"
	"cli.searches.by_el": true, // "E#L (%s)"
	"api.minutes":        true, // "%d minute(s)"
	// Words French and English write alike.
	"mail.th.message":              true,
	"web.layout.journal":           true,
	"web.space.qualification":      true,
	"web.space.production":         true,
	"web.space.th_date":            true,
	"web.report.dossiers":          true,
	"web.report.th_dossier":        true,
	"web.report.th_message":        true,
	"portal.env.qualification":     true,
	"portal.env.production":        true,
	"portal.details.qualification": true,
	"portal.ssh.type_col":          true,
	"portal.list.actions":          true,
	"console.title.export":         true,
	"console.sheet.verdict":        true,
	"console.sheet.action":         true,
	"portal.channel.sftp":          true,
	"portal.search_kind.siret":     true,
	"template.date":                true,
}

func TestCatalogBuilds(t *testing.T) {
	keys, err := merge(areas())
	require.NoError(t, err)
	assert.Greater(t, len(keys), 1000)
	for _, l := range Langs() {
		_, err := compile(keys, l)
		assert.NoError(t, err, "%s", l)
	}
	_, err = merge([]map[string]entry{{"a.b": {en: "x", fr: "y"}}, {"a.b": {en: "x", fr: "y"}}})
	assert.ErrorContains(t, err, `key "a.b" given twice`)
	_, err = compile(map[string]entry{"a.b": {en: "${x", fr: "${x"}}, French)
	assert.Error(t, err, "a text x/text cannot compile")
}

// TestEveryEntryInBothLanguages walks the catalog: a message that exists
// in one language only fails, as does a plural form without its singular,
// or a text left untranslated.
func TestEveryEntryInBothLanguages(t *testing.T) {
	for key, e := range entries() {
		assert.NotEmpty(t, e.en, "%s: no English", key)
		assert.NotEmpty(t, e.fr, "%s: no French", key)
		if e.enMany != "" {
			assert.NotEmpty(t, e.en, "%s: an English plural without its singular", key)
		}
		if e.frMany != "" {
			assert.NotEmpty(t, e.fr, "%s: a French plural without its singular", key)
		}
		if !sameInBoth[key] {
			assert.NotEqual(t, e.en, e.fr, "%s: the same text in both languages (untranslated?)", key)
		}
	}
}

// TestVerbsAgree checks that every form of an entry, in each language,
// uses the same arguments: a translation that drops or adds one would
// print "%!(EXTRA …)" or "%!d(MISSING)".
func TestVerbsAgree(t *testing.T) {
	for key, e := range entries() {
		want := argsOf(t, e.en)
		for _, form := range []string{e.enMany, e.fr, e.frMany} {
			if form == "" {
				continue
			}
			assert.Equal(t, want, argsOf(t, form), "%s: %q and %q use different arguments", key, e.en, form)
		}
	}
}

// argsOf returns the arguments (1-indexed) a format's verbs use.
func argsOf(t *testing.T, format string) []int {
	t.Helper()
	var used []int
	arg := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] == '%' {
			continue
		}
		index := func() {
			if i < len(format) && format[i] == '[' {
				end := strings.IndexByte(format[i:], ']')
				require.Positive(t, end, "format %q", format)
				n, err := strconv.Atoi(format[i+1 : i+end])
				require.NoError(t, err, "format %q", format)
				arg = n
				i += end + 1
			}
		}
		index()
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.' || format[i] == '*') {
			if format[i] == '*' {
				used = append(used, arg)
				arg++
			}
			i++
			index()
		}
		require.Less(t, i, len(format), "format %q ends inside a verb", format)
		used = append(used, arg)
		arg++
	}
	slices.Sort(used)
	return slices.Compact(used)
}

// keyLiteral finds the string literals that look like keys of the
// catalog: words of lower-case letters, digits and '_', joined by dots.
var keyLiteral = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

// TestKeysUsed walks the repository's code and templates: every literal
// that names a key of one of the catalog's areas (file.…, cli.…) must be
// in the catalog, and every entry of the catalog must be used somewhere.
// Keys are never built from pieces, so that this walk sees them all.
func TestKeysUsed(t *testing.T) {
	keys := entries()
	prefixes := map[string]bool{}
	for key := range keys {
		prefixes[key[:strings.IndexByte(key, '.')]] = true
	}
	used := map[string]bool{}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || strings.HasPrefix(name, ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if (ext != ".go" && ext != ".html") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(filepath.Base(path), "texts_") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if !prefixes[key[:strings.IndexByte(key, '.')]] || isFileName(key) {
				continue
			}
			used[key] = true
			assert.Contains(t, keys, key, "%s uses %q, which the catalog does not have", path, key)
		}
		return nil
	})
	require.NoError(t, err)
	for key := range keys {
		assert.True(t, used[key], "the entry %q is used nowhere", key)
	}
}

// isFileName reports whether a literal is a file's name rather than a key
// ("file.csv").
func isFileName(s string) bool {
	switch filepath.Ext(s) {
	case ".csv", ".xlsx", ".db", ".html", ".css", ".eml", ".json", ".toml", ".yaml", ".txt", ".zip", ".go":
		return true
	}
	return false
}

// frenchData are the places whose French literals are data, not texts
// for people: demo and test data, the generator of realistic files.
var frenchData = []string{
	"../bench/",
	"../eleader/storetest/",
	"../cmd/eleader/run.go",          // the demo partner's name and contact
	"../examples/customrule/main.go", // a matrice's descriptions
	"../i18n/i18n.go",                // ParseLang reads "français"
}

// TestNoFrenchOutsideTheCatalog walks the repository's code: a string
// literal with letters only French writes is a text for people written
// outside the catalog (or data, listed above).
func TestNoFrenchOutsideTheCatalog(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || strings.HasPrefix(name, ".") && path != ".." {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(path) != ".go" || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(filepath.Base(path), "texts_") {
			return nil
		}
		for _, data := range frenchData {
			if strings.HasPrefix(path, data) {
				return nil
			}
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.ContainsAny(lit.Value, "éèêàçôùûîÉÈÀÇ") {
				assert.Failf(t, "French outside the catalog", "%s: %s", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
}

// TestLazyAsCompiled renders every entry, in both languages, singular and
// plural, as a process does (each entry compiled at its first use) and
// from a Builder holding the whole catalog: the same text.
func TestLazyAsCompiled(t *testing.T) {
	for _, l := range Langs() {
		whole, err := compile(entries(), l)
		require.NoError(t, err)
		for key := range entries() {
			for _, n := range []int{1, 2} {
				args := []any{n, n, n}
				var r renderer
				r.args = args
				require.NoError(t, whole.Context(l.Tag(), &r).Execute(key), key)
				assert.Equal(t, r.b.String(), l.Sprintf(key, args...), "%s in %s", key, l)
			}
		}
		assert.Equal(t, "no.such.key", l.Sprintf("no.such.key"))
	}
}
