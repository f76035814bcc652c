package collect_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/collect"
)

// The input below is a long-lived channel that nobody closes. When Collect
// returns, nothing it started may still wait on it: synctest.Test fails if a
// goroutine of the bubble is left blocked.

func TestLeakIdleWithOpenInput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan int)
		go func() {
			for i := range 3 {
				in <- i
			}
		}()
		vals, err := collect.Collect(context.Background(), in, time.Second, time.Minute)
		if !errors.Is(err, collect.ErrIdle) || len(vals) != 3 {
			t.Fatalf("got %v, %v; want 3 values, ErrIdle", vals, err)
		}
	})
}

func TestLeakCanceledWithOpenInput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		in := make(chan int)
		if _, err := collect.Collect(ctx, in, time.Hour, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
	})
}
