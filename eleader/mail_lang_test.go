package eleader_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// A report is French by default; an Outbox in English sends it in English,
// through a real SMTP server, with the spec's messages the same in both.
func TestReportEmailInEachLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang                             i18n.Lang
		subject, first, check, hint, bye string
		html, hello                      string
	}{
		{i18n.French, "E#L – 20261116-adie.csv : 2 lignes rejetées sur 3", "Le fichier 20261116-adie.csv a été traité : 2 lignes sont rejetées sur 3.",
			"Valeur non prévue (enum) : 2 erreurs", "Conseil : utilisez les codes de la matrice cadre", "Cordialement,", `<html lang="fr">`, "Bonjour,"},
		{i18n.English, "E#L – 20261116-adie.csv: 2 of 3 lines rejected", "The file 20261116-adie.csv was processed: 2 of 3 lines are rejected.",
			"Value not allowed (enum): 2 errors", "Hint: use the matrice's codes, exact case", "Regards,", `<html lang="en">`, "Hello,"},
	} {
		t.Run(tt.lang.String(), func(t *testing.T) {
			e := newRunEnv(t)
			e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
			ms := startMailServer(t, mailServerOptions{User: rptUser, Password: rptPassword})
			e.outbox(ms.client(t, smtp.StartTLS, rptUser, rptPassword)).Lang = tt.lang
			e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
			e.run(t, "")

			msgs := ms.Messages()
			require.Len(t, msgs, 1)
			p := parseMail(t, msgs[0].Data)
			assert.Equal(t, tt.subject, p.Subject)
			assert.Equal(t, tt.lang.String(), p.Header.Get("Content-Language"))
			assert.True(t, strings.HasPrefix(p.Text, tt.hello+"\n\n"+tt.first+"\n"), "the text starts with %q then %q:\n%s", tt.hello, tt.first, p.Text)
			for _, want := range []string{tt.check, tt.hint, tt.bye,
				"Attribute 'Civilite' with value 'Mr' fails check for is one of 'M', 'MME'"} {
				assert.Contains(t, p.Text, want)
			}
			assert.Contains(t, p.HTML, tt.html)
		})
	}
}
