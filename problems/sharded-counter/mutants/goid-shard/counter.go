// Package shard provides a counter that many goroutines can add to without
// contending on one cache line.
package shard

import (
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

// Add adds delta to the shard of the calling goroutine, so that one
// goroutine always hits the same cache line.
func (c *Counter) Add(delta int64) {
	c.slots[goid()&c.mask].n.Add(delta)
}

// goid parses the goroutine id from the first line of the stack trace,
// "goroutine 123 [running]:".
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = b[len("goroutine "):]
	var id uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			break
		}
		id = id*10 + uint64(ch-'0')
	}
	return id
}

// Load returns the sum of the shards. It is exact when no Add runs
// concurrently; otherwise it may miss Adds that are in flight.
func (c *Counter) Load() int64 {
	var sum int64
	for i := range c.slots {
		sum += c.slots[i].n.Load()
	}
	return sum
}
