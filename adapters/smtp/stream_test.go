package smtp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// TestAttachmentFromFile: an attachment read from a file, as the Outbox
// gives a report's rejects, arrives byte for byte, through the SMTP server
// and in the outbox folder, and again when the same message is written a
// second time (the file is read from its start each time).
func TestAttachmentFromFile(t *testing.T) {
	data := make([]byte, 3<<20+17)
	_, err := rand.Read(data)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "rejets.csv")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	m := testMessage(t)
	m.Attachments = []eleader.Attachment{{Name: "20261116-adie-rejets.zip", ContentType: "application/zip", Content: f, Size: int64(len(data))}}

	ts := startServer(t, serverOptions{Mode: smtp.NoTLS})
	c := clientFor(t, ts, smtp.NoTLS, "", "")
	dir := filepath.Join(t.TempDir(), "outbox")
	folder := &smtp.Folder{Dir: dir}
	for range 2 {
		require.NoError(t, c.Send(context.Background(), m))
		require.NoError(t, folder.Send(context.Background(), m))
	}
	msgs := ts.Messages()
	require.Len(t, msgs, 2)
	eml, err := os.ReadFile(filepath.Join(dir, smtp.FileName(m.MessageID)))
	require.NoError(t, err)
	for i, raw := range [][]byte{msgs[0].Data, msgs[1].Data, eml} {
		p := parseMessage(t, raw)
		require.Len(t, p.Attachments, 1, "message %d", i)
		assert.Equal(t, "20261116-adie-rejets.zip", p.Attachments[0].Name)
		assert.True(t, bytes.Equal(data, p.Attachments[0].Data), "message %d: the file, byte for byte", i)
	}
}
