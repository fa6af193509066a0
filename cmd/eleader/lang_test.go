package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runProcess runs eleader as a process with the environment env added to
// the test's (whose language variables are cleared).
func runProcess(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(langVars, name)
	}), cliProcessVar+"=1")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errOut.String()
}

// "LANG=fr_FR.UTF-8 eleader validate" on a faulty file speaks French around
// the spec's messages; LANG=C English; the JSON is the same in both.
func TestValidateSpeaksTheLocalesLanguage(t *testing.T) {
	spec := "line %s: Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'"
	for _, tt := range []struct {
		name string
		env  []string
		args []string
		fr   bool
	}{
		{"LANG=fr_FR.UTF-8", []string{"LANG=fr_FR.UTF-8"}, nil, true},
		{"LANG=C", []string{"LANG=C"}, nil, false},
		{"no locale", nil, nil, false},
		{"LC_ALL=C wins over LANG", []string{"LANG=fr_FR.UTF-8", "LC_ALL=C"}, nil, false},
		{"LC_MESSAGES=fr_CA.UTF-8", []string{"LANG=en_US.UTF-8", "LC_MESSAGES=fr_CA.UTF-8"}, nil, true},
		{"ELEADER_LANG=fr", []string{"LANG=C", "ELEADER_LANG=fr"}, nil, true},
		{"--lang en wins", []string{"LANG=fr_FR.UTF-8"}, []string{"--lang", "en"}, false},
		{"--lang=fr after the command", []string{"LANG=C"}, []string{"validate", "--lang=fr"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if !slices.Contains(args, "validate") {
				args = append(args, "validate")
			}
			code, out, errOut := runProcess(t, tt.env, append(args, demoFaulty)...)
			assert.Equal(t, exitRejected, code, errOut)
			want := []string{"PARTIAL", "partner demo, date 17/11/2026", "15 lines: 1 accepted, 14 rejected; 1 dossier",
				"type — 1 error", "hint: NUM: digits only", strings.Replace(spec, "line %s", "line 3", 1)}
			if tt.fr {
				want = []string{"PARTIEL", "partenaire demo, fichier du 17/11/2026", "15 lignes : 1 acceptée, 14 rejetées ; 1 dossier",
					"type — 1 erreur", "conseil : NUM : des chiffres seulement", strings.Replace(spec, "line %s:", "ligne 3 :", 1)}
			}
			for _, w := range want {
				assert.Contains(t, out, w)
			}
		})
	}

	// The JSON, the CSV and the TSV are the contract: the same bytes in
	// both languages, for a faulty file and for a file rejected whole.
	dir := t.TempDir()
	cp1252 := filepath.Join(dir, "20261116-demo.csv")
	clean, err := os.ReadFile(demoClean)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(cp1252, bytes.ReplaceAll(clean, []byte("é"), []byte{0xE9}), 0o644))
	for _, format := range []string{"json", "csv", "tsv"} {
		for _, file := range []string{demoFaulty, cp1252} {
			codeFR, fr, _ := runProcess(t, []string{"LANG=fr_FR.UTF-8"}, "validate", "--format", format, file)
			codeEN, en, _ := runProcess(t, []string{"LANG=C"}, "validate", "--format", format, file)
			assert.Equal(t, codeEN, codeFR)
			assert.NotEmpty(t, en)
			assert.Equal(t, en, fr, "validate --format %s %s: the same bytes in both languages", format, file)
		}
	}

	// The file error: explained in French in the text, in English in the
	// JSON (the spec's), whatever the language.
	_, out, _ := runProcess(t, []string{"LANG=fr_FR.UTF-8"}, "validate", cp1252)
	assert.Contains(t, out, "erreur de fichier encoding : ligne")
	assert.Contains(t, out, "le fichier n'est pas en UTF-8")
	_, out, _ = runProcess(t, []string{"LANG=fr_FR.UTF-8"}, "validate", "--format", "json", cp1252)
	assert.Contains(t, out, `"message":"line `)
	assert.Contains(t, out, "not UTF-8: byte 0xE9")
}

