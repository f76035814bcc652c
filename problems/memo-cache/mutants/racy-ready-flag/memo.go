// Package memo caches the results of an expensive function.
package memo

import "sync"

// entry remembers the value once it is known, so that a hit can skip the
// Once. ready and v are written inside the Once but read without it.
type entry[V any] struct {
	get   func() V
	v     V
	ready bool
}

// Memo caches f's result per key. It is safe for concurrent use.
type Memo[K comparable, V any] struct {
	f  func(K) V
	mu sync.RWMutex
	m  map[K]*entry[V]
}

// NewMemo returns a Memo for f.
func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f, m: make(map[K]*entry[V])}
}

// Get returns f(k), calling f at most once per key.
func (m *Memo[K, V]) Get(k K) V {
	m.mu.RLock()
	e, ok := m.m[k]
	m.mu.RUnlock()
	if !ok {
		m.mu.Lock()
		e, ok = m.m[k]
		if !ok {
			e = &entry[V]{}
			e.get = sync.OnceValue(func() V {
				v := m.f(k)
				e.v = v
				e.ready = true
				return v
			})
			m.m[k] = e
		}
		m.mu.Unlock()
	}
	if e.ready { // fast path: the value is already known
		return e.v
	}
	return e.get() // outside the lock: f may be slow
}
