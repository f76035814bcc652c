package merge

import (
	"context"
	"sync"
)

// Merge turns cancellation into a flag that the forwarders check between
// values.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	stopped := false
	stop := context.AfterFunc(ctx, func() { stopped = true })
	var wg sync.WaitGroup
	wg.Add(len(ins))
	for _, in := range ins {
		go func() {
			defer wg.Done()
			for {
				if stopped {
					return
				}
				v, ok := <-in
				if !ok {
					return
				}
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		stop()
		close(out)
	}()
	return out
}
