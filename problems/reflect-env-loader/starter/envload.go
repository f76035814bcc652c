// Package envload fills a configuration struct from environment variables
// named in struct tags.
package envload

import (
	"errors"
	"fmt"
)

// Errors wrapped by Load's errors; test them with errors.Is.
var (
	ErrInvalidTarget = errors.New("envload: target must be a non-nil pointer to a struct")
	ErrMissing       = errors.New("required variable is not set")
	ErrParse         = errors.New("cannot parse value")
	ErrUnsupported   = errors.New("unsupported field type")
)

// FieldError reports which field and variable a failure is about.
type FieldError struct {
	Path string // Go field path from the top struct, e.g. "DB.Port"
	Var  string // the variable named in the tag, e.g. "DB_PORT"
	Err  error  // wraps ErrMissing, ErrParse or ErrUnsupported
}

// Error implements the error interface.
func (e *FieldError) Error() string {
	return fmt.Sprintf("envload: %s (%s): %v", e.Path, e.Var, e.Err)
}

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

// Load sets the fields of the struct dst points to from the variables that
// lookup returns (os.LookupEnv in production). It stops at the first error.
func Load(dst any, lookup func(string) (string, bool)) error {
	// TODO: implement with the reflect package.
	return nil
}
