package store

import (
	"context"
	"time"

	"github.com/goprep/goprep"
	"gorm.io/gorm"
)

var _ goprep.LeaderboardService = (*DB)(nil)

type leaderboardRow struct {
	Scope     string `gorm:"primaryKey"`
	UserID    int64  `gorm:"primaryKey"`
	Score     float64
	Solved    int
	UpdatedAt time.Time
	Name      string `gorm:"->;column:name"`
}

func (leaderboardRow) TableName() string { return "leaderboard_rows" }

func (r *leaderboardRow) domain() *goprep.LeaderboardRow {
	return &goprep.LeaderboardRow{Scope: r.Scope, UserID: r.UserID, Name: r.Name, Score: r.Score,
		Solved: r.Solved, UpdatedAt: utc(r.UpdatedAt)}
}

// leaderboardOrder ranks rows: higher score, then more solved, then whoever
// got there first, then user id for a total order.
const leaderboardOrder = "leaderboard_rows.score DESC, leaderboard_rows.solved DESC, leaderboard_rows.updated_at ASC, leaderboard_rows.user_id ASC"

// Leaderboard lists the rows of a scope (goprep.LeaderboardScopeAll,
// goprep.WeekScope(t) or goprep.SetScope(id)) in rank order, with user names
// and ranks. Disabled users are left out.
func (db *DB) Leaderboard(ctx context.Context, scope string, p goprep.Page) ([]*goprep.LeaderboardRow, string, int64, error) {
	p = p.Normalize()
	off, err := decodeOffsetCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	if p.Cursor == "" {
		if p.Offset < 0 || p.Offset > maxOffset {
			return nil, "", 0, goprep.Errorf(goprep.EINVALID, "page out of range")
		}
		off = p.Offset
	}
	base := func() *gorm.DB {
		return db.reader(ctx).Table("leaderboard_rows").
			Joins("JOIN users ON users.id = leaderboard_rows.user_id").
			Where("leaderboard_rows.scope = ? AND users.disabled = ?", scope, false)
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count leaderboard", "leaderboard")
	}
	var rows []leaderboardRow
	err = base().Select("leaderboard_rows.*, users.name AS name").Order(leaderboardOrder).
		Offset(off).Limit(p.Limit + 1).Find(&rows).Error
	if err != nil {
		return nil, "", 0, dbError(err, "list leaderboard", "leaderboard")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = offsetCursor(off + p.Limit)
	}
	out := make([]*goprep.LeaderboardRow, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
		out[i].Rank = int64(off + i + 1)
	}
	return out, next, total, nil
}

// LeaderboardRank returns a user's row in a scope and its rank (1 = first).
// ENOTFOUND when the user has no row there.
func (db *DB) LeaderboardRank(ctx context.Context, scope string, userID int64) (*goprep.LeaderboardRow, int64, error) {
	var r leaderboardRow
	err := db.reader(ctx).Table("leaderboard_rows").Select("leaderboard_rows.*, users.name AS name").
		Joins("JOIN users ON users.id = leaderboard_rows.user_id").
		Where("leaderboard_rows.scope = ? AND leaderboard_rows.user_id = ?", scope, userID).Take(&r).Error
	if err != nil {
		return nil, 0, dbError(err, "leaderboard row", "leaderboard entry")
	}
	var ahead int64
	err = db.reader(ctx).Table("leaderboard_rows").
		Joins("JOIN users ON users.id = leaderboard_rows.user_id").
		Where("leaderboard_rows.scope = ? AND users.disabled = ?", scope, false).
		Where(`leaderboard_rows.score > ? OR (leaderboard_rows.score = ? AND (leaderboard_rows.solved > ?
			OR (leaderboard_rows.solved = ? AND (leaderboard_rows.updated_at < ?
			OR (leaderboard_rows.updated_at = ? AND leaderboard_rows.user_id < ?)))))`,
			r.Score, r.Score, r.Solved, r.Solved, r.UpdatedAt, r.UpdatedAt, r.UserID).
		Count(&ahead).Error
	if err != nil {
		return nil, 0, dbError(err, "leaderboard rank", "leaderboard entry")
	}
	row := r.domain()
	row.Rank = ahead + 1
	return row, row.Rank, nil
}
