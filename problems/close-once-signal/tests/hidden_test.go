package signal_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"goprep.local/signal"
)

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func TestDoneIsStable(t *testing.T) {
	var s signal.Signal
	a, b := s.Done(), s.Done()
	if a == nil || a != b {
		t.Fatalf("Done returned %v then %v; want the same non-nil channel", a, b)
	}
	s.Fire()
	if c := s.Done(); c != a {
		t.Fatal("Done after Fire returned a different channel than before")
	}
	if !isClosed(a) {
		t.Fatal("the channel from Done is not closed after Fire")
	}
}

func TestFireBeforeDone(t *testing.T) {
	var s signal.Signal
	s.Fire()
	if !s.Fired() {
		t.Fatal("Fired is false after Fire")
	}
	c := s.Done()
	if c == nil || !isClosed(c) {
		t.Fatal("Done called after Fire returned a channel that is not closed")
	}
	if s.Done() != c {
		t.Fatal("Done returned different channels after Fire")
	}
}

func TestFireIsIdempotent(t *testing.T) {
	var s signal.Signal
	_ = s.Done()
	for range 5 {
		s.Fire()
	}
	if !isClosed(s.Done()) || !s.Fired() {
		t.Fatal("signal not fired after repeated Fire")
	}
}

func TestWaitersAreReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var s signal.Signal
		var woke atomic.Int32
		for range 10 {
			go func() {
				<-s.Done()
				woke.Add(1)
			}()
		}
		synctest.Wait()
		if n := woke.Load(); n != 0 {
			t.Fatalf("%d waiters woke before Fire", n)
		}
		s.Fire()
		synctest.Wait()
		if n := woke.Load(); n != 10 {
			t.Fatalf("%d of 10 waiters woke after Fire", n)
		}
	})
}

func TestConcurrentFire(t *testing.T) {
	for round := range 50 {
		var s signal.Signal
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if i%2 == 0 {
					_ = s.Done()
				}
				s.Fire()
				if !s.Fired() {
					t.Errorf("round %d: Fired is false right after this goroutine's Fire", round)
				}
			}()
		}
		close(start)
		wg.Wait()
		if !s.Fired() || !isClosed(s.Done()) {
			t.Fatalf("round %d: not fired after 100 concurrent Fire calls", round)
		}
	}
}

// TestFiredWhileFiring polls Fired from other goroutines while Fire runs.
func TestFiredWhileFiring(t *testing.T) {
	for range 50 {
		var s signal.Signal
		var wg sync.WaitGroup
		var sawTrue atomic.Bool
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 100 {
					if s.Fired() {
						sawTrue.Store(true)
						if !isClosed(s.Done()) {
							t.Error("Fired is true but Done is not closed")
						}
						return
					}
				}
			}()
		}
		s.Fire()
		wg.Wait()
		if !s.Fired() {
			t.Fatal("Fired false after Fire")
		}
	}
}
