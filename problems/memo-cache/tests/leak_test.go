package memo_test

import (
	"sync"
	"testing"
	"testing/synctest"

	"goprep.local/memo"
)

// TestLeakPanicWithWaiters: f panics while other callers may be waiting for
// the same key. Every one of them must get the panic (as sync.OnceValue does) rather
// than wait forever; so must a later caller.
func TestLeakPanicWithWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		release := make(chan struct{})
		m := memo.NewMemo(func(k string) int {
			calls++
			<-release // the other callers arrive meanwhile (or later: same rules)
			panic("broken " + k)
		})
		var wg sync.WaitGroup
		var mu sync.Mutex
		recovered := 0
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if r := recover(); r == "broken x" {
						mu.Lock()
						recovered++
						mu.Unlock()
					} else {
						t.Errorf("recovered %v, want broken x", r)
					}
				}()
				m.Get("x")
			}()
		}
		close(release)
		// A Memo that loses its waiters leaves them blocked on a channel:
		// the bubble then reports a deadlock here.
		wg.Wait()
		if recovered != 5 {
			t.Fatalf("%d of 5 callers got the panic", recovered)
		}
		func() {
			defer func() {
				if r := recover(); r != "broken x" {
					t.Errorf("later Get recovered %v, want broken x", r)
				}
			}()
			m.Get("x")
		}()
		if calls != 1 {
			t.Fatalf("f called %d times, want 1 (a panicking key is not retried)", calls)
		}
	})
}
