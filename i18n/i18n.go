// Package i18n is the one catalog of eleader's texts for people, in French
// and in English: the command line's summaries, hints, help and messages,
// the web pages, the emails, the explanations of file errors.
//
// Every text is one entry of the catalog, a key with its French and its
// English (texts_*.go, one file per area, side by side so that a
// translator reads both); an entry is compiled, at its first use in a
// language, into that language's golang.org/x/text/message/catalog
// Builder, which chooses a plural form by the rules of each language (French says
// "0 ligne", English "0 lines"). A Lang renders an entry: Sprintf and Fprintf take a key and the
// arguments of its fmt verbs; a Text is an entry with its arguments, to
// render later in any language (a file error, judged once, is shown in
// French on the web page and in English on the command line).
//
// Numbers are formatted by package fmt, the same in both languages: an
// English message of the catalog is byte for byte what fmt.Sprintf gives
// (the file errors' English is the JSON's, a contract). The spec's line
// messages ("Attribute 'SIRET' with value 'abc' fails check for …") and
// the JSON are not in the catalog: they are the same in every language.
//
// Keys are string literals, never built: a test walks the repository and
// fails on a key used but not in the catalog, an entry no code uses, an
// entry missing a language, or two languages whose fmt verbs differ.
//
// Rendering looks an entry up and formats it (a few small allocations):
// it is for messages, summaries and pages, never for a per-cell path. The
// catalog's only state is each language's Builder, which gains an entry at
// that entry's first use and never changes it after.
package i18n

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// Lang is a language of the catalog. The zero Lang is French, the
// language of E#L's partners: the web pages and the emails speak it unless
// asked otherwise; the command line chooses by its locale (Locale).
type Lang uint8

// The languages of the catalog.
const (
	French Lang = iota
	English
)

// Langs lists the languages of the catalog, French first.
func Langs() []Lang { return []Lang{French, English} }

// String returns the language's code: "fr" or "en".
func (l Lang) String() string {
	if l == English {
		return "en"
	}
	return "fr"
}

// Tag returns the language's BCP 47 tag.
func (l Lang) Tag() language.Tag {
	if l == English {
		return language.English
	}
	return language.French
}

// ParseLang reads a language as a person or a locale writes it: "fr",
// "en", "FR", "fr-FR", "fr_FR.UTF-8", "en_GB@euro". It returns false for
// any other language, and for "C" or "POSIX".
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexAny(s, "_-"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "fr", "fra", "fre", "french", "français", "francais":
		return French, true
	case "en", "eng", "english", "anglais":
		return English, true
	}
	return English, false
}

// Locale returns the language of a command line's locale, as POSIX reads
// it: LC_ALL, or else LC_MESSAGES, or else LANG, the first that is set;
// French when it names French (fr, fr_FR.UTF-8, fr_CA …), English
// otherwise (C, POSIX, en_US.UTF-8, de_DE, nothing). getenv is
// os.Getenv, or a test's.
func Locale(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if l, ok := ParseLang(v); ok && l == French {
				return French
			}
			return English
		}
	}
	return English
}

// Accept returns the language a browser asks for in its Accept-Language
// header, among the catalog's: ok is false when the header names neither
// French nor English (or is empty or malformed), and the caller keeps
// its default.
func Accept(header string) (l Lang, ok bool) {
	if header == "" {
		return French, false
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return French, false
	}
	_, i, conf := matcher().Match(tags...)
	if conf == language.No {
		return French, false
	}
	return Langs()[i], true
}

// Sprintf renders the catalog's entry key in l with the arguments of its
// fmt verbs. An argument that is a Text, a Size or a Time is first
// rendered in l. A key missing from the catalog renders as itself (a test
// of the catalog forbids it).
func (l Lang) Sprintf(key string, a ...any) string {
	var r renderer
	r.render(l, key, a)
	return r.b.String()
}

// Fprintf renders the entry key in l to w, as Sprintf does; it returns
// w's error.
func (l Lang) Fprintf(w io.Writer, key string, a ...any) (int, error) {
	var r renderer
	r.render(l, key, a)
	return io.WriteString(w, r.b.String())
}

// Text renders t in l.
func (l Lang) Text(t Text) string {
	switch {
	case t.each:
		return t.Args[l].(string)
	case t.join:
		return l.join(t)
	}
	return l.Sprintf(t.Key, t.Args...)
}

