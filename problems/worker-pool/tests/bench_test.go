package pool_test

import (
	"context"
	"testing"

	"goprep.local/pool"
)

// BenchmarkSubmit measures Submit of a trivial task to 2 workers.
func BenchmarkSubmit(b *testing.B) {
	p := pool.NewPool(2, 1024)
	ctx := context.Background()
	task := func() {}
	for b.Loop() {
		if err := p.Submit(ctx, task); err != nil {
			b.Fatal(err)
		}
	}
	p.Shutdown(ctx)
}
