package matrice_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// FuzzLoadCSV: any input loads or fails with positioned errors, never panics.
// Every error names its line (≥ 1), or concerns the whole file (line 0, no
// column); a loaded matrice checks a line of its own field names.
func FuzzLoadCSV(f *testing.F) {
	f.Add(matrice.DefaultCSV())
	f.Add([]byte(csvMatrice(lineNumero, linePhase, lineQPV)))
	f.Add([]byte(regles(ruleFields...)))
	f.Add([]byte(regles(withRules(map[int]string{0: "subversion_phase(Phase, 2)", 3: "date_order(DateDebutPhase)", 4: "min_age(16, DateDebutPhase)", 5: "luhn"})...)))
	f.Add([]byte(csvMatrice("X;DOSSIER;TEXTE;abc;;;;(;;SI:Y;NON;NON;NON;NON;d ; e")))
	f.Add([]byte(strings.ReplaceAll(csvMatrice(lineNumero), ";", ",")))
	f.Add([]byte("\xEF\xBB\xBF" + matriceHeader + "\r\n\"a\nb\";\"\r\n"))
	f.Add([]byte(""))
	f.Add([]byte(";;;\n;;;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := matrice.LoadCSV("m.csv", strings.NewReader(string(data)))
		if err != nil {
			if m != nil {
				t.Fatalf("got a matrice and an error %v", err)
			}
			var list matrice.LoadErrors
			var one *matrice.LoadError
			switch {
			case errors.As(err, &list):
				if len(list) == 0 {
					t.Fatal("got an empty LoadErrors")
				}
			case errors.As(err, &one):
				list = matrice.LoadErrors{one}
			default:
				t.Fatalf("got %T %v, want *LoadError or LoadErrors", err, err)
			}
			for _, e := range list {
				if e.Source != "m.csv" {
					t.Errorf("got source %q, want m.csv: %v", e.Source, e)
				}
				if e.Line < 1 && (e.Line != 0 || e.Column != "" || e.Field != -1) {
					t.Errorf("got an error without a line: %#v", e)
				}
				if e.Msg == "" {
					t.Errorf("got an error without a message: %#v", e)
				}
			}
			return
		}
		if m == nil || m.Len() == 0 {
			t.Fatal("got no matrice and no error")
		}
		r := m.NewRow(matrice.RowOptions{FileDate: fileDate})
		r.Reset()
		for i := range m.Len() {
			r.Set(i, []byte(m.FieldName(i)))
		}
		for _, fail := range r.Check() {
			if !strings.HasPrefix(r.Message(fail), "Attribute '"+m.FieldName(fail.Field)+"' with value '") {
				t.Errorf("got message %q", r.Message(fail))
			}
		}
	})
}

// FuzzParseDate: ParseDate accepts exactly the real calendar dates written
// JJ/MM/AAAA (time.Parse is the oracle), and String gives the input back.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"16/11/2026", "29/02/2024", "29/02/2025", "31/04/2026", "1/2/2026", "2026-01-02", "00/01/2026", "01/01/0000", "31/12/9999", "01/01/0001", "+1/01/2026", " 1/01/2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := matrice.ParseDate(s)
		tm, err := time.Parse("02/01/2006", s)
		want := err == nil && tm.Year() >= 1 && len(s) == 10
		if ok != want {
			t.Fatalf("ParseDate(%q): got ok=%v, want %v (time.Parse: %v)", s, ok, want, err)
		}
		if !ok {
			return
		}
		if d.Year() != tm.Year() || d.Month() != int(tm.Month()) || d.Day() != tm.Day() {
			t.Fatalf("ParseDate(%q) = %d/%d/%d, want %s", s, d.Day(), d.Month(), d.Year(), tm.Format("02/01/2006"))
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, got)
		}
		again, ok := matrice.ParseDate([]byte(d.String()))
		if !ok || again != d {
			t.Fatalf("ParseDate(String()) = %v, %v, want %v", again, ok, d)
		}
		if !matrice.ValidDate(d.Year(), d.Month(), d.Day()) {
			t.Fatalf("ValidDate(%s) is false", s)
		}
	})
}

