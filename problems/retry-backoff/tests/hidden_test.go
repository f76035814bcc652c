package retry_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/retry"
)

const ms = time.Millisecond

// run calls Retry inside a bubble with an f that fails with the errors in
// fails (nil means success) and records the fake time of every call.
func run(t *testing.T, ctx context.Context, max int, base, capDelay time.Duration, fails []error) (at []time.Duration, took time.Duration, err error) {
	start := time.Now()
	err = retry.Retry(ctx, max, base, capDelay, func(context.Context) error {
		at = append(at, time.Since(start))
		if len(at) > len(fails) {
			t.Fatalf("f called %d times, only %d results scripted", len(at), len(fails))
		}
		return fails[len(at)-1]
	})
	return at, time.Since(start), err
}

func same(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func failing(n int) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = fmt.Errorf("attempt %d failed", i+1)
	}
	return errs
}

func TestHiddenDelaysAndCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fails := failing(6)
		at, took, err := run(t, t.Context(), 6, 100*ms, time.Second, fails)
		want := []time.Duration{0, 100 * ms, 300 * ms, 700 * ms, 1500 * ms, 2500 * ms}
		if !same(at, want) {
			t.Fatalf("calls at %v, want %v", at, want)
		}
		if took != 2500*ms {
			t.Errorf("Retry returned at %v, want 2.5s (no wait after the last attempt)", took)
		}
		if !errors.Is(err, fails[5]) {
			t.Errorf("Retry = %v, want it to wrap the last error %v", err, fails[5])
		}
		if errors.Is(err, fails[4]) {
			t.Errorf("Retry = %v wraps an earlier error, want only the last", err)
		}
	})
}

func TestHiddenBaseAboveCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		at, _, _ := run(t, t.Context(), 3, 5*time.Second, 2*time.Second, failing(3))
		want := []time.Duration{0, 2 * time.Second, 4 * time.Second}
		if !same(at, want) {
			t.Fatalf("calls at %v, want %v", at, want)
		}
	})
}

func TestHiddenNoOverflow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		at, _, _ := run(t, t.Context(), 70, time.Second, time.Hour, failing(70))
		if len(at) != 70 {
			t.Fatalf("f called %d times, want 70", len(at))
		}
		for i := 13; i < 70; i++ {
			if d := at[i] - at[i-1]; d != time.Hour {
				t.Fatalf("delay before attempt %d = %v, want the cap 1h", i+1, d)
			}
		}
	})
}

func TestHiddenMaxBelowOne(t *testing.T) {
	for _, max := range []int{0, -3, 1} {
		synctest.Test(t, func(t *testing.T) {
			fails := failing(1)
			at, took, err := run(t, t.Context(), max, ms, time.Second, fails)
			if len(at) != 1 || took != 0 || !errors.Is(err, fails[0]) {
				t.Fatalf("max=%d: %d calls, returned at %v with %v; want 1 call, at once, wrapping %v", max, len(at), took, err, fails[0])
			}
		})
	}
}

func TestHiddenPermanentWrapped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		perm := fmt.Errorf("bad request: %w", retry.ErrPermanent)
		at, took, err := run(t, t.Context(), 5, 10*ms, time.Second, []error{errors.New("x"), perm})
		if len(at) != 2 || took != 10*ms {
			t.Fatalf("%d calls, returned at %v; want 2 calls, return at 10ms", len(at), took)
		}
		if err != perm && !errors.Is(err, perm) {
			t.Fatalf("Retry = %v, want the permanent error", err)
		}
	})
}

func TestHiddenSuccessFirstTry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		at, took, err := run(t, t.Context(), 5, 10*ms, time.Second, []error{nil})
		if err != nil || len(at) != 1 || took != 0 {
			t.Fatalf("Retry = %v, %d calls, at %v; want nil, 1 call, at once", err, len(at), took)
		}
	})
}

func TestHiddenAlreadyCanceled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	boom := errors.New("shutting down")
	cancel(boom)
	calls := 0
	err := retry.Retry(ctx, 3, ms, ms, func(context.Context) error { calls++; return nil })
	if calls != 0 {
		t.Fatalf("f called %d times with a canceled context, want 0", calls)
	}
	if !errors.Is(err, boom) {
		t.Fatalf("Retry = %v, want the cause %v", err, boom)
	}
}

func TestHiddenCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		boom := errors.New("user gave up")
		defer time.AfterFunc(150*ms, func() { cancel(boom) }).Stop()
		fails := failing(5)
		at, took, err := run(t, ctx, 5, 100*ms, time.Second, fails)
		if len(at) != 2 || took != 150*ms {
			t.Fatalf("%d calls, returned at %v; want 2 calls and a return at 150ms", len(at), took)
		}
		if !errors.Is(err, boom) {
			t.Errorf("Retry = %v, want errors.Is(err, cause)", err)
		}
		if !errors.Is(err, fails[1]) {
			t.Errorf("Retry = %v, want errors.Is(err, last error %v)", err, fails[1])
		}
	})
}

func TestHiddenDeadlineDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 250*ms)
		defer cancel()
		fails := failing(5)
		at, took, err := run(t, ctx, 5, 100*ms, time.Second, fails)
		if len(at) != 2 || took != 250*ms {
			t.Fatalf("%d calls, returned at %v; want 2 calls (at 0 and 100ms) and a return at 250ms", len(at), took)
		}
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, fails[1]) {
			t.Errorf("Retry = %v, want it to match DeadlineExceeded and %v", err, fails[1])
		}
	})
}

func TestHiddenPassesContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	_ = retry.Retry(ctx, 1, ms, ms, func(got context.Context) error {
		if got.Value(key{}) != "v" {
			t.Errorf("f got a context without the caller's values")
		}
		return nil
	})
}
