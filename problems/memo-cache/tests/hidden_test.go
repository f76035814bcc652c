package memo_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"goprep.local/memo"
)

func TestManyCallersOneCall(t *testing.T) {
	for round := range 20 {
		var calls atomic.Int32
		release := make(chan struct{})
		m := memo.NewMemo(func(k string) string {
			calls.Add(1)
			<-release
			return "v:" + k
		})
		var wg sync.WaitGroup
		var started atomic.Int32
		for range 1000 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if started.Add(1) == 1000 {
					close(release)
				}
				if got := m.Get("key"); got != "v:key" {
					t.Errorf("Get = %q, want v:key", got)
				}
			}()
		}
		wg.Wait()
		if n := calls.Load(); n != 1 {
			t.Fatalf("round %d: f called %d times for one key, want 1", round, n)
		}
	}
}

func TestEachKeyOnce(t *testing.T) {
	const keys = 200
	var calls [keys]atomic.Int32
	m := memo.NewMemo(func(k int) string {
		calls[k].Add(1)
		return fmt.Sprint(k)
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 * keys {
				k := (i*7 + g) % keys
				if got := m.Get(k); got != fmt.Sprint(k) {
					t.Errorf("Get(%d) = %q", k, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	for k := range keys {
		if n := calls[k].Load(); n != 1 {
			t.Fatalf("f(%d) called %d times, want 1", k, n)
		}
	}
}

// TestSlowKeyDoesNotBlockOthers: while f("slow") is blocked, Get("fast")
// must return. The timeout is only a failure bound; a correct Memo answers
// in microseconds.
func TestSlowKeyDoesNotBlockOthers(t *testing.T) {
	release := make(chan struct{})
	inSlow := make(chan struct{})
	m := memo.NewMemo(func(k string) int {
		if k == "slow" {
			close(inSlow)
			<-release
			return 1
		}
		return 2
	})
	slowDone := make(chan int)
	go func() { slowDone <- m.Get("slow") }()
	<-inSlow
	fastDone := make(chan int, 1)
	go func() { fastDone <- m.Get("fast") }()
	select {
	case v := <-fastDone:
		if v != 2 {
			t.Errorf("Get(fast) = %d, want 2", v)
		}
	case <-time.After(5 * time.Second):
		t.Error("Get(fast) did not return while f(slow) was running")
	}
	close(release)
	if v := <-slowDone; v != 1 {
		t.Fatalf("Get(slow) = %d, want 1", v)
	}
}

func TestZeroValueResultIsCached(t *testing.T) {
	calls := 0
	m := memo.NewMemo(func(k int) *int { calls++; return nil })
	for range 3 {
		if m.Get(1) != nil {
			t.Fatal("want nil")
		}
	}
	if calls != 1 {
		t.Fatalf("f called %d times for a nil result, want 1", calls)
	}
}

func TestPanicReachesCaller(t *testing.T) {
	m := memo.NewMemo(func(k int) int {
		if k == 13 {
			panic("unlucky")
		}
		return k
	})
	func() {
		defer func() {
			if r := recover(); r != "unlucky" {
				t.Fatalf("recovered %v, want the panic value of f", r)
			}
		}()
		m.Get(13)
		t.Fatal("Get(13) returned instead of panicking")
	}()
	if m.Get(12) != 12 {
		t.Fatal("Memo unusable for other keys after a panic")
	}
}

func TestStructKeys(t *testing.T) {
	type key struct {
		a string
		b int
	}
	m := memo.NewMemo(func(k key) string { return fmt.Sprint(k.a, k.b) })
	if m.Get(key{"x", 1}) != "x1" || m.Get(key{"x", 2}) != "x2" || m.Get(key{"x", 1}) != "x1" {
		t.Fatal("wrong values for struct keys")
	}
}
