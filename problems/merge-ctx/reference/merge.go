// Package merge fans several channels into one.
package merge

import (
	"context"
	"sync"
)

// Merge forwards every value received from the inputs to the returned
// channel, which is closed once all inputs are closed or ctx is done and
// every forwarding goroutine has stopped. Values from one input keep their
// order. After ctx is done no goroutine stays blocked, whether or not the
// inputs are ever closed and whether or not anyone still reads the output.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	wg.Add(len(ins))
	for _, in := range ins {
		go func() {
			defer wg.Done()
			forward(ctx, in, out)
		}()
	}
	// Close only after every sender has returned: closing earlier would make
	// a late send panic.
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// forward copies in to out until in is closed or ctx is done. Both the
// receive and the send select on ctx.Done, so neither can block forever.
func forward[T any](ctx context.Context, in <-chan T, out chan<- T) {
	for {
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
