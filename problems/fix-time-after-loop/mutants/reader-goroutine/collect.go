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

// Collect reads the input in a helper goroutine.
func Collect(ctx context.Context, in <-chan int, idle, total time.Duration) ([]int, error) {
	vals := make(chan int)
	go func() {
		defer close(vals)
		for v := range in {
			vals <- v
		}
	}()
	totalT := time.NewTimer(total)
	defer totalT.Stop()
	idleT := time.NewTimer(idle)
	defer idleT.Stop()
	var out []int
	for {
		select {
		case v, ok := <-vals:
			if !ok {
				return out, nil
			}
			out = append(out, v)
			idleT.Reset(idle)
		case <-idleT.C:
			return out, ErrIdle
		case <-totalT.C:
			return out, ErrTotal
		case <-ctx.Done():
			return out, context.Cause(ctx)
		}
	}
}
