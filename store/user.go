package store

import (
	"context"
	"strings"
	"time"

	"github.com/goprep/goprep"
)

type userRow struct {
	ID           int64 `gorm:"primaryKey"`
	Email        string
	Name         string
	Role         string
	PasswordHash string
	Disabled     bool
	State        string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r *userRow) domain() *goprep.User {
	return &goprep.User{
		ID: r.ID, Email: r.Email, Name: r.Name, Role: goprep.Role(r.Role),
		PasswordHash: r.PasswordHash, Disabled: r.Disabled, State: goprep.UserState(r.State),
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
}

func checkUser(u *goprep.User) error {
	if u.Role == "" {
		u.Role = goprep.RoleCandidate
	}
	if !u.Role.Valid() {
		return goprep.Errorf(goprep.EINVALID, "unknown role %q", u.Role)
	}
	switch u.State {
	case "":
		u.State = goprep.UserActive
	case goprep.UserActive, goprep.UserInvited:
	default:
		return goprep.Errorf(goprep.EINVALID, "unknown user state %q", u.State)
	}
	u.Email = goprep.NormalizeEmail(u.Email)
	if u.Email == "" {
		return goprep.Errorf(goprep.EINVALID, "email is required")
	}
	if strings.TrimSpace(u.Name) == "" {
		return goprep.Errorf(goprep.EINVALID, "name is required")
	}
	return nil
}

// CreateUser stores a new account and sets u.ID and its timestamps. The email
// is stored normalized (lower case); ECONFLICT when it is taken.
func (db *DB) CreateUser(ctx context.Context, u *goprep.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	now := db.now()
	r := userRow{Email: u.Email, Name: u.Name, Role: string(u.Role), PasswordHash: u.PasswordHash,
		Disabled: u.Disabled, State: string(u.State), CreatedAt: now, UpdatedAt: now}
	if err := db.writer(ctx).Create(&r).Error; err != nil {
		if classify(err) == uniqueViolation {
			return goprep.Errorf(goprep.ECONFLICT, "email %s is already registered", u.Email)
		}
		return dbError(err, "create user", "user")
	}
	u.ID, u.CreatedAt, u.UpdatedAt = r.ID, now, now
	return nil
}

// UserByID returns the user with id, ENOTFOUND if there is none.
func (db *DB) UserByID(ctx context.Context, id int64) (*goprep.User, error) {
	var r userRow
	if err := db.reader(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err, "user by id", "user")
	}
	return r.domain(), nil
}

// UserByEmail returns the user with the (normalized) email, ENOTFOUND if none.
func (db *DB) UserByEmail(ctx context.Context, email string) (*goprep.User, error) {
	var r userRow
	if err := db.reader(ctx).Where("email = ?", goprep.NormalizeEmail(email)).Take(&r).Error; err != nil {
		return nil, dbError(err, "user by email", "user")
	}
	return r.domain(), nil
}

// UpdateUser saves email, name, role, password hash, disabled and state of u.ID and
// sets u.UpdatedAt. ENOTFOUND if the user does not exist, ECONFLICT if the new
// email is taken.
func (db *DB) UpdateUser(ctx context.Context, u *goprep.User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	now := db.now()
	res := db.writer(ctx).Model(&userRow{}).Where("id = ?", u.ID).Updates(map[string]any{
		"email": u.Email, "name": u.Name, "role": string(u.Role),
		"password_hash": u.PasswordHash, "disabled": u.Disabled, "state": string(u.State), "updated_at": now,
	})
	if res.Error != nil {
		if classify(res.Error) == uniqueViolation {
			return goprep.Errorf(goprep.ECONFLICT, "email %s is already registered", u.Email)
		}
		return dbError(res.Error, "update user", "user")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ENOTFOUND, "user not found")
	}
	u.UpdatedAt = now
	return nil
}

// ListUsers lists users by id.
func (db *DB) ListUsers(ctx context.Context, p goprep.Page) ([]*goprep.User, string, int64, error) {
	p = p.Normalize()
	after, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	var total int64
	if err := db.reader(ctx).Model(&userRow{}).Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count users", "user")
	}
	var rows []userRow
	if err := db.reader(ctx).Where("id > ?", after).Order("id").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list users", "user")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.User, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, total, nil
}
