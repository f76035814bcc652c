// Package ratelimit implements a token-bucket rate limiter.
package ratelimit

import (
	"context"
	"errors"
)

// ErrWouldExceedDeadline is returned by Wait when the context's deadline
// comes before the token would be available.
var ErrWouldExceedDeadline = errors.New("ratelimit: wait would exceed the context deadline")

// Limiter hands out tokens at rate per second, with bursts of up to burst.
type Limiter struct {
	// TODO
}

// NewLimiter returns a limiter with a full bucket. rate must be > 0 and
// burst >= 1.
func NewLimiter(rate float64, burst int) *Limiter {
	return &Limiter{}
}

// Allow takes a token if one is available now and reports whether it did.
func (l *Limiter) Allow() bool { return true }

// Wait takes a token, blocking until it is available.
func (l *Limiter) Wait(ctx context.Context) error { return ctx.Err() }
