package judge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge/sandbox"
)

// Config configures a Judge.
type Config struct {
	// DataDir holds the judge's build cache, module cache and per-run work
	// dirs (default: $GOPREP_DATA or ./data, plus "/judge").
	DataDir string
	// Runner runs the candidate's test binaries; required.
	Runner sandbox.Runner
	// GoBin is the go command (default: "go" from PATH).
	GoBin string
	// ModuleProxy is where the warm-up fetches golang.org/x/sync and
	// go.uber.org/goleak when the judge's module cache lacks them (a GOPROXY
	// value). By default the judge tries, in order: its own cache, the host's
	// module cache (file://$(go env GOMODCACHE)/cache/download), and the
	// host's GOPROXY. Builds themselves always run with GOPROXY=off.
	ModuleProxy string
	// KeepWork keeps each run's work dir (for debugging).
	KeepWork bool
	Logger   *slog.Logger
}

// Judge runs the pipeline. It is safe for concurrent use: each Run has its
// own work module; the build and module caches are shared.
type Judge struct {
	cfg     Config
	dataDir string
	goBin   string
	runner  sandbox.Runner
	log     *slog.Logger

	modMu sync.Mutex
	mods  *modules

	warmMu  sync.Mutex
	stateMu sync.Mutex
	warm    WarmState

	plans       plans // build plans, see plan.go
	toolDirOnce sync.Once
	toolDirPath string
}

