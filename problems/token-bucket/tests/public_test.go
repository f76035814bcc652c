package ratelimit_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/ratelimit"
)

func TestAllowBurstThenRefill(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := ratelimit.NewLimiter(4, 2) // a token every 250ms, bursts of 2
		if !l.Allow() || !l.Allow() {
			t.Fatal("a new limiter must allow its burst at once")
		}
		if l.Allow() {
			t.Fatal("third Allow succeeded with an empty bucket")
		}
		time.Sleep(260 * time.Millisecond)
		if !l.Allow() {
			t.Fatal("Allow failed 260ms later, when one token had been refilled")
		}
	})
}

func TestWaitPaces(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := ratelimit.NewLimiter(4, 1)
		start := time.Now()
		for range 3 {
			if err := l.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if d := time.Since(start); d < 500*time.Millisecond || d > 501*time.Millisecond {
			t.Fatalf("three Waits took %v, want 500ms (0, 250ms, 500ms)", d)
		}
	})
}
