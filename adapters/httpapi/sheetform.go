package httpapi

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The connection sheet's form (portal-form.html). One struct holds what the
// form shows and sends back; three functions move a sheet through it:
// sheetFormOf (sheet → form), readSheetForm (request → form, uploads
// checked), (*sheetForm).sheet (form → sheet). To add a field (as the SSH
// keys of SFTP were): a field here, a line in each of the three functions,
// a label in fieldLabels (portal_text.go) and fieldIDs below, and a block in
// portal-form.html.

// Bounds of the form: a sheet's form is small; uploads are a certificate
// and a correspondence table.
const (
	maxSheetForm       = 2 << 20   // the whole request
	maxCertificateFile = 256 << 10 // a certificate and its chain
	maxCorrespondences = 1 << 20   // a correspondence table
)

// sheetForm is a connection sheet as the form holds it: text as typed.
type sheetForm struct {
	Partner             string
	Name                string
	Operators           string // comma-separated
	Channels            []eleader.Channel
	Mode                string
	Environment         string
	ContactName         string
	ContactPhone        string
	ContactEmail        string
	Recipients          string // one per line
	Comments            string
	Certificate         string // the chain as PEM, analysed (kept in a hidden field between pages)
	CertificateFile     string // the name of the file it came from, "" when it is the sheet's
	Correspondences     string // the table as JSON (kept in a hidden field)
	CorrespondencesFile string
	SSHKeys             string // the SSH public keys of SFTP, one per line as typed
}

// sheetFormOf fills the form from a sheet.
func sheetFormOf(s eleader.ConnectionSheet) sheetForm {
	f := sheetForm{
		Partner: s.Partner, Name: s.Name, Operators: strings.Join(s.Operators, ", "), Channels: slices.Clone(s.Channels),
		Mode: string(s.Mode), Environment: string(s.Environment),
		ContactName: s.Contact.Name, ContactPhone: s.Contact.Phone, ContactEmail: s.Contact.Email,
		Recipients: strings.Join(s.ReportRecipients, "\n"), Comments: s.Comments, Certificate: s.Certificate,
		SSHKeys: strings.Join(s.SSHKeys, "\n"),
	}
	if len(s.Correspondences) > 0 {
		b, _ := json.Marshal(s.Correspondences)
		f.Correspondences = string(b)
	}
	return f
}

// sheet returns the sheet the form describes, partner's identifier
// included.
func (f *sheetForm) sheet() eleader.ConnectionSheet {
	s := eleader.ConnectionSheet{
		Partner: f.Partner, Name: f.Name, Operators: splitList(f.Operators), Channels: slices.Clone(f.Channels),
		Mode: importer.Mode(f.Mode), Environment: eleader.Environment(f.Environment),
		Contact:          eleader.Contact{Name: f.ContactName, Phone: f.ContactPhone, Email: f.ContactEmail},
		ReportRecipients: splitList(f.Recipients), Comments: f.Comments, Certificate: f.Certificate,
		SSHKeys: sshKeyLines(f.SSHKeys),
	}
	if f.Correspondences != "" {
		// Written by this form from a table it checked: it reads back.
		json.Unmarshal([]byte(f.Correspondences), &s.Correspondences)
	}
	return s
}

// sshKeyLines are the keys of the form's text: one per line, as in an
// authorized_keys file; blank lines and # comments are skipped. The sheet's
// validation (eleader.ParseSSHKey) judges each.
func sshKeyLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// splitList splits a list typed with commas, semicolons, spaces or lines.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

// formProblem is one problem of a form: the sheet's field ("contact.email",
// "certificate" …), and what is wrong, in French.
type formProblem struct {
	Field   string
	Message i18n.Text
}

// fieldIDs are the form's inputs of each field, for the error summary's
// links and aria-describedby.
var fieldIDs = map[string]string{
	"partner": "partenaire", "name": "nom", "operators": "operateurs", "channels": "canaux", "mode": "modes",
	"environment": "environnements", "contact.name": "contact-nom", "contact.phone": "contact-tel", "contact.email": "contact-courriel",
	"reportRecipients": "destinataires", "correspondences": "correspondances", "certificate": "certificat", "comments": "commentaires",
	"sshKeys": "cles-ssh",
}

