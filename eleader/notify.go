package eleader

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// The emails of the portal, in the Outbox's language (French by default):
// a sign-in link, an invitation, a token ready to be revealed, a token
// renewed. None carries a token; only the sign-in email carries a secret,
// the link, which works once within LoginLinkTTL. Their texts are entries
// of the catalog (package i18n, keys mail.*).

// notice is an email of the portal: paragraphs around one link.
type notice struct {
	Lang    i18n.Lang
	Subject string
	Before  []string
	Link    string
	After   []string
}

var noticeText = texttemplate.Must(texttemplate.New("text").Parse(`{{.Lang.Sprintf "mail.hello"}}
{{range .Before}}
{{.}}
{{end}}{{if .Link}}
{{.Link}}
{{end}}{{range .After}}
{{.}}
{{end}}
{{.Lang.Sprintf "mail.regards"}}
Entrepreneur #Leader
`))

var noticeHTML = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>{{.Lang.Sprintf "mail.hello"}}</p>
{{range .Before}}<p>{{.}}</p>
{{end}}{{if .Link}}<p><a href="{{.Link}}">{{.Link}}</a></p>
{{end}}{{range .After}}<p>{{.}}</p>
{{end}}<p>{{.Lang.Sprintf "mail.regards"}}<br>Entrepreneur #Leader</p>
</body></html>
`))

// message renders a notice to the recipients.
func (n notice) message(id string, to ...string) *Message {
	var text, html bytes.Buffer
	noticeText.Execute(&text, n) // templates over strings: no error but the writer's
	noticeHTML.Execute(&html, n)
	return &Message{MessageID: id, To: to, Subject: n.Subject, Text: text.String(), HTML: html.String(), Lang: n.Lang}
}

// paris is the time zone of the times people read.
func paris() *time.Location {
	if loc, err := time.LoadLocation(DefaultZone); err == nil {
		return loc
	}
	return time.UTC
}

// rightLabel names a right as seed 004 does, in every language.
func rightLabel(r Right) string {
	if r == RightModification {
		return "Modification"
	}
	return "Consultation"
}

func signInMessage(lang i18n.Lang, l LoginLink, url string) *Message {
	n := notice{
		Lang:    lang,
		Subject: lang.Sprintf("mail.signin.subject"),
		Before:  []string{lang.Sprintf("mail.signin.before")},
		Link:    url,
		After: []string{
			lang.Sprintf("mail.signin.until", l.Expires.In(paris()).Format(lang.Sprintf("mail.clock"))),
			lang.Sprintf("mail.signin.ignore"),
		},
	}
	return n.message("<connexion-"+l.ID+"@%s>", l.Email)
}

func invitationMessage(lang i18n.Lang, email, partner string, r Right, by, portal string) *Message {
	what := lang.Sprintf("mail.invitation.consultation")
	if r == RightModification {
		what = lang.Sprintf("mail.invitation.modification")
	}
	n := notice{
		Lang:    lang,
		Subject: lang.Sprintf("mail.invitation.subject", partner),
		Before: []string{
			lang.Sprintf("mail.invitation.right", by, rightLabel(r), partner, what),
			lang.Sprintf("mail.invitation.signin"),
		},
		Link: portal + "/connexion",
	}
	return n.message("<invitation-"+partner+"-%d@%s>", email)
}

func tokenReadyMessage(lang i18n.Lang, p *Partner, to []string, url string) *Message {
	n := notice{
		Lang:    lang,
		Subject: lang.Sprintf("mail.token_ready.subject", p.ID()),
		Before: []string{
			lang.Sprintf("mail.token_ready.active", p.ID(), p.Sheet.Name),
			lang.Sprintf("mail.token_ready.reveal"),
		},
		Link:  url,
		After: []string{lang.Sprintf("mail.token_ready.copy")},
	}
	return n.message("<jeton-"+p.ID()+"-%d@%s>", to...)
}

func tokenRenewedMessage(lang i18n.Lang, p *Partner, to []string, by string, at time.Time, url string) *Message {
	n := notice{
		Lang:    lang,
		Subject: lang.Sprintf("mail.token_renewed.subject", p.ID()),
		Before: []string{
			lang.Sprintf("mail.token_renewed.renewed", p.ID(), by, at.In(paris()).Format(lang.Sprintf("mail.datetime"))),
			lang.Sprintf("mail.token_renewed.warn"),
		},
		Link: url,
	}
	return n.message("<jeton-"+p.ID()+"-%d@%s>", to...)
}

// send delivers a notice now: its Message-ID gets the sender's domain (and
// a time, where the pattern has %d); errors are the mailer's. Unlike
// reports, notices are not kept in the store: a failed one is logged, and
// the person asks again (a sign-in link) or reads the portal.
func (o *Outbox) send(ctx context.Context, m *Message) error {
	from := o.From
	if from == "" {
		from = DefaultFrom
	}
	domain := "eleader.local"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.Trim(from[at+1:], "> ")
	}
	now := o.Service.now()
	if strings.Contains(m.MessageID, "%d") {
		m.MessageID = fmt.Sprintf(m.MessageID, now.UnixNano(), domain)
	} else {
		m.MessageID = fmt.Sprintf(m.MessageID, domain)
	}
	m.From, m.Date = from, now
	return o.Mailer.Send(ctx, m)
}

// mailLang is the language of the emails: the Outbox's, French without
// one.
func (s *Service) mailLang() i18n.Lang {
	if s.Outbox == nil {
		return i18n.French
	}
	return s.Outbox.Lang
}

// canMail reports whether the service sends the portal's emails.
func (s *Service) canMail() bool {
	return s.Outbox != nil && s.Outbox.Mailer != nil && s.PortalURL != ""
}

// sendInvitation tells a person of a right given, when the service sends
// emails; nil when it does not.
func (s *Service) sendInvitation(ctx context.Context, p *Person, partner string, r Right, by string) error {
	if !s.canMail() {
		return nil
	}
	return s.Outbox.send(ctx, invitationMessage(s.Outbox.Lang, p.Email, partner, r, by, strings.TrimRight(s.PortalURL, "/")))
}

// tell sends a notice to people, and says in the partner's history whom it
// told (how many), or why it could not.
func (s *Service) tell(ctx context.Context, p *Partner, m *Message, what string) {
	if len(m.To) == 0 {
		return
	}
	comment := fmt.Sprintf("%s: emailed %d people with the right modification", what, len(m.To))
	if !s.canMail() {
		comment = what + ": no email sent (the service sends none: no Outbox or PortalURL)"
	} else if err := s.Outbox.send(ctx, m); err != nil {
		comment = what + ": the email could not be sent: " + err.Error()
		s.logger().Warn("notice not sent", "partner", p.ID(), "error", scrub(err.Error()))
	}
	cur, err := s.Store.Partner(ctx, p.ID())
	if err == nil {
		err = s.note(ctx, cur, "eleader", comment, PartnerUpdate{})
	}
	if err != nil {
		s.logger().Warn("recording a notice", "partner", p.ID(), "error", err)
	}
}
