package parallel

import (
	"runtime"
	"sync"
)

// ParallelApply avoids WaitGroup: a counter guarded by a mutex, polled by the
// caller. The writes are locked, the read in the loop is not.
func ParallelApply(xs []int, f func(int) int) []int {
	out := make([]int, len(xs))
	var mu sync.Mutex
	remaining := len(xs)
	for i, x := range xs {
		go func() {
			r := f(x)
			mu.Lock()
			out[i] = r
			remaining--
			mu.Unlock()
		}()
	}
	for remaining > 0 {
		runtime.Gosched()
	}
	return out
}
