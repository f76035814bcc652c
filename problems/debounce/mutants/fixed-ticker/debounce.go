// Package debounce groups bursts of values into batches.
package debounce

import (
	"context"
	"time"
)

// Debounce emits whatever arrived during each tick of quiet.
func Debounce[T any](ctx context.Context, in <-chan T, quiet time.Duration) <-chan []T {
	out := make(chan []T)
	go func() {
		defer close(out)
		ticker := time.NewTicker(quiet)
		defer ticker.Stop()
		var batch []T
		for {
			select {
			case <-ctx.Done():
				return
			case v, ok := <-in:
				if !ok {
					if len(batch) > 0 {
						select {
						case out <- batch:
						case <-ctx.Done():
						}
					}
					return
				}
				batch = append(batch, v)
			case <-ticker.C:
				if len(batch) == 0 {
					continue
				}
				select {
				case out <- batch:
					batch = nil
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}
