package eleader_test

import (
	"context"
	"regexp"
	"sync"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/require"
)

// mailbox is a Mailer that keeps what it is given: the service's messages,
// read by the tests. Err, if set, fails every send.
type mailbox struct {
	mu   sync.Mutex
	msgs []*eleader.Message
	Err  error
}

func (m *mailbox) Send(ctx context.Context, msg *eleader.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	m.msgs = append(m.msgs, msg)
	return nil
}

// to returns the messages sent to email, oldest first.
func (m *mailbox) to(email string) []*eleader.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*eleader.Message
	for _, msg := range m.msgs {
		for _, r := range msg.To {
			if r == email {
				out = append(out, msg)
			}
		}
	}
	return out
}

func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.msgs)
}

const portalURL = "https://eleader.example"

// portalEnv is an onboarding environment whose service sends the portal's
// emails to a mailbox.
type portalEnv struct {
	*onbEnv
	mail *mailbox
}

func newPortal(tb testing.TB) *portalEnv {
	tb.Helper()
	e := newOnboarding(tb, onbStart)
	box := &mailbox{}
	e.svc.Outbox = &eleader.Outbox{Service: e.svc, Mailer: box, From: "E#L <noreply@eleader.example>"}
	e.svc.PortalURL = portalURL
	return &portalEnv{onbEnv: e, mail: box}
}

// grant gives email the right r on partner, as E#L's command line does.
func (e *portalEnv) grant(tb testing.TB, email, partner string, r eleader.Right) *eleader.Person {
	tb.Helper()
	res, err := e.svc.GrantRight(context.Background(), email, partner, r, "carol")
	require.NoError(tb, err)
	return res.Person
}

// operator makes email an operator.
func (e *portalEnv) operator(tb testing.TB, email string) *eleader.Person {
	tb.Helper()
	p, err := e.svc.SetOperator(context.Background(), email, true, "root")
	require.NoError(tb, err)
	return p
}

// as returns a context where the person of email, as the store has them
// now, acts.
func (e *portalEnv) as(tb testing.TB, email string) context.Context {
	tb.Helper()
	p, err := e.svc.Person(context.Background(), email)
	require.NoError(tb, err)
	return eleader.NewContextWithPerson(context.Background(), p)
}

var linkInMail = regexp.MustCompile(`https://eleader\.example/connexion/lien\?jeton=(ell_[a-z2-7]{12}_[a-z2-7]{32})`)

// link returns the secret of the last sign-in link sent to email.
func (e *portalEnv) link(tb testing.TB, email string) string {
	tb.Helper()
	msgs := e.mail.to(email)
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := linkInMail.FindStringSubmatch(msgs[i].Text); m != nil {
			return m[1]
		}
	}
	tb.Fatalf("no sign-in link sent to %s", email)
	return ""
}

// signIn asks for a link for email and uses it; it returns the session's
// secret.
func (e *portalEnv) signIn(tb testing.TB, email string) (string, *eleader.Session) {
	tb.Helper()
	ctx := context.Background()
	require.NoError(tb, e.svc.RequestSignIn(ctx, email, ""))
	secret, sess, err := e.svc.SignInWithLink(ctx, e.link(tb, email), 0)
	require.NoError(tb, err)
	return secret, sess
}
