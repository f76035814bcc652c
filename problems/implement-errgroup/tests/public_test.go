package errgroup_test

import (
	"context"
	"errors"
	"testing"

	"goprep.local/errgroup"
)

func TestZeroGroup(t *testing.T) {
	var g errgroup.Group
	results := make([]int, 10)
	for i := range results {
		g.Go(func() error {
			results[i] = i * i
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("Wait() = %v, want nil", err)
	}
	for i, r := range results {
		if r != i*i {
			t.Fatalf("results[%d] = %d, want %d", i, r, i*i)
		}
	}
}

func TestFirstErrorCancels(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	boom := errors.New("boom")
	g.Go(func() error { return boom })
	g.Go(func() error {
		<-ctx.Done() // canceled by the first error
		return ctx.Err()
	})
	if err := g.Wait(); err != boom {
		t.Fatalf("Wait() = %v, want %v", err, boom)
	}
	if context.Cause(ctx) != boom {
		t.Fatalf("Cause(ctx) = %v, want %v", context.Cause(ctx), boom)
	}
}
