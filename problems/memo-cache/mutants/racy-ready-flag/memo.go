package memo

import (
	"runtime"
	"sync"
)

type entry[V any] struct {
	v     V
	ready bool
}

// Memo marks entries ready with a plain bool that waiters poll.
type Memo[K comparable, V any] struct {
	f  func(K) V
	mu sync.Mutex
	m  map[K]*entry[V]
}

func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f, m: make(map[K]*entry[V])}
}

func (m *Memo[K, V]) Get(k K) V {
	m.mu.Lock()
	e, ok := m.m[k]
	if !ok {
		e = &entry[V]{}
		m.m[k] = e
	}
	m.mu.Unlock()
	if !ok {
		e.v = m.f(k)
		e.ready = true
		return e.v
	}
	for !e.ready {
		runtime.Gosched()
	}
	return e.v
}
