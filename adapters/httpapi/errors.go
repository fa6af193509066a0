package httpapi

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// statuses maps the API's own error codes to HTTP statuses; the
// service's codes are eleader.HTTPStatus's (the one table).
var statuses = map[string]int{
	codeMethod:      http.StatusMethodNotAllowed,
	codeUnavailable: http.StatusServiceUnavailable,
}

// Codes of the API's own errors, beside the service's.
const (
	codeMethod      = "method_not_allowed"
	codeUnavailable = "unavailable"
)

// Status returns the HTTP status of an error code: the API's own, or the
// service's (eleader.HTTPStatus); 500 for an unknown code.
func Status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return eleader.HTTPStatus(code)
}

// Problem is the JSON body of every error response: a stable code (one of
// the service's: bad_name, unauthorized …) and a message, in French, that
// says what to fix. The message is an entry of the catalog (package i18n,
// keys api.*): the web pages show it in their own language (in).
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// FileErrors are, for a file refused at its deposit (code rejected),
	// its file errors as the importer gives them (spec §9:
	// {"code","message"}, the message in English, as eleader validate
	// prints it); Message says them in French.
	FileErrors []importer.FileError `json:"fileErrors,omitempty"`

	text i18n.Text // Message, to say in another language

	file string // the file refused, for the web page

	retryAfter time.Duration // a 429's Retry-After
}

func (p *Problem) Error() string { return p.Message }

// Text returns the problem's message as a text of the catalog.
func (p *Problem) Text() i18n.Text {
	if p.text.IsZero() {
		return i18n.Plain(p.Message)
	}
	return p.text
}

// in returns the problem's message in l.
func (p *Problem) in(l i18n.Lang) string {
	if p.text.IsZero() {
		return p.Message
	}
	return l.Text(p.text)
}

// problem returns a Problem of code with the catalog's entry key and its
// arguments; its Message is French, the API's language.
func problem(code, key string, a ...any) *Problem {
	return problemText(code, i18n.T(key, a...))
}

// problemText returns a Problem of code saying t.
func problemText(code string, t i18n.Text) *Problem {
	return &Problem{Code: code, Message: i18n.French.Text(t), text: t}
}

// writeJSON writes v as the JSON body of a response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeProblem writes p with the status of its code; a 429 says when to
// try again (Retry-After, whole seconds).
func writeProblem(w http.ResponseWriter, p *Problem) {
	if p.Code == eleader.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `fmetoken realm="E#L"`)
	}
	setRetryAfter(w, p)
	writeJSON(w, Status(p.Code), p)
}

// setRetryAfter sets the Retry-After header of a 429.
func setRetryAfter(w http.ResponseWriter, p *Problem) {
	if p.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(p.retryAfter.Seconds())), 10))
	}
}

// tooMany is the Problem of a refusal for too many requests: its message
// says what and when to retry ("dans 12 minutes").
func tooMany(retry time.Duration, key string, a ...any) *Problem {
	p := problemText(eleader.ERATELIMIT, i18n.T("api.retry", i18n.T(key, a...), waitText(retry)))
	p.retryAfter = retry
	return p
}

// waitText writes a wait for people: "45 secondes", "12 minutes".
func waitText(d time.Duration) i18n.Text {
	switch s := int(math.Ceil(d.Seconds())); {
	case s <= 1:
		return i18n.T("api.seconds", 1)
	case s < 60:
		return i18n.T("api.seconds", s)
	case s < 120:
		return i18n.T("api.minutes", 1)
	default:
		return i18n.T("api.minutes", (s+59)/60)
	}
}

// problemFor returns the Problem of a service error. An internal error's
// details never reach the client: the caller logs them.
func problemFor(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	code := eleader.ErrorCode(err)
	switch code {
	case eleader.EUNAUTHORIZED:
		return unauthorized(err)
	case eleader.EBADNAME:
		return badName(err)
	case eleader.EINTERNAL:
		return problem(code, "api.internal")
	case eleader.ERATELIMIT:
		retry, _ := eleader.RetryAfter(err)
		return tooMany(retry, "api.too_many_requests")
	}
	// The service's message is precise and names what is wrong; the
	// common cases are said again above, in the page's language.
	return problemText(code, i18n.Plain(eleader.ErrorMessage(err)))
}

// unauthorized says why a token does not authenticate.
func unauthorized(err error) *Problem {
	const code = eleader.EUNAUTHORIZED
	switch {
	case errors.Is(err, errNoCredentials):
		return problem(code, "api.no_credentials")
	case errors.Is(err, eleader.ErrTokenMalformed), errors.Is(err, errBadScheme):
		return problem(code, "api.malformed")
	case errors.Is(err, eleader.ErrTokenRevoked):
		return problem(code, "api.revoked")
	case errors.Is(err, eleader.ErrSheetInactive):
		return problem(code, "api.inactive")
	case errors.Is(err, errCertificate):
		return problem(code, "api.certificate")
	case errors.Is(err, errSession):
		return problem(code, "api.session")
	}
	return problem(code, "api.invalid_token")
}

// Causes of an unauthenticated request found by the API itself.
var (
	errNoCredentials = errors.New("no credentials")
	errBadScheme     = errors.New("not the fmetoken scheme")
	errCertificate   = errors.New("client certificate not accepted")
	errSession       = errors.New("no valid session")
)

// nomenclature is the reminder of the file names' rule.
var nomenclature = i18n.T("api.nomenclature")

// badName says what is wrong with a file name.
func badName(err error) *Problem {
	const code = eleader.EBADNAME
	var fe *importer.FileNameError
	if !errors.As(err, &fe) {
		return problem(code, "api.name.invalid", nomenclature)
	}
	name := importer.CutName(fe.Name) // never echo a 60 KB name
	switch fe.Problem {
	case importer.NameMissing:
		return problem(code, "api.name.missing", "AAAAMMJJ-IDENTIFIANT_DU_PARTENAIRE.csv")
	case importer.NamePath:
		return problem(code, "api.name.path", name, nomenclature)
	case importer.NameWorkbook:
		return problem(code, "api.name.workbook", name, nomenclature)
	case importer.NameExtension:
		return problem(code, "api.name.extension", name, nomenclature)
	case importer.NameDate:
		return problem(code, "api.name.date", name, nomenclature)
	case importer.NamePartner:
		return problem(code, "api.name.partner", name, nomenclature)
	}
	return problem(code, "api.name.other", name, nomenclature)
}
