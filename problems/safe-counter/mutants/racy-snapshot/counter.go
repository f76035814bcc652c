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
	return &Counter{m: make(map[string]int64)}
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
// The copy is allocated before taking the lock, to keep the critical
// section short; its size hint reads len(c.m) without the lock.
func (c *Counter) Snapshot() map[string]int64 {
	out := make(map[string]int64, len(c.m))
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range c.m {
		out[k] = v
	}
	return out
}
