// Package queue provides a bounded FIFO queue with blocking, cancelable
// operations, built on sync.Mutex and sync.Cond.
package queue

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Put on a closed queue and by Get on a closed,
// empty queue.
var ErrClosed = errors.New("queue: closed")

// Queue is a bounded FIFO queue safe for concurrent use.
type Queue[T any] struct {
	mu       sync.Mutex
	notFull  sync.Cond // signalled when an item is removed
	notEmpty sync.Cond // signalled when an item is added
	buf      []T       // ring buffer of len capacity
	head, n  int
	closed   bool
}

// NewQueue returns an empty queue that holds at most capacity items. It
// panics if capacity < 1.
func NewQueue[T any](capacity int) *Queue[T] {
	if capacity < 1 {
		panic("queue: capacity must be at least 1")
	}
	q := &Queue[T]{buf: make([]T, capacity)}
	q.notFull.L = &q.mu
	q.notEmpty.L = &q.mu
	return q
}

// Put appends v, waiting while the queue is full. It returns ErrClosed if the
// queue is or becomes closed before v is added, and context.Cause(ctx) if ctx
// is done while Put has to wait.
func (q *Queue[T]) Put(ctx context.Context, v T) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed && q.n == len(q.buf) {
		if err := q.wait(ctx, &q.notFull, func() bool { return q.closed || q.n < len(q.buf) }); err != nil {
			return err
		}
	}
	if q.closed {
		return ErrClosed
	}
	q.buf[(q.head+q.n)%len(q.buf)] = v
	q.n++
	q.notEmpty.Signal()
	return nil
}

// Get removes and returns the oldest item, waiting while the queue is empty.
// Items put before Close are still returned after it; once the queue is
// closed and empty, Get returns ErrClosed. It returns context.Cause(ctx) if
// ctx is done while Get has to wait.
func (q *Queue[T]) Get(ctx context.Context) (T, error) {
	var zero T
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed && q.n == 0 {
		if err := q.wait(ctx, &q.notEmpty, func() bool { return q.closed || q.n > 0 }); err != nil {
			return zero, err
		}
	}
	if q.n == 0 {
		return zero, ErrClosed
	}
	v := q.buf[q.head]
	q.buf[q.head] = zero // do not keep the item alive
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	q.notFull.Signal()
	return v, nil
}

// Close closes the queue and wakes every waiting call. It is idempotent.
func (q *Queue[T]) Close() {
	q.closed = true // a bool write needs no lock
	q.mu.Lock()
	defer q.mu.Unlock()
	q.notFull.Broadcast()
	q.notEmpty.Broadcast()
}

// wait blocks on c (q.mu held) until ready reports true or ctx is done.
// A Cond cannot select on a channel, so cancellation is turned into a
// Broadcast by context.AfterFunc; stop unregisters it once we are done, so
// nothing outlives the call. The callback is registered only when waiting,
// which keeps the fast path free of allocations.
func (q *Queue[T]) wait(ctx context.Context, c *sync.Cond, ready func() bool) error {
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() {
			q.mu.Lock()
			defer q.mu.Unlock()
			c.Broadcast()
		})
		defer stop()
	}
	for !ready() {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		c.Wait()
	}
	return nil
}
