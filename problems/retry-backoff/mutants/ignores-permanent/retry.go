// Package retry calls an operation again after failures, with capped
// exponential backoff.
package retry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrPermanent marks an error that retrying cannot fix. Retry stops at once
// when f returns an error that wraps it.
var ErrPermanent = errors.New("retry: permanent error")

// Retry calls f until it succeeds, returns a permanent error, max attempts
// have failed, or ctx is done. After the n-th failed attempt it waits
// min(capDelay, base·2^(n-1)) before trying again.
func Retry(ctx context.Context, max int, base, capDelay time.Duration, f func(context.Context) error) error {
	if max < 1 {
		max = 1
	}
	var last error
	delay := base
	for attempt := 1; ; attempt++ {
		if ctx.Err() != nil {
			return stopped(ctx, last)
		}
		err := f(ctx)
		if err == nil {
			return nil
		}
		last = err
		if attempt == max {
			return fmt.Errorf("retry: giving up after %d attempts: %w", max, err)
		}
		timer := time.NewTimer(min(delay, capDelay))
		select {
		case <-ctx.Done():
			timer.Stop()
			return stopped(ctx, last)
		case <-timer.C:
		}
		// Double without overflowing: once past capDelay the value no longer matters.
		if delay > capDelay/2 {
			delay = capDelay
		} else {
			delay *= 2
		}
	}
}

// stopped builds the error returned when ctx ends the retries: it matches
// both the context's cause and the last error of f, if there was one.
func stopped(ctx context.Context, last error) error {
	cause := context.Cause(ctx)
	if last == nil {
		return cause
	}
	return fmt.Errorf("retry: stopped: %w (last error: %w)", cause, last)
}
