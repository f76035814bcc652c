package goprep

import (
	"context"
	"math"
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
	// DueReviews lists a user's states due at or before now (of entries in
	// one topic, unless topic is ""), most overdue first.
	DueReviews(ctx context.Context, userID int64, topic string, now time.Time, limit int) ([]*ReviewState, error)
	// NewReviewEntries lists entries the user has never reviewed (in one
	// topic, unless topic is ""), by id.
	NewReviewEntries(ctx context.Context, userID int64, topic string, limit int) ([]*KBEntry, error)
}

// Review grades are SM-2 qualities: 0 (blackout) to 5 (perfect recall); 3
// and above count as remembered.
const (
	MinReviewGrade = 0
	MaxReviewGrade = 5
	// PassingReviewGrade is the lowest grade that counts as remembered.
	PassingReviewGrade = 3
)

// SM-2 constants.
const (
	// InitialEase is a new card's ease factor.
	InitialEase = 2.5
	// MinEase is the floor of the ease factor.
	MinEase = 1.3
	// MaxReviewIntervalDays caps an interval (about ten years).
	MaxReviewIntervalDays = 3650
)

// NewReviewState is the state of an entry a user has never reviewed: due at
// once, with the initial ease.
func NewReviewState(userID, entryID int64, now time.Time) *ReviewState {
	return &ReviewState{UserID: userID, EntryID: entryID, Ease: InitialEase, DueAt: now}
}

// ValidateReviewGrade accepts the grades 0 to 5.
func ValidateReviewGrade(grade int) error {
	if grade < MinReviewGrade || grade > MaxReviewGrade {
		return &Error{Code: EINVALID, Message: "Invalid grade.",
			Fields: map[string]string{"grade": "must be an integer from 0 to 5"}}
	}
	return nil
}

// Review applies one grade to s with the SM-2 rule and returns the new
// state (s is not changed):
//   - grade ≥ 3 (remembered): the first repetition is due in 1 day, the
//     second in 6, each later one after the previous interval × ease
//     (rounded, at most MaxReviewIntervalDays);
//   - grade < 3 (forgotten): repetitions start over, due again in 1 day, and
//     a card that had been remembered before counts a lapse;
//   - the ease changes by 0.1 − (5−grade)·(0.08 + (5−grade)·0.02) on every
//     grade (+0.1 for 5, 0 for 4, −0.14 for 3 … −0.8 for 0), never below
//     MinEase, kept to two decimals.
//
// The next review is due at now + interval days.
func (s ReviewState) Review(grade int, now time.Time) (ReviewState, error) {
	if err := ValidateReviewGrade(grade); err != nil {
		return s, err
	}
	if s.Ease < MinEase {
		s.Ease = InitialEase // a state that was never graded
	}
	if grade >= PassingReviewGrade {
		switch s.Reps {
		case 0:
			s.IntervalDay = 1
		case 1:
			s.IntervalDay = 6
		default:
			s.IntervalDay = int(math.Min(math.Round(float64(s.IntervalDay)*s.Ease), MaxReviewIntervalDays))
		}
		s.Reps++
	} else {
		if s.Reps > 0 {
			s.Lapses++
		}
		s.Reps = 0
		s.IntervalDay = 1
	}
	miss := float64(MaxReviewGrade - grade)
	s.Ease = math.Max(MinEase, math.Round((s.Ease+0.1-miss*(0.08+miss*0.02))*100)/100)
	s.LastGrade = grade
	s.DueAt = now.Add(time.Duration(s.IntervalDay) * 24 * time.Hour)
	return s, nil
}
