package eleader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math/rand/v2"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// Message is an email, ready for a Mailer.
type Message struct {
	// MessageID is stable for a report, "<…@…>": a report sent again after a
	// crash carries the same one, so that mail software sees one message.
	MessageID   string
	From        string
	To          []string
	Subject     string
	Date        time.Time
	Text, HTML  string
	Attachments []Attachment
	// Lang is the language of the message (its Content-Language); the
	// zero value is French.
	Lang i18n.Lang

	closers []io.Closer
}

// Close releases the temporary files of the message's attachments; a
// Mailer never calls it (the message's owner does, once it is sent).
func (m *Message) Close() error {
	var err error
	for _, c := range m.closers {
		err = errors.Join(err, c.Close())
	}
	m.closers = nil
	return err
}

// Attachment is a file attached to a message, read as a stream when the
// message is written (a report's rejects are never in memory whole).
type Attachment struct {
	Name        string
	ContentType string
	// Content is read from its start each time the message is written
	// (a Mailer seeks it back: a message may be written twice).
	Content io.ReadSeeker
	// Size is Content's size in bytes.
	Size int64
}

// BytesAttachment is an attachment of data held in memory.
func BytesAttachment(name, contentType string, data []byte) Attachment {
	return Attachment{Name: name, ContentType: contentType, Content: bytes.NewReader(data), Size: int64(len(data))}
}

// Mailer sends messages: adapters/smtp sends them through an SMTP server,
// or writes them as .eml files to an outbox folder.
type Mailer interface {
	Send(ctx context.Context, m *Message) error
}

// Outbox settings' defaults.
const (
	DefaultRetryBase      = time.Minute
	DefaultRetryMax       = 2 * time.Hour
	DefaultGiveUp         = 7 * 24 * time.Hour
	DefaultMaxAttachBytes = 10 << 20
	// MaxAttachBytes bounds Outbox.MaxAttachBytes: a mailer keeps an
	// attachment's encoding in memory while it writes it (go-mail does), so
	// memory grows with it; no mail server takes more anyway.
	MaxAttachBytes = 64 << 20
	DefaultFrom    = "E#L <noreply@entrepreneur-leader.example>"
)

// Outbox delivers reports: a report is persisted with its import, then sent;
// a failed send is retried with exponential backoff, also across restarts,
// until GiveUp after the report's creation, after which it stays visible
// (state failed) for E#L.
type Outbox struct {
	// Service gives the store, the clock, the logger.
	Service *Service
	// Mailer sends the messages. Required.
	Mailer Mailer
	// Workbooks builds the XLSX twin of the rejects. Nil sends the CSV only.
	Workbooks Workbooks
	// From is the sender. Empty means DefaultFrom.
	From string
	// RetryBase is the first delay after a failure; each failure doubles it,
	// up to RetryMax, with ±20 % jitter. Zero means the defaults.
	RetryBase, RetryMax time.Duration
	// GiveUp is how long after its creation a report stops being retried.
	// Zero means DefaultGiveUp.
	GiveUp time.Duration
	// MaxAttachBytes bounds the attachments of a report's email, in all:
	// the rejects file and its XLSX twin are attached as they are when
	// they fit; otherwise zipped together into one archive (the twin left
	// out when only the CSV fits); when even the zipped CSV does not fit,
	// nothing is attached and the email gives the first rejected lines and
	// the address of the report's page, where the whole file is. Zero
	// means DefaultMaxAttachBytes (10 MiB: what mail servers take);
	// negative attaches nothing, ever (rejects hold personal data: a site
	// may want them only behind the sign-in); above MaxAttachBytes means
	// MaxAttachBytes.
	MaxAttachBytes int64
	// Lang is the language of the reports and of the portal's emails. The
	// zero value is French, the partners' language.
	Lang i18n.Lang
}

// Report states in the outbox.
const (
	ReportPending = "pending" // to send (or to retry at NextAttempt)
	ReportSent    = "sent"
	ReportFailed  = "failed" // given up: E#L must look at it
)

// Delivery is the outcome of one report's delivery attempt.
type Delivery struct {
	Report  int64  `json:"report"`
	Partner string `json:"partner"`
	File    string `json:"file"`
	State   string `json:"state"`
	Error   string `json:"error,omitempty"`
}

