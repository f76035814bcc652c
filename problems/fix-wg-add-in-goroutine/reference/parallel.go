// Package parallel applies a function to every element of a slice concurrently.
package parallel

import "sync"

// ParallelApply returns a new slice whose i-th element is f(xs[i]).
// Every call of f runs in its own goroutine; ParallelApply returns only after
// all of them have finished.
func ParallelApply(xs []int, f func(int) int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	// Add before starting the goroutines: a goroutine may not have run at all
	// when Wait is reached, so counting inside it would be too late.
	wg.Add(len(xs))
	for i, x := range xs {
		go func() {
			defer wg.Done()
			out[i] = f(x)
		}()
	}
	wg.Wait()
	return out
}