func (l Lang) join(t Text) string {
	sep := ""
	if t.Key != "" {
		sep = l.Sprintf(t.Key)
	}
	var b strings.Builder
	for i, a := range t.Args {
		if i > 0 {
			b.WriteString(sep)
		}
		fmt.Fprint(&b, l.arg(a))
	}
	return b.String()
}

// Size renders a number of bytes for people, in binary units: "4 GiB",
// "512 MiB" for a whole number of them; "1.5 MiB" (French "1,5 Mio": one
// decimal, the largest unit it reaches) otherwise from 1 KiB; "900 bytes"
// ("900 octets") below.
func (l Lang) Size(n int64) string {
	units, point := [4]string{"bytes", "KiB", "MiB", "GiB"}, "."
	if l == French {
		units, point = [4]string{"octets", "Kio", "Mio", "Gio"}, ","
	}
	for i := 3; i >= 1; i-- {
		unit := int64(1) << (10 * i)
		switch {
		case n >= unit && n%unit == 0:
			return strconv.FormatInt(n/unit, 10) + " " + units[i]
		case n >= unit:
			f := strconv.FormatFloat(float64(n)/float64(unit), 'f', 1, 64)
			return strings.Replace(f, ".", point, 1) + " " + units[i]
		}
	}
	return strconv.FormatInt(n, 10) + " " + units[0]
}

// Text is an entry of the catalog with its arguments, rendered when it is
// shown, in the language of who reads it (Lang.Text). An argument may be
// a Text itself, a Size or a Time. The zero Text has no key: it renders as "".
type Text struct {
	// Key is the entry's key.
	Key string
	// Args are the arguments of its fmt verbs.
	Args []any

	join bool // Args are Texts or strings to join with the entry Key
	each bool // Args are the text rendered in each language, by Lang
}

// T returns the Text of the entry key with its arguments.
func T(key string, a ...any) Text { return Text{Key: key, Args: a} }

// Join returns a Text that renders items one after the other, separated by
// the entry sep ("; " in English is " ; " in French). An item is a Text
// or a string.
func Join(sep string, items ...any) Text { return Text{Key: sep, Args: items, join: true} }

// Plain returns a Text that is s in every language: a message from
// outside the catalog (an error of the system), where a Text is expected.
func Plain(s string) Text { return Text{Args: []any{s}, join: true} }

// Rendered returns a Text rendered before in each language, fr in French
// and en in English: an entry kept as text by a store (a file error in the
// ledger, which keeps its two renderings, not its key and arguments).
func Rendered(fr, en string) Text { return Text{Args: []any{French: fr, English: en}, each: true} }

// IsZero reports whether t is the zero Text.
func (t Text) IsZero() bool { return t.Key == "" && !t.join && !t.each }

// Time is a time as an argument of a message: formatted with the layout
// that the entry Layout gives in the message's language ("02/01/2006 à
// 15:04", "02/01/2006 at 15:04").
type Time struct {
	T      time.Time
	Layout string
}

// Size is a number of bytes as an argument of a message: rendered by
// Lang.Size in the message's language ("1.5 MiB", "1,5 Mio").
type Size int64

// arg returns an argument rendered in l when it is a Text, a Size or a
// Time.
func (l Lang) arg(a any) any {
	switch a := a.(type) {
	case Text:
		if a.IsZero() {
			return ""
		}
		return l.Text(a)
	case Size:
		return l.Size(int64(a))
	case Time:
		return a.T.Format(l.Sprintf(a.Layout))
	}
	return a
}

// renderer renders one entry: the catalog picks the text of the language
// (its plural form by the first argument, when it has two), fmt formats
// it. It implements the renderer of x/text's catalog.Context.
type renderer struct {
	b    strings.Builder
	args []any
}

func (r *renderer) render(l Lang, key string, a []any) {
	r.args = a
	copied := false
	for i, x := range a {
		switch x.(type) {
		case Text, Size, Time:
			if !copied {
				r.args, copied = slices.Clone(a), true
			}
			r.args[i] = l.arg(x)
		}
	}
	if key == "" {
		return
	}
	if err := execute(l, key, r); err != nil {
		r.b.Reset()
		r.b.WriteString(key)
	}
}

