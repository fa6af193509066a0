package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInspect: an email is read as a stream for what the bench reports:
// its size, its attachments, the rejected lines its text quotes, the
// report's address.
func TestInspect(t *testing.T) {
	msg := strings.Join([]string{
		"From: E#L <noreply@x>",
		"Message-ID: <rapport-1.demo@x>",
		"MIME-Version: 1.0",
		`Content-Type: multipart/mixed; boundary="B"`,
		"",
		"--B",
		"Content-Type: text/plain; charset=UTF-8",
		"",
		"Bonjour,",
		"- ligne 2 : Attribute 'Civilite' fails",
		"- ligne 5 : Attribute 'SIRET' fails",
		"https://eleader.example/espace/rapports/1",
		"--B",
		`Content-Type: application/zip; name="r.zip"`,
		"Content-Transfer-Encoding: base64",
		`Content-Disposition: attachment; filename="r.zip"`,
		"",
		"AAAA",
		"--B--",
		"",
	}, "\r\n")
	d, err := inspect(strings.NewReader(msg))
	require.NoError(t, err)
	assert.Equal(t, int64(len(msg)), d.bytes)
	assert.Equal(t, 2, d.excerpt)
	assert.True(t, d.link)
	require.Len(t, d.attachments, 1)
	assert.Contains(t, d.attachments[0], "r.zip")
	assert.Equal(t, "r.zip (0 KiB); 2 rejected lines in the text; the report's address", d.describe())
}
