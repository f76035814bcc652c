package runall

import "sync"

// RunAll passes the WaitGroup correctly, but the index variable lives
// outside the loop, so every goroutine shares it.
func RunAll(tasks []func()) {
	var wg sync.WaitGroup
	var i int
	for i = range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tasks[i]()
		}()
	}
	wg.Wait()
}
