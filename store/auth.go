package store

import (
	"context"
	"fmt"
	"time"

	"github.com/goprep/goprep"
	"gorm.io/gorm"
)

type refreshTokenRow struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	FamilyID   string
	TokenHash  string
	ExpiresAt  time.Time
	CreatedAt  time.Time
	UsedAt     *time.Time
	RevokedAt  *time.Time
	ReplacedBy *int64
}

func (refreshTokenRow) TableName() string { return "refresh_tokens" }

func (r *refreshTokenRow) domain() *goprep.RefreshToken {
	t := &goprep.RefreshToken{
		ID: r.ID, UserID: r.UserID, FamilyID: r.FamilyID, TokenHash: r.TokenHash,
		ExpiresAt: utc(r.ExpiresAt), CreatedAt: utc(r.CreatedAt),
		UsedAt: utcPtr(r.UsedAt), RevokedAt: utcPtr(r.RevokedAt),
	}
	if r.ReplacedBy != nil {
		t.ReplacedBy = *r.ReplacedBy
	}
	return t
}

func (db *DB) insertRefreshToken(tx *gorm.DB, t *goprep.RefreshToken) error {
	if t.TokenHash == "" || t.FamilyID == "" || t.UserID == 0 {
		return goprep.Errorf(goprep.EINVALID, "refresh token needs a user, a family and a hash")
	}
	now := db.now()
	r := refreshTokenRow{UserID: t.UserID, FamilyID: t.FamilyID, TokenHash: t.TokenHash,
		ExpiresAt: micro(t.ExpiresAt), CreatedAt: now}
	if err := tx.Create(&r).Error; err != nil {
		return dbError(err, "create refresh token", "refresh token")
	}
	t.ID, t.CreatedAt, t.ExpiresAt = r.ID, now, r.ExpiresAt
	t.UsedAt, t.RevokedAt, t.ReplacedBy = nil, nil, 0
	return nil
}

// CreateRefreshToken stores a new token (the first of its family) and sets
// t.ID and t.CreatedAt.
func (db *DB) CreateRefreshToken(ctx context.Context, t *goprep.RefreshToken) error {
	return db.insertRefreshToken(db.writer(ctx), t)
}

// RefreshTokenByHash returns the token with the hash, whatever its state: the
// caller checks expiry, use and revocation (a used token means a replay).
func (db *DB) RefreshTokenByHash(ctx context.Context, hash string) (*goprep.RefreshToken, error) {
	var r refreshTokenRow
	if err := db.reader(ctx).Where("token_hash = ?", hash).Take(&r).Error; err != nil {
		return nil, dbError(err, "refresh token by hash", "refresh token")
	}
	return r.domain(), nil
}

// RotateRefreshToken marks oldID used and stores next (in old's family when
// next.FamilyID is empty) in one transaction. A single conditional UPDATE
// decides the race: when old was already used or revoked it fails with
// ECONFLICT and stores nothing.
func (db *DB) RotateRefreshToken(ctx context.Context, oldID int64, next *goprep.RefreshToken) error {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		res := tx.Model(&refreshTokenRow{}).
			Where("id = ? AND used_at IS NULL AND revoked_at IS NULL", oldID).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return goprep.Errorf(goprep.ECONFLICT, "refresh token was already used or revoked")
		}
		var old refreshTokenRow
		if err := tx.Where("id = ?", oldID).Take(&old).Error; err != nil {
			return err
		}
		if next.FamilyID == "" {
			next.FamilyID = old.FamilyID
		}
		if next.UserID == 0 {
			next.UserID = old.UserID
		}
		if err := db.insertRefreshToken(tx, next); err != nil {
			return err
		}
		return tx.Model(&refreshTokenRow{}).Where("id = ?", oldID).Update("replaced_by", next.ID).Error
	})
	return dbError(err, fmt.Sprintf("rotate refresh token %d", oldID), "refresh token")
}

// RevokeRefreshFamily revokes every live token of a family (after a replay,
// or at logout).
func (db *DB) RevokeRefreshFamily(ctx context.Context, familyID string) error {
	err := db.writer(ctx).Model(&refreshTokenRow{}).
		Where("family_id = ? AND revoked_at IS NULL", familyID).
		Update("revoked_at", db.now()).Error
	return dbError(err, "revoke refresh family", "refresh token")
}

