// Package parallel applies a function to every element of a slice concurrently.
package parallel

import "sync"

// ParallelApply returns a new slice whose i-th element is f(xs[i]).
// Every call of f runs in its own goroutine.
//
// BUG: results are sometimes missing (and the program occasionally panics).
// Find out why and fix it.
func ParallelApply(xs []int, f func(int) int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		go func() {
			wg.Add(1)
			defer wg.Done()
			out[i] = f(x)
		}()
	}
	wg.Wait()
	return out
}
