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

// Collect receives values from in until in is closed, no value has arrived
// for idle, total has passed since the call, or ctx is done. It returns the
// values received so far in every case. See the statement.
//
// BUG: under a steady trickle of values it never stops at the total timeout,
// and profiles show it allocating on every value. Fix both.
func Collect(ctx context.Context, in <-chan int, idle, total time.Duration) ([]int, error) {
	var vals []int
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return vals, nil
			}
			vals = append(vals, v)
		case <-time.After(idle):
			return vals, ErrIdle
		case <-time.After(total):
			return vals, ErrTotal
		case <-ctx.Done():
			return vals, context.Cause(ctx)
		}
	}
}
