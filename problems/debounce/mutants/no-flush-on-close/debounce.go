// Package debounce groups bursts of values into batches.
package debounce

import (
	"context"
	"time"
)

// Debounce reads values from in and emits them in batches: a batch is sent
// once quiet has passed since the last value arrived. When in is closed the
// pending batch is flushed and the output is closed; when ctx is done the
// output is closed and a pending batch is dropped.
func Debounce[T any](ctx context.Context, in <-chan T, quiet time.Duration) <-chan []T {
	out := make(chan []T)
	go func() {
		defer close(out)
		timer := time.NewTimer(quiet)
		timer.Stop()
		defer timer.Stop()
		var (
			batch []T
			fire  <-chan time.Time // nil (never ready) while nothing is pending
		)
		// send delivers the batch; it reports false if ctx ended first.
		send := func() bool {
			select {
			case out <- batch:
				batch = nil // the receiver owns the old slice now
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case v, ok := <-in:
				if !ok {
					return
				}
				batch = append(batch, v)
				// Since Go 1.23 Reset also discards a value that fired but
				// was not received, so no drain is needed.
				timer.Reset(quiet)
				fire = timer.C
			case <-fire:
				fire = nil
				if !send() {
					return
				}
			}
		}
	}()
	return out
}
