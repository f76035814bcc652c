package debounce_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/debounce"
)

const ms = time.Millisecond

// step sends v after waiting wait; a step with close set closes the input.
type step struct {
	wait  time.Duration
	v     int
	close bool
}

// feed plays the script on in from a goroutine.
func feed(in chan<- int, script []step) {
	go func() {
		for _, s := range script {
			time.Sleep(s.wait)
			if s.close {
				close(in)
				return
			}
			in <- s.v
		}
	}()
}

// collect reads batches until out is closed and renders them with their
// fake arrival time, followed by the time out was closed. It gives up after
// an hour of fake time.
func collect(t *testing.T, out <-chan []int) string {
	t.Helper()
	start := time.Now()
	var got []string
	var batches [][]int
	for {
		select {
		case b, ok := <-out:
			if !ok {
				// Render at the end, so that a batch changed after it was
				// delivered shows up as wrong.
				for i, b := range batches {
					got[i] = fmt.Sprintf("%v%s", b, got[i])
				}
				return fmt.Sprintf("%v closed@%v", got, time.Since(start))
			}
			if len(b) == 0 {
				t.Errorf("empty batch at %v", time.Since(start))
			}
			batches = append(batches, b)
			got = append(got, fmt.Sprintf("@%v", time.Since(start)))
		case <-time.After(time.Hour):
			t.Fatalf("output not closed after an hour; batches so far: %v", got)
		}
	}
}

func TestHiddenScripts(t *testing.T) {
	tests := []struct {
		name   string
		script []step
		want   string
	}{
		{"burst then quiet", []step{{0, 1, false}, {50 * ms, 2, false}, {70 * ms, 3, false}, {400 * ms, 0, true}},
			"[[1 2 3]@220ms] closed@520ms"},
		{"two bursts", []step{{0, 1, false}, {10 * ms, 2, false}, {300 * ms, 3, false}, {99 * ms, 4, false}, {99 * ms, 5, false}, {time.Second, 0, true}},
			"[[1 2]@110ms [3 4 5]@608ms] closed@1.508s"},
		{"flush on close", []step{{0, 1, false}, {30 * ms, 2, false}, {30 * ms, 0, true}},
			"[[1 2]@60ms] closed@60ms"},
		{"close when idle", []step{{0, 7, false}, {500 * ms, 0, true}},
			"[[7]@100ms] closed@500ms"},
		{"nothing at all", []step{{time.Second, 0, true}},
			"[] closed@1s"},
		{"long gaps, no empty batches", []step{{0, 1, false}, {10 * time.Second, 2, false}, {10 * time.Second, 0, true}},
			"[[1]@100ms [2]@10.1s] closed@20s"},
		{"steady trickle never goes quiet", []step{{0, 1, false}, {90 * ms, 2, false}, {90 * ms, 3, false}, {90 * ms, 4, false}, {90 * ms, 5, false}, {300 * ms, 0, true}},
			"[[1 2 3 4 5]@460ms] closed@660ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				in := make(chan int)
				out := debounce.Debounce(context.Background(), in, 100*ms)
				feed(in, tt.script)
				if got := collect(t, out); got != tt.want {
					t.Errorf("got  %s\nwant %s", got, tt.want)
				}
			})
		})
	}
}

func TestHiddenBatchesAreIndependent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan int)
		out := debounce.Debounce(context.Background(), in, 100*ms)
		script := []step{{0, 1, false}, {0, 2, false}, {0, 3, false}, {200 * ms, 4, false}, {200 * ms, 5, false}, {0, 6, false}, {200 * ms, 0, true}}
		feed(in, script)
		want := "[[1 2 3]@100ms [4]@300ms [5 6]@500ms] closed@600ms"
		if got := collect(t, out); got != want {
			t.Errorf("got  %s\nwant %s (each batch must be a slice the receiver owns)", got, want)
		}
	})
}

func TestHiddenCancelWhileIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		in := make(chan int)
		out := debounce.Debounce(ctx, in, 100*ms)
		feed(in, []step{{0, 1, false}})
		defer time.AfterFunc(300*ms, cancel).Stop()
		if got, want := collect(t, out), "[[1]@100ms] closed@300ms"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}

func TestHiddenCancelDropsPending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		in := make(chan int)
		out := debounce.Debounce(ctx, in, 100*ms)
		feed(in, []step{{0, 1, false}, {20 * ms, 2, false}})
		defer time.AfterFunc(50*ms, cancel).Stop()
		if got, want := collect(t, out), "[] closed@50ms"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}

func TestHiddenStrings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string, 3)
		in <- "a"
		in <- "b"
		in <- "c"
		out := debounce.Debounce(context.Background(), in, time.Second)
		b, ok := <-out
		if !ok || fmt.Sprint(b) != "[a b c]" {
			t.Fatalf("first batch = %v, %v; want [a b c]", b, ok)
		}
		close(in)
		if b, ok := <-out; ok {
			t.Fatalf("got %v after close, want the output closed", b)
		}
	})
}
