package parallel_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"goprep.local/parallel"
)

func TestEmpty(t *testing.T) {
	if got := parallel.ParallelApply(nil, func(x int) int { return x }); len(got) != 0 {
		t.Fatalf("ParallelApply(nil) = %v, want empty", got)
	}
	if got := parallel.ParallelApply([]int{}, func(x int) int { return x }); len(got) != 0 {
		t.Fatalf("ParallelApply([]) = %v, want empty", got)
	}
}

// TestAllResultsPresentOnReturn runs many rounds with an f that yields the
// processor, so goroutines are still being scheduled when the caller reaches
// Wait. Every result and every finished call must be visible on return.
func TestAllResultsPresentOnReturn(t *testing.T) {
	xs := make([]int, 64)
	for i := range xs {
		xs[i] = i + 1
	}
	for round := range 1000 {
		var finished atomic.Int64
		f := func(x int) int {
			runtime.Gosched()
			runtime.Gosched()
			finished.Add(1)
			return 3*x + 1
		}
		got := parallel.ParallelApply(xs, f)
		if n := finished.Load(); n != int64(len(xs)) {
			t.Fatalf("round %d: %d of %d calls of f had finished when ParallelApply returned", round, n, len(xs))
		}
		if len(got) != len(xs) {
			t.Fatalf("round %d: len(result) = %d, want %d", round, len(got), len(xs))
		}
		for i, x := range xs {
			if got[i] != 3*x+1 {
				t.Fatalf("round %d: result[%d] = %d, want %d", round, i, got[i], 3*x+1)
			}
		}
	}
}

func TestEachElementOnce(t *testing.T) {
	const n = 500
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i
	}
	var calls [n]atomic.Int32
	got := parallel.ParallelApply(xs, func(x int) int {
		calls[x].Add(1)
		return -x
	})
	for i := range n {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("f(%d) was called %d times, want 1", i, c)
		}
		if got[i] != -i {
			t.Fatalf("result[%d] = %d, want %d", i, got[i], -i)
		}
	}
}

func TestRunsConcurrently(t *testing.T) {
	// Every call waits until all of them have started: a sequential
	// implementation would never finish, a concurrent one returns at once.
	const n = 8
	var started atomic.Int32
	all := make(chan struct{})
	got := parallel.ParallelApply(make([]int, n), func(int) int {
		if started.Add(1) == n {
			close(all)
		}
		<-all
		return 7
	})
	for i, v := range got {
		if v != 7 {
			t.Fatalf("result[%d] = %d, want 7", i, v)
		}
	}
}

func TestInputNotModified(t *testing.T) {
	xs := []int{5, 6, 7}
	got := parallel.ParallelApply(xs, func(x int) int { return x + 100 })
	if xs[0] != 5 || xs[1] != 6 || xs[2] != 7 {
		t.Fatalf("input changed to %v", xs)
	}
	if got[0] != 105 || got[1] != 106 || got[2] != 107 {
		t.Fatalf("result = %v, want [105 106 107]", got)
	}
}