func TestLangFlagErrors(t *testing.T) {
	code, _, errOut := runCLI(t, "--lang", "de", "help")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--lang "de": the language is fr or en`)
	code, _, errOut = runCLI(t, "validate", "--lang")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--lang needs a language")
	t.Setenv(langVar, "es")
	code, _, errOut = runCLI(t, "help")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `ELEADER_LANG "es"`)
	// After "--", --lang is a file's name, not the flag.
	t.Setenv(langVar, "")
	code, _, errOut = runCLI(t, "validate", "--", "--lang")
	assert.Equal(t, exitUsage, code)
	assert.NotContains(t, errOut, "needs a language")
}

// flagLine is a flag of a help: "  -name arg".
var flagLine = regexp.MustCompile(`(?m)^  -([a-z0-9-]+)`)

// TestHelpInBothLanguages runs every command's and sub-command's --help in
// English and in French: each is whole in both (its sections, and the
// description of every flag, differ), and no help escapes the catalog.
// validate's synopsis names every flag, --name included; its date is
// written AAAAMMJJ in French; a flag without a named argument gets its
// type's name in the help's language.
func TestValidateHelpSynopsis(t *testing.T) {
	_, en, _ := runCLI(t, "--lang", "en", "validate", "--help")
	_, fr, _ := runCLI(t, "--lang", "fr", "validate", "--help")
	assert.Contains(t, en, "usage: eleader validate [--matrice F] [--correspondances F] [--name AAAAMMDD-ID.csv] [--date AAAAMMDD] [")
	assert.Contains(t, fr, "usage : eleader validate [--matrice F] [--correspondances F] [--name AAAAMMJJ-ID.csv] [--date AAAAMMJJ] [")
	assert.Contains(t, en, "\n  -mode string\n")
	assert.Contains(t, fr, "\n  -mode chaîne\n")
	_, fr, _ = runCLI(t, "--lang", "fr", "serve", "--help")
	assert.Contains(t, fr, "\n  -grace durée\n")
	_, fr, _ = runCLI(t, "--lang", "fr", "runs", "--help")
	assert.Contains(t, fr, "\n  -limit entier\n")
}

func TestHelpInBothLanguages(t *testing.T) {
	for _, path := range commandPaths(t) {
		t.Run(strings.Join(path, " "), func(t *testing.T) {
			args := append(slices.Clone(path), "--help")
			codeEN, en, _ := runCLI(t, append([]string{"--lang", "en"}, args...)...)
			codeFR, fr, _ := runCLI(t, append([]string{"--lang", "fr"}, args...)...)
			require.Equal(t, exitOK, codeEN)
			require.Equal(t, exitOK, codeFR)
			assert.NotEqual(t, en, fr)
			if path[0] == "help" {
				assert.Contains(t, en, "Commands:")
				assert.Contains(t, fr, "Commandes :")
				return
			}
			for _, head := range []string{"exit codes:", "environment:"} {
				assert.Contains(t, en, "\n"+head+"\n")
			}
			for _, head := range []string{"codes de sortie :", "environnement :"} {
				assert.Contains(t, fr, "\n"+head+"\n")
			}
			assert.Contains(t, fr, "usage : eleader "+strings.Join(path, " "))
			// The arguments' names are French too: no Go type name, no
			// English date.
			assert.NotRegexp(t, `(?m)^  -[a-z-]+ (string|int|uint|float|duration|value)$`, fr)
			assert.NotContains(t, fr, "AAAAMMDD")
			// Every flag's description differs: each is in the catalog.
			enFlags, frFlags := flagUsages(en), flagUsages(fr)
			assert.Equal(t, len(enFlags), len(frFlags))
			for name, usage := range enFlags {
				assert.NotEqual(t, usage, frFlags[name], "--%s of %q is not translated", name, path)
			}
			// Every line of an exit code or a variable differs too.
			for _, l := range strings.Split(en, "\n") {
				if strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "  -") && !strings.HasPrefix(l, "    ") && !strings.Contains(l, " --") {
					assert.NotContains(t, fr, l+"\n", "%q is the same in French", l)
				}
			}
		})
	}
}

// flagUsages maps each flag of a help to its description.
func flagUsages(help string) map[string]string {
	out := map[string]string{}
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		if m := flagLine.FindStringSubmatch(l); m != nil && i+1 < len(lines) {
			out[m[1]] = strings.TrimSpace(lines[i+1])
		}
	}
	return out
}

// The main outputs in both languages: what a program reads (JSON, CSV,
// the files written) is the same bytes; what a person reads differs.
func TestOutputsInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	same := [][]string{
		{"validate", "--format", "json", demoClean, demoFaulty},
		{"validate", "--format", "tsv", "--mode", "complete", demoFaulty},
		{"version", "--format", "json"},
		{"matrice", "template"},
		{"gen", "--lines", "50", "--seed", "7"},
	}
	for _, args := range same {
		_, en, _ := runCLI(t, append([]string{"--lang", "en"}, args...)...)
		_, fr, _ := runCLI(t, append([]string{"--lang", "fr"}, args...)...)
		assert.NotEmpty(t, en, "%q", args)
		assert.Equal(t, en, fr, "%q: the same bytes in both languages", args)
	}
	// An import into a store of each language: the JSON is the same.
	var imports [2]string
	for i, lang := range []string{"en", "fr"} {
		db := filepath.Join(dir, lang+".db")
		_, imports[i], _ = runCLI(t, "--lang", lang, "import", "--partner", "demo", "--operators", "ADIE,FRAC", "--db", db, "--format", "json", demoFaulty)
	}
	assert.Contains(t, imports[0], `"import":`)
	assert.Equal(t, imports[0], imports[1])

	differ := [][]string{
		{"validate", demoClean, demoFaulty},
		{"validate", "--mode", "complete", demoFaulty},
		{"matrice", "check", "../../matrice/matrice-cadre.csv"},
		{"gen", "--lines", "5", "-o", dir + "/"},
		{"import", "--partner", "demo", "--operators", "ADIE,FRAC", "--db", filepath.Join(dir, "text.db"), demoClean},
		{"searches", "--db", filepath.Join(dir, "text.db")},
		{"imports", "--db", filepath.Join(dir, "text.db")},
		{"imports", "show", "1", "--db", filepath.Join(dir, "text.db")},
		{"dossier", "show", "ADIE100876-AHG-4U", "--db", filepath.Join(dir, "text.db")},
		{"ledger", "--db", filepath.Join(dir, "text.db")},
		{"unknown-command"},
		{"validate", "--max-errors", "-1", demoClean},
	}
	for _, args := range differ {
		codeEN, outEN, errEN := runCLI(t, append([]string{"--lang", "en"}, args...)...)
		codeFR, outFR, errFR := runCLI(t, append([]string{"--lang", "fr"}, args...)...)
		assert.Equal(t, codeEN, codeFR, "%q", args)
		assert.NotEqual(t, outEN+errEN, outFR+errFR, "%q: a person's text in both languages", args)
	}
}
