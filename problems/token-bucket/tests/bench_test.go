package ratelimit_test

import (
	"context"
	"testing"

	"goprep.local/ratelimit"
)

// BenchmarkAllow: a limiter fast enough never to refuse.
func BenchmarkAllow(b *testing.B) {
	l := ratelimit.NewLimiter(1e12, 1<<30)
	for b.Loop() {
		l.Allow()
	}
}

// BenchmarkWaitNoDelay: Wait when a token is available must not allocate.
func BenchmarkWaitNoDelay(b *testing.B) {
	l := ratelimit.NewLimiter(1e12, 1<<30)
	ctx := context.Background()
	for b.Loop() {
		if err := l.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
