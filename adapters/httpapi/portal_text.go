package httpapi

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The words of the sign-in, the portal and the console that are not in
// their templates: labels of statuses, channels, rights and history
// entries, the wording of sheet and certificate problems, each an entry of
// the catalog (package i18n, keys portal.*), said in the page's language.

// label returns the entry of labels for a code, or the code itself.
func label[K ~string](labels map[K]string, code K) i18n.Text {
	if key, ok := labels[code]; ok {
		return i18n.T(key)
	}
	return i18n.Plain(string(code))
}

// statusLabels are the statuses as seed 004 names them.
var statusLabels = map[eleader.SheetStatus]string{
	eleader.StatusDraft:       "portal.status.draft",
	eleader.StatusSent:        "portal.status.sent",
	eleader.StatusActive:      "portal.status.active",
	eleader.StatusDeactivated: "portal.status.deactivated",
	eleader.StatusSentUpdate:  "portal.status.sent_update",
}

func statusLabel(s eleader.SheetStatus) i18n.Text { return label(statusLabels, s) }

// channelLabels name the channels; a channel without a label shows its code.
var channelLabels = map[eleader.Channel]string{
	eleader.ChannelAPI:  "portal.channel.api",
	eleader.ChannelWeb:  "portal.channel.web",
	eleader.ChannelSFTP: "portal.channel.sftp",
}

func channelLabel(c eleader.Channel) i18n.Text { return label(channelLabels, c) }

// searchKindLabels name the kinds of a search of the audit.
var searchKindLabels = map[string]string{
	eleader.SearchIdentity: "portal.search_kind.identity",
	eleader.SearchSIRET:    "portal.search_kind.siret",
}

// searchChannelLabel names how a search was made: a channel, or E#L's
// command line.
func searchChannelLabel(c string) i18n.Text {
	if c == "cli" {
		return i18n.T("portal.search_channel.cli")
	}
	return channelLabel(eleader.Channel(c))
}

var rightLabels = map[eleader.Right]string{
	eleader.RightConsultation: "portal.right.consultation",
	eleader.RightModification: "portal.right.modification",
}

func rightLabel(r eleader.Right) i18n.Text { return label(rightLabels, r) }

var modeLabels = map[importer.Mode]string{
	importer.ModePartial:  "portal.mode.partial",
	importer.ModeComplete: "portal.mode.complete",
}

var environmentLabels = map[eleader.Environment]string{
	eleader.Qualification: "portal.env.qualification",
	eleader.Production:    "portal.env.production",
}

// actionLabels name the recorded actions.
var actionLabels = map[string]string{
	eleader.ActionGrant:       "portal.action.grant",
	eleader.ActionRevoke:      "portal.action.revoke",
	eleader.ActionOperator:    "portal.action.operator",
	eleader.ActionRemove:      "portal.action.remove",
	eleader.ActionSignIn:      "portal.action.signin",
	eleader.ActionResend:      "portal.action.resend",
	eleader.ActionDeleteDraft: "portal.action.delete_draft",
}

// portalFuncs are the label functions the templates call, in l.
func portalFuncs(l i18n.Lang) map[string]any {
	return map[string]any{
		"statusLabel":  func(s eleader.SheetStatus) string { return l.Text(statusLabel(s)) },
		"channelLabel": func(c eleader.Channel) string { return l.Text(channelLabel(c)) },
		"rightLabel":   func(r eleader.Right) string { return l.Text(rightLabel(r)) },
		"modeLabel":    func(m string) string { return l.Text(label(modeLabels, importer.Mode(m))) },
		"envLabel":     func(e string) string { return l.Text(label(environmentLabels, eleader.Environment(e))) },
		"actionLabel":  func(a string) string { return l.Text(label(actionLabels, a)) },
		"peopleRights": peopleRights,
		"join":         strings.Join,
		// statusHTML is the status as the template "statut" shows it, to
		// put in a text of the catalog with markup (html).
		"statusHTML": func(s eleader.SheetStatus) template.HTML {
			return template.HTML(`<span class="etat etat-` + template.HTMLEscapeString(string(s)) + `">` +
				template.HTMLEscapeString(l.Text(statusLabel(s))) + `</span>`)
		},
		"onDate": func(date string) string {
			if date == "" {
				return ""
			}
			return l.Sprintf("console.sheet.on_date", date)
		},
		"lastError": func(e string) string {
			if e == "" {
				return ""
			}
			return l.Sprintf("console.report.last_error", e)
		},
	}
}

