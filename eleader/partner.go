package eleader

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/go-playground/validator/v10"
)

// Channel is a way a partner sends its files.
type Channel string

// The channels of spec §8.
const (
	ChannelAPI  Channel = "api"  // the upload API, from the partner's information system
	ChannelWeb  Channel = "web"  // the web deposit page
	ChannelSFTP Channel = "sftp" // E#L's SFTP server, with an SSH key of the sheet
)

// ChannelDepot is the former name of ChannelSFTP.
//
// Deprecated: use ChannelSFTP. The value "depot" is still accepted as input
// (command line, sheets export) and read as "sftp"; stored sheets were
// migrated.
const ChannelDepot = ChannelSFTP

// channelAliases maps former channel names to the current ones.
var channelAliases = map[Channel]Channel{"depot": ChannelSFTP}

// normalizeChannel returns a channel in lower case, former names replaced
// by the current ones ("depot" → "sftp").
func normalizeChannel(c Channel) Channel {
	c = Channel(strings.ToLower(strings.TrimSpace(string(c))))
	if to, ok := channelAliases[c]; ok {
		return to
	}
	return c
}

// ParseChannel reads a channel as a person types it: case and spaces do not
// matter, and former names are accepted ("depot" is read as "sftp"). An
// unknown channel is an *Error EINVALID listing the channels.
func ParseChannel(s string) (Channel, error) {
	c := normalizeChannel(Channel(s))
	if !slices.Contains(Channels, c) {
		return c, Errorf(EINVALID, "%q is not a channel: api, web or sftp", s)
	}
	return c, nil
}

// Channels lists every channel.
var Channels = []Channel{ChannelAPI, ChannelWeb, ChannelSFTP}

// Environment is where a partner's files go: qualification (checked and
// reported, never consolidated) or production.
type Environment string

// The environments.
const (
	Qualification Environment = "qualification"
	Production    Environment = "production"
)

// Contact is a partner's technical contact: the person E#L's support calls.
type Contact struct {
	Name  string `json:"name" validate:"required,max=200"`
	Phone string `json:"phone" validate:"required,tel"`
	Email string `json:"email" validate:"required,email,max=254"`
}

// ConnectionSheet is a partner's connection sheet (fiche de raccordement,
// spec §8): who the partner is, what it may send, how its files are judged
// and where its reports go.
type ConnectionSheet struct {
	// Partner is the identifier files carry: [a-z0-9][a-z0-9_-]{1,62}.
	Partner string `json:"partner" validate:"required,partnerid"`
	// Name is the organisation's name.
	Name string `json:"name" validate:"required,max=200"`
	// Operators are its operator codes, four characters A-Z 0-9 each; no two
	// partners share one.
	Operators []string `json:"operators" validate:"required,min=1,unique,dive,opercode"`
	// Channels are the ways it sends files.
	// "depot", the former name of "sftp", is read as "sftp".
	Channels []Channel `json:"channels" validate:"required,min=1,unique,dive,oneof=api web sftp"`
	// Mode is partial (bad lines skipped, the default) or complete (one bad
	// line rejects the file).
	Mode importer.Mode `json:"mode" validate:"required,oneof=partial complete"`
	// Environment is qualification or production; production needs a
	// successful qualification import first.
	Environment Environment `json:"environment" validate:"required,oneof=qualification production"`
	// Contact is the technical contact.
	Contact Contact `json:"contact"`
	// ReportRecipients receive the import reports; empty means the contact.
	ReportRecipients []string `json:"reportRecipients" validate:"unique,dive,email,max=254"`
	// Correspondences map the partner's ENUM and BOOL values to the matrice's.
	Correspondences []matrice.Correspondence `json:"correspondences"`
	// Certificate is the optional client certificate and its chain, PEM.
	Certificate string `json:"certificate"`
	// SSHKeys are the public keys, one authorized_keys line each ("TYPE
	// BASE64 [COMMENT]", no options), with which the partner's systems log
	// in to the SFTP server (channel sftp); at most MaxSSHKeys. ParseSSHKey
	// checks one and gives its fingerprint.
	SSHKeys []string `json:"sshKeys,omitempty"`
	// Comments put the sheet in context.
	Comments string `json:"comments" validate:"max=4000"`
}

// Recipients returns where reports go: ReportRecipients, or the contact.
func (s *ConnectionSheet) Recipients() []string {
	if len(s.ReportRecipients) > 0 {
		return slices.Clone(s.ReportRecipients)
	}
	return []string{s.Contact.Email}
}

