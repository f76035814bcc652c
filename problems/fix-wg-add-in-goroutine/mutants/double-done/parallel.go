package parallel

import "sync"

// ParallelApply moved Add out of the goroutine and added a deferred Done,
// but left the original Done in place.
func ParallelApply(xs []int, f func(int) int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f(x)
			wg.Done()
		}()
	}
	wg.Wait()
	return out
}
