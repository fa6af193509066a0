package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The OpenAPI document, loaded once, and the router on it.
var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

func loadSpec() (*openapi3.T, routers.Router, error) {
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(httpapi.OpenAPI)
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(context.Background()); specErr != nil {
			return
		}
		specRouter, specErr = gorillamux.NewRouter(specDoc)
	})
	return specDoc, specRouter, specErr
}

// seen records the (method, path, status) the handler tests produced, so
// that TestMain can tell which documented responses no test provoked.
var seen = struct {
	sync.Mutex
	m map[string]bool
}{m: map[string]bool{}}

func see(method, path string, status int) {
	seen.Lock()
	seen.m[fmt.Sprintf("%s %s %d", method, path, status)] = true
	seen.Unlock()
}

// conform wraps the handler: every response to an API path (/api/,
// /healthz, /openapi.yaml) is checked against the OpenAPI document —
// documented status, headers, content type and body schema. A response
// that does not conform fails the test.
func conform(t testing.TB, h http.Handler) http.Handler {
	doc, router, err := loadSpec()
	require.NoError(t, err, "the OpenAPI document")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/openapi.yaml"
		if !api {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		w.Write(body)

		// The request as the router sees it: the server's URL is "/".
		req := r.Clone(context.Background())
		req.Body = io.NopCloser(bytes.NewReader(nil))
		route, params, err := router.FindRoute(req)
		if err != nil {
			// A method or path the document does not list: the answer
			// must still be a documented Problem (405, 404).
			if assert.Contains(t, []int{http.StatusMethodNotAllowed, http.StatusNotFound}, res.StatusCode,
				"%s %s: not in the document, answered %d", r.Method, r.URL.Path, res.StatusCode) {
				checkProblem(t, doc, r, res.StatusCode, body)
			}
			return
		}
		see(r.Method, route.Path, res.StatusCode)
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
			},
			Status: res.StatusCode, Header: res.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		in.SetBodyBytes(body)
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			t.Errorf("%s %s → %d does not conform to openapi.yaml: %v\nbody: %.500s", r.Method, r.URL.Path, res.StatusCode, err, body)
		}
	})
}

// checkProblem checks a body against the Problem schema.
func checkProblem(t testing.TB, doc *openapi3.T, r *http.Request, status int, body []byte) {
	t.Helper()
	var v any
	if !assert.NoError(t, json.Unmarshal(body, &v), "%s %s → %d: body is not JSON: %s", r.Method, r.URL.Path, status, body) {
		return
	}
	schema := doc.Components.Schemas["Problem"].Value
	assert.NoError(t, schema.VisitJSON(v, openapi3.EnableJSONSchema2020()), "%s %s → %d: not a Problem", r.Method, r.URL.Path, status)
	see(r.Method, "(undocumented)", status)
}

// TestOpenAPIDocument checks the document itself: OpenAPI 3.1, valid, and
// served at /openapi.yaml byte for byte.
func TestOpenAPIDocument(t *testing.T) {
	doc, _, err := loadSpec()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(doc.OpenAPI, "3.1"), "OpenAPI version %q", doc.OpenAPI)
	e := newEnv(t)
	resp, body := e.get("", "/openapi.yaml")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, httpapi.OpenAPI, body)
	for _, p := range []string{"/api/v1/files", "/api/v1/files/{name}", "/api/v1/reports/{id}", "/api/v1/reports/{id}/rejects.csv",
		"/api/v1/reports/{id}/rejects.xlsx", "/api/v1/dossiers/search", "/healthz", "/readyz", "/openapi.yaml"} {
		assert.NotNil(t, doc.Paths.Find(p), "path %s documented", p)
	}
	upload := doc.Paths.Find("/api/v1/files").Post
	for _, code := range []int{201, 401, 403, 404, 409, 413, 415, 422} {
		assert.NotNil(t, upload.Responses.Status(code), "POST /api/v1/files documents %d", code)
	}
}

// TestMain runs the tests, then (on a full run) checks that the handler
// tests provoked every response the document lists for the upload, and
// every documented operation at least once.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		if missing := undocumentedCoverage(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: documented responses no handler test provoked:\n  %s\n", strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// undocumentedCoverage lists the documented responses never seen, except
// faults no partner can provoke (500, 503) and 405s.
func undocumentedCoverage() []string {
	doc, _, err := loadSpec()
	if err != nil {
		return []string{err.Error()}
	}
	var missing []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				if status == "500" || status == "503" || status == "405" {
					continue
				}
				key := fmt.Sprintf("%s %s %s", method, path, status)
				seen.Lock()
				ok := seen.m[key]
				seen.Unlock()
				if !ok {
					missing = append(missing, key)
				}
			}
		}
	}
	sort.Strings(missing)
	return slices.Compact(missing)
}
