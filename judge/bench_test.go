package judge

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge/sandbox"
)

// submissionSeq makes every benchmarked submission new code, so each one
// relinks like a real submission does (a comment-only change could hit the
// build cache all the way through the link).
var submissionSeq atomic.Int64

func freshReference(p *Package) map[string]string {
	n := submissionSeq.Add(1)
	src := p.Reference["counter.go"] + fmt.Sprintf("\nvar submissionSeq%d = %d\n", time.Now().UnixNano(), n)
	return map[string]string{"counter.go": src}
}

func medianDur(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkJudgeSafeCounter measures a warm judge on safe-counter with all
// its checks (tests, race with 3 CPU values × 3, bench with 10 pairs) and the
// floor: `go test -c` plus `go test -race -c` of the same package in the
// same state of the build cache, one after the other. It reports the medians
// and their ratio.
func BenchmarkJudgeSafeCounter(b *testing.B) {
	j := testJudge(b)
	p := loadFixture(b, "safe-counter")
	mods, err := j.ensureModules(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	// floor builds the package as a user would, one mode after the other.
	floor := func(w *workspace) {
		for _, race := range []bool{false, true} {
			args := []string{"test", "-c", "-o", filepath.Join(w.run, fmt.Sprint("floor", race))}
			if race {
				args = append(args, "-race")
			}
			if out, err := j.goCmd(b.Context(), w.mod, race, "off", append(args, ".")...); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
		}
	}
	// The floor's flags differ from the judge's (no -trimpath), so its
	// standard-library cache entries are warmed once, untimed: the floor is
	// a warm build, as the judge's are.
	w, err := j.newWorkspace(mods, p, freshReference(p), false, true)
	if err != nil {
		b.Fatal(err)
	}
	floor(w)
	os.RemoveAll(w.root)
	var judgeTimes, floorTimes, buildTimes []time.Duration
	stageTotals := map[string]time.Duration{}
	for b.Loop() {
		start := time.Now()
		res, err := j.Run(b.Context(), p, freshReference(p), RunOptions{})
		if err != nil || res.Verdict != goprep.VerdictAC {
			b.Fatalf("%v %+v", err, res)
		}
		judgeTimes = append(judgeTimes, time.Since(start))
		for _, s := range res.Stages {
			stageTotals[s.Name] += time.Duration(s.DurationMS) * time.Millisecond
		}

		w, err := j.newWorkspace(mods, p, freshReference(p), false, true)
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		floor(w)
		floorTimes = append(floorTimes, time.Since(start))
		start = time.Now()
		j.build(b.Context(), w, true)
		buildTimes = append(buildTimes, time.Since(start))
		os.RemoveAll(w.root)
	}
	jm, fm := medianDur(judgeTimes), medianDur(floorTimes)
	b.ReportMetric(float64(jm.Milliseconds()), "judge-ms")
	b.ReportMetric(float64(fm.Milliseconds()), "floor-ms")
	b.ReportMetric(float64(medianDur(buildTimes).Milliseconds()), "judge-build-ms")
	b.ReportMetric(float64(jm)/float64(fm), "judge/floor")
	for name, d := range stageTotals {
		b.ReportMetric(float64(d.Milliseconds())/float64(len(judgeTimes)), name+"-ms")
	}
}

// BenchmarkJudgeThroughput judges safe-counter submissions with 1 and 2
// workers and reports submissions per minute.
func BenchmarkJudgeThroughput(b *testing.B) {
	j := testJudge(b)
	p := loadFixture(b, "safe-counter")
	const batch = 6
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprint("workers=", workers), func(b *testing.B) {
			var total time.Duration
			n := 0
			var mu sync.Mutex
			stageMS := map[string]int64{}
			var ru0, ru1, self0, self1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru0)
			syscall.Getrusage(syscall.RUSAGE_SELF, &self0)
			for b.Loop() {
				start := time.Now()
				g, ctx := errgroup.WithContext(b.Context())
				g.SetLimit(workers)
				for range batch {
					g.Go(func() error {
						res, err := j.Run(ctx, p, freshReference(p), RunOptions{})
						if err == nil {
							mu.Lock()
							for _, s := range res.Stages {
								stageMS[string(s.Name)] += s.DurationMS
							}
							mu.Unlock()
						}
						if err == nil && res.Verdict != goprep.VerdictAC {
							err = fmt.Errorf("verdict %s: %s", res.Verdict, res.Message)
						}
						return err
					})
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				n += batch
			}
			syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru1)
			syscall.Getrusage(syscall.RUSAGE_SELF, &self1)
			cpu := (ru1.Utime.Nano() + ru1.Stime.Nano()) - (ru0.Utime.Nano() + ru0.Stime.Nano())
			self := (self1.Utime.Nano() + self1.Stime.Nano()) - (self0.Utime.Nano() + self0.Stime.Nano())
			b.ReportMetric(float64(n)/total.Minutes(), "submissions/min")
			// CPU time of the go commands, compilers, linkers and sandboxed
			// test binaries per submission: on a machine with C cores, W
			// workers can judge at most C/cpu-s per second.
			b.ReportMetric(float64(cpu)/1e9/float64(n), "child-cpu-s/op")
			// The judge's own CPU time per submission (this process).
			b.ReportMetric(float64(self)/1e9/float64(n), "judge-cpu-s/op")
			for name, ms := range stageMS {
				b.ReportMetric(float64(ms)/float64(n), name+"-ms")
			}
		})
	}
}

// BenchmarkSandboxOverhead runs a test binary that runs no test, directly
// and through the sandbox, and reports the difference per run.
func BenchmarkSandboxOverhead(b *testing.B) {
	j := testJudge(b)
	p := loadFixture(b, "safe-counter")
	mods, err := j.ensureModules(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	w, err := j.newWorkspace(mods, p, p.Reference, false, false)
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(w.root)
	plain, _ := j.build(b.Context(), w, false)
	if plain.err != nil {
		b.Fatalf("%v: %s", plain.err, plain.out)
	}
	args := []string{"-test.run=^$"}
	var direct, boxed []time.Duration
	for b.Loop() {
		start := time.Now()
		cmd := exec.CommandContext(b.Context(), plain.binary, args...)
		cmd.Dir = w.run
		devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		cmd.ExtraFiles = []*os.File{devnull}
		out, err := cmd.CombinedOutput()
		devnull.Close()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		direct = append(direct, time.Since(start))
		start = time.Now()
		res, err := j.runner.Run(context.Background(), sandbox.Spec{Path: plain.binary, Args: args, WorkDir: w.run, ReportFD: true,
			Limits: sandbox.Limits{WallTime: 10 * time.Second}})
		if err != nil || res.Status != sandbox.StatusOK {
			b.Fatalf("%v %+v %s", err, res, strings.TrimSpace(string(res.Stderr)))
		}
		boxed = append(boxed, time.Since(start))
	}
	b.ReportMetric(float64(medianDur(direct).Microseconds())/1000, "direct-ms")
	b.ReportMetric(float64(medianDur(boxed).Microseconds())/1000, "sandboxed-ms")
	b.ReportMetric(float64((medianDur(boxed)-medianDur(direct)).Microseconds())/1000, "overhead-ms")
	b.ReportMetric(0, "ns/op")
}