// execute renders the entry key in l to r, compiling the entry into l's
// Builder at its first use; it returns catalog.ErrNotFound for a key
// missing from the catalog.
func execute(l Lang, key string, r *renderer) error {
	b := builders[l]()
	ctx := b.Context(l.Tag(), r)
	err := ctx.Execute(key)
	if err != catalog.ErrNotFound {
		return err
	}
	e, ok := lookup(key)
	if !ok {
		return err
	}
	if err := set(b, l, key, e); err != nil {
		panic("i18n: " + err.Error()) // the catalog's own texts: a test compiles them
	}
	return ctx.Execute(key)
}

// lookup returns the catalog's entry key (a test forbids a key given in
// two areas).
func lookup(key string) (entry, bool) {
	for _, area := range [...]map[string]entry{filesTexts, checksTexts, cliTexts, serviceTexts, mailTexts, webTexts} {
		if e, ok := area[key]; ok {
			return e, true
		}
	}
	return entry{}, false
}

// Render implements catalog's renderer: it formats the chosen text.
func (r *renderer) Render(msg string) {
	if len(r.args) == 0 {
		r.b.WriteString(msg)
		return
	}
	fmt.Fprintf(&r.b, msg, r.args...)
}

// Arg implements catalog's renderer: the i-th argument, 1-indexed, for
// the choice of a plural form.
func (r *renderer) Arg(i int) any {
	if i--; i >= 0 && i < len(r.args) {
		return r.args[i]
	}
	return nil
}

// entry is one message of the catalog: its text in each language. A
// message whose words follow a number has a singular and a plural (one,
// many): the plural form of each language is chosen by its first
// argument, an integer ("%d ligne rejetée", "%d lignes rejetées").
type entry struct {
	en, enMany string
	fr, frMany string
}

// areas are the catalog's entries, by area: each texts_*.go holds one.
func areas() []map[string]entry {
	return []map[string]entry{filesTexts, checksTexts, cliTexts, serviceTexts, mailTexts, webTexts}
}

// merge gathers the areas' entries by key; it fails on a key given twice.
func merge(areas []map[string]entry) (map[string]entry, error) {
	keys := map[string]entry{}
	for _, area := range areas {
		for key, e := range area {
			if _, dup := keys[key]; dup {
				return nil, fmt.Errorf("key %q given twice", key)
			}
			keys[key] = e
		}
	}
	return keys, nil
}

// compile loads the entries of one language into a catalog Builder; it
// fails on a text x/text cannot compile. A process compiles an entry at
// its first use (execute): a command renders a few dozen of the catalog's
// thousand entries, and compiling them all took 4 ms of every start.
func compile(keys map[string]entry, l Lang) (*catalog.Builder, error) {
	b := newBuilder(l)
	for key, e := range keys {
		if err := set(b, l, key, e); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// newBuilder returns an empty Builder for l.
func newBuilder(l Lang) *catalog.Builder { return catalog.NewBuilder(catalog.Fallback(l.Tag())) }

// set compiles the entry key's text in l into b: a plain string, or a
// singular and a plural chosen by the first argument.
func set(b *catalog.Builder, l Lang, key string, e entry) error {
	one, other := e.fr, e.frMany
	if l == English {
		one, other = e.en, e.enMany
	}
	var err error
	if other == "" {
		err = b.Set(l.Tag(), key, catalog.String(one))
	} else {
		err = b.Set(l.Tag(), key, plural.Selectf(1, "", "one", one, "other", other))
	}
	if err != nil {
		return fmt.Errorf("key %q in %s: %w", key, l, err)
	}
	return nil
}

// entries returns the catalog's entries, merged once (for the tests).
var entries = sync.OnceValue(func() map[string]entry {
	keys, err := merge(areas())
	if err != nil {
		panic("i18n: " + err.Error()) // the catalog's own texts: a test merges them
	}
	return keys
})

// builders are the catalog of each language, made at its first use and
// filled an entry at a time, each at its first use (execute): once in a
// Builder, an entry is only read. Builder locks itself, so that two
// goroutines may render at once (both compiling the same entry at worst).
var builders = [...]func() *catalog.Builder{
	French:  sync.OnceValue(func() *catalog.Builder { return newBuilder(French) }),
	English: sync.OnceValue(func() *catalog.Builder { return newBuilder(English) }),
}

// matcher chooses between the catalog's languages.
var matcher = sync.OnceValue(func() language.Matcher {
	tags := make([]language.Tag, 0, len(Langs()))
	for _, l := range Langs() {
		tags = append(tags, l.Tag())
	}
	return language.NewMatcher(tags)
})
