package eleader_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyRejected is a file of n lines, each rejected (a Civilite outside
// the list) with its own name, and one accepted line.
func manyRejected(n int) string {
	lines := []map[string]string{dossierLine("ADIE900000", nil)}
	for i := range n {
		lines = append(lines, dossierLine(fmt.Sprintf("ADIE%06d", i+1), map[string]string{
			"Civilite": "Mr", "Nom": fmt.Sprintf("Nom%05d-%x", i, i*7919), "Prenom": fmt.Sprintf("Prénom %d", i*31),
		}))
	}
	return csvFile(lines...)
}

// mailSizes are the sizes that decide how an email carries rejects.
type mailSizes struct {
	csv, xlsx, zippedCSV int64
}

// sizesOf measures the rejects of body as the Outbox will: the CSV, its
// XLSX twin, the CSV deflated in a ZIP archive.
func sizesOf(t *testing.T, name, body string) (mailSizes, []byte, []int) {
	t.Helper()
	csv, lines := rejectsOf(t, name, body)
	var nums strings.Builder
	for _, n := range lines {
		fmt.Fprintf(&nums, "%d\n", n)
	}
	var x bytes.Buffer
	require.NoError(t, xlsx.Workbooks{}.RejectsXLSX(bytes.NewReader(csv), strings.NewReader(nums.String()), &x))
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "x.csv", Method: zip.Deflate})
	require.NoError(t, err)
	_, err = w.Write(csv)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return mailSizes{csv: int64(len(csv)), xlsx: int64(x.Len()), zippedCSV: int64(z.Len())}, csv, lines
}

// TestReportEmailSizes: the rejects of a report's email, through a real
// SMTP server on loopback, as MaxAttachBytes allows: as they are when they
// fit; zipped together when they do not; the CSV alone zipped when the
// twin does not fit beside it (the twin then on the report's page); none
// when even the zipped CSV does not fit — then the first 20 rejected lines
// in the body, and the address of the report's page; none, ever, with a
// negative limit. The message received stays within the limit, encoded.
func TestReportEmailSizes(t *testing.T) {
	const rejected = 400
	body := manyRejected(rejected)
	sz, wantCSV, wantLines := sizesOf(t, "20261116-adie.csv", body)
	require.Greater(t, sz.csv+sz.xlsx, sz.zippedCSV+sz.xlsx+2048, "the test needs rejects that zip well: %+v", sz)
	require.Greater(t, sz.xlsx, int64(2048), "the test needs a twin larger than the ZIP's slack: %+v", sz)
	tests := []struct {
		name  string
		limit int64
		// names are the attachments; inZip the entries of the archive.
		names, inZip []string
		link         bool
	}{
		{"small: as they are", sz.csv + sz.xlsx, []string{"20261116-adie-rejets.csv", "20261116-adie-rejets.xlsx"}, nil, false},
		{"medium: zipped together", sz.zippedCSV + sz.xlsx + 2048, []string{"20261116-adie-rejets.zip"},
			[]string{"20261116-adie-rejets.csv", "20261116-adie-rejets.xlsx"}, false},
		{"medium: the CSV zipped, the twin on the page", sz.zippedCSV + 1100, []string{"20261116-adie-rejets.zip"},
			[]string{"20261116-adie-rejets.csv"}, true},
		{"huge: the first lines and a link", sz.zippedCSV - 1, nil, nil, true},
		{"never", -1, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRunEnv(t)
			e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
			e.svc.PortalURL = "https://eleader.example/"
			ms := startMailServer(t, mailServerOptions{Mode: "none"})
			o := e.outbox(ms.client(t, smtp.NoTLS, "", ""))
			o.MaxAttachBytes = tt.limit
			e.deposit(t, "adie", "20261116-adie.csv", body)
			e.run(t, "")
			msgs := ms.Messages()
			require.Len(t, msgs, 1)
			r := e.report(t, "adie")
			require.Equal(t, eleader.ReportSent, r.State, r.LastError)
			p := parseMail(t, msgs[0].Data)
			var names []string
			for _, a := range p.Attachments {
				names = append(names, a.Name)
			}
			assert.Equal(t, tt.names, names, "the attachments")
			var attached int64
			for _, a := range p.Attachments {
				attached += int64(len(a.Data))
			}
			t.Logf("limit %d: message of %d bytes, attachments %d bytes (rejects: %+v)", tt.limit, len(msgs[0].Data), attached, sz)
			if tt.limit > 0 {
				assert.LessOrEqual(t, attached, tt.limit, "the attachments stay within the limit")
			}
			// base64 takes 4/3, the texts and headers some 30 KB at most.
			assert.Less(t, int64(len(msgs[0].Data)), max(tt.limit, 0)*4/3+30<<10, "the message's size")
			link := fmt.Sprintf("https://eleader.example/espace/rapports/%d", r.ID)
			if tt.link {
				assert.Contains(t, p.Text, link, "the report's page")
				assert.Contains(t, p.HTML, `<a href="`+link+`">`)
			} else {
				assert.NotContains(t, p.Text, link)
			}
			switch {
			case len(tt.inZip) > 0:
				a := p.Attachments[0]
				assert.Equal(t, "application/zip", a.ContentType)
				zr, err := zip.NewReader(bytes.NewReader(a.Data), int64(len(a.Data)))
				require.NoError(t, err)
				var entries []string
				for _, f := range zr.File {
					entries = append(entries, f.Name)
				}
				require.Equal(t, tt.inZip, entries, "the archive's entries")
				rc, err := zr.File[0].Open()
				require.NoError(t, err)
				got, err := io.ReadAll(rc)
				rc.Close()
				require.NoError(t, err)
				assert.Equal(t, string(wantCSV), string(got), "the CSV in the archive, byte for byte")
				assert.Equal(t, zip.Deflate, zr.File[0].Method)
				if len(zr.File) > 1 {
					assert.Equal(t, zip.Store, zr.File[1].Method, "the twin is stored: compressed already")
					rc, err := zr.File[1].Open()
					require.NoError(t, err)
					x, err := io.ReadAll(rc)
					rc.Close()
					require.NoError(t, err)
					checkRejectsXLSX(t, x, wantLines, nil)
				}
				assert.Contains(t, p.Text, "dans l'archive ZIP 20261116-adie-rejets.zip")
			case len(tt.names) == 2:
				assert.Equal(t, string(wantCSV), string(p.Attachments[0].Data))
				checkRejectsXLSX(t, p.Attachments[1].Data, wantLines, nil)
				assert.Contains(t, p.Text, "En pièces jointes : les lignes rejetées, au format CSV (UTF-8, « ; ») et Excel")
			default:
				assert.Empty(t, p.Attachments)
				for i, n := range wantLines[:20] {
					assert.Contains(t, p.Text, fmt.Sprintf("- ligne %d : Attribute 'Civilite' with value 'Mr'", n), "excerpt line %d", i+1)
				}
				assert.NotContains(t, p.Text, fmt.Sprintf("- ligne %d :", wantLines[20]), "20 lines, no more")
				assert.Contains(t, p.Text, fmt.Sprintf("- … et %d autres.", rejected-20))
				if tt.limit > 0 {
					assert.Contains(t, p.Text, "Les lignes rejetées sont trop volumineuses pour ce courriel")
				} else {
					assert.Contains(t, p.Text, "Ce service E#L ne joint pas les lignes rejetées à ses courriels : voici les 20 premières.")
				}
				assert.Contains(t, p.Text, "Le fichier complet des lignes rejetées, au format CSV et Excel, avec une colonne Erreurs, est sur la page du rapport, après connexion avec votre jeton :")
			}
		})
	}
}

