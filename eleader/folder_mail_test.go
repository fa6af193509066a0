package eleader_test

import (
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFolderReportEmail: the partner's email names every file set aside,
// each with its reason in French, and the files superseded; with nothing
// imported, a notice goes out on its own. Names are escaped in HTML.
func TestFolderReportEmail(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	ms := startMailServer(t, mailServerOptions{User: rptUser, Password: rptPassword})
	e.outbox(ms.client(t, smtp.StartTLS, rptUser, rptPassword))

	e.deposit(t, "bge", "20261120-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	e.run(t, "bge")
	require.Len(t, ms.Messages(), 1)

	e.deposit(t, "bge", "20261125-bge.csv", csvFile(dossierLine("BGEE000002", nil)))
	e.deposit(t, "bge", "20261119-bge.csv", csvFile(dossierLine("BGEE000003", nil)))
	e.drop(t, "bge", "LISEZMOI <b>.txt", "x", old)
	e.drop(t, "bge", "20261121-frac.csv", "x", old)
	e.drop(t, "bge", "20261120-bge.csv", "other bytes", old)
	e.run(t, "bge")
	msgs := ms.Messages()
	require.Len(t, msgs, 2)
	p := parseMail(t, msgs[1].Data)
	assert.Equal(t, "E#L – 20261125-bge.csv : 1 ligne acceptée", p.Subject)
	assert.Contains(t, p.Text, "Fichiers non importés, un export de date plus récente ayant été importé à leur place : 20261119-bge.csv.")
	assert.Contains(t, p.Text, "Fichiers mis de côté, jamais importés (E#L les conserve dans le répertoire refuses/ de votre dépôt) :")
	assert.Contains(t, p.Text, "- LISEZMOI <b>.txt : son nom ne suit pas la nomenclature AAAAMMJJ-bge.csv")
	assert.Contains(t, p.Text, "- 20261121-frac.csv : ce nom est celui d'un fichier du partenaire « frac » : ne déposez que vos propres fichiers, nommés AAAAMMJJ-bge.csv.")
	assert.Contains(t, p.Text, "- 20261120-bge.csv : ce nom a déjà servi le 16/11/2026, pour un contenu différent ; envoyez-le sous la date suivante.")
	assert.Contains(t, p.HTML, "<code>LISEZMOI &lt;b&gt;.txt</code>")
	assert.NotContains(t, p.HTML, "LISEZMOI <b>")

	// A file set aside with nothing to import: a notice, at once.
	e.drop(t, "bge", "notes.docx", "x", old)
	e.run(t, "bge")
	msgs = ms.Messages()
	require.Len(t, msgs, 3)
	p = parseMail(t, msgs[2].Data)
	assert.Equal(t, "E#L – votre dépôt : 1 fichier mis de côté", p.Subject)
	assert.Equal(t, "Aucun fichier n'a été importé lors de ce passage, mais votre dépôt contenait des fichiers qui ne le seront pas.", firstSentence(t, p.Text))
	assert.Contains(t, p.Text, "- notes.docx : son nom ne suit pas")
	assert.Contains(t, p.Text, "Renvoyez vos données dans un fichier nommé AAAAMMJJ-bge.csv")
	assert.Empty(t, p.Attachments)
	assert.Equal(t, []string{"rapports@bge.example"}, msgs[2].To)
}

// TestNoticeSubject: the subject of a notice counts what it names.
func TestNoticeSubject(t *testing.T) {
	o := &eleader.Outbox{Service: &eleader.Service{}}
	for _, tt := range []struct {
		r    eleader.Report
		want string
	}{
		{eleader.Report{Notice: true, Refused: make([]eleader.FileEvent, 2)}, "E#L – votre dépôt : 2 fichiers mis de côté"},
		{eleader.Report{Notice: true, Superseded: []string{"a"}}, "E#L – votre dépôt : 1 fichier non traité"},
		{eleader.Report{Notice: true, Qualification: true, Superseded: []string{"a", "b"}, Refused: make([]eleader.FileEvent, 1)},
			"E#L (qualification) – votre dépôt : 1 fichier mis de côté, 2 fichiers non traités"},
	} {
		tt.r.Created = time.Now()
		m, err := o.Message(t.Context(), &tt.r)
		require.NoError(t, err)
		assert.Equal(t, tt.want, m.Subject)
	}
}
