package runall_test

import (
	"sync/atomic"
	"testing"
	"testing/synctest"

	"goprep.local/runall"
)

func TestExample(t *testing.T) {
	// Inside a synctest bubble a RunAll that never returns is reported as a
	// deadlock at once instead of hanging until the time limit.
	synctest.Test(t, func(t *testing.T) {
		var sum atomic.Int64
		tasks := []func(){
			func() { sum.Add(1) },
			func() { sum.Add(10) },
			func() { sum.Add(100) },
		}
		runall.RunAll(tasks)
		if got := sum.Load(); got != 111 {
			t.Fatalf("after RunAll, sum = %d, want 111", got)
		}
	})
}
