package shard_test

import (
	"sync"
	"testing"

	"goprep.local/shard"
)

func TestHiddenExactTotal(t *testing.T) {
	c := shard.NewCounter()
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 10_000 {
				c.Add(int64(g%3) + int64(i%2)) // 0..3
			}
		})
	}
	wg.Wait()
	var want int64
	for g := range 64 {
		want += 10_000*int64(g%3) + 5_000
	}
	if got := c.Load(); got != want {
		t.Fatalf("Load() = %d, want %d", got, want)
	}
}

func TestHiddenNegativeAndZero(t *testing.T) {
	c := shard.NewCounter()
	if got := c.Load(); got != 0 {
		t.Fatalf("new counter Load() = %d, want 0", got)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for range 5_000 {
				if g%2 == 0 {
					c.Add(3)
				} else {
					c.Add(-5)
				}
			}
		})
	}
	wg.Wait()
	if got, want := c.Load(), int64(8*5_000*3-8*5_000*5); got != want {
		t.Fatalf("Load() = %d, want %d", got, want)
	}
}

func TestHiddenSequential(t *testing.T) {
	c := shard.NewCounter()
	var want int64
	for i := int64(1); i <= 10_000; i++ {
		c.Add(i)
		want += i
		if i%997 == 0 {
			if got := c.Load(); got != want {
				t.Fatalf("after adding 1..%d Load() = %d, want %d", i, got, want)
			}
		}
	}
}

func TestHiddenCountersAreIndependent(t *testing.T) {
	a, b := shard.NewCounter(), shard.NewCounter()
	for range 1000 {
		a.Add(1)
	}
	b.Add(2)
	if a.Load() != 1000 || b.Load() != 2 {
		t.Fatalf("a=%d b=%d, want 1000 and 2", a.Load(), b.Load())
	}
}

// TestHiddenLoadDuringAdds reads while writers run. The value read must lie
// between 0 and the final total (every delta is positive).
func TestHiddenLoadDuringAdds(t *testing.T) {
	c := shard.NewCounter()
	var writers sync.WaitGroup
	for range 8 {
		writers.Go(func() {
			for range 5_000 {
				c.Add(2)
			}
		})
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for range 2_000 {
				v := c.Load()
				if v < 0 || v > 80_000 || v%2 != 0 {
					t.Errorf("Load() during Adds = %d, want an even value in [0, 80000]", v)
					return
				}
			}
		})
	}
	writers.Wait()
	readers.Wait()
	if got := c.Load(); got != 80_000 {
		t.Fatalf("final Load() = %d, want 80000", got)
	}
}
