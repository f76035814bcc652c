package goprep

import (
	"context"
	"time"
)

// UserState says whether an account can sign in.
type UserState string

// The user states. The strings are stable in the API.
const (
	// UserActive: the account has a password and can sign in (unless disabled).
	UserActive UserState = "active"
	// UserInvited: an interviewer or an LMS created the account to assign it
	// work; it has no password and cannot sign in until its owner accepts an
	// invitation and chooses one.
	UserInvited UserState = "invited"
)

// InvitationTTL is how long an invitation link stays usable.
const InvitationTTL = 14 * 24 * time.Hour

// Invitation lets the owner of an invited account choose a password once.
// The token (32 random bytes) is shown once to the inviter; only its SHA-256
// is stored. Issuing a new invitation for a user revokes the older ones.
type Invitation struct {
	ID        int64
	UserID    int64
	InvitedBy int64 // the inviter's user id; 0 once that user is gone
	TokenHash string
	ExpiresAt time.Time
	CreatedAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// InvitationService stores invited accounts and their invitations.
type InvitationService interface {
	// Invite issues inv for the invited account with u.Email, creating it
	// (state invited, no password, u.Name and u.Role) when no account has the
	// email, and reusing it when it is still invited; the user's older live
	// invitations are revoked. When a is not nil, a (its CandidateID set to the
	// user) is created too. Everything happens in one transaction. It sets
	// u, inv.ID and a.ID. ECONFLICT when the email belongs to an account that
	// is not invited, or when the user already has a's set.
	Invite(ctx context.Context, u *User, inv *Invitation, a *Assignment) error
	// AcceptInvitation consumes the live invitation with tokenHash at now: it
	// sets the account's password hash (and its name, when name is not
	// empty), makes it active, and returns it. EGONE when the invitation is
	// unknown, expired, used or revoked; EFORBIDDEN when the account is
	// disabled (the invitation is then left unused).
	AcceptInvitation(ctx context.Context, tokenHash, passwordHash, name string, now time.Time) (*User, error)
	// InvitationByHash returns the invitation with the hash, whatever its state.
	InvitationByHash(ctx context.Context, tokenHash string) (*Invitation, error)
	// Reinvite issues inv for the invited account inv.UserID and revokes its
	// older live invitations, in one transaction; it sets inv.ID. ECONFLICT
	// when the account is no longer invited (its owner accepted), ENOTFOUND
	// when there is none.
	Reinvite(ctx context.Context, inv *Invitation) error
}
