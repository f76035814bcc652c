package runall

import "sync"

const maxParallel = 4

// RunAll passes the WaitGroup correctly but runs at most maxParallel tasks
// at a time.
func RunAll(tasks []func()) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxParallel)
	for _, task := range tasks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			task()
		}()
	}
	wg.Wait()
}
