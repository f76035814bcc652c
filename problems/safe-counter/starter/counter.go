// Package counter counts string keys safely from many goroutines.
package counter

// Counter counts occurrences of string keys. It must be safe for concurrent use.
type Counter struct {
	// TODO: your fields.
}

// New returns an empty counter.
func New() *Counter {
	return &Counter{}
}

// Inc adds 1 to key.
func (c *Counter) Inc(key string) {
	// TODO
}

// Add adds n (which may be negative) to key.
func (c *Counter) Add(key string, n int64) {
	// TODO
}

// Get returns the count of key, 0 if it was never counted.
func (c *Counter) Get(key string) int64 {
	return 0 // TODO
}

// Snapshot returns a copy of every count.
func (c *Counter) Snapshot() map[string]int64 {
	return nil // TODO
}
