package eleader

import (
	"errors"
	"fmt"
)

// Error codes of user-facing errors. The HTTP adapter maps them to status
// codes in one table.
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
