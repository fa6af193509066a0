package httpapi

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// Sign-in by link: a person gives their email (POST /connexion/courriel);
// if it is a person's, a one-time link is sent (eleader.RequestSignIn), in
// the background, so that the answer — the same words whatever the
// address — comes in the same time whether or not an email goes. The link
// (GET /connexion/lien?jeton=…) shows a button; pressing it (POST
// /connexion/lien) uses the link: mail software that fetches links to
// check them never signs anyone in, nor spends the link.

// DefaultSignInRequests is how many sign-in link requests one client
// address may make per SignInWindow (besides the service's limit per email
// address).
const DefaultSignInRequests = 10

// signInWindow is the window of the limit per client address.
const signInWindow = 15 * time.Minute

// mailTimeout bounds the sending of a sign-in email in the background.
const mailTimeout = time.Minute

// signInForm is what the sign-in page's forms hold.
type signInForm struct {
	Email string
	// Next is where to go once signed in, a page of the portal or console.
	Next string
}

// linkPage is what the page of a sign-in link shows.
type linkPage struct {
	Link  string
	Valid bool
}

// requestLink asks for a sign-in link.
func (h *Handler) requestLink(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.render(w, r, http.StatusForbidden, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.foreign_form"), Data: signInForm{}})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	form := signInForm{Email: strings.TrimSpace(r.PostFormValue("courriel")), Next: eleader.SafeNext(r.PostFormValue("suite"))}
	email, err := eleader.NormalizeEmail(form.Email)
	if err != nil {
		h.render(w, r, http.StatusBadRequest, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.bad_email"), Data: form})
		return
	}
	if !h.limiter.allow(clientAddress(r), h.now(), h.signInRequests()) {
		w.Header().Set("Retry-After", "900")
		h.render(w, r, http.StatusTooManyRequests, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.too_many"), Data: form})
		return
	}
	ctx, cancel := withoutCancel(r.Context(), mailTimeout)
	h.mails.Go(func() {
		defer cancel()
		if err := h.Service.RequestSignIn(ctx, email, form.Next); err != nil {
			h.logger().Error("http: sign-in link", "error", err)
		}
	})
	h.render(w, r, http.StatusOK, "connexion", &page{Title: i18n.T("web.title.signin"), Flash: i18n.T("web.signin.link_sent"), Data: form})
}

// Wait waits for the emails the handler sends in the background (sign-in
// links) to be sent or given up: call it once the server has shut down.
func (h *Handler) Wait() { h.mails.Wait() }

func (h *Handler) signInRequests() int {
	if h.SignInRequests <= 0 {
		return DefaultSignInRequests
	}
	return h.SignInRequests
}

// linkPage shows a sign-in link's button, or why the link does not work.
func (h *Handler) linkPage(w http.ResponseWriter, r *http.Request) {
	link := r.URL.Query().Get("jeton")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := h.Service.CheckSignInLink(r.Context(), link); err != nil {
		h.linkRefused(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "lien", &page{Title: i18n.T("web.title.signin"), Data: linkPage{Link: link, Valid: true}})
}

// useLink signs in with a link.
func (h *Handler) useLink(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.render(w, r, http.StatusForbidden, "connexion", &page{Title: i18n.T("web.title.signin"), Error: i18n.T("web.signin.foreign_form"), Data: signInForm{}})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	h.endSession(r) // a new session: never one a page knew before
	secret, sess, err := h.Service.SignInWithLink(r.Context(), r.PostFormValue("jeton"), h.SessionTTL)
	if err != nil {
		h.linkRefused(w, r, err)
		return
	}
	h.setSessionCookie(w, r, secret, sess)
	next := sess.Next
	if next == "" {
		next = homeOf(sess)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// linkRefused says why a link does not sign in.
func (h *Handler) linkRefused(w http.ResponseWriter, r *http.Request, err error) {
	if eleader.ErrorCode(err) != eleader.EUNAUTHORIZED {
		h.webFault(w, r, err)
		return
	}
	msg := "web.signin.link_unknown"
	switch {
	case errors.Is(err, eleader.ErrLinkUsed):
		msg = "web.signin.link_used"
	case errors.Is(err, eleader.ErrLinkExpired):
		msg = "web.signin.link_expired"
	case errors.Is(err, eleader.ErrLinkMalformed):
		msg = "web.signin.link_malformed"
	}
	h.render(w, r, http.StatusUnauthorized, "lien", &page{Title: i18n.T("web.title.signin"), Error: i18n.T(msg)})
}

// clientAddress is the address a request comes from (the connection's: a
// proxy in front of the service makes its own the address of all).
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// addressLimiter counts requests per client address in fixed windows of
// signInWindow. Its memory is bounded: past maxAddresses, expired windows
// are dropped, then, if that is not enough, all (the limit is then lifted
// for a moment rather than the memory grown).
type addressLimiter struct {
	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start time.Time
	n     int
}

const maxAddresses = 10000

// allow counts a request of addr at now, and reports whether it is within
// limit.
func (l *addressLimiter) allow(addr string, now time.Time, limit int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.windows == nil {
		l.windows = map[string]*window{}
	}
	win, ok := l.windows[addr]
	if !ok || now.Sub(win.start) >= signInWindow {
		if len(l.windows) >= maxAddresses {
			for a, x := range l.windows {
				if now.Sub(x.start) >= signInWindow {
					delete(l.windows, a)
				}
			}
			if len(l.windows) >= maxAddresses {
				clear(l.windows)
			}
		}
		win = &window{start: now}
		l.windows[addr] = win
	}
	win.n++
	return win.n <= limit
}
