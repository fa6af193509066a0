package matrice_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// refused is the reference rule of control.go, rune by rune: C0 controls
// but TAB, LF and CR, DEL, C1 controls.
func refused(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F || r >= 0x80 && r <= 0x9F
}

// TestControlCharactersRefused: a value holding a control character is a
// type error naming it, on every type of field, with the character escaped
// in the message; TAB, LF and CR are values like any other.
func TestControlCharactersRefused(t *testing.T) {
	m := matrice.Default()
	tests := []struct {
		name, field, value string
		want               string // the message; "" when the line is valid
	}{
		{"NUL in a TXT field", "Nom", "A\x00B", msg("Nom", `A\x00B`, "type is 'TXT' (control character U+0000)")},
		{"NUL alone", "Nom", "\x00", msg("Nom", `\x00`, "type is 'TXT' (control character U+0000)")},
		{"escape sequence", "Conseiller", "Claire \x1b[31mMartin", msg("Conseiller", `Claire \x1b[31mMartin`, "type is 'TXT' (control character U+001B)")},
		{"bell, the first one named", "Adresse", "12 rue\x07 de la\x01 Paix", msg("Adresse", `12 rue\x07 de la\x01 Paix`, "type is 'TXT' (control character U+0007)")},
		{"DEL", "Commune", "Paris\x7f", msg("Commune", `Paris\x7f`, "type is 'TXT' (control character U+007F)")},
		{"C1 CSI after accents", "IntituleProjet", "Épicerie fine à Noël \u009b2J", msg("IntituleProjet", `Épicerie fine à Noël \u009b2J`, "type is 'TXT' (control character U+009B)")},
		{"C1 NEL", "Prenom", "Élo\u0085die", msg("Prenom", `Élo\u0085die`, "type is 'TXT' (control character U+0085)")},
		{"vertical tab", "Adresse", "12 rue\vde la Paix", msg("Adresse", `12 rue\x0bde la Paix`, "type is 'TXT' (control character U+000B)")},
		{"form feed past 8 bytes", "Adresse", "12 rue de la Paix, bâtiment\fB", msg("Adresse", `12 rue de la Paix, bâtiment\x0cB`, "type is 'TXT' (control character U+000C)")},
		{"white space at the ends is trimmed, not refused", "Adresse", "\v\f12 rue de la Paix\f", ""},
		{"NUL in a NUM field", "SIRET", "7328293200007\x00", msg("SIRET", `7328293200007\x00`, "type is 'NUM' (control character U+0000)")},
		{"NUL in an EMAIL field", "Email", "elodie\x00@example.fr", msg("Email", `elodie\x00@example.fr`, "type is 'EMAIL' (control character U+0000)")},
		{"NUL in an ENUM field", "Civilite", "MME\x00", msg("Civilite", `MME\x00`, "type is 'ENUM' (control character U+0000)")},
		{"NUL in a DATE field", "DateMaj", "10/11/2026\x00", msg("DateMaj", `10/11/2026\x00`, "type is 'DATE' (control character U+0000)")},
		{"NUL in the dossier number", "NumeroDossier", "ADIE\x00100876", msg("NumeroDossier", `ADIE\x00100876`, "type is 'DOSSIER' (control character U+0000)")},
		{"TAB is allowed", "Adresse", "12 rue\tde la Paix", ""},
		{"a line break is allowed", "Adresse", "12 rue de la Paix\r\nBâtiment B", ""},
		{"LF alone is allowed", "IntituleProjet", "Épicerie\nfine", ""},
		{"no-break space and guillemets are not C1", "IntituleProjet", "«\u00a0Épicerie fine\u00a0» ° ¿", ""},
		{"U+00A0 to U+00BF", "IntituleProjet", strings.Repeat("\u00a0\u00bf\u00b0a", 5), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, codes := checkCodes(t, m, matrice.RowOptions{FileDate: fileDate}, with(validLine(), tt.field, tt.value))
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			require.Equal(t, []string{tt.want}, got)
			assert.Equal(t, []matrice.Check{matrice.CheckType}, codes)
			assert.NotContains(t, got[0], "\x00", "the message itself holds no control character")
		})
	}
}

