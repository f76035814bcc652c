// Package shard provides a counter that many goroutines can add to without
// contending on one cache line.
package shard

// Counter is a sum spread over several shards. Use NewCounter to make one.
type Counter struct {
	n int64
}

// NewCounter returns an empty counter.
func NewCounter() *Counter { return &Counter{} }

// Add adds delta to the counter.
func (c *Counter) Add(delta int64) {
	// TODO: make this safe and fast under contention.
	c.n += delta
}

// Load returns the current sum.
func (c *Counter) Load() int64 { return c.n }
