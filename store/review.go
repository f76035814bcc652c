package store

import (
	"context"
	"fmt"
	"time"

	"github.com/goprep/goprep"
	"gorm.io/gorm/clause"
)

var _ goprep.ReviewService = (*DB)(nil)

type reviewStateRow struct {
	UserID       int64 `gorm:"primaryKey"`
	EntryID      int64 `gorm:"primaryKey"`
	Ease         float64
	IntervalDays int
	Reps         int
	Lapses       int
	DueAt        time.Time
	LastGrade    int
	UpdatedAt    time.Time
}

func (reviewStateRow) TableName() string { return "review_states" }

func (r *reviewStateRow) domain() *goprep.ReviewState {
	return &goprep.ReviewState{UserID: r.UserID, EntryID: r.EntryID, Ease: r.Ease, IntervalDay: r.IntervalDays,
		Reps: r.Reps, Lapses: r.Lapses, DueAt: utc(r.DueAt), LastGrade: r.LastGrade, UpdatedAt: utc(r.UpdatedAt)}
}

// ReviewStateOf returns a user's review state for an entry.
func (db *DB) ReviewStateOf(ctx context.Context, userID, entryID int64) (*goprep.ReviewState, error) {
	var r reviewStateRow
	if err := db.reader(ctx).Where("user_id = ? AND entry_id = ?", userID, entryID).Take(&r).Error; err != nil {
		return nil, dbError(err, "review state", "review state")
	}
	return r.domain(), nil
}

// SaveReviewState inserts or replaces a review state and sets s.UpdatedAt.
// EINVALID when the entry or user does not exist.
func (db *DB) SaveReviewState(ctx context.Context, s *goprep.ReviewState) error {
	if s.UserID == 0 || s.EntryID == 0 {
		return goprep.Errorf(goprep.EINVALID, "a review state needs a user and an entry")
	}
	now := db.now()
	r := reviewStateRow{UserID: s.UserID, EntryID: s.EntryID, Ease: s.Ease, IntervalDays: s.IntervalDay,
		Reps: s.Reps, Lapses: s.Lapses, DueAt: micro(s.DueAt), LastGrade: s.LastGrade, UpdatedAt: now}
	err := db.writer(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "entry_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"ease", "interval_days", "reps", "lapses", "due_at", "last_grade", "updated_at"}),
	}).Create(&r).Error
	if err != nil {
		return dbError(err, "save review state", "review state")
	}
	s.UpdatedAt, s.DueAt = now, r.DueAt
	return nil
}

// DueReviews lists a user's states due at or before now (in one topic,
// unless topic is ""), most overdue first.
func (db *DB) DueReviews(ctx context.Context, userID int64, topic string, now time.Time, limit int) ([]*goprep.ReviewState, error) {
	limit = goprep.Page{Limit: limit}.Normalize().Limit
	q := db.reader(ctx).Where("user_id = ? AND due_at <= ?", userID, micro(now))
	if topic != "" {
		q = q.Where("entry_id IN (SELECT id FROM kb_entries WHERE topic = ?)", topic)
	}
	var rows []reviewStateRow
	err := q.Order("due_at, entry_id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, dbError(err, fmt.Sprintf("due reviews of user %d", userID), "review state")
	}
	out := make([]*goprep.ReviewState, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// NewReviewEntries lists entries the user has never reviewed, by id.
func (db *DB) NewReviewEntries(ctx context.Context, userID int64, topic string, limit int) ([]*goprep.KBEntry, error) {
	limit = goprep.Page{Limit: limit}.Normalize().Limit
	q := db.reader(ctx).Select(kbColumns).
		Where("NOT EXISTS (SELECT 1 FROM review_states rs WHERE rs.user_id = ? AND rs.entry_id = kb_entries.id)", userID)
	if topic != "" {
		q = q.Where("topic = ?", topic)
	}
	var rows []kbEntryRow
	if err := q.Order("id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("new review entries of user %d", userID), "entry")
	}
	out := make([]*goprep.KBEntry, 0, len(rows))
	for i := range rows {
		e, err := rows[i].domain()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
