package eleader

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// FuzzParsePartners: any partners file (eleader partners import) is read
// whole or refused with an *Error EINVALID whose message is printable and
// bounded, never a panic; partners read have valid, distinct identifiers
// and operator codes owned once; written back as an export and read again,
// they are the same partners.
func FuzzParsePartners(f *testing.F) {
	export, err := os.ReadFile(filepath.Join("testdata", "partners", "export.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(export)
	lines := strings.SplitAfter(string(export), "\n")
	f.Add([]byte(lines[0] + lines[1]))
	f.Add([]byte(lines[0] + lines[1] + lines[1]))
	f.Add([]byte(strings.ReplaceAll(string(export), "\n", "\r\n")))
	f.Add([]byte(strings.ReplaceAll(string(export), "ENVOYEE", "ENVOYE")))
	f.Add([]byte(lines[0]))
	f.Add([]byte("Partenaire;Nom\nadie;Adie\n"))
	f.Add([]byte("Partenaire;Partenaire\nadie;adie\n"))
	f.Add([]byte("\"unclosed;x\n"))
	f.Add([]byte(""))
	m := matrice.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		parsed, owner, err := parsePartners(bytes.NewReader(data), m)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID {
				t.Fatalf("got %T %v, want an *Error EINVALID", err, err)
			}
			if msg := err.Error(); len(msg) > 8<<10 || !utf8.ValidString(msg) || strings.ContainsAny(msg, "\x00\x1b") {
				t.Fatalf("error message of %d bytes, not printable or too long: %.300q", len(msg), msg)
			}
			return
		}
		seen := map[string]bool{}
		for _, p := range parsed {
			if seen[p.ID()] {
				t.Fatalf("partner %s read twice", p.ID())
			}
			seen[p.ID()] = true
			for _, code := range p.Sheet.Operators {
				if owner[code] != p.ID() {
					t.Fatalf("operator code %s: owner %q, want %s", code, owner[code], p.ID())
				}
			}
		}
		var out bytes.Buffer
		if err := writePartners(&out, parsed); err != nil {
			t.Fatalf("partners read do not write: %v", err)
		}
		again, _, err := parsePartners(&out, m)
		if err != nil {
			t.Fatalf("partners written do not read back: %v\n%s", err, out.String())
		}
		if len(again) != len(parsed) {
			t.Fatalf("%d partners read back, want %d", len(again), len(parsed))
		}
		for i, p := range parsed {
			a, _ := json.Marshal(p.Sheet)
			b, _ := json.Marshal(again[i].Sheet)
			if !bytes.Equal(a, b) || p.Status != again[i].Status || !p.QualifiedAt.Equal(again[i].QualifiedAt) || !p.Created.Equal(again[i].Created) {
				t.Fatalf("partner %s differs once written and read back:\n%s\n%s", p.ID(), a, b)
			}
		}
	})
}