// TestReportEmailLinkWithoutPortal: a service that does not know its
// address says where the rejects are without one: the deposit space and the
// API's path.
func TestReportEmailLinkWithoutPortal(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	ms := startMailServer(t, mailServerOptions{Mode: "none"})
	o := e.outbox(ms.client(t, smtp.NoTLS, "", ""))
	o.MaxAttachBytes = 100
	e.deposit(t, "adie", "20261116-adie.csv", manyRejected(3))
	e.run(t, "")
	msgs := ms.Messages()
	require.Len(t, msgs, 1)
	r := e.report(t, "adie")
	p := parseMail(t, msgs[0].Data)
	assert.Empty(t, p.Attachments)
	assert.Contains(t, p.Text, "voici les 3 premières.")
	assert.NotContains(t, p.Text, "autres.")
	assert.Contains(t, p.Text, fmt.Sprintf("dans votre espace de dépôt E#L (rapport n° %d), ou par l'API (GET /api/v1/reports/%d/rejects.csv).", r.ID, r.ID))
	assert.NotContains(t, p.Text, "http")
}

// TestReportEmailWithoutTwin: a service that makes no XLSX twin attaches
// the CSV alone, and never speaks of an Excel version.
func TestReportEmailWithoutTwin(t *testing.T) {
	for _, limit := range []int64{0, 100} {
		e := newRunEnv(t)
		e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
		e.svc.PortalURL = "https://eleader.example"
		ms := startMailServer(t, mailServerOptions{Mode: "none"})
		o := e.outbox(ms.client(t, smtp.NoTLS, "", ""))
		o.Workbooks, o.MaxAttachBytes = nil, limit
		e.deposit(t, "adie", "20261116-adie.csv", manyRejected(3))
		e.run(t, "")
		msgs := ms.Messages()
		require.Len(t, msgs, 1)
		p := parseMail(t, msgs[0].Data)
		assert.NotContains(t, p.Text, "Excel", "limit %d", limit)
		if limit == 0 {
			require.Len(t, p.Attachments, 1)
			assert.Equal(t, "20261116-adie-rejets.csv", p.Attachments[0].Name)
			assert.Contains(t, p.Text, "En pièce jointe : les lignes rejetées, au format CSV (UTF-8, « ; »), avec une colonne Erreurs.")
		} else {
			assert.Empty(t, p.Attachments)
			assert.Contains(t, p.Text, "Le fichier complet des lignes rejetées, au format CSV, avec une colonne Erreurs, est sur la page du rapport")
		}
	}
}
