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

// Collect creates the total deadline once and a fresh idle timer per value.
func Collect(ctx context.Context, in <-chan int, idle, total time.Duration) ([]int, error) {
	deadline := time.After(total)
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
		case <-deadline:
			return vals, ErrTotal
		case <-ctx.Done():
			return vals, context.Cause(ctx)
		}
	}
}
