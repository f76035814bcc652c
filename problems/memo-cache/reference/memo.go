// Package memo caches the results of an expensive function.
package memo

import "sync"

// Memo caches f's result per key. It is safe for concurrent use.
type Memo[K comparable, V any] struct {
	f  func(K) V
	mu sync.RWMutex
	// Each key maps to a sync.OnceValue wrapper: the first caller runs f,
	// concurrent callers of the same key wait inside the Once, and a panic
	// in f is replayed to every caller of that key.
	m map[K]func() V
}

// NewMemo returns a Memo for f.
func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f, m: make(map[K]func() V)}
}

// Get returns f(k), calling f at most once per key. Callers of other keys
// never wait for f: the map lock is held only to find or insert the entry.
func (m *Memo[K, V]) Get(k K) V {
	m.mu.RLock()
	get, ok := m.m[k]
	m.mu.RUnlock()
	if !ok {
		m.mu.Lock()
		get, ok = m.m[k]
		if !ok {
			get = sync.OnceValue(func() V { return m.f(k) })
			m.m[k] = get
		}
		m.mu.Unlock()
	}
	return get() // outside the lock: f may be slow
}
