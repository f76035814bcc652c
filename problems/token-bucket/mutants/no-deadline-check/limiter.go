// Package ratelimit implements a token-bucket rate limiter.
package ratelimit

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// ErrWouldExceedDeadline is returned by Wait when the context's deadline
// comes before the token would be available.
var ErrWouldExceedDeadline = errors.New("ratelimit: wait would exceed the context deadline")

// Limiter hands out tokens at rate per second, with bursts of up to burst.
type Limiter struct {
	mu     sync.Mutex
	rate   float64   // tokens per second
	burst  float64   // bucket size
	tokens float64   // negative while Waits hold reservations
	last   time.Time // when tokens was last brought up to date
}

// NewLimiter returns a limiter with a full bucket. rate must be > 0 and
// burst >= 1.
func NewLimiter(rate float64, burst int) *Limiter {
	return &Limiter{rate: rate, burst: float64(burst), tokens: float64(burst), last: time.Now()}
}

// advance adds the tokens earned since l.last. l.mu must be held.
func (l *Limiter) advance(now time.Time) {
	if elapsed := now.Sub(l.last); elapsed > 0 {
		l.tokens = min(l.burst, l.tokens+elapsed.Seconds()*l.rate)
		l.last = now
	}
}

// Allow takes a token if one is available now and reports whether it did.
func (l *Limiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(time.Now())
	if l.tokens >= 1 {
		l.tokens--
		return true
	}
	return false
}

// Wait takes a token, blocking until it is available. It reserves the token
// at once, so concurrent callers are served in order. If ctx's deadline
// comes before the token, it returns ErrWouldExceedDeadline at once; if ctx
// ends while waiting, it gives the token back and returns ctx.Err().
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	now := time.Now()
	l.advance(now)
	l.tokens--
	var wait time.Duration
	if l.tokens < 0 {
		wait = time.Duration(math.Ceil(-l.tokens / l.rate * float64(time.Second)))
	}
	l.mu.Unlock()
	if wait == 0 {
		return nil
	}

	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		l.advance(time.Now())
		l.tokens = min(l.burst, l.tokens+1)
		l.mu.Unlock()
		return ctx.Err()
	}
}
