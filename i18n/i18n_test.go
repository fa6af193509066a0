package i18n_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

func TestParseLang(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want i18n.Lang
		ok   bool
	}{
		{"fr", i18n.French, true},
		{"FR", i18n.French, true},
		{"fr_FR.UTF-8", i18n.French, true},
		{"fr-CA", i18n.French, true},
		{"fr_BE@euro", i18n.French, true},
		{"en", i18n.English, true},
		{"en_GB.UTF-8", i18n.English, true},
		{"C", i18n.English, false},
		{"POSIX", i18n.English, false},
		{"de_DE.UTF-8", i18n.English, false},
		{"", i18n.English, false},
	} {
		got, ok := i18n.ParseLang(tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		if ok {
			assert.Equal(t, tt.want, got, "%q", tt.in)
		}
	}
}

func TestLocale(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		want i18n.Lang
	}{
		{"nothing", nil, i18n.English},
		{"LANG French", map[string]string{"LANG": "fr_FR.UTF-8"}, i18n.French},
		{"LANG C", map[string]string{"LANG": "C"}, i18n.English},
		{"LC_ALL wins", map[string]string{"LC_ALL": "C", "LC_MESSAGES": "fr_FR.UTF-8", "LANG": "fr_FR.UTF-8"}, i18n.English},
		{"LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, i18n.French},
		{"another language", map[string]string{"LANG": "de_DE.UTF-8"}, i18n.English},
	} {
		got := i18n.Locale(func(k string) string { return tt.env[k] })
		assert.Equal(t, tt.want, got, tt.name)
	}
}

func TestAccept(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   i18n.Lang
		ok     bool
	}{
		{"", i18n.French, false},
		{"en-US,en;q=0.9", i18n.English, true},
		{"fr-FR,fr;q=0.9,en;q=0.8", i18n.French, true},
		{"en;q=0.5, fr;q=0.9", i18n.French, true},
		{"de-DE,en;q=0.5", i18n.English, true},
		{"de-DE", i18n.French, false},
		{";;;", i18n.French, false},
	} {
		got, ok := i18n.Accept(tt.header)
		assert.Equal(t, tt.ok, ok, "%q", tt.header)
		assert.Equal(t, tt.want, got, "%q", tt.header)
	}
}

func TestPluralFollowsEachLanguage(t *testing.T) {
	// French counts 0 and 1 as singular, English 1 only.
	for _, tt := range []struct {
		n      int
		en, fr string
	}{
		{0, "complete mode: 0 of 3 lines rejected", "mode complet : 0 ligne rejetée sur 3"},
		{1, "complete mode: 1 of 3 lines rejected", "mode complet : 1 ligne rejetée sur 3"},
		{2, "complete mode: 2 of 3 lines rejected", "mode complet : 2 lignes rejetées sur 3"},
	} {
		assert.Contains(t, i18n.English.Sprintf("file.mode", tt.n, 3), tt.en)
		assert.Contains(t, i18n.French.Sprintf("file.mode", tt.n, 3), tt.fr)
	}
	assert.Equal(t, "colonne manquante : 'A'", i18n.French.Sprintf("file.header.missing", 1, "'A'"))
	assert.Equal(t, "missing columns 'A', 'B'", i18n.English.Sprintf("file.header.missing", 2, "'A', 'B'"))
}

func TestTextRendersItsArgumentsInItsLanguage(t *testing.T) {
	txt := i18n.T("file.line", 12, i18n.T("file.too_long", i18n.Size(3<<19)))
	assert.Equal(t, "line 12: the record is longer than 1.5 MiB: a quote opened here is probably never closed", i18n.English.Text(txt))
	assert.Equal(t, "ligne 12 : la ligne dépasse 1,5 Mio : un guillemet ouvert ici n'est sans doute jamais fermé", i18n.French.Text(txt))

	list := i18n.Join("sep.semicolon", "a", i18n.T("file.header.more", 3), i18n.Plain("z"))
	assert.Equal(t, "a; and 3 more; z", i18n.English.Text(list))
	assert.Equal(t, "a ; et 3 autres ; z", i18n.French.Text(list))

	kept := i18n.Rendered("ligne 3 : x", "line 3: x") // a text a store kept in both languages
	assert.Equal(t, "line 3: x", i18n.English.Text(kept))
	assert.Equal(t, "ligne 3 : x", i18n.French.Text(kept))
	assert.False(t, kept.IsZero())
	assert.Equal(t, "ligne 3 : x ; z", i18n.French.Text(i18n.Join("sep.semicolon", kept, "z")))
	assert.Equal(t, "ligne 12 : ligne 3 : x", i18n.French.Sprintf("file.line", 12, kept))

	assert.True(t, i18n.Text{}.IsZero())
	assert.False(t, i18n.Plain("").IsZero())
	assert.Equal(t, "", i18n.English.Text(i18n.Text{}))
	assert.Equal(t, "no.such.key", i18n.French.Sprintf("no.such.key"), "a missing key renders as itself")

	var b bytes.Buffer
	_, err := i18n.French.Fprintf(&b, "file.line", 3, "x")
	assert.NoError(t, err)
	assert.Equal(t, "ligne 3 : x", b.String())
}

func TestSize(t *testing.T) {
	for _, tt := range []struct {
		n      int64
		en, fr string
	}{
		{900, "900 bytes", "900 octets"},
		{1 << 10, "1 KiB", "1 Kio"},
		{3 << 19, "1.5 MiB", "1,5 Mio"},
		{4 << 30, "4 GiB", "4 Gio"},
	} {
		assert.Equal(t, tt.en, i18n.English.Size(tt.n))
		assert.Equal(t, tt.fr, i18n.French.Size(tt.n))
	}
}

func ExampleLang_Sprintf() {
	for _, l := range i18n.Langs() {
		for _, n := range []int{1, 2} {
			fmt.Println(l, l.Sprintf("file.header.missing", n, "'SIRET'"))
		}
	}
	// Output:
	// fr colonne manquante : 'SIRET'
	// fr colonnes manquantes : 'SIRET'
	// en missing column 'SIRET'
	// en missing columns 'SIRET'
}

func ExampleText() {
	// A file error is judged once, and shown in the language of who reads it.
	msg := i18n.T("file.line", 3, i18n.T("file.unclosed"))
	fmt.Println(i18n.English.Text(msg))
	fmt.Println(i18n.French.Text(msg))
	// Output:
	// line 3: a quote opened in the cell starting this record is never closed
	// ligne 3 : un guillemet ouvert dans une cellule de cette ligne n'est jamais fermé
}
