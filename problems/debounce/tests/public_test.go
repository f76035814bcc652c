package debounce_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/debounce"
)

func TestDebounceExample(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		in := make(chan int)
		out := debounce.Debounce(context.Background(), in, 100*time.Millisecond)
		go func() {
			in <- 1
			time.Sleep(50 * time.Millisecond)
			in <- 2
			time.Sleep(70 * time.Millisecond)
			in <- 3 // at 120ms; the batch is due 100ms later
			time.Sleep(280 * time.Millisecond)
			in <- 4 // at 400ms; in is closed 30ms later, which flushes
			time.Sleep(30 * time.Millisecond)
			close(in)
		}()
		var got []string
		for b := range out {
			got = append(got, fmt.Sprintf("%v@%v", b, time.Since(start)))
		}
		want := "[[1 2 3]@220ms [4]@430ms]"
		if fmt.Sprint(got) != want {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}