// fieldID returns the input of a field ("operators[1]" → "operateurs").
func fieldID(field string) string {
	base, _, _ := strings.Cut(field, "[")
	if id, ok := fieldIDs[base]; ok {
		return id
	}
	return "formulaire"
}

// fieldKey returns a problem's field without its index.
func fieldKey(field string) string {
	base, _, _ := strings.Cut(field, "[")
	return base
}

// sheetProblems words a sheet's problems for the form.
func sheetProblems(errs eleader.SheetErrors) []formProblem {
	out := make([]formProblem, 0, len(errs))
	for _, fe := range errs {
		out = append(out, formProblem{Field: fe.Field, Message: i18n.T("portal.problem", fieldLabel(fe.Field), fieldMessage(fe))})
	}
	return out
}

// readSheetForm reads the form of a request (multipart, at most
// maxSheetForm bytes): the typed values, then the uploads — a certificate,
// analysed at now (a refused one is a problem and leaves the form's
// previous certificate), a correspondence table, checked against m with
// its line errors. The form keeps what it could read, so that nothing
// typed is lost.
func readSheetForm(w http.ResponseWriter, r *http.Request, m *matrice.Matrice, now time.Time) (sheetForm, []formProblem, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxSheetForm)
	if err := r.ParseMultipartForm(maxSheetForm); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return sheetForm{}, nil, eleader.Errorf(eleader.ETOOLARGE, "the form is larger than %s", importer.Size(maxSheetForm))
		}
		return sheetForm{}, nil, eleader.Errorf(eleader.EINVALID, "the form cannot be read: %v", err)
	}
	v := r.PostFormValue
	f := sheetForm{
		Partner: strings.TrimSpace(v("partenaire")), Name: v("nom"), Operators: v("operateurs"),
		Mode: v("mode"), Environment: v("environnement"),
		ContactName: v("contact_nom"), ContactPhone: v("contact_tel"), ContactEmail: v("contact_courriel"),
		Recipients: v("destinataires"), Comments: v("commentaires"),
		Certificate: v("certificat_pem"), CertificateFile: v("certificat_nom"),
		Correspondences: v("correspondances_json"), CorrespondencesFile: v("correspondances_nom"),
		SSHKeys: v("cles_ssh"),
	}
	for _, c := range eleader.Channels {
		if v("canal_"+string(c)) != "" {
			f.Channels = append(f.Channels, c)
		}
	}
	// Hidden fields come back from the browser: check them as uploads.
	var problems []formProblem
	if f.Certificate != "" {
		if c, err := eleader.ParseCertificate([]byte(f.Certificate), now); c == nil && err != nil {
			f.Certificate, f.CertificateFile = "", ""
		}
	}
	if f.Correspondences != "" {
		var entries []matrice.Correspondence
		if json.Unmarshal([]byte(f.Correspondences), &entries) != nil {
			f.Correspondences, f.CorrespondencesFile = "", ""
		}
	}
	if v("certificat_retirer") != "" {
		f.Certificate, f.CertificateFile = "", ""
	}
	if v("correspondances_retirer") != "" {
		f.Correspondences, f.CorrespondencesFile = "", ""
	}
	problems = append(problems, f.checkSSHKeys(m, now)...)
	if file, hdr, err := r.FormFile("certificat"); err == nil {
		problems = append(problems, f.readCertificate(file, hdr, now)...)
		file.Close()
	}
	if file, hdr, err := r.FormFile("correspondances"); err == nil {
		problems = append(problems, f.readCorrespondences(file, hdr, m)...)
		file.Close()
	}
	return f, problems, nil
}

