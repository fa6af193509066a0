package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// emlAttachments returns the names of an .eml report's attachments.
func emlAttachments(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	require.NoError(t, err)
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	var names []string
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if name := part.FileName(); name != "" {
			names = append(names, name)
			if strings.HasSuffix(name, ".zip") {
				b, _ := io.ReadAll(part)
				zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
				if err == nil {
					for _, zf := range zr.File {
						names = append(names, zf.Name)
					}
				}
			}
		}
	}
	return names
}

// TestImportWritesItsReport: eleader import of a partner with a connection
// sheet writes its report as a run does and sends it (an .eml in the
// outbox, with the rejects and their XLSX twin); a file already
// consolidated gets none, and the store stays byte for byte the same;
// --report=false writes none.
func TestImportWritesItsReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	outbox := filepath.Join(dir, "outbox")
	activeDemo(t, db)

	// Qualification: judged, reported, not consolidated.
	code, out, stderr := dbCLI(t, db, "import", "--partner", "demo", "--outbox", outbox, demoClean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "qualification passed (import #1)")
	assert.Contains(t, out, "report #1 written for the partner's report recipients")
	assert.Contains(t, out, "report #1 of 20261116-demo.csv sent (written to "+outbox+")")
	code, _, stderr = dbCLI(t, db, "partners", "edit", "demo", "--environment", "production")
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = dbCLI(t, db, "partners", "process", "demo")
	require.Equal(t, exitOK, code, stderr)

	// Production: consolidated, reported with its rejects.
	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", "--outbox", outbox, "--format", "json", demoFaulty)
	require.Equal(t, exitRejected, code, stderr)
	var rep map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 2.0, rep["import"].(map[string]any)["report"])
	assert.Contains(t, stderr, "report #2 of 20261117-demo.csv sent", "notes go to stderr beside JSON")
	emls, err := filepath.Glob(filepath.Join(outbox, "*.eml"))
	require.NoError(t, err)
	require.Len(t, emls, 2)
	var names []string
	for _, eml := range emls {
		names = append(names, emlAttachments(t, eml)...)
	}
	assert.Contains(t, names, "20261117-demo-rejets.csv")
	assert.Contains(t, names, "20261117-demo-rejets.xlsx")
	code, out, _ = dbCLI(t, db, "reports", "--format", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"file":"20261117-demo.csv"`, "the report names the file, not its path")

	// Again: already consolidated, no report, not a byte written.
	before, err := os.ReadFile(db)
	require.NoError(t, err)
	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", "--outbox", outbox, demoFaulty)
	require.Equal(t, exitRejected, code, stderr)
	assert.Contains(t, out, "already consolidated (import #2): nothing changed")
	assert.NotContains(t, out, "report #")
	after, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the store file is byte for byte the same")

	// --report=false: consolidated, no report.
	other := filepath.Join(dir, "20261118-demo.csv")
	b, err := os.ReadFile(demoFaulty)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(other, b, 0o600))
	code, out, stderr = dbCLI(t, db, "import", "--partner", "demo", "--outbox", outbox, "--report=false", other)
	require.Equal(t, exitRejected, code, stderr)
	assert.Contains(t, out, "consolidated (import #3)")
	assert.NotContains(t, out, "report #")
	emls, _ = filepath.Glob(filepath.Join(outbox, "*.eml"))
	assert.Len(t, emls, 2)
}
