package memo

import "sync"

// Memo guards everything, including the call of f, with one mutex.
type Memo[K comparable, V any] struct {
	f  func(K) V
	mu sync.Mutex
	m  map[K]V
}

func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f, m: make(map[K]V)}
}

func (m *Memo[K, V]) Get(k K) V {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[k]; ok {
		return v
	}
	v := m.f(k)
	m.m[k] = v
	return v
}
