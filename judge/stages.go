package judge

import (
	"context"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge/sandbox"
)

// deadlockDiagTimeout is the -test.timeout of the second, diagnostic run
// after a wall-time kill: its panic dump shows what every goroutine waited on.
const deadlockDiagTimeout = 3 * time.Second

// sharedLibDirs are made visible read-only to race binaries (cgo links libc).
var sharedLibDirs = []string{"/lib", "/lib64", "/usr/lib", "/usr/lib64"}

// runOutcome is one execution of a test binary, classified.
type runOutcome struct {
	res     *sandbox.Result
	report  *harnessReport
	repErr  error
	verdict goprep.Verdict
	msg     string
	crash   *Crash
	failed  []string // tests that failed
}

// exec runs binary in the sandbox with args and extra env.
func (r *run) exec(ctx context.Context, binary string, args, env []string, wall time.Duration, memory int64) (*sandbox.Result, error) {
	spec := sandbox.Spec{
		Path:     binary,
		Args:     args,
		Env:      append([]string{"GOTRACEBACK=all", "HOME=" + r.w.run, "TMPDIR=" + r.w.run}, env...),
		WorkDir:  r.w.run,
		ReportFD: true,
		Limits: sandbox.Limits{
			Memory:   memory,
			WallTime: wall,
			CPUTime:  wall * 4,
			Output:   int64(r.p.Spec.Limits.Output),
		},
	}
	if strings.HasSuffix(binary, "race.test") {
		for _, d := range sharedLibDirs {
			if _, err := os.Stat(d); err == nil {
				spec.ReadOnly = append(spec.ReadOnly, d)
			}
		}
	}
	res, err := r.j.runner.Run(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if r.res.TimeMS < res.WallTime.Milliseconds() {
		r.res.TimeMS = res.WallTime.Milliseconds()
	}
	if r.res.MemoryBytes < res.MemoryPeak {
		r.res.MemoryBytes = res.MemoryPeak
	}
	return res, nil
}

// testRun runs binary with the test flags and classifies the outcome against
// the tests that must have run (expected).
func (r *run) testRun(ctx context.Context, stage, binary string, args, env []string, wall time.Duration, memory int64, expected []string) (*runOutcome, error) {
	base := []string{"-test.v=test2json", "-test.timeout=0", "-test.count=1", "-test.paniconexit0"}
	res, err := r.exec(ctx, binary, append(base, args...), env, wall, memory)
	if err != nil {
		return nil, err
	}
	o := &runOutcome{res: res}
	if len(res.Report) > 0 {
		o.report, o.repErr = parseReport(res.Report)
	}
	out := shortenPaths(string(res.Stdout)+"\n"+string(res.Stderr), r.w.modPath)
	stderr := shortenPaths(string(res.Stderr), r.w.modPath)
	crash := func(kind, msg string, gs []goroutineDump) {
		c := &Crash{Stage: stage, Kind: kind, Message: msg, Output: tail(out, 8<<10)}
		for _, g := range gs {
			if l := candidateLocation(g.Frames); l != "" && c.Location == "" {
				c.Location = l
			}
			if len(c.Goroutines) < 20 {
				c.Goroutines = append(c.Goroutines, g.Text)
			}
		}
		o.crash = c
	}
	switch {
	case res.Status == sandbox.StatusMemoryLimit:
		o.verdict, o.msg = goprep.VerdictMLE, fmt.Sprintf("memory limit of %d MiB exceeded", memory>>20)
		crash("memory", o.msg, nil)
		return o, nil
	case res.Status == sandbox.StatusOutputLimit:
		o.verdict, o.msg = goprep.VerdictOLE, fmt.Sprintf("output limit of %d bytes exceeded", r.p.Spec.Limits.Output)
		crash("output", o.msg, nil)
		return o, nil
	case res.Status == sandbox.StatusTimeLimit && res.MemoryPeak >= memory*8/10:
		// Stalled at the memory limit (reclaim) rather than killed by it.
		o.verdict, o.msg = goprep.VerdictMLE, fmt.Sprintf("memory limit of %d MiB exhausted (peak %d MiB)", memory>>20, res.MemoryPeak>>20)
		crash("memory", o.msg, nil)
		return o, nil
	case res.Status == sandbox.StatusTimeLimit:
		return r.timeout(ctx, o, stage, binary, args, env, memory, crash)
	}
	if stage == StageLeak && strings.Contains(stderr, "deadlock: all goroutines in bubble are blocked") {
		// In a leak test a bubble that cannot finish is goroutines left blocked.
		gs := parseGoroutines(stderr, r.files)
		o.verdict, o.msg = goprep.VerdictLeak, "goroutines left blocked in the synctest bubble: "+firstLineWith(stderr, "deadlock: all goroutines in bubble")
		crash("leak", o.msg, gs)
		return o, nil
	}
	if strings.Contains(stderr, "all goroutines are asleep - deadlock!") ||
		strings.Contains(stderr, "deadlock: all goroutines in bubble are blocked") {
		gs := parseGoroutines(stderr, r.files)
		o.verdict, o.msg = goprep.VerdictDeadlock, "all goroutines are asleep: deadlock"
		if l := firstLineWith(stderr, "deadlock: all goroutines in bubble"); l != "" {
			o.msg = l
		}
		crash("deadlock", o.msg, gs)
		return o, nil
	}
	if strings.Contains(stderr, "blocked goroutines remain") {
		gs := parseGoroutines(stderr, r.files)
		o.verdict, o.msg = goprep.VerdictLeak, "goroutines left blocked when the test ended (synctest)"
		crash("leak", o.msg, gs)
		return o, nil
	}
	if o.report == nil {
		gs := parseGoroutines(stderr, r.files)
		kind, msg := "exit", fmt.Sprintf("the test binary ended without the judge's report (%s)", exitText(res))
		if l := firstLineWith(stderr, "panic: "); l != "" {
			kind, msg = "panic", l
		} else if l := firstLineWith(stderr, "fatal error: "); l != "" {
			kind, msg = "fatal", l
		}
		if o.repErr != nil {
			msg += "; " + o.repErr.Error()
		}
		o.verdict, o.msg = goprep.VerdictRE, msg
		crash(kind, msg, gs)
		if o.crash.Location != "" {
			o.msg += " at " + o.crash.Location
		}
		return o, nil
	}
	// The report is the only source of pass/fail.
	got := map[string]*TestResult{}
	for _, t := range o.report.Tests {
		tr := got[t.Name]
		if tr == nil {
			tr = &TestResult{Name: t.Name, Status: TestPass, Stage: stage}
			got[t.Name] = tr
		}
		switch {
		case t.Failed:
			tr.Status = TestFail
		case t.Skipped && tr.Status == TestPass:
			tr.Status = TestSkip
		}
	}
	msgs := testMessages(string(res.Stdout), r.w.modPath)
	for _, name := range expected {
		tr := got[name]
		if tr == nil {
			tr = &TestResult{Name: name, Status: TestNotRun, Stage: stage, Message: "the test did not run to the end"}
		}
		if tr.Status != TestPass {
			o.failed = append(o.failed, name)
			if tr.Message == "" {
				tr.Message = msgs[name]
			}
		}
		if stage == StageTest || stage == StageLeak {
			r.res.Tests = append(r.res.Tests, *tr)
		}
	}
	switch {
	case len(o.failed) > 0:
		o.verdict = goprep.VerdictWA
		o.msg = fmt.Sprintf("%d of %d tests failed: %s", len(o.failed), len(expected), strings.Join(o.failed, ", "))
		if m := firstLine(msgs[o.failed[0]]); m != "" {
			o.msg += ": " + m
		}
	case o.report.Code != 0 || res.Status != sandbox.StatusOK:
		o.verdict, o.msg = goprep.VerdictRE, fmt.Sprintf("the tests passed but the binary failed (%s)", exitText(res))
		crash("exit", o.msg, nil)
	}
	return o, nil
}

// timeout classifies a wall-time kill: a diagnostic rerun with an internal
// -test.timeout dumps every goroutine; blocked in channel or lock operations
// with nothing running means DEADLOCK, anything else TLE.
func (r *run) timeout(ctx context.Context, o *runOutcome, stage, binary string, args, env []string, memory int64,
	crash func(string, string, []goroutineDump)) (*runOutcome, error) {
	limit := r.p.Spec.Limits.Time.D()
	o.verdict, o.msg = goprep.VerdictTLE, fmt.Sprintf("time limit of %v exceeded", limit)
	busy := o.res.CPUTime > o.res.WallTime/2
	if busy {
		crash("timeout", o.msg+" (busy: the CPU was in use the whole time)", nil)
		return o, nil
	}
	diagArgs := append([]string{"-test.v=test2json", "-test.count=1", "-test.timeout=" + deadlockDiagTimeout.String()}, args...)
	res, err := r.exec(ctx, binary, diagArgs, env, deadlockDiagTimeout+10*time.Second, memory)
	if err != nil {
		return nil, err
	}
	stderr := shortenPaths(string(res.Stderr), r.w.modPath)
	gs := parseGoroutines(stderr, r.files)
	switch {
	case res.Status == sandbox.StatusMemoryLimit || res.MemoryPeak >= memory*8/10:
		o.verdict, o.msg = goprep.VerdictMLE, fmt.Sprintf("memory limit of %d MiB exhausted (peak %d MiB)", memory>>20, res.MemoryPeak>>20)
		crash("memory", o.msg, nil)
		return o, nil
	case strings.Contains(stderr, "panic: test timed out") && looksDeadlocked(gs, r.files):
		o.verdict, o.msg = goprep.VerdictDeadlock, "the tests hung with goroutines blocked on channels or locks"
		crash("deadlock", o.msg, blockedOnly(gs, r.files))
	default:
		crash("timeout", o.msg, gs)
	}
	if o.crash.Location != "" {
		o.msg += " at " + o.crash.Location
	}
	return o, nil
}

func blockedOnly(gs []goroutineDump, cand map[string]string) []goroutineDump {
	var out []goroutineDump
	for _, g := range gs {
		if !blockedStates[g.State] {
			continue
		}
		for _, f := range g.Frames {
			if inModule(f, cand) {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

func exitText(res *sandbox.Result) string {
	switch {
	case res.Signal != "":
		return "signal " + res.Signal
	case res.Status == sandbox.StatusOK:
		return "exit status 0"
	default:
		return fmt.Sprintf("exit status %d", res.ExitCode)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

func anchored(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return "^(" + strings.Join(q, "|") + ")$"
}

func (r *run) memory() int64 { return int64(r.p.Spec.Limits.Memory) }

// testStage runs the tests (all but TestLeak*) once with the plain binary.
func (r *run) testStage(ctx context.Context) (goprep.Verdict, string, error) {
	expected := r.p.testNames
	if r.opt.PublicOnly {
		expected = r.p.publicTest
	}
	args := []string{"-test.run=" + anchored(expected)}
	o, err := r.testRun(ctx, StageTest, r.plain.binary, args, []string{modeEnv + "=test"}, r.p.Spec.Limits.Time.D(), r.memory(), expected)
	if err != nil {
		return "", "", err
	}
	r.res.CPUTimeMS = o.res.CPUTime.Milliseconds()
	if o.crash != nil && r.res.Crash == nil {
		r.res.Crash = o.crash
	}
	return o.verdict, o.msg, nil
}

// raceStage runs the same tests with the race binary, the problem's
// -test.cpu values and count, halting at the first race.
func (r *run) raceStage(ctx context.Context) (goprep.Verdict, string, error) {
	rs := r.p.Spec.Checks.Race
	cpus := make([]string, len(rs.CPU))
	for i, c := range rs.CPU {
		cpus[i] = strconv.Itoa(c)
	}
	args := []string{"-test.run=" + anchored(r.p.testNames), "-test.cpu=" + strings.Join(cpus, ","),
		"-test.count=" + strconv.Itoa(rs.Count)}
	runs := time.Duration(len(rs.CPU) * rs.Count)
	wall := r.p.Spec.Limits.Time.D() * runs
	if wall > 2*time.Minute {
		wall = 2 * time.Minute
	}
	env := []string{modeEnv + "=race", "GORACE=halt_on_error=1 atexit_sleep_ms=0"}
	mem := r.memory()*4 + 256<<20
	res, err := r.exec(ctx, r.race.binary, append([]string{"-test.v=test2json", "-test.timeout=0", "-test.paniconexit0"}, args...), env, wall, mem)
	if err != nil {
		return "", "", err
	}
	check := &RaceCheck{Status: StatusPass}
	r.res.Checks.Race = check
	if rep := parseRace(string(res.Stderr), r.w.modPath, r.files); rep != nil {
		check.Status = StatusFail
		check.Report = rep
		msg := "data race"
		var locs []string
		for _, a := range rep.Accesses {
			if a.Location != "" && !strings.Contains(strings.ToLower(a.Header), "created at") {
				locs = append(locs, a.Location)
			}
		}
		if len(locs) > 0 {
			msg += " between " + strings.Join(locs, " and ")
		}
		return goprep.VerdictRace, msg, nil
	}
	// No race: the run must otherwise be clean; classify it like the test
	// stage when it is not (e.g. a bug that shows only with more CPUs).
	if res.Status == sandbox.StatusOK && len(res.Report) > 0 {
		if rep, err := parseReport(res.Report); err == nil && rep.Code == 0 {
			allPass := true
			for _, t := range rep.Tests {
				allPass = allPass && !t.Failed
			}
			if allPass {
				return "", "", nil
			}
		}
	}
	check.Status = StatusFail
	o2, err := r.testRun(ctx, StageRace, r.race.binary, args, env, wall, mem, r.p.testNames)
	if err != nil {
		return "", "", err
	}
	if rep := parseRace(string(o2.res.Stderr), r.w.modPath, r.files); rep != nil {
		check.Report = rep
		return goprep.VerdictRace, "data race (found on a second run)", nil
	}
	if o2.verdict == "" {
		// The rerun passed: the first failure (no race report) was not
		// reproducible, e.g. a run slowed down by a loaded machine.
		check.Status = StatusPass
		r.j.log.Warn("race stage: first run failed without a race, rerun passed", "problem", r.p.Spec.Slug,
			"status", res.Status, "exit", res.ExitCode)
		return "", "", nil
	}
	if o2.crash != nil && r.res.Crash == nil {
		r.res.Crash = o2.crash
	}
	return o2.verdict, o2.msg + " (under -race, -test.cpu " + strings.Join(cpus, ",") + ")", nil
}

// leakStage runs each TestLeak* alone with the plain binary; the harness
// checks with goleak after the test, a synctest bubble left blocked panics.
func (r *run) leakStage(ctx context.Context) (goprep.Verdict, string, error) {
	check := &LeakCheck{Status: StatusPass}
	r.res.Checks.Leak = check
	for _, name := range r.p.leakNames {
		args := []string{"-test.run=" + anchored([]string{name})}
		o, err := r.testRun(ctx, StageLeak, r.plain.binary, args, []string{modeEnv + "=leak"}, r.p.Spec.Limits.Time.D(), r.memory(), []string{name})
		if err != nil {
			return "", "", err
		}
		if o.verdict == goprep.VerdictLeak {
			check.Status, check.Test = StatusFail, name
			if o.crash != nil {
				check.Goroutines = o.crash.Goroutines
			}
			return goprep.VerdictLeak, name + ": " + o.msg, nil
		}
		if o.verdict != "" {
			check.Status, check.Test = StatusFail, name
			if o.crash != nil && r.res.Crash == nil {
				r.res.Crash = o.crash
			}
			return o.verdict, name + ": " + o.msg, nil
		}
		if o.report.Leak != "" {
			check.Status, check.Test = StatusFail, name
			check.Goroutines = splitLeak(shortenPaths(o.report.Leak, r.w.modPath))
			msg := fmt.Sprintf("%s: %d goroutine(s) still running after the test", name, len(check.Goroutines))
			if gs := parseGoroutines(strings.Join(check.Goroutines, "\n\n"), r.files); len(gs) > 0 {
				for _, g := range gs {
					if l := candidateLocation(g.Frames); l != "" {
						msg += ", started or blocked at " + l
						break
					}
				}
			}
			return goprep.VerdictLeak, msg, nil
		}
	}
	return "", "", nil
}

// splitLeak cuts goleak's error text into one string per goroutine.
func splitLeak(s string) []string {
	var out []string
	s = strings.TrimPrefix(s, "found unexpected goroutines:\n")
	for _, part := range strings.Split(s, "\n\n") {
		part = strings.Trim(part, "[]\n ")
		if part != "" {
			out = append(out, part)
		}
		if len(out) == 20 {
			break
		}
	}
	return out
}

// benchStage measures every benchmark of the candidate against the same
// benchmark on the reference, in interleaved pairs in one process, and
// measures once more when the median ratio is within 10% of the limit.
func (r *run) benchStage(ctx context.Context) (goprep.Verdict, string, error) {
	bs := r.p.Spec.Checks.Bench
	check := &BenchCheck{Status: StatusPass}
	r.res.Checks.Bench = check
	measure := func() (*harnessReport, *runOutcome, error) {
		per := time.Duration(bs.Pairs*2*len(r.p.benchNames)) * (benchRunTime*3 + 20*time.Millisecond)
		wall := per + r.p.Spec.Limits.Time.D()
		args := []string{"-test.run=^$", "-test.benchtime=" + benchRunTime.String(), "-test.timeout=0"}
		env := []string{modeEnv + "=bench", benchPairsEnv + "=" + strconv.Itoa(bs.Pairs), benchProcsEnv + "=" + strconv.Itoa(bs.GOMAXPROCS)}
		res, err := r.exec(ctx, r.plain.binary, args, env, wall, r.memory())
		if err != nil {
			return nil, nil, err
		}
		o := &runOutcome{res: res}
		switch res.Status {
		case sandbox.StatusTimeLimit:
			o.verdict, o.msg = goprep.VerdictSlow, fmt.Sprintf("the benchmarks did not finish within %v", wall.Round(time.Second))
			return nil, o, nil
		case sandbox.StatusMemoryLimit:
			o.verdict, o.msg = goprep.VerdictMLE, "memory limit exceeded in the benchmarks"
			return nil, o, nil
		case sandbox.StatusOutputLimit:
			o.verdict, o.msg = goprep.VerdictOLE, "output limit exceeded in the benchmarks"
			return nil, o, nil
		}
		rep, err := parseReport(res.Report)
		if err != nil || rep.Mode != "bench" {
			stderr := shortenPaths(string(res.Stderr), r.w.modPath)
			msg := "the benchmarks crashed"
			if l := firstLineWith(stderr, "panic: "); l != "" {
				msg += ": " + l
			}
			o.verdict, o.msg = goprep.VerdictRE, msg
			o.crash = &Crash{Stage: StageBench, Kind: "panic", Message: msg, Output: tail(stderr, 8<<10)}
			return nil, o, nil
		}
		return rep, nil, nil
	}
	rep, bad, err := measure()
	if err != nil {
		return "", "", err
	}
	if bad != nil {
		check.Status, check.Message = StatusFail, bad.msg
		if bad.crash != nil && r.res.Crash == nil {
			r.res.Crash = bad.crash
		}
		return bad.verdict, bad.msg, nil
	}
	results := summarizeBench(rep, bs)
	grey := false
	for _, b := range results {
		if b.Ratio > bs.Ratio*0.9 && b.Ratio < bs.Ratio*1.1 {
			grey = true
		}
	}
	if grey {
		rep2, bad, err := measure()
		if err != nil {
			return "", "", err
		}
		if bad == nil {
			for i := range rep.Bench {
				for _, b2 := range rep2.Bench {
					if b2.Name == rep.Bench[i].Name {
						rep.Bench[i].CandNs = append(rep.Bench[i].CandNs, b2.CandNs...)
						rep.Bench[i].RefNs = append(rep.Bench[i].RefNs, b2.RefNs...)
						rep.Bench[i].CandAllocs = append(rep.Bench[i].CandAllocs, b2.CandAllocs...)
						rep.Bench[i].RefAllocs = append(rep.Bench[i].RefAllocs, b2.RefAllocs...)
						rep.Bench[i].CandFailed = rep.Bench[i].CandFailed || b2.CandFailed
					}
				}
			}
			results = summarizeBench(rep, bs)
		}
	}
	check.Benchmarks = results
	for _, b := range results {
		if b.Status == StatusPass {
			continue
		}
		check.Status = StatusFail
		var msg string
		switch {
		case b.Pairs == 0:
			msg = b.Name + ": the benchmark failed on the candidate's code"
		case b.CandidateAllocs > b.MaxAllocs:
			msg = fmt.Sprintf("%s: %d allocs/op, the reference %d (at most %d allowed)", b.Name, b.CandidateAllocs, b.ReferenceAllocs, b.MaxAllocs)
		default:
			msg = fmt.Sprintf("%s: %.0f ns/op, %.2f× the reference's %.0f ns/op (at most %.2f× allowed)", b.Name, b.CandidateNs, b.Ratio, b.ReferenceNs, b.MaxRatio)
		}
		check.Message = msg
		return goprep.VerdictSlow, msg, nil
	}
	return "", "", nil
}

// summarizeBench turns the raw pairs into medians and a pass/fail per
// benchmark: ratio = median over pairs of candidate/reference ns/op.
func summarizeBench(rep *harnessReport, bs *BenchSpec) []BenchResult {
	var out []BenchResult
	for _, b := range rep.Bench {
		res := BenchResult{Name: b.Name, MaxRatio: bs.Ratio, Status: StatusPass}
		var ratios []float64
		for i := range b.CandNs {
			if i < len(b.RefNs) && b.RefNs[i] > 0 && b.CandNs[i] > 0 {
				ratios = append(ratios, b.CandNs[i]/b.RefNs[i])
			}
		}
		res.Pairs = len(ratios)
		if b.CandFailed || b.RefFailed || len(ratios) == 0 {
			res.Status = StatusFail
			res.Pairs = 0
			out = append(out, res)
			continue
		}
		res.CandidateNs = round2(median(b.CandNs))
		res.ReferenceNs = round2(median(b.RefNs))
		res.Ratio = round2(median(ratios))
		res.CandidateAllocs = medianInt(b.CandAllocs)
		res.ReferenceAllocs = medianInt(b.RefAllocs)
		res.MaxAllocs = res.ReferenceAllocs + bs.AllocSlack
		if res.Ratio > bs.Ratio || res.CandidateAllocs > res.MaxAllocs {
			res.Status = StatusFail
		}
		out = append(out, res)
	}
	return out
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func medianInt(xs []int64) int64 {
	f := make([]float64, len(xs))
	for i, x := range xs {
		f[i] = float64(x)
	}
	return int64(math.Round(median(f)))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// benchRunTime is how long one run of a benchmark pair lasts: with 10 pairs
// the stage measures for 20 × 15 ms. Judging each reference of the catalog's
// 15 benchmarked problems 5 times and each slow mutant twice gave the same
// spread of reference/reference ratios at 15, 20 and 30 ms per run, and the
// same verdict for every slow mutant; each 5 ms less shortens a judging by
// about 0.1 s (make bench: BenchmarkJudgeSafeCounter).
const benchRunTime = 15 * time.Millisecond
