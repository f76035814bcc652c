package queue_test

import (
	"context"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/queue"
)

// TestLeakLongLivedContext: a server passes one long-lived context to many
// calls that have to wait. Once the calls have returned, nothing they started
// may still be running, even though the context is still alive.
func TestLeakLongLivedContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		before := runtime.NumGoroutine()
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
		if after := runtime.NumGoroutine(); after > before {
			t.Fatalf("%d goroutines still alive after every call returned (the context is still live)", after-before)
		}
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