// deliverLockTTL bounds how long a report stays claimed by a process that
// died while sending it.
const deliverLockTTL = 10 * time.Minute

// Deliver sends every report due now, and returns what happened to each.
// Errors of one report (the server down, authentication refused) are
// recorded on it and do not stop the others; the error is for the store.
//
// Several processes may deliver from one store (instances sharing a
// PostgreSQL database): each report is claimed with a lock in the store
// before it is sent, and read again under the lock, so that it goes out
// once; a report another process is sending is skipped.
func (o *Outbox) Deliver(ctx context.Context) ([]Delivery, error) {
	s := o.Service
	now := s.now()
	due, err := s.Store.DueReports(ctx, now, 100)
	if err != nil {
		return nil, err
	}
	holder := newHolder()
	out := []Delivery{}
	for i := range due {
		lock := fmt.Sprintf("report:%d", due[i].ID)
		now := s.now()
		ok, err := s.Store.TryLock(ctx, lock, holder, now, now.Add(deliverLockTTL), dead)
		if err != nil {
			return out, err
		}
		if !ok {
			continue // another process is sending it
		}
		d, err := o.deliverOne(ctx, due[i].ID)
		s.Store.Unlock(context.WithoutCancel(ctx), lock, holder)
		if err != nil {
			return out, err
		}
		if d != nil {
			out = append(out, *d)
		}
	}
	return out, nil
}

// deliverOne sends one claimed report, if it is still due: nil when
// another process sent it meanwhile.
func (o *Outbox) deliverOne(ctx context.Context, id int64) (*Delivery, error) {
	s := o.Service
	rep, err := s.Store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	if rep.State != ReportPending || rep.NextAttempt.After(s.now()) {
		return nil, nil
	}
	r := &rep
	d := Delivery{Report: r.ID, Partner: r.Partner, File: r.File}
	msg, err := o.Message(ctx, r)
	if err == nil {
		err = o.Mailer.Send(ctx, msg)
		msg.Close()
	}
	now := s.now()
	if err == nil {
		d.State = ReportSent
		if err := s.Store.MarkSent(ctx, r.ID, msg.MessageID, now); err != nil {
			return nil, err
		}
		s.logger().Info("report sent", "report", r.ID, "partner", r.Partner, "file", r.File, "message_id", msg.MessageID)
	} else {
		r.Attempts++
		d.State, d.Error = ReportPending, err.Error()
		next := now.Add(o.backoff(r.Attempts))
		if next.Sub(r.Created) > o.giveUp() {
			d.State = ReportFailed
		}
		if err := s.Store.MarkAttempt(ctx, r.ID, r.Attempts, next, d.State, err.Error()); err != nil {
			return nil, err
		}
		s.logger().Warn("report not sent", "report", r.ID, "partner", r.Partner, "file", r.File, "attempts", r.Attempts,
			"state", d.State, "next", next.Format(time.RFC3339), "error", err)
	}
	return &d, nil
}

func (o *Outbox) backoff(attempts int) time.Duration {
	base, top := o.RetryBase, o.RetryMax
	if base <= 0 {
		base = DefaultRetryBase
	}
	if top <= 0 {
		top = DefaultRetryMax
	}
	d := base
	for i := 1; i < attempts && d < top; i++ {
		d *= 2
	}
	d = min(d, top)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

func (o *Outbox) giveUp() time.Duration {
	if o.GiveUp <= 0 {
		return DefaultGiveUp
	}
	return o.GiveUp
}

// messageID is the stable Message-ID of a report.
func messageID(r *Report, from string) string {
	domain := "eleader.local"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.Trim(from[at+1:], "> ")
	}
	return fmt.Sprintf("<rapport-%d.%s@%s>", r.ID, r.Partner, domain)
}

