package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// problemOf decodes an error body.
func problemOf(t testing.TB, body []byte) (code, message string) {
	t.Helper()
	var p struct{ Code, Message string }
	require.NoError(t, json.Unmarshal(body, &p), "error body %s", body)
	return p.Code, p.Message
}

type created struct {
	Name      string    `json:"name"`
	Partner   string    `json:"partner"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Deposited time.Time `json:"deposited"`
	Import    struct {
		Mode          string     `json:"mode"`
		At            *time.Time `json:"at"`
		Qualification bool       `json:"qualification"`
		Message       string     `json:"message"`
	} `json:"import"`
}

func TestUploadAsTheSeedSays(t *testing.T) {
	e := newEnv(t)
	token := e.partner("demo", "ADIE", "FRAC")
	body := example(t, "20261116-demo.csv")

	resp, b := e.upload(token, "20261116-demo.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "/api/v1/files/20261116-demo.csv", resp.Header.Get("Location"))
	var c created
	require.NoError(t, json.Unmarshal(b, &c))
	sum := sha256.Sum256(body)
	assert.Equal(t, "20261116-demo.csv", c.Name)
	assert.Equal(t, "demo", c.Partner)
	assert.Equal(t, int64(len(body)), c.Size)
	assert.Equal(t, hex.EncodeToString(sum[:]), c.SHA256)
	assert.WithinDuration(t, time.Now(), c.Deposited, time.Minute)
	assert.Equal(t, "manual", c.Import.Mode, "no queue, no scheduler: imported by the next run E#L starts")
	assert.True(t, c.Import.Qualification)
	assert.Contains(t, c.Import.Message, "qualification")

	assert.Equal(t, map[string][]byte{"20261116-demo.csv": body}, e.deposited("demo"), "stored byte for byte")

	// The file is listed, waiting.
	resp, b = e.get(token, "/api/v1/files")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var list struct {
		Partner string               `json:"partner"`
		Files   []eleader.FileStatus `json:"files"`
	}
	require.NoError(t, json.Unmarshal(b, &list))
	require.Len(t, list.Files, 1)
	assert.Equal(t, eleader.FileWaiting, list.Files[0].State)
	assert.Equal(t, int64(len(body)), list.Files[0].Size)

	// A run imports it; its status and report follow.
	rec, _, err := e.svc.Run(context.Background(), eleader.RunOptions{})
	require.NoError(t, err)
	require.Equal(t, 1, rec.Imported)
	resp, b = e.get(token, "/api/v1/files/20261116-demo.csv")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	var f eleader.FileStatus
	require.NoError(t, json.Unmarshal(b, &f))
	assert.Equal(t, eleader.FileImported, f.State)
	require.NotNil(t, f.Report)
	assert.Equal(t, 5, f.Report.Lines, "5 records (one spans two physical lines)")
	assert.Equal(t, 0, f.Report.Rejected)
}

func TestUploadModes(t *testing.T) {
	t.Run("daily", func(t *testing.T) {
		e := newEnv(t, func(e *env) {
			sc, err := eleader.NewScheduler(e.svc, 2, 0)
			require.NoError(t, err)
			e.h.Scheduler = sc
		})
		token := e.partner("adie", "ADIE")
		resp, b := e.upload(token, "20261116-adie.csv", csvWith())
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
		var c created
		require.NoError(t, json.Unmarshal(b, &c))
		assert.Equal(t, "daily", c.Import.Mode)
		require.NotNil(t, c.Import.At)
		paris, _ := time.LoadLocation("Europe/Paris")
		at := c.Import.At.In(paris)
		assert.Equal(t, 2, at.Hour(), "the daily run's hour, Paris time")
		assert.True(t, c.Import.At.After(c.Deposited) && c.Import.At.Sub(c.Deposited) <= 25*time.Hour, "next run within a day: %v", at)
	})
	t.Run("immediate", func(t *testing.T) {
		e := newEnv(t, importNow)
		token := e.partner("demo", "ADIE", "FRAC")
		bad := example(t, "20261117-demo.csv")
		resp, b := e.upload(token, "20261117-demo.csv", bad)
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
		var c created
		require.NoError(t, json.Unmarshal(b, &c))
		assert.Equal(t, "immediate", c.Import.Mode)

		var f eleader.FileStatus
		waitFor(t, "the upload's import", func() bool {
			resp, b := e.get(token, "/api/v1/files/20261117-demo.csv")
			require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
			require.NoError(t, json.Unmarshal(b, &f))
			return f.State == eleader.FileImported
		})
		require.NotNil(t, f.Report)
		assert.Positive(t, f.Report.Rejected, "the example has errors")
		assert.Empty(t, e.deposited("demo"), "imported files leave the deposits")

		// The report and its rejects, CSV and XLSX.
		resp, b = e.get(token, "/api/v1/reports/"+itoa(f.Report.ID))
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
		var rep struct {
			eleader.Report
			Delivery    string `json:"delivery"`
			RejectsCSV  string `json:"rejectsCsv"`
			RejectsXLSX string `json:"rejectsXlsx"`
		}
		require.NoError(t, json.Unmarshal(b, &rep))
		assert.Equal(t, f.Report.Rejected, rep.Rejected)
		assert.NotEmpty(t, rep.Checks)
		stored, err := e.svc.Store.Report(context.Background(), f.Report.ID)
		require.NoError(t, err)
		resp, csv := e.get(token, rep.RejectsCSV)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", csv)
		assert.Equal(t, "text/csv; charset=utf-8", resp.Header.Get("Content-Type"))
		assert.Equal(t, `attachment; filename=20261117-demo-rejets.csv`, resp.Header.Get("Content-Disposition"))
		assert.Equal(t, storedRejects(t, e.svc, &stored), csv, "the rejects the importer produced, byte for byte")
		resp, x := e.get(token, rep.RejectsXLSX)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", x)
		assert.Equal(t, "PK", string(x[:2]), "an XLSX (zip) file")
		// The report was delivered at the end of the run (outbox folder).
		waitFor(t, "the report's email", func() bool {
			entries, _ := os.ReadDir(e.outbox)
			return len(entries) == 1
		})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A partner's mistakes, one at a time, each with its status and a message
// that says what to fix.
func TestUploadStatuses(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.MaxUpload = 4096 })
	token := e.partner("adie", "ADIE")
	e.partner("frac", "FRAC")
	revoked := e.partner("vieux", "VIEU")
	require.NoError(t, e.svc.RevokeToken(context.Background(), "vieux", "test"))
	inactive := e.partner("arret", "ARRE")
	_, err := e.svc.DeactivatePartner(context.Background(), "arret", "test", "fin de convention")
	require.NoError(t, err)
	body := csvWith()
	// A file already deposited, and one already imported (now in history).
	resp, b := e.upload(token, "20261110-adie.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	_, _, err = e.svc.Run(context.Background(), eleader.RunOptions{})
	require.NoError(t, err)
	resp, b = e.upload(token, "20261111-adie.csv", body)
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)

	with := func(mod func(h http.Header)) http.Header {
		h := seedHeaders(token, "20261116-adie.csv")
		mod(h)
		return h
	}
	tests := []struct {
		name    string
		header  http.Header
		body    []byte
		status  int
		code    string
		message string // a part of the message
	}{
		{"no Authorization", with(func(h http.Header) { h.Del("Authorization") }), body, 401, "unauthorized", "absent"},
		{"Bearer scheme", with(func(h http.Header) { h.Set("Authorization", "Bearer "+token) }), body, 401, "unauthorized", "fmetoken token="},
		{"token without token=", with(func(h http.Header) { h.Set("Authorization", "fmetoken "+token) }), body, 401, "unauthorized", "mal formé"},
		{"truncated token", with(func(h http.Header) { h.Set("Authorization", "fmetoken token="+token[:len(token)-1]) }), body, 401, "unauthorized", "mal formé"},
		{"unknown token", with(func(h http.Header) {
			h.Set("Authorization", "fmetoken token="+token[:len(token)-4]+"aaaa")
		}), body, 401, "unauthorized", "invalide"},
		{"revoked token", with(func(h http.Header) { h.Set("Authorization", "fmetoken token="+revoked) }), body, 401, "unauthorized", "révoqué"},
		{"deactivated partner", with(func(h http.Header) { h.Set("Authorization", "fmetoken token="+inactive) }), body, 401, "unauthorized", "n'est pas active"},
		{"text/csv", with(func(h http.Header) { h.Set("Content-Type", "text/csv") }), body, 415, "unsupported", "application/octet-stream"},
		{"no Content-Type", with(func(h http.Header) { h.Del("Content-Type") }), body, 415, "unsupported", "aucun"},
		{"multipart", with(func(h http.Header) { h.Set("Content-Type", "multipart/form-data; boundary=x") }), body, 415, "unsupported", "application/octet-stream"},
		{"no Content-Disposition", with(func(h http.Header) { h.Del("Content-Disposition") }), body, 422, "bad_name", "manquant"},
		{"no filename", with(func(h http.Header) { h.Set("Content-Disposition", "attachment") }), body, 422, "bad_name", "manquant"},
		{"malformed disposition", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261116-adie.csv`) }), body, 422, "bad_name", "mal formé"},
		{"old workbook name", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261116-adie.xls"`) }), body, 422, "bad_name", "Classeur Excel (.xlsx)"},
		{"upper-case extension", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261116-adie.CSV"`) }), body, 422, "bad_name", "minuscules"},
		{"dashed date", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="2026-11-16-adie.csv"`) }), body, 422, "bad_name", "AAAAMMJJ"},
		{"impossible date", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261316-adie.csv"`) }), body, 422, "bad_name", "date"},
		{"upper-case partner", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261116-ADIE.csv"`) }), body, 422, "bad_name", "identifiant"},
		{"unknown partner", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261116-inconnu.csv"`) }), body, 404, "not_found", "inconnu"},
		{"another partner's name", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261116-frac.csv"`) }), body, 403, "forbidden", "frac"},
		{"name already deposited", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261111-adie.csv"`) }), body, 409, "conflict", "attend encore son import. Pour le corriger, retirez-le (bouton « Retirer » de votre espace, DELETE /api/v1/files/20261111-adie.csv ou eleader withdraw 20261111-adie.csv), puis renvoyez-le sous le même nom."},
		{"name already imported", with(func(h http.Header) { h.Set("Content-Disposition", `attachment; filename="20261110-adie.csv"`) }), body, 409, "conflict", "déjà été déposé : un nom de fichier ne sert qu'une fois. Envoyez l'export suivant sous un nouveau nom"},
		{"too large", seedHeaders(token, "20261116-adie.csv"), bytes.Repeat([]byte("x"), 4097), 413, "too_large", "4 Kio"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := e.do(http.MethodPost, "/api/v1/files", tc.header, bytes.NewReader(tc.body))
			assert.Equal(t, tc.status, resp.StatusCode, "%s", b)
			code, msg := problemOf(t, b)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, msg, tc.message)
			if tc.status == 401 {
				assert.Equal(t, `fmetoken realm="E#L"`, resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	assert.Equal(t, []string{"20261111-adie.csv"}, keys(e.deposited("adie")), "nothing deposited by a refused upload")
	assert.Empty(t, e.deposited("frac"))
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// When a request has several mistakes, the first in the order
// 401, 415, 422, 404, 403, 409, 413 answers.
func TestUploadCheckOrder(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.MaxUpload = 2048 })
	token := e.partner("adie", "ADIE")
	e.partner("frac", "FRAC")
	resp, b := e.upload(token, "20261101-adie.csv", headerOnly())
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	big := bytes.Repeat([]byte("x"), 2049)
	h := func(auth, ctype, name string) http.Header {
		h := http.Header{}
		if auth != "" {
			h.Set("Authorization", "fmetoken token="+auth)
		}
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		return h
	}
	tests := []struct {
		name   string
		header http.Header
		status int
	}{
		{"bad token, bad type, bad name", h("elt_x", "text/csv", "x.txt"), 401},
		{"bad type, bad name", h(token, "text/csv", "x.txt"), 415},
		{"bad name, big", h(token, "application/octet-stream", "x.txt"), 422},
		{"unknown partner, big", h(token, "application/octet-stream", "20261116-inconnu.csv"), 404},
		{"another partner, big", h(token, "application/octet-stream", "20261116-frac.csv"), 403},
		{"used name, big", h(token, "application/octet-stream", "20261101-adie.csv"), 409},
		{"used export as a workbook, big", h(token, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "20261101-adie.xlsx"), 409},
		{"big", h(token, "application/octet-stream", "20261116-adie.csv"), 413},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := e.do(http.MethodPost, "/api/v1/files", tc.header, bytes.NewReader(big))
			assert.Equal(t, tc.status, resp.StatusCode, "%s", b)
		})
	}
}

// An oversized body without Content-Length (chunked) is refused while it
// streams, and leaves nothing behind; one with a Content-Length beyond the
// limit is refused before its body is read.
func TestUploadTooLarge(t *testing.T) {
	e := newEnv(t, func(e *env) { e.h.MaxUpload = 1 << 20 })
	token := e.partner("adie", "ADIE")

	// Chunked: the reader hides its length.
	read := &countingReader{r: io.LimitReader(zeros{}, 3<<20)}
	resp, b := e.do(http.MethodPost, "/api/v1/files", seedHeaders(token, "20261116-adie.csv"), read)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "%s", b)
	assert.Empty(t, e.deposited("adie"))
	entries, err := os.ReadDir(filepath.Join(e.depots, "adie", dropdir.DepositDir))
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary file left")

	// Exactly the limit is fine.
	exact := headerOnly()
	exact = append(exact, bytes.Repeat([]byte("\n"), 1<<20-len(exact))...)
	resp, b = e.upload(token, "20261117-adie.csv", exact)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)

	// Declared too large: 413 at once, the body never read.
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/files", &blockingReader{})
	require.NoError(t, err)
	req.Header = seedHeaders(token, "20261118-adie.csv")
	req.Header.Set("Expect", "100-continue")
	req.ContentLength = 10 << 30
	client := e.srv.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err = client.Do(req.WithContext(ctx))
	require.NoError(t, err, "a 10 GiB body is refused without being sent")
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// blockingReader never yields data: a body that must not be read.
type blockingReader struct{}

func (*blockingReader) Read(p []byte) (int, error) {
	time.Sleep(time.Hour)
	return 0, io.EOF
}