// historyLabels word the service's history comments, by prefix (each
// entry's %s is what follows it); anything else (a comment typed by E#L)
// shows as it is.
var historyLabels = []struct{ prefix, key string }{
	{"created", "portal.history.created"},
	{"submitted", "portal.history.submitted"},
	{"activated", "portal.history.activated"},
	{"reactivated", "portal.history.reactivated"},
	{"deactivated", "portal.history.deactivated"},
	{"edited", "portal.history.edited"},
	{"not activated: ", "portal.history.not_activated"},
	{"token rotated: ", "portal.history.token_rotated"},
	{"token revoked: ", "portal.history.token_revoked"},
	{"token revealed in the portal: ", "portal.history.token_revealed"},
	{"token ready to be revealed in the portal: emailed ", "portal.history.token_ready_emailed"},
	{"token ready to be revealed in the portal: ", "portal.history.token_ready"},
	{"token rotation told: emailed ", "portal.history.rotation_emailed"},
	{"token rotation told: ", "portal.history.rotation"},
	{"qualification passed: ", "portal.history.qualified"},
	{"restored from a partners export", "portal.history.restored"},
}

// historyPhrases are the service's phrases a history comment may hold
// after its prefix, said again in the page's language.
var historyPhrases = []struct{ en, key string }{
	{" people with the right modification", "portal.history.people_modification"},
	{"production needs a successful qualification import first (no file error, no rejected line): send a file in qualification", "portal.history.production_needs"},
}

// historyComment words a history comment.
func historyComment(c string) i18n.Text {
	for _, h := range historyLabels {
		rest, ok := strings.CutPrefix(c, h.prefix)
		if !ok {
			continue
		}
		for _, ph := range historyPhrases {
			if before, after, found := strings.Cut(rest, ph.en); found {
				return withRest(h.key, i18n.Join("", before, i18n.T(ph.key), after))
			}
		}
		return withRest(h.key, i18n.Plain(rest))
	}
	return i18n.Plain(c)
}

// withRest is a history entry: its label, with what follows the prefix
// when the label has a place for it.
func withRest(key string, rest i18n.Text) i18n.Text {
	switch key {
	case "portal.history.created", "portal.history.submitted", "portal.history.activated", "portal.history.reactivated",
		"portal.history.deactivated", "portal.history.edited":
		return i18n.Join("", i18n.T(key), rest) // "created (by …)": the rest follows the label
	}
	return i18n.T(key, rest)
}

// fieldLabels name a sheet's fields as the form does.
var fieldLabels = map[string]string{
	"partner":          "portal.field.partner",
	"name":             "portal.field.name",
	"operators":        "portal.field.operators",
	"channels":         "portal.field.channels",
	"mode":             "portal.field.mode",
	"environment":      "portal.field.environment",
	"contact.name":     "portal.field.contact_name",
	"contact.phone":    "portal.field.contact_phone",
	"contact.email":    "portal.field.contact_email",
	"reportRecipients": "portal.field.recipients",
	"correspondences":  "portal.field.correspondences",
	"certificate":      "portal.field.certificate",
	"comments":         "portal.field.comments",
	"sshKeys":          "portal.field.ssh_keys",
}

// fieldLabel names a field of a FieldError ("operators[1]" → "Codes
// opérateur, n° 2").
func fieldLabel(field string) i18n.Text {
	base, index, _ := strings.Cut(field, "[")
	l := label(fieldLabels, base)
	if index != "" {
		var n int
		if _, err := fmt.Sscanf(index, "%d]", &n); err == nil {
			return i18n.T("portal.field.number", l, n+1)
		}
	}
	return l
}

// fieldMessage words a sheet problem.
func fieldMessage(fe eleader.FieldError) i18n.Text {
	v := fe.Value
	switch fe.Check {
	case "required":
		return i18n.T("portal.check.required")
	case "min":
		return i18n.T("portal.check.min", fe.Param)
	case "max":
		return i18n.T("portal.check.max", fe.Param)
	case "unique":
		return i18n.T("portal.check.unique")
	case "email":
		return i18n.T("portal.check.email", v)
	case "tel":
		return i18n.T("portal.check.tel", v)
	case "partnerid":
		return i18n.T("portal.check.partnerid", v)
	case "opercode":
		return i18n.T("portal.check.opercode", v)
	case "oneof":
		return i18n.T("portal.check.oneof", v)
	case "certificate":
		return i18n.T("portal.check.certificate", certificateReason(fe.Err))
	case "sshkey":
		return i18n.T("portal.check.sshkey", sshKeyReason(fe.Err))
	case "sshkey_dup":
		n, _ := strconv.Atoi(fe.Param)
		return i18n.T("portal.check.sshkey_dup", v, n+1)
	case "sshkeys_max":
		return i18n.T("portal.check.sshkeys_max", v, fe.Param)
	}
	// Correspondence tables and anything else: the service's words.
	return i18n.Plain(fe.Message)
}

