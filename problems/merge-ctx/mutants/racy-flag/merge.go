// Package merge fans several channels into one.
package merge

import (
	"context"
	"sync"
)

// group is the state the forwarding goroutines share.
type group struct {
	wg      sync.WaitGroup
	stopped bool // set when ctx is done; a plain bool read by every forwarder
}

// Merge forwards every value received from the inputs to the returned
// channel, which is closed once all inputs are closed or ctx is done and
// every forwarding goroutine has stopped.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	g := &group{}
	// select picks at random among ready cases, so a forwarder whose input
	// is always ready could go on after cancellation: a flag set by
	// context.AfterFunc makes it stop before the next value. A context that
	// can never be done needs no hook.
	if ctx.Done() != nil {
		context.AfterFunc(ctx, func() { g.stopped = true })
	}
	g.wg.Add(len(ins))
	for _, in := range ins {
		go func() {
			defer g.wg.Done()
			forward(ctx, in, out, &g.stopped)
		}()
	}
	go func() {
		g.wg.Wait()
		close(out)
	}()
	return out
}

// forward copies in to out until in is closed, ctx is done or *stopped is
// set. Both the receive and the send select on ctx.Done.
func forward[T any](ctx context.Context, in <-chan T, out chan<- T, stopped *bool) {
	for !*stopped {
		select {
		case v, ok := <-in:
			if !ok {
				return
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}
