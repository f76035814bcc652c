package sandbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goprep/goprep"
)

// starter starts one program at one level; runner does everything around it.
type starter interface {
	// start starts spec.Path with files as its fds 0, 1, 2 (and 3).
	start(spec *Spec, lim Limits, files []*os.File) (proc, error)
	close() error
}

// proc is one started program.
type proc interface {
	// wait blocks until the program is gone and returns its status. Under
	// LevelNone it also kills what the program left behind before reaping it.
	wait() (*os.ProcessState, error)
	// killTree kills the program and everything it started. It may be
	// called any number of times, also concurrently with and after wait.
	killTree()
	// cpu is the tree's CPU time so far; false when it cannot be known.
	cpu() (time.Duration, bool)
	// finish fills what only the level knows (CPU, memory peak, OOM, pids)
	// after wait and releases the level's resources (the cgroup). It sets
	// res.Status to StatusMemoryLimit when the OOM killer fired.
	finish(res *Result, st *os.ProcessState) error
}

// runner is the Runner of every level.
type runner struct {
	level    Level
	st       starter
	defaults Limits

	mu     sync.Mutex
	closed bool
	active sync.WaitGroup
}

func newRunner(level Level, st starter, defaults Limits) *runner {
	return &runner{level: level, st: st, defaults: defaults}
}

// Level implements Runner.
func (r *runner) Level() Level { return r.level }

// Close implements Runner: it waits for the runs in progress and releases
// what the Runner holds (its cgroup, its root mount point).
func (r *runner) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	r.mu.Unlock()
	r.active.Wait()
	return r.st.close()
}

// readGrace bounds how long output is still read after the program and its
// tree are gone: only a process that escaped the tree (possible only under
// LevelNone) can hold a pipe open that long.
const readGrace = 200 * time.Millisecond

