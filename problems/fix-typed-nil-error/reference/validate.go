// Package validate checks user records before they are stored.
package validate

import (
	"errors"
	"fmt"
	"strings"
)

// User is the record being validated.
type User struct {
	Name  string
	Email string
	Age   int
}

// ValidationError names the first field of a User that is not valid.
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements the error interface.
func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason }

// check returns the first problem with u, or nil.
func check(u User) *ValidationError {
	switch {
	case u.Name == "":
		return &ValidationError{Field: "Name", Reason: "must not be empty"}
	case !strings.Contains(u.Email, "@"):
		return &ValidationError{Field: "Email", Reason: "must contain @"}
	case u.Age < 0 || u.Age > 150:
		return &ValidationError{Field: "Age", Reason: "must be between 0 and 150"}
	}
	return nil
}

// Validate returns nil if u is valid, otherwise a *ValidationError.
func Validate(u User) error {
	// Returning check(u) directly would turn a nil *ValidationError into a
	// non-nil error interface holding a nil pointer.
	if e := check(u); e != nil {
		return e
	}
	return nil
}

// Register validates u and wraps a failure with the user's name.
func Register(u User) error {
	if err := Validate(u); err != nil {
		return fmt.Errorf("register %q: %w", u.Name, err)
	}
	return nil
}

// ValidateAll returns nil if every user is valid, otherwise every failure
// joined with errors.Join.
func ValidateAll(users []User) error {
	var errs []error
	for _, u := range users {
		if e := check(u); e != nil {
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}
