package pool_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"goprep.local/pool"
)

func TestPoolRunsEverything(t *testing.T) {
	p := pool.NewPool(4, 16)
	var n atomic.Int32
	for range 100 {
		if err := p.Submit(context.Background(), func() { n.Add(1) }); err != nil {
			t.Fatalf("Submit: %v", err)
		}
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if n.Load() != 100 {
		t.Fatalf("%d tasks ran, want 100", n.Load())
	}
	if err := p.Submit(context.Background(), func() {}); !errors.Is(err, pool.ErrClosed) {
		t.Fatalf("Submit after Shutdown = %v, want ErrClosed", err)
	}
}
