package eleader

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math/rand/v2"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
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
}

// Attachment is a file attached to a message.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
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
	DefaultMaxAttachBytes = 5 << 20
	DefaultFrom           = "E#L <noreply@entrepreneur-leader.example>"
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
	// MaxAttachBytes: an attachment larger than this is zipped. Zero means
	// DefaultMaxAttachBytes; negative never zips.
	MaxAttachBytes int
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
	msg, err := o.Message(r)
	if err == nil {
		err = o.Mailer.Send(ctx, msg)
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

// Message renders a report as the French email a partner receives: the
// subject gives the file and its outcome; the first sentence says whether the
// file was rejected whole, and why; then a summary per check (count, a few
// examples, a hint); the rejects CSV and its XLSX twin are attached
// (zipped past MaxAttachBytes).
func (o *Outbox) Message(r *Report) (*Message, error) {
	from := o.From
	if from == "" {
		from = DefaultFrom
	}
	m := &Message{MessageID: messageID(r, from), From: from, To: r.Recipients, Subject: reportSubject(r), Date: r.Created}
	view := NewReportView(r)
	var text, html bytes.Buffer
	if err := reportText.Execute(&text, view); err != nil {
		return nil, err
	}
	if err := reportHTML.Execute(&html, view); err != nil {
		return nil, err
	}
	m.Text, m.HTML = text.String(), html.String()
	if len(r.Rejects) == 0 {
		return m, nil
	}
	base := strings.TrimSuffix(r.File, ".csv") + "-rejets"
	if fn, err := importer.ParseFileName(r.File); err == nil {
		base = strings.TrimSuffix(fn.RejectsName(), ".csv")
	}
	m.Attachments = append(m.Attachments, Attachment{Name: base + ".csv", ContentType: "text/csv; charset=utf-8", Data: r.Rejects})
	if o.Workbooks != nil {
		var x bytes.Buffer
		if err := o.Workbooks.RejectsXLSX(r.Rejects, r.RejectLines, &x); err != nil {
			return nil, fmt.Errorf("report %d: XLSX: %w", r.ID, err)
		}
		m.Attachments = append(m.Attachments, Attachment{Name: base + ".xlsx",
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: x.Bytes()})
	}
	limit := o.MaxAttachBytes
	if limit == 0 {
		limit = DefaultMaxAttachBytes
	}
	for i, a := range m.Attachments {
		if limit > 0 && len(a.Data) > limit {
			z, err := zipOne(a)
			if err != nil {
				return nil, err
			}
			m.Attachments[i] = z
		}
	}
	return m, nil
}

// zipOne returns a zipped attachment.
func zipOne(a Attachment) (Attachment, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: a.Name, Method: zip.Deflate})
	if err != nil {
		return a, err
	}
	if _, err := w.Write(a.Data); err != nil {
		return a, err
	}
	if err := zw.Close(); err != nil {
		return a, err
	}
	return Attachment{Name: a.Name + ".zip", ContentType: "application/zip", Data: b.Bytes()}, nil
}

// reportSubject is e.g. "E#L – 20261116-adie.csv : 17 lignes rejetées sur 19",
// or for a notice "E#L – votre dépôt : 2 fichiers mis de côté".
func reportSubject(r *Report) string {
	prefix := "E#L"
	if r.Qualification {
		prefix = "E#L (qualification)"
	}
	if r.Notice {
		var parts []string
		if n := len(r.Refused); n > 0 {
			parts = append(parts, plural(n, "fichier mis de côté", "fichiers mis de côté"))
		}
		if n := len(r.Superseded); n > 0 {
			parts = append(parts, plural(n, "fichier non traité", "fichiers non traités"))
		}
		return prefix + " – votre dépôt : " + strings.Join(parts, ", ")
	}
	var what string
	switch {
	case stopped(r):
		what = "fichier rejeté"
	case r.Status == importer.StatusRejected && r.Accepted > 0:
		what = fmt.Sprintf("fichier rejeté, %s sur %d", rejectedLines(r.Rejected), r.Lines)
	case r.Rejected > 0:
		what = fmt.Sprintf("%s sur %d", rejectedLines(r.Rejected), r.Lines)
	case r.Lines == 1:
		what = "1 ligne acceptée"
	default:
		what = fmt.Sprintf("%d lignes acceptées", r.Lines)
	}
	return prefix + " – " + r.File + " : " + what
}

