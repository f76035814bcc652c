// Package counter counts string keys safely from many goroutines.
package counter

import "sync"

// Counter counts occurrences of string keys. It is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	m  map[string]int64
}

// New returns an empty counter.
func New() *Counter {
	return &Counter{} // BUG: the map is never made
}

// Inc adds 1 to key.
func (c *Counter) Inc(key string) { c.Add(key, 1) }

// Add adds n (which may be negative) to key.
func (c *Counter) Add(key string, n int64) {
	c.mu.Lock()
	c.m[key] += n
	c.mu.Unlock()
}

// Get returns the count of key, 0 if it was never counted.
func (c *Counter) Get(key string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

// Snapshot returns a copy of every count.
func (c *Counter) Snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.m))
	for k, v := range c.m {
		out[k] = v
	}
	return out
}
