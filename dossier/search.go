package dossier

import (
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/matrice"
	"golang.org/x/text/unicode/norm"
)

// The fields consolidation and search read by name.
const (
	FieldNom           = "Nom"
	FieldNomNaissance  = "NomNaissance"
	FieldPrenom        = "Prenom"
	FieldDateNaissance = "DateNaissance"
	FieldSIRET         = "SIRET"
	FieldDateMaj       = "DateMaj"
)

// NormalizeName folds a name for search: accents removed, lower case,
// ligatures spelt out (œ → oe), hyphens, apostrophes and dots read as
// spaces, white space collapsed. "Lefèvre-Dupré" and "LEFEVRE DUPRE" fold to
// "lefevre dupre".
func NormalizeName(s string) string {
	var buf [64]byte
	return string(appendNormalName(buf[:0], s))
}

// appendNormalName appends NormalizeName(s) to b. An ASCII name, the usual
// case, is folded byte by byte, without decomposing it.
func appendNormalName(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	start, space := len(b), false
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch c {
			case ' ', '\t', '\n', '\v', '\f', '\r', '-', '\'', '.':
				space = len(b) > start
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		return b
	}
	return appendFolded(b, s)
}

// appendFolded is appendNormalName for any name. A name of Latin letters
// (below U+0250, the usual case) is folded rune by rune from a table;
// others go through appendDecomposed.
func appendFolded(b []byte, s string) []byte {
	t := latinFolds()
	start, space := len(b), false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= latinRunes || n == 1 && r == utf8.RuneError {
			return appendDecomposed(b[:start], s)
		}
		i += n
		switch f := &t[r]; {
		case f.space:
			space = len(b) > start
		case f.text != "":
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, f.text...)
		}
	}
	return b
}

// latinRunes bounds the runes latinFolds knows: Latin-1 and Latin
// Extended-A and B. None of them is a combining mark, so decomposing a
// name of them (NFD) decomposes each alone, in place: folding them one by
// one folds the name.
const latinRunes = 0x250

// latinFold is what appendDecomposed makes of one rune: a space, or text
// ("" for nothing).
type latinFold struct {
	text  string
	space bool
}

// latinFolds is the table of appendFolded, made by appendDecomposed.
var latinFolds = sync.OnceValue(func() *[latinRunes]latinFold {
	var t [latinRunes]latinFold
	for r := range rune(latinRunes) {
		t[r].space = foldsToSpace(r)
		if !t[r].space {
			t[r].text = string(appendDecomposed(nil, string(r)))
		}
	}
	return &t
})

// foldsToSpace reports whether a name's rune reads as a space.
func foldsToSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '-' || r == '\'' || r == '’' || r == '.' || r == '‐'
}

// appendDecomposed is appendNormalName for any name: decomposed (NFD), its
// combining marks dropped, its letters lowered one by one.
func appendDecomposed(b []byte, s string) []byte {
	start, space := len(b), false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case foldsToSpace(r):
			space = len(b) > start
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		switch r = unicode.ToLower(r); r {
		case 'œ':
			b = append(b, "oe"...)
		case 'æ':
			b = append(b, "ae"...)
		case 'ß':
			b = append(b, "ss"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// NameKey is what search compares for a person: folded surname, folded
// first name and birth date. It is "" when one of them is missing.
func NameKey(surname, firstName string, birth matrice.Date) string {
	if birth.IsZero() {
		return ""
	}
	var buf [96]byte
	b := appendNormalName(buf[:0], surname)
	if len(b) == 0 {
		return ""
	}
	b = append(b, '|')
	n := len(b)
	if b = appendNormalName(b, firstName); len(b) == n {
		return ""
	}
	y, m, d := birth.Year(), birth.Month(), birth.Day()
	b = append(b, '|', byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		'-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return string(b)
}

// SearchKeys are the columns a store indexes a view under for search: its
// name keys (usage and birth surname) and its SIRET.
type SearchKeys struct {
	Name, BirthName, SIRET string
}

// Keys returns the view's search keys.
func (v *View) Keys() SearchKeys {
	// The five values, in one walk over the fields: the first of each
	// name, as View.Value finds it.
	var nom, nomNaissance, prenom, naissance, siret string
	var seen uint8
	take := func(bit uint8, dst *string, val string) {
		if seen&bit == 0 {
			seen |= bit
			*dst = val
		}
	}
	for i := range v.Fields {
		switch f := &v.Fields[i]; f.Name {
		case FieldNom:
			take(1, &nom, f.Value.Value)
		case FieldNomNaissance:
			take(2, &nomNaissance, f.Value.Value)
		case FieldPrenom:
			take(4, &prenom, f.Value.Value)
		case FieldDateNaissance:
			take(8, &naissance, f.Value.Value)
		case FieldSIRET:
			take(16, &siret, f.Value.Value)
		}
	}
	birth, _ := matrice.ParseDate(naissance)
	k := SearchKeys{
		Name:  NameKey(nom, prenom, birth),
		SIRET: siret,
	}
	if nomNaissance != "" {
		k.BirthName = NameKey(nomNaissance, prenom, birth)
	}
	return k
}

// Query is a search: surname, first name and birth date together, or a SIRET.
type Query struct {
	Nom, Prenom string
	Naissance   matrice.Date
	SIRET       string
}

// ErrQuery is returned for a query that is neither a full identity nor a SIRET.
var ErrQuery = errors.New("search needs surname, first name and birth date together, or a SIRET")

// ErrSIRET is returned for a SIRET query whose SIRET is not 14 digits.
var ErrSIRET = errors.New("a SIRET is 14 digits")

// Key returns the name key of an identity query, or "" for a SIRET query.
// An identity needs its three parts (ErrQuery: no partial search), a SIRET
// 14 digits (ErrSIRET); not both.
func (q Query) Key() (string, error) {
	if q.SIRET != "" {
		if q.Nom != "" || q.Prenom != "" || !q.Naissance.IsZero() {
			return "", errors.New("search by identity or by SIRET, not both")
		}
		if len(q.SIRET) != 14 || strings.Trim(q.SIRET, "0123456789") != "" {
			return "", ErrSIRET
		}
		return "", nil
	}
	k := NameKey(q.Nom, q.Prenom, q.Naissance)
	if k == "" {
		return "", ErrQuery
	}
	return k, nil
}

// Match is one dossier found by a search: numbers and phase only, never a
// name, an address or a contact.
type Match struct {
	Number  string `json:"number"`
	Main    string `json:"main"`
	Version int    `json:"version"`
	Oper    string `json:"oper"`
	// Partner is the partner that created the dossier.
	Partner string `json:"partner"`
	// Phase is the current phase ("" when unknown).
	Phase string `json:"phase"`
}

// Found is what a search answers of one main dossier: its numbers and
// sub-versions with their phases, and the number a new sub-version must
// take. Oper and each dossier's Partner are E#L's only (the partner holding
// a dossier is not a partner's business): "" and left out of the JSON in a
// partner's answer.
type Found struct {
	Main string `json:"main"`
	// Oper is the main number's operator code, for E#L only.
	Oper     string         `json:"oper,omitempty"`
	Dossiers []FoundDossier `json:"dossiers"`
	// NextSubversion is the next free sub-version number, "" past 999.
	NextSubversion string `json:"nextSubversion"`
}

// FoundDossier is one dossier of a Found: its number, version (0 for the
// main dossier) and current phase ("" when unknown).
type FoundDossier struct {
	Number  string `json:"number"`
	Version int    `json:"version"`
	Phase   string `json:"phase"`
	// Partner is the partner that created the dossier, for E#L only.
	Partner string `json:"partner,omitempty"`
}
