package safego_test

import (
	"bytes"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"goprep.local/safego"
)

var errSentinel = errors.New("sentinel")

func noReport(t *testing.T) func(any, []byte) {
	return func(v any, _ []byte) { t.Errorf("onPanic called with %v for a goroutine that did not panic", v) }
}

func TestNoPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		var ran atomic.Bool
		safego.SafeGo(&wg, func() { ran.Store(true) }, noReport(t))
		wg.Wait()
		if !ran.Load() {
			t.Fatal("f had not run when Wait returned")
		}
	})
}

func TestRunsInNewGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		release := make(chan struct{})
		var finished atomic.Bool
		// f blocks until released: SafeGo itself must return first.
		safego.SafeGo(&wg, func() { <-release; finished.Store(true) }, noReport(t))
		close(release)
		wg.Wait()
		if !finished.Load() {
			t.Fatal("Wait returned before f finished")
		}
	})
}

func TestPanicValueIsPassedUnchanged(t *testing.T) {
	var wg sync.WaitGroup
	var got any
	safego.SafeGo(&wg, func() { panic(errSentinel) }, func(v any, _ []byte) { got = v })
	wg.Wait()
	err, ok := got.(error)
	if !ok || !errors.Is(err, errSentinel) {
		t.Fatalf("onPanic got %#v, want the panic value errSentinel itself", got)
	}
}

//go:noinline
func explodeHere() { panic(42) }

func TestStackShowsWhereItPanicked(t *testing.T) {
	var wg sync.WaitGroup
	var stack []byte
	var got any
	safego.SafeGo(&wg, func() { explodeHere() }, func(v any, s []byte) {
		got = v
		stack = append([]byte(nil), s...)
	})
	wg.Wait()
	if got != 42 {
		t.Fatalf("onPanic got %v, want 42", got)
	}
	if !bytes.Contains(stack, []byte("explodeHere")) {
		t.Fatalf("stack does not show the panicking function explodeHere:\n%s", stack)
	}
	if !bytes.Contains(stack, []byte("panic(")) {
		t.Fatalf("stack was not taken while panicking:\n%s", stack)
	}
}

func TestNilHandlerSwallowsPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		safego.SafeGo(&wg, func() { panic("ignored") }, nil)
		wg.Wait()
	})
}

func TestPanicNil(t *testing.T) {
	var wg sync.WaitGroup
	var got any
	called := false
	safego.SafeGo(&wg, func() { panic(nil) }, func(v any, _ []byte) { got, called = v, true })
	wg.Wait()
	if !called {
		t.Fatal("panic(nil) was not reported (since Go 1.21 recover returns *runtime.PanicNilError)")
	}
	var pne *runtime.PanicNilError
	if err, ok := got.(error); !ok || !errors.As(err, &pne) {
		t.Fatalf("onPanic got %#v, want a *runtime.PanicNilError", got)
	}
}

func TestGoexitStillCallsDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		safego.SafeGo(&wg, func() { runtime.Goexit() }, noReport(t))
		wg.Wait() // a SafeGo that misses this exit hangs here: a deadlock in the bubble
	})
}

func TestManyGoroutinesSomePanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		got := map[int]int{}
		var done atomic.Int32
		for i := range 200 {
			safego.SafeGo(&wg, func() {
				done.Add(1)
				if i%3 == 0 {
					panic(i)
				}
				if i%7 == 0 {
					runtime.Goexit()
				}
			}, func(v any, _ []byte) {
				n, ok := v.(int)
				if !ok {
					t.Errorf("onPanic got %#v, want the int the goroutine panicked with", v)
					return
				}
				mu.Lock()
				got[n]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if n := done.Load(); n != 200 {
			t.Fatalf("%d of 200 goroutines ran", n)
		}
		for i := range 200 {
			want := 0
			if i%3 == 0 {
				want = 1
			}
			if got[i] != want {
				t.Fatalf("panic %d reported %d times, want %d", i, got[i], want)
			}
		}
	})
}

// TestHandlersDoNotOverlap relies on the rule that onPanic calls are
// serialized: the handler below writes shared state without a lock, which
// the race detector reports if two handlers run at once.
func TestHandlersDoNotOverlap(t *testing.T) {
	for range 5 {
		var wg sync.WaitGroup
		var last any
		var lastStack []byte
		var calls atomic.Int32
		start := make(chan struct{})
		for i := range 64 {
			safego.SafeGo(&wg, func() { <-start; panic(i) }, func(v any, s []byte) {
				last = v
				lastStack = s
				calls.Add(1)
			})
		}
		close(start)
		wg.Wait()
		if n := calls.Load(); n != 64 {
			t.Fatalf("onPanic called %d times, want 64", n)
		}
		if last == nil || len(lastStack) == 0 {
			t.Fatal("handler state empty after Wait")
		}
	}
}
