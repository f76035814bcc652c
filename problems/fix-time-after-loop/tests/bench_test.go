package collect_test

import (
	"context"
	"testing"
	"time"

	"goprep.local/collect"
)

// BenchmarkCollect1000 drains 1000 ready values: the cost per value is what
// matters, not the timers' durations.
func BenchmarkCollect1000(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		in := make(chan int, 1000)
		for i := range 1000 {
			in <- i
		}
		close(in)
		vals, err := collect.Collect(ctx, in, time.Hour, time.Hour)
		if err != nil || len(vals) != 1000 {
			b.Fatalf("got %d values, %v", len(vals), err)
		}
	}
}
