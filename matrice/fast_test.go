package matrice

import (
	"strings"
	"testing"
)

// FuzzCheckFieldsFastPaths: CheckFields, which accepts the values of a few
// kinds without calling checkField (fastKind), finds for every field of the
// default matrice the failure checkField alone finds, and the same dates.
// Every field gets the same value, then the value on one field only.
func FuzzCheckFieldsFastPaths(f *testing.F) {
	for _, s := range []string{"", "OUI", "NON", "oui", "16/11/2026", "31/02/2026", "01/01/1900", "17/11/2026", "1", "2", "3",
		"abc", "A\x00B", "a\u0085b", strings.Repeat("é", 300), strings.Repeat("a", 300), "M", "Mme", "ADIE100876-AHG-4U", "75001", " 12 ", "\u00a0OUI"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	m := Default()
	fileDate, _ := ParseDate("16/11/2026")
	f.Fuzz(func(t *testing.T, v string, field uint8) {
		for _, one := range []bool{false, true} {
			r := m.NewRow(RowOptions{FileDate: fileDate})
			r.Reset()
			for i := range m.Len() {
				if !one || i == int(field)%m.Len() {
					r.Set(i, []byte(v))
				}
			}
			ref := r.Clone()
			copy(ref.vals, r.vals)
			r.CheckFields()
			got := map[int]Check{}
			for _, fl := range r.Failures() {
				got[fl.Field] = fl.Check
			}
			closing, closes := ref.Closing()
			for i := range m.cf {
				want := ref.checkField(&m.cf[i], i, ref.vals[i], closing, closes)
				if got[i] != want {
					t.Fatalf("field %s, value %q: CheckFields found %q, checkField %q", m.FieldName(i), ref.vals[i], got[i], want)
				}
				if want == "" && m.cf[i].kind == kindDATE && len(ref.vals[i]) > 0 && r.dates[i] != ref.dates[i] {
					t.Fatalf("field %s, value %q: date %v, checkField's %v", m.FieldName(i), ref.vals[i], r.dates[i], ref.dates[i])
				}
			}
		}
	})
}
