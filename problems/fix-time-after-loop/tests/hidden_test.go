package collect_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/collect"
)

// producer sends 1..n to in, waiting gap before each value. It gives up
// (without sending) once stop is closed, and never blocks after that.
func producer(in chan<- int, n int, gap time.Duration, stop <-chan struct{}, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= n; i++ {
			time.Sleep(gap)
			select {
			case <-stop:
				return
			default:
			}
			select {
			case in <- i:
			case <-stop:
				return
			}
		}
	}()
}

type run struct {
	vals    []int
	err     error
	elapsed time.Duration
}

// collectWith runs Collect against a producer and cleans up afterwards.
func collectWith(ctx context.Context, n int, gap, idle, total time.Duration) run {
	in := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	producer(in, n, gap, stop, &wg)
	start := time.Now()
	vals, err := collect.Collect(ctx, in, idle, total)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	close(in)
	return run{vals, err, elapsed}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

func TestInputClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan int, 3)
		in <- 1
		in <- 2
		in <- 3
		close(in)
		vals, err := collect.Collect(context.Background(), in, time.Second, time.Minute)
		if err != nil || !slices.Equal(vals, []int{1, 2, 3}) {
			t.Fatalf("Collect = %v, %v; want [1 2 3], nil", vals, err)
		}
	})
}

func TestIdleFromStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := collectWith(context.Background(), 0, 0, 2*time.Second, time.Minute)
		if !errors.Is(r.err, collect.ErrIdle) || len(r.vals) != 0 || r.elapsed != 2*time.Second {
			t.Fatalf("got %v, %v after %v; want [], ErrIdle after 2s", r.vals, r.err, r.elapsed)
		}
	})
}

func TestIdleIsResetByEachValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// values at 1.5s, 3s, 4.5s; idle 2s: stop at 6.5s
		r := collectWith(context.Background(), 3, 1500*time.Millisecond, 2*time.Second, time.Minute)
		if !errors.Is(r.err, collect.ErrIdle) || !slices.Equal(r.vals, seq(3)) || r.elapsed != 6500*time.Millisecond {
			t.Fatalf("got %v, %v after %v; want [1 2 3], ErrIdle after 6.5s", r.vals, r.err, r.elapsed)
		}
	})
}

// TestTotalUnderSteadyTrickle: a value every 0.9*idle keeps the idle timer
// from firing; the total timeout must still stop the call on time.
func TestTotalUnderSteadyTrickle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		idle := time.Second
		r := collectWith(context.Background(), 100, 900*time.Millisecond, idle, 10*time.Second)
		if !errors.Is(r.err, collect.ErrTotal) {
			t.Fatalf("err = %v after %v, want ErrTotal", r.err, r.elapsed)
		}
		if r.elapsed != 10*time.Second {
			t.Fatalf("returned after %v, want exactly 10s", r.elapsed)
		}
		if !slices.Equal(r.vals, seq(11)) { // values at 0.9s, 1.8s, ..., 9.9s
			t.Fatalf("vals = %v, want 1..11", r.vals)
		}
	})
}

func TestTotalShorterThanIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := collectWith(context.Background(), 0, 0, time.Hour, 3*time.Second)
		if !errors.Is(r.err, collect.ErrTotal) || r.elapsed != 3*time.Second {
			t.Fatalf("got %v after %v; want ErrTotal after 3s", r.err, r.elapsed)
		}
	})
}

func TestCancelCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errStop := errors.New("client went away")
		ctx, cancel := context.WithCancelCause(context.Background())
		time.AfterFunc(2500*time.Millisecond, func() { cancel(errStop) })
		r := collectWith(ctx, 100, time.Second, 5*time.Second, time.Minute)
		if !errors.Is(r.err, errStop) || r.elapsed != 2500*time.Millisecond || !slices.Equal(r.vals, seq(2)) {
			t.Fatalf("got %v, %v after %v; want [1 2], the cancel cause, after 2.5s", r.vals, r.err, r.elapsed)
		}
	})
}

func TestDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		r := collectWith(ctx, 100, 700*time.Millisecond, 10*time.Second, time.Minute)
		if !errors.Is(r.err, context.DeadlineExceeded) || r.elapsed != 3*time.Second || !slices.Equal(r.vals, seq(4)) {
			t.Fatalf("got %v, %v after %v; want [1 2 3 4], DeadlineExceeded after 3s", r.vals, r.err, r.elapsed)
		}
	})
}

func TestAlreadyCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := collectWith(ctx, 0, 0, time.Second, time.Minute)
		if !errors.Is(r.err, context.Canceled) || r.elapsed != 0 {
			t.Fatalf("got %v after %v; want Canceled at once", r.err, r.elapsed)
		}
	})
}
