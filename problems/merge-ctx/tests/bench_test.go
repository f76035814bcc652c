package merge_test

import (
	"context"
	"testing"

	"goprep.local/merge"
)

func BenchmarkMerge8x64(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		ins := make([]<-chan int, 8)
		for i := range ins {
			c := make(chan int, 64)
			for j := range 64 {
				c <- j
			}
			close(c)
			ins[i] = c
		}
		n := 0
		for range merge.Merge(ctx, ins...) {
			n++
		}
		if n != 8*64 {
			b.Fatalf("got %d values", n)
		}
	}
}
