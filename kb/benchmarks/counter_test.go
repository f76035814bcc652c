package benchmarks

import (
	"sync"
	"sync/atomic"
	"testing"
)

// All goroutines increment one shared counter.

func BenchmarkCounterAtomicAdd(b *testing.B) {
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n.Add(1)
		}
	})
	if n.Load() == 0 {
		b.Fatal("no increments")
	}
}

func BenchmarkCounterCASLoop(b *testing.B) {
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for {
				old := n.Load()
				if n.CompareAndSwap(old, old+1) {
					break
				}
			}
		}
	})
	if n.Load() == 0 {
		b.Fatal("no increments")
	}
}

func BenchmarkCounterMutex(b *testing.B) {
	var (
		mu sync.Mutex
		n  int64
	)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			mu.Unlock()
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if n == 0 {
		b.Fatal("no increments")
	}
}

// BenchmarkCounterChannel sends every increment to one goroutine that owns
// the counter.
func BenchmarkCounterChannel(b *testing.B) {
	inc := make(chan int64, 128)
	done := make(chan int64)
	go func() {
		var n int64
		for d := range inc {
			n += d
		}
		done <- n
	}()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			inc <- 1
		}
	})
	close(inc)
	if <-done == 0 {
		b.Fatal("no increments")
	}
}

// BenchmarkCounterAtomicSerial is the uncontended baseline: one goroutine.
func BenchmarkCounterAtomicSerial(b *testing.B) {
	var n atomic.Int64
	for b.Loop() {
		n.Add(1)
	}
}

// BenchmarkCounterMutexSerial is the uncontended mutex baseline.
func BenchmarkCounterMutexSerial(b *testing.B) {
	var (
		mu sync.Mutex
		n  int64
	)
	for b.Loop() {
		mu.Lock()
		n++
		mu.Unlock()
	}
	if n == 0 {
		b.Fatal("no increments")
	}
}
