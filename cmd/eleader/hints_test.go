package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// An empty standard input: its file error, then a hint that adds to it
// (what to check), never the same explanation twice; in both languages.
func TestValidateEmptyInputSaysItOnce(t *testing.T) {
	for _, tt := range []struct{ lang, msg, hint string }{
		{"en", "the file is empty: it needs a header line naming the matrice's columns", "hint: nothing was read: check that the export wrote its lines"},
		{"fr", "le fichier est vide : il lui faut une ligne d'en-tête nommant les colonnes de la matrice", "conseil : rien n'a été lu : vérifiez que l'export a bien écrit ses lignes"},
	} {
		code, out, _ := runCLIIn(t, strings.NewReader(""), "--lang", tt.lang, "validate", "-")
		assert.Equal(t, exitFile, code)
		assert.Equal(t, 1, strings.Count(out, tt.msg), out)
		assert.Contains(t, out, tt.hint)
		assert.Equal(t, 1, strings.Count(out, "matrice"), "the columns are explained once: %s", out)
	}
}

func TestRepeats(t *testing.T) {
	for _, tt := range []struct {
		msg, hint string
		want      bool
	}{
		{"the file is empty.", "The file is empty", true},
		{"the file is empty: it needs a header line", "it needs a header line.", true},
		{"the file is empty", "nothing was read: check the export", false},
		{"the separator is ','", "the separator is ';'", false},
	} {
		assert.Equal(t, tt.want, repeats(tt.msg, tt.hint), "%q / %q", tt.msg, tt.hint)
	}
}
