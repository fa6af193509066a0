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
	// Check is the rule that failed, for an adapter to word it in its own
	// language: required, min, max, unique, email, tel, partnerid,
	// opercode, oneof (Param and Value say more), certificate (Err is the
	// *CertificateError), correspondences (Message says it), sshkey (Err
	// is the *SSHKeyError), sshkey_dup (Param is the index of the same key
	// earlier, Value its fingerprint), sshkeys_max (Param the most, Value
	// how many).
	Check string `json:"check,omitempty"`
	// Param is the rule's parameter (a length, a count).
	Param string `json:"-"`
	// Value is the value at fault.
	Value string `json:"-"`
	// Err is the cause, when there is one.
	Err error `json:"-"`
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
					errs = append(errs, FieldError{Field: fmt.Sprintf("correspondences[%d]", le.Field), Message: columnMessage(le), Check: "correspondences"})
				}
			} else {
				errs = append(errs, FieldError{Field: "correspondences", Message: err.Error(), Check: "correspondences"})
			}
		}
	}
	if s.Certificate != "" {
		if _, err := ParseCertificate([]byte(s.Certificate), now); err != nil {
			errs = append(errs, FieldError{Field: "certificate", Message: err.Error(), Check: "certificate", Err: err})
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
	return FieldError{Field: field, Message: msg, Check: fe.Tag(), Param: fe.Param(), Value: value}
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

// Role is who changes a sheet's status, for the transition table: E#L
// (the command line, the runs, an operator in the console) or a partner's
// person signed in to the portal with the right modification.
type Role string

// The roles of the transition table.
const (
	RoleEL      Role = "el"      // E#L: the CLI, the runs, operators
	RolePartner Role = "partner" // a partner's person (right modification)
)

// move is one allowed change of the transition table: its target, and
// whether a partner's person may make it (E#L may make every one).
type move struct {
	to      SheetStatus
	partner bool
}

// transitions is the one table of allowed status changes: from → to, and
// who may make each. A status listed as its own target can be edited in
// place. Partners' people edit and submit drafts and edit active sheets;
// everything else is E#L's: a sent sheet is read-only for the partner (as
// in seed 004: "Envoyée" sheets are consulted), and E#L may still edit it,
// or edit a deactivated sheet in place (a deactivated production sheet
// without a qualification goes back to qualification that way).
var transitions = map[SheetStatus][]move{
	StatusDraft:       {{StatusDraft, true}, {StatusSent, true}},                                      // edit, submit
	StatusSent:        {{StatusSent, false}, {StatusActive, false}},                                   // edit, activate
	StatusActive:      {{StatusSentUpdate, true}, {StatusDeactivated, false}},                         // edit, deactivate
	StatusDeactivated: {{StatusDeactivated, false}, {StatusActive, false}},                            // edit, reactivate
	StatusSentUpdate:  {{StatusSentUpdate, false}, {StatusActive, false}, {StatusDeactivated, false}}, // edit, activate, deactivate
}

// CanMove reports whether a sheet may go from one status to another (the
// same status: an edit in place), for E#L.
func CanMove(from, to SheetStatus) bool { return CanMoveAs(from, to, RoleEL) }

// CanMoveAs reports whether role may move a sheet from one status to
// another.
func CanMoveAs(from, to SheetStatus, role Role) bool {
	for _, m := range transitions[from] {
		if m.to == to {
			return role == RoleEL || (role == RolePartner && m.partner)
		}
	}
	return false
}

// EditStatus is the status an edit leaves a sheet in: an active sheet
// becomes ENVOYEE_MAJ (its token stops until processed), any other keeps
// its status.
func EditStatus(from SheetStatus) SheetStatus {
	if from == StatusActive {
		return StatusSentUpdate
	}
	return from
}

// CanEdit reports whether role may edit a sheet in status (the table's
// move to EditStatus).
func CanEdit(status SheetStatus, role Role) bool { return CanMoveAs(status, EditStatus(status), role) }

// CanDelete reports whether a sheet in status may be deleted: only a draft
// (BROUILLON), by E#L or a partner's person with the right modification.
func CanDelete(status SheetStatus) bool { return status == StatusDraft }

// targets lists the statuses role may move a sheet to from from.
func targets(from SheetStatus, role Role) []SheetStatus {
	var out []SheetStatus
	for _, m := range transitions[from] {
		if CanMoveAs(from, m.to, role) {
			out = append(out, m.to)
		}
	}
	return out
}

// checkMove returns an *Error ECONFLICT for a change the table forbids to
// role, or an *Error EFORBIDDEN for a change only E#L may make.
func checkMove(id string, from, to SheetStatus, role Role) error {
	if CanMoveAs(from, to, role) {
		return nil
	}
	if CanMove(from, to) {
		if from == to {
			return &Error{Code: EFORBIDDEN, Err: ErrELOnly, Message: fmt.Sprintf("the connection sheet of %s is %s: only E#L may edit it in that status", id, from)}
		}
		return &Error{Code: EFORBIDDEN, Err: ErrELOnly, Message: fmt.Sprintf("the connection sheet of %s goes from %s to %s by E#L only", id, from, to)}
	}
	if from == to {
		return Errorf(ECONFLICT, "the connection sheet of %s is %s: it cannot be edited in that status", id, from)
	}
	return Errorf(ECONFLICT, "the connection sheet of %s cannot go from %s to %s (allowed from %s: %s)", id, from, to, from, statusList(targets(from, RoleEL)))
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
	Token *TokenInfo `json:"token"`
	// Reveal, when not nil, says that a new token waits to be revealed by
	// one of the partner's people in the portal (no token exists yet).
	Reveal  *TokenReveal `json:"reveal,omitempty"`
	Created time.Time    `json:"created"`
	Updated time.Time    `json:"updated"`
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