// sshKeyReason says why an SSH key is refused (the cause
// eleader.ParseSSHKey gives), and what to send instead.
func sshKeyReason(err error) i18n.Text {
	var ke *eleader.SSHKeyError
	if !errors.As(err, &ke) {
		if err == nil {
			return i18n.T("portal.ssh.unreadable_key")
		}
		return i18n.Plain(eleader.ErrorMessage(err))
	}
	switch ke.Problem {
	case eleader.SSHKeyEmpty:
		return i18n.T("portal.ssh.empty")
	case eleader.SSHKeyTooLong:
		return i18n.T("portal.ssh.too_long")
	case eleader.SSHKeyPrivate:
		return i18n.T("portal.ssh.private")
	case eleader.SSHKeyLines:
		return i18n.T("portal.ssh.lines")
	case eleader.SSHKeyRFC4716:
		return i18n.T("portal.ssh.rfc4716")
	case eleader.SSHKeyUnreadable:
		return i18n.T("portal.ssh.unreadable")
	case eleader.SSHKeyOptions:
		return i18n.T("portal.ssh.options", ke.Detail)
	case eleader.SSHKeySeveral:
		return i18n.T("portal.ssh.several")
	case eleader.SSHKeyCertificate:
		return i18n.T("portal.ssh.certificate", ke.Detail)
	case eleader.SSHKeyDSA:
		return i18n.T("portal.ssh.dsa")
	case eleader.SSHKeyType:
		return i18n.T("portal.ssh.type", ke.Detail)
	case eleader.SSHKeyRSABits:
		return i18n.T("portal.ssh.rsa_bits", ke.Bits)
	}
	return i18n.Plain(eleader.ErrorMessage(err))
}

// certificateReason says why a certificate is refused.
func certificateReason(err error) i18n.Text {
	ce, ok := err.(*eleader.CertificateError)
	if !ok {
		if err == nil {
			return i18n.T("portal.cert.unreadable_cert")
		}
		return i18n.Plain(err.Error())
	}
	date := func(c *eleader.CertificateError) i18n.Time {
		return i18n.Time{T: c.At, Layout: "portal.cert.datetime"}
	}
	switch ce.Code {
	case eleader.CertEmpty:
		return i18n.T("portal.cert.empty")
	case eleader.CertUnreadable:
		return i18n.T("portal.cert.unreadable")
	case eleader.CertPrivateKey:
		return i18n.T("portal.cert.private_key")
	case eleader.CertBlock:
		return i18n.T("portal.cert.block", ce.Other)
	case eleader.CertNone:
		return i18n.T("portal.cert.none")
	case eleader.CertOrder:
		return i18n.T("portal.cert.order", ce.Index, ce.Subject, ce.OtherIndex, ce.Other)
	case eleader.CertBroken:
		return i18n.T("portal.cert.broken", ce.Index, ce.Subject, ce.OtherIndex, ce.Other)
	case eleader.CertLeaves:
		return i18n.T("portal.cert.leaves", ce.Count)
	case eleader.CertNotInChain:
		return i18n.T("portal.cert.not_in_chain", ce.Subject, ce.Other)
	case eleader.CertSelfSigned:
		return i18n.T("portal.cert.self_signed", ce.Subject)
	case eleader.CertNotYetValid:
		return i18n.T("portal.cert.not_yet_valid", ce.Subject, date(ce))
	case eleader.CertExpired:
		return i18n.T("portal.cert.expired", ce.Subject, date(ce))
	case eleader.CertNotCA:
		return i18n.T("portal.cert.not_ca", ce.Subject, ce.Other)
	case eleader.CertNotClient:
		return i18n.T("portal.cert.not_client", ce.Subject, strings.Join(ce.Usages, ", "))
	case eleader.CertNotSigning:
		return i18n.T("portal.cert.not_signing", ce.Subject, strings.Join(ce.Usages, ", "))
	case eleader.CertIsCA:
		return i18n.T("portal.cert.is_ca", ce.Subject)
	case eleader.CertTaken:
		return i18n.T("portal.cert.taken", ce.Subject, ce.Partner)
	}
	return i18n.Plain(ce.Error())
}

// portalMessage says why the service refused a person's action.
func portalMessage(err error) i18n.Text {
	switch eleader.ErrorCode(err) {
	case eleader.ENOTFOUND:
		return i18n.T("portal.refused.not_found")
	case eleader.EFORBIDDEN:
		switch {
		case errors.Is(err, eleader.ErrNotOperator):
			return i18n.T("portal.refused.not_operator")
		case errors.Is(err, eleader.ErrELOnly):
			return i18n.T("portal.refused.el_only")
		}
		return i18n.T("portal.refused.consultation")
	case eleader.ECONFLICT:
		return i18n.T("portal.refused.conflict")
	case eleader.ETOOLARGE:
		return i18n.T("portal.refused.too_large")
	case eleader.EINVALID:
		if errors.Is(err, eleader.ErrBadEmail) {
			return i18n.T("portal.refused.bad_email")
		}
		return i18n.T("portal.refused.invalid", eleader.ErrorMessage(err))
	}
	return i18n.T("web.internal")
}

// whyReadOnly says why a partner cannot edit its sheet in status.
func whyReadOnly(s eleader.SheetStatus) i18n.Text {
	switch s {
	case eleader.StatusSent:
		return i18n.T("portal.read_only.sent")
	case eleader.StatusSentUpdate:
		return i18n.T("portal.read_only.sent_update")
	case eleader.StatusDeactivated:
		return i18n.T("portal.read_only.deactivated")
	}
	return i18n.Text{}
}
