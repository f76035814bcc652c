package benchmarks

import (
	"context"
	"testing"
	"time"
)

// Each iteration waits in a select on a channel that is already ready and
// on a timeout that never fires: the cost measured is the timer bookkeeping.

// BenchmarkTimeoutTimeAfter creates a new timer with time.After every iteration.
func BenchmarkTimeoutTimeAfter(b *testing.B) {
	ch := make(chan int, 1)
	for b.Loop() {
		ch <- 1
		select {
		case <-ch:
		case <-time.After(time.Hour):
			b.Fatal("timer fired")
		}
	}
}

// BenchmarkTimeoutReusedTimer reuses one timer and re-arms it with Reset.
func BenchmarkTimeoutReusedTimer(b *testing.B) {
	ch := make(chan int, 1)
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for b.Loop() {
		t.Reset(time.Hour)
		ch <- 1
		select {
		case <-ch:
		case <-t.C:
			b.Fatal("timer fired")
		}
	}
}

// BenchmarkTimeoutNewTimerStop creates a timer per iteration and stops it.
func BenchmarkTimeoutNewTimerStop(b *testing.B) {
	ch := make(chan int, 1)
	for b.Loop() {
		t := time.NewTimer(time.Hour)
		ch <- 1
		select {
		case <-ch:
		case <-t.C:
			b.Fatal("timer fired")
		}
		t.Stop()
	}
}

// BenchmarkTimeoutContextWithTimeout creates and cancels a timeout context
// per iteration.
func BenchmarkTimeoutContextWithTimeout(b *testing.B) {
	ch := make(chan int, 1)
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		ch <- 1
		select {
		case <-ch:
		case <-ctx.Done():
			b.Fatal("context expired")
		}
		cancel()
	}
}
