// Package runall runs tasks concurrently and waits for them.
package runall

import "sync"

// RunAll runs every task in its own goroutine and returns when all of them
// have returned.
func RunAll(tasks []func()) {
	var wg sync.WaitGroup
	wg.Add(len(tasks))
	for _, task := range tasks {
		go run(&wg, task)
	}
	wg.Wait()
}

// run takes the WaitGroup by pointer: a copy has its own counter, so Done on
// a copy never reaches the WaitGroup that RunAll waits on.
func run(wg *sync.WaitGroup, task func()) {
	defer wg.Done()
	task()
}
