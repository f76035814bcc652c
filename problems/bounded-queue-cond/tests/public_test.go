package queue_test

import (
	"context"
	"errors"
	"testing"

	"goprep.local/queue"
)

func TestExample(t *testing.T) {
	ctx := context.Background()
	q := queue.NewQueue[int](2)
	if err := q.Put(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := q.Put(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if v, err := q.Get(ctx); v != 1 || err != nil {
		t.Fatalf("Get = %d, %v; want 1, nil", v, err)
	}
	q.Close()
	if v, err := q.Get(ctx); v != 2 || err != nil {
		t.Fatalf("Get after Close = %d, %v; want 2, nil (items are drained)", v, err)
	}
	if _, err := q.Get(ctx); !errors.Is(err, queue.ErrClosed) {
		t.Fatalf("Get on closed empty queue: err = %v, want ErrClosed", err)
	}
	if err := q.Put(ctx, 3); !errors.Is(err, queue.ErrClosed) {
		t.Fatalf("Put on closed queue: err = %v, want ErrClosed", err)
	}
}