// checkSSHKeys judges the keys typed, as the sheet's validation does
// (eleader.ParseSSHKey, each key once, at most eleader.MaxSSHKeys): a key
// refused is a problem of the form, as a refused certificate is, and the
// sheet is not saved. A private key pasted is not kept, even in the form.
func (f *sheetForm) checkSSHKeys(m *matrice.Matrice, now time.Time) []formProblem {
	if strings.Contains(f.SSHKeys, "PRIVATE KEY") {
		f.SSHKeys = ""
		return []formProblem{{Field: "sshKeys", Message: i18n.T("portal.problem.private_key")}}
	}
	lines := sshKeyLines(f.SSHKeys)
	if len(lines) == 0 {
		return nil
	}
	sheet := eleader.ConnectionSheet{SSHKeys: lines}
	var errs, keys eleader.SheetErrors
	if !errors.As(sheet.Validate(m, now), &errs) {
		return nil
	}
	for _, fe := range errs {
		if fieldKey(fe.Field) == "sshKeys" {
			keys = append(keys, fe)
		}
	}
	return sheetProblems(keys)
}

// readCertificate takes an uploaded certificate: PEM or PKCS#7, analysed
// at now; refused with its reason.
func (f *sheetForm) readCertificate(file multipart.File, hdr *multipart.FileHeader, now time.Time) []formProblem {
	if hdr.Size == 0 && hdr.Filename == "" {
		return nil
	}
	if hdr.Size > maxCertificateFile {
		return []formProblem{{Field: "certificate", Message: i18n.T("portal.problem.cert_too_large", hdr.Filename, i18n.Size(maxCertificateFile))}}
	}
	data, err := io.ReadAll(io.LimitReader(file, maxCertificateFile+1))
	if err != nil {
		return []formProblem{{Field: "certificate", Message: i18n.T("portal.problem.cert_unread")}}
	}
	c, err := eleader.ParseCertificate(data, now)
	if err != nil {
		return []formProblem{{Field: "certificate", Message: i18n.T("portal.problem.cert_refused", hdr.Filename, certificateReason(err))}}
	}
	f.Certificate, f.CertificateFile = c.PEM(), hdr.Filename
	return nil
}

// readCorrespondences takes an uploaded correspondence table, checked
// against the matrice: every line error is a problem.
func (f *sheetForm) readCorrespondences(file multipart.File, hdr *multipart.FileHeader, m *matrice.Matrice) []formProblem {
	if hdr.Size == 0 && hdr.Filename == "" {
		return nil
	}
	if hdr.Size > maxCorrespondences {
		return []formProblem{{Field: "correspondences", Message: i18n.T("portal.problem.corr_too_large", hdr.Filename, i18n.Size(maxCorrespondences))}}
	}
	c, err := matrice.LoadCorrespondences(m, hdr.Filename, io.LimitReader(file, maxCorrespondences+1))
	if err != nil {
		var problems []formProblem
		var lerrs matrice.LoadErrors
		var lerr *matrice.LoadError
		switch {
		case errors.As(err, &lerrs):
			for _, le := range lerrs {
				problems = append(problems, correspondenceProblem(hdr.Filename, le))
			}
		case errors.As(err, &lerr):
			problems = append(problems, correspondenceProblem(hdr.Filename, lerr))
		default:
			problems = append(problems, formProblem{Field: "correspondences", Message: i18n.T("portal.problem.corr_unread", hdr.Filename, err.Error())})
		}
		return problems
	}
	b, _ := json.Marshal(c.Entries())
	f.Correspondences, f.CorrespondencesFile = string(b), hdr.Filename
	return nil
}

// correspondenceProblem words a line error of a correspondence table.
func correspondenceProblem(file string, le *matrice.LoadError) formProblem {
	where := []any{i18n.T("portal.problem.corr_file", file)}
	if le.Line > 0 {
		where = append(where, i18n.T("portal.problem.corr_line", le.Line))
	}
	if le.Column != "" {
		where = append(where, i18n.T("portal.problem.corr_column", le.Column))
	}
	return formProblem{Field: "correspondences", Message: i18n.T("portal.problem.corr", i18n.Join("", where...), le.Msg)}
}

// certView is a certificate's analysis, as the pages show it.
type certView struct {
	Subject, Issuer, Serial, From, To string
	KeyUsage, ExtKeyUsage             string
	Chain                             []string
	SHA256                            string
	// Refused says why the certificate would be refused now, the zero
	// Text when it is accepted.
	Refused i18n.Text
}

