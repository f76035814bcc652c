package goprep

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to exactly one HTTP status in server/errors.go; the
// domain never speaks HTTP.
const (
	ECONFLICT     = "conflict"     // a unique value is taken, or a version check failed
	EINTERNAL     = "internal"     // a bug or an outage; the message never reaches a client
	EINVALID      = "invalid"      // the request is malformed or fails validation
	ENOTFOUND     = "not_found"    // the thing does not exist (or the caller may not know it does)
	EUNAUTHORIZED = "unauthorized" // no credentials, or credentials that are wrong or expired
	EFORBIDDEN    = "forbidden"    // authenticated, but the role or scope does not allow it
	ETOOLARGE     = "too_large"    // a body, a file or a field is over its limit
	ERATELIMIT    = "rate_limited" // too many attempts; retry after a while
	EUNAVAILABLE  = "unavailable"  // the service is overloaded or not ready; retry later
	EUNSUPPORTED  = "unsupported"  // media type or feature not supported
	EGONE         = "gone"         // the thing existed but is closed (e.g. an assignment past its deadline)
)

// Error is a domain error: a machine-readable code and a message that is safe
// to show to a user.
type Error struct {
	Code    string
	Message string
	// RetryAfter, when set, tells the client how many seconds to wait (rate
	// limits, back-pressure).
	RetryAfter int
	// Fields names the invalid fields of a request, field -> problem.
	Fields map[string]string
}

// Error implements the error interface: the message, which is meant for
// people (ErrorCode gives the code).
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
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

// ErrorMessage returns the user-facing message of err: the message of the
// first *Error in its chain, or "Internal error." for anything else.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
