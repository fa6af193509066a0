package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLongNamesAreCut: a 60 KB name is never echoed whole, whatever is
// wrong with it, on the API and on the web page: the answer quotes its
// start and its end.
func TestLongNamesAreCut(t *testing.T) {
	e := newEnv(t)
	token := e.partner("adie", "ADIE")
	pad := strings.Repeat("a", 60<<10)
	names := map[string]string{
		"extension":         "20261116-adie" + pad + ".txt",
		"date":              pad + "-adie.csv",
		"partner":           "20261116-" + pad + ".csv",
		"directory":         pad + "/20261116-adie.csv",
		"control character": "20261116-adie\x1b" + pad + ".csv",
		"workbook":          "20261116-" + pad + ".xlsx",
	}
	for problem, name := range names {
		t.Run("API, "+problem, func(t *testing.T) {
			h := seedHeaders(token, "x")
			h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
			resp, b := e.do(http.MethodPost, "/api/v1/files", h, strings.NewReader("NumeroDossier\r\n"))
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			code, msg := problemOf(t, b)
			assert.Equal(t, "bad_name", code)
			assert.Less(t, len(b), 1024, "the answer quotes the name cut: %s", b)
			assert.NotContains(t, msg, "\x1b")
			if problem != "directory" && problem != "control character" { // their messages name no name
				assert.Contains(t, msg, "…")
			}
		})
	}

	t.Run("API, a file never deposited", func(t *testing.T) {
		resp, b := e.get(token, "/api/v1/files/"+url.PathEscape("20261116-adie"+pad+".csv"))
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
		assert.Less(t, len(b), 512, "%s", b)
		_, msg := problemOf(t, b)
		assert.Contains(t, msg, "20261116-adie"+strings.Repeat("a", 30))
		assert.Contains(t, msg, "…"+strings.Repeat("a", 20)+".csv")
	})

	t.Run("web page", func(t *testing.T) {
		w := e.browser()
		resp, _ := w.signIn(token)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		for problem, name := range names {
			switch problem {
			case "workbook": // a workbook goes to the converter, which the name never reaches
				continue
			case "directory": // a form's file name is reduced to its base (mime/multipart)
				continue
			}
			resp, body := w.deposit(name, []byte("NumeroDossier\r\n"), w.csrf)
			assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, problem)
			assert.NotContains(t, body, strings.Repeat("a", 200), "%s: the page quotes the name cut", problem)
			assert.Less(t, len(body), 64<<10, problem)
		}
	})
}
