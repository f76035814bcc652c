// Package queue provides a bounded FIFO queue with blocking, cancelable
// operations, built on sync.Mutex and sync.Cond.
package queue

import (
	"context"
	"errors"
)

// ErrClosed is returned by Put on a closed queue and by Get on a closed,
// empty queue.
var ErrClosed = errors.New("queue: closed")

// Queue is a bounded FIFO queue safe for concurrent use.
type Queue[T any] struct {
	// TODO: fields.
}

// NewQueue returns an empty queue that holds at most capacity items. It
// panics if capacity < 1.
func NewQueue[T any](capacity int) *Queue[T] {
	// TODO
	return &Queue[T]{}
}

// Put appends v, waiting while the queue is full. See the statement.
func (q *Queue[T]) Put(ctx context.Context, v T) error {
	// TODO
	return nil
}

// Get removes and returns the oldest item, waiting while the queue is empty.
func (q *Queue[T]) Get(ctx context.Context) (T, error) {
	// TODO
	var zero T
	return zero, ErrClosed
}

// Close closes the queue and wakes every waiting call.
func (q *Queue[T]) Close() {
	// TODO
}
