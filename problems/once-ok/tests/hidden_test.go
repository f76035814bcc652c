package once_test

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"goprep.local/once"
)

// slowF returns an f that fails its first `fails` calls, yields the
// processor many times while running (so that other callers get a chance to
// run while it is in flight), and records the peak number of concurrent runs.
func slowF(fails int32) (f func() (int, error), calls, peak *atomic.Int32) {
	calls, peak = new(atomic.Int32), new(atomic.Int32)
	var inflight atomic.Int32
	f = func() (int, error) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		for range 200 {
			runtime.Gosched()
		}
		if c := calls.Add(1); c <= fails {
			return 0, errors.New("transient")
		}
		return 7, nil
	}
	return f, calls, peak
}

func hammer(get func() (int, error), n int) (ok, failed int32) {
	var wg sync.WaitGroup
	var okN, failN atomic.Int32
	for range n {
		wg.Go(func() {
			v, err := get()
			switch {
			case err != nil:
				failN.Add(1)
			case v == 7:
				okN.Add(1)
			}
		})
	}
	wg.Wait()
	return okN.Load(), failN.Load()
}

func TestHiddenManyCallersOneCall(t *testing.T) {
	f, calls, peak := slowF(0)
	get := once.OnceOK(f)
	ok, failed := hammer(get, 1000)
	if calls.Load() != 1 {
		t.Errorf("f called %d times by 1000 concurrent callers, want 1", calls.Load())
	}
	if peak.Load() != 1 {
		t.Errorf("f ran %d times concurrently, want at most 1", peak.Load())
	}
	if ok != 1000 || failed != 0 {
		t.Errorf("%d callers got the value and %d an error, want 1000 and 0", ok, failed)
	}
}

func TestHiddenErrorsUnderConcurrency(t *testing.T) {
	f, calls, peak := slowF(3)
	get := once.OnceOK(f)
	ok, failed := hammer(get, 500)
	if calls.Load() != 4 {
		t.Errorf("f called %d times, want 4 (three failures, then one success)", calls.Load())
	}
	if peak.Load() != 1 {
		t.Errorf("f ran %d times concurrently, want at most 1", peak.Load())
	}
	if ok != 497 || failed != 3 {
		t.Errorf("%d callers got the value and %d an error, want 497 and 3", ok, failed)
	}
}

func TestHiddenErrorReturnsZero(t *testing.T) {
	boom := errors.New("boom")
	get := once.OnceOK(func() (*int, error) {
		x := 1
		return &x, boom
	})
	v, err := get()
	if !errors.Is(err, boom) || v != nil {
		t.Fatalf("get() = %v, %v; want nil, boom", v, err)
	}
}

func TestHiddenSequence(t *testing.T) {
	results := []error{errors.New("a"), errors.New("b"), nil}
	calls := 0
	get := once.OnceOK(func() (string, error) {
		calls++
		if err := results[calls-1]; err != nil {
			return "", err
		}
		return "ok", nil
	})
	for i, want := range []string{"a", "b"} {
		if _, err := get(); err == nil || err.Error() != want {
			t.Fatalf("call %d: err = %v, want %s", i+1, err, want)
		}
	}
	for range 5 {
		if v, err := get(); v != "ok" || err != nil {
			t.Fatalf("get() = %q, %v; want ok, nil", v, err)
		}
	}
	if calls != 3 {
		t.Fatalf("f called %d times, want 3", calls)
	}
}

func TestHiddenPanicIsRetried(t *testing.T) {
	calls := 0
	get := once.OnceOK(func() (int, error) {
		calls++
		if calls == 1 {
			panic("first call panics")
		}
		return 5, nil
	})
	if _, _, p := call(get); p == nil {
		t.Fatal("the panic of f did not reach the caller")
	}
	if v, err, p := call(get); v != 5 || err != nil || p != nil {
		t.Fatalf("get() after a panic = %d, %v (panic %v); want 5, nil (f must run again)", v, err, p)
	}
}

// call runs get and returns what it panicked with, if anything.
func call(get func() (int, error)) (v int, err error, p any) {
	defer func() { p = recover() }()
	v, err = get()
	return v, err, nil
}

func TestHiddenIndependentFuncs(t *testing.T) {
	a := once.OnceOK(func() (int, error) { return 1, nil })
	b := once.OnceOK(func() (int, error) { return 2, nil })
	if x, _ := a(); x != 1 {
		t.Fatalf("a() = %d", x)
	}
	if x, _ := b(); x != 2 {
		t.Fatalf("b() = %d, want 2 (each OnceOK has its own state)", x)
	}
}