// New checks the configuration and creates the judge's directories.
func New(cfg Config) (*Judge, error) {
	if cfg.Runner == nil {
		return nil, errors.New("judge: a sandbox runner is required")
	}
	if cfg.DataDir == "" {
		cfg.DataDir = filepath.Join("data", "judge")
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	goBin := cfg.GoBin
	if goBin == "" {
		goBin = "go"
	}
	if goBin, err = exec.LookPath(goBin); err != nil {
		return nil, fmt.Errorf("judge: the go command was not found: %w", err)
	}
	for _, d := range []string{"home", "gopath", "gocache", "gomodcache", "tmp", "work"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, fmt.Errorf("judge: %w", err)
		}
	}
	// A go.mod at the root makes the data dir a module of its own, so that
	// when it lies inside a Go module (./data/judge in this repository) the
	// module cache in it is skipped by `go vet ./...` and `go test ./...`.
	// The judge's workspaces have their own go.mod; nothing changes for them.
	if marker := filepath.Join(dir, "go.mod"); !fileExists(marker) {
		if err := os.WriteFile(marker, []byte("// The judge's data, not source: this keeps `go ./...` out of it.\nmodule goprep.invalid/judgedata\n"), 0o644); err != nil {
			return nil, fmt.Errorf("judge: %w", err)
		}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Judge{cfg: cfg, dataDir: dir, goBin: goBin, runner: cfg.Runner, log: log}, nil
}

// Level is the sandbox level every result of this judge records.
func (j *Judge) Level() sandbox.Level { return j.runner.Level() }

// RunOptions tune one judging.
type RunOptions struct {
	// PublicOnly runs only the public tests (a "run", never scored): no
	// race, leak or bench stage.
	PublicOnly bool
	// Events, when set, receives every stage's start and end, in order, on
	// the judging goroutine; it must not block for long.
	Events func(Event)
}

// Run judges files (name -> source) against problem p. The returned error
// is the judge's own failure (IE: retry later, never the candidate's fault);
// whatever the candidate's code did is in the Result.
func (j *Judge) Run(ctx context.Context, p *Package, files map[string]string, opt RunOptions) (*Result, error) {
	r := &run{j: j, p: p, files: files, opt: opt, start: time.Now(),
		res: &Result{Problem: p.Spec.Slug, ProblemHash: p.Hash, Tests: []TestResult{}, Stages: []StageResult{},
			Sandbox: j.runner.Level(), Insecure: j.runner.Level() == sandbox.LevelNone, PublicOnly: opt.PublicOnly}}
	if !opt.PublicOnly {
		r.res.MaxScore = p.Spec.Scoring.Total()
	}
	err := r.pipeline(ctx)
	if r.w != nil && !j.cfg.KeepWork {
		os.RemoveAll(r.w.root)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		j.log.Error("judge internal error", "problem", p.Spec.Slug, "err", err)
		return nil, fmt.Errorf("judge %s: %w", p.Spec.Slug, err)
	}
	r.res.JudgeMS = time.Since(r.start).Milliseconds()
	r.emit(Event{Stage: StageScore, Status: StatusPass, Final: true, Verdict: r.res.Verdict, Score: r.res.Score,
		Message: r.res.Message})
	return r.res, nil
}

// run is the state of one judging.
type run struct {
	j     *Judge
	p     *Package
	files map[string]string
	opt   RunOptions
	start time.Time
	res   *Result
	w     *workspace
	plain buildOutput
	race  buildOutput
	// failed is set by the first failing stage: later stages still run for
	// evidence but score nothing.
	failed bool
}

func (r *run) emit(e Event) {
	if r.opt.Events != nil {
		r.opt.Events(e)
	}
}

// stage runs f as the named stage: an event before and after, its duration
// and outcome recorded. f returns the verdict of a failure ("" for a pass)
// and a message, or an error for the judge's own failure.
func (r *run) stage(name string, f func() (goprep.Verdict, string, error)) (goprep.Verdict, error) {
	r.emit(Event{Stage: name, Status: StatusRunning})
	start := time.Now()
	v, msg, err := f()
	if err != nil {
		return "", err
	}
	sr := StageResult{Name: name, Status: StatusPass, DurationMS: time.Since(start).Milliseconds(), Verdict: v, Message: msg}
	if v != "" {
		sr.Status = StatusFail
		if r.res.Verdict == "" {
			r.res.Verdict = v
			r.res.Message = msg
		}
		r.failed = true
	}
	r.res.Stages = append(r.res.Stages, sr)
	r.emit(Event{Stage: name, Status: sr.Status, DurationMS: sr.DurationMS, Verdict: v, Message: msg})
	return v, nil
}

func (r *run) skip(name, why string) {
	r.res.Stages = append(r.res.Stages, StageResult{Name: name, Status: StatusSkipped, Message: why})
	r.emit(Event{Stage: name, Status: StatusSkipped, Message: why})
}

// pipeline runs validate → build → test → race → leak → bench → score.
func (r *run) pipeline(ctx context.Context) error {
	spec := &r.p.Spec
	// Validate.
	v, err := r.stage(StageValidate, func() (goprep.Verdict, string, error) {
		rej, syntax := Gate(spec, r.files)
		r.res.Rejections = rej
		if len(rej) > 0 {
			d := rej[0]
			return goprep.VerdictRejected, fmt.Sprintf("%s: %s (rule %s)", loc(d), d.Message, d.Rule), nil
		}
		if len(syntax) > 0 {
			r.res.CompileErrors = syntax
			return goprep.VerdictCE, fmt.Sprintf("%s: %s", loc(syntax[0]), syntax[0].Message), nil
		}
		return "", "", nil
	})
	if err != nil {
		return err
	}
	later := []string{StageBuild, StageTest}
	if !r.opt.PublicOnly {
		later = append(later, StageRace, StageLeak, StageBench)
	}
	if v != "" {
		for _, s := range later {
			r.skip(s, "validation failed")
		}
		return r.score()
	}
	// Build.
	raceOn := spec.Checks.Race != nil && !r.opt.PublicOnly
	benchOn := spec.Checks.Bench != nil && !r.opt.PublicOnly && len(r.p.benchNames) > 0
	v, err = r.stage(StageBuild, func() (goprep.Verdict, string, error) {
		mods, err := r.j.ensureModules(ctx)
		if err != nil {
			return "", "", err
		}
		r.w, err = r.j.newWorkspace(mods, r.p, r.files, r.opt.PublicOnly, benchOn)
		if err != nil {
			return "", "", err
		}
		r.plain, r.race = r.j.build(ctx, r.w, raceOn)
		for _, b := range []buildOutput{r.plain, r.race} {
			if b.err == nil || b.binary == "" {
				continue
			}
			if ctx.Err() != nil {
				return "", "", ctx.Err()
			}
			diags, ok := compileErrors(b.out, r.w)
			if !ok {
				return "", "", fmt.Errorf("build: %v: %s", b.err, tail(string(b.out), 2000))
			}
			r.res.CompileErrors = diags
			return goprep.VerdictCE, fmt.Sprintf("%s: %s", loc(diags[0]), diags[0].Message), nil
		}
		return "", "", nil
	})
	if err != nil {
		return err
	}
	if v != "" {
		for _, s := range later[1:] {
			r.skip(s, "the build failed")
		}
		return r.score()
	}
	// Test.
	v, err = r.stage(StageTest, func() (goprep.Verdict, string, error) { return r.testStage(ctx) })
	if err != nil {
		return err
	}
	if r.opt.PublicOnly {
		return r.score()
	}
	if v != "" {
		for _, s := range later[2:] {
			r.skip(s, "the tests failed")
		}
		return r.score()
	}
	if spec.Checks.Race != nil {
		if _, err := r.stage(StageRace, func() (goprep.Verdict, string, error) { return r.raceStage(ctx) }); err != nil {
			return err
		}
	} else {
		r.skip(StageRace, "not enabled for this problem")
	}
	if spec.Checks.Leak != nil {
		if _, err := r.stage(StageLeak, func() (goprep.Verdict, string, error) { return r.leakStage(ctx) }); err != nil {
			return err
		}
	} else {
		r.skip(StageLeak, "not enabled for this problem")
	}
	if benchOn {
		if _, err := r.stage(StageBench, func() (goprep.Verdict, string, error) { return r.benchStage(ctx) }); err != nil {
			return err
		}
	} else {
		r.skip(StageBench, "not enabled for this problem")
	}
	return r.score()
}

// score fills Verdict and Score: points for each passed stage up to the
// first failure, in pipeline order.
func (r *run) score() error {
	if r.res.Verdict == "" {
		r.res.Verdict = goprep.VerdictAC
	}
	if r.opt.PublicOnly {
		r.res.Score = 0
		return nil
	}
	sc := r.p.Spec.Scoring
	points := map[string]float64{StageTest: sc.Tests, StageRace: sc.Race, StageLeak: sc.Leak, StageBench: sc.Bench}
	total := 0.0
	for _, s := range r.res.Stages {
		if s.Status == StatusFail {
			break
		}
		if s.Status == StatusPass {
			total += points[s.Name]
		}
	}
	r.res.Score = total
	return nil
}

func loc(d Diagnostic) string {
	switch {
	case d.File == "":
		return "submission"
	case d.Line == 0:
		return d.File
	default:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
