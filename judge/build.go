package judge

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Modules every work module requires; tests may import them, and solutions
// may when a problem allows them.
var workModules = []string{"go.uber.org/goleak@v1.3.0", "golang.org/x/sync@v0.25.0"}

// buildFlags are the flags of every build, the warm-up's included: each of
// them is part of the build cache key.
var buildFlags = []string{"-trimpath", "-vet=off", "-ldflags=-s -w"}

// buildTimeout bounds one `go test -c`.
const buildTimeout = 3 * time.Minute

// modules is the template every work module starts from.
type modules struct {
	goMod []byte // with a placeholder module line
	goSum []byte
}

// goEnv is the environment of every go command the judge runs: offline,
// no workspace, no user config, the judge's own caches.
func (j *Judge) goEnv(cgo bool, proxy string) []string {
	cg := "0"
	if cgo {
		cg = "1"
	}
	if proxy == "" {
		proxy = "off"
	}
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(j.dataDir, "home"),
		"GOPATH=" + filepath.Join(j.dataDir, "gopath"),
		"GOCACHE=" + filepath.Join(j.dataDir, "gocache"),
		"GOMODCACHE=" + filepath.Join(j.dataDir, "gomodcache"),
		"TMPDIR=" + filepath.Join(j.dataDir, "tmp"),
		"GOPROXY=" + proxy,
		"GOSUMDB=off",
		"GOFLAGS=-mod=mod",
		"GOTOOLCHAIN=local",
		"GOWORK=off",
		"GOENV=off",
		"GOTELEMETRY=off",
		"GOEXPERIMENT=",
		"CGO_ENABLED=" + cg,
	}
}

func (j *Judge) goCmd(ctx context.Context, dir string, cgo bool, proxy string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, j.goBin, args...)
	cmd.Dir = dir
	cmd.Env = j.goEnv(cgo, proxy)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	return out, err
}

// hostGoEnv returns the value of a go env variable in the go command's own
// environment (with its defaults and go.env applied), "" if it cannot tell.
func (j *Judge) hostGoEnv(ctx context.Context, name string) string {
	out, err := exec.CommandContext(ctx, j.goBin, "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// hostModuleProxy returns a file:// proxy over the module cache of the
// go command's own environment, where x/sync and goleak usually already are.
func (j *Judge) hostModuleProxy(ctx context.Context) string {
	dir := j.hostGoEnv(ctx, "GOMODCACHE")
	if dir == "" {
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, "cache", "download")); err != nil {
		return ""
	}
	return "file://" + filepath.ToSlash(filepath.Join(dir, "cache", "download"))
}

// ensureModules fills the judge's module cache (once) and computes the
// go.mod/go.sum every work module uses. Sources, in order: Config.ModuleProxy,
// the host's module cache, then the host's GOPROXY (as `go env` reports it, so
// the default proxy counts when the variable is unset).
func (j *Judge) ensureModules(ctx context.Context) (*modules, error) {
	j.modMu.Lock()
	defer j.modMu.Unlock()
	if j.mods != nil {
		return j.mods, nil
	}
	dir, err := os.MkdirTemp(filepath.Join(j.dataDir, "work"), "modtemplate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	mod := "module goprep.local/template\n\ngo 1.25\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		return nil, err
	}
	src := "package template\n\nimport (\n\t_ \"go.uber.org/goleak\"\n\t_ \"golang.org/x/sync/errgroup\"\n\t_ \"golang.org/x/sync/semaphore\"\n\t_ \"golang.org/x/sync/singleflight\"\n)\n"
	if err := os.WriteFile(filepath.Join(dir, "t.go"), []byte(src), 0o644); err != nil {
		return nil, err
	}
	// Offline first: the judge's cache may already hold everything.
	var lastOut []byte
	proxies := []string{"off", j.cfg.ModuleProxy, j.hostModuleProxy(ctx), j.hostGoEnv(ctx, "GOPROXY")}
	ok := false
	for _, proxy := range proxies {
		if proxy == "" {
			continue
		}
		args := append([]string{"get"}, workModules...)
		out, err := j.goCmd(ctx, dir, false, proxy, args...)
		if err == nil {
			out, err = j.goCmd(ctx, dir, false, proxy, "mod", "tidy")
		}
		if err == nil {
			ok = true
			break
		}
		lastOut = out
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	if !ok {
		return nil, fmt.Errorf("prepare the judge's module cache: %s", bytes.TrimSpace(lastOut))
	}
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, err
	}
	goSum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		return nil, err
	}
	j.mods = &modules{goMod: goMod, goSum: goSum}
	return j.mods, nil
}

// workspace is one judging's directories: mod (the module that is built)
// and run (what the sandbox sees: the test binaries only).
type workspace struct {
	root, mod, run string
	modPath        string
	pkg            *Package
	files          map[string]string // the candidate's
	publicOnly     bool
	pairs          []benchPair
}