// TestControlCharacterComesFirst: a value with a control character that
// would also fail its length gets the type error (the order obligation,
// type, length …), and the ordinary type error of a value without one
// keeps the spec's message, unchanged.
func TestControlCharacterComesFirst(t *testing.T) {
	m := matrice.Default()
	got := check(t, m, matrice.RowOptions{FileDate: fileDate}, with(validLine(), "CodePostal", "7500\x002"))
	assert.Equal(t, []string{msg("CodePostal", `7500\x002`, "type is 'NUM' (control character U+0000)")}, got)
	got = check(t, m, matrice.RowOptions{FileDate: fileDate}, with(validLine(), "SIRET", "abc"))
	assert.Equal(t, []string{msg("SIRET", "abc", "type is 'NUM'")}, got)
}

// TestHasControlEveryByte compares HasControl with the rule, rune by rune,
// for every position of every refused and allowed character in values of
// lengths around the 8-byte words of the fast path.
func TestHasControlEveryByte(t *testing.T) {
	var chars []rune
	for r := rune(0); r <= 0xC0; r++ {
		chars = append(chars, r)
	}
	chars = append(chars, 'é', 'œ', '€', 0x2028, 0xFEFF)
	for _, c := range chars {
		for n := range 20 {
			for at := 0; at <= n; at++ {
				v := strings.Repeat("a", at) + string(c) + strings.Repeat("é", (n-at)/2) + strings.Repeat("b", (n-at)%2)
				want := refused(c)
				if got := matrice.HasControl([]byte(v)); got != want {
					t.Fatalf("HasControl(%q) = %v, want %v", v, got, want)
				}
			}
		}
	}
}

// TestEscapeControls: refused characters are escaped, everything else is
// kept as it is.
func TestEscapeControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Dupont", "Dupont"},
		{"A\x00B", `A\x00B`},
		{"\x1b[0m\x7f", `\x1b[0m\x7f`},
		{"é\u0085è\u009f", `é\u0085è\u009f`},
		{"tab\there\r\nand\u00a0nbsp", "tab\there\r\nand\u00a0nbsp"},
		{`a\x00 typed`, `a\x00 typed`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, matrice.EscapeControls([]byte(tt.in)), "EscapeControls(%q)", tt.in)
	}
}

// FuzzHasControl: HasControl agrees with the rule applied rune by rune,
// and EscapeControls leaves nothing refused.
func FuzzHasControl(f *testing.F) {
	f.Add([]byte("Dupont"))
	f.Add([]byte("A\x00B"))
	f.Add([]byte("Épicerie fine à Noël \u009b2J"))
	f.Add([]byte("12 rue de la Paix\r\nBâtiment B\t"))
	f.Add([]byte("\xc2"))
	f.Fuzz(func(t *testing.T, v []byte) {
		want := false
		for i := 0; i < len(v); {
			r, n := utf8.DecodeRune(v[i:])
			if r == utf8.RuneError && n == 1 {
				r = rune(v[i]) // an invalid byte: only its value counts
				if r >= 0x80 {
					r = utf8.RuneError
				}
			}
			if refused(r) {
				want = true
				break
			}
			i += n
		}
		if got := matrice.HasControl(v); got != want {
			t.Fatalf("HasControl(%q) = %v, want %v", v, got, want)
		}
		if e := matrice.EscapeControls(v); matrice.HasControl([]byte(e)) {
			t.Fatalf("EscapeControls(%q) = %q still holds a control character", v, e)
		}
	})
}

// TestControlCheckDoesNotAllocate: the check allocates nothing on valid
// lines whose values have every kind of byte the fast path must look at
// twice (no-break spaces, guillemets, TAB, line breaks, long values).
func TestControlCheckDoesNotAllocate(t *testing.T) {
	m := matrice.Default()
	long := strings.Repeat("Épicerie «\u00a0fine\u00a0» ° ", 12)
	require.Less(t, utf8.RuneCountInString(long), 400)
	line := with(validLine(), "Adresse", "12 rue de la Paix\r\nBâtiment B\tEscalier 2", "IntituleProjet", long[:len(long)-1],
		"Conseiller", fmt.Sprintf("%s\u00a0%s", "Claire", "Martin"))
	got := allocsPerLine(t, m, matrice.RowOptions{FileDate: fileDate}, line)
	assert.Zero(t, got, "got %v allocations per line, want 0", got)
}

// BenchmarkHasControl: the scan of a line's text values (the cost the
// check adds to a valid line).
func BenchmarkHasControl(b *testing.B) {
	var vals [][]byte
	n := 0
	for _, v := range validLine() {
		vals = append(vals, []byte(v))
		n += len(v)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, v := range vals {
			if matrice.HasControl(v) {
				b.Fatal("control")
			}
		}
	}
}
