package httpapi

import (
	"strings"
	"testing"
	"unicode"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// FuzzDispositionName: whatever a client sends as Content-Disposition, the
// name that comes out is judged by the front door's rule
// (eleader.CheckUploadName); a name it accepts is a plain, canonical
// AAAAMMJJ-IDENTIFIANT.csv or .xlsx, and a refusal is a 422 Problem.
func FuzzDispositionName(f *testing.F) {
	for _, s := range []string{
		`attachment; filename="20261116-adie.csv"`, `attachment; filename*=UTF-8''..%2F20261116-adie.csv`, `attachment; filename="20261116-adie.xlsx"`,
		`attachment; filename="../x"`, `attachment`, ``, `attachment; filename="20261116-adie.csv`, `form-data; name="a"; filename="20261116-a_b.csv"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		name, prob := dispositionName(header)
		if prob != nil {
			if name != "" || prob.Code != "bad_name" || prob.Message == "" {
				t.Fatalf("%q: name %q, problem %+v", header, name, prob)
			}
			return
		}
		fn, err := eleader.CheckUploadName(name)
		if err != nil {
			if p := badName(err); p.Code != "bad_name" || p.Message == "" || Status(p.Code) != 422 {
				t.Fatalf("%q: %q refused with %+v", header, name, p)
			}
			return
		}
		if strings.ContainsAny(name, `/\`) || strings.ContainsFunc(name, unicode.IsControl) || strings.HasPrefix(name, ".") {
			t.Fatalf("%q: accepted %q", header, name)
		}
		if fn.String() != name {
			t.Fatalf("%q: accepted %q, which is not a canonical name", header, name)
		}
	})
}

// FuzzAuthorization: parsing never panics, and a token comes out only of
// the fmetoken scheme.
func FuzzAuthorization(f *testing.F) {
	for _, s := range []string{"fmetoken token=elt_x", `FMETOKEN Token="elt_x"`, "Bearer x", "fmetoken", "fmetoken token", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		token, err := parseAuthorization(header)
		if err == nil && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(header)), "fmetoken") {
			t.Fatalf("%q: token %q outside the fmetoken scheme", header, token)
		}
	})
}
