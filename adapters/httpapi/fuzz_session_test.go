package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzSessionCookie: whatever Cookie header a browser sends, the deposit
// page opens only for the session whose secret it carries in its
// eleader_session cookie; anything else goes to the sign-in page (303), and
// nothing panics or fails (the cookie is parsed, its secret judged by its
// shape before the store is asked).
func FuzzSessionCookie(f *testing.F) {
	e := newEnv(f)
	e.h.Logger = nil // a log line per execution is no use here
	token := e.partner("demo", "DEMO")
	secret, _, err := e.svc.SignInWithToken(f.Context(), token, time.Hour)
	require.NoError(f, err)
	other, _, err := e.svc.SignInWithToken(f.Context(), token, time.Hour)
	require.NoError(f, err)
	require.NoError(f, e.svc.SignOut(f.Context(), other))
	for _, s := range []string{
		"eleader_session=" + secret, "a=b; eleader_session=" + secret + "; c=d", "eleader_session=" + other,
		"eleader_session=" + strings.ToUpper(secret), "eleader_session=" + secret[:len(secret)-1], "eleader_session=\"" + secret + "\"",
		"eleader_session=els_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "eleader_session=", "", "eleader_session",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		req := httptest.NewRequest(http.MethodGet, "/espace", nil)
		req.Header.Set("Cookie", header)
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			if !strings.Contains(header, secret) {
				t.Fatalf("%q opened the deposit page", header)
			}
		case http.StatusSeeOther:
			if loc := rec.Header().Get("Location"); loc != "/connexion" {
				t.Fatalf("%q: sent to %q", header, loc)
			}
			if header == "eleader_session="+secret {
				t.Fatalf("the session's own cookie was refused")
			}
		default:
			t.Fatalf("%q: status %d", header, rec.Code)
		}
	})
}
