package pool_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/pool"
)

var bg = context.Background()

func TestHiddenExactlyOnce(t *testing.T) {
	p := pool.NewPool(8, 32)
	const n = 2000
	var runs [n]atomic.Int32
	var wg sync.WaitGroup
	for s := range 8 {
		wg.Go(func() {
			for i := s; i < n; i += 8 {
				if err := p.Submit(bg, func() { runs[i].Add(1) }); err != nil {
					t.Errorf("Submit(%d): %v", i, err)
				}
			}
		})
	}
	wg.Wait()
	if err := p.Shutdown(bg); err != nil {
		t.Fatal(err)
	}
	for i := range runs {
		if c := runs[i].Load(); c != 1 {
			t.Fatalf("task %d ran %d times, want 1", i, c)
		}
	}
}

func TestHiddenClosedErrors(t *testing.T) {
	p := pool.NewPool(2, 0)
	if err := p.Shutdown(bg); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := p.Submit(bg, func() { t.Error("task ran after Shutdown") }); !errors.Is(err, pool.ErrClosed) {
			t.Fatalf("Submit after Shutdown = %v, want ErrClosed", err)
		}
	}
	if err := p.Shutdown(bg); err != nil {
		t.Fatalf("second Shutdown = %v, want nil", err)
	}
}

func TestHiddenCanceledContext(t *testing.T) {
	p := pool.NewPool(1, 10)
	defer p.Shutdown(bg)
	ctx, cancel := context.WithCancel(bg)
	cancel()
	for range 5 {
		if err := p.Submit(ctx, func() { t.Error("task submitted with a canceled context ran") }); !errors.Is(err, context.Canceled) {
			t.Fatalf("Submit(canceled ctx) = %v, want context.Canceled", err)
		}
	}
}

// full makes a pool with one worker and a queue of one, both occupied by
// tasks that wait for release.
func full(t *testing.T) (p *pool.Pool, release func()) {
	p = pool.NewPool(1, 1)
	ch := make(chan struct{})
	for range 2 {
		if err := p.Submit(bg, func() { <-ch }); err != nil {
			t.Fatal(err)
		}
	}
	return p, sync.OnceFunc(func() { close(ch) })
}

func TestHiddenSubmitBlocksThenTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, release := full(t)
		defer p.Shutdown(bg)
		defer release()
		ctx, cancel := context.WithTimeout(bg, time.Second)
		defer cancel()
		res := make(chan error, 1)
		start := time.Now()
		var ran atomic.Bool
		go func() { res <- p.Submit(ctx, func() { ran.Store(true) }) }()
		select {
		case err := <-res:
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
				t.Errorf("Submit on a full pool returned %v after %v, want DeadlineExceeded after 1s", err, time.Since(start))
			}
		case <-time.After(time.Minute):
			t.Errorf("Submit on a full pool ignored its 1s deadline")
			release()
			<-res
		}
		release()
		if err := p.Shutdown(bg); err != nil {
			t.Fatal(err)
		}
		if ran.Load() {
			t.Error("a task whose Submit failed ran anyway")
		}
	})
}

func TestHiddenSubmitWaitsForSpace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, release := full(t)
		time.AfterFunc(time.Second, release)
		start := time.Now()
		var ran atomic.Bool
		if err := p.Submit(bg, func() { ran.Store(true) }); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) != time.Second {
			t.Errorf("Submit returned after %v, want 1s (when space appeared)", time.Since(start))
		}
		if err := p.Shutdown(bg); err != nil {
			t.Fatal(err)
		}
		if !ran.Load() {
			t.Error("accepted task did not run")
		}
	})
}

func TestHiddenShutdownWakesBlockedSubmit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, release := full(t)
		res := make(chan error, 1)
		go func() { res <- p.Submit(bg, func() {}) }()
		synctest.Wait() // the Submit is blocked now
		shut := make(chan error, 1)
		go func() { shut <- p.Shutdown(bg) }()
		select {
		case err := <-res:
			if !errors.Is(err, pool.ErrClosed) {
				t.Errorf("blocked Submit returned %v when Shutdown began, want ErrClosed", err)
			}
		case <-time.After(time.Minute):
			t.Error("blocked Submit still blocked a minute after Shutdown began")
		}
		release()
		if err := <-shut; err != nil {
			t.Fatal(err)
		}
	})
}

func TestHiddenShutdownWaitsForTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.NewPool(2, 10)
		var n atomic.Int32
		for range 6 {
			p.Submit(bg, func() {
				time.Sleep(time.Second)
				n.Add(1)
			})
		}
		start := time.Now()
		if err := p.Shutdown(bg); err != nil {
			t.Fatal(err)
		}
		if n.Load() != 6 || time.Since(start) != 3*time.Second {
			t.Fatalf("Shutdown returned after %v with %d of 6 tasks done, want 3s and 6", time.Since(start), n.Load())
		}
	})
}

func TestHiddenWorkerCount(t *testing.T) {
	for _, tc := range []struct{ workers, procs, want int }{{3, 1, 3}, {0, 3, 3}, {-1, 2, 2}} {
		old := runtime.GOMAXPROCS(tc.procs)
		synctest.Test(t, func(t *testing.T) {
			p := pool.NewPool(tc.workers, 100)
			var active, peak atomic.Int32
			for range 20 {
				p.Submit(bg, func() {
					n := active.Add(1)
					for q := peak.Load(); n > q && !peak.CompareAndSwap(q, n); q = peak.Load() {
					}
					time.Sleep(time.Second)
					active.Add(-1)
				})
			}
			p.Shutdown(bg)
			if peak.Load() != int32(tc.want) {
				t.Errorf("NewPool(%d, _) with GOMAXPROCS=%d ran %d tasks at once, want %d", tc.workers, tc.procs, peak.Load(), tc.want)
			}
		})
		runtime.GOMAXPROCS(old)
	}
}

// TestHiddenSubmitRacesShutdown: every accepted task runs exactly once and
// nothing panics, however Submit and Shutdown interleave.
func TestHiddenSubmitRacesShutdown(t *testing.T) {
	for round := range 200 {
		p := pool.NewPool(2, 4)
		var accepted, ran atomic.Int32
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					err := p.Submit(bg, func() { ran.Add(1) })
					if err != nil {
						if !errors.Is(err, pool.ErrClosed) {
							t.Errorf("Submit = %v, want nil or ErrClosed", err)
						}
						return
					}
					accepted.Add(1)
				}
			})
		}
		if round%2 == 0 {
			runtime.Gosched()
		}
		if err := p.Shutdown(bg); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if accepted.Load() != ran.Load() {
			t.Fatalf("round %d: %d tasks accepted, %d ran", round, accepted.Load(), ran.Load())
		}
	}
}
