package benchmarks

import (
	"sync"
	"testing"
)

// Backs kb/memory-model/memory-model-share-by-communicating: protecting a
// counter with a mutex versus confining it to an owner goroutine that other
// goroutines talk to over an unbuffered channel. Serial: one caller, so the
// figures show the cost of one Lock/Unlock pair against one channel
// round-trip to another goroutine.

func BenchmarkMemoryModelCounterMutex(b *testing.B) {
	var mu sync.Mutex
	n := 0
	for b.Loop() {
		mu.Lock()
		n++
		mu.Unlock()
	}
	if n == 0 {
		b.Fatal("no increments")
	}
}

func BenchmarkMemoryModelCounterChannelOwner(b *testing.B) {
	incs := make(chan struct{})
	total := make(chan int)
	go func() {
		n := 0
		for range incs {
			n++
		}
		total <- n
	}()
	for b.Loop() {
		incs <- struct{}{}
	}
	close(incs)
	if <-total == 0 {
		b.Fatal("no increments")
	}
}
