package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
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
// says what to fix.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// FileErrors are, for a file refused at its deposit (code rejected),
	// its file errors as the importer gives them (spec §9:
	// {"code","message"}, the message in English, as eleader validate
	// prints it); Message says them in French.
	FileErrors []importer.FileError `json:"fileErrors,omitempty"`

	file string // the file refused, for the web page

	retryAfter time.Duration // a 429's Retry-After
}

func (p *Problem) Error() string { return p.Message }

// problem returns a Problem of code with a formatted message.
func problem(code, format string, a ...any) *Problem {
	return &Problem{Code: code, Message: fmt.Sprintf(format, a...)}
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
// says what and when to retry (in French, "dans 12 minutes").
func tooMany(retry time.Duration, format string, a ...any) *Problem {
	p := problem(eleader.ERATELIMIT, format, a...)
	p.Message += " Réessayez dans " + frenchDuration(retry) + "."
	p.retryAfter = retry
	return p
}

// frenchDuration writes a wait for people: "45 secondes", "12 minutes".
func frenchDuration(d time.Duration) string {
	switch s := int(math.Ceil(d.Seconds())); {
	case s <= 1:
		return "1 seconde"
	case s < 60:
		return fmt.Sprintf("%d secondes", s)
	case s < 120:
		return "1 minute"
	default:
		return fmt.Sprintf("%d minutes", (s+59)/60)
	}
}

// french returns the Problem of a service error, in French. An internal
// error's details never reach the client: the caller logs them.
func french(err error) *Problem {
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
		return problem(code, "Erreur interne du service E#L : réessayez plus tard ; si elle persiste, contactez E#L.")
	case eleader.ERATELIMIT:
		retry, _ := eleader.RetryAfter(err)
		return tooMany(retry, "Trop de demandes.")
	}
	// The service's message is precise and names what is wrong; the
	// API answers in French, so the common cases are said again.
	return problem(code, "%s", eleader.ErrorMessage(err))
}

// unauthorized says why a token does not authenticate.
func unauthorized(err error) *Problem {
	const code = eleader.EUNAUTHORIZED
	switch {
	case errors.Is(err, errNoCredentials):
		return problem(code, `Le jeton d'authentification est absent : ajoutez l'en-tête "Authorization: fmetoken token=VOTRE_JETON" avec le jeton fourni par E#L.`)
	case errors.Is(err, eleader.ErrTokenMalformed), errors.Is(err, errBadScheme):
		return problem(code, `L'en-tête Authorization est mal formé : il doit être exactement "fmetoken token=VOTRE_JETON", le jeton commençant par "elt_".`)
	case errors.Is(err, eleader.ErrTokenRevoked):
		return problem(code, "Ce jeton a été révoqué : demandez un nouveau jeton à E#L.")
	case errors.Is(err, eleader.ErrSheetInactive):
		return problem(code, "La fiche de raccordement de ce jeton n'est pas active (ACTIVEE) : le jeton ne fonctionne pas tant qu'E#L ne l'a pas (ré)activée.")
	case errors.Is(err, errCertificate):
		return problem(code, "Le certificat client présenté ne correspond à aucune fiche de raccordement active, ou n'est pas en cours de validité.")
	case errors.Is(err, errSession):
		return problem(code, "Votre session a expiré ou n'est plus valide : reconnectez-vous avec votre jeton.")
	}
	return problem(code, "Le jeton d'authentification est invalide : vérifiez qu'il est recopié en entier, ou demandez-en un nouveau à E#L.")
}

// Causes of an unauthenticated request found by the API itself.
var (
	errNoCredentials = errors.New("no credentials")
	errBadScheme     = errors.New("not the fmetoken scheme")
	errCertificate   = errors.New("client certificate not accepted")
	errSession       = errors.New("no valid session")
)

// nomenclature is the reminder of the file names' rule.
const nomenclature = "AAAAMMJJ-IDENTIFIANT_DU_PARTENAIRE.csv, ou .xlsx pour un classeur Excel (par exemple 20261116-adie.csv)"

// badName says what is wrong with a file name.
func badName(err error) *Problem {
	const code = eleader.EBADNAME
	var fe *importer.FileNameError
	if !errors.As(err, &fe) {
		return problem(code, "Le nom du fichier est invalide : il doit être %s.", nomenclature)
	}
	name := importer.CutName(fe.Name) // never echo a 60 KB name
	switch fe.Problem {
	case importer.NameMissing:
		return problem(code, `Le nom du fichier est manquant : envoyez l'en-tête "Content-Disposition: attachment; filename=\"%s\"".`, "AAAAMMJJ-IDENTIFIANT_DU_PARTENAIRE.csv")
	case importer.NamePath:
		return problem(code, "Le nom du fichier %q est invalide : donnez le nom seul, sans répertoire ni caractère de contrôle, de la forme %s.", name, nomenclature)
	case importer.NameWorkbook:
		return problem(code, "Le fichier %q n'est pas dans un format accepté : enregistrez-le comme « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) », sous un nom de la forme %s.", name, nomenclature)
	case importer.NameExtension:
		return problem(code, "Le nom du fichier %q est invalide : l'extension doit être .csv (ou .xlsx pour un classeur), en minuscules ; le nom doit être de la forme %s.", name, nomenclature)
	case importer.NameDate:
		return problem(code, "Le nom du fichier %q est invalide : il doit commencer par la date de l'export, AAAAMMJJ (une date qui existe), suivie d'un tiret ; forme attendue %s.", name, nomenclature)
	case importer.NamePartner:
		return problem(code, "Le nom du fichier %q est invalide : l'identifiant du partenaire, après le tiret, doit compter 2 à 63 caractères parmi a-z, 0-9, _ et -, et commencer par une lettre ou un chiffre ; forme attendue %s.", name, nomenclature)
	}
	return problem(code, "Le nom du fichier %q est invalide : il doit être de la forme %s.", name, nomenclature)
}
