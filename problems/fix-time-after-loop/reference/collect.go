// Package collect gathers values from a channel with an idle timeout and an
// overall timeout.
package collect

import (
	"context"
	"errors"
	"time"
)

// ErrIdle is returned when no value arrived for the idle duration.
var ErrIdle = errors.New("collect: idle timeout")

// ErrTotal is returned when the total duration has passed.
var ErrTotal = errors.New("collect: total timeout")

// Collect receives values from in until in is closed (nil error), no value
// has arrived for idle since the call or the last value (ErrIdle), total has
// passed since the call (ErrTotal), or ctx is done (context.Cause(ctx)). It
// returns the values received so far in every case.
func Collect(ctx context.Context, in <-chan int, idle, total time.Duration) ([]int, error) {
	// Two timers for the whole call. The total deadline is created once, not
	// per iteration; the idle timer is reset after each value. With a go.mod
	// of go 1.23 or later, timer channels are unbuffered and Reset discards
	// any stale expiry, so no Stop-and-drain dance is needed.
	totalT := time.NewTimer(total)
	defer totalT.Stop()
	idleT := time.NewTimer(idle)
	defer idleT.Stop()

	var vals []int
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return vals, nil
			}
			vals = append(vals, v)
			idleT.Reset(idle)
		case <-idleT.C:
			return vals, ErrIdle
		case <-totalT.C:
			return vals, ErrTotal
		case <-ctx.Done():
			return vals, context.Cause(ctx)
		}
	}
}