// normalize trims the sheet's values and sorts its sets, so that equal
// sheets compare equal.
func (s *ConnectionSheet) normalize() {
	s.Partner = strings.TrimSpace(s.Partner)
	s.Name = strings.TrimSpace(s.Name)
	for i, c := range s.Operators {
		s.Operators[i] = strings.ToUpper(strings.TrimSpace(c))
	}
	for i, c := range s.Channels {
		s.Channels[i] = normalizeChannel(c)
	}
	s.normalizeSSHKeys()
	for i, r := range s.ReportRecipients {
		s.ReportRecipients[i] = strings.TrimSpace(r)
	}
	s.Contact.Name = strings.TrimSpace(s.Contact.Name)
	s.Contact.Phone = strings.TrimSpace(s.Contact.Phone)
	s.Contact.Email = strings.TrimSpace(s.Contact.Email)
	s.Comments = strings.TrimSpace(strings.ReplaceAll(s.Comments, "\r\n", "\n"))
	if s.Mode == "" {
		s.Mode = importer.ModePartial
	}
	if s.Environment == "" {
		s.Environment = Qualification
	}
}

// FieldError is one problem of a connection sheet, naming its field as the
// JSON and the command line name it ("contact.email", "operators[1]").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// SheetErrors are every problem of a connection sheet.
type SheetErrors []FieldError

func (l SheetErrors) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return "the connection sheet is not valid: " + strings.Join(parts, "; ")
}

// sheetValidator checks connection sheets' struct tags; built once, shared.
var sheetValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		return strings.Split(f.Tag.Get("json"), ",")[0]
	})
	must := func(err error) {
		if err != nil {
			panic(err) // a mistake in the tags above, caught by every test
		}
	}
	must(v.RegisterValidation("partnerid", func(fl validator.FieldLevel) bool { return importer.ValidPartner(fl.Field().String()) }))
	must(v.RegisterValidation("opercode", func(fl validator.FieldLevel) bool { return validOperator(fl.Field().String()) }))
	must(v.RegisterValidation("tel", func(fl validator.FieldLevel) bool { return validPhone(fl.Field().String()) }))
	return v
})

// validOperator reports whether s is an operator code: four characters A-Z 0-9.
func validOperator(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// validPhone accepts a French number (0X XX XX XX XX, +33 …) or an
// international one: + and 8 to 15 digits, spaces, dots and dashes ignored.
func validPhone(s string) bool {
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0, c == ' ', c == '.', c == '-':
		default:
			return false
		}
	}
	if strings.HasPrefix(s, "+") {
		return digits >= 8 && digits <= 15
	}
	return digits == 10 && strings.HasPrefix(s, "0")
}

