package queue_test

import (
	"context"
	"testing"

	"goprep.local/queue"
)

// BenchmarkPutGet never waits: the fast path must not allocate, even with a
// cancelable context.
func BenchmarkPutGet(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := queue.NewQueue[int](16)
	for b.Loop() {
		if err := q.Put(ctx, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := q.Get(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