// Run implements Runner.
func (r *runner) Run(ctx context.Context, spec Spec) (*Result, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, goprep.Errorf(goprep.EUNAVAILABLE, "sandbox: runner closed")
	}
	r.active.Add(1)
	r.mu.Unlock()
	defer r.active.Done()

	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if err := normalize(&spec); err != nil {
		return nil, err
	}
	lim := spec.Limits.withDefaults(r.defaults)

	var (
		parentEnds []*os.File // closed when Run returns
		childEnds  []*os.File // closed once the child has them
	)
	closeAll := func(fs []*os.File) {
		for _, f := range fs {
			f.Close()
		}
	}
	defer func() { closeAll(parentEnds) }()

	var stdinR, stdinW *os.File
	if len(spec.Stdin) == 0 {
		f, err := os.Open(os.DevNull)
		if err != nil {
			return nil, fmt.Errorf("sandbox: stdin: %w", err)
		}
		stdinR = f
	} else {
		pr, pw, err := os.Pipe()
		if err != nil {
			return nil, fmt.Errorf("sandbox: stdin pipe: %w", err)
		}
		stdinR, stdinW = pr, pw
		parentEnds = append(parentEnds, pw)
	}
	childEnds = append(childEnds, stdinR)
	pipe := func() (*os.File, error) {
		pr, pw, err := os.Pipe()
		if err != nil {
			closeAll(childEnds)
			return nil, fmt.Errorf("sandbox: pipe: %w", err)
		}
		parentEnds = append(parentEnds, pr)
		childEnds = append(childEnds, pw)
		return pr, nil
	}
	stdoutR, err := pipe()
	if err != nil {
		return nil, err
	}
	stderrR, err := pipe()
	if err != nil {
		return nil, err
	}
	var reportR *os.File
	if spec.ReportFD {
		if reportR, err = pipe(); err != nil {
			return nil, err
		}
	}

	start := time.Now()
	p, err := r.st.start(&spec, lim, childEnds)
	closeAll(childEnds)
	if err != nil {
		return nil, err
	}

	var (
		once       sync.Once
		killedFor  Status
		readers    sync.WaitGroup
		outTotal   atomic.Int64
		res        = &Result{Level: r.level}
		reportOver bool
	)
	kill := func(s Status) {
		once.Do(func() { killedFor = s })
		p.killTree()
	}

	if stdinW != nil {
		readers.Add(1)
		go func() {
			defer readers.Done()
			stdinW.Write(spec.Stdin) // a program that does not read its input is fine
			stdinW.Close()
		}()
	}
	capture := func(f *os.File, into *[]byte) {
		defer readers.Done()
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				after := outTotal.Add(int64(n))
				before := after - int64(n)
				if keep := lim.Output - before; keep > 0 {
					*into = append(*into, buf[:min(int64(n), keep)]...)
				}
				if after > lim.Output {
					kill(StatusOutputLimit)
				}
			}
			if err != nil {
				return
			}
		}
	}
	readers.Add(2)
	go capture(stdoutR, &res.Stdout)
	go capture(stderrR, &res.Stderr)
	if reportR != nil {
		readers.Add(1)
		go func() {
			defer readers.Done()
			buf := make([]byte, 32<<10)
			for {
				n, err := reportR.Read(buf)
				if n > 0 {
					keep := max(0, min(int64(n), lim.Report-int64(len(res.Report))))
					res.Report = append(res.Report, buf[:keep]...)
					if keep < int64(n) {
						reportOver = true
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}

	// The watchdog enforces the wall and CPU limits and the caller's context.
	done := make(chan struct{})
	var watchdog sync.WaitGroup
	watchdog.Add(1)
	var canceled atomic.Bool
	go func() {
		defer watchdog.Done()
		wall := time.NewTimer(lim.WallTime - time.Since(start))
		defer wall.Stop()
		poll := time.NewTimer(cpuPollDelay(lim.CPUTime, 0))
		defer poll.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				canceled.Store(true)
				p.killTree()
				return
			case <-wall.C:
				kill(StatusTimeLimit)
				return
			case <-poll.C:
				used, ok := p.cpu()
				if !ok {
					continue // the wall limit still holds
				}
				if used >= lim.CPUTime {
					kill(StatusTimeLimit)
					return
				}
				poll.Reset(cpuPollDelay(lim.CPUTime, used))
			}
		}
	}()

	state, waitErr := p.wait()
	res.WallTime = time.Since(start)
	close(done)
	watchdog.Wait()
	p.killTree()
	deadline := time.Now().Add(readGrace)
	stdoutR.SetReadDeadline(deadline)
	stderrR.SetReadDeadline(deadline)
	if reportR != nil {
		reportR.SetReadDeadline(deadline)
	}
	readers.Wait()
	finErr := p.finish(res, state)
	if waitErr != nil {
		return nil, fmt.Errorf("sandbox: wait: %w", waitErr)
	}
	if finErr != nil {
		return nil, finErr
	}
	if canceled.Load() {
		return nil, fmt.Errorf("sandbox: run canceled: %w", context.Cause(ctx))
	}
	res.ReportTruncated = reportOver
	classify(res, state, killedFor, lim)
	return res, nil
}

// classify sets Status, ExitCode and Signal. res.Status may already say
// StatusMemoryLimit (set by finish); our own kill reason wins over it.
func classify(res *Result, st *os.ProcessState, killedFor Status, lim Limits) {
	res.ExitCode = st.ExitCode()
	if sig, ok := signalOf(st); ok {
		res.Signal = sig
	}
	switch {
	case killedFor != "":
		res.Status = killedFor
	case res.Status == StatusMemoryLimit:
	case res.CPUTime > lim.CPUTime:
		res.Status = StatusTimeLimit
	case res.Signal != "":
		res.Status = StatusSignaled
	case res.ExitCode == 0:
		res.Status = StatusOK
	default:
		res.Status = StatusNonZero
	}
}

// cpuPollDelay is how long the tree cannot reach the CPU limit: even with
// every core busy it needs (limit-used)/cores more wall time.
func cpuPollDelay(limit, used time.Duration) time.Duration {
	d := (limit - used) / time.Duration(runtime.NumCPU())
	return min(max(d, 2*time.Millisecond), 250*time.Millisecond)
}

// normalize checks spec and makes its paths absolute and clean.
func normalize(spec *Spec) error {
	if spec.WorkDir == "" || spec.Path == "" {
		return goprep.Errorf(goprep.EINVALID, "sandbox: Path and WorkDir are required")
	}
	wd, err := filepath.Abs(spec.WorkDir)
	if err != nil {
		return goprep.Errorf(goprep.EINVALID, "sandbox: work dir: %v", err)
	}
	if fi, err := os.Stat(wd); err != nil || !fi.IsDir() {
		return goprep.Errorf(goprep.EINVALID, "sandbox: work dir %s is not a directory", wd)
	}
	spec.WorkDir = wd
	if !filepath.IsAbs(spec.Path) {
		spec.Path = filepath.Join(wd, spec.Path)
	}
	spec.Path = filepath.Clean(spec.Path)
	if fi, err := os.Stat(spec.Path); err != nil || fi.IsDir() {
		return goprep.Errorf(goprep.EINVALID, "sandbox: program %s is not a file", spec.Path)
	}
	ro := make([]string, 0, len(spec.ReadOnly))
	for _, p := range spec.ReadOnly {
		if !filepath.IsAbs(p) {
			return goprep.Errorf(goprep.EINVALID, "sandbox: read-only path %q is not absolute", p)
		}
		ro = append(ro, filepath.Clean(p))
	}
	spec.ReadOnly = ro
	if spec.Env == nil {
		spec.Env = []string{}
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	if path == dir {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !filepath.IsAbs(rel) && !startsWithDotDot(rel)
}

func startsWithDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:3] == ".."+string(filepath.Separator)
}