func (w *workspace) write(rel, content string) error {
	p := filepath.Join(w.mod, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o644)
}

// newWorkspace lays out the work module: go.mod/go.sum, the candidate's
// files, the instrumented tests, the harness, and for the bench stage the
// reference as a subpackage with a renamed copy of bench_test.go.
func (j *Judge) newWorkspace(mods *modules, p *Package, files map[string]string, publicOnly, bench bool) (*workspace, error) {
	root, err := os.MkdirTemp(filepath.Join(j.dataDir, "work"), "run-")
	if err != nil {
		return nil, err
	}
	w := &workspace{root: root, mod: filepath.Join(root, "mod"), run: filepath.Join(root, "run"),
		modPath: "goprep.local/" + p.Spec.Package, pkg: p, files: files, publicOnly: publicOnly}
	if err := os.MkdirAll(w.run, 0o755); err != nil {
		return w, err
	}
	goMod := strings.Replace(string(mods.goMod), "module goprep.local/template", "module "+w.modPath, 1)
	if err := w.write("go.mod", goMod); err != nil {
		return w, err
	}
	if err := w.write("go.sum", string(mods.goSum)); err != nil {
		return w, err
	}
	for name, src := range files {
		if err := w.write(name, src); err != nil {
			return w, err
		}
	}
	tests := []string{"public_test.go"}
	if !publicOnly {
		tests = tests[:0]
		for name := range p.Tests {
			if name == "bench_test.go" && !bench {
				continue
			}
			tests = append(tests, name)
		}
	}
	for _, name := range tests {
		src, err := instrumentTest(name, p.Tests[name])
		if err != nil {
			return w, fmt.Errorf("instrument tests/%s: %w", name, err)
		}
		if err := w.write(name, src); err != nil {
			return w, err
		}
	}
	if bench {
		for name, src := range p.Reference {
			if err := w.write(refDir+"/"+name, src); err != nil {
				return w, err
			}
		}
		copySrc, renamed, err := refCopy(p.Tests["bench_test.go"], w.modPath)
		if err != nil {
			return w, fmt.Errorf("reference copy of bench_test.go: %w", err)
		}
		if err := w.write(benchRefFile, copySrc); err != nil {
			return w, err
		}
		for _, b := range p.benchNames {
			w.pairs = append(w.pairs, benchPair{Name: b, Cand: b, Ref: renamed[b]})
		}
	}
	if err := w.write(harnessDir+"/harness.go", harnessPackageSource); err != nil {
		return w, err
	}
	if err := w.write(harnessFile, harnessSource(p.Spec.Package, w.modPath, w.pairs)); err != nil {
		return w, err
	}
	return w, nil
}

// buildOutput is one `go test -c`.
type buildOutput struct {
	binary string
	out    []byte
	err    error
	dur    time.Duration
}

// build compiles the plain and (when race) the race test binaries into the
// run dir, replaying a recorded build plan when it has one (plan.go). Compiling runs none of the candidate's code: cgo was
// refused by the gate, and the go command runs no code of the package.
func (j *Judge) build(ctx context.Context, w *workspace, race bool) (plain, raced buildOutput) {
	ctx, cancel := context.WithTimeout(ctx, buildTimeout)
	defer cancel()
	base, keyed := planKeyFor(w) // the candidate's files are parsed once for both modes
	one := func(dst *buildOutput, name string, race bool) {
		start := time.Now()
		defer func() { dst.dur = time.Since(start) }()
		dst.binary = filepath.Join(w.run, name)
		key := base
		key.race = race
		if keyed {
			if plan := j.plans.get(key); plan != nil {
				out, err := plan.replay(ctx, w, j.goEnv(race, "off"))
				if err == nil {
					dst.out = out
					j.plans.replayed.Add(1)
					return
				}
				// A compile error, or a plan gone stale: the go command
				// builds again and has the last word.
				j.plans.drop(key)
			}
		}
		args := []string{"test", "-c", "-o", dst.binary}
		if race {
			args = append(args, "-race")
		}
		args = append(args, buildFlags...)
		if keyed {
			args = append(args, "-x", "-work")
		}
		args = append(args, ".")
		dst.out, dst.err = j.goCmd(ctx, w.mod, race, "off", args...)
		if !keyed {
			return
		}
		trace := dst.out
		if first, _, ok := bytes.Cut(trace, []byte("\n")); ok && bytes.HasPrefix(first, []byte("WORK=")) {
			defer os.RemoveAll(string(bytes.TrimPrefix(first, []byte("WORK="))))
		}
		dst.out = stripTrace(trace)
		if dst.err != nil {
			return
		}
		if toolDir := j.toolDir(ctx); toolDir != "" {
			if plan, err := parsePlan(trace, w, toolDir); err == nil {
				j.plans.put(key, plan)
			} else {
				j.log.Debug("build plan not kept", "problem", w.pkg.Spec.Slug, "race", race, "err", err)
			}
		}
	}
	// One after the other: a judging is a sequential pipeline and the worker
	// pool, one worker per core by default, is where judgings run in
	// parallel. Building both at once would make a lone judging 0.4 s
	// faster but every judging in a busy pool slower, and a compile error
	// found by the first build spares the second.
	one(&plain, "plain.test", false)
	if race && plain.err == nil {
		one(&raced, "race.test", true)
	}
	return plain, raced
}