// plural writes n and the singular or plural words.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func rejectedLines(n int) string {
	if n == 1 {
		return "1 ligne rejetée"
	}
	return fmt.Sprintf("%d lignes rejetées", n)
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

// ReportView is a report told in French, as the email and the web page
// show it.
type ReportView struct {
	*Report
	// First is the first sentence: what happened to the file.
	First string
	// Then are the sentences that follow: what was integrated, what to do.
	Then []string
	// Checks are the failed checks, with French labels and hints.
	Checks []CheckView
	// Attached says what the email attaches.
	Attached []string
	// Superseded names the deposits the run superseded, comma-separated.
	Superseded string
	// Refused are the files of the deposit folder set aside, each with
	// why, in French: the first maxRefusedShown; RefusedMore counts the
	// others.
	Refused     []RefusedView
	RefusedMore int
}

// maxRefusedShown is how many files set aside a report lists by name.
const maxRefusedShown = 30

// RefusedView is a file set aside, told in French.
type RefusedView struct {
	Name   string
	Reason string
}

// CheckView is one failed check of a ReportView.
type CheckView struct {
	// Label is the check in French; Code its stable code.
	Label, Code string
	Count       int
	// Examples are the first lines that failed it; More how many others.
	Examples []importer.LineError
	More     int
	// Hints say, in French, how to fix such lines.
	Hints []string
}

// NewReportView tells r in French.
func NewReportView(r *Report) ReportView {
	v := ReportView{Report: r}
	switch {
	case r.Notice:
		v.First = "Aucun fichier n'a été importé lors de ce passage, mais votre dépôt contenait des fichiers qui ne le seront pas."
		if len(r.Refused) > 0 {
			v.Then = append(v.Then, "Renvoyez vos données dans un fichier nommé AAAAMMJJ-"+r.Partner+".csv, avec la date de l'export.")
		}
	case stopped(r):
		v.First = fmt.Sprintf("Le fichier %s est rejeté en entier : %s.", r.File, strings.TrimSuffix(frenchFileErrors(r.FileErrors), "."))
		v.Then = append(v.Then, "Aucune ligne n'a été lue ; corrigez le fichier et renvoyez-le sous un nouveau nom (avec la date du jour).")
	case r.Status == importer.StatusRejected && len(r.FileErrors) > 0:
		v.First = fmt.Sprintf("Le fichier %s est rejeté en entier : en mode complet, une ligne en erreur rejette tout le fichier, et %s sur %d.",
			r.File, verbRejected(r.Rejected), r.Lines)
		v.Then = append(v.Then, "Rien n'a été intégré à E#L. Corrigez les lignes jointes et renvoyez le fichier complet.")
	case r.Rejected > 0:
		v.First = fmt.Sprintf("Le fichier %s a été traité : %s sur %d.", r.File, verbRejected(r.Rejected), r.Lines)
	default:
		v.First = fmt.Sprintf("Le fichier %s a été traité : ses %d lignes sont acceptées.", r.File, r.Lines)
	}
	switch {
	case r.Qualification && r.Qualified:
		v.Then = append(v.Then, "Environnement de qualification : rien n'est intégré à E#L. Ce fichier est sans erreur : la qualification est réussie, le passage en production peut être demandé.")
	case r.Qualification:
		v.Then = append(v.Then, "Environnement de qualification : rien n'est intégré à E#L. La qualification réussit avec un fichier d'au moins une ligne, sans aucune ligne rejetée.")
	case r.Consolidated && r.Accepted == 1:
		v.Then = append(v.Then, "La ligne acceptée a été intégrée à E#L.")
	case r.Consolidated && r.Accepted > 1:
		v.Then = append(v.Then, fmt.Sprintf("Les %d lignes acceptées ont été intégrées à E#L (%d dossiers).", r.Accepted, r.Dossiers))
	}
	if len(r.Superseded) > 0 {
		v.Superseded = strings.Join(r.Superseded, ", ")
	}
	for i, e := range r.Refused {
		if i == maxRefusedShown {
			v.RefusedMore = len(r.Refused) - i
			break
		}
		v.Refused = append(v.Refused, RefusedView{Name: e.Name, Reason: frenchRefusal(e, r.Partner)})
	}
	for _, c := range r.Checks {
		cv := CheckView{Label: checkLabel(c.Check), Code: c.Check, Count: c.Count, Examples: c.Examples, More: c.Count - len(c.Examples)}
		cv.Hints = frenchHints(c)
		v.Checks = append(v.Checks, cv)
	}
	if len(r.Rejects) > 0 {
		v.Attached = []string{"les lignes rejetées, au format CSV (UTF-8, « ; ») et Excel, avec une colonne Erreurs"}
	}
	return v
}

