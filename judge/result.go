package judge

import (
	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge/sandbox"
)

// Stage names, in pipeline order.
const (
	StageValidate = "validate"
	StageBuild    = "build"
	StageTest     = "test"
	StageRace     = "race"
	StageLeak     = "leak"
	StageBench    = "bench"
	StageScore    = "score"
)

// Stage and check statuses.
const (
	StatusRunning = "running" // only in events
	StatusPass    = "pass"
	StatusFail    = "fail"
	StatusSkipped = "skipped"
)

// Test statuses.
const (
	TestPass   = "pass"
	TestFail   = "fail"
	TestSkip   = "skip"
	TestNotRun = "not_run"
)

// Result is everything one judging found. It is stored as the submission's
// result JSON and printed by `goprep check --json`.
type Result struct {
	Verdict  goprep.Verdict `json:"verdict"`
	Score    float64        `json:"score"`
	MaxScore float64        `json:"max_score"`
	// Message says in one line why the verdict is what it is.
	Message     string       `json:"message,omitempty"`
	Problem     string       `json:"problem"`
	ProblemHash string       `json:"problem_hash"`
	Tests       []TestResult `json:"tests"`
	// Rejections are the static gate's findings (verdict REJECTED).
	Rejections []Diagnostic `json:"rejections,omitempty"`
	// CompileErrors are mapped to the candidate's files (verdict CE).
	CompileErrors []Diagnostic  `json:"compile_errors,omitempty"`
	Checks        Checks        `json:"checks"`
	Stages        []StageResult `json:"stages"`
	// Crash holds the evidence of RE, DEADLOCK, TLE, MLE and OLE.
	Crash *Crash `json:"crash,omitempty"`
	// Sandbox is the isolation level the code ran under; Insecure is true
	// when that level is none.
	Sandbox  sandbox.Level `json:"sandbox"`
	Insecure bool          `json:"insecure,omitempty"`
	// TimeMS and MemoryBytes are the largest wall time and memory peak of
	// one test run; CPUTimeMS is the test stage's CPU time.
	TimeMS      int64 `json:"time_ms"`
	CPUTimeMS   int64 `json:"cpu_time_ms"`
	MemoryBytes int64 `json:"memory_bytes"`
	// JudgeMS is how long the whole judging took.
	JudgeMS int64 `json:"judge_ms"`
	// PublicOnly is true for a run of the public tests (not scored).
	PublicOnly bool `json:"public_only,omitempty"`
}

// TestResult is one top-level test.
type TestResult struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
	// Stage is test or leak.
	Stage string `json:"stage,omitempty"`
}

// Diagnostic is a finding at a place in the candidate's code.
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

// Checks holds the outcome of each enabled check, nil when disabled.
type Checks struct {
	Race  *RaceCheck  `json:"race,omitempty"`
	Leak  *LeakCheck  `json:"leak,omitempty"`
	Bench *BenchCheck `json:"bench,omitempty"`
}

// RaceCheck is the race stage's outcome.
type RaceCheck struct {
	Status string      `json:"status"`
	Report *RaceReport `json:"report,omitempty"`
}

// RaceReport is the first data race the detector found.
type RaceReport struct {
	// Accesses are the two conflicting accesses (and where their goroutines
	// were created), each with its stack.
	Accesses []RaceAccess `json:"accesses"`
	// Text is the report as the detector printed it, paths shortened.
	Text string `json:"text"`
}

// RaceAccess is one stack of a race report.
type RaceAccess struct {
	// Header is e.g. "Write at 0x00c000012345 by goroutine 8".
	Header string `json:"header"`
	// Location is the first frame in the candidate's files, "counter.go:15".
	Location string  `json:"location,omitempty"`
	Frames   []Frame `json:"frames"`
}

// Frame is one stack frame.
type Frame struct {
	Func      string `json:"func"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Candidate bool   `json:"candidate,omitempty"`
}

// LeakCheck is the leak stage's outcome.
type LeakCheck struct {
	Status string `json:"status"`
	// Test is the TestLeak* function that leaked.
	Test       string   `json:"test,omitempty"`
	Goroutines []string `json:"goroutines,omitempty"`
}

// BenchCheck is the bench stage's outcome.
type BenchCheck struct {
	Status     string        `json:"status"`
	Benchmarks []BenchResult `json:"benchmarks,omitempty"`
	Message    string        `json:"message,omitempty"`
}

// BenchResult compares one benchmark of the candidate with the reference:
// medians over interleaved pairs in one process.
type BenchResult struct {
	Name            string  `json:"name"`
	CandidateNs     float64 `json:"candidate_ns"`
	ReferenceNs     float64 `json:"reference_ns"`
	Ratio           float64 `json:"ratio"`
	MaxRatio        float64 `json:"max_ratio"`
	CandidateAllocs int64   `json:"candidate_allocs"`
	ReferenceAllocs int64   `json:"reference_allocs"`
	MaxAllocs       int64   `json:"max_allocs"`
	Pairs           int     `json:"pairs"`
	Status          string  `json:"status"`
}

// StageResult is one stage's outcome and duration.
type StageResult struct {
	Name       string         `json:"name"`
	Status     string         `json:"status"`
	DurationMS int64          `json:"duration_ms"`
	Verdict    goprep.Verdict `json:"verdict,omitempty"`
	Message    string         `json:"message,omitempty"`
}

// Crash is the evidence of a run that did not end normally.
type Crash struct {
	Stage string `json:"stage"`
	// Kind is panic, fatal, deadlock, timeout, memory, output or exit.
	Kind    string `json:"kind"`
	Message string `json:"message"`
	// Location is the innermost frame in the candidate's files, if any.
	Location   string   `json:"location,omitempty"`
	Goroutines []string `json:"goroutines,omitempty"`
	// Output is the tail of what the program printed, paths shortened.
	Output string `json:"output,omitempty"`
}

// Event reports progress: a stage starting (Status running) or ending.
type Event struct {
	Stage      string         `json:"stage"`
	Status     string         `json:"status"`
	DurationMS int64          `json:"duration_ms,omitempty"`
	Verdict    goprep.Verdict `json:"verdict,omitempty"`
	Message    string         `json:"message,omitempty"`
	// Final is set on the last event of a judging, with the verdict and score.
	Final bool    `json:"final,omitempty"`
	Score float64 `json:"score,omitempty"`
}
