package pool_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/pool"
)

// TestLeakShutdownTimeout: Shutdown gives up when its context ends; the
// workers finish the accepted tasks and then nothing may be left running.
func TestLeakShutdownTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.NewPool(2, 4)
		var n atomic.Int32
		for range 4 {
			p.Submit(context.Background(), func() {
				time.Sleep(10 * time.Second)
				n.Add(1)
			})
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		if err := p.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("Shutdown = %v after %v, want DeadlineExceeded after 1s", err, time.Since(start))
		}
		time.Sleep(time.Minute)
		if n.Load() != 4 {
			t.Errorf("%d of 4 accepted tasks ran", n.Load())
		}
	})
}