// Message renders a report as the email a partner receives, in o.Lang: the
// subject gives the file and its outcome; the first sentence says whether the
// file was rejected whole, and why; then a summary per check (count, a few
// examples, a hint); the rejects CSV and its XLSX twin are attached as
// MaxAttachBytes allows (as they are, zipped, or not at all: then the first
// rejected lines and the report's address), read from the store as streams
// into temporary files that the message's Close removes.
func (o *Outbox) Message(ctx context.Context, r *Report) (*Message, error) {
	from := o.From
	if from == "" {
		from = DefaultFrom
	}
	m := &Message{MessageID: messageID(r, from), From: from, To: r.Recipients, Subject: reportSubject(o.Lang, r), Date: r.Created, Lang: o.Lang}
	view := NewReportView(r, o.Lang)
	if r.RejectsBytes > 0 {
		mail, err := o.attachRejects(ctx, r, m)
		if err != nil {
			m.Close()
			return nil, fmt.Errorf("report %d: %w", r.ID, err)
		}
		view.mail(r, mail, o.Service.PortalURL)
	}
	var text, html bytes.Buffer
	if err := reportText.Execute(&text, view); err != nil {
		m.Close()
		return nil, err
	}
	if err := reportHTML.Execute(&html, view); err != nil {
		m.Close()
		return nil, err
	}
	m.Text, m.HTML = text.String(), html.String()
	return m, nil
}

// reportSubject is e.g. "E#L – 20261116-adie.csv : 17 lignes rejetées sur 19",
// or for a notice "E#L – votre dépôt : 2 fichiers mis de côté".
func reportSubject(l i18n.Lang, r *Report) string {
	prefix := "E#L"
	if r.Qualification {
		prefix = "E#L (qualification)"
	}
	if r.Notice {
		var parts []any
		if n := len(r.Refused); n > 0 {
			parts = append(parts, i18n.T("mail.subject.set_aside", n))
		}
		if n := len(r.Superseded); n > 0 {
			parts = append(parts, i18n.T("mail.subject.not_processed", n))
		}
		return l.Sprintf("mail.subject.notice", prefix, i18n.Join("sep.comma", parts...))
	}
	var what i18n.Text
	switch {
	case stopped(r):
		what = i18n.T("mail.subject.rejected_whole")
	case r.Status == importer.StatusRejected && r.Accepted > 0:
		what = i18n.T("mail.subject.rejected_some", r.Rejected, r.Lines)
	case r.Rejected > 0:
		what = i18n.T("mail.subject.rejected", r.Rejected, r.Lines)
	default:
		what = i18n.T("mail.subject.accepted", r.Lines)
	}
	return l.Sprintf("mail.subject.file", prefix, r.File, what)
}

// stopped reports whether a file error stopped the reading.
func stopped(r *Report) bool {
	for _, e := range r.FileErrors {
		if e.Code != importer.CodeMode {
			return true
		}
	}
	return false
}

// ReportView is a report told in a language, as the email and the web
// page show it.
type ReportView struct {
	*Report
	// Lang is the language of the view's sentences and of its templates.
	Lang i18n.Lang
	// First is the first sentence: what happened to the file.
	First string
	// Then are the sentences that follow: what was integrated, what to do.
	Then []string
	// Checks are the failed checks, with labels and hints in Lang.
	Checks []CheckView
	// Attached says what the email attaches, or why it attaches nothing;
	// "" when there are no rejects, and on the web page.
	Attached string
	// Excerpt are the first rejected lines, quoted by an email that does
	// not attach them; ExcerptMore counts the others.
	Excerpt     []RejectExcerpt
	ExcerptMore int
	// FullAt says where the whole rejects are, when the email lacks some
	// of them; Link is that place's address, when the service knows it
	// (Service.PortalURL).
	FullAt, Link string
	// Fix says what to do with the rejects, when there are.
	Fix string
	// Superseded names the deposits the run superseded, comma-separated.
	Superseded string
	// Refused are the files of the deposit folder set aside, each with
	// why, in Lang: the first maxRefusedShown; RefusedMore counts the
	// others.
	Refused     []RefusedView
	RefusedMore int
}

// maxRefusedShown is how many files set aside a report lists by name.
const maxRefusedShown = 30

// RefusedView is a file set aside, told in a language.
type RefusedView struct {
	Name   string
	Reason string
}

