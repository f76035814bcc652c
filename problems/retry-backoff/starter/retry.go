// Package retry calls an operation again after failures, with capped
// exponential backoff.
package retry

import (
	"context"
	"errors"
	"time"
)

// ErrPermanent marks an error that retrying cannot fix. Retry stops at once
// when f returns an error that wraps it.
var ErrPermanent = errors.New("retry: permanent error")

// Retry calls f until it succeeds, returns a permanent error, max attempts
// have failed, or ctx is done. After the n-th failed attempt it waits
// min(capDelay, base·2^(n-1)) before trying again.
func Retry(ctx context.Context, max int, base, capDelay time.Duration, f func(context.Context) error) error {
	// TODO: implement.
	return f(ctx)
}
