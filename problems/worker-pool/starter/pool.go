// Package pool runs submitted tasks on a fixed set of worker goroutines.
package pool

import (
	"context"
	"errors"
)

// ErrClosed is returned by Submit once Shutdown has been called.
var ErrClosed = errors.New("pool: closed")

// Pool is a fixed number of workers fed by a bounded queue.
type Pool struct {
	// TODO
}

// NewPool starts workers goroutines (runtime.GOMAXPROCS(0) if workers <= 0)
// and a queue that holds up to queue tasks waiting for a worker.
func NewPool(workers, queue int) *Pool {
	return &Pool{}
}

// Submit queues task. It blocks while the queue is full, and returns
// ctx.Err() if ctx ends first or ErrClosed if the pool is shut down. A nil
// error means the task was accepted and will run exactly once.
func (p *Pool) Submit(ctx context.Context, task func()) error {
	return errors.New("not implemented")
}

// Shutdown stops accepting tasks and waits until every accepted task has
// run and every worker has exited. If ctx ends first it returns ctx.Err().
func (p *Pool) Shutdown(ctx context.Context) error {
	return nil
}
