package errgroup_test

import (
	"testing"

	"goprep.local/errgroup"
)

func nop() error { return nil }

// BenchmarkGoWait starts 64 trivial functions and waits for them.
func BenchmarkGoWait(b *testing.B) {
	for b.Loop() {
		var g errgroup.Group
		for range 64 {
			g.Go(nop)
		}
		g.Wait()
	}
}

// BenchmarkGoWaitLimit does the same with at most 4 running at once.
func BenchmarkGoWaitLimit(b *testing.B) {
	for b.Loop() {
		var g errgroup.Group
		g.SetLimit(4)
		for range 64 {
			g.Go(nop)
		}
		g.Wait()
	}
}
