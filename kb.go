package goprep

import (
	"context"
	"time"
)

// KBEntry is a knowledge-base entry: one question with its answers in English
// and Chinese. Entries are loaded from kb/ (Source "catalog") or authored
// through the API (Source "api").
type KBEntry struct {
	ID              int64     `json:"id"`
	Slug            string    `json:"slug"`
	Topic           string    `json:"topic"`
	Difficulty      string    `json:"difficulty"`
	Tags            []string  `json:"tags"`
	GoVersion       string    `json:"go_version,omitempty"`
	RelatedProblems []string  `json:"related_problems"`
	RelatedEntries  []string  `json:"related_entries"`
	EN              KBText    `json:"en"`
	ZH              KBText    `json:"zh"`
	ContentHash     string    `json:"content_hash"`
	Source          string    `json:"source"`
	EditedViaAPI    bool      `json:"edited_via_api"`
	Version         int       `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// KBText is one language's text of an entry (Markdown).
type KBText struct {
	Question    string `json:"question"`
	ShortAnswer string `json:"short_answer"`
	Answer      string `json:"answer"`
	FollowUps   string `json:"follow_ups"`
	Pitfalls    string `json:"pitfalls"`
}

// KBQuery is a search.
type KBQuery struct {
	Q          string
	Topic      string
	Difficulty string
	Lang       string // "en", "zh" or "" for both
}

// KBHit is an entry found by a search, with a highlighted snippet.
type KBHit struct {
	Entry   *KBEntry `json:"entry"`
	Snippet string   `json:"snippet"`
	Rank    float64  `json:"rank"`
}

// ReviewState is a candidate's spaced-repetition state for one entry (SM-2).
type ReviewState struct {
	UserID      int64     `json:"user_id"`
	EntryID     int64     `json:"entry_id"`
	Ease        float64   `json:"ease"`
	IntervalDay int       `json:"interval_days"`
	Reps        int       `json:"reps"`
	Lapses      int       `json:"lapses"`
	DueAt       time.Time `json:"due_at"`
	LastGrade   int       `json:"last_grade"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// KBService stores and searches entries.
type KBService interface {
	UpsertKBEntry(ctx context.Context, e *KBEntry) (changed bool, err error)
	KBEntryByID(ctx context.Context, id int64) (*KBEntry, error)
	KBEntryBySlug(ctx context.Context, slug string) (*KBEntry, error)
	SearchKB(ctx context.Context, q KBQuery, p Page) ([]KBHit, string, int64, error)
	DeleteKBEntry(ctx context.Context, id int64) error
	KBTopics(ctx context.Context) (map[string]int64, error)
}
