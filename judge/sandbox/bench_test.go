package sandbox

import (
	"context"
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

// BenchmarkSandboxStart measures a whole run of a program that does
// nothing (a static Go binary) at each level: the difference between
// LevelFull and LevelNone is the sandbox's start (and clean-up) overhead.
func BenchmarkSandboxStart(b *testing.B) {
	for _, l := range []Level{LevelNone, LevelUserNS, LevelFull} {
		b.Run(string(l), func(b *testing.B) {
			r := newRunnerT(b, l)
			spec := Spec{WorkDir: workDir(b), Path: "prog", Args: []string{"true"}}
			ctx := context.Background()
			b.ReportAllocs()
			cpu0 := cpuUsed()
			for b.Loop() {
				res, err := r.Run(ctx, spec)
				if err != nil {
					b.Fatal(err)
				}
				if res.Status != StatusOK {
					b.Fatalf("status %s: %s", res.Status, res.Stderr)
				}
			}
			b.ReportMetric(float64(cpuUsed()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}
