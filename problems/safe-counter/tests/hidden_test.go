package counter_test

import (
	"fmt"
	"maps"
	"sync"
	"testing"

	"goprep.local/counter"
)

func TestZeroForUnknownKeys(t *testing.T) {
	c := counter.New()
	if got := c.Get(""); got != 0 {
		t.Errorf(`Get("") = %d on a new counter, want 0`, got)
	}
	if s := c.Snapshot(); s == nil || len(s) != 0 {
		t.Errorf("Snapshot() of a new counter = %#v, want an empty non-nil map", s)
	}
}

func TestAddNegativeKeepsKey(t *testing.T) {
	c := counter.New()
	c.Add("k", 3)
	c.Add("k", -3)
	c.Add("neg", -7)
	want := map[string]int64{"k": 0, "neg": -7}
	if s := c.Snapshot(); !maps.Equal(s, want) {
		t.Errorf("Snapshot() = %v, want %v", s, want)
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	c := counter.New()
	c.Inc("a")
	s := c.Snapshot()
	s["a"] = 100
	s["b"] = 1
	if got := c.Get("a"); got != 1 {
		t.Errorf(`after changing a snapshot, Get("a") = %d, want 1`, got)
	}
	if got := c.Get("b"); got != 0 {
		t.Errorf(`after changing a snapshot, Get("b") = %d, want 0`, got)
	}
	s2 := c.Snapshot()
	c.Inc("a")
	if s2["a"] != 1 {
		t.Errorf("a snapshot changed when the counter did: %v", s2)
	}
}

func TestCountersAreIndependent(t *testing.T) {
	a, b := counter.New(), counter.New()
	a.Inc("x")
	if got := b.Get("x"); got != 0 {
		t.Errorf("a second counter sees the first one's counts: %d", got)
	}
}

func TestConcurrentIncAdd(t *testing.T) {
	c := counter.New()
	const workers, per = 8, 500
	keys := []string{"a", "b", "c", "d"}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				k := keys[(w+i)%len(keys)]
				if i%2 == 0 {
					c.Inc(k)
				} else {
					c.Add(k, 2)
				}
			}
		}()
	}
	wg.Wait()
	var total int64
	for _, v := range c.Snapshot() {
		total += v
	}
	if want := int64(workers * per / 2 * 3); total != want {
		t.Errorf("sum of counts after %d concurrent updates = %d, want %d", workers*per, total, want)
	}
}

func TestConcurrentIncGetSnapshot(t *testing.T) {
	c := counter.New()
	const writers, readers, per = 4, 4, 400
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				c.Inc(fmt.Sprint("k", (w+i)%3))
			}
		}()
	}
	errs := make(chan string, readers)
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last int64
			for i := range per {
				if i%50 == 0 {
					c.Snapshot()
				}
				v := c.Get("k0")
				if v < last {
					errs <- fmt.Sprintf(`Get("k0") went down from %d to %d`, last, v)
					return
				}
				last = v
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var total int64
	for _, v := range c.Snapshot() {
		total += v
	}
	if total != writers*per {
		t.Errorf("sum of counts = %d, want %d", total, writers*per)
	}
}
