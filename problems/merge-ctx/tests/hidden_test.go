package merge_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"

	"goprep.local/merge"
)

func source(vals ...string) <-chan string {
	c := make(chan string)
	go func() {
		defer close(c)
		for _, v := range vals {
			c <- v
		}
	}()
	return c
}

func TestNoInputsClosesAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := merge.Merge[int](context.Background())
		if _, ok := <-out; ok {
			t.Fatal("received a value from Merge of no inputs")
		}
	})
}

func TestAllValuesOncePerInputOrder(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8, 17} {
		var ins []<-chan string
		total := 0
		for i := range n {
			var vals []string
			for j := range 10 * (i + 1) {
				vals = append(vals, fmt.Sprintf("%d/%d", i, j))
			}
			total += len(vals)
			ins = append(ins, source(vals...))
		}
		next := make([]int, n) // next expected j per input
		got := 0
		for v := range merge.Merge(context.Background(), ins...) {
			var i, j int
			if _, err := fmt.Sscanf(v, "%d/%d", &i, &j); err != nil {
				t.Fatalf("unexpected value %q", v)
			}
			if j != next[i] {
				t.Fatalf("n=%d: input %d delivered %d, want %d (values of one input must keep their order)", n, i, j, next[i])
			}
			next[i]++
			got++
		}
		if got != total {
			t.Fatalf("n=%d: received %d values, want %d", n, got, total)
		}
	}
}

func TestClosesOnlyAfterAllInputs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := make(chan int), make(chan int)
		out := merge.Merge(context.Background(), a, b)
		close(a)
		synctest.Wait()
		select {
		case v, ok := <-out:
			t.Fatalf("out delivered (%d, %v) while b is still open", v, ok)
		default:
		}
		go func() { b <- 7; close(b) }()
		if v := <-out; v != 7 {
			t.Fatalf("got %d, want 7", v)
		}
		if _, ok := <-out; ok {
			t.Fatal("out not closed after both inputs closed")
		}
	})
}

func TestSlowConsumer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ins := []<-chan string{source("a", "b", "c"), source("d", "e"), source("f")}
		out := merge.Merge(context.Background(), ins...)
		seen := map[string]bool{}
		for v := range out {
			seen[v] = true
			synctest.Wait() // let every forwarder block on the send before reading on
		}
		if len(seen) != 6 {
			t.Fatalf("received %v, want the 6 values a..f", seen)
		}
	})
}

// TestCancelWhileFlowing cancels in the middle of a stream whose producer
// stops on cancellation and then closes its channel; the output must close.
func TestCancelWhileFlowing(t *testing.T) {
	for range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		in := make(chan int)
		go func() {
			defer close(in)
			for i := 0; ; i++ {
				select {
				case in <- i:
				case <-ctx.Done():
					return
				}
			}
		}()
		out := merge.Merge(ctx, in)
		for want := range 10 {
			if v := <-out; v != want {
				t.Fatalf("got %d, want %d", v, want)
			}
		}
		cancel()
		last := 9
		for v := range out { // a few values may still arrive; then out closes
			if v != last+1 {
				t.Fatalf("after cancel got %d, want %d or nothing", v, last+1)
			}
			last = v
		}
	}
}