var compileLineRE = regexp.MustCompile(`^(?:\./)?([A-Za-z0-9_./-]+\.go):(\d+)(?::(\d+))?: (.*)$`)

// compileErrors turns the go command's output into diagnostics on the
// candidate's files. Errors in test files name only public_test.go precisely;
// hidden files are reported as "tests" so their content stays hidden.
// ok is false when nothing in the output looks like a compile error (the
// judge's own failure).
func compileErrors(out []byte, w *workspace) (diags []Diagnostic, ok bool) {
	for _, line := range strings.Split(string(out), "\n") {
		m := compileLineRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		file := m[1]
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		msg := shortenPaths(m[4], w.modPath)
		switch _, cand := w.files[file]; {
		case cand, file == "public_test.go":
			diags = append(diags, Diagnostic{File: file, Line: ln, Col: col, Message: msg})
		default:
			diags = append(diags, Diagnostic{File: "tests", Message: msg})
		}
		if len(diags) == 20 {
			break
		}
	}
	return diags, len(diags) > 0
}

// WarmState says whether the build cache holds the judge's builds.
type WarmState struct {
	Warm     bool          `json:"warm"`
	Warming  bool          `json:"warming"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// Warm prepares the module cache and builds a small problem in both modes
// with exactly the judge's flags, so the standard library and the modules
// are in the build cache before the first submission. It blocks; run it in a
// goroutine at start-up. Concurrent calls wait for the first.
func (j *Judge) Warm(ctx context.Context) error {
	j.warmMu.Lock()
	defer j.warmMu.Unlock()
	if j.warm.Warm {
		return nil
	}
	j.setWarm(func(s *WarmState) { s.Warming = true })
	start := time.Now()
	err := j.warmOnce(ctx)
	j.setWarm(func(s *WarmState) {
		s.Warming = false
		s.Duration = time.Since(start)
		s.Warm = err == nil
		if err != nil {
			s.Error = err.Error()
		}
	})
	return err
}

func (j *Judge) warmOnce(ctx context.Context) error {
	mods, err := j.ensureModules(ctx)
	if err != nil {
		return err
	}
	p := warmPackage()
	w, err := j.newWorkspace(mods, p, p.Reference, false, true)
	if w != nil {
		defer os.RemoveAll(w.root)
	}
	if err != nil {
		return err
	}
	plain, raced := j.build(ctx, w, true)
	for _, b := range []buildOutput{plain, raced} {
		if b.err != nil {
			return fmt.Errorf("warm-up build: %v: %s", b.err, bytes.TrimSpace(b.out))
		}
	}
	return nil
}

func (j *Judge) setWarm(f func(*WarmState)) {
	j.stateMu.Lock()
	defer j.stateMu.Unlock()
	f(&j.warm)
}

// WarmState reports the warm-up's progress.
func (j *Judge) WarmState() WarmState {
	j.stateMu.Lock()
	defer j.stateMu.Unlock()
	return j.warm
}

// warmPackage is a tiny problem that imports what real problems import, so
// the warm-up compiles the same dependencies.
func warmPackage() *Package {
	sol := `package warm

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Sum adds xs concurrently.
func Sum(ctx context.Context, xs []int) (int, error) {
	var mu sync.Mutex
	total := 0
	g, _ := errgroup.WithContext(ctx)
	for _, x := range xs {
		g.Go(func() error { mu.Lock(); total += x; mu.Unlock(); return nil })
	}
	return total, g.Wait()
}
`
	test := `package warm_test

import (
	"context"
	"testing"
	"testing/synctest"

	"goprep.local/warm"
)

func TestSum(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got, _ := warm.Sum(context.Background(), []int{1, 2, 3}); got != 6 {
			t.Fatal(got)
		}
	})
}
`
	bench := `package warm_test

import (
	"context"
	"testing"

	"goprep.local/warm"
)

func BenchmarkSum(b *testing.B) {
	for b.Loop() {
		warm.Sum(context.Background(), []int{1, 2})
	}
}
`
	p := &Package{
		Spec:      Spec{Slug: "warm", Package: "warm"},
		Reference: map[string]string{"warm.go": sol},
		Tests:     map[string]string{"public_test.go": test, "hidden_test.go": strings.Replace(test, "TestSum(", "TestSumHidden(", 1), "bench_test.go": bench},
	}
	p.testNames = []string{"TestSum"}
	p.publicTest = []string{"TestSum"}
	p.benchNames = []string{"BenchmarkSum"}
	return p
}
