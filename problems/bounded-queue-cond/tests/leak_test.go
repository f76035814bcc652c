package queue_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/queue"
)

// liveCtx stands for a server's base context: it can be canceled in
// principle (its Done channel is not nil) but stays alive for the whole test.
type liveCtx struct {
	context.Context
	done chan struct{}
}

func (c liveCtx) Done() <-chan struct{} { return c.done }

// TestLeakLongLivedContext: many calls that have to wait share one
// long-lived context. Once they have returned, nothing they started may still
// be waiting on that context: the synctest bubble reports any goroutine left
// blocked when the test function returns.
func TestLeakLongLivedContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := liveCtx{context.Background(), make(chan struct{})}
		q := queue.NewQueue[int](1)
		for i := range 20 {
			done := make(chan struct{})
			go func() {
				defer close(done)
				if v, err := q.Get(ctx); err != nil || v != i {
					t.Errorf("Get = %d, %v; want %d", v, err, i)
				}
			}()
			synctest.Wait() // Get is waiting
			q.Put(ctx, i)
			<-done
			q.Put(ctx, -1) // fill the queue, then make a Put wait
			go func() { time.Sleep(time.Second); q.Get(ctx) }()
			q.Put(ctx, -2)
			q.Get(ctx)
		}
		synctest.Wait()
	})
}

// TestLeakCanceledWaiters: canceled waiters must leave nothing behind.
func TestLeakCanceledWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := queue.NewQueue[int](1)
		for range 10 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			if _, err := q.Get(ctx); err == nil {
				t.Fatal("Get on empty queue succeeded")
			}
			cancel()
		}
		q.Close()
	})
}