// RevokeUserRefreshTokens revokes every live token of a user (password change,
// account disabled).
func (db *DB) RevokeUserRefreshTokens(ctx context.Context, userID int64) error {
	err := db.writer(ctx).Model(&refreshTokenRow{}).
		Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", db.now()).Error
	return dbError(err, "revoke user refresh tokens", "refresh token")
}

type apiKeyRow struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	Name       string
	Prefix     string
	KeyHash    string
	Scopes     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
}

func (apiKeyRow) TableName() string { return "api_keys" }

func (r *apiKeyRow) domain() (*goprep.APIKey, error) {
	scopes, err := fromJSON[[]goprep.Scope](r.Scopes, "api_keys.scopes")
	if err != nil {
		return nil, err
	}
	if scopes == nil {
		scopes = []goprep.Scope{}
	}
	return &goprep.APIKey{
		ID: r.ID, UserID: r.UserID, Name: r.Name, Prefix: r.Prefix, KeyHash: r.KeyHash,
		Scopes: scopes, CreatedAt: utc(r.CreatedAt), LastUsedAt: utcPtr(r.LastUsedAt),
		ExpiresAt: utcPtr(r.ExpiresAt), RevokedAt: utcPtr(r.RevokedAt),
	}, nil
}

// CreateAPIKey stores a key (its hash) and sets k.ID and k.CreatedAt. EINVALID
// for an unknown scope or a missing hash.
func (db *DB) CreateAPIKey(ctx context.Context, k *goprep.APIKey) error {
	if k.KeyHash == "" || k.UserID == 0 {
		return goprep.Errorf(goprep.EINVALID, "API key needs an owner and a hash")
	}
	for _, s := range k.Scopes {
		if !goprep.ValidScope(s) {
			return goprep.Errorf(goprep.EINVALID, "unknown scope %q", s)
		}
	}
	now := db.now()
	r := apiKeyRow{UserID: k.UserID, Name: k.Name, Prefix: k.Prefix, KeyHash: k.KeyHash,
		Scopes: toJSON(k.Scopes, "[]"), CreatedAt: now, ExpiresAt: microPtr(k.ExpiresAt)}
	if err := db.writer(ctx).Create(&r).Error; err != nil {
		return dbError(err, "create api key", "API key")
	}
	k.ID, k.CreatedAt, k.ExpiresAt = r.ID, now, r.ExpiresAt
	return nil
}

// APIKeyByHash returns the key with the hash, whatever its state: the caller
// checks RevokedAt and ExpiresAt.
func (db *DB) APIKeyByHash(ctx context.Context, hash string) (*goprep.APIKey, error) {
	var r apiKeyRow
	if err := db.reader(ctx).Where("key_hash = ?", hash).Take(&r).Error; err != nil {
		return nil, dbError(err, "api key by hash", "API key")
	}
	return r.domain()
}

// ListAPIKeys lists a user's keys, newest first, revoked ones included
// (userID 0 lists every user's keys).
func (db *DB) ListAPIKeys(ctx context.Context, userID int64) ([]*goprep.APIKey, error) {
	q := db.reader(ctx).Order("id DESC").Limit(1000)
	if userID != 0 {
		q = q.Where("user_id = ?", userID)
	}
	var rows []apiKeyRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, dbError(err, "list api keys", "API key")
	}
	out := make([]*goprep.APIKey, 0, len(rows))
	for i := range rows {
		k, err := rows[i].domain()
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// RevokeAPIKey revokes key id if userID owns it (userID 0: any owner, for
// admins). Revoking a revoked key is a no-op; ENOTFOUND when the key does not
// exist or belongs to someone else.
func (db *DB) RevokeAPIKey(ctx context.Context, userID, id int64) error {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&apiKeyRow{}).Where("id = ?", id)
		if userID != 0 {
			q = q.Where("user_id = ?", userID)
		}
		var r apiKeyRow
		if err := q.Take(&r).Error; err != nil {
			return dbError(err, "find api key", "API key")
		}
		if r.RevokedAt != nil {
			return nil
		}
		return tx.Model(&apiKeyRow{}).Where("id = ?", id).Update("revoked_at", db.now()).Error
	})
	return dbError(err, "revoke api key", "API key")
}

// TouchAPIKey records that a key was used at the given time.
func (db *DB) TouchAPIKey(ctx context.Context, id int64, at time.Time) error {
	err := db.writer(ctx).Model(&apiKeyRow{}).Where("id = ?", id).Update("last_used_at", micro(at)).Error
	return dbError(err, "touch api key", "API key")
}
