package errgroup_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/errgroup"
)

func TestHiddenZeroGroupErrors(t *testing.T) {
	err1 := errors.New("errgroup_test: 1")
	err2 := errors.New("errgroup_test: 2")
	cases := [][]error{{}, {nil}, {err1}, {err1, nil}, {err1, nil, err2}}
	for _, errs := range cases {
		var g errgroup.Group
		var first error
		for _, err := range errs {
			g.Go(func() error { return err })
			if first == nil && err != nil {
				first = err
			}
			// Let each function finish before the next one starts, so that
			// "first" is well defined.
			if err := g.Wait(); err != first {
				t.Fatalf("after %v: Wait() = %v, want %v", errs, err, first)
			}
		}
	}
}

// TestHiddenFirstErrorIsKept: a later error must not replace the first.
func TestHiddenFirstErrorIsKept(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	first := errors.New("first")
	firstDone := make(chan struct{})
	g.Go(func() error {
		defer close(firstDone)
		return first
	})
	g.Go(func() error {
		<-firstDone
		<-ctx.Done()
		return errors.New("second")
	})
	if err := g.Wait(); err != first {
		t.Fatalf("Wait() = %v, want the first error %v", err, first)
	}
	if context.Cause(ctx) != first {
		t.Fatalf("Cause = %v, want %v", context.Cause(ctx), first)
	}
}

func TestHiddenWaitWaitsForAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, _ := errgroup.WithContext(context.Background())
		var finished atomic.Int32
		g.Go(func() error { return errors.New("fails at once") })
		for i := range 5 {
			g.Go(func() error {
				time.Sleep(time.Duration(i+1) * time.Second) // ignores ctx
				finished.Add(1)
				return nil
			})
		}
		start := time.Now()
		g.Wait()
		if finished.Load() != 5 || time.Since(start) != 5*time.Second {
			t.Fatalf("Wait returned after %v with %d of 5 functions finished", time.Since(start), finished.Load())
		}
	})
}

func TestHiddenManyErrors(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	errs := make(map[error]bool)
	for i := range 50 {
		err := fmt.Errorf("task %d", i)
		errs[err] = true
		g.Go(func() error { return err })
	}
	err := g.Wait()
	if !errs[err] {
		t.Fatalf("Wait() = %v, want one of the returned errors", err)
	}
	if !errs[context.Cause(ctx)] {
		t.Fatalf("Cause = %v, want one of the returned errors", context.Cause(ctx))
	}
}

func TestHiddenLimit(t *testing.T) {
	for _, limit := range []int{1, 2, 3, 7} {
		synctest.Test(t, func(t *testing.T) {
			var g errgroup.Group
			g.SetLimit(limit)
			var active, peak atomic.Int32
			start := time.Now()
			for range 21 {
				g.Go(func() error {
					n := active.Add(1)
					for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
					}
					time.Sleep(time.Second)
					active.Add(-1)
					return nil
				})
			}
			g.Wait()
			if peak.Load() != int32(limit) {
				t.Errorf("limit %d: peak concurrency %d", limit, peak.Load())
			}
			if want := time.Duration((21+limit-1)/limit) * time.Second; time.Since(start) != want {
				t.Errorf("limit %d: took %v, want %v", limit, time.Since(start), want)
			}
		})
	}
}

func TestHiddenGoBlocksAtLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(1)
		release := make(chan struct{})
		g.Go(func() error { <-release; return nil })
		var started atomic.Bool
		go func() {
			g.Go(func() error { started.Store(true); return nil })
		}()
		synctest.Wait()
		if started.Load() {
			t.Fatal("second Go started a function while the limit of 1 was in use")
		}
		close(release)
		synctest.Wait()
		g.Wait()
		if !started.Load() {
			t.Fatal("second function never ran")
		}
	})
}

func TestHiddenTryGo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(2)
		release := make(chan struct{})
		block := func() error { <-release; return nil }
		if !g.TryGo(block) || !g.TryGo(block) {
			t.Fatal("TryGo refused below the limit")
		}
		ran := false
		if g.TryGo(func() error { ran = true; return nil }) {
			close(release)
			g.Wait()
			t.Fatal("TryGo started a third function with a limit of 2")
		}
		close(release)
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if ran {
			t.Fatal("refused function ran")
		}
		if !g.TryGo(func() error { return nil }) {
			t.Fatal("TryGo refused after the group drained")
		}
		g.Wait()
	})
}

func TestHiddenTryGoNoLimit(t *testing.T) {
	var g errgroup.Group
	var n atomic.Int32
	for range 100 {
		if !g.TryGo(func() error { n.Add(1); return nil }) {
			t.Fatal("TryGo refused without a limit")
		}
	}
	g.Wait()
	if n.Load() != 100 {
		t.Fatalf("%d functions ran, want 100", n.Load())
	}
}

func TestHiddenSetLimitWhileActivePanics(t *testing.T) {
	var g errgroup.Group
	g.SetLimit(1)
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil })
	defer func() {
		close(release)
		g.Wait()
	}()
	defer func() {
		if recover() == nil {
			t.Error("SetLimit with an active goroutine did not panic")
		}
	}()
	g.SetLimit(2)
}

func TestHiddenNegativeLimitRemovesIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(1)
		g.SetLimit(-1)
		var active, peak atomic.Int32
		for range 10 {
			g.Go(func() error {
				n := active.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(time.Second)
				active.Add(-1)
				return nil
			})
		}
		g.Wait()
		if peak.Load() != 10 {
			t.Fatalf("peak %d after SetLimit(-1), want 10", peak.Load())
		}
	})
}

func TestHiddenParentCancel(t *testing.T) {
	parent, cancel := context.WithCancelCause(context.Background())
	g, ctx := errgroup.WithContext(parent)
	stop := errors.New("parent stopped")
	g.Go(func() error {
		<-ctx.Done()
		return context.Cause(ctx)
	})
	cancel(stop)
	if err := g.Wait(); err != stop {
		t.Fatalf("Wait() = %v, want the parent's cause %v", err, stop)
	}
}
