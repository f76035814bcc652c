package goprep

import (
	"context"
	"encoding/json"
	"time"
)

// Submission statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed" // the judge gave up after repeated internal errors
)

// Submission kinds.
const (
	KindSubmit = "submit" // graded, scored
	KindRun    = "run"    // public tests only, never scored
)

// Submission is one attempt at a problem. The database row is the durable
// queue entry: workers claim it with a lease.
type Submission struct {
	ID           int64             `json:"id"`
	UserID       int64             `json:"user_id"`
	ProblemID    int64             `json:"problem_id"`
	ProblemSlug  string            `json:"problem"`
	AssignmentID *int64            `json:"assignment_id,omitempty"`
	Kind         string            `json:"kind"`
	Files        map[string]string `json:"files"`
	Status       string            `json:"status"`
	Verdict      Verdict           `json:"verdict,omitempty"`
	Score        float64           `json:"score"`
	Result       json.RawMessage   `json:"result,omitempty"`
	Attempts     int               `json:"attempts"`
	LeaseOwner   string            `json:"-"`
	LeaseUntil   *time.Time        `json:"-"`
	CreatedAt    time.Time         `json:"created_at"`
	StartedAt    *time.Time        `json:"started_at,omitempty"`
	FinishedAt   *time.Time        `json:"finished_at,omitempty"`
	// Progress is what the judging has gone through so far, as the worker
	// recorded it: the finished stages in order, the running one last. The
	// event stream sends it as stage events; GET /submissions/{id} shows it
	// while the submission runs (for clients that poll).
	Progress []StageProgress `json:"progress,omitempty"`
}

// StageProgress is one stage of a judging as a worker recorded it: running,
// or ended (pass, fail or skipped) with its duration. Its JSON is that of the
// judge's stage event.
type StageProgress struct {
	Stage      string  `json:"stage"`
	Status     string  `json:"status"`
	DurationMS int64   `json:"duration_ms,omitempty"`
	Verdict    Verdict `json:"verdict,omitempty"`
	Message    string  `json:"message,omitempty"`
}

// MaxProgressStages and MaxProgressMessage bound what a worker may record as
// a judging's progress.
const (
	MaxProgressStages  = 16
	MaxProgressMessage = 1000
)

// MaxSubmissionFiles and MaxSubmissionBytes bound what one submission may carry.
const (
	MaxSubmissionFiles = 16
	MaxSubmissionBytes = 256 << 10
)

// SubmissionFilter selects submissions.
type SubmissionFilter struct {
	UserID    int64
	ProblemID int64
	SetID     int64
	Kind      string
}

// SubmissionService stores submissions and is the judge's durable queue.
type SubmissionService interface {
	CreateSubmission(ctx context.Context, s *Submission) error
	SubmissionByID(ctx context.Context, id int64) (*Submission, error)
	ListSubmissions(ctx context.Context, f SubmissionFilter, p Page) ([]*Submission, string, int64, error)
	// QueueDepth counts queued submissions and ones whose lease expired.
	QueueDepth(ctx context.Context) (int64, error)
	// ClaimSubmission atomically takes the oldest queued submission, or one
	// whose lease expired, and leases it to owner until now+lease; it returns
	// ENOTFOUND when there is none. Postgres uses FOR UPDATE SKIP LOCKED.
	ClaimSubmission(ctx context.Context, owner string, lease time.Duration) (*Submission, error)
	// RenewLease extends a lease; ECONFLICT when owner no longer holds it.
	RenewLease(ctx context.Context, id int64, owner string, lease time.Duration) error
	// RecordProgress stores the stages a judging has gone through so far (the
	// running one last) on a submission owner holds, replacing what was
	// recorded before; ECONFLICT when owner no longer holds it. A claim and a
	// release clear it; a finish keeps it.
	RecordProgress(ctx context.Context, id int64, owner string, progress []StageProgress) error
	// ReleaseSubmission puts a claimed submission back in the queue (shutdown, IE retry).
	ReleaseSubmission(ctx context.Context, id int64, owner string) error
	// FinishSubmission stores the result, and for scored submissions updates the
	// user's best score and leaderboard rows, in one transaction — only if owner
	// still holds the lease (ECONFLICT otherwise), so nothing is scored twice.
	FinishSubmission(ctx context.Context, id int64, owner string, status string, v Verdict, score float64, result json.RawMessage) error
}
