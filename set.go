package goprep

import (
	"context"
	"time"
)

// ProblemSet is an interviewer's selection of problems.
type ProblemSet struct {
	ID          int64     `json:"id"`
	OwnerID     int64     `json:"owner_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Problems    []string  `json:"problems"` // slugs, in order
	CreatedAt   time.Time `json:"created_at"`
}

// Assignment gives a set to a candidate with a deadline and a time limit
// counted from Start.
type Assignment struct {
	ID          int64      `json:"id"`
	SetID       int64      `json:"set_id"`
	CandidateID int64      `json:"candidate_id"`
	Deadline    time.Time  `json:"deadline"`
	TimeLimitS  int        `json:"time_limit_seconds"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// SetService stores problem sets and assignments.
type SetService interface {
	CreateSet(ctx context.Context, s *ProblemSet) error
	SetByID(ctx context.Context, id int64) (*ProblemSet, error)
	CreateAssignment(ctx context.Context, a *Assignment) error
	AssignmentByID(ctx context.Context, id int64) (*Assignment, error)
	ListAssignments(ctx context.Context, candidateID int64, p Page) ([]*Assignment, string, int64, error)
	StartAssignment(ctx context.Context, id, candidateID int64, at time.Time) (*Assignment, error)
	// CandidateAssignment returns the candidate's assignment of a set;
	// ENOTFOUND when the set was not given to the candidate.
	CandidateAssignment(ctx context.Context, setID, candidateID int64) (*Assignment, error)
	// ListSetAssignments lists a set's assignments, oldest first.
	ListSetAssignments(ctx context.Context, setID int64, p Page) ([]*Assignment, string, int64, error)
}

// Webhook is an integration's endpoint, signed with HMAC-SHA256 over the body.
type Webhook struct {
	ID        int64     `json:"id"`
	OwnerID   int64     `json:"owner_id"`
	URL       string    `json:"url"`
	Secret    string    `json:"-"`
	Events    []string  `json:"events"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// WebhookDelivery is one attempt to deliver an event.
type WebhookDelivery struct {
	ID          int64      `json:"id"`
	WebhookID   int64      `json:"webhook_id"`
	Event       string     `json:"event"`
	Payload     string     `json:"payload"`
	Attempt     int        `json:"attempt"`
	Status      string     `json:"status"` // pending | delivered | failed
	StatusCode  int        `json:"status_code,omitempty"`
	Error       string     `json:"error,omitempty"`
	NextAttempt *time.Time `json:"next_attempt_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
}

// LeaderboardRow is a user's standing in one scope ("all", "week:2026-48" or "set:ID").
type LeaderboardRow struct {
	Scope     string    `json:"scope"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Score     float64   `json:"score"`
	Solved    int       `json:"solved"`
	UpdatedAt time.Time `json:"updated_at"`
	// Rank is the row's place in its scope (1 = first).
	Rank int64 `json:"rank"`
}
