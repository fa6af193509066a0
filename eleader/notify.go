package eleader

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

// The emails of the portal, in French: a sign-in link, an invitation, a
// token ready to be revealed, a token renewed. None carries a token; only
// the sign-in email carries a secret, the link, which works once within
// LoginLinkTTL. Their texts live here, together.

// notice is an email of the portal: paragraphs around one link.
type notice struct {
	Subject string
	Before  []string
	Link    string
	After   []string
}

var noticeText = texttemplate.Must(texttemplate.New("text").Parse(`Bonjour,
{{range .Before}}
{{.}}
{{end}}{{if .Link}}
{{.Link}}
{{end}}{{range .After}}
{{.}}
{{end}}
Cordialement,
Entrepreneur #Leader
`))

var noticeHTML = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>Bonjour,</p>
{{range .Before}}<p>{{.}}</p>
{{end}}{{if .Link}}<p><a href="{{.Link}}">{{.Link}}</a></p>
{{end}}{{range .After}}<p>{{.}}</p>
{{end}}<p>Cordialement,<br>Entrepreneur #Leader</p>
</body></html>
`))

// message renders a notice to the recipients.
func (n notice) message(id string, to ...string) *Message {
	var text, html bytes.Buffer
	noticeText.Execute(&text, n) // templates over strings: no error but the writer's
	noticeHTML.Execute(&html, n)
	return &Message{MessageID: id, To: to, Subject: n.Subject, Text: text.String(), HTML: html.String()}
}

// paris is the time zone of the times people read.
func paris() *time.Location {
	if loc, err := time.LoadLocation(DefaultZone); err == nil {
		return loc
	}
	return time.UTC
}

// rightLabel names a right as seed 004 does.
func rightLabel(r Right) string {
	if r == RightModification {
		return "Modification"
	}
	return "Consultation"
}

func signInMessage(l LoginLink, url string) *Message {
	n := notice{
		Subject: "E#L – votre lien de connexion",
		Before:  []string{"Vous avez demandé à vous connecter à l'espace partenaires d'Entrepreneur #Leader. Ouvrez ce lien pour vous connecter :"},
		Link:    url,
		After: []string{
			fmt.Sprintf("Il ne fonctionne qu'une fois, jusqu'à %s (heure de Paris) : 15 minutes après votre demande. Passé ce délai, demandez-en un nouveau sur la page de connexion.",
				l.Expires.In(paris()).Format("15h04")),
			"Si vous n'avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.",
		},
	}
	return n.message("<connexion-"+l.ID+"@%s>", l.Email)
}

func invitationMessage(email, partner string, r Right, by, portal string) *Message {
	what := "consulter la fiche de raccordement, son historique, et l'exporter"
	if r == RightModification {
		what = "créer et modifier la fiche de raccordement, la soumettre à E#L, et révéler le jeton d'authentification de votre système une fois la fiche activée"
	}
	n := notice{
		Subject: "E#L – accès à l'espace raccordements (" + partner + ")",
		Before: []string{
			fmt.Sprintf("%s vous a donné le droit « %s » sur le partenaire %s dans l'espace raccordements d'Entrepreneur #Leader : vous pouvez %s.", by, rightLabel(r), partner, what),
			"Pour vous connecter, ouvrez la page suivante et saisissez votre adresse électronique : vous recevrez un lien de connexion, valable 15 minutes.",
		},
		Link: portal + "/connexion",
	}
	return n.message("<invitation-"+partner+"-%d@%s>", email)
}

func tokenReadyMessage(p *Partner, to []string, url string) *Message {
	n := notice{
		Subject: "E#L – le jeton de " + p.ID() + " est prêt",
		Before: []string{
			fmt.Sprintf("La fiche de raccordement de %s (%s) est activée. Son jeton d'authentification est prêt ; il ne vous est pas envoyé par courriel.", p.ID(), p.Sheet.Name),
			"Une personne ayant le droit « Modification » le révèle, une seule fois, dans l'espace raccordements :",
		},
		Link:  url,
		After: []string{"Une fois affiché, le jeton n'est plus conservé en clair par E#L : copiez-le aussitôt dans la configuration de votre système (en-tête Authorization: fmetoken token=…). S'il est perdu, renouvelez-le dans l'espace raccordements."},
	}
	return n.message("<jeton-"+p.ID()+"-%d@%s>", to...)
}

func tokenRenewedMessage(p *Partner, to []string, by string, at time.Time, url string) *Message {
	n := notice{
		Subject: "E#L – le jeton de " + p.ID() + " a été renouvelé",
		Before: []string{
			fmt.Sprintf("Le jeton d'authentification de %s a été renouvelé par %s le %s (heure de Paris). L'ancien jeton ne fonctionne plus : les envois de votre système sont refusés tant qu'il n'utilise pas le nouveau.",
				p.ID(), by, at.In(paris()).Format("02/01/2006 à 15h04")),
			"Si vous n'êtes pas à l'origine de ce renouvellement, prévenez E#L. La fiche et son historique :",
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
	return s.Outbox.send(ctx, invitationMessage(p.Email, partner, r, by, strings.TrimRight(s.PortalURL, "/")))
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
