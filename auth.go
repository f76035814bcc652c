package goprep

import (
	"context"
	"slices"
	"time"
)

// RefreshToken is a long-lived, single-use credential. Only its SHA-256 hash
// is stored. Tokens issued by rotating one another share a FamilyID; reusing a
// rotated token revokes the whole family.
type RefreshToken struct {
	ID         int64
	UserID     int64
	FamilyID   string
	TokenHash  string // hex SHA-256 of the token
	ExpiresAt  time.Time
	CreatedAt  time.Time
	UsedAt     *time.Time // set when rotated
	RevokedAt  *time.Time
	ReplacedBy int64
}

// Scope is what an API key may do.
type Scope string

// The API key scopes.
const (
	ScopeRead       Scope = "read"        // read problems, kb, submissions, reports
	ScopeSubmit     Scope = "submit"      // create submissions on behalf of the key's owner
	ScopeAssign     Scope = "assignments" // manage sets, assignments and enrollment
	ScopeWebhooks   Scope = "webhooks"    // manage webhooks
	ScopeGrades     Scope = "grades"      // read grades and reports
	ScopeAdminUsers Scope = "users"       // manage users (admin keys only)
)

// AllScopes lists every scope.
var AllScopes = []Scope{ScopeRead, ScopeSubmit, ScopeAssign, ScopeWebhooks, ScopeGrades, ScopeAdminUsers}

// ValidScope reports whether s is a known scope.
func ValidScope(s Scope) bool { return slices.Contains(AllScopes, s) }

// APIKey authenticates a system (an LMS) as its owner, limited to Scopes. The
// key itself ("gp_" + random) is shown once; only its hash is stored, with a
// short prefix to recognize it.
type APIKey struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	KeyHash    string     `json:"-"`
	Scopes     []Scope    `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// HasScope reports whether the key carries s.
func (k *APIKey) HasScope(s Scope) bool { return slices.Contains(k.Scopes, s) }

// AuthService stores the credentials that are not passwords.
type AuthService interface {
	CreateRefreshToken(ctx context.Context, t *RefreshToken) error
	RefreshTokenByHash(ctx context.Context, hash string) (*RefreshToken, error)
	// RotateRefreshToken marks old as used and stores next in one transaction.
	// It fails with ECONFLICT when old was already used or revoked (a replay),
	// so two concurrent refreshes cannot both succeed.
	RotateRefreshToken(ctx context.Context, oldID int64, next *RefreshToken) error
	RevokeRefreshFamily(ctx context.Context, familyID string) error
	RevokeUserRefreshTokens(ctx context.Context, userID int64) error

	CreateAPIKey(ctx context.Context, k *APIKey) error
	APIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	ListAPIKeys(ctx context.Context, userID int64) ([]*APIKey, error)
	RevokeAPIKey(ctx context.Context, userID, id int64) error // ENOTFOUND unless owned by userID (admins pass 0)
	TouchAPIKey(ctx context.Context, id int64, at time.Time) error
}