// frenchRefusal says in French why a file was set aside, and what to do.
func frenchRefusal(e FileEvent, partner string) string {
	switch e.Reason {
	case RefusedName:
		return "son nom ne suit pas la nomenclature AAAAMMJJ-" + partner + ".csv ou .xlsx (la date de l'export, un tiret, votre identifiant)"
	case RefusedPartner:
		return fmt.Sprintf("ce nom est celui d'un fichier du partenaire « %s » : ne déposez que vos propres fichiers, nommés AAAAMMJJ-%s.csv", e.Detail, partner)
	case RefusedUsed:
		when, twin := e.UsedDetail()
		if t, err := time.Parse(time.DateOnly, when); err == nil {
			when = t.Format("02/01/2006")
		}
		if twin != "" {
			return fmt.Sprintf("sa date d'export a déjà servi le %s, pour le fichier %s : un export ne s'envoie qu'une fois, en CSV ou en classeur ; envoyez-le sous la date suivante", when, twin)
		}
		return fmt.Sprintf("ce nom a déjà servi le %s, pour un contenu différent ; envoyez-le sous la date suivante", when)
	case RefusedSameDate:
		return fmt.Sprintf("un autre fichier de la même date d'export (%s) est arrivé avant lui : une date ne sert qu'une fois", e.Detail)
	case RefusedFile:
		var msgs []string
		for _, fe := range e.FileErrors() {
			msgs = append(msgs, strings.TrimSuffix(cmp.Or(fe.French, fe.Message), "."))
		}
		return "le fichier est refusé, comme il le serait à tout dépôt : " + strings.Join(msgs, " ; ")
	case RefusedKind:
		switch e.Detail {
		case EntryDirectory:
			return "c'est un répertoire : déposez les fichiers eux-mêmes"
		case EntrySymlink:
			return "c'est un lien symbolique, qui n'est jamais suivi : déposez le fichier lui-même"
		}
		return "ce n'est pas un fichier ordinaire"
	}
	return "il ne peut pas être importé"
}

func verbRejected(n int) string {
	if n == 1 {
		return "1 ligne est rejetée"
	}
	return fmt.Sprintf("%d lignes sont rejetées", n)
}

// frenchFileErrors explains file errors in French, with the technical
// message in English after it (the message is the same in every tool).
func frenchFileErrors(errs []importer.FileError) string {
	var parts []string
	for _, e := range errs {
		if e.Code == importer.CodeMode {
			continue
		}
		parts = append(parts, fileErrorLabel[e.Code]+" ("+e.Message+")")
	}
	return strings.Join(parts, " ; ")
}

var fileErrorLabel = map[importer.FileCheck]string{
	importer.CodeName:      "son nom ne suit pas la nomenclature AAAAMMJJ-IDENTIFIANT.csv",
	importer.CodeEncoding:  "il n'est pas encodé en UTF-8",
	importer.CodeSeparator: "son séparateur n'est pas le point-virgule",
	importer.CodeHeader:    "son en-tête ne reprend pas exactement les colonnes de la matrice",
	importer.CodeEmpty:     "il est vide",
	importer.CodeSyntax:    "un guillemet ouvert n'est jamais fermé",
	importer.CodeWorkbook:  "le classeur ne respecte pas les règles du modèle",
}

