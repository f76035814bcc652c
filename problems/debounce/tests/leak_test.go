package debounce_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/debounce"
)

// TestLeakCancelWhileSending cancels while a batch is ready but nobody
// reads the output. The goroutine must notice ctx and exit.
func TestLeakCancelWhileSending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		in := make(chan int, 1)
		out := debounce.Debounce(ctx, in, 100*time.Millisecond)
		in <- 1
		time.Sleep(time.Second) // the batch was due at 100ms; nobody reads
		cancel()
		// Do not read out: the goroutine must exit on its own. A goroutine
		// still blocked on the send makes synctest.Test fail.
		_ = out
	})
}
