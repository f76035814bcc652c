package goprep

import (
	"context"
	"time"
)

// Difficulty levels.
const (
	DifficultyEasy   = "easy"
	DifficultyMedium = "medium"
	DifficultyHard   = "hard"
)

// Problem is a coding problem as stored in the database. The files that must
// never reach a candidate (hidden tests, reference, mutants) stay on disk in
// the problem folder and in Package, which the API never serializes.
type Problem struct {
	ID          int64             `json:"id"`
	Slug        string            `json:"slug"`
	TitleEN     string            `json:"title_en"`
	TitleZH     string            `json:"title_zh"`
	Topics      []string          `json:"topics"`
	Difficulty  string            `json:"difficulty"`
	Kind        string            `json:"kind"` // implement | fix
	StatementEN string            `json:"statement_en"`
	StatementZH string            `json:"statement_zh"`
	Starter     map[string]string `json:"starter"`      // file name -> code
	PublicTests map[string]string `json:"public_tests"` // file name -> code
	Limits      Limits            `json:"limits"`
	Checks      []string          `json:"checks"` // subset of tests, race, leak, bench
	// Spec is the problem.yaml as JSON; private to the judge.
	Spec        []byte    `json:"-"`
	ContentHash string    `json:"content_hash"`
	AuthorID    *int64    `json:"author_id,omitempty"`
	Source      string    `json:"source"` // "catalog" (loaded from disk) or "api"
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Limits bound one run of a candidate's code.
type Limits struct {
	TimeMS      int   `json:"time_ms"`
	MemoryBytes int64 `json:"memory_bytes"`
	OutputBytes int64 `json:"output_bytes"`
}

// ProblemFilter selects problems.
type ProblemFilter struct {
	Topic      string
	Difficulty string
	Q          string
}

// ProblemService stores problems.
type ProblemService interface {
	// UpsertProblem inserts or updates by slug; it reports whether the row changed.
	UpsertProblem(ctx context.Context, p *Problem) (changed bool, err error)
	ProblemBySlug(ctx context.Context, slug string) (*Problem, error)
	ListProblems(ctx context.Context, f ProblemFilter, p Page) ([]*Problem, string, int64, error)
}
