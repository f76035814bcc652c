// Package shard provides a counter that many goroutines can add to without
// contending on one cache line.
package shard

import (
	"math/rand/v2"
	"runtime"
	"sync/atomic"
)

// cacheLine is a conservative cache-line size: 128 bytes also covers CPUs
// whose prefetcher pulls lines in pairs.
const cacheLine = 128

// slot is one shard, padded so that two slots never share a cache line.
type slot struct {
	n atomic.Int64
	_ [cacheLine - 8]byte
}

// Counter is a sum spread over several shards. Use NewCounter to make one.
type Counter struct {
	slots []slot
	mask  uint64
}

// NewCounter returns a counter with a few shards per P, rounded up to a
// power of two.
func NewCounter() *Counter {
	n := 1
	for n < 4*runtime.GOMAXPROCS(0) {
		n <<= 1
	}
	return &Counter{slots: make([]slot, n), mask: uint64(n - 1)}
}

// Add adds delta to the counter. A random shard spreads concurrent callers;
// math/rand/v2's top-level functions are lock-free and per-thread.
func (c *Counter) Add(delta int64) {
	c.slots[rand.Uint64()&c.mask].n.Add(delta)
}

// Load returns the sum of the shards. It is exact when no Add runs
// concurrently; otherwise it may miss Adds that are in flight.
func (c *Counter) Load() int64 {
	var sum int64
	for i := 0; i < len(c.slots)-1; i++ {
		sum += c.slots[i].n.Load()
	}
	return sum
}
