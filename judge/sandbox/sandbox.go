package sandbox

import (
	"context"
	"time"
)

// Level is how strongly a Runner isolates. It is recorded on every result.
type Level string

// Isolation levels, strongest first.
const (
	// LevelFull: namespaces, unprivileged uid, cgroup memory+pids limits.
	LevelFull Level = "full"
	// LevelUserNS: user namespaces without cgroup limits (an ordinary user's laptop).
	LevelUserNS Level = "userns"
	// LevelNone: no isolation at all; only with an explicit --insecure-no-sandbox.
	LevelNone Level = "none"
)

// Spec describes one run.
type Spec struct {
	// Path is the program, a file inside WorkDir (copied there by the caller).
	// It may be absolute or relative to WorkDir; under LevelFull it must lie
	// inside WorkDir or a ReadOnly path (nothing else exists in the sandbox)
	// and be executable by the sandbox uid.
	Path string
	// Args are the arguments after the program name (argv[0] is Path).
	Args []string
	// Env is the whole environment of the program; nothing is inherited.
	Env []string
	// WorkDir is a host directory that becomes the program's writable working
	// directory (and its only writable place besides a private /tmp). It is
	// visible at the same absolute path inside the sandbox. Under LevelFull
	// the sandbox chowns it (not its contents) to the sandbox uid so that the
	// program can create files in it.
	WorkDir string
	// ReadOnly lists further host paths visible read-only (e.g. shared
	// libraries a race-enabled binary needs). Nothing else of the host is visible.
	ReadOnly []string
	Stdin    []byte
	// ReportFD: when true the program gets fd 3, a pipe whose content is
	// returned in Result.Report. Only the judge's own test main writes it.
	ReportFD bool
	Limits   Limits
}

// Limits bound a run. Zero values mean the package defaults.
type Limits struct {
	Memory   int64         // bytes, via cgroups (v2 memory.max, v1 memory.limit_in_bytes)
	Pids     int           // processes+threads, via the pids cgroup
	CPUTime  time.Duration // total CPU time of the tree
	WallTime time.Duration
	Output   int64 // bytes of stdout+stderr kept; more ends the run with StatusOutputLimit
	Report   int64 // bytes of the report fd kept
	// FileSize bounds each file the program writes (RLIMIT_FSIZE; a write
	// beyond it fails with EFBIG): WorkDir is on the host's disk.
	FileSize int64
}

// Status says how a run ended.
type Status string

// Run outcomes.
const (
	StatusOK          Status = "ok"           // exited with status 0
	StatusNonZero     Status = "nonzero"      // exited with a non-zero status
	StatusSignaled    Status = "signaled"     // killed by a signal it did not get from us
	StatusTimeLimit   Status = "time_limit"   // CPU or wall time exceeded
	StatusMemoryLimit Status = "memory_limit" // the cgroup OOM killer fired
	StatusOutputLimit Status = "output_limit" // stdout+stderr exceeded Limits.Output
)

// Result is what one run produced.
type Result struct {
	Status   Status
	ExitCode int
	Signal   string
	Stdout   []byte // capped
	Stderr   []byte // capped
	Report   []byte // content of fd 3, when Spec.ReportFD
	// ReportTruncated is set when the program wrote more than Limits.Report
	// bytes to fd 3 (the rest was read and dropped; the run went on).
	ReportTruncated bool
	// PidsLimitHit is set when the pids cgroup refused a fork or thread
	// creation (the program usually dies of it with a non-zero status).
	PidsLimitHit bool
	CPUTime      time.Duration // user+system time of the whole tree
	WallTime     time.Duration
	MemoryPeak   int64 // bytes; the cgroup's peak (LevelFull), else the max RSS of one process
	Level        Level
}

// Runner runs programs in isolation. A Runner is safe for concurrent use.
// Run returns an error only when the sandbox itself failed (the judge's
// fault: IE); whatever the program did is in Result.
type Runner interface {
	Run(ctx context.Context, spec Spec) (*Result, error)
	Level() Level
	Close() error
}