// analyse returns the analysis of a certificate's PEM at now, nil when
// there is none (or it does not parse).
func analyse(pemText string, now time.Time, loc *time.Location) *certView {
	if pemText == "" {
		return nil
	}
	c, err := eleader.ParseCertificate([]byte(pemText), now)
	if c == nil {
		return &certView{Refused: certificateReason(err)}
	}
	info := c.Info()
	v := &certView{
		Subject: info.Subject, Issuer: info.Issuer, Serial: info.Serial, SHA256: info.SHA256, Chain: info.Chain,
		From: info.NotBefore.In(loc).Format("02/01/2006 15:04"), To: info.NotAfter.In(loc).Format("02/01/2006 15:04"),
		KeyUsage: strings.Join(info.KeyUsage, ", "), ExtKeyUsage: strings.Join(info.ExtKeyUsage, ", "),
	}
	if err != nil {
		v.Refused = certificateReason(err)
	}
	return v
}

// sshKeyView is an SSH key of a sheet, as the pages show it: its
// fingerprint (the one ssh-keygen -l prints), type, size and comment, or,
// for a line refused, why.
type sshKeyView struct {
	Fingerprint, Type, Comment string
	Bits                       int
	// Line is the line as typed, shown when it is refused.
	Line    string
	Refused i18n.Text
}

// sshKeyViews describes the keys of a sheet in its order.
func sshKeyViews(lines []string) []sshKeyView {
	out := make([]sshKeyView, 0, len(lines))
	for _, line := range lines {
		k, err := eleader.ParseSSHKey(line)
		if err != nil {
			out = append(out, sshKeyView{Line: line, Refused: sshKeyReason(err)})
			continue
		}
		out = append(out, sshKeyView{Fingerprint: k.Fingerprint, Type: k.Type, Bits: k.Bits, Comment: k.Comment})
	}
	return out
}

// correspondenceRows returns a form's correspondence table, to show.
func (f *sheetForm) correspondenceRows() []matrice.Correspondence {
	var entries []matrice.Correspondence
	if f.Correspondences != "" {
		json.Unmarshal([]byte(f.Correspondences), &entries)
	}
	return entries
}

// formPage is what the sheet's form shows.
type formPage struct {
	Form sheetForm
	// New is a creation: Choices are the identifiers the person may
	// create a sheet for.
	New     bool
	Choices []string
	Status  eleader.SheetStatus
	// Active: the edit of an active sheet, which a confirmation precedes.
	Active          bool
	Problems        []formProblem
	Todo            []formProblem // what a draft still misses, to submit
	Certificate     *certView
	Correspondences []matrice.Correspondence
	SSHKeys         []sshKeyView
	Analysed        bool // the page answers "Analyser le(s) certificat(s)"
	Action          string
	Channels        []eleader.Channel
	// certTaken is the save's refusal of a certificate another partner's
	// sheet holds, found at analysis: a problem of the form when analysing.
	certTaken []formProblem
}

// Invalid marks the input of a field in error, for assistive technologies.
func (p *formPage) Invalid(field string) template.HTMLAttr {
	for _, pr := range p.Problems {
		if fieldKey(pr.Field) == field {
			return template.HTMLAttr(` aria-invalid="true" aria-errormessage="erreur-` + fieldID(field) + `"`)
		}
	}
	return ""
}

// ErrorsOf returns the problems of a field.
func (p *formPage) ErrorsOf(field string) []i18n.Text {
	var out []i18n.Text
	for _, pr := range p.Problems {
		if fieldKey(pr.Field) == field {
			out = append(out, pr.Message)
		}
	}
	return out
}

// ProblemID is the input a problem's link goes to.
func (p *formPage) ProblemID(pr formProblem) string { return fieldID(pr.Field) }

// ChannelChecked reports whether the form checks a channel.
func (p *formPage) ChannelChecked(c eleader.Channel) bool { return slices.Contains(p.Form.Channels, c) }