// CheckView is one failed check of a ReportView.
type CheckView struct {
	// Label is the check in the view's language; Code its stable code.
	Label, Code string
	Count       int
	// Examples are the first lines that failed it; More how many others.
	Examples []importer.LineError
	More     int
	// Hints say, in the view's language, how to fix such lines.
	Hints []string
}

// NewReportView tells r in l.
func NewReportView(r *Report, l i18n.Lang) ReportView {
	v := ReportView{Report: r, Lang: l}
	switch {
	case r.Notice:
		v.First = l.Sprintf("mail.first.notice")
		if len(r.Refused) > 0 {
			v.Then = append(v.Then, l.Sprintf("mail.then.rename", r.Partner))
		}
	case stopped(r):
		v.First = l.Sprintf("mail.first.stopped", r.File, strings.TrimSuffix(fileErrorsText(l, r.FileErrors), "."))
		v.Then = append(v.Then, l.Sprintf("mail.then.stopped"))
	case r.Status == importer.StatusRejected && len(r.FileErrors) > 0:
		v.First = l.Sprintf("mail.first.mode", r.Rejected, r.File, r.Lines)
		v.Then = append(v.Then, l.Sprintf("mail.then.mode"))
	case r.Rejected > 0:
		v.First = l.Sprintf("mail.first.rejected", r.Rejected, r.File, r.Lines)
	default:
		v.First = l.Sprintf("mail.first.accepted", r.Lines, r.File)
	}
	switch {
	case r.Qualification && r.Qualified:
		v.Then = append(v.Then, l.Sprintf("mail.then.qualified"))
	case r.Qualification:
		v.Then = append(v.Then, l.Sprintf("mail.then.qualification"))
	case r.Consolidated && r.Accepted == 1:
		v.Then = append(v.Then, l.Sprintf("mail.then.integrated_one"))
	case r.Consolidated && r.Accepted > 1:
		v.Then = append(v.Then, l.Sprintf("mail.then.integrated", r.Accepted, r.Dossiers))
	}
	if len(r.Superseded) > 0 {
		v.Superseded = strings.Join(r.Superseded, ", ")
	}
	for i, e := range r.Refused {
		if i == maxRefusedShown {
			v.RefusedMore = len(r.Refused) - i
			break
		}
		v.Refused = append(v.Refused, RefusedView{Name: e.Name, Reason: refusalText(l, e, r.Partner)})
	}
	for _, c := range r.Checks {
		cv := CheckView{Label: importer.CheckLabel(l, c.Check), Code: c.Check, Count: c.Count, Examples: c.Examples, More: c.Count - len(c.Examples)}
		cv.Hints = importer.Hints(l, nil, c.Check, c.Examples)
		v.Checks = append(v.Checks, cv)
	}
	return v
}

// mail tells, in v.Lang, how the email carries the rejects of r (rm), and
// where the whole rejects are: the report's page under portal, the
// service's address.
func (v *ReportView) mail(r *Report, rm rejectsMail, portal string) {
	l := v.Lang
	formats := l.Sprintf("mail.formats_csv")
	if rm.xlsx {
		formats = l.Sprintf("mail.formats_both")
	}
	if portal != "" {
		v.Link = fmt.Sprintf("%s/espace/rapports/%d", strings.TrimRight(portal, "/"), r.ID)
	}
	where := l.Sprintf("mail.where_space", r.ID, r.ID)
	if v.Link != "" {
		where = l.Sprintf("mail.where_link")
	}
	v.Fix = l.Sprintf("mail.fix")
	switch rm.how {
	case mailAttached:
		v.Attached = l.Sprintf("mail.attached_both", formats)
		if !rm.xlsx {
			v.Attached = l.Sprintf("mail.attached_one", formats)
		}
		v.Link = ""
		return
	case mailZipped:
		v.Attached = l.Sprintf("mail.zipped", rm.zip, i18n.Size(rm.limit), formats)
		if rm.xlsx || !rm.twin {
			v.Link = ""
			return
		}
		v.FullAt = l.Sprintf("mail.twin_elsewhere", where)
		return
	}
	intro := l.Sprintf("mail.never_attached")
	if rm.limit >= 0 {
		intro = l.Sprintf("mail.too_large", i18n.Size(r.RejectsBytes), i18n.Size(rm.limit))
	}
	switch n := len(rm.excerpt); {
	case n == 1:
		v.Attached = l.Sprintf("mail.excerpt_first", intro)
	case n > 1:
		v.Attached = l.Sprintf("mail.excerpt_firsts", intro, n)
	default:
		v.Attached = intro + "."
	}
	v.Excerpt, v.ExcerptMore = rm.excerpt, max(r.Rejected-len(rm.excerpt), 0)
	full := l.Sprintf("mail.full_both")
	if !rm.twin {
		full = l.Sprintf("mail.full_csv")
	}
	v.FullAt = l.Sprintf("mail.full_at", full, where)
}

