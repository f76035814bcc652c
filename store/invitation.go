package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/goprep/goprep"
)

var _ goprep.InvitationService = (*DB)(nil)

type invitationRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	InvitedBy *int64
	TokenHash string
	ExpiresAt time.Time
	CreatedAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

func (invitationRow) TableName() string { return "invitations" }

func (r *invitationRow) domain() *goprep.Invitation {
	inv := &goprep.Invitation{ID: r.ID, UserID: r.UserID, TokenHash: r.TokenHash,
		ExpiresAt: utc(r.ExpiresAt), CreatedAt: utc(r.CreatedAt), UsedAt: utcPtr(r.UsedAt), RevokedAt: utcPtr(r.RevokedAt)}
	if r.InvitedBy != nil {
		inv.InvitedBy = *r.InvitedBy
	}
	return inv
}

// Invite issues inv for the invited account with u.Email, creating the
// account when there is none, and, when a is not nil, gives it a's set; see
// goprep.InvitationService.
func (db *DB) Invite(ctx context.Context, u *goprep.User, inv *goprep.Invitation, a *goprep.Assignment) error {
	if inv.TokenHash == "" || inv.ExpiresAt.IsZero() {
		return goprep.Errorf(goprep.EINVALID, "an invitation needs a token hash and an expiry")
	}
	u.State, u.PasswordHash = goprep.UserInvited, ""
	if err := checkUser(u); err != nil {
		return err
	}
	if a != nil && (a.SetID == 0 || a.Deadline.IsZero() || a.TimeLimitS < 0) {
		return goprep.Errorf(goprep.EINVALID, "an assignment needs a set, a deadline and a time limit ≥ 0")
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		var r userRow
		err := tx.Where("email = ?", u.Email).Take(&r).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			r = userRow{Email: u.Email, Name: u.Name, Role: string(u.Role), State: string(goprep.UserInvited),
				CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&r).Error; err != nil {
				if classify(err) == uniqueViolation {
					return goprep.Errorf(goprep.ECONFLICT, "email %s is already registered", u.Email)
				}
				return err
			}
		case err != nil:
			return err
		case r.State != string(goprep.UserInvited):
			return goprep.Errorf(goprep.ECONFLICT, "email %s belongs to an account that is not invited", u.Email)
		}
		if a != nil {
			ar := assignmentRow{SetID: a.SetID, CandidateID: r.ID, Deadline: micro(a.Deadline), TimeLimitS: a.TimeLimitS, CreatedAt: now}
			if err := tx.Create(&ar).Error; err != nil {
				if classify(err) == uniqueViolation {
					return goprep.Errorf(goprep.ECONFLICT, "the candidate already has this set")
				}
				return err
			}
			a.ID, a.CandidateID, a.CreatedAt, a.Deadline, a.StartedAt = ar.ID, r.ID, now, ar.Deadline, nil
		}
		if err := tx.Model(&invitationRow{}).Where("user_id = ? AND used_at IS NULL AND revoked_at IS NULL", r.ID).
			Update("revoked_at", now).Error; err != nil {
			return err
		}
		ir := invitationRow{UserID: r.ID, TokenHash: inv.TokenHash, ExpiresAt: micro(inv.ExpiresAt), CreatedAt: now}
		if inv.InvitedBy != 0 {
			ir.InvitedBy = &inv.InvitedBy
		}
		if err := tx.Create(&ir).Error; err != nil {
			return err
		}
		*u = *r.domain()
		inv.ID, inv.UserID, inv.CreatedAt, inv.ExpiresAt, inv.UsedAt, inv.RevokedAt = ir.ID, r.ID, now, ir.ExpiresAt, nil, nil
		return nil
	})
	return dbError(err, "invite "+u.Email, "invitation")
}

