// Package runall runs tasks concurrently and waits for them.
package runall

import "sync"

// RunAll runs every task in its own goroutine and returns when all of them
// have returned.
//
// BUG: RunAll never returns. Find out why and fix it.
func RunAll(tasks []func()) {
	var wg sync.WaitGroup
	wg.Add(len(tasks))
	for _, task := range tasks {
		go run(wg, task)
	}
	wg.Wait()
}

func run(wg sync.WaitGroup, task func()) {
	defer wg.Done()
	task()
}
