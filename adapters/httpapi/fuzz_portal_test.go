package httpapi

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// FuzzSheetForm: whatever a browser posts as a sheet's form — values,
// hidden fields, a certificate file, a correspondence table — the form
// reads without panicking, keeps no certificate that does not parse nor a
// private key, keeps only a table it could read, and gives a sheet.
func FuzzSheetForm(f *testing.F) {
	f.Add("adie", "ADIE, ADI2", "Jeanne", "", "", []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
		[]byte("Champ;ValeurPartenaire;ValeurMatrice\nCivilite;Monsieur;M\n"))
	f.Add("", "", "", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", `[{"Field":"x"}`, []byte{0, 1, 2}, []byte("\"\n"))
	f.Add("a;b", "x\r\ny", strings.Repeat("é", 300), "", `[{"Field":"Civilite","Partner":"M.","Matrice":"M"}]`, []byte(nil), []byte("Champ\n"))
	m := matrice.Default()
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, partner, operators, name, hiddenCert, hiddenTable string, certFile, tableFile []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"partenaire": partner, "operateurs": operators, "nom": name, "certificat_pem": hiddenCert,
			"correspondances_json": hiddenTable, "canal_api": "1", "destinataires": operators} {
			mw.WriteField(k, v)
		}
		if certFile != nil {
			fw, _ := mw.CreateFormFile("certificat", "c.p7b")
			fw.Write(certFile)
		}
		if tableFile != nil {
			fw, _ := mw.CreateFormFile("correspondances", "t.csv")
			fw.Write(tableFile)
		}
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/raccordements/nouvelle", &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		form, problems, err := readSheetForm(httptest.NewRecorder(), r, m, now)
		if err != nil {
			return
		}
		if strings.Contains(form.Certificate, "PRIVATE KEY") {
			t.Fatalf("a private key kept: %q", form.Certificate)
		}
		for _, p := range problems {
			if p.Message.IsZero() {
				t.Fatalf("a problem without a message: %+v", p)
			}
		}
		s := form.sheet()
		if form.Correspondences != "" && s.Correspondences == nil && form.Correspondences != "null" && form.Correspondences != "[]" {
			t.Fatalf("a table kept that does not read back: %q", form.Correspondences)
		}
		analyse(form.Certificate, now, time.UTC)
	})
}
