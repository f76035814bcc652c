package merge_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"goprep.local/merge"
)

// Inside a synctest bubble, a goroutine left blocked when the test function
// returns makes synctest.Test fail: that is the leak check.

// TestLeakInputsNeverClose: the inputs stay open forever; cancelling must
// still close the output and end every goroutine.
func TestLeakInputsNeverClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		a, b := make(chan int), make(chan int)
		out := merge.Merge(ctx, a, b)
		go func() { a <- 1 }()
		if v := <-out; v != 1 {
			t.Fatalf("got %d, want 1", v)
		}
		cancel()
		for range out {
			t.Fatal("value received after cancel although nothing was sent")
		}
	})
}

// TestLeakConsumerWalksAway: the consumer cancels and stops reading while
// the producers still have values to give.
func TestLeakConsumerWalksAway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		produce := func() <-chan int {
			c := make(chan int)
			go func() {
				defer close(c)
				for i := 0; ; i++ {
					select {
					case c <- i:
					case <-ctx.Done():
						return
					}
				}
			}()
			return c
		}
		out := merge.Merge(ctx, produce(), produce(), produce())
		for range 5 {
			<-out
		}
		// Let every forwarder take its next value and block handing it over:
		// cancellation must reach a goroutine stuck on the send, too.
		synctest.Wait()
		cancel(errors.New("consumer done"))
		synctest.Wait() // every goroutine has either exited or is stuck
	})
}

// TestLeakDeadlineWithIdleInputs uses a timeout instead of an explicit cancel.
func TestLeakDeadlineWithIdleInputs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 3e9)
		defer cancel()
		ins := make([]<-chan string, 4)
		for i := range ins {
			ins[i] = make(chan string)
		}
		for range merge.Merge(ctx, ins...) {
			t.Fatal("value from idle inputs")
		}
	})
}

// TestLeakAlreadyCanceled: a canceled context must not wait for idle inputs.
func TestLeakAlreadyCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		a := make(chan int) // never sent on, never closed
		out := merge.Merge(ctx, a)
		if _, ok := <-out; ok {
			t.Fatal("received a value after cancellation")
		}
		close(a)
	})
}
