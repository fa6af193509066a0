package eleader

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes of user-facing errors. HTTPStatus maps them to the statuses
// of the API, in one table.
const (
	EINVALID      = "invalid"      // bad input: says what to fix
	ENOTFOUND     = "not_found"    // no such dossier, partner, file …
	ECONFLICT     = "conflict"     // already exists, or a state that forbids it
	EUNAUTHORIZED = "unauthorized" // no credentials, or bad ones
	EFORBIDDEN    = "forbidden"    // credentials of someone else
	ETOOLARGE     = "too_large"    // a body beyond the configured limit
	EUNSUPPORTED  = "unsupported"  // a content type or format not accepted
	EBADNAME      = "bad_name"     // a file name that is not AAAAMMDD-IDENTIFIANT.csv (or .xlsx)
	EREJECTED     = "rejected"     // a file refused at its deposit by file errors (*Rejection)
	ERATELIMIT    = "rate_limited" // too many requests: the cause, a *RateLimitError, says when to retry
	EINTERNAL     = "internal"     // a fault of ours; details are logged, not shown
)

// httpStatuses maps the error codes to the statuses the API answers: the
// one table, which adapters/httpapi serves and by which every channel's
// uploads are counted (Metrics.Upload).
var httpStatuses = map[string]int{
	EINVALID:      http.StatusBadRequest,
	EUNAUTHORIZED: http.StatusUnauthorized,
	EFORBIDDEN:    http.StatusForbidden,
	ENOTFOUND:     http.StatusNotFound,
	ECONFLICT:     http.StatusConflict,
	ETOOLARGE:     http.StatusRequestEntityTooLarge,
	EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	EBADNAME:      http.StatusUnprocessableEntity,
	EREJECTED:     http.StatusUnprocessableEntity,
	ERATELIMIT:    http.StatusTooManyRequests,
	EINTERNAL:     http.StatusInternalServerError,
}

// HTTPStatus returns the HTTP status the API answers for an error code
// (400 invalid, 404 not_found, 422 bad_name and rejected, 429
// rate_limited …), and 500 for a code it does not know. An SFTP deposit is
// counted with the status the API would give it.
func HTTPStatus(code string) int {
	if s, ok := httpStatuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error is an error meant for the user: a code and a message saying what is
// wrong and how to fix it.
type Error struct {
	Code    string
	Message string
	// Err, if set, is the cause, for errors.As (e.g. an
	// *importer.FileNameError under EBADNAME); Message already says it.
	Err error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of code with a formatted message.
func Errorf(code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any
// other error, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the *Error in err's chain, or a generic
// message for an internal error (whose details must not reach users).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
