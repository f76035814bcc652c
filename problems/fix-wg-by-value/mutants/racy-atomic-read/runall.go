package runall

import (
	"runtime"
	"sync/atomic"
)

// RunAll counts finished tasks with an atomic add, but reads the counter
// with a plain load.
func RunAll(tasks []func()) {
	var done int64
	for _, task := range tasks {
		go func() {
			defer atomic.AddInt64(&done, 1)
			task()
		}()
	}
	for done < int64(len(tasks)) {
		runtime.Gosched()
	}
}
