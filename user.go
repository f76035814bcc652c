package goprep

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user may do. The strings are stable in the API.
type Role string

// The roles.
const (
	RoleCandidate   Role = "candidate"
	RoleInterviewer Role = "interviewer"
	RoleAdmin       Role = "admin"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleCandidate, RoleInterviewer, RoleAdmin:
		return true
	}
	return false
}

// AtLeast reports whether r has every right of min (admin ⊇ interviewer ⊇ candidate).
func (r Role) AtLeast(min Role) bool { return roleRank(r) >= roleRank(min) }

func roleRank(r Role) int {
	switch r {
	case RoleCandidate:
		return 1
	case RoleInterviewer:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// User is an account.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled,omitempty"`
	State        UserState `json:"state"` // active, or invited (no password yet)
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Password length limits. The upper bound keeps hashing cheap and bounded.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
	MaxNameLen     = 100
	MaxEmailLen    = 254
)

// NormalizeEmail lower-cases and trims an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateRegistration checks the fields of a new account.
func ValidateRegistration(email, password, name string) error {
	fields := map[string]string{}
	if err := ValidateEmail(email); err != nil {
		fields["email"] = ErrorMessage(err)
	}
	if msg := passwordProblem(password); msg != "" {
		fields["password"] = msg
	}
	name = strings.TrimSpace(name)
	if name == "" {
		fields["name"] = "is required"
	} else if msg := nameProblem(name); msg != "" {
		fields["name"] = msg
	}
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Message: "Invalid registration.", Fields: fields}
	}
	return nil
}

// ValidateAcceptance checks the fields of an accepted invitation: the
// password as at registration, and the name when one is given.
func ValidateAcceptance(password, name string) error {
	fields := map[string]string{}
	if msg := passwordProblem(password); msg != "" {
		fields["password"] = msg
	}
	if name = strings.TrimSpace(name); name != "" {
		if msg := nameProblem(name); msg != "" {
			fields["name"] = msg
		}
	}
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Message: "Invalid password or name.", Fields: fields}
	}
	return nil
}

// ValidateName checks a display name (already trimmed): valid text of at
// most MaxNameLen characters. The error is EINVALID.
func ValidateName(name string) error {
	if msg := nameProblem(name); msg != "" {
		return Errorf(EINVALID, "%s", msg)
	}
	return nil
}

func passwordProblem(password string) string {
	if n := utf8.RuneCountInString(password); n < MinPasswordLen {
		return "must be at least 10 characters"
	} else if len(password) > MaxPasswordLen {
		return "must be at most 256 bytes"
	}
	return ""
}

func nameProblem(name string) string {
	if utf8.RuneCountInString(name) > MaxNameLen || !utf8.ValidString(name) {
		return "must be valid text of at most 100 characters"
	}
	return ""
}

// ValidateEmail checks that s is a plain address (no display name).
func ValidateEmail(s string) error {
	if s == "" {
		return Errorf(EINVALID, "is required")
	}
	if len(s) > MaxEmailLen {
		return Errorf(EINVALID, "is too long")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return Errorf(EINVALID, "is not a valid email address")
	}
	return nil
}

// UserService manages accounts.
type UserService interface {
	CreateUser(ctx context.Context, u *User) error // ECONFLICT when the email is taken
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	UpdateUser(ctx context.Context, u *User) error
	ListUsers(ctx context.Context, p Page) ([]*User, string, int64, error)
}