// FuzzLoadCorrespondences: any table loads or fails with *LoadError values
// naming their line, never panics; a loaded table only maps to values the
// matrice accepts.
func FuzzLoadCorrespondences(f *testing.F) {
	f.Add([]byte("Champ;ValeurPartenaire;ValeurMatrice\nCivilite;Monsieur;M\nQPV;Oui;OUI\n"))
	f.Add([]byte("Champ;ValeurPartenaire;ValeurMatrice\nGenre;Madame;MME\nCivilite;Monsieur;M\nCivilite;Monsieur;MME\n"))
	f.Add([]byte("ValeurMatrice;Champ\n\"a;b\";c\n"))
	f.Add([]byte(""))
	m := matrice.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := matrice.LoadCorrespondences(m, "c.csv", strings.NewReader(string(data)))
		if err != nil {
			var list matrice.LoadErrors
			var one *matrice.LoadError
			switch {
			case errors.As(err, &list):
			case errors.As(err, &one):
				list = matrice.LoadErrors{one}
			default:
				t.Fatalf("got %T %v", err, err)
			}
			for _, e := range list {
				if e.Line < 1 && (e.Line != 0 || e.Column != "") {
					t.Errorf("got an error without a line: %#v", e)
				}
			}
			return
		}
		r := m.NewRow(matrice.RowOptions{FileDate: fileDate, Correspondences: c})
		for _, e := range c.Entries() {
			i, ok := m.Lookup(e.Field)
			if !ok {
				t.Fatalf("entry for unknown field %q", e.Field)
			}
			r.Reset()
			r.Set(i, []byte(e.Partner))
			for _, fail := range r.Check() {
				if fail.Field == i {
					t.Errorf("%s: %q maps to %q, which fails: %s", e.Field, e.Partner, r.Value(i), r.Message(fail))
				}
			}
		}
	})
}

// FuzzParseRules: a parsed Regles cell formats back to a cell that parses
// to the same rules.
func FuzzParseRules(f *testing.F) {
	for _, s := range []string{"luhn", "min_age(16, DateDebutPhase)|luhn", "a(b(c))", "x||y", "date_order( A )"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rules, err := matrice.ParseRules(s)
		if err != nil {
			return
		}
		parts := make([]string, len(rules))
		for i, r := range rules {
			parts[i] = r.String()
		}
		again, err := matrice.ParseRules(strings.Join(parts, "|"))
		if err != nil {
			t.Fatalf("ParseRules(%q) = %v, whose text %q does not parse: %v", s, rules, strings.Join(parts, "|"), err)
		}
		if len(again) != len(rules) {
			t.Fatalf("round trip of %q: got %v, want %v", s, again, rules)
		}
		for i := range rules {
			if again[i].String() != rules[i].String() {
				t.Fatalf("round trip of %q: got %v, want %v", s, again, rules)
			}
		}
	})
}

// FuzzRowCheck: any values on the default matrice give at most one error
// per field, in column order then rules, each quoting the trimmed value.
func FuzzRowCheck(f *testing.F) {
	join := func(line map[string]string) string {
		m := matrice.Default()
		cells := make([]string, m.Len())
		for name, v := range line {
			i, _ := m.Lookup(name)
			cells[i] = v
		}
		return strings.Join(cells, ";")
	}
	f.Add(join(validLine()))
	f.Add(join(closedPhase3()))
	f.Add(join(with(validLine(), "SIRET", "12345678901234", "Civilite", "Mr", "Nom", " ", "DateMaj", "20/11/2026")))
	f.Add(";;;;")
	m := matrice.Default()
	r := m.NewRow(matrice.RowOptions{FileDate: fileDate})
	f.Fuzz(func(t *testing.T, s string) {
		cells := strings.Split(s, ";")
		r.Reset()
		for i := 0; i < m.Len() && i < len(cells); i++ {
			r.Set(i, []byte(cells[i]))
		}
		seen := map[int]bool{}
		lastField, inRules := -1, false
		for _, fail := range r.Check() {
			if seen[fail.Field] {
				t.Fatalf("two errors on %s", m.FieldName(fail.Field))
			}
			seen[fail.Field] = true
			if fail.Check == matrice.CheckRule {
				inRules = true
			} else {
				if inRules || fail.Field < lastField {
					t.Fatalf("%s out of order", m.FieldName(fail.Field))
				}
				lastField = fail.Field
			}
			var raw []byte
			if fail.Field < len(cells) {
				raw = []byte(cells[fail.Field])
			}
			// A value holding a control character is quoted escaped, and
			// its type error names the character.
			value := matrice.TrimSpace(raw)
			want := "Attribute '" + m.FieldName(fail.Field) + "' with value '" + matrice.EscapeControls(value) + "' fails check for "
			got := r.Message(fail)
			if !strings.HasPrefix(got, want) || len(got) == len(want) {
				t.Fatalf("got %q, want %q followed by the check", got, want)
			}
			if matrice.HasControl(value) != strings.HasSuffix(got, ")") || matrice.HasControl(value) && fail.Check != matrice.CheckType {
				t.Fatalf("got %q (%s) for a value with a control character: %v", got, fail.Check, matrice.HasControl(value))
			}
			if matrice.HasControl([]byte(got)) {
				t.Fatalf("got %q: a message holding a control character", got)
			}
		}
	})
}
