// Package pool runs submitted tasks on a fixed set of worker goroutines.
package pool

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by Submit once Shutdown has been called.
var ErrClosed = errors.New("pool: closed")

// Pool is a fixed number of workers fed by a bounded queue.
type Pool struct {
	tasks chan func()

	mu         sync.Mutex
	closed     bool
	quit       chan struct{}  // closed by Shutdown: wakes blocked Submits
	submitters sync.WaitGroup // Submits past the closed check

	live      atomic.Int32  // workers still running
	done      chan struct{} // closed by the last worker to exit
	closeOnce sync.Once
}

// NewPool starts workers goroutines (runtime.GOMAXPROCS(0) if workers <= 0)
// and a queue that holds up to queue tasks waiting for a worker.
func NewPool(workers, queue int) *Pool {
	if workers <= 0 {
		// CPU-bound tasks gain nothing from more workers than Ps; since
		// Go 1.25 GOMAXPROCS also follows the container's CPU limit.
		workers = runtime.GOMAXPROCS(0)
	}
	p := &Pool{
		tasks: make(chan func(), max(queue, 0)),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	p.live.Store(int32(workers))
	for range workers {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer func() {
		if p.live.Add(-1) == 0 {
			close(p.done)
		}
	}()
	for task := range p.tasks {
		task()
	}
}

// Submit queues task. It blocks while the queue is full, and returns
// ctx.Err() if ctx ends first or ErrClosed if the pool is shut down. A nil
// error means the task was accepted and will run exactly once.
func (p *Pool) Submit(ctx context.Context, task func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.submitters.Add(1)
	p.mu.Unlock()
	defer p.submitters.Done()

	select {
	case p.tasks <- task:
		return nil
	case <-p.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops accepting tasks and waits until every accepted task has
// run and every worker has exited. If ctx ends first it returns ctx.Err();
// the workers still finish the accepted tasks and exit on their own, and a
// later Shutdown can wait for them again.
func (p *Pool) Shutdown(ctx context.Context) error {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		close(p.quit)
		p.mu.Unlock()
		// Submits in flight see quit and return promptly; after them nobody
		// sends on tasks, so closing it is safe and lets workers drain it.
		p.submitters.Wait()
		close(p.tasks)
	})
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
