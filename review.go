package goprep

import (
	"context"
	"time"
)

// ReviewService stores candidates' spaced-repetition state for
// knowledge-base entries; the grading rule (SM-2) lives with the caller.
type ReviewService interface {
	// ReviewStateOf returns a user's state for an entry; ENOTFOUND when the
	// user never reviewed it.
	ReviewStateOf(ctx context.Context, userID, entryID int64) (*ReviewState, error)
	// SaveReviewState inserts or replaces the state of (UserID, EntryID).
	SaveReviewState(ctx context.Context, s *ReviewState) error
	// DueReviews lists a user's states due at or before now, most overdue first.
	DueReviews(ctx context.Context, userID int64, now time.Time, limit int) ([]*ReviewState, error)
	// NewReviewEntries lists entries the user has never reviewed (in one
	// topic, unless topic is ""), by id.
	NewReviewEntries(ctx context.Context, userID int64, topic string, limit int) ([]*KBEntry, error)
}
