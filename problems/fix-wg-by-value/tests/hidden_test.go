package runall_test

import (
	"sync/atomic"
	"testing"
	"testing/synctest"

	"goprep.local/runall"
)

func TestNoTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		runall.RunAll(nil)
		runall.RunAll([]func(){})
	})
}

func TestEachTaskOnceAndFinished(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		synctest.Test(t, func(t *testing.T) {
			counts := make([]atomic.Int32, n)
			tasks := make([]func(), n)
			for i := range tasks {
				tasks[i] = func() { counts[i].Add(1) }
			}
			runall.RunAll(tasks)
			for i := range counts {
				if c := counts[i].Load(); c != 1 {
					t.Fatalf("n=%d: task %d ran %d times before RunAll returned, want 1", n, i, c)
				}
			}
		})
	}
}

func TestRepeated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var total atomic.Int64
		for round := range 200 {
			tasks := make([]func(), 16)
			for i := range tasks {
				tasks[i] = func() { total.Add(1) }
			}
			runall.RunAll(tasks)
			if got, want := total.Load(), int64(16*(round+1)); got != want {
				t.Fatalf("round %d: %d tasks finished, want %d", round, got, want)
			}
		}
	})
}

// TestTasksRunConcurrently uses tasks that each wait until all of them have
// started: they can only finish if all run at the same time.
func TestTasksRunConcurrently(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 16
		var started atomic.Int32
		all := make(chan struct{})
		var finished atomic.Int32
		tasks := make([]func(), n)
		for i := range tasks {
			tasks[i] = func() {
				if started.Add(1) == n {
					close(all)
				}
				<-all
				finished.Add(1)
			}
		}
		runall.RunAll(tasks)
		if got := finished.Load(); got != n {
			t.Fatalf("%d of %d tasks finished before RunAll returned", got, n)
		}
	})
}