var checkLabels = map[string]string{
	string(matrice.CheckType):            "Type de valeur",
	string(matrice.CheckRequired):        "Champ obligatoire",
	string(matrice.CheckRequiredIf):      "Champ obligatoire sous condition",
	string(matrice.CheckRequiredClose):   "Champ obligatoire pour clôturer la phase",
	string(matrice.CheckLength):          "Longueur",
	string(matrice.CheckRange):           "Valeur hors bornes",
	string(matrice.CheckPattern):         "Format",
	string(matrice.CheckEnum):            "Valeur non prévue",
	string(matrice.CheckRule):            "Règle de cohérence",
	string(matrice.CheckCells):           "Nombre de cellules",
	string(matrice.CheckConflict):        "Valeurs contradictoires d'un même dossier",
	string(matrice.CheckOperator):        "Code opérateur",
	string(matrice.CheckHIST):            "Dossier d'historique (HIST)",
	string(matrice.CheckSubversionMain):  "Sous-version sans dossier principal",
	string(matrice.CheckSubversionNext):  "Numéro de sous-version",
	string(matrice.CheckSubversionOwner): "Sous-version d'un autre partenaire",
	string(matrice.CheckSubversionPhase): "Sous-version hors phase 2",
}

func checkLabel(code string) string {
	if l, ok := checkLabels[code]; ok {
		return l
	}
	return code
}

var frHints = map[string]string{
	string(matrice.CheckType):            "Chaque colonne a un type : dates JJ/MM/AAAA, nombres entiers sans espace, décimaux comme 1234,56, OUI ou NON.",
	string(matrice.CheckRequired):        "Renseignez le champ : la matrice cadre l'exige à l'import.",
	string(matrice.CheckRequiredIf):      "Renseignez le champ, ou videz le champ dont il dépend : la matrice l'exige quand ce champ a (cette) valeur.",
	string(matrice.CheckRequiredClose):   "Une ligne avec DateFinPhase clôture sa phase : renseignez les champs exigés pour la clôturer, ou laissez DateFinPhase vide.",
	string(matrice.CheckLength):          "La longueur se compte en caractères, lettres accentuées comprises.",
	string(matrice.CheckRange):           "La valeur sort des bornes de la matrice ; une date ne peut pas dépasser la date du fichier.",
	string(matrice.CheckPattern):         "La valeur doit suivre exactement le format indiqué.",
	string(matrice.CheckEnum):            "Utilisez les codes de la matrice cadre, en respectant la casse, ou transmettez à E#L une table de correspondance.",
	string(matrice.CheckCells):           "La ligne n'a pas autant de cellules que l'en-tête : une cellule contenant un « ; » doit être entre guillemets.",
	string(matrice.CheckConflict):        "Toutes les lignes d'un dossier doivent porter les mêmes valeurs de dossier (une valeur vide est acceptée).",
	string(matrice.CheckOperator):        "Un nouveau dossier porte l'un de vos codes opérateur ; pour un dossier existant, reprenez son numéro exact (moteur de recherche).",
	string(matrice.CheckHIST):            "Les dossiers HIST viennent de l'historique : on peut les mettre à jour, jamais en créer. Vérifiez le numéro.",
	string(matrice.CheckSubversionMain):  "Une sous-version suppose le dossier principal : vérifiez son numéro dans le moteur de recherche.",
	string(matrice.CheckSubversionNext):  "Une nouvelle sous-version prend le numéro suivant le plus élevé existant : le moteur de recherche l'indique.",
	string(matrice.CheckSubversionOwner): "Une sous-version n'est mise à jour que par le partenaire qui l'a créée.",
	string(matrice.CheckSubversionPhase): "Les sous-versions n'existent qu'en phase 2.",
}

var frRuleHints = map[string]string{
	"luhn":             "Le SIRET comporte une clé de contrôle : vérifiez ses 14 chiffres sur l'avis de situation INSEE ou le Kbis.",
	"date_order":       "Une phase ne peut pas finir avant de commencer : DateFinPhase doit suivre DateDebutPhase.",
	"min_age":          "Le bénéficiaire doit avoir 16 ans à DateDebutPhase : vérifiez les deux dates.",
	"subversion_phase": "Un numéro commençant par une version (001-) est une sous-version, réservée à la phase 2.",
}

