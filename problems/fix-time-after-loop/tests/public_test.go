package collect_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/collect"
)

func TestExample(t *testing.T) {
	// synctest runs this on a fake clock: the 2 s wait takes no real time.
	synctest.Test(t, func(t *testing.T) {
		in := make(chan int)
		go func() {
			for i := 1; i <= 3; i++ {
				time.Sleep(time.Second)
				in <- i
			}
			// then silence, without closing in
		}()
		start := time.Now()
		vals, err := collect.Collect(context.Background(), in, 2*time.Second, time.Minute)
		if !errors.Is(err, collect.ErrIdle) || !slices.Equal(vals, []int{1, 2, 3}) {
			t.Fatalf("Collect = %v, %v; want [1 2 3], ErrIdle", vals, err)
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Fatalf("returned after %v, want 5s (last value at 3s + idle 2s)", d)
		}
		close(in)
	})
}
