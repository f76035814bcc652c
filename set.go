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
	// ListSets lists the sets an owner made (ownerID 0: everyone's), newest first.
	ListSets(ctx context.Context, ownerID int64, p Page) ([]*ProblemSet, string, int64, error)
	// OpenAssignment returns the candidate's assignment that is open at now
	// (started, before its end) and contains the problem, the most recently
	// started when there are several; ENOTFOUND when there is none.
	OpenAssignment(ctx context.Context, candidateID int64, problemSlug string, now time.Time) (*Assignment, error)
	// AssignmentSubmissions lists the scored submissions (kind submit) made
	// within the given assignments, oldest first, without files or results;
	// at most MaxReportSubmissions.
	AssignmentSubmissions(ctx context.Context, assignmentIDs []int64) ([]*Submission, error)
}

// Limits of sets and assignments.
const (
	MaxSetTitleLen       = 200
	MaxSetDescriptionLen = 10000
	MaxSetProblems       = 50
	// MinAssignmentTimeLimit and MaxAssignmentTimeLimit bound a time limit
	// in seconds; 0 means none (the deadline alone ends the assignment).
	MinAssignmentTimeLimit = 60
	MaxAssignmentTimeLimit = 7 * 24 * 3600
	// MaxAssignmentHorizon is how far ahead a deadline may be.
	MaxAssignmentHorizon = 366 * 24 * time.Hour
	// MaxReportSubmissions bounds the submissions one report page reads.
	MaxReportSubmissions = 10000
)

// ValidateAssignmentTerms checks a new assignment's deadline and time limit
// at now: the deadline in the future (at most MaxAssignmentHorizon ahead),
// the time limit 0 or from MinAssignmentTimeLimit to MaxAssignmentTimeLimit
// seconds. The error names the fields.
func ValidateAssignmentTerms(deadline time.Time, timeLimitS int, now time.Time) error {
	fields := map[string]string{}
	switch {
	case deadline.IsZero():
		fields["deadline"] = "is required (RFC 3339, e.g. 2026-12-01T18:00:00Z)"
	case !deadline.After(now):
		fields["deadline"] = "must be in the future"
	case deadline.Sub(now) > MaxAssignmentHorizon:
		fields["deadline"] = "must be at most a year ahead"
	}
	if timeLimitS != 0 && (timeLimitS < MinAssignmentTimeLimit || timeLimitS > MaxAssignmentTimeLimit) {
		fields["time_limit_seconds"] = "must be 0 (no limit) or from 60 to 604800 (7 days)"
	}
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Message: "Invalid assignment.", Fields: fields}
	}
	return nil
}

// EndsAt is when the assignment closes: the deadline, or, once started with
// a time limit, the start plus the limit if that is earlier.
func (a *Assignment) EndsAt() time.Time {
	end := a.Deadline
	if a.StartedAt != nil && a.TimeLimitS > 0 {
		if t := a.StartedAt.Add(time.Duration(a.TimeLimitS) * time.Second); t.Before(end) {
			end = t
		}
	}
	return end
}

// Assignment states, as the API shows them.
const (
	AssignmentNotStarted = "not_started"
	AssignmentOpen       = "open"
	AssignmentClosed     = "closed"
)

// State is the assignment's state at now: not_started (and startable
// before the deadline), open (started, before EndsAt) or closed.
func (a *Assignment) State(now time.Time) string {
	switch {
	case !now.Before(a.EndsAt()):
		return AssignmentClosed
	case a.StartedAt == nil:
		return AssignmentNotStarted
	}
	return AssignmentOpen
}

// ProblemReport is a candidate's work on one problem of an assignment.
type ProblemReport struct {
	Problem string `json:"problem"`
	// BestVerdict, BestScore and BestSubmissionID describe the graded
	// submission with the highest score (the earliest among equals);
	// empty while nothing is graded. Internal errors (IE) never count.
	BestVerdict      Verdict `json:"best_verdict,omitempty"`
	BestScore        float64 `json:"best_score"`
	BestSubmissionID *int64  `json:"best_submission_id,omitempty"`
	// SubmissionIDs lists every submission, oldest first (queued and
	// running ones too).
	SubmissionIDs []int64 `json:"submission_ids"`
}

// ReportProblems summarizes an assignment's submissions per problem of the
// set, in the set's order. Submissions of problems not in the set are left out.
func ReportProblems(problems []string, subs []*Submission) []ProblemReport {
	out := make([]ProblemReport, len(problems))
	at := make(map[string]int, len(problems))
	for i, slug := range problems {
		out[i] = ProblemReport{Problem: slug, SubmissionIDs: []int64{}}
		at[slug] = i
	}
	for _, s := range subs {
		i, ok := at[s.ProblemSlug]
		if !ok {
			continue
		}
		r := &out[i]
		r.SubmissionIDs = append(r.SubmissionIDs, s.ID)
		if s.Status != StatusDone || s.Verdict == "" || s.Verdict == VerdictIE {
			continue
		}
		if r.BestSubmissionID == nil || s.Score > r.BestScore {
			id := s.ID
			r.BestVerdict, r.BestScore, r.BestSubmissionID = s.Verdict, s.Score, &id
		}
	}
	return out
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
