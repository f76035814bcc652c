package mergectx_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/mergectx"
)

func isDone(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	default:
		return false
	}
}

func TestHiddenCancelA(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithCancelCause(context.Background())
		b, cancelB := context.WithCancel(context.Background())
		defer cancelB()
		ctx, cancel := mergectx.MergeCancel(a, b)
		defer cancel()
		synctest.Wait()
		if isDone(ctx) || ctx.Err() != nil || context.Cause(ctx) != nil {
			t.Fatalf("fresh merged context: done=%v Err=%v Cause=%v", isDone(ctx), ctx.Err(), context.Cause(ctx))
		}
		boom := errors.New("a failed")
		cancelA(boom)
		synctest.Wait()
		if !isDone(ctx) {
			t.Fatal("not done after a was canceled")
		}
		if ctx.Err() != context.Canceled {
			t.Errorf("Err = %v, want context.Canceled", ctx.Err())
		}
		if context.Cause(ctx) != boom {
			t.Errorf("Cause = %v, want %v", context.Cause(ctx), boom)
		}
		if b.Err() != nil {
			t.Error("b was canceled by a")
		}
	})
}

func TestHiddenCancelB(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithCancel(context.Background())
		defer cancelA()
		b, cancelB := context.WithCancelCause(context.Background())
		ctx, cancel := mergectx.MergeCancel(a, b)
		defer cancel()
		boom := errors.New("b failed")
		time.AfterFunc(time.Second, func() { cancelB(boom) })
		start := time.Now()
		<-ctx.Done()
		if d := time.Since(start); d != time.Second {
			t.Errorf("done after %v, want 1s (when b was canceled)", d)
		}
		if ctx.Err() != context.Canceled {
			t.Errorf("Err = %v, want context.Canceled", ctx.Err())
		}
		if context.Cause(ctx) != boom {
			t.Errorf("Cause = %v, want %v", context.Cause(ctx), boom)
		}
		// a later cancellation of a changes nothing
		cancelA()
		synctest.Wait()
		if context.Cause(ctx) != boom {
			t.Errorf("Cause changed to %v after a was canceled too", context.Cause(ctx))
		}
	})
}

func TestHiddenDeadlines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		long, c1 := context.WithTimeout(context.Background(), 5*time.Second)
		defer c1()
		short, c2 := context.WithTimeout(context.Background(), 2*time.Second)
		defer c2()
		none, c3 := context.WithCancel(context.Background()) // no deadline
		defer c3()

		cases := []struct {
			name string
			a, b context.Context
			want time.Duration // 0: no deadline
		}{
			{"neither", none, none, 0},
			{"a only", long, none, 5 * time.Second},
			{"b only", none, short, 2 * time.Second},
			{"b earlier", long, short, 2 * time.Second},
			{"a earlier", short, long, 2 * time.Second},
		}
		for _, c := range cases {
			ctx, cancel := mergectx.MergeCancel(c.a, c.b)
			d, ok := ctx.Deadline()
			switch {
			case c.want == 0 && ok:
				t.Errorf("%s: Deadline() = %v, true; want none", c.name, d.Sub(start))
			case c.want != 0 && (!ok || d.Sub(start) != c.want):
				t.Errorf("%s: Deadline() = %v, %v; want %v", c.name, d.Sub(start), ok, c.want)
			}
			cancel()
		}
	})
}

func TestHiddenDeadlineOfB(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithTimeout(context.Background(), time.Hour)
		defer cancelA()
		b, cancelB := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancelB()
		ctx, cancel := mergectx.MergeCancel(a, b)
		defer cancel()
		start := time.Now()
		<-ctx.Done()
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("done after %v, want 3s", d)
		}
		if !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
			t.Errorf("Cause = %v, want context.DeadlineExceeded", context.Cause(ctx))
		}
	})
}

func TestHiddenDeadlineOfA(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithTimeout(context.Background(), time.Second)
		defer cancelA()
		b, cancelB := context.WithCancel(context.Background())
		defer cancelB()
		ctx, cancel := mergectx.MergeCancel(a, b)
		defer cancel()
		<-ctx.Done()
		if ctx.Err() != context.DeadlineExceeded {
			t.Errorf("Err = %v, want DeadlineExceeded (a's own error)", ctx.Err())
		}
	})
}

func TestHiddenOwnCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithCancel(context.Background())
		defer cancelA()
		b, cancelB := context.WithCancelCause(context.Background())
		defer cancelB(nil)
		ctx, cancel := mergectx.MergeCancel(a, b)
		cancel()
		synctest.Wait()
		if !isDone(ctx) || ctx.Err() != context.Canceled || context.Cause(ctx) != context.Canceled {
			t.Fatalf("after cancel: done=%v Err=%v Cause=%v; want done, Canceled, Canceled", isDone(ctx), ctx.Err(), context.Cause(ctx))
		}
		if a.Err() != nil || b.Err() != nil {
			t.Fatal("cancel of the merged context canceled a parent")
		}
		cancel() // idempotent
		cancelB(errors.New("late"))
		synctest.Wait()
		if context.Cause(ctx) != context.Canceled {
			t.Fatalf("Cause changed to %v after a parent ended later", context.Cause(ctx))
		}
	})
}

func TestHiddenAlreadyDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, cancelB := context.WithCancelCause(context.Background())
		boom := errors.New("gone before")
		cancelB(boom)
		ctx, cancel := mergectx.MergeCancel(context.Background(), b)
		defer cancel()
		synctest.Wait()
		if !isDone(ctx) || context.Cause(ctx) != boom {
			t.Fatalf("b was already canceled: done=%v Cause=%v; want done and %v", isDone(ctx), context.Cause(ctx), boom)
		}
	})
}

type key string

func TestHiddenValues(t *testing.T) {
	pa, cancelA := context.WithCancel(context.Background())
	defer cancelA()
	pb, cancelB := context.WithCancel(context.Background())
	defer cancelB()
	a := context.WithValue(context.WithValue(pa, key("shared"), "from a"), key("a"), 1)
	b := context.WithValue(context.WithValue(pb, key("shared"), "from b"), key("b"), 2)
	ctx, cancel := mergectx.MergeCancel(a, b)
	defer cancel()
	if v := ctx.Value(key("a")); v != 1 {
		t.Errorf("Value(a) = %v, want 1", v)
	}
	if v := ctx.Value(key("b")); v != 2 {
		t.Errorf("Value(b) = %v, want 2 (values of b must be visible)", v)
	}
	if v := ctx.Value(key("shared")); v != "from a" {
		t.Errorf("Value(shared) = %v, want a's value", v)
	}
	if v := ctx.Value(key("none")); v != nil {
		t.Errorf("Value(none) = %v, want nil", v)
	}
}

func TestHiddenChildOfMerged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, cancelA := context.WithCancel(context.Background())
		defer cancelA()
		b, cancelB := context.WithCancelCause(context.Background())
		ctx, cancel := mergectx.MergeCancel(a, b)
		defer cancel()
		child, cancelChild := context.WithCancel(ctx)
		defer cancelChild()
		boom := errors.New("b stopped")
		cancelB(boom)
		synctest.Wait()
		if !isDone(child) || context.Cause(child) != boom {
			t.Fatalf("child of the merged context: done=%v Cause=%v; want done and %v", isDone(child), context.Cause(child), boom)
		}
	})
}
