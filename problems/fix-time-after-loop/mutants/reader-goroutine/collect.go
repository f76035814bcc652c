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
			return vals, drain(in, ErrIdle)
		case <-totalT.C:
			return vals, drain(in, ErrTotal)
		case <-ctx.Done():
			return vals, drain(in, context.Cause(ctx))
		}
	}
}

// drain keeps reading in after an early return so that the producer is
// never stuck on a send nobody receives. It stops only when in is closed:
// if the producer never closes it, the goroutine stays blocked forever.
func drain(in <-chan int, err error) error {
	go func() {
		for range in {
		}
	}()
	return err
}