// AcceptInvitation consumes a live invitation and activates its account with
// the password hash; see goprep.InvitationService. A single conditional
// UPDATE decides a race between two uses of one token.
func (db *DB) AcceptInvitation(ctx context.Context, tokenHash, passwordHash, name string, now time.Time) (*goprep.User, error) {
	if passwordHash == "" {
		return nil, goprep.Errorf(goprep.EINVALID, "a password hash is required")
	}
	name = strings.TrimSpace(name)
	var out *goprep.User
	err := db.tx(ctx, func(tx *gorm.DB) error {
		at := micro(now)
		var ir invitationRow
		if err := tx.Where("token_hash = ?", tokenHash).Take(&ir).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errInvitationGone
			}
			return err
		}
		var r userRow
		if err := tx.Where("id = ?", ir.UserID).Take(&r).Error; err != nil {
			return err
		}
		if r.Disabled {
			return goprep.Errorf(goprep.EFORBIDDEN, "the account is disabled")
		}
		res := tx.Model(&invitationRow{}).
			Where("id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?", ir.ID, at).
			Update("used_at", at)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 || r.State != string(goprep.UserInvited) {
			return errInvitationGone
		}
		updates := map[string]any{"password_hash": passwordHash, "state": string(goprep.UserActive), "updated_at": db.now()}
		if name != "" {
			updates["name"] = name
		}
		if err := tx.Model(&userRow{}).Where("id = ?", r.ID).Updates(updates).Error; err != nil {
			return err
		}
		// The account is active now: no other link may reset its password.
		if err := tx.Model(&invitationRow{}).Where("user_id = ? AND used_at IS NULL AND revoked_at IS NULL", r.ID).
			Update("revoked_at", at).Error; err != nil {
			return err
		}
		if err := tx.Where("id = ?", r.ID).Take(&r).Error; err != nil {
			return err
		}
		out = r.domain()
		return nil
	})
	if err != nil {
		return nil, dbError(err, "accept invitation", "invitation")
	}
	return out, nil
}

var errInvitationGone = goprep.Errorf(goprep.EGONE, "the invitation is unknown, expired, used or revoked")

// InvitationByHash returns the invitation with the hash, whatever its state.
func (db *DB) InvitationByHash(ctx context.Context, tokenHash string) (*goprep.Invitation, error) {
	var r invitationRow
	if err := db.reader(ctx).Where("token_hash = ?", tokenHash).Take(&r).Error; err != nil {
		return nil, dbError(err, "invitation by hash", "invitation")
	}
	return r.domain(), nil
}

// Reinvite issues a fresh invitation for a still-invited account and revokes
// its older ones; see goprep.InvitationService.
func (db *DB) Reinvite(ctx context.Context, inv *goprep.Invitation) error {
	if inv.UserID == 0 || inv.TokenHash == "" || inv.ExpiresAt.IsZero() {
		return goprep.Errorf(goprep.EINVALID, "an invitation needs a user, a token hash and an expiry")
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		var r userRow
		if err := tx.Where("id = ?", inv.UserID).Take(&r).Error; err != nil {
			return err
		}
		if r.State != string(goprep.UserInvited) {
			return goprep.Errorf(goprep.ECONFLICT, "user %d has already accepted an invitation", r.ID)
		}
		// Only the one still invited row: an acceptance racing this one either
		// commits first (and we conflict) or waits for us.
		res := tx.Model(&userRow{}).Where("id = ? AND state = ?", r.ID, string(goprep.UserInvited)).Update("updated_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return goprep.Errorf(goprep.ECONFLICT, "user %d has already accepted an invitation", r.ID)
		}
		if err := tx.Model(&invitationRow{}).Where("user_id = ? AND used_at IS NULL AND revoked_at IS NULL", r.ID).
			Update("revoked_at", now).Error; err != nil {
			return err
		}
		ir := invitationRow{UserID: r.ID, TokenHash: inv.TokenHash, ExpiresAt: micro(inv.ExpiresAt), CreatedAt: now}
		if inv.InvitedBy != 0 {
			ir.InvitedBy = &inv.InvitedBy
		}
		if err := tx.Create(&ir).Error; err != nil {
			return err
		}
		inv.ID, inv.CreatedAt, inv.ExpiresAt, inv.UsedAt, inv.RevokedAt = ir.ID, now, ir.ExpiresAt, nil, nil
		return nil
	})
	return dbError(err, fmt.Sprintf("reinvite user %d", inv.UserID), "user")
}
