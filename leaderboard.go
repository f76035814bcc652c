package goprep

import (
	"context"
	"fmt"
	"time"
)

// LeaderboardScopeAll is the all-time leaderboard scope.
const LeaderboardScopeAll = "all"

// WeekScope is the leaderboard scope of the ISO week that contains t, e.g.
// "week:2026-48". A finished submission adds its gain to the week it finished in.
func WeekScope(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("week:%d-%02d", y, w)
}

// SetScope is the leaderboard scope of a problem set: submissions made
// within an assignment of the set count there, best score per problem.
func SetScope(setID int64) string { return fmt.Sprintf("set:%d", setID) }

// LeaderboardService reads the rankings that SubmissionService.FinishSubmission
// maintains.
type LeaderboardService interface {
	// Leaderboard lists a scope's rows best first: score, then solved, then
	// who got there first. Each row's Rank is its place in that order. When
	// p.Cursor is empty, p.Offset rows are skipped.
	Leaderboard(ctx context.Context, scope string, p Page) ([]*LeaderboardRow, string, int64, error)
	// LeaderboardRank returns a user's row in a scope and its rank (1 = first);
	// ENOTFOUND when the user has no row there.
	LeaderboardRank(ctx context.Context, scope string, userID int64) (*LeaderboardRow, int64, error)
}
