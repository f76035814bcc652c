package mergectx_test

import (
	"context"
	"testing"
	"testing/synctest"

	"goprep.local/mergectx"
)

// forever is a context whose Done channel is never closed, like a server's
// base context: nothing may wait on it after cancel has been called.
type forever struct {
	context.Context
	done chan struct{}
}

func (f forever) Done() <-chan struct{} { return f.done }

func TestLeakCancelReleases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := forever{context.Background(), make(chan struct{})}
		b := forever{context.Background(), make(chan struct{})}
		for range 10 {
			ctx, cancel := mergectx.MergeCancel(a, b)
			cancel()
			<-ctx.Done()
		}
		// Any goroutine still waiting on a or b is reported by synctest.
	})
}
