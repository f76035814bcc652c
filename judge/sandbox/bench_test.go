package sandbox

import (
	"context"
	"slices"
	"syscall"
	"testing"
	"time"
)

// cpuUsed is the CPU time of this process and its reaped children.
func cpuUsed() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	return time.Duration(self.Utime.Nano() + self.Stime.Nano() + children.Utime.Nano() + children.Stime.Nano())
}

// BenchmarkSandboxStart measures whole runs of a program that does nothing
// (a static Go binary) at each level. One iteration is one run at every
// level the host provides, in an order that rotates, so that the load of a
// shared machine falls on all levels alike. It reports, in milliseconds
// per run, the median wall time of each level (none-ms, full-ms,
// userns-ms) and overhead-ms = full-ms − none-ms: the sandbox's start and
// clean-up cost. ns/op is the time of one iteration (all levels).
func BenchmarkSandboxStart(b *testing.B) {
	type level struct {
		l     Level
		r     Runner
		spec  Spec
		walls []time.Duration
	}
	var ls []*level
	for _, l := range []Level{LevelNone, LevelFull, LevelUserNS} {
		r, err := New(Options{Level: l, Insecure: l == LevelNone})
		if err != nil {
			if l == LevelNone || (l == LevelFull && mustIsolate()) {
				b.Fatalf("level %s: %v", l, err)
			}
			b.Logf("level %s not available: %v", l, err)
			continue
		}
		b.Cleanup(func() { r.Close() })
		ls = append(ls, &level{l: l, r: r, spec: Spec{WorkDir: workDir(b), Path: "prog", Args: []string{"true"}}})
	}
	ctx := context.Background()
	b.ReportAllocs()
	cpu0 := cpuUsed()
	i := 0
	for b.Loop() {
		for k := range ls {
			lv := ls[(i+k)%len(ls)]
			t0 := time.Now()
			res, err := lv.r.Run(ctx, lv.spec)
			lv.walls = append(lv.walls, time.Since(t0))
			if err != nil {
				b.Fatalf("%s: %v", lv.l, err)
			}
			if res.Status != StatusOK {
				b.Fatalf("%s: status %s: %s", lv.l, res.Status, res.Stderr)
			}
		}
		i++
	}
	b.ReportMetric(float64(cpuUsed()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	med := map[Level]float64{}
	for _, lv := range ls {
		slices.Sort(lv.walls)
		med[lv.l] = float64(lv.walls[len(lv.walls)/2]) / float64(time.Millisecond)
		b.ReportMetric(med[lv.l], string(lv.l)+"-ms")
	}
	if full, ok := med[LevelFull]; ok {
		b.ReportMetric(full-med[LevelNone], "overhead-ms")
	}
}
