package store

import (
	"errors"
	"fmt"

	"github.com/goprep/goprep"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// constraint classifies a database error.
type constraint int

const (
	noConstraint constraint = iota
	uniqueViolation
	foreignKeyViolation
	checkViolation
)

// classify reports which constraint, if any, err violated, on either dialect.
func classify(err error) constraint {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return uniqueViolation
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return foreignKeyViolation
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return checkViolation
		}
		return noConstraint
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return uniqueViolation
		case "23503":
			return foreignKeyViolation
		case "23514", "23502":
			return checkViolation
		}
	}
	return noConstraint
}

// dbError turns a database error into a domain error. what names the thing
// ("user", "problem \"x\"") for the messages a client may see; op says what was
// being done, for the log.
func dbError(err error, op, what string) error {
	if err == nil {
		return nil
	}
	var ge *goprep.Error
	if errors.As(err, &ge) {
		return err
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return goprep.Errorf(goprep.ENOTFOUND, "%s not found", what)
	}
	switch classify(err) {
	case uniqueViolation:
		return goprep.Errorf(goprep.ECONFLICT, "%s already exists", what)
	case foreignKeyViolation:
		return goprep.Errorf(goprep.EINVALID, "%s refers to something that does not exist", what)
	case checkViolation:
		return goprep.Errorf(goprep.EINVALID, "%s has an invalid or missing value", what)
	}
	return fmt.Errorf("%s: %w", op, err)
}
