package ratelimit_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/ratelimit"
)

// TestLeakCancelDuringWait cancels a Wait: it must return at once, give
// its token back, and leave nothing behind.
func TestLeakCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(1, 1)
		l.Allow()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(300*time.Millisecond, cancel)
		if err := l.Wait(ctx); !errors.Is(err, context.Canceled) || time.Since(start) != 300*time.Millisecond {
			t.Errorf("Wait = %v at %v, want context.Canceled at 300ms", err, time.Since(start))
		}
		// The canceled Wait returned its token: the next one is due at 1s, not 2s.
		if err := l.Wait(context.Background()); err != nil || time.Since(start) > time.Second+time.Millisecond {
			t.Errorf("next Wait = %v at %v, want nil at 1s", err, time.Since(start))
		}
		time.Sleep(time.Minute)
	})
}
