package mergectx_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"goprep.local/mergectx"
)

func TestMergeEndsWithEitherParent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithCancel(context.Background())
		defer cancelA()
		b, cancelB := context.WithCancelCause(context.Background())
		ctx, cancel := mergectx.MergeCancel(a, b)
		defer cancel()

		boom := errors.New("client went away")
		cancelB(boom)
		synctest.Wait()
		select {
		case <-ctx.Done():
		default:
			t.Fatal("merged context not done after b was canceled")
		}
		if !errors.Is(context.Cause(ctx), boom) {
			t.Fatalf("Cause = %v, want %v", context.Cause(ctx), boom)
		}
		if a.Err() != nil {
			t.Fatal("canceling the merged context's parent b must not cancel a")
		}
	})
}