// refusalText says in l why a file was set aside, and what to do.
func refusalText(l i18n.Lang, e FileEvent, partner string) string {
	switch e.Reason {
	case RefusedName:
		return l.Sprintf("mail.refused.name", partner)
	case RefusedPartner:
		return l.Sprintf("mail.refused.partner", e.Detail, partner)
	case RefusedUsed:
		when, twin := e.UsedDetail()
		if t, err := time.Parse(time.DateOnly, when); err == nil {
			when = t.Format("02/01/2006")
		}
		if twin != "" {
			return l.Sprintf("mail.refused.export_used", when, twin)
		}
		return l.Sprintf("mail.refused.used", when)
	case RefusedSameDate:
		return l.Sprintf("mail.refused.same_date", e.Detail)
	case RefusedFile:
		var msgs []any
		for _, fe := range e.FileErrors() {
			msgs = append(msgs, strings.TrimSuffix(fe.In(l), "."))
		}
		return l.Sprintf("mail.refused.file", i18n.Join("sep.semicolon", msgs...))
	case RefusedKind:
		switch e.Detail {
		case EntryDirectory:
			return l.Sprintf("mail.refused.directory")
		case EntrySymlink:
			return l.Sprintf("mail.refused.symlink")
		}
		return l.Sprintf("mail.refused.kind")
	}
	return l.Sprintf("mail.refused.other")
}

// fileErrorsText explains file errors in l, with each one's message after
// it (the message a store keeps is the English one, the same in every
// tool).
func fileErrorsText(l i18n.Lang, errs []importer.FileError) string {
	var parts []any
	for _, e := range errs {
		if e.Code == importer.CodeMode {
			continue
		}
		label := e.Message
		if key, ok := fileErrorLabels[e.Code]; ok {
			label = l.Sprintf(key)
		}
		parts = append(parts, label+" ("+e.In(l)+")")
	}
	return l.Text(i18n.Join("sep.semicolon", parts...))
}

// fileErrorLabels say, by code, why a file was rejected whole.
var fileErrorLabels = map[importer.FileCheck]string{
	importer.CodeName:      "mail.file_error.name",
	importer.CodeEncoding:  "mail.file_error.encoding",
	importer.CodeSeparator: "mail.file_error.separator",
	importer.CodeHeader:    "mail.file_error.header",
	importer.CodeEmpty:     "mail.file_error.empty",
	importer.CodeSyntax:    "mail.file_error.syntax",
	importer.CodeWorkbook:  "mail.file_error.workbook",
}

