package parallel

import "sync"

// ParallelApply counts correctly but marks each task done before doing it.
func ParallelApply(xs []int, f func(int) int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for i, x := range xs {
		go func() {
			wg.Done()
			out[i] = f(x)
		}()
	}
	wg.Wait()
	return out
}