// Validate checks the sheet on its own: its fields' formats and what it
// requires, its correspondence tables against m, its certificate (parsed
// and checked at now). It returns SheetErrors, or nil.
func (s *ConnectionSheet) Validate(m *matrice.Matrice, now time.Time) error {
	s.normalize()
	var errs SheetErrors
	if err := sheetValidator().Struct(s); err != nil {
		if verrs, ok := err.(validator.ValidationErrors); ok {
			for _, fe := range verrs {
				errs = append(errs, sheetFieldError(fe))
			}
		} else {
			errs = append(errs, FieldError{Field: "sheet", Message: err.Error()})
		}
	}
	if len(s.Correspondences) > 0 {
		if _, err := matrice.NewCorrespondences(m, s.Correspondences); err != nil {
			var lerrs matrice.LoadErrors
			if errors.As(err, &lerrs) {
				for _, le := range lerrs {
					errs = append(errs, FieldError{Field: fmt.Sprintf("correspondences[%d]", le.Field), Message: columnMessage(le)})
				}
			} else {
				errs = append(errs, FieldError{Field: "correspondences", Message: err.Error()})
			}
		}
	}
	if s.Certificate != "" {
		if _, err := ParseCertificate([]byte(s.Certificate), now); err != nil {
			errs = append(errs, FieldError{Field: "certificate", Message: err.Error()})
		}
	}
	errs = append(errs, s.validateSSHKeys()...)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func columnMessage(le *matrice.LoadError) string {
	if le.Column == "" {
		return le.Msg
	}
	return le.Column + ": " + le.Msg
}

// sheetFieldError words a validator failure for a person.
func sheetFieldError(fe validator.FieldError) FieldError {
	field := strings.TrimPrefix(fe.Namespace(), "ConnectionSheet.")
	value := fmt.Sprint(fe.Value())
	msg := ""
	switch fe.Tag() {
	case "required":
		msg = "is required"
	case "min":
		msg = "needs at least " + fe.Param()
	case "max":
		msg = "is longer than " + fe.Param() + " characters"
	case "unique":
		msg = "lists a value twice"
	case "email":
		msg = fmt.Sprintf("%q is not an email address", value)
	case "tel":
		msg = fmt.Sprintf("%q is not a phone number (10 digits starting with 0, or + and 8 to 15 digits)", value)
	case "partnerid":
		msg = fmt.Sprintf("%q is not an identifier: 2 to 63 characters, a-z 0-9 _ and -, starting with a letter or digit", value)
	case "opercode":
		msg = fmt.Sprintf("%q is not an operator code: four characters A-Z or 0-9", value)
	case "oneof":
		msg = fmt.Sprintf("%q is not one of %s", value, strings.ReplaceAll(fe.Param(), " ", ", "))
	default:
		msg = "fails " + fe.Tag()
	}
	return FieldError{Field: field, Message: msg}
}

// SheetStatus is the status of a connection sheet (spec §8, after Chorus Pro).
type SheetStatus string

// The statuses of a connection sheet.
const (
	StatusDraft       SheetStatus = "BROUILLON"   // being written; not judged yet
	StatusSent        SheetStatus = "ENVOYEE"     // submitted, waiting for processing
	StatusActive      SheetStatus = "ACTIVEE"     // in force: its token works
	StatusDeactivated SheetStatus = "DESACTIVEE"  // stopped by E#L
	StatusSentUpdate  SheetStatus = "ENVOYEE_MAJ" // an active sheet edited, waiting for processing
)

// Statuses lists every status.
var Statuses = []SheetStatus{StatusDraft, StatusSent, StatusActive, StatusDeactivated, StatusSentUpdate}

// transitions is the one table of allowed status changes: from → to. A
// status not listed as its own target cannot be edited in place.
var transitions = map[SheetStatus][]SheetStatus{
	StatusDraft:       {StatusDraft, StatusSent},                           // edit, submit
	StatusSent:        {StatusSent, StatusActive},                          // edit, activate
	StatusActive:      {StatusSentUpdate, StatusDeactivated},               // edit, deactivate
	StatusDeactivated: {StatusActive},                                      // reactivate
	StatusSentUpdate:  {StatusSentUpdate, StatusActive, StatusDeactivated}, // edit, activate, deactivate
}

// CanMove reports whether a sheet may go from one status to another (the
// same status: an edit in place).
func CanMove(from, to SheetStatus) bool { return slices.Contains(transitions[from], to) }

// checkMove returns an *Error ECONFLICT for a change the table forbids.
func checkMove(id string, from, to SheetStatus) error {
	if CanMove(from, to) {
		return nil
	}
	if from == to {
		return Errorf(ECONFLICT, "the connection sheet of %s is %s: it cannot be edited in that status", id, from)
	}
	return Errorf(ECONFLICT, "the connection sheet of %s cannot go from %s to %s (allowed from %s: %s)", id, from, to, from, statusList(transitions[from]))
}

func statusList(l []SheetStatus) string {
	s := make([]string, len(l))
	for i, x := range l {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// Transition is one entry of a sheet's history: a change of status (or, when
// From equals To, an edit or a processing note), who made it, when and why.
type Transition struct {
	At      time.Time   `json:"at"`
	By      string      `json:"by"`
	From    SheetStatus `json:"from"`
	To      SheetStatus `json:"to"`
	Comment string      `json:"comment"`
}

// Partner is a partner of E#L: its connection sheet, the sheet's status, and
// what it has earned (a passed qualification, a token).
type Partner struct {
	Sheet  ConnectionSheet `json:"sheet"`
	Status SheetStatus     `json:"status"`
	// QualifiedAt is when a qualification import passed: no file error, no
	// rejected line. Zero when none has.
	QualifiedAt time.Time `json:"qualifiedAt"`
	// Token describes the partner's token (never its secret); nil when none.
	Token   *TokenInfo `json:"token"`
	Created time.Time  `json:"created"`
	Updated time.Time  `json:"updated"`
	// Version counts the partner's changes; stores use it to refuse a change
	// made on a stale copy.
	Version int64 `json:"version"`
}

// ID returns the partner's identifier.
func (p *Partner) ID() string { return p.Sheet.Partner }

// Qualified reports whether a qualification import passed.
func (p *Partner) Qualified() bool { return !p.QualifiedAt.IsZero() }

// TokenInfo describes a partner's current token.
type TokenInfo struct {
	// ID is the token's public prefix, which finds it without scanning.
	ID      string    `json:"id"`
	Issued  time.Time `json:"issued"`
	Revoked bool      `json:"revoked"`
}
