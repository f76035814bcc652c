package goprep_test

import (
	"testing"
	"time"

	"github.com/goprep/goprep"
)

func TestReviewSM2(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	fresh := *goprep.NewReviewState(1, 2, now)
	type state struct {
		Ease                   float64
		Interval, Reps, Lapses int
		Due                    time.Duration // after now
	}
	tests := []struct {
		name   string
		from   goprep.ReviewState
		grades []int
		want   state
	}{
		{"new card, perfect", fresh, []int{5}, state{2.6, 1, 1, 0, day}},
		{"new card, good", fresh, []int{4}, state{2.5, 1, 1, 0, day}},
		{"new card, hard pass", fresh, []int{3}, state{2.36, 1, 1, 0, day}},
		{"new card, forgotten: no lapse", fresh, []int{2}, state{2.18, 1, 0, 0, day}},
		{"new card, blackout", fresh, []int{0}, state{1.7, 1, 0, 0, day}},
		{"second repetition is 6 days", fresh, []int{4, 4}, state{2.5, 6, 2, 0, 6 * day}},
		{"third is interval × ease", fresh, []int{4, 4, 4}, state{2.5, 15, 3, 0, 15 * day}},
		{"the interval uses the ease before this grade", fresh, []int{5, 5, 5}, state{2.8, 16, 3, 0, 16 * day}},
		{"forgetting a learned card is a lapse and starts over", fresh, []int{4, 4, 4, 1}, state{1.96, 1, 0, 1, day}},
		{"relearning after a lapse", fresh, []int{4, 4, 1, 4, 4}, state{1.96, 6, 2, 1, 6 * day}},
		{"ease never drops below 1.3", fresh, []int{0, 0, 0, 0}, state{1.3, 1, 0, 0, day}},
		{"intervals are capped", goprep.ReviewState{Ease: 2.5, IntervalDay: 3000, Reps: 5}, []int{5},
			state{2.6, goprep.MaxReviewIntervalDays, 6, 0, goprep.MaxReviewIntervalDays * day}},
		{"a zero state is treated as new", goprep.ReviewState{}, []int{4}, state{2.5, 1, 1, 0, day}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.from
			for _, g := range tt.grades {
				next, err := s.Review(g, now)
				if err != nil {
					t.Fatalf("grade %d: %v", g, err)
				}
				s = next
			}
			got := state{s.Ease, s.IntervalDay, s.Reps, s.Lapses, s.DueAt.Sub(now)}
			if got != tt.want {
				t.Errorf("after %v: got %+v, want %+v", tt.grades, got, tt.want)
			}
			if s.LastGrade != tt.grades[len(tt.grades)-1] {
				t.Errorf("LastGrade = %d", s.LastGrade)
			}
		})
	}
}

func TestReviewRejectsBadGrades(t *testing.T) {
	s := *goprep.NewReviewState(1, 2, time.Now())
	for _, g := range []int{-1, 6, 100} {
		next, err := s.Review(g, time.Now())
		if goprep.ErrorCode(err) != goprep.EINVALID {
			t.Errorf("grade %d: error %v, want EINVALID", g, err)
		}
		if next != s {
			t.Errorf("grade %d changed the state: %+v", g, next)
		}
	}
}
