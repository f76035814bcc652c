package shard_test

import (
	"sync"
	"testing"

	"goprep.local/shard"
)

func TestCounterConcurrentAdds(t *testing.T) {
	c := shard.NewCounter()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Add(1)
			}
		})
	}
	wg.Wait()
	if got := c.Load(); got != 8000 {
		t.Fatalf("Load() = %d, want 8000", got)
	}
}
