package httpapi

import (
	"errors"
	"io"
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

// FuzzDepositForm: whatever a browser (or not) sends to the deposit form,
// reading it never panics and comes out as one of its refusals or as a
// form whose csrf came first (bounded) and whose file is the part fichier,
// with a name; the file's bytes then read as a stream.
func FuzzDepositForm(f *testing.F) {
	form := func(boundary string, parts ...string) string {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString("--" + boundary + "\r\n" + p + "\r\n")
		}
		b.WriteString("--" + boundary + "--\r\n")
		return b.String()
	}
	csrf := "Content-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123"
	file := "Content-Disposition: form-data; name=\"fichier\"; filename=\"20261116-demo.csv\"\r\nContent-Type: text/csv\r\n\r\nNumeroDossier;Phase\r\nDEMO1;1"
	ct := "multipart/form-data; boundary=XyZ"
	f.Add(ct, form("XyZ", csrf, file))
	f.Add(ct, form("XyZ", file, csrf))
	f.Add(ct, form("XyZ", csrf))
	f.Add(ct, form("XyZ", csrf, strings.Replace(file, `filename="20261116-demo.csv"`, `filename=""`, 1)))
	f.Add(ct, form("XyZ", csrf, strings.Replace(file, `filename="20261116-demo.csv"`, `filename*=UTF-8''..%2F..%2F20261116-demo.csv`, 1)))
	f.Add("multipart/form-data", form("XyZ", csrf, file))
	f.Add("application/x-www-form-urlencoded", "csrf=abc&fichier=x")
	f.Add(ct, "")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		got, err := readDepositForm(contentType, strings.NewReader(body))
		switch {
		case errors.Is(err, errNotMultipart), errors.Is(err, errNoCSRF):
			if got.file != nil || got.csrf != "" {
				t.Fatalf("refused with %v, yet a form %+v", err, got)
			}
			return
		case errors.Is(err, errNoFile):
			if got.file != nil {
				t.Fatalf("no file, yet a part %+v", got.file)
			}
		case err != nil:
			t.Fatalf("unexpected error %v", err)
		default:
			if got.file.FormName() != "fichier" || got.file.FileName() == "" {
				t.Fatalf("a file part %q named %q", got.file.FormName(), got.file.FileName())
			}
			if _, err := io.Copy(io.Discard, got.file); err != nil && !strings.Contains(err.Error(), "multipart") && err != io.ErrUnexpectedEOF {
				t.Fatalf("reading the file: %v", err)
			}
		}
		if len(got.csrf) > maxCSRF {
			t.Fatalf("a csrf value of %d bytes", len(got.csrf))
		}
	})
}