// frenchHints gives the advice of a check, one per rule for rules.
func frenchHints(c ReportCheck) []string {
	if c.Check != string(matrice.CheckRule) {
		if h, ok := frHints[c.Check]; ok {
			return []string{h}
		}
		return nil
	}
	var out []string
	for _, e := range c.Examples {
		if h, ok := frRuleHints[e.Rule]; ok && !contains(out, h) {
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		out = []string{"La valeur contredit une règle qui la lie à d'autres champs de la ligne."}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// reportText is plain text: text/template, no HTML escaping.
var reportText = texttemplate.Must(texttemplate.New("text").Parse(`Bonjour,

{{.First}}
{{range .Then}}
{{.}}
{{end}}{{if .Superseded}}
Fichiers non importés, un export de date plus récente ayant été importé à leur place : {{.Superseded}}.
{{end}}{{if .Refused}}
Fichiers mis de côté, jamais importés (E#L les conserve dans le répertoire refuses/ de votre dépôt) :
{{range .Refused}}- {{.Name}} : {{.Reason}}.
{{end}}{{if .RefusedMore}}- … et {{.RefusedMore}} autre{{if gt .RefusedMore 1}}s{{end}} : E#L peut vous en donner la liste.
{{end}}{{end}}{{if .Checks}}
Erreurs par contrôle :
{{range .Checks}}
- {{.Label}} ({{.Code}}) : {{.Count}} erreur{{if gt .Count 1}}s{{end}}
{{range .Examples}}  ligne {{.Line}}{{if .Field}}, {{.Field}}{{end}} : {{.Message}}
{{end}}{{if gt .More 0}}  … et {{.More}} autre{{if gt .More 1}}s{{end}}
{{end}}{{range .Hints}}  Conseil : {{.}}
{{end}}{{end}}{{end}}{{if .Attached}}
En pièces jointes : {{index .Attached 0}}. Corrigez-les et renvoyez-les dans un nouveau fichier : la colonne Erreurs est ignorée.
{{end}}
Cordialement,
Entrepreneur #Leader
`))

// reportHTML escapes every value.
var reportHTML = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{.File}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>Bonjour,</p>
<p><strong>{{.First}}</strong></p>
{{range .Then}}<p>{{.}}</p>
{{end}}{{if .Superseded}}<p>Fichiers non importés, un export de date plus récente ayant été importé à leur place : {{.Superseded}}.</p>
{{end}}{{if .Refused}}<p>Fichiers mis de côté, jamais importés (E#L les conserve dans le répertoire <code>refuses/</code> de votre dépôt) :</p>
<ul>{{range .Refused}}<li><code>{{.Name}}</code> : {{.Reason}}.</li>
{{end}}{{if .RefusedMore}}<li>… et {{.RefusedMore}} autre{{if gt .RefusedMore 1}}s{{end}} : E#L peut vous en donner la liste.</li>
{{end}}</ul>
{{end}}{{if .Checks}}<h2 style="font-size: 1.1em">Erreurs par contrôle</h2>
{{range .Checks}}<h3 style="font-size: 1em">{{.Label}} <code>{{.Code}}</code> : {{.Count}} erreur{{if gt .Count 1}}s{{end}}</h3>
<table style="border-collapse: collapse" cellpadding="4"><tr><th align="left">Ligne</th><th align="left">Champ</th><th align="left">Message</th></tr>
{{range .Examples}}<tr><td>{{.Line}}</td><td>{{.Field}}</td><td><code>{{.Message}}</code></td></tr>
{{end}}</table>
{{if gt .More 0}}<p>… et {{.More}} autre{{if gt .More 1}}s{{end}}.</p>
{{end}}{{range .Hints}}<p><em>Conseil : {{.}}</em></p>
{{end}}{{end}}{{end}}{{if .Attached}}<p>En pièces jointes : {{index .Attached 0}}. Corrigez-les et renvoyez-les dans un nouveau fichier : la colonne Erreurs est ignorée.</p>
{{end}}<p>Cordialement,<br>Entrepreneur #Leader</p>
</body></html>
`))
