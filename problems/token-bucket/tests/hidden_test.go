package ratelimit_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/ratelimit"
)

const ms = time.Millisecond

// near reports whether got is want, allowing 1ms for rounding.
func near(got, want time.Duration) bool { return got >= want && got <= want+ms }

// at sleeps until the fake clock reads start+d.
func at(start time.Time, d time.Duration) { time.Sleep(time.Until(start.Add(d))) }

func TestHiddenAllowTimeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(2, 3) // a token every 500ms, bursts of 3
		steps := []struct {
			at    time.Duration
			allow []bool
		}{
			{0, []bool{true, true, true, false}},
			{490 * ms, []bool{false}},
			{510 * ms, []bool{true, false}},
			{900 * ms, []bool{false}},
			{1100 * ms, []bool{true, false}},                    // 0.02 + 0.59·2 = 1.2 tokens
			{10 * time.Second, []bool{true, true, true, false}}, // capped at burst
		}
		for _, s := range steps {
			at(start, s.at)
			for i, want := range s.allow {
				if got := l.Allow(); got != want {
					t.Fatalf("at %v, Allow #%d = %v, want %v", s.at, i+1, got, want)
				}
			}
		}
	})
}

func TestHiddenWaitSequence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(4, 2)
		want := []time.Duration{0, 0, 250 * ms, 500 * ms, 750 * ms, 1000 * ms}
		for i, w := range want {
			if err := l.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := time.Since(start); !near(got, w) {
				t.Fatalf("Wait #%d returned at %v, want %v", i+1, got, w)
			}
		}
	})
}

func TestHiddenConcurrentWaitsAreSpaced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(4, 1)
		var mu sync.Mutex
		var got []time.Duration
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				if err := l.Wait(context.Background()); err != nil {
					t.Error(err)
				}
				mu.Lock()
				got = append(got, time.Since(start))
				mu.Unlock()
			})
		}
		wg.Wait()
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		for i, w := range []time.Duration{0, 250 * ms, 500 * ms, 750 * ms, 1000 * ms} {
			if !near(got[i], w) {
				t.Fatalf("5 concurrent Waits returned at %v, want 0, 250ms, 500ms, 750ms, 1s", got)
			}
		}
	})
}

func TestHiddenDeadlineTooShort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(1, 1)
		l.Allow() // empty: the next token is due at 1s
		ctx, cancel := context.WithTimeout(context.Background(), 500*ms)
		defer cancel()
		err := l.Wait(ctx)
		if !errors.Is(err, ratelimit.ErrWouldExceedDeadline) || time.Since(start) != 0 {
			t.Fatalf("Wait with a 500ms deadline for a token due at 1s returned %v at %v, want ErrWouldExceedDeadline at once", err, time.Since(start))
		}
		// the refused Wait took nothing: a Wait with time enough gets the 1s token
		ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel2()
		if err := l.Wait(ctx2); err != nil || !near(time.Since(start), time.Second) {
			t.Fatalf("next Wait returned %v at %v, want nil at 1s", err, time.Since(start))
		}
	})
}

func TestHiddenDeadlineLongEnough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(2, 1)
		l.Allow()
		ctx, cancel := context.WithTimeout(context.Background(), 600*ms)
		defer cancel()
		if err := l.Wait(ctx); err != nil || !near(time.Since(start), 500*ms) {
			t.Fatalf("Wait returned %v at %v, want nil at 500ms", err, time.Since(start))
		}
	})
}

func TestHiddenAlreadyCanceled(t *testing.T) {
	l := ratelimit.NewLimiter(1, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait(canceled) = %v, want context.Canceled", err)
	}
	if !l.Allow() {
		t.Fatal("Wait with a canceled context took the token")
	}
}

func TestHiddenWaitReservesAgainstAllow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := ratelimit.NewLimiter(1, 1)
		if !l.Allow() {
			t.Fatal("first Allow failed")
		}
		done := make(chan time.Duration, 1)
		go func() {
			l.Wait(context.Background())
			done <- time.Since(start)
		}()
		at(start, 500*ms)
		if l.Allow() {
			t.Fatal("Allow at 500ms succeeded though a Wait holds the token due at 1s")
		}
		if got := <-done; !near(got, time.Second) {
			t.Fatalf("Wait returned at %v, want 1s", got)
		}
		at(start, 1500*ms)
		if l.Allow() {
			t.Fatal("Allow at 1.5s succeeded; only half a token has accrued since the Wait's token")
		}
		at(start, 2100*ms)
		if !l.Allow() {
			t.Fatal("Allow at 2.1s failed")
		}
	})
}

// TestHiddenConcurrentMix hammers Allow and Wait together (for -race).
func TestHiddenConcurrentMix(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := ratelimit.NewLimiter(100, 5)
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for range 20 {
					if g%2 == 0 {
						l.Allow()
						time.Sleep(3 * ms)
					} else if err := l.Wait(ctx); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
	})
}