// reportText is plain text: text/template, no HTML escaping. Its words
// come from the catalog, in the view's language.
var reportText = texttemplate.Must(texttemplate.New("text").Funcs(texttemplate.FuncMap{"fieldAfter": fieldAfter}).Parse(`{{.Lang.Sprintf "mail.hello"}}

{{.First}}
{{range .Then}}
{{.}}
{{end}}{{if .Superseded}}
{{.Lang.Sprintf "mail.superseded" .Superseded}}
{{end}}{{if .Refused}}
{{.Lang.Sprintf "mail.refused_intro"}}
{{range .Refused}}- {{$.Lang.Sprintf "mail.refused_item" .Name .Reason}}
{{end}}{{if .RefusedMore}}- {{.Lang.Sprintf "mail.refused_more" .RefusedMore}}
{{end}}{{end}}{{if .Checks}}
{{.Lang.Sprintf "mail.checks"}}
{{range .Checks}}
- {{$.Lang.Sprintf "mail.check" .Label .Code ($.Lang.Sprintf "mail.errors" .Count)}}
{{range .Examples}}  {{$.Lang.Sprintf "mail.example" .Line (fieldAfter .Field) .Message}}
{{end}}{{if gt .More 0}}  {{$.Lang.Sprintf "mail.more" .More}}
{{end}}{{range .Hints}}  {{$.Lang.Sprintf "mail.hint" .}}
{{end}}{{end}}{{end}}{{if .Attached}}
{{.Attached}}
{{range .Excerpt}}- {{$.Lang.Sprintf "mail.excerpt_line" .Line .Errors}}
{{end}}{{if .ExcerptMore}}- {{.Lang.Sprintf "mail.more" .ExcerptMore}}.
{{end}}{{if .FullAt}}{{.FullAt}}{{if .Link}}
{{.Link}}{{end}}
{{end}}{{.Fix}}
{{end}}
{{.Lang.Sprintf "mail.regards"}}
Entrepreneur #Leader
`))

// fieldAfter writes ", FIELD" after a line number, or nothing.
func fieldAfter(field string) string {
	if field == "" {
		return ""
	}
	return ", " + field
}

// reportHTML escapes every value.
var reportHTML = template.Must(template.New("html").Funcs(template.FuncMap{"fieldAfter": fieldAfter}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.File}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>{{.Lang.Sprintf "mail.hello"}}</p>
<p><strong>{{.First}}</strong></p>
{{range .Then}}<p>{{.}}</p>
{{end}}{{if .Superseded}}<p>{{.Lang.Sprintf "mail.superseded" .Superseded}}</p>
{{end}}{{if .Refused}}<p>{{.Lang.Sprintf "mail.refused_intro"}}</p>
<ul>{{range .Refused}}<li><code>{{.Name}}</code>{{$.Lang.Sprintf "mail.colon"}}{{.Reason}}.</li>
{{end}}{{if .RefusedMore}}<li>{{.Lang.Sprintf "mail.refused_more" .RefusedMore}}</li>
{{end}}</ul>
{{end}}{{if .Checks}}<h2 style="font-size: 1.1em">{{.Lang.Sprintf "mail.checks_title"}}</h2>
{{range .Checks}}<h3 style="font-size: 1em">{{.Label}} <code>{{.Code}}</code>{{$.Lang.Sprintf "mail.colon"}}{{$.Lang.Sprintf "mail.errors" .Count}}</h3>
<table style="border-collapse: collapse" cellpadding="4"><tr><th align="left">{{$.Lang.Sprintf "mail.th.line"}}</th><th align="left">{{$.Lang.Sprintf "mail.th.field"}}</th><th align="left">{{$.Lang.Sprintf "mail.th.message"}}</th></tr>
{{range .Examples}}<tr><td>{{.Line}}</td><td>{{.Field}}</td><td><code>{{.Message}}</code></td></tr>
{{end}}</table>
{{if gt .More 0}}<p>{{$.Lang.Sprintf "mail.more" .More}}.</p>
{{end}}{{range .Hints}}<p><em>{{$.Lang.Sprintf "mail.hint" .}}</em></p>
{{end}}{{end}}{{end}}{{if .Attached}}<p>{{.Attached}}</p>
{{if .Excerpt}}<table style="border-collapse: collapse" cellpadding="4"><tr><th align="left">{{.Lang.Sprintf "mail.th.line"}}</th><th align="left">{{.Lang.Sprintf "mail.th.errors"}}</th></tr>
{{range .Excerpt}}<tr><td>{{.Line}}</td><td><code>{{.Errors}}</code></td></tr>
{{end}}</table>
{{end}}{{if .ExcerptMore}}<p>{{.Lang.Sprintf "mail.more" .ExcerptMore}}.</p>
{{end}}{{if .FullAt}}<p>{{.FullAt}}{{if .Link}} <a href="{{.Link}}">{{.Link}}</a>{{end}}</p>
{{end}}<p>{{.Fix}}</p>
{{end}}<p>{{.Lang.Sprintf "mail.regards"}}<br>Entrepreneur #Leader</p>
</body></html>
`))
